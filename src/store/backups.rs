//! Dated backups of the data directory: at most one automatic backup a day when something
//! changed, keeping the last 7 daily and 4 weekly; extra ones before a restore, a reset or a
//! deletion. A backup is a folder `backups/<YYYY-MM-DD>[-<label>]` holding the snapshot, the
//! journal and the deck files, made under a temporary name and renamed when complete.

use super::{DECKS_DIR, JOURNAL_DIR, Mode, Result, SNAPSHOT, Store, StoreError, fsutil};
use chrono::{Datelike, NaiveDate};
use std::fs;
use std::path::{Path, PathBuf};

/// Folder of backups inside the data directory.
pub const BACKUPS_DIR: &str = "backups";

/// One backup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Backup {
    /// Folder name (`2026-11-27` or `2026-11-27-before-restore`).
    pub name: String,
    /// The day it was taken.
    pub day: NaiveDate,
    /// Its folder.
    pub path: PathBuf,
    /// Total size in bytes.
    pub bytes: u64,
}

fn tree_size(p: &Path) -> u64 {
    let Ok(rd) = fs::read_dir(p) else { return 0 };
    rd.flatten()
        .map(|e| match e.file_type() {
            Ok(t) if t.is_dir() => tree_size(&e.path()),
            Ok(_) => e.metadata().map(|m| m.len()).unwrap_or(0),
            Err(_) => 0,
        })
        .sum()
}

/// Backups in `data_dir`, newest first.
pub fn list(data_dir: &Path) -> Vec<Backup> {
    let dir = data_dir.join(BACKUPS_DIR);
    let Ok(rd) = fs::read_dir(&dir) else { return Vec::new() };
    let mut out: Vec<Backup> = rd
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !e.path().join(SNAPSHOT).exists() {
                return None;
            }
            let day = NaiveDate::parse_from_str(name.get(..10)?, "%Y-%m-%d").ok()?;
            Some(Backup { name, day, bytes: tree_size(&e.path()), path: e.path() })
        })
        .collect();
    out.sort_by(|a, b| b.day.cmp(&a.day).then(b.name.cmp(&a.name)));
    out
}

fn copy_data(from: &Path, to: &Path) -> std::io::Result<()> {
    fs::create_dir_all(to)?;
    fs::copy(from.join(SNAPSHOT), to.join(SNAPSHOT))?;
    for sub in [JOURNAL_DIR, DECKS_DIR] {
        if from.join(sub).exists() {
            fsutil::copy_tree(&from.join(sub), &to.join(sub))?;
        }
    }
    Ok(())
}

/// Takes a backup now, labelled (`before-restore`) or not (the daily one). The store is folded
/// first so the backup's snapshot is complete.
pub fn take(store: &mut Store, today: NaiveDate, label: &str) -> Result<Backup> {
    store.fold()?;
    let root = store.dir().join(BACKUPS_DIR);
    let base = if label.is_empty() {
        today.format("%Y-%m-%d").to_string()
    } else {
        format!("{}-{label}", today.format("%Y-%m-%d"))
    };
    let mut name = base.clone();
    let mut n = 2;
    while root.join(&name).exists() {
        name = format!("{base}-{n}");
        n += 1;
    }
    let tmp = root.join(format!(".{name}.tmp"));
    if tmp.exists() {
        fs::remove_dir_all(&tmp).map_err(StoreError::io(&tmp))?;
    }
    copy_data(store.dir(), &tmp).map_err(StoreError::io(&tmp))?;
    let path = root.join(&name);
    fs::rename(&tmp, &path).map_err(StoreError::io(&path))?;
    fsutil::sync_dir(&root).map_err(StoreError::io(&root))?;
    Ok(Backup { name, day: today, bytes: tree_size(&path), path })
}

/// The daily backup: taken when there is none for `today` yet, then old ones are pruned.
pub fn daily(store: &mut Store, today: NaiveDate) -> Result<Option<Backup>> {
    let existing = list(store.dir());
    if existing.iter().any(|b| b.day == today && !b.name.contains("-before-")) {
        return Ok(None);
    }
    let b = take(store, today, "")?;
    prune(store.dir())?;
    Ok(Some(b))
}

/// Which backups to keep: the newest of each of the last 7 days that have one, and the newest of
/// each of the 4 most recent weeks before those.
pub fn keep_set(backups: &[Backup]) -> Vec<String> {
    let mut keep = Vec::new();
    let mut days = Vec::new();
    let mut weeks = Vec::new();
    for b in backups {
        // `backups` is newest first, so the first of each day or week is its newest.
        if days.len() < 7 {
            if !days.contains(&b.day) {
                days.push(b.day);
            }
            keep.push(b.name.clone());
            continue;
        }
        let week = (b.day.iso_week().year(), b.day.iso_week().week());
        if days.contains(&b.day) {
            keep.push(b.name.clone());
        } else if weeks.len() < 4 && !weeks.contains(&week) {
            weeks.push(week);
            keep.push(b.name.clone());
        }
    }
    keep
}

/// Deletes backups outside `keep_set`.
pub fn prune(data_dir: &Path) -> Result<()> {
    let all = list(data_dir);
    let keep = keep_set(&all);
    for b in all {
        if !keep.contains(&b.name) {
            fs::remove_dir_all(&b.path).map_err(StoreError::io(&b.path))?;
        }
    }
    Ok(())
}

/// Moves the collection's files into `corrupt/<stamp>/` (kept, never deleted).
fn move_aside(data_dir: &Path) -> Result<PathBuf> {
    let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f").to_string();
    let aside = data_dir.join("corrupt").join(stamp);
    fs::create_dir_all(&aside).map_err(StoreError::io(&aside))?;
    for name in [SNAPSHOT, JOURNAL_DIR, DECKS_DIR] {
        let p = data_dir.join(name);
        if p.exists() {
            fs::rename(&p, aside.join(name)).map_err(StoreError::io(&p))?;
        }
    }
    fsutil::sync_dir(data_dir).map_err(StoreError::io(data_dir))?;
    Ok(aside)
}

/// Restores a backup into an open store, backing up the current state first.
pub fn restore(store: &mut Store, backup: &Backup, today: NaiveDate) -> Result<()> {
    take(store, today, "before-restore")?;
    let dir = store.dir().to_path_buf();
    let staging = dir.join(format!(".restore-{}", backup.name));
    if staging.exists() {
        fs::remove_dir_all(&staging).map_err(StoreError::io(&staging))?;
    }
    copy_data(&backup.path, &staging).map_err(StoreError::io(&staging))?;
    store.journal = None;
    let aside = move_aside(&dir)?;
    for name in [SNAPSHOT, JOURNAL_DIR, DECKS_DIR] {
        let p = staging.join(name);
        if p.exists() {
            fs::rename(&p, dir.join(name)).map_err(StoreError::io(&p))?;
        }
    }
    fs::remove_dir_all(&staging).map_err(StoreError::io(&staging))?;
    // The pre-restore backup holds the same files; the moved-aside copy is not needed.
    let _ = fs::remove_dir_all(&aside);
    fsutil::sync_dir(&dir).map_err(StoreError::io(&dir))?;
    store.reload()
}

/// When the collection cannot be read: moves the unreadable files aside (kept in `corrupt/`) and
/// restores `backup`, or starts an empty collection when `backup` is `None`. Takes the lock.
pub fn recover(data_dir: &Path, backup: Option<&Backup>) -> Result<Store> {
    let lock = super::take_lock(data_dir)?;
    move_aside(data_dir)?;
    if let Some(b) = backup {
        copy_data(&b.path, data_dir).map_err(StoreError::io(data_dir))?;
        fsutil::sync_dir(data_dir).map_err(StoreError::io(data_dir))?;
    }
    drop(lock);
    Store::open(data_dir, Mode::Write)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn b(day: &str, name: &str) -> Backup {
        Backup {
            name: name.into(),
            day: NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap(),
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
            .map(|i| {
                let d = start + chrono::Duration::days(i);
                let s = d.format("%Y-%m-%d").to_string();
                b(&s, &s)
            })
            .collect();
        let keep = keep_set(&all);
        assert_eq!(keep.len(), 11);
        assert_eq!(&keep[..7], all[..7].iter().map(|b| b.name.clone()).collect::<Vec<_>>().as_slice());
        // The weekly ones fall in four distinct, older weeks.
        let weeks: Vec<_> =
            keep[7..].iter().map(|n| NaiveDate::parse_from_str(n, "%Y-%m-%d").unwrap().iso_week()).collect();
        assert!(weeks.windows(2).all(|w| w[0] != w[1]));
    }
}
