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
    /// The items the stage holds; the others are only moved aside.
    #[serde(default)]
    staged: Vec<String>,
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
    // An intent that cannot be read: keep everything that is replaced, and take what is staged.
    let intent = intent.unwrap_or_else(|| Intent {
        keep_old_in: corrupt_dir(fs, dir).file_name().map(|n| n.to_string_lossy().into_owned()),
        staged: ITEMS.iter().filter(|i| exists(fs, &dir.join(STAGE).join(i))).map(|i| i.to_string()).collect(),
    });
    switch(fs, dir, &intent)
}

/// Switches every item to its staged version, or moves it aside when the stage has none. Each
/// step can be taken again: an item whose staged version is gone was switched already.
fn switch(fs: &dyn Fs, dir: &Path, intent: &Intent) -> Result<()> {
    let (stage, old) = (dir.join(STAGE), dir.join(OLD));
    fs.create_dir_all(&old).map_err(StoreError::io(&old))?;
    for item in ITEMS {
        let (live, aside, staged) = (dir.join(item), old.join(item), stage.join(item));
        let to_stage = intent.staged.iter().any(|s| s == item);
        if to_stage && !exists(fs, &staged) {
            continue; // Switched already.
        }
        if exists(fs, &live) && !exists(fs, &aside) {
            fs.rename(&live, &aside).map_err(StoreError::io(&live))?;
        }
        if to_stage {
            fs.rename(&staged, &live).map_err(StoreError::io(&staged))?;
        }
    }
    fs.sync_dir(dir).map_err(StoreError::io(dir))?;
    // The switch is done and durable. The replaced files go to `corrupt/` before the intent is
    // removed, so a crash now cannot leave them to be cleaned up as leftovers.
    if let Some(keep) = &intent.keep_old_in {
        let target = dir.join(CORRUPT_DIR).join(keep);
        fs.create_dir_all(&dir.join(CORRUPT_DIR)).map_err(StoreError::io(dir))?;
        if exists(fs, &old) && !exists(fs, &target) {
            fs.rename(&old, &target).map_err(StoreError::io(&old))?;
        }
        fs.sync_dir(&dir.join(CORRUPT_DIR)).map_err(StoreError::io(dir))?;
        fs.sync_dir(dir).map_err(StoreError::io(dir))?;
    }
    let intent_path = dir.join(INTENT);
    fs.remove_file(&intent_path).map_err(StoreError::io(&intent_path))?;
    fs.sync_dir(dir).map_err(StoreError::io(dir))?;
    for leftover in [OLD, STAGE] {
        if exists(fs, &dir.join(leftover)) {
            let _ = fs.remove_dir_all(&dir.join(leftover));
        }
    }
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
    let staged = ITEMS.iter().filter(|i| exists(fs, &stage.join(i))).map(|i| i.to_string()).collect();
    let text = ron::to_string(&Intent { keep_old_in, staged }).expect("intent serialises");
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
    let fs = store.fs().clone();
    // Room for the backup taken first and for the staged copy, before anything is written.
    let needed = tree_size(&*fs, &backup.path) + tree_size(&*fs, store.dir()) + MARGIN;
    if let Some(free) = fs.free_space(store.dir())
        && free < needed
    {
        return Err(StoreError::NoRoom { dir: store.dir().to_path_buf(), needed, free });
    }
    backups::take(store, today, now, "before-restore")?;
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
        // Line 1 is the segment's header: it cannot be left out.
        if file.parent() != Some(jdir.as_path()) || line < 2 {
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
