//! The library's operations, with no window: an injected clock, a temporary directory, and the
//! simulated disk for the failure paths.

use super::reimport::NewDeck;
use super::*;
use crate::deck::Answer;
use crate::model::{Record, Review, Source};
use crate::session::quiz::QuizSession;
use crate::sm2::Grade;
use crate::store::simfs::{Fault, SimFs};
use chrono::TimeZone;

fn now() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2027, 3, 10, 15, 0, 0).unwrap()
}

fn open(dir: &Path) -> Library {
    Library::open(dir, Mode::Write, now()).unwrap()
}

fn sim_library() -> (SimFs, Library) {
    let root = std::path::PathBuf::from("/sim/data");
    let fs = SimFs::new(&root);
    let lib = Library::open_on(Arc::new(fs.clone()), &root, Mode::Write, now()).unwrap();
    (fs, lib)
}

const B: &str = crate::builtin::NAME;

#[test]
fn study_answers_are_recorded_and_undone() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    let today = lib.today(now());
    assert_eq!(lib.counts(B, today), DeckCounts { due: 0, new: 91, total: 91, queue: 20, unanswered: 0 });
    let mut s = lib.start_study(B, now()).unwrap();
    lib.study_show(&mut s, now());
    assert_eq!(s.peek().unwrap().card, 0);
    // Q1's answer is option 4: right, then Good.
    assert!(lib.study_answer(&mut s, Answer::Choice(4), now()).unwrap().is_none());
    let r = lib.study_grade(&mut s, Grade::Good, now()).unwrap().unwrap();
    assert_eq!(r.after.due, Some(today.succ_opt().unwrap()));
    assert_eq!(lib.state(B, 0).unwrap().reviews, 1);
    assert_eq!(lib.counts(B, today).new, 90, "the counts follow the revision");
    assert!(lib.study_undo(&mut s, now()).unwrap());
    assert_eq!(lib.state(B, 0).unwrap().reviews, 0);
    assert_eq!(lib.counts(B, today).new, 91);
}

#[test]
fn a_wrong_answer_is_relearnt_today_even_after_leaving_the_session() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    let today = lib.today(now());
    let mut s = lib.start_study(B, now()).unwrap();
    lib.study_show(&mut s, now());
    lib.study_answer(&mut s, Answer::Choice(1), now()).unwrap().expect("graded at once");
    drop(s);
    drop(lib);
    let lib = open(dir.path());
    let st = lib.state(B, 0).unwrap();
    assert_eq!((st.due, st.relearning, st.lapses), (Some(today), true, 1));
    // It is in today's queue again, after the due cards and before the new ones.
    let q = lib.today_queue(B, today);
    assert_eq!(q[0], 0, "{q:?}");
}

#[test]
fn a_disk_that_refuses_leaves_the_session_where_it_was_and_says_why() {
    let (fs, mut lib) = sim_library();
    let mut s = lib.start_study(B, now()).unwrap();
    lib.study_show(&mut s, now());
    let before = format!("{s:?}");
    fs.set_fault(Some(Fault::Full));
    let e = lib.study_answer(&mut s, Answer::Choice(1), now()).unwrap_err();
    assert_eq!(e.store_kind(), Some(crate::store::Kind::CannotWrite));
    assert!(e.to_string().contains("No space left on device"), "{e}");
    assert_eq!(format!("{s:?}"), before, "the session did not move");
    assert!(lib.state(B, 0).unwrap().due.is_none(), "nothing recorded");
    // A quiz is not submitted either.
    let exam = lib.deck(B).unwrap().exam.clone();
    let mut q = QuizSession::new(B, &exam, vec![17]);
    q.set(exam.card_index("17.1").unwrap(), Some(Answer::Tf(true)));
    assert!(lib.submit_quiz(&mut q, now()).is_err());
    assert!(q.result.is_none());
    // A mock exam answer is not taken.
    fs.set_fault(None);
    let mut m = lib.start_mock(B, 110, now()).unwrap();
    fs.set_fault(Some(Fault::ReadOnly));
    let e = lib.change_mock(&mut m, ops::MockChange::Set { card: 0, answer: Some(Answer::Choice(4)) }, now());
    assert!(e.is_err());
    assert!(m.attempt.responses.is_empty());
    // Once the disk takes writes again, the same answer goes through.
    fs.set_fault(None);
    lib.study_answer(&mut s, Answer::Choice(1), now()).unwrap().expect("recorded now");
    assert_eq!(lib.state(B, 0).unwrap().lapses, 1);
}

#[test]
fn a_quiz_records_its_answers_and_result_together_and_guessed_regrades() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    let exam = lib.deck(B).unwrap().exam.clone();
    let mut q = QuizSession::new(B, &exam, vec![17]);
    // Q17's key is T F F T.
    let i = |id: &str| exam.card_index(id).unwrap();
    q.set(i("17.1"), Some(Answer::Tf(true)));
    q.set(i("17.2"), Some(Answer::Tf(true)));
    let reviews = lib.submit_quiz(&mut q, now()).unwrap();
    assert_eq!(q.totals(), Some((0.0, 2.0)));
    assert_eq!(lib.collection().quizzes.len(), 1);
    assert_eq!(reviews.len(), 2);
    let good = reviews[&i("17.1")].clone();
    assert_eq!(good.grade, Grade::Good);
    let guessed = lib.regrade_quiz(&q, &good, now()).unwrap();
    assert_eq!(guessed.grade, Grade::Guessed);
    let st = lib.state(B, i("17.1")).unwrap();
    assert!(st.relearning && st.lapses == 1, "{st:?}");
    let day = lib.collection().day(lib.today(now()));
    assert_eq!(day.answers, 2, "the Good answer was taken back: {day:?}");
}

#[test]
fn counts_and_the_queue_follow_per_deck_limits() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    let today = lib.today(now());
    lib.set_deck_settings(B, crate::model::DeckSettings { new_per_day: Some(3), ..Default::default() }).unwrap();
    assert_eq!(lib.counts(B, today).queue, 3);
    assert_eq!(lib.today_queue(B, today).len(), 3);
    assert_eq!(lib.study_anyway(B, now()).unwrap().remaining(), 91, "study anyway ignores the limits");
}

#[test]
fn importing_refuses_errors_keeps_progress_and_saves_keys() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    let file = dir.path().join("mini.md");
    std::fs::write(&file, "1. (1 point) a\n☐ x\n☐ y\n2. (1 point) b\n☒ T ☒ F: s\n").unwrap();
    let f = crate::import::file::import_file(&file).unwrap();
    let e = lib.import(&f, "mini", "Mini", now()).unwrap_err();
    assert!(matches!(e, LibraryError::ExamHasErrors { errors: 1, .. }), "{e}");
    assert!(lib.deck("mini").is_none(), "nothing of it was stored");
    std::fs::write(&file, "1. (1 point) a\n☐ x\n☐ y\n2. (1 point) b\n☐ T ☐ F: s\n").unwrap();
    let f = crate::import::file::import_file(&file).unwrap();
    let out = lib.import(&f, "mini", "Mini", now()).unwrap();
    assert_eq!(out.added, 2);
    let today = lib.today(now());
    assert_eq!(lib.counts("mini", today).unanswered, 2);
    assert_eq!(lib.counts("mini", today).queue, 0, "cards without answers are not studied");
    lib.save_key("mini", &[Some(Answer::Choice(2)), Some(Answer::Tf(false))], now()).unwrap();
    assert_eq!(lib.counts("mini", today).queue, 2);
    assert_eq!(lib.deck("mini").unwrap().exam.cards[1].answer, Some(Answer::Tf(false)));
    // Rename, then delete after a backup.
    lib.rename_deck("mini", "Mini exam").unwrap();
    assert_eq!(lib.deck("mini").unwrap().name, "Mini exam");
    let b = lib.delete_deck("mini", now()).unwrap();
    assert!(b.name.contains("before-delete"));
    assert!(lib.deck("mini").is_none() && !dir.path().join("decks/mini").exists());
}

fn review(card: &str, before: &crate::model::CardState, n: u32) -> Record {
    let after = crate::model::CardState {
        reviews: n,
        due: Some(crate::queue::add_days(now().date_naive(), 1)),
        ..before.clone()
    };
    Record::Review(Review {
        deck: "d".into(),
        card: card.into(),
        at: now(),
        day: now().date_naive(),
        grade: Grade::Good,
        response_ms: 1200,
        before: before.clone(),
        after,
        redrill: false,
        source: Source::Study,
    })
}

const V1: &str = "1. (2 points) Q\n☐ T ☐ F: alpha\n☐ T ☐ F: beta\n☐ T ☐ F: gamma\n";
const K1: &str = r#"(cards: {"1.1": (answer: "T"), "1.2": (answer: "F"), "1.3": (answer: "T")})"#;

fn put(lib: &mut Library, exam: &str, key: &str) -> reimport::Outcome {
    let p = crate::import::parse(exam, Some(key));
    let new = NewDeck {
        id: "d",
        name: "D",
        builtin: false,
        exam_text: exam,
        key_text: Some(key),
        exam: &p.exam,
        now: now(),
        builtin_hash: None,
        format: crate::import::Format::Markdown,
    };
    let out = decks::put(&mut lib.store, &new, &[]).unwrap();
    lib.load_deck("d", now());
    out
}

#[test]
fn reimport_follows_content() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    put(&mut lib, V1, K1);
    for (card, n) in [("1.1", 1), ("1.2", 2), ("1.3", 3)] {
        let before = lib.collection().card("d", card).unwrap().clone();
        lib.commit(vec![review(card, &before, n)]).unwrap();
    }
    // A statement inserted first; beta's text edited lightly; gamma's answer changed; alpha moved.
    let v2 = "1. (2 points) Q\n☐ T ☐ F: new one\n☐ T ☐ F: alpha\n☐ T ☐ F: beta  (edited)\n☐ T ☐ F: gamma\n";
    let k2 = r#"(cards: {"1.1": (answer: "F"), "1.2": (answer: "T"), "1.3": (answer: "F"), "1.4": (answer: "F")})"#;
    let out = put(&mut lib, v2, k2);
    let c = |lib: &Library, id: &str| lib.collection().card("d", id).cloned().unwrap();
    assert_eq!(c(&lib, "1.2").reviews, 1, "alpha moved from 1.1 to 1.2");
    assert_eq!(c(&lib, "1.4").reviews, 0, "gamma's answer changed: reset");
    assert_eq!(c(&lib, "1.1").reviews, 0, "new card");
    // beta was 1.2 (answer F) and is now 1.3 (answer F), text edited: nothing matches it by
    // content or by id with the same answer, so it is retired with its history.
    assert_eq!(out.moved, 1);
    assert!(lib.collection().decks["d"].cards.values().any(|st| st.retired && st.reviews == 2));
    // The light edit rule: same id, same answer, edited text keeps progress.
    let v3 = v2.replace("alpha", "alpha, reworded");
    let out = put(&mut lib, &v3, k2);
    assert_eq!(out.kept, 4);
    assert_eq!(c(&lib, "1.2").reviews, 1);
}

#[test]
fn files_written_without_their_snapshot_are_taken_as_a_reimport() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut lib = open(dir.path());
        put(&mut lib, V1, K1);
        let before = lib.collection().card("d", "1.1").unwrap().clone();
        lib.commit(vec![review("1.1", &before, 1)]).unwrap();
    }
    // A crash between writing the new files and the snapshot: the files are new, the metadata old.
    let v2 = V1.replace("gamma", "gamma, fixed typo");
    std::fs::write(dir.path().join("decks/d/exam.md"), &v2).unwrap();
    let lib = open(dir.path());
    let d = lib.deck("d").unwrap();
    assert!(d.exam.cards[2].id.0 == "1.3" && lib.collection().card("d", "1.1").unwrap().reviews == 1);
    let meta = &lib.collection().decks["d"];
    assert_eq!(meta.source_hash, reimport::source_hash(&v2, Some(K1)), "brought up to date");
}

#[test]
fn the_builtin_deck_heals_from_the_binary_keeping_progress() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut lib = open(dir.path());
        let before = lib.collection().card(B, "2").unwrap().clone();
        let mut r = review("2", &before, 5);
        if let Record::Review(rv) = &mut r {
            rv.deck = B.into();
        }
        lib.commit(vec![r]).unwrap();
    }
    std::fs::write(dir.path().join("decks").join(B).join("key.ron"), "(cards: {\"1\": (answer: \"").unwrap();
    {
        let lib = open(dir.path());
        assert!(!lib.deck(B).unwrap().is_broken());
        assert_eq!(lib.collection().card(B, "2").unwrap().reviews, 5, "progress kept");
        assert!(lib.notices.iter().any(|n| n.contains("restored from examdeck itself")), "{:?}", lib.notices);
    }
    std::fs::remove_file(dir.path().join("decks").join(B).join("exam.md")).unwrap();
    let lib = open(dir.path());
    assert_eq!(lib.deck(B).unwrap().exam.cards.len(), 91);
}

#[test]
fn a_broken_imported_deck_is_kept_and_shows_its_errors() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut lib = open(dir.path());
        put(&mut lib, V1, K1);
    }
    std::fs::write(dir.path().join("decks/d/key.ron"), "(cards: {").unwrap();
    let lib = open(dir.path());
    let d = lib.deck("d").unwrap();
    assert!(d.is_broken());
    assert!(d.errors().any(|e| e.message.contains("invalid key file")), "{:?}", d.diagnostics);
    assert_eq!(lib.collection().decks["d"].cards.len(), 3, "its progress is untouched");
}

#[test]
fn the_builtin_deck_picks_up_a_corrected_key_keeping_progress() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = crate::store::Store::open(dir.path(), Mode::Write).unwrap();
    // An older release shipped a key where card 1's answer was 3.
    let old_key = crate::builtin::KEY.replacen("answer: \"4\"", "answer: \"3\"", 1);
    let old = crate::import::parse(crate::builtin::EXAM, Some(&old_key));
    let new = NewDeck {
        id: B,
        name: "CS 182/282A Midterm",
        builtin: true,
        exam_text: crate::builtin::EXAM,
        key_text: Some(&old_key),
        exam: &old.exam,
        now: now(),
        builtin_hash: Some(reimport::source_hash(crate::builtin::EXAM, Some(&old_key))),
        format: crate::import::Format::Markdown,
    };
    decks::put(&mut store, &new, &[]).unwrap();
    for card in ["1", "2"] {
        let before = store.collection().card(B, card).cloned().unwrap();
        let mut r = review(card, &before, 2);
        if let Record::Review(rv) = &mut r {
            rv.deck = B.into();
        }
        store.commit(r).unwrap();
    }
    let (outcome, notice) = decks::ensure_builtin(&mut store, now()).unwrap().expect("re-imported");
    assert_eq!(notice, None);
    assert_eq!(outcome.reset, 1, "card 1's answer changed: its progress is reset");
    let c = |id: &str| store.collection().card(B, id).cloned().unwrap();
    assert_eq!((c("1").reviews, c("1").answer.as_deref()), (0, Some("4")));
    assert_eq!(c("2").reviews, 2, "card 2 is unchanged: progress kept");
    assert!(decks::ensure_builtin(&mut store, now()).unwrap().is_none(), "up to date: nothing to do");
}

#[test]
fn the_students_key_edits_on_the_builtin_deck_survive_a_restart() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut lib = open(dir.path());
        let mut answers: Vec<Option<Answer>> = lib.deck(B).unwrap().exam.cards.iter().map(|c| c.answer).collect();
        let i = lib.deck(B).unwrap().exam.card_index("21.2").unwrap();
        answers[i] = Some(Answer::Tf(false));
        lib.save_key(B, &answers, now()).unwrap();
    }
    let lib = open(dir.path());
    assert_eq!(lib.deck(B).unwrap().exam.card("21.2").unwrap().answer, Some(Answer::Tf(false)));
}

#[test]
fn search_filters_by_deck_state_and_text() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    put(&mut lib, V1, K1);
    let today = lib.today(now());
    assert_eq!(lib.search("", browse::Sort::Exam, today).len(), 94);
    assert_eq!(lib.search("deck:d", browse::Sort::Exam, today).len(), 3);
    assert_eq!(lib.search("deck:d gamma", browse::Sort::Exam, today).len(), 3, "every card of the question");
    assert_eq!(lib.search("deck:d -gamma", browse::Sort::Exam, today).len(), 0);
    assert_eq!(lib.search("-deck:d q:16", browse::Sort::Exam, today).len(), 4);
    let mut s = lib.start_study(B, now()).unwrap();
    lib.study_show(&mut s, now());
    lib.study_answer(&mut s, Answer::Choice(1), now()).unwrap();
    let hits = lib.search("is:due", browse::Sort::Exam, today);
    assert_eq!(hits.len(), 1);
    assert_eq!(lib.search_row(hits[0]).unwrap().id, "1");
    assert_eq!(lib.search("is:new deck:cs182_midterm", browse::Sort::Exam, today).len(), 90);
}

#[test]
fn the_history_index_catches_up_with_answers_recorded_while_it_loaded() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    let mut s = lib.start_study(B, now()).unwrap();
    lib.study_show(&mut s, now());
    lib.study_answer(&mut s, Answer::Choice(1), now()).unwrap();
    let job = lib.history_job().unwrap();
    let read = job();
    // An answer recorded after the job read the files, before it is installed.
    let later = now() + chrono::Duration::seconds(5);
    s.next();
    lib.study_show(&mut s, later);
    if lib.study_answer(&mut s, Answer::Choice(1), later).unwrap().is_none() {
        lib.study_grade(&mut s, Grade::Good, later).unwrap().expect("graded");
    }
    lib.install_history(read);
    let h = lib.history().unwrap();
    assert_eq!(h.len(), 2);
    assert_eq!(h.card(B, "1").len(), 1);
    assert_eq!(h.card(B, "2").len(), 1);
    assert!(h.report.complete());
}

#[test]
fn a_cards_answer_and_explanation_are_saved_in_the_key_from_browse() {
    let dir = tempfile::tempdir().unwrap();
    let mut lib = open(dir.path());
    let file = dir.path().join("mini.md");
    // Card 1 has no answer in the text; card 2's answer line says B.
    std::fs::write(&file, "1. (1 point) a\n☐ x\n☐ y\n\n2. (1 point) b\n☐ p\n☐ q\nAnswer: B\n").unwrap();
    let f = crate::import::file::import_file(&file).unwrap();
    lib.import(&f, "mini", "Mini", now()).unwrap();
    lib.save_card("mini", 0, Some(Answer::Choice(2)), "  Because y.  ", now()).unwrap();
    let card = &lib.deck("mini").unwrap().exam.cards[0];
    assert_eq!((card.answer, card.explanation.as_deref()), (Some(Answer::Choice(2)), Some("Because y.")));
    let key = lib.deck_texts("mini").unwrap().key.unwrap();
    assert!(key.contains("Because y.") && key.contains("\"2\""), "{key}");
    // Clearing the answer keeps the explanation; clearing both leaves no entry behind.
    lib.save_card("mini", 0, None, "Because y.", now()).unwrap();
    let card = &lib.deck("mini").unwrap().exam.cards[0];
    assert_eq!((card.answer, card.explanation.as_deref()), (None, Some("Because y.")));
    lib.save_card("mini", 0, None, "", now()).unwrap();
    assert!(!lib.deck_texts("mini").unwrap().key.unwrap().contains("\"1\""));
    // Card 2's answer is in the exam text: an explanation can be added, a different answer is
    // refused with where to change it, and nothing is written.
    lib.save_card("mini", 1, Some(Answer::Choice(2)), "q is right.", now()).unwrap();
    assert_eq!(lib.deck("mini").unwrap().exam.cards[1].explanation.as_deref(), Some("q is right."));
    let e = lib.save_card("mini", 1, Some(Answer::Choice(1)), "p now", now()).unwrap_err();
    assert!(e.to_string().contains("the exam file itself gives the answer 2; change it there"), "{e}");
    assert_eq!(lib.deck("mini").unwrap().exam.cards[1].explanation.as_deref(), Some("q is right."));
}
