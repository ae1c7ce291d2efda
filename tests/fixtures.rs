//! Collections written by every released schema version still load, with everything in them.
//! Version 1: a snapshot, two folded journal segments and one with records not yet folded
//! (as after a crash), the built-in deck's files, and a mock exam in progress.

use chrono::NaiveDate;
use examdeck::deck::Answer;
use examdeck::store::{Mode, Store, fsutil};
use std::path::Path;

fn copy_fixture(version: &str) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(version);
    let dir = tempfile::tempdir().unwrap();
    fsutil::copy_tree(&src, dir.path()).unwrap();
    dir
}

#[test]
fn schema_v1_loads_with_everything_in_it() {
    let dir = copy_fixture("v1");
    let store = Store::open(dir.path(), Mode::Write).expect("v1 loads");
    let c = store.collection();
    assert_eq!(c.settings.new_per_day, 15);
    let deck = &c.decks["cs182_midterm"];
    assert_eq!(deck.name, "CS 182/282A Midterm");
    assert_eq!(deck.cards.len(), 91);
    let one = &deck.cards["1"];
    assert_eq!((one.due, one.reviews), (NaiveDate::from_ymd_opt(2026, 11, 28), 1));
    let s = &deck.cards["16.1"];
    assert_eq!((s.lapses, s.sm2.repetitions), (1, 0));
    // The records after the last snapshot were replayed.
    let mock = c.mock_in_progress.as_ref().expect("the mock exam in progress survives");
    assert_eq!(mock.responses.get("1"), Some(&Answer::Choice(4)));
    assert!(mock.flagged.contains(&2));
    assert_eq!(store.history().unwrap().len(), 2);
    // The deck's files are there and parse.
    let parsed = examdeck::library::load(&store, "cs182_midterm").unwrap();
    assert_eq!(parsed.exam.cards.len(), 91);
}

/// Stores the built-in exam with `key` as the collection's built-in deck, as an import would.
fn put_builtin(store: &mut Store, key: &str, builtin_hash: Option<u64>) {
    let parsed = examdeck::import::parse(examdeck::builtin::EXAM, Some(key));
    let now = chrono::TimeZone::with_ymd_and_hms(&chrono::Utc, 2026, 11, 27, 12, 0, 0).unwrap();
    store
        .put_deck(examdeck::store::reimport::NewDeck {
            id: examdeck::builtin::NAME,
            name: "CS 182/282A Midterm",
            builtin: true,
            exam_text: examdeck::builtin::EXAM,
            key_text: Some(key),
            images: &[],
            exam: &parsed.exam,
            now,
            builtin_hash,
        })
        .unwrap();
}

#[test]
fn the_builtin_deck_picks_up_a_corrected_key_on_start_keeping_progress() {
    use chrono::{TimeZone, Utc};
    use examdeck::store::collection::{CardState, Record, Review, Source};
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap();
    let mut store = Store::open(dir.path(), Mode::Write).unwrap();
    // An older release shipped a key where card 1's answer was 3 and card 2 had no explanation.
    let old_key = examdeck::builtin::KEY.replacen("answer: \"4\"", "answer: \"3\"", 1);
    assert_ne!(old_key, examdeck::builtin::KEY);
    let old = examdeck::import::parse(examdeck::builtin::EXAM, Some(&old_key));
    assert_eq!(old.exam.card("1").unwrap().answer, Some(Answer::Choice(3)));
    put_builtin(
        &mut store,
        &old_key,
        Some(examdeck::store::reimport::source_hash(examdeck::builtin::EXAM, Some(&old_key))),
    );
    for card in ["1", "2"] {
        let before = store.collection().card(examdeck::builtin::NAME, card).cloned().unwrap();
        let after = CardState { due: NaiveDate::from_ymd_opt(2026, 12, 3), reviews: 2, ..before.clone() };
        let r = Review {
            deck: examdeck::builtin::NAME.into(),
            card: card.into(),
            at: now,
            day: NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
            grade: examdeck::sm2::Grade::Good,
            response_ms: 900,
            before,
            after,
            redrill: false,
            source: Source::Study,
        };
        store.commit(Record::Review(r)).unwrap();
    }
    drop(store);
    // The next start: the compiled-in key differs, so the deck re-imports itself.
    let mut store = Store::open(dir.path(), Mode::Write).unwrap();
    let outcome = examdeck::library::ensure_builtin(&mut store, now).unwrap().expect("re-imported");
    assert_eq!(outcome.reset, 1, "card 1's answer changed: its progress is reset");
    let c = |id: &str| store.collection().card(examdeck::builtin::NAME, id).cloned().unwrap();
    assert_eq!((c("1").reviews, c("1").answer.as_deref()), (0, Some("4")));
    assert_eq!(c("2").reviews, 2, "card 2 is unchanged: progress kept");
    // Once up to date, starting again changes nothing.
    assert!(examdeck::library::ensure_builtin(&mut store, now).unwrap().is_none());
}

#[test]
fn the_students_key_edits_on_the_builtin_deck_survive_a_restart() {
    use chrono::{TimeZone, Utc};
    let dir = tempfile::tempdir().unwrap();
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 12, 0, 0).unwrap();
    let mut store = Store::open(dir.path(), Mode::Write).unwrap();
    examdeck::library::ensure_builtin(&mut store, now).unwrap().expect("first import");
    // The student decides card 21.2 is false and saves the key (as the key editor does).
    let edited = examdeck::builtin::KEY.replacen(
        "\"21.2\": (\n            answer: \"T\"",
        "\"21.2\": (\n            answer: \"F\"",
        1,
    );
    assert_ne!(edited, examdeck::builtin::KEY, "the edit applies");
    put_builtin(&mut store, &edited, None);
    drop(store);
    let mut store = Store::open(dir.path(), Mode::Write).unwrap();
    assert!(examdeck::library::ensure_builtin(&mut store, now).unwrap().is_none(), "no re-import: same build");
    let loaded = examdeck::library::load(&store, examdeck::builtin::NAME).unwrap();
    assert_eq!(loaded.exam.card("21.2").unwrap().answer, Some(Answer::Tf(false)));
}
