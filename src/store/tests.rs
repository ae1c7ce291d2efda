use super::collection::{CardState, Settings, Source};
use super::reimport::NewDeck;
use super::*;
use crate::import::parse;
use crate::sm2::Grade;
use chrono::{NaiveDate, TimeZone, Utc};

fn review(card: &str, n: u32) -> Record {
    let before = CardState::default();
    let after = CardState { due: Some(NaiveDate::from_ymd_opt(2027, 1, n).unwrap()), reviews: n, ..Default::default() };
    Record::Review(Review {
        deck: "d".into(),
        card: card.into(),
        at: Utc.timestamp_opt(1_800_000_000 + i64::from(n), 0).unwrap(),
        day: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
        grade: Grade::Good,
        response_ms: 1200,
        before,
        after,
        redrill: false,
        source: Source::Study,
    })
}

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2027, 1, 1).unwrap()
}

#[test]
fn reopening_gives_the_same_state() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path(), Mode::Write).unwrap();
    s.commit(review("1", 1)).unwrap();
    s.commit(review("2", 2)).unwrap();
    s.commit(Record::Settings(Settings { new_per_day: 7, ..Settings::default() })).unwrap();
    let expected = s.collection().clone();
    // Simulate a crash: no fold, no close.
    s.crash();
    let s2 = Store::open(dir.path(), Mode::ReadOnly).unwrap();
    assert_eq!(s2.collection(), &expected);
    assert_eq!(s2.collection().settings.new_per_day, 7);
    assert_eq!(s2.history().unwrap().len(), 2);
}

#[test]
fn fold_and_reopen_keep_history_and_state() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut s = Store::open(dir.path(), Mode::Write).unwrap();
        s.commit(review("1", 1)).unwrap();
        s.fold().unwrap();
        s.commit(review("2", 2)).unwrap();
    }
    let s = Store::open(dir.path(), Mode::Write).unwrap();
    assert_eq!(s.collection().card("d", "2").unwrap().reviews, 2);
    let h = s.history().unwrap();
    assert_eq!(h.iter().map(|r| r.card.as_str()).collect::<Vec<_>>(), ["1", "2"]);
}

#[test]
fn a_second_writer_is_refused_and_a_reader_is_allowed() {
    let dir = tempfile::tempdir().unwrap();
    let _s = Store::open(dir.path(), Mode::Write).unwrap();
    match Store::open(dir.path(), Mode::Write) {
        Err(StoreError::Locked(_)) => {}
        other => panic!("expected Locked, got {:?}", other.err()),
    }
    let mut ro = Store::open(dir.path(), Mode::ReadOnly).unwrap();
    assert!(matches!(ro.commit(review("1", 1)), Err(StoreError::ReadOnly)));
}

/// A collection with one answer, left as a crash leaves it, with `tail` appended to its journal.
fn answered_then_appended(tail: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path(), Mode::Write).unwrap();
    s.commit(review("1", 1)).unwrap();
    let seg = segment_path(dir.path(), s.segment);
    s.crash();
    let mut f = OpenOptions::new().append(true).open(&seg).unwrap();
    f.write_all(tail).unwrap();
    dir
}

#[test]
fn a_torn_last_line_is_dropped_with_a_warning() {
    let dir = answered_then_appended(b"Review((deck:\"d\",card:\"2\",at:\"20");
    let mut s = Store::open(dir.path(), Mode::Write).unwrap();
    assert_eq!(s.warnings.len(), 1, "{:?}", s.warnings);
    assert!(s.collection().card("d", "1").is_some());
    assert!(s.collection().card("d", "2").is_none());
    // New answers append cleanly after the cut.
    s.commit(review("3", 3)).unwrap();
    s.crash();
    let s = Store::open(dir.path(), Mode::ReadOnly).unwrap();
    assert!(s.warnings.is_empty());
    assert!(s.collection().card("d", "3").is_some());
    // The torn bytes were kept.
    assert!(dir.path().join("corrupt").exists());
}

fn corrupt_snapshot(bytes: &[u8]) -> (tempfile::TempDir, StoreError) {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut s = Store::open(dir.path(), Mode::Write).unwrap();
        s.commit(review("1", 1)).unwrap();
        s.fold().unwrap();
    }
    std::fs::write(dir.path().join(SNAPSHOT), bytes).unwrap();
    let err = Store::open(dir.path(), Mode::Write).err().expect("must fail");
    // The bad file is still there, byte for byte.
    assert_eq!(std::fs::read(dir.path().join(SNAPSHOT)).unwrap(), bytes);
    (dir, err)
}

#[test]
fn hand_broken_snapshot_names_file_and_position() {
    let (_d, err) =
        corrupt_snapshot(b"(\n version: 1,\n replay_from: 2,\n collection: (settings: (new_per_day: -3)),\n)");
    match err {
        StoreError::Corrupt { file, line, .. } => {
            assert!(file.ends_with(SNAPSHOT));
            assert_eq!(line, 4);
        }
        e => panic!("{e:?}"),
    }
}

#[test]
fn random_bytes_and_truncation_are_corruption() {
    let (_d, err) = corrupt_snapshot(&[0xff, 0x00, 0x13, 0x37, 0x80]);
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    let (_d, err) = corrupt_snapshot(b"(version: 1, replay_from: 2, collection: (settings: (new_per");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(err.to_string().contains(SNAPSHOT));
}

#[test]
fn a_newer_schema_is_refused() {
    let (_d, err) = corrupt_snapshot(b"(version: 99, replay_from: 1, collection: ())");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err:?}");
}

#[test]
fn a_bad_line_inside_the_journal_is_an_error_not_a_silent_loss() {
    let dir = tempfile::tempdir().unwrap();
    let seg;
    {
        let mut s = Store::open(dir.path(), Mode::Write).unwrap();
        s.commit(review("1", 1)).unwrap();
        s.commit(review("2", 2)).unwrap();
        seg = segment_path(dir.path(), s.segment);
        s.crash();
    }
    let text = std::fs::read_to_string(&seg).unwrap();
    let broken = text.replacen("Review(", "Reveiw(", 1);
    std::fs::write(&seg, &broken).unwrap();
    match Store::open(dir.path(), Mode::Write) {
        Err(StoreError::Corrupt { file, line, .. }) => {
            assert_eq!(file, seg);
            assert_eq!(line, 2);
        }
        other => panic!("{:?}", other.err()),
    }
    assert_eq!(std::fs::read_to_string(&seg).unwrap(), broken);
}

#[test]
fn recovering_moves_bad_files_aside_and_restores_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut s = Store::open(dir.path(), Mode::Write).unwrap();
        s.commit(review("1", 1)).unwrap();
        backups::take(&mut s, today(), "").unwrap();
        s.commit(review("2", 2)).unwrap();
    }
    std::fs::write(dir.path().join(SNAPSHOT), b"garbage(").unwrap();
    assert!(Store::open(dir.path(), Mode::Write).is_err());
    let list = backups::list(dir.path());
    assert_eq!(list.len(), 1);
    let s = backups::recover(dir.path(), Some(&list[0])).unwrap();
    assert!(s.collection().card("d", "1").is_some());
    assert!(s.collection().card("d", "2").is_none());
    let aside: Vec<_> = std::fs::read_dir(dir.path().join("corrupt")).unwrap().collect();
    assert_eq!(aside.len(), 1);
}

#[test]
fn daily_backup_once_a_day_and_restore_backs_up_first() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path(), Mode::Write).unwrap();
    s.commit(review("1", 1)).unwrap();
    assert!(backups::daily(&mut s, today()).unwrap().is_some());
    assert!(backups::daily(&mut s, today()).unwrap().is_none());
    s.commit(review("2", 2)).unwrap();
    let b = backups::list(dir.path()).pop().unwrap();
    backups::restore(&mut s, &b, today()).unwrap();
    assert!(s.collection().card("d", "2").is_none());
    assert!(s.writable());
    let names: Vec<_> = backups::list(dir.path()).into_iter().map(|b| b.name).collect();
    assert!(names.iter().any(|n| n.contains("before-restore")), "{names:?}");
    // Still a working store after the restore.
    s.commit(review("3", 3)).unwrap();
}

const V1: &str = "1. (2 points) Q\n☐ T ☐ F: alpha\n☐ T ☐ F: beta\n☐ T ☐ F: gamma\n";
const K1: &str = r#"(cards: {"1.1": (answer: "T"), "1.2": (answer: "F"), "1.3": (answer: "T")})"#;

fn put(s: &mut Store, exam: &str, key: &str) -> reimport::Outcome {
    let p = parse(exam, Some(key));
    s.put_deck(NewDeck {
        id: "d",
        name: "D",
        builtin: false,
        exam_text: exam,
        key_text: Some(key),
        images: &[],
        exam: &p.exam,
        now: Utc::now(),
        builtin_hash: None,
    })
    .unwrap()
}

#[test]
fn reimport_follows_content() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path(), Mode::Write).unwrap();
    put(&mut s, V1, K1);
    for (card, n) in [("1.1", 1), ("1.2", 2), ("1.3", 3)] {
        let mut r = review(card, n);
        if let Record::Review(rv) = &mut r {
            rv.before = s.collection().card("d", card).unwrap().clone();
            rv.after = CardState { reviews: n, due: Some(today()), ..rv.before.clone() };
        }
        s.commit(r).unwrap();
    }
    // A statement inserted first; beta's text edited lightly; gamma's answer changed; alpha moved.
    let v2 = "1. (2 points) Q\n☐ T ☐ F: new one\n☐ T ☐ F: alpha\n☐ T ☐ F: beta  (edited)\n☐ T ☐ F: gamma\n";
    let k2 = r#"(cards: {"1.1": (answer: "F"), "1.2": (answer: "T"), "1.3": (answer: "F"), "1.4": (answer: "F")})"#;
    let out = put(&mut s, v2, k2);
    let c = |id: &str| s.collection().card("d", id).cloned().unwrap();
    assert_eq!(c("1.2").reviews, 1, "alpha moved from 1.1 to 1.2");
    assert_eq!(c("1.4").reviews, 0, "gamma's answer changed: reset");
    assert_eq!(c("1.1").reviews, 0, "new card");
    // beta was 1.2 (answer F) and is now 1.3 (answer F), text edited: nothing matches it by
    // content or by id with the same answer, so it is retired with its history.
    assert_eq!(out.moved, 1);
    assert!(s.collection().decks["d"].cards.values().any(|st| st.retired && st.reviews == 2));
    // The light edit rule: same id, same answer, edited text keeps progress.
    let v3 = v2.replace("alpha", "alpha, reworded");
    let out = put(&mut s, &v3, k2);
    assert_eq!(out.kept, 4);
    assert_eq!(s.collection().card("d", "1.2").unwrap().reviews, 1);
}

#[test]
fn a_complete_but_unreadable_last_line_is_corruption_not_a_torn_write() {
    let dir = answered_then_appended(b"NotARecord(1)\n");
    assert!(matches!(Store::open(dir.path(), Mode::Write), Err(StoreError::Corrupt { line: 3, .. })));
}
