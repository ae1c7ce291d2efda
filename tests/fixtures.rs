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
