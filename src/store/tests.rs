use super::journal::segment_path;
use super::simfs::{Fault, SimFs};
use super::*;
use crate::model::{CardState, HistoryEvent, Review, Settings, Source};
use crate::sm2::Grade;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use std::io::Write;
use std::sync::Arc;

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

fn now() -> DateTime<Utc> {
    Utc.timestamp_opt(1_800_000_000, 0).unwrap()
}

fn history_cards(s: &Store) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    s.history(&mut |e| match e {
        HistoryEvent::Review(p) => out.push(p.card),
        HistoryEvent::Undo { card, .. } => {
            if let Some(i) = out.iter().rposition(|c| *c == card) {
                out.remove(i);
            }
        }
    })
    .unwrap();
    out
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
    assert_eq!(history_cards(&s2), ["1", "2"]);
}

#[test]
fn fold_compacts_old_segments_into_history_that_still_reads() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut s = Store::open(dir.path(), Mode::Write).unwrap();
        s.commit(review("1", 1)).unwrap();
        s.fold().unwrap();
        s.commit(review("2", 2)).unwrap();
        s.fold().unwrap();
        s.commit(review("3", 3)).unwrap();
    }
    let s = Store::open(dir.path(), Mode::Write).unwrap();
    assert_eq!(s.collection().card("d", "3").unwrap().reviews, 3);
    assert_eq!(history_cards(&s), ["1", "2", "3"]);
    // Only the segment after the last snapshot remains in the journal; the rest is history.
    assert_eq!(journal::segments(&OsFs, dir.path()).unwrap().len(), 1);
    let files: Vec<_> = std::fs::read_dir(dir.path().join(history::HISTORY_DIR)).unwrap().collect();
    assert!(files.len() >= 3, "{files:?}");
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
    let mut f = std::fs::OpenOptions::new().append(true).open(&seg).unwrap();
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
        StoreError::Damaged { file, line, .. } => {
            assert!(file.ends_with(SNAPSHOT));
            assert_eq!(line, 4);
        }
        e => panic!("{e:?}"),
    }
}

#[test]
fn random_bytes_and_truncation_are_damage() {
    let (_d, err) = corrupt_snapshot(&[0xff, 0x00, 0x13, 0x37, 0x80]);
    assert_eq!(err.kind(), Kind::Damaged, "{err:?}");
    let (_d, err) = corrupt_snapshot(b"(version: 1, replay_from: 2, collection: (settings: (new_per");
    assert_eq!(err.kind(), Kind::Damaged, "{err:?}");
    assert!(err.to_string().contains(SNAPSHOT));
}

#[test]
fn a_newer_schema_is_told_as_newer_not_as_damage() {
    let (d, err) = corrupt_snapshot(b"(version: 99, replay_from: 1, collection: ())");
    assert!(matches!(err, StoreError::TooNew { found: 99, .. }), "{err:?}");
    assert_eq!(err.kind(), Kind::TooNew);
    assert!(err.to_string().contains("newer examdeck"), "{err}");
    // Read-only, as far as this version understands it, and without touching a file.
    let before = std::fs::read(d.path().join(SNAPSHOT)).unwrap();
    let ro = Store::open(d.path(), Mode::ReadOnly).unwrap();
    assert!(!ro.writable());
    assert_eq!(std::fs::read(d.path().join(SNAPSHOT)).unwrap(), before);
}

#[test]
fn a_bad_line_inside_the_journal_names_its_line_and_can_be_skipped() {
    let dir = tempfile::tempdir().unwrap();
    let seg;
    {
        let mut s = Store::open(dir.path(), Mode::Write).unwrap();
        s.commit(review("1", 1)).unwrap();
        s.commit(review("2", 2)).unwrap();
        s.commit(review("3", 3)).unwrap();
        seg = segment_path(dir.path(), s.segment);
        s.crash();
    }
    let text = std::fs::read_to_string(&seg).unwrap();
    let broken = text.replacen("Review(", "Reveiw(", 2).replacen("Reveiw(", "Review(", 1);
    std::fs::write(&seg, &broken).unwrap();
    let (file, line) = match Store::open(dir.path(), Mode::Write) {
        Err(StoreError::Damaged { file, line, .. }) => (file, line),
        other => panic!("{:?}", other.err()),
    };
    assert_eq!((file.clone(), line), (seg.clone(), 3));
    assert_eq!(std::fs::read_to_string(&seg).unwrap(), broken, "nothing changed by looking");
    // "Open without the damaged line": one answer lost, the rest kept, the line kept aside.
    let s = restore::skip_damaged_line(OsFs::shared(), dir.path(), &file, line).unwrap();
    assert!(s.collection().card("d", "1").is_some());
    assert!(s.collection().card("d", "2").is_none());
    assert!(s.collection().card("d", "3").is_some());
    let aside = std::fs::read_dir(dir.path().join("corrupt")).unwrap().next().unwrap().unwrap().path();
    let kept = std::fs::read_dir(&aside).unwrap().next().unwrap().unwrap();
    assert!(kept.file_name().to_string_lossy().ends_with(".line3"));
    assert!(std::fs::read_to_string(kept.path()).unwrap().starts_with("Reveiw("));
}

#[test]
fn a_damaged_old_segment_costs_its_history_only() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut s = Store::open(dir.path(), Mode::Write).unwrap();
        s.commit(review("1", 1)).unwrap();
        s.commit(review("2", 2)).unwrap();
        s.crash();
    }
    // An old segment below the snapshot that could not be compacted (written by hand here).
    let old = segment_path(dir.path(), 0);
    std::fs::write(&old, "(version:2)\nnot a record\n").unwrap();
    let s = Store::open(dir.path(), Mode::Write).unwrap();
    let mut seen = 0;
    let report = s.history(&mut |_| seen += 1).unwrap();
    assert_eq!(seen, 2);
    assert!(!report.complete());
    assert!(report.problems[0].contains("00000000.ron:2"), "{:?}", report.problems);
}

#[test]
fn restore_backs_up_first_switches_whole_and_keeps_working() {
    let dir = tempfile::tempdir().unwrap();
    let mut s = Store::open(dir.path(), Mode::Write).unwrap();
    s.commit(review("1", 1)).unwrap();
    assert!(backups::daily(&mut s, today(), now()).unwrap().is_some());
    assert!(backups::daily(&mut s, today(), now()).unwrap().is_none());
    s.commit(review("2", 2)).unwrap();
    let b = backups::list(&OsFs, dir.path()).pop().unwrap();
    restore::restore(&mut s, &b, today(), now()).unwrap();
    assert!(s.collection().card("d", "2").is_none());
    assert!(s.writable());
    let names: Vec<_> = backups::list(&OsFs, dir.path()).into_iter().map(|b| b.name).collect();
    assert!(names.iter().any(|n| n.contains("before-restore")), "{names:?}");
    assert!(!dir.path().join(restore::STAGE).exists() && !dir.path().join(restore::OLD).exists());
    s.commit(review("3", 3)).unwrap();
}

#[test]
fn recovering_keeps_the_damaged_files_and_opens_the_backup() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut s = Store::open(dir.path(), Mode::Write).unwrap();
        s.commit(review("1", 1)).unwrap();
        backups::take(&mut s, today(), now(), "").unwrap();
        s.commit(review("2", 2)).unwrap();
    }
    std::fs::write(dir.path().join(SNAPSHOT), b"garbage(").unwrap();
    assert!(Store::open(dir.path(), Mode::Write).is_err());
    let list = backups::list(&OsFs, dir.path());
    assert_eq!(list.len(), 1);
    let s = restore::recover(OsFs::shared(), dir.path(), Some(&list[0])).unwrap();
    assert!(s.collection().card("d", "1").is_some());
    assert!(s.collection().card("d", "2").is_none());
    let aside = std::fs::read_dir(dir.path().join("corrupt")).unwrap().next().unwrap().unwrap().path();
    assert_eq!(std::fs::read(aside.join(SNAPSHOT)).unwrap(), b"garbage(");
}

fn sim() -> (SimFs, std::path::PathBuf) {
    let root = std::path::PathBuf::from("/sim/data");
    (SimFs::new(&root), root)
}

#[test]
fn a_full_disk_fails_the_answer_cleanly_and_the_next_one_reads() {
    let (fs, root) = sim();
    let mut s = Store::open_on(Arc::new(fs.clone()), &root, Mode::Write).unwrap();
    s.commit(review("1", 1)).unwrap();
    fs.set_fault(Some(Fault::Full));
    let e = s.commit(review("2", 2)).unwrap_err();
    assert_eq!(e.kind(), Kind::CannotWrite);
    assert!(e.to_string().contains("No space left on device"), "{e}");
    assert!(s.collection().card("d", "2").is_none(), "not applied");
    fs.set_fault(None);
    s.commit(review("3", 3)).unwrap();
    s.crash();
    // The half record was cut off: the journal reads, with exactly the acknowledged answers.
    let s = Store::open_on(Arc::new(fs.clone()), &root, Mode::Write).unwrap();
    assert!(s.warnings.is_empty(), "{:?}", s.warnings);
    assert!(s.collection().card("d", "1").is_some() && s.collection().card("d", "3").is_some());
    assert!(s.collection().card("d", "2").is_none());
}

#[test]
fn a_read_only_disk_is_told_as_such() {
    let (fs, root) = sim();
    {
        let mut s = Store::open_on(Arc::new(fs.clone()), &root, Mode::Write).unwrap();
        s.commit(review("1", 1)).unwrap();
    }
    fs.set_fault(Some(Fault::ReadOnly));
    let mut s = Store::open_on(Arc::new(fs.clone()), &root, Mode::Write).unwrap();
    let e = s.commit(review("2", 2)).unwrap_err();
    assert_eq!(e.kind(), Kind::CannotWrite, "{e}");
    assert!(e.to_string().contains("Read-only file system"), "{e}");
    drop(s);
    let ro = Store::open_on(Arc::new(fs.clone()), &root, Mode::ReadOnly).unwrap();
    assert!(ro.collection().card("d", "1").is_some());
}

#[test]
fn stale_temporary_folders_are_cleaned_at_start() {
    let dir = tempfile::tempdir().unwrap();
    drop(Store::open(dir.path(), Mode::Write).unwrap());
    let tmp = dir.path().join(backups::BACKUPS_DIR).join(".2027-01-01.tmp");
    std::fs::create_dir_all(tmp.join("journal")).unwrap();
    std::fs::create_dir_all(dir.path().join(restore::STAGE)).unwrap();
    drop(Store::open(dir.path(), Mode::Write).unwrap());
    assert!(!tmp.exists());
    assert!(!dir.path().join(restore::STAGE).exists());
}

#[test]
fn a_newer_journal_is_read_read_only_as_far_as_it_goes() {
    let dir = tempfile::tempdir().unwrap();
    {
        let mut s = Store::open(dir.path(), Mode::Write).unwrap();
        s.commit(review("1", 1)).unwrap();
        s.crash();
    }
    // A newer examdeck appended a segment of its own, with a record this one does not know.
    let seg = segment_path(dir.path(), 9);
    std::fs::write(
        &seg,
        format!(
            "(version:99)\n{}\nFutureRecord(x: 1)\n",
            match review("2", 2) {
                Record::Review(r) => ron::to_string(&Record::Review(r)).unwrap(),
                _ => unreachable!(),
            }
        ),
    )
    .unwrap();
    assert!(matches!(Store::open(dir.path(), Mode::Write), Err(StoreError::TooNew { found: 99, .. })));
    let ro = Store::open(dir.path(), Mode::ReadOnly).unwrap();
    assert!(ro.collection().card("d", "1").is_some() && ro.collection().card("d", "2").is_some());
}

#[test]
fn a_restore_cut_by_a_power_failure_is_finished_or_undone_never_half_done() {
    let root = std::path::PathBuf::from("/sim/data");
    // The backup has no history folder yet; the live collection has one by the restore.
    let build = || {
        let fs = SimFs::new(&root);
        let mut s = Store::open_on(Arc::new(fs.clone()), &root, Mode::Write).unwrap();
        s.commit(review("1", 1)).unwrap();
        backups::take(&mut s, today(), now(), "").unwrap();
        s.commit(review("2", 2)).unwrap();
        s.fold().unwrap();
        s.commit(review("3", 3)).unwrap();
        (fs, s)
    };
    let (fs, mut s) = build();
    let before = s.collection().clone();
    let b = backups::list(&fs, &root).into_iter().find(|b| !b.name.contains("before")).unwrap();
    let start = fs.ops();
    restore::restore(&mut s, &b, today(), now()).unwrap();
    let after = s.collection().clone();
    let total = fs.ops() - start;
    assert!(!dir_exists(&fs, &root.join(restore::STAGE)));
    for cut in 1..=total {
        let (fs, mut s) = build();
        fs.cut_power_after(cut);
        let _ = restore::restore(&mut s, &b, today(), now());
        drop(s);
        for seed in 0..3 {
            let img = fs.crash_image(cut * 7 + seed);
            let reopened = Store::open_on(Arc::new(img.clone()), &root, Mode::Write)
                .unwrap_or_else(|e| panic!("cut {cut}, seed {seed}: {e}"));
            let got = reopened.collection().clone();
            assert!(got == before || got == after, "cut {cut}, seed {seed}: half a restore");
            if got == after {
                assert!(got.card("d", "2").is_none() && got.card("d", "3").is_none());
            }
            drop(reopened);
            // Opening again changes nothing.
            let again = Store::open_on(Arc::new(img), &root, Mode::Write).unwrap();
            assert_eq!(again.collection(), &got);
        }
    }
}

fn dir_exists(fs: &SimFs, p: &std::path::Path) -> bool {
    fs::exists(fs, p)
}
