//! Collections written by every released schema version still load, with everything in them.
//! Version 1: a snapshot, two folded journal segments and one with records not yet folded
//! (as after a crash), the built-in deck's files, and a mock exam in progress.

use chrono::{NaiveDate, TimeZone, Utc};
use examdeck::deck::Answer;
use examdeck::library::Library;
use examdeck::store::{Mode, fs};
use std::path::Path;

fn copy_fixture(version: &str) -> tempfile::TempDir {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(version);
    let dir = tempfile::tempdir().unwrap();
    fs::copy_dir(&src, dir.path()).unwrap();
    dir
}

#[test]
fn schema_v1_loads_with_everything_in_it() {
    let dir = copy_fixture("v1");
    let now = Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap();
    let mut lib = Library::open(dir.path(), Mode::Write, now).expect("v1 loads");
    let c = lib.collection();
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
    // The deck's files are there and parse.
    assert_eq!(lib.deck("cs182_midterm").unwrap().exam.cards.len(), 91);
    assert!(!lib.deck("cs182_midterm").unwrap().is_broken());
    let history = lib.load_history_now();
    assert_eq!(history.len(), 2);
    assert!(history.report.complete());
}
