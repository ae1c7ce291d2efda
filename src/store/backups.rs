//! Backups of the data directory: at most one automatic backup a day when something changed,
//! keeping the last 7 days and 4 weeks; extra ones before a restore, a reset or a deletion. A
//! backup is a folder `backups/<YYYY-MM-DD>[-<label>]` holding the snapshot, the journal, the
//! history and the deck files, plus `backup.ron` saying when it was made and its sequence number.
//! Backups are ordered by that number, never by their names: a clock that was once wrong cannot
//! make an old backup look like the latest. Each is made under a temporary name and renamed when
//! complete.

use super::error::{Result, StoreError};
use super::fs::{EntryKind, Fs, copy_tree, exists, tree_size, write_atomic};
use super::history::HISTORY_DIR;
use super::{DECKS_DIR, JOURNAL_DIR, SNAPSHOT, Store};
use chrono::{DateTime, Datelike, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Folder of backups inside the data directory.
pub const BACKUPS_DIR: &str = "backups";
/// The record inside each backup.
pub const BACKUP_RECORD: &str = "backup.ron";
/// What a backup copies.
pub const ITEMS: [&str; 4] = [SNAPSHOT, JOURNAL_DIR, HISTORY_DIR, DECKS_DIR];

/// One backup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backup {
    /// Folder name (`2026-11-27` or `2026-11-27-before-restore`).
    pub name: String,
    /// Its place in the order backups were made (0 for backups older than the record).
    pub seq: u64,
    /// The study day it was taken on.
    pub day: NaiveDate,
    /// When it was made, when known.
    pub made_at: Option<DateTime<Utc>>,
    /// Its folder.
    pub path: PathBuf,
    /// Total size in bytes.
    pub bytes: u64,
}

#[derive(Serialize, Deserialize)]
struct BackupRecord {
    seq: u64,
    made_at: DateTime<Utc>,
    day: NaiveDate,
}

/// Backups in `data_dir`, newest first.
pub fn list(fs: &dyn Fs, data_dir: &Path) -> Vec<Backup> {
    let dir = data_dir.join(BACKUPS_DIR);
    let Ok(entries) = fs.list(&dir) else { return Vec::new() };
    let mut out: Vec<Backup> = entries
        .into_iter()
        .filter(|e| e.kind == EntryKind::Dir && !e.name.starts_with('.'))
        .filter_map(|e| {
            let path = dir.join(&e.name);
            if !exists(fs, &path.join(SNAPSHOT)) {
                return None;
            }
            let record = fs
                .read(&path.join(BACKUP_RECORD))
                .ok()
                .and_then(|b| String::from_utf8(b).ok())
                .and_then(|t| ron::from_str::<BackupRecord>(&t).ok());
            let day = match &record {
                Some(r) => r.day,
                None => NaiveDate::parse_from_str(e.name.get(..10)?, "%Y-%m-%d").ok()?,
            };
            Some(Backup {
                seq: record.as_ref().map_or(0, |r| r.seq),
                made_at: record.map(|r| r.made_at),
                day,
                bytes: tree_size(fs, &path),
                name: e.name,
                path,
            })
        })
        .collect();
    out.sort_by(|a, b| b.seq.cmp(&a.seq).then(b.day.cmp(&a.day)).then(b.name.cmp(&a.name)));
    out
}

/// Copies the collection's files (those of `ITEMS` that exist) from `from` into `to`, durably.
pub(crate) fn copy_data(fs: &dyn Fs, from: &Path, to: &Path) -> std::io::Result<()> {
    fs.create_dir_all(to)?;
    for item in ITEMS {
        let (src, dst) = (from.join(item), to.join(item));
        if item == SNAPSHOT {
            if exists(fs, &src) {
                fs.write(&dst, &fs.read(&src)?)?;
                fs.sync(&dst)?;
            }
        } else if exists(fs, &src) {
            copy_tree(fs, &src, &dst)?;
        }
    }
    fs.sync_dir(to)
}

/// Takes a backup now, labelled (`before-restore`) or not (the daily one). The store is folded
/// first so the backup's snapshot is complete.
pub fn take(store: &mut Store, today: NaiveDate, now: DateTime<Utc>, label: &str) -> Result<Backup> {
    store.fold()?;
    let fs = store.fs().clone();
    let root = store.dir().join(BACKUPS_DIR);
    let seq = list(&*fs, store.dir()).iter().map(|b| b.seq).max().unwrap_or(0) + 1;
    let base = if label.is_empty() {
        today.format("%Y-%m-%d").to_string()
    } else {
        format!("{}-{label}", today.format("%Y-%m-%d"))
    };
    let mut name = base.clone();
    let mut n = 2;
    while exists(&*fs, &root.join(&name)) {
        name = format!("{base}-{n}");
        n += 1;
    }
    let tmp = root.join(format!(".{name}.tmp"));
    if exists(&*fs, &tmp) {
        fs.remove_dir_all(&tmp).map_err(StoreError::io(&tmp))?;
    }
    copy_data(&*fs, store.dir(), &tmp).map_err(StoreError::io(&tmp))?;
    let record = ron::to_string(&BackupRecord { seq, made_at: now, day: today }).expect("record serialises");
    let rec_path = tmp.join(BACKUP_RECORD);
    write_atomic(&*fs, &rec_path, record.as_bytes()).map_err(StoreError::io(&rec_path))?;
    let path = root.join(&name);
    fs.rename(&tmp, &path).map_err(StoreError::io(&path))?;
    fs.sync_dir(&root).map_err(StoreError::io(&root))?;
    Ok(Backup { name, seq, day: today, made_at: Some(now), bytes: tree_size(&*fs, &path), path })
}

/// The daily backup: taken when the newest backup is not an automatic one of `today`, then old
/// ones are pruned.
pub fn daily(store: &mut Store, today: NaiveDate, now: DateTime<Utc>) -> Result<Option<Backup>> {
    let existing = list(&**store.fs(), store.dir());
    if existing.iter().any(|b| b.day == today && !b.name.contains("-before-") && !b.name.contains("-manual")) {
        return Ok(None);
    }
    let b = take(store, today, now, "")?;
    prune(&**store.fs(), store.dir())?;
    Ok(Some(b))
}

/// Which backups to keep, given all of them newest first: every backup of the 7 most recent
/// days that have one, and the newest of each of the 4 weeks before those.
pub fn keep_set(backups: &[Backup]) -> Vec<String> {
    let mut keep = Vec::new();
    let mut days = Vec::new();
    let mut weeks = Vec::new();
    for b in backups {
        if days.len() < 7 || days.contains(&b.day) {
            if !days.contains(&b.day) {
                days.push(b.day);
            }
            keep.push(b.name.clone());
            continue;
        }
        let week = (b.day.iso_week().year(), b.day.iso_week().week());
        if weeks.len() < 4 && !weeks.contains(&week) {
            weeks.push(week);
            keep.push(b.name.clone());
        }
    }
    keep
}

/// Deletes backups outside `keep_set`.
pub fn prune(fs: &dyn Fs, data_dir: &Path) -> Result<()> {
    let all = list(fs, data_dir);
    let keep = keep_set(&all);
    for b in all {
        if !keep.contains(&b.name) {
            fs.remove_dir_all(&b.path).map_err(StoreError::io(&b.path))?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(seq: u64, day: &str) -> Backup {
        Backup {
            name: format!("{day}#{seq}"),
            seq,
            day: NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
            made_at: None,
            path: PathBuf::new(),
            bytes: 0,
        }
    }

    #[test]
    fn keeps_seven_daily_and_four_weekly() {
        // One backup a day for 60 days, newest first.
        let start = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        let all: Vec<Backup> = (0..60)
            .rev()
            .map(|i| b(i as u64 + 1, &(start + chrono::Duration::days(i)).format("%Y-%m-%d").to_string()))
            .collect();
        let keep = keep_set(&all);
        assert_eq!(keep.len(), 11);
        assert_eq!(&keep[..7], all[..7].iter().map(|b| b.name.clone()).collect::<Vec<_>>().as_slice());
        let weeks: Vec<_> =
            keep[7..].iter().map(|n| NaiveDate::parse_from_str(&n[..10], "%Y-%m-%d").unwrap().iso_week()).collect();
        assert!(weeks.windows(2).all(|w| w[0] != w[1]));
    }

    #[test]
    fn a_backup_from_a_clock_that_ran_ahead_is_old_not_latest() {
        // Made first (seq 1) while the clock said 2027; the real days came after.
        let mut all = vec![b(1, "2027-06-01")];
        for (i, d) in ["2026-12-01", "2026-12-02", "2026-12-03"].iter().enumerate() {
            all.push(b(i as u64 + 2, d));
        }
        all.sort_by_key(|b| std::cmp::Reverse(b.seq));
        assert_eq!(all[0].day.to_string(), "2026-12-03", "the latest is the last one made");
        let keep = keep_set(&all);
        assert_eq!(keep.len(), 4, "nothing real is pruned to make room for it");
    }
}
