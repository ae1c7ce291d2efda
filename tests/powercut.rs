//! A simulated power cut, in the manner of SQLite's crash tests. The library runs a fixed
//! scenario — answering, undo, a backup, re-imports, a quiz, a mock exam, folding the journal on
//! close, a restore — on a simulated disk that records every write and fsync. The scenario is run
//! once to record the collection after each step; then, for every operation on the disk, it is run
//! again with the power cut at that operation, and the disk is restarted as a power cut leaves it:
//! unsynced appends dropped or torn at a 512-byte boundary, unsynced rewrites lost or half done,
//! and name changes since the last directory fsync kept in part or undone (each crash point with
//! several seeds). Every time, the collection must open, and it must be exactly the collection
//! after the last step that was acknowledged, or after the step in flight when the power went: so
//! every acknowledged answer survives, and nothing half-done is ever seen.

use chrono::{DateTime, Duration, TimeZone, Utc};
use examdeck::deck::Answer;
use examdeck::import::file::ImportedFile;
use examdeck::library::Library;
use examdeck::library::ops::MockChange;
use examdeck::model::Collection;
use examdeck::session::quiz::QuizSession;
use examdeck::sm2::Grade;
use examdeck::store::Mode;
use examdeck::store::simfs::SimFs;
use std::path::{Path, PathBuf};
use std::sync::Arc;

const B: &str = examdeck::builtin::NAME;
/// Restarts tried per crash point.
const SEEDS: u64 = 4;

fn t(s: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 10, 15, 0, 0).unwrap() + Duration::seconds(s)
}

fn root() -> PathBuf {
    PathBuf::from("/sim/examdeck")
}

fn mini(version: u32) -> ImportedFile {
    let text = if version == 1 {
        "1. (1 point) Which?\n☐ a\n☒ b\n2. (2 points) Mark each\n☒ T ☐ F: one\n☐ T ☒ F: two\n"
    } else {
        "1. (1 point) Which one?\n☒ a\n☐ b\n2. (2 points) Mark each\n☒ T ☐ F: one\n☐ T ☒ F: two\n☒ T ☐ F: three\n"
    };
    ImportedFile {
        path: PathBuf::from("mini.md"),
        name: "mini".into(),
        text: text.into(),
        key_text: None,
        images: Vec::new(),
        parsed: examdeck::import::parse(text, None),
        format: examdeck::import::Format::Markdown,
    }
}

/// What the scenario carries from one step to the next.
#[derive(Default)]
struct Ctx {
    study: Option<examdeck::session::study::StudySession>,
    mock: Option<examdeck::session::mock::MockSession>,
}

/// The scenario's steps, each exactly one library operation (one acknowledged change at most).
/// Each returns `Err` when the disk refused (the power went).
fn step(lib: &mut Library, cx: &mut Ctx, i: usize) -> Result<(), String> {
    let e = |e: examdeck::library::LibraryError| e.to_string();
    let now = t(i as i64 * 60);
    match i {
        0..=5 => {
            let mut s = lib.start_study(B, now).ok_or("nothing to study")?;
            lib.study_show(&mut s, now);
            let card = s.peek().ok_or("no card")?.card;
            let key = lib.deck(B).unwrap().exam.cards[card].answer.ok_or("no key")?;
            // Alternately right (then Good or Easy: one record) and wrong (graded at once).
            if i.is_multiple_of(2) {
                let mut right = s.clone();
                assert!(lib.study_answer(&mut right, key, now).map_err(e)?.is_none());
                let g = if i.is_multiple_of(4) { Grade::Good } else { Grade::Easy };
                lib.study_grade(&mut right, g, now).map_err(e)?;
                s = right;
            } else {
                lib.study_answer(&mut s, other(key), now).map_err(e)?;
            }
            cx.study = Some(s);
            Ok(())
        }
        6 => lib.study_undo(cx.study.as_mut().ok_or("no session")?, now).map(drop).map_err(e),
        7 => lib.backup(now, "manual").map(drop).map_err(e),
        8 => lib.import(&mini(1), "mini", "Mini", now).map(drop).map_err(e),
        9 => lib.import(&mini(2), "mini", "Mini", now).map(drop).map_err(e),
        10 => {
            let exam = lib.deck(B).unwrap().exam.clone();
            let mut q = QuizSession::new(B, &exam, vec![17]);
            q.set(exam.card_index("17.1").unwrap(), Some(Answer::Tf(true)));
            q.set(exam.card_index("17.2").unwrap(), Some(Answer::Tf(true)));
            lib.submit_quiz(&mut q, now).map(drop).map_err(e)
        }
        11 => {
            cx.mock = Some(lib.start_mock(B, 110, now).map_err(e)?);
            Ok(())
        }
        12..=14 => {
            let change = match i {
                12 => MockChange::Set { card: 0, answer: Some(Answer::Choice(4)) },
                13 => MockChange::Flag(2),
                _ => MockChange::Submit,
            };
            lib.change_mock(cx.mock.as_mut().ok_or("no mock")?, change, now).map_err(e)
        }
        15 => lib.add_mock_mistakes(cx.mock.as_mut().ok_or("no mock")?, now).map(drop).map_err(e),
        16 => lib.close(now).map_err(e),
        17 => {
            let b = lib.backups().iter().find(|b| b.name.contains("manual")).cloned().ok_or("no backup")?;
            lib.restore(&b, now).map_err(e)
        }
        18 => lib.rename_deck(B, "CS 182 (restored)").map_err(e),
        _ => unreachable!(),
    }
}

const STEPS: usize = 19;

fn other(a: Answer) -> Answer {
    match a {
        Answer::Tf(b) => Answer::Tf(!b),
        Answer::Choice(n) => Answer::Choice(if n == 1 { 2 } else { 1 }),
        other => other,
    }
}

fn open(fs: &SimFs, dir: &Path) -> Result<Library, String> {
    Library::open_on(Arc::new(fs.clone()), dir, Mode::Write, t(0)).map_err(|e| e.to_string())
}

/// Runs the scenario on `fs`; returns the collections after opening and after each step that
/// succeeded, and the number of the step that failed, if one did.
fn run(fs: &SimFs) -> (Vec<Collection>, Option<usize>) {
    let mut states = Vec::new();
    let mut lib = match open(fs, &root()) {
        Ok(l) => l,
        Err(_) => return (states, Some(0)),
    };
    states.push(lib.collection().clone());
    let mut cx = Ctx::default();
    for i in 0..STEPS {
        if step(&mut lib, &mut cx, i).is_err() {
            return (states, Some(i + 1));
        }
        states.push(lib.collection().clone());
    }
    (states, None)
}

/// The collection without the one field a restart may set differently: when an import was cut
/// between its files and its snapshot, the restart completes it as a re-import at its own time.
fn comparable(c: &Collection) -> Collection {
    let mut c = c.clone();
    c.decks.values_mut().for_each(|d| d.imported_at = None);
    c
}

/// Where two collections differ, in words (for a failure's message).
fn differences(a: &Collection, b: &Collection) -> String {
    let mut out = Vec::new();
    if a.settings != b.settings {
        out.push("settings".to_string());
    }
    if a.days != b.days {
        out.push(format!("days {:?} vs {:?}", a.days, b.days));
    }
    if a.mock_in_progress != b.mock_in_progress || a.mocks != b.mocks {
        out.push("mocks".into());
    }
    if a.quizzes != b.quizzes {
        out.push("quizzes".into());
    }
    let ids: std::collections::BTreeSet<&String> = a.decks.keys().chain(b.decks.keys()).collect();
    for id in ids {
        match (a.decks.get(id), b.decks.get(id)) {
            (Some(x), Some(y)) if x != y => {
                let mut d = vec![];
                if x.name != y.name {
                    d.push(format!("name {} vs {}", x.name, y.name));
                }
                if x.source_hash != y.source_hash {
                    d.push("source_hash".into());
                }
                if x.imported_at != y.imported_at {
                    d.push("imported_at".into());
                }
                for (c, st) in &x.cards {
                    if y.cards.get(c) != Some(st) {
                        d.push(format!("card {c}: {st:?} vs {:?}", y.cards.get(c)));
                    }
                }
                for c in y.cards.keys().filter(|c| !x.cards.contains_key(*c)) {
                    d.push(format!("card {c} missing"));
                }
                out.push(format!("deck {id}: {}", d.join("; ")));
            }
            (Some(_), None) => out.push(format!("deck {id} only in the first")),
            (None, Some(_)) => out.push(format!("deck {id} only in the second")),
            _ => {}
        }
    }
    out.join(" | ")
}

#[test]
fn every_acknowledged_change_survives_a_power_cut_at_any_point() {
    let clean = SimFs::new(&root());
    let (expected, failed) = run(&clean);
    assert_eq!(failed, None, "the scenario runs on a healthy disk");
    assert_eq!(expected.len(), STEPS + 1);
    let total_ops = clean.ops();
    let (mut points, mut as_acked, mut as_in_flight) = (0, 0, 0);
    for cut in 1..=total_ops {
        let fs = SimFs::new(&root());
        fs.cut_power_after(cut);
        let (_, failed) = run(&fs);
        // The step in flight when the power went (0 = opening), or none when the cut came after
        // the scenario's last write.
        let Some(in_flight) = failed else { continue };
        for seed in 0..SEEDS {
            let image = fs.crash_image(cut * 31 + seed);
            let lib = open(&image, &root()).unwrap_or_else(|e| {
                panic!("power cut at operation {cut} (seed {seed}): the collection does not open: {e}")
            });
            let got = &comparable(lib.collection());
            // Before the step in flight (opening counts as step 0: reopening finishes it).
            let before = &comparable(&expected[in_flight.saturating_sub(1)]);
            let after = &comparable(&expected[in_flight.min(STEPS)]);
            points += 1;
            if got == before && in_flight > 0 {
                as_acked += 1;
            } else if got == after {
                as_in_flight += 1;
            } else {
                panic!(
                    "power cut at operation {cut} (seed {seed}), during step {in_flight}: the collection is neither the last acknowledged state nor the one in flight:\n against the acknowledged one: {}\n against the one in flight: {}",
                    differences(got, before),
                    differences(got, after),
                );
            }
        }
    }
    println!(
        "power cut: {total_ops} disk operations, {points} crash points: {as_acked} reopened at the last acknowledged step, {as_in_flight} with the step in flight complete, 0 lost or half-done"
    );
    assert!(points >= 1_000, "only {points} crash points");
}
