//! Replacing the collection as a whole — restoring a backup, recovering from a damaged file,
//! starting over — and repairing one damaged journal line. Nothing here destroys: the live files
//! are kept until the switch succeeded, and damaged files are kept in `corrupt/`.
//!
//! A switch is done in three steps. The new files are staged completely in `.restore-stage/`
//! and fsynced. Then `restore.ron` records the intent. Then each item (`collection.ron`,
//! `journal/`, `history/`, `decks/`) is renamed aside into `.restore-old/` and the staged one
//! renamed into place. A crash before the intent leaves the live files untouched (the stage is
//! cleaned at the next start); a crash after it is finished at the next start, whichever renames
//! reached the disk, because each step can be taken again.

use super::backups::{self, Backup, ITEMS};
use super::error::{Result, StoreError};
use super::fs::{EntryKind, Fs, exists, tree_size, write_atomic};
use super::journal::lines;
use super::{JOURNAL_DIR, Mode, SNAPSHOT, Store};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::path::{Path, PathBuf};

/// Where new files are staged.
pub const STAGE: &str = ".restore-stage";
/// Where the live files go during a switch.
pub const OLD: &str = ".restore-old";
/// The intent of a switch under way.
pub const INTENT: &str = "restore.ron";
/// Folder of files moved aside because they could not be read.
pub const CORRUPT_DIR: &str = "corrupt";
/// Room kept free beyond what a restore copies.
const MARGIN: u64 = 1024 * 1024;

#[derive(Serialize, Deserialize)]
struct Intent {
    /// Keep the replaced files in this folder (under `corrupt/`) instead of dropping them.
    keep_old_in: Option<String>,
}

/// A fresh folder name under `corrupt/` (not created).
pub fn corrupt_dir(fs: &dyn Fs, dir: &Path) -> PathBuf {
    let stamp = Utc::now().format("%Y%m%dT%H%M%S%.3f").to_string();
    let base = dir.join(CORRUPT_DIR);
    let mut p = base.join(&stamp);
    let mut n = 2;
    while exists(fs, &p) {
        p = base.join(format!("{stamp}-{n}"));
        n += 1;
    }
    p
}

/// Removes what an interrupted write left behind: a stage without an intent, backups that were
/// never finished, and temporary files of atomic writes in the data directory.
pub(crate) fn clean_stale(fs: &dyn Fs, dir: &Path) {
    if !exists(fs, &dir.join(INTENT)) {
        for leftover in [STAGE, OLD] {
            if exists(fs, &dir.join(leftover)) {
                let _ = fs.remove_dir_all(&dir.join(leftover));
            }
        }
    }
    let broot = dir.join(backups::BACKUPS_DIR);
    for e in fs.list(&broot).unwrap_or_default() {
        if e.name.starts_with('.') && e.name.ends_with(".tmp") && e.kind == EntryKind::Dir {
            let _ = fs.remove_dir_all(&broot.join(&e.name));
        }
    }
    for e in fs.list(dir).unwrap_or_default() {
        if e.name.starts_with('.') && e.name.ends_with(".tmp") && e.kind == EntryKind::File {
            let _ = fs.remove_file(&dir.join(&e.name));
        }
    }
}

/// Finishes a switch that a crash interrupted (see the module's description).
pub(crate) fn finish_interrupted(fs: &dyn Fs, dir: &Path) -> Result<()> {
    let intent_path = dir.join(INTENT);
    let Ok(bytes) = fs.read(&intent_path) else { return Ok(()) };
    let intent = String::from_utf8(bytes).ok().and_then(|t| ron::from_str::<Intent>(&t).ok());
    let intent = intent.unwrap_or(Intent { keep_old_in: None });
    switch(fs, dir, &intent)
}

fn switch(fs: &dyn Fs, dir: &Path, intent: &Intent) -> Result<()> {
    let (stage, old) = (dir.join(STAGE), dir.join(OLD));
    fs.create_dir_all(&old).map_err(StoreError::io(&old))?;
    for item in ITEMS {
        let (live, aside, staged) = (dir.join(item), old.join(item), stage.join(item));
        if exists(fs, &live) && !exists(fs, &aside) && exists(fs, &stage) {
            fs.rename(&live, &aside).map_err(StoreError::io(&live))?;
        }
        if exists(fs, &staged) {
            fs.rename(&staged, &live).map_err(StoreError::io(&staged))?;
        }
    }
    fs.sync_dir(dir).map_err(StoreError::io(dir))?;
    // The switch is done and durable; what remains is tidying up.
    let intent_path = dir.join(INTENT);
    fs.remove_file(&intent_path).map_err(StoreError::io(&intent_path))?;
    fs.sync_dir(dir).map_err(StoreError::io(dir))?;
    match &intent.keep_old_in {
        Some(keep) => {
            let target = dir.join(CORRUPT_DIR).join(keep);
            fs.create_dir_all(&dir.join(CORRUPT_DIR)).map_err(StoreError::io(dir))?;
            if !exists(fs, &target) {
                fs.rename(&old, &target).map_err(StoreError::io(&old))?;
            }
        }
        None => {
            let _ = fs.remove_dir_all(&old);
        }
    }
    let _ = fs.remove_dir_all(&stage);
    fs.sync_dir(dir).map_err(StoreError::io(dir))
}

/// Stages `from` (a backup, or `None` for an empty collection), then switches to it.
fn replace_with(fs: &dyn Fs, dir: &Path, from: Option<&Path>, keep_old_in: Option<String>) -> Result<()> {
    let stage = dir.join(STAGE);
    if exists(fs, &stage) {
        fs.remove_dir_all(&stage).map_err(StoreError::io(&stage))?;
    }
    if let Some(src) = from {
        let needed = tree_size(fs, src) + MARGIN;
        if let Some(free) = fs.free_space(dir)
            && free < needed
        {
            return Err(StoreError::NoRoom { dir: dir.to_path_buf(), needed, free });
        }
        backups::copy_data(fs, src, &stage).map_err(StoreError::io(&stage))?;
    } else {
        fs.create_dir_all(&stage).map_err(StoreError::io(&stage))?;
        let empty = crate::model::Collection::default();
        super::snapshot::write(fs, &stage.join(SNAPSHOT), &empty, 1)?;
    }
    let text = ron::to_string(&Intent { keep_old_in }).expect("intent serialises");
    let intent = dir.join(INTENT);
    write_atomic(fs, &intent, text.as_bytes()).map_err(StoreError::io(&intent))?;
    switch(fs, dir, &ron::from_str(&text).expect("just written"))
}

/// Restores a backup into an open store, backing up the current state first. When anything
/// fails before the switch, the collection is exactly as it was.
pub fn restore(store: &mut Store, backup: &Backup, today: NaiveDate, now: DateTime<Utc>) -> Result<()> {
    if !store.writable() {
        return Err(StoreError::ReadOnly);
    }
    backups::take(store, today, now, "before-restore")?;
    let fs = store.fs().clone();
    replace_with(&*fs, store.dir(), Some(&backup.path), None)?;
    store.reload()
}

/// When the collection cannot be read: keeps the unreadable files in `corrupt/` and switches to
/// `backup`, or to an empty collection when `backup` is `None`. Takes the lock while it works.
pub fn recover(fs: super::SharedFs, dir: &Path, backup: Option<&Backup>) -> Result<Store> {
    {
        let _lock = super::take_lock(&*fs, dir)?;
        let keep = corrupt_dir(&*fs, dir).file_name().map(|n| n.to_string_lossy().into_owned());
        replace_with(&*fs, dir, backup.map(|b| b.path.as_path()), keep)?;
    }
    Store::open_on(fs, dir, Mode::Write)
}

/// "Open without the damaged line": keeps line `line` of journal segment `file` in `corrupt/`
/// (with its segment and line number), rewrites the segment without it, and opens the collection.
/// One bad line costs one record, not the collection.
pub fn skip_damaged_line(fs: super::SharedFs, dir: &Path, file: &Path, line: usize) -> Result<Store> {
    {
        let _lock = super::take_lock(&*fs, dir)?;
        let jdir = dir.join(JOURNAL_DIR);
        if file.parent() != Some(jdir.as_path()) {
            return Err(StoreError::Damaged {
                file: file.to_path_buf(),
                line,
                col: 1,
                message: "only a journal line can be skipped".into(),
            });
        }
        let bytes = fs.read(file).map_err(StoreError::io(file))?;
        let mut kept = Vec::with_capacity(bytes.len());
        let mut dropped: Option<&[u8]> = None;
        for (no, _, l, complete) in lines(&bytes) {
            if no == line {
                dropped = Some(l);
                continue;
            }
            kept.extend_from_slice(l);
            if complete {
                kept.push(b'\n');
            }
        }
        // Already gone (a repeated request): nothing to move aside.
        if let Some(bad) = dropped {
            let aside = corrupt_dir(&*fs, dir);
            let name = file.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
            let keep = aside.join(format!("{name}.line{line}"));
            fs.create_dir_all(&aside).map_err(StoreError::io(&aside))?;
            write_atomic(&*fs, &keep, bad).map_err(StoreError::io(&keep))?;
            write_atomic(&*fs, file, &kept).map_err(StoreError::io(file))?;
        }
    }
    Store::open_on(fs, dir, Mode::Write)
}
