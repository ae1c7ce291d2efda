//! Invariants over random inputs: the importer never panics and is deterministic; scores stay
//! within bounds and add up; SM-2 keeps its floor and positive intervals; replaying the history
//! gives the same states; snapshot + journal always reload to exactly the in-memory state.

use chrono::{NaiveDate, TimeZone, Utc};
use examdeck::deck::Answer;
use examdeck::import::{parse, parse_exam};
use examdeck::model::card::schedule;
use examdeck::model::{CardState, Collection, Record, Review, Settings, Source};
use examdeck::queue::add_days;
use examdeck::scoring::score_exam;
use examdeck::sm2::{Grade, Sm2State};
use examdeck::store::{Mode, Store};
use proptest::prelude::*;
use std::sync::OnceLock;

fn seed() -> &'static examdeck::deck::Exam {
    static E: OnceLock<examdeck::deck::Exam> = OnceLock::new();
    E.get_or_init(|| examdeck::builtin::parse().exam)
}

/// Lines that look like exam structure, mixed with noise, so the parser's branches are reached.
fn exam_line() -> impl Strategy<Value = String> {
    prop_oneof![
        (1u32..40, prop_oneof![Just("1 point"), Just("2 points"), Just("0.5 points"), Just("x points"), Just("")])
            .prop_map(|(n, p)| format!("{n}. ({p}) stem $x^2$ \\mathbf{{x}}")),
        "[a-e]".prop_map(|l| format!("- ({l}) (0.5 points) label")),
        prop_oneof![Just("☐"), Just("☒"), Just("[ ]"), Just("[x]"), Just("■")]
            .prop_map(|b| format!("- {b} option d^{{L+1}}")),
        (prop_oneof![Just("☐"), Just("☒")], prop_oneof![Just("☐"), Just("☒")])
            .prop_map(|(t, f)| format!("{t} T {f} F: statement")),
        Just("```".to_string()),
        Just("$$\\frac{a}{b}$$".to_string()),
        Just("Solution: because".to_string()),
        Just("## Section".to_string()),
        (1u32..4).prop_map(|n| format!("{n} Multiple Choice")),
        Just(String::new()),
        "\\PC{0,40}",
    ]
}

fn review_for(card: &str, before: &CardState, grade: Grade, day: NaiveDate, secs: i64, redrill: bool) -> Review {
    let now = Utc.timestamp_opt(1_800_000_000 + secs, 0).unwrap();
    let after = if redrill { before.clone() } else { schedule(before, grade, day, now) };
    Review {
        deck: "d".into(),
        card: card.into(),
        at: now,
        day,
        grade,
        response_ms: 100,
        before: before.clone(),
        after,
        redrill,
        source: Source::Study,
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn any_text_parses_without_panic_and_deterministically(text in "\\PC{0,600}") {
        let a = parse_exam(&text);
        let b = parse_exam(&text);
        prop_assert_eq!(a.exam, b.exam);
        prop_assert_eq!(a.diagnostics, b.diagnostics);
    }

    #[test]
    fn exam_like_text_parses_without_panic(lines in prop::collection::vec(exam_line(), 0..60), key in "\\PC{0,80}") {
        let text = lines.join("\n");
        let a = parse(&text, Some(&key));
        let b = parse(&text, Some(&key));
        prop_assert_eq!(&a.exam, &b.exam);
        let n_lines = text.split('\n').count();
        for d in &a.diagnostics {
            prop_assert!(d.line <= n_lines + 1, "{:?}", d);
        }
        for c in &a.exam.cards {
            if let Some(Answer::Choice(n)) = c.answer {
                prop_assert!(n >= 1 && (n as usize) <= a.exam.card_choices(c).len());
            }
        }
    }

    #[test]
    fn scores_stay_within_bounds_and_add_up(choices in prop::collection::vec(0u8..7, 91)) {
        let exam = seed();
        let responses: Vec<Option<Answer>> = exam
            .cards
            .iter()
            .zip(&choices)
            .map(|(c, &k)| match (c.kind, k) {
                (_, 0) => None,
                (examdeck::deck::CardKind::TrueFalse, k) => Some(Answer::Tf(k % 2 == 0)),
                (examdeck::deck::CardKind::Single, k) => Some(Answer::Choice(u32::from(k))),
                (examdeck::deck::CardKind::Free, _) => None,
            })
            .collect();
        let s = score_exam(exam, &responses);
        for q in &s.questions {
            let points = exam.question(q.number).unwrap().points;
            prop_assert!(q.score >= 0.0 && q.score <= points + 1e-9, "Q{} scored {}", q.number, q.score);
        }
        let sum: f64 = s.sections.iter().map(|x| x.score).sum();
        prop_assert!((s.total - sum).abs() < 1e-9);
        prop_assert_eq!(s.max, 50.0);
    }

    #[test]
    fn sm2_keeps_its_floor_and_positive_intervals(qs in prop::collection::vec(0u8..8, 1..60)) {
        let mut s = Sm2State::new();
        for q in qs {
            s = s.review(q);
            prop_assert!(s.easiness >= 1.3);
            prop_assert!(s.interval_days >= 1);
            // Always a whole number of hundredths: no drift.
            prop_assert_eq!((s.easiness * 100.0).round() / 100.0, s.easiness);
        }
    }

    #[test]
    fn replaying_the_history_gives_the_same_states(steps in prop::collection::vec((0usize..5, 0usize..5, any::<bool>()), 1..40)) {
        let grades = [Grade::Wrong, Grade::Guessed, Grade::Hard, Grade::Good, Grade::Easy];
        let mut c = Collection::default();
        let mut history = Vec::new();
        let start = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        for (i, (card, g, redrill)) in steps.into_iter().enumerate() {
            let id = format!("c{card}");
            let before = c.card("d", &id).cloned().unwrap_or_default();
            let r = review_for(&id, &before, grades[g], add_days(start, i as u32), i as i64, redrill);
            c.apply(&Record::Review(r.clone()));
            history.push(r);
        }
        // Rebuild every card from nothing but the grades in the history.
        let mut rebuilt: std::collections::BTreeMap<String, CardState> = Default::default();
        for r in &history {
            let before = rebuilt.get(&r.card).cloned().unwrap_or_default();
            let after = if r.redrill { before } else { schedule(&before, r.grade, r.day, r.at) };
            rebuilt.insert(r.card.clone(), after);
        }
        prop_assert_eq!(&c.decks["d"].cards, &rebuilt);
    }
}

#[derive(Clone, Debug)]
enum Op {
    Answer(usize, usize),
    Undo,
    Suspend(usize, bool),
    Settings(u32),
    Fold,
    Reopen,
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        4 => (0usize..6, 0usize..5).prop_map(|(c, g)| Op::Answer(c, g)),
        1 => Just(Op::Undo),
        1 => (0usize..6, any::<bool>()).prop_map(|(c, s)| Op::Suspend(c, s)),
        1 => (0u32..50).prop_map(Op::Settings),
        1 => Just(Op::Fold),
        1 => Just(Op::Reopen),
    ]
}

proptest! {
    // Every commit is fsynced; keep the case count modest.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn snapshot_plus_journal_reload_to_the_in_memory_state(ops in prop::collection::vec(op(), 1..40)) {
        let dir = tempfile::tempdir().unwrap();
        let grades = [Grade::Wrong, Grade::Guessed, Grade::Hard, Grade::Good, Grade::Easy];
        let mut store = Store::open(dir.path(), Mode::Write).unwrap();
        let mut last: Option<Review> = None;
        let day = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        for (i, o) in ops.into_iter().enumerate() {
            match o {
                Op::Answer(c, g) => {
                    let id = format!("c{c}");
                    let before = store.collection().card("d", &id).cloned().unwrap_or_default();
                    let r = review_for(&id, &before, grades[g], day, i as i64, false);
                    store.commit(Record::Review(r.clone())).unwrap();
                    last = Some(r);
                }
                Op::Undo => {
                    if let Some(r) = last.take() {
                        store.commit(Record::Undo { review: Box::new(r) }).unwrap();
                    }
                }
                Op::Suspend(c, s) => store.commit(Record::Suspend { deck: "d".into(), card: format!("c{c}"), suspended: s }).unwrap(),
                Op::Settings(n) => store.commit(Record::Settings(Settings { new_per_day: n, ..Settings::default() })).unwrap(),
                Op::Fold => store.fold().unwrap(),
                Op::Reopen => {
                    let before = store.collection().clone();
                    drop(store);
                    store = Store::open(dir.path(), Mode::Write).unwrap();
                    prop_assert_eq!(store.collection(), &before);
                }
            }
            let reader = Store::open(dir.path(), Mode::ReadOnly).unwrap();
            prop_assert_eq!(reader.collection(), store.collection());
        }
    }
}

/// The answers of an exam's cards, in order.
fn answers(exam: &examdeck::deck::Exam) -> Vec<Option<Answer>> {
    exam.cards.iter().map(|c| c.answer).collect()
}

proptest! {
    // Each case imports and saves twice, with fsyncs.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// What the editor saves is what it showed: the stored texts are the edited texts, reading
    /// them again gives the deck's exam, and saving the key with the answers it has changes nothing.
    #[test]
    fn the_editors_saved_text_parses_to_the_same_exam(lines in prop::collection::vec(exam_line(), 1..40)) {
        use examdeck::import::{Severity, file::import_file};
        use examdeck::library::Library;
        let text = lines.join("\n");
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("t.md");
        std::fs::write(&file, &text).unwrap();
        let imported = import_file(&file).unwrap();
        prop_assume!(!imported.parsed.diagnostics.iter().any(|d| d.severity == Severity::Error));
        let now = Utc.timestamp_opt(1_800_000_000, 0).unwrap();
        let mut lib = Library::open(&dir.path().join("data"), Mode::Write, now).unwrap();
        lib.import(&imported, "t", "T", now).unwrap();
        let exam = lib.deck("t").unwrap().exam.clone();
        prop_assert_eq!(&*exam, &imported.parsed.exam);

        // Saved unchanged from the editor.
        let texts = lib.deck_texts("t").unwrap();
        prop_assert_eq!(&texts.exam, &text);
        lib.save_texts("t", &texts.exam, texts.key.as_deref(), now).unwrap();
        let again = lib.deck_texts("t").unwrap();
        prop_assert_eq!(&parse(&again.exam, again.key.as_deref()).exam, &*exam);
        prop_assert_eq!(&*lib.deck("t").unwrap().exam, &*exam);

        // The key editor, saving the answers the deck already has.
        lib.save_key("t", &answers(&exam), now).unwrap();
        let keyed = lib.deck_texts("t").unwrap();
        let reread = parse(&keyed.exam, keyed.key.as_deref()).exam;
        prop_assert_eq!(answers(&reread), answers(&exam));
        prop_assert_eq!(reread.cards.len(), exam.cards.len());
    }
}
