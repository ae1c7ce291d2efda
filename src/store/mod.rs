//! The collection on disk (docs/storage.md): a RON snapshot replaced atomically, an append-only
//! RON journal (one record per line, fsynced before an answer is shown as recorded), compacted
//! history files, deck files, backups, and a lock so only one app writes a data directory. The
//! store persists records; what they mean is the model's business.
//!
//! ```text
//! <data dir>/
//!   lock                       held by the app that writes
//!   collection.ron             Snapshot { version, replay_from, collection }
//!   journal/00000007.ron       "(version:2)" then one Record per line; replayed over the snapshot
//!   history/<day>.00000006.ron older segments, compacted: one short line per review
//!   decks/<id>/exam.md         the exam text as imported
//!   decks/<id>/key.ron         its key (the student's key edits included)
//!   decks/<id>/images/         images the exam references
//!   backups/<date>[-label]/    copies of the above, with backup.ron saying when each was made
//!   corrupt/<stamp>/           files that could not be read, moved aside, never deleted
//! ```

pub mod backups;
pub mod error;
pub mod fs;
pub mod history;
pub mod inbox;
pub mod journal;
pub mod restore;
pub mod simfs;
pub mod snapshot;

pub use error::{Kind, Result, StoreError};
pub use fs::{Fs, OsFs, SharedFs};
pub use journal::JOURNAL_DIR;
pub use snapshot::SNAPSHOT;

use crate::model::{Collection, DeckMeta, Record};
use fs::{LockError, LockGuard, exists, write_atomic};
use std::path::{Path, PathBuf};

/// Folder of deck files.
pub const DECKS_DIR: &str = "decks";
/// Replayed records after which opening folds the journal into a new snapshot.
const FOLD_ON_OPEN_AFTER: usize = 500;

/// Gives memory freed after a large read back to the system. Opening a big collection and
/// reading its history on other threads leaves glibc's per-thread arenas holding the transient
/// buffers (about 100 MB at 100,000 cards); trimming returns them, so the resident size reflects
/// what the window keeps. Does nothing elsewhere.
pub fn release_memory() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    // SAFETY: malloc_trim only walks and trims the allocator's own free lists.
    unsafe {
        libc::malloc_trim(0);
    }
}

/// The data directory to use: `--data-dir`, else `EXAMDECK_DATA_DIR`, else the platform's.
pub fn data_dir(flag: Option<&Path>) -> PathBuf {
    if let Some(p) = flag {
        return p.to_path_buf();
    }
    if let Some(p) = std::env::var_os("EXAMDECK_DATA_DIR").filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    directories::ProjectDirs::from("", "", "examdeck")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from(".examdeck"))
}

/// Whether the store may write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Take the lock and write.
    Write,
    /// Read only, without the lock (a second window, `examdeck score`, a disk that refuses
    /// writes). A newer schema is read as far as this version understands it.
    ReadOnly,
}

/// A deck's files as the store writes them.
pub struct DeckFiles<'a> {
    /// The exam text.
    pub exam_text: &'a str,
    /// The key text (`None` removes the key file).
    pub key_text: Option<&'a str>,
    /// Images by the path the exam writes, relative to the exam.
    pub images: &'a [(String, Vec<u8>)],
}

/// A deck's exam and key files as bytes, each `None` when missing.
pub type DeckBytes = (Option<Vec<u8>>, Option<Vec<u8>>);

/// The open collection.
pub struct Store {
    fs: SharedFs,
    dir: PathBuf,
    lock: Option<LockGuard>,
    collection: Collection,
    /// The segment new records go to, and its length up to its last complete record.
    segment: u64,
    seg_len: u64,
    /// A failed append may have left part of a record: start a new segment before writing more.
    journal_unsure: bool,
    since_fold: usize,
    dirty: bool,
    /// Things the student should know that did not stop loading (a torn last journal line).
    pub warnings: Vec<String>,
}

/// The file whose lock the writing app holds.
pub(crate) const LOCK_FILE: &str = "lock";

fn take_lock(fs: &dyn Fs, dir: &Path) -> Result<LockGuard> {
    let path = dir.join(LOCK_FILE);
    match fs.lock(&path) {
        Ok(g) => Ok(g),
        Err(LockError::Held) => Err(StoreError::Locked(dir.to_path_buf())),
        Err(LockError::Io(e)) => Err(StoreError::Io { path, source: e }),
    }
}

impl Store {
    /// Opens (or creates) the collection in `dir` on the real disk.
    pub fn open(dir: &Path, mode: Mode) -> Result<Store> {
        Store::open_on(OsFs::shared(), dir, mode)
    }

    /// Opens (or creates) the collection in `dir` on `fs`.
    pub fn open_on(fs: SharedFs, dir: &Path, mode: Mode) -> Result<Store> {
        let lock = match mode {
            Mode::Write => {
                fs.create_dir_all(dir).map_err(StoreError::io(dir))?;
                let lock = take_lock(&*fs, dir)?;
                restore::finish_interrupted(&*fs, dir)?;
                restore::clean_stale(&*fs, dir);
                Some(lock)
            }
            Mode::ReadOnly => None,
        };
        let snap_path = dir.join(SNAPSHOT);
        let snapshot = snapshot::read(&*fs, &snap_path, mode == Mode::ReadOnly)?;
        let segs = journal::segments(&*fs, dir)?;
        let (mut collection, replay_from, fresh) = match snapshot {
            Some(s) => (s.collection, s.replay_from, false),
            None => (Collection::default(), segs.first().copied().unwrap_or(1), true),
        };
        // Whatever version wrote it, the collection in memory is of this version now.
        collection.version = crate::model::SCHEMA_VERSION;
        let mut warnings = Vec::new();
        let replay: Vec<u64> = segs.iter().copied().filter(|&n| n >= replay_from).collect();
        let mut replayed = 0usize;
        let mut torn: Vec<(u64, u64)> = Vec::new();
        for &n in &replay {
            let path = journal::segment_path(dir, n);
            let reading = if mode == Mode::ReadOnly { journal::Reading::Lenient } else { journal::Reading::Strict };
            let (read, _) = journal::read_segment(&*fs, &path, reading)?;
            for (_, r) in &read.records {
                collection.apply(r);
            }
            replayed += read.records.len();
            if read.torn {
                warnings.push(format!(
                    "{}: the last line was cut off by a crash and was dropped; everything before it is kept",
                    path.display()
                ));
                torn.push((n, read.valid_len));
            }
        }
        let segment = replay.last().copied().unwrap_or(replay_from);
        let seg_len = fs.len(&journal::segment_path(dir, segment)).ok().flatten().unwrap_or(0);
        let mut store = Store {
            fs,
            dir: dir.to_path_buf(),
            lock,
            collection,
            segment,
            seg_len,
            journal_unsure: false,
            since_fold: replayed,
            dirty: false,
            warnings,
        };
        if mode == Mode::ReadOnly {
            return Ok(store);
        }
        for (n, len) in torn {
            store.cut_torn_tail(n, len)?;
        }
        if fresh && replay.is_empty() {
            // New segments come after every number the history already uses.
            store.segment = history::highest_segment(&*store.fs, dir)?.unwrap_or(0);
            store.fold()?;
        } else if replayed >= FOLD_ON_OPEN_AFTER {
            store.fold()?;
        } else if !exists(&*store.fs, &journal::segment_path(dir, store.segment)) {
            store.start_segment(store.segment)?;
        }
        Ok(store)
    }

    /// Keeps the torn bytes in corrupt/ and truncates the segment so new records start cleanly.
    fn cut_torn_tail(&mut self, n: u64, valid_len: u64) -> Result<()> {
        let path = journal::segment_path(&self.dir, n);
        let bytes = self.fs.read(&path).map_err(StoreError::io(&path))?;
        let aside = self.corrupt_dir();
        self.fs.create_dir_all(&aside).map_err(StoreError::io(&aside))?;
        let keep = aside.join(format!("{n:08}.torn"));
        write_atomic(&*self.fs, &keep, &bytes[valid_len as usize..]).map_err(StoreError::io(&keep))?;
        self.fs.truncate(&path, valid_len).map_err(StoreError::io(&path))?;
        self.fs.sync(&path).map_err(StoreError::io(&path))?;
        if n == self.segment {
            self.seg_len = valid_len;
        }
        Ok(())
    }

    /// A fresh folder under `corrupt/` for files moved aside now.
    pub(crate) fn corrupt_dir(&self) -> PathBuf {
        restore::corrupt_dir(&*self.fs, &self.dir)
    }

    /// Creates segment `n` with its header, durably, and makes it the one records go to.
    fn start_segment(&mut self, n: u64) -> Result<()> {
        let jdir = self.dir.join(JOURNAL_DIR);
        self.fs.create_dir_all(&jdir).map_err(StoreError::io(&jdir))?;
        let path = journal::segment_path(&self.dir, n);
        let header = journal::header_line();
        write_atomic(&*self.fs, &path, header.as_bytes()).map_err(StoreError::io(&path))?;
        self.segment = n;
        self.seg_len = header.len() as u64;
        self.journal_unsure = false;
        Ok(())
    }

    /// The file system the store works on.
    pub fn fs(&self) -> &SharedFs {
        &self.fs
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Whether this store may write.
    pub fn writable(&self) -> bool {
        self.lock.is_some()
    }

    /// The collection as it is now.
    pub fn collection(&self) -> &Collection {
        &self.collection
    }

    /// Records a change durably: appended to the journal and fsynced before it is applied, so
    /// whatever the app shows as recorded survives a crash. When the write fails, whatever part of
    /// the record reached the file is cut off again (or, if even that fails, the next record goes
    /// to a new segment), the collection is unchanged and the error says why.
    pub fn commit(&mut self, record: Record) -> Result<()> {
        if self.lock.is_none() {
            return Err(StoreError::ReadOnly);
        }
        if self.journal_unsure {
            self.start_segment(self.segment + 1)?;
        }
        let mut line = ron::to_string(&record).expect("records serialise");
        debug_assert!(!line.contains('\n'));
        line.push('\n');
        let path = journal::segment_path(&self.dir, self.segment);
        let written = self.fs.append(&path, line.as_bytes()).and_then(|()| self.fs.sync(&path));
        if let Err(e) = written {
            let cut = self.fs.truncate(&path, self.seg_len).and_then(|()| self.fs.sync(&path));
            if cut.is_err() {
                self.journal_unsure = true;
            }
            return Err(StoreError::Io { path, source: e });
        }
        self.seg_len += line.len() as u64;
        self.collection.apply(&record);
        self.since_fold += 1;
        self.dirty = true;
        Ok(())
    }

    /// Writes a snapshot of the current state and starts a new journal segment. Segments the
    /// snapshot covers are compacted into the history.
    pub fn fold(&mut self) -> Result<()> {
        if self.lock.is_none() {
            return Err(StoreError::ReadOnly);
        }
        let next = self.segment + 1;
        self.start_segment(next)?;
        let path = self.dir.join(SNAPSHOT);
        snapshot::write(&*self.fs, &path, &self.collection, next)?;
        self.since_fold = 0;
        if let Err(e) = history::compact(&*self.fs, &self.dir, next) {
            // The segments stay and are compacted next time; nothing is lost.
            self.warnings.push(format!("the history could not be compacted yet: {e}"));
        }
        Ok(())
    }

    /// Folds the journal and takes the day's backup if anything changed; call on exit.
    pub fn close(&mut self, today: chrono::NaiveDate, now: chrono::DateTime<chrono::Utc>) -> Result<()> {
        if self.lock.is_none() {
            return Ok(());
        }
        if self.since_fold > 0 {
            self.fold()?;
        }
        if self.dirty {
            backups::daily(self, today, now)?;
            self.dirty = false;
        }
        Ok(())
    }

    /// Streams the whole review history, oldest first (undone reviews come as `Undo` events after
    /// them). What cannot be read is skipped and named in the report.
    pub fn history(&self, visit: &mut dyn FnMut(crate::model::HistoryEvent)) -> Result<history::HistoryReport> {
        history::read_all(&*self.fs, &self.dir, visit)
    }

    /// The folder of a deck's files.
    pub fn deck_dir(&self, id: &str) -> PathBuf {
        self.dir.join(DECKS_DIR).join(id)
    }

    /// A deck's exam text and key text, as bytes (`None` when the file is missing).
    pub fn deck_files(&self, id: &str) -> Result<DeckBytes> {
        let d = self.deck_dir(id);
        let read = |p: PathBuf| match self.fs.read(&p) {
            Ok(b) => Ok(Some(b)),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(StoreError::Io { path: p, source: e }),
        };
        Ok((read(d.join("exam.md"))?, read(d.join("key.ron"))?))
    }

    /// Writes a deck's files and replaces its metadata (card states included), then writes a
    /// snapshot. The files are written first: if that fails, the collection is unchanged.
    pub fn put_deck(&mut self, meta: DeckMeta, files: DeckFiles<'_>) -> Result<()> {
        if self.lock.is_none() {
            return Err(StoreError::ReadOnly);
        }
        let d = self.deck_dir(&meta.id);
        let exam_path = d.join("exam.md");
        write_atomic(&*self.fs, &exam_path, files.exam_text.as_bytes()).map_err(StoreError::io(&exam_path))?;
        let key_path = d.join("key.ron");
        match files.key_text {
            Some(k) => write_atomic(&*self.fs, &key_path, k.as_bytes()).map_err(StoreError::io(&key_path))?,
            None if exists(&*self.fs, &key_path) => {
                self.fs.remove_file(&key_path).map_err(StoreError::io(&key_path))?;
                self.fs.sync_dir(&d).map_err(StoreError::io(&d))?;
            }
            None => {}
        }
        let images = d.join("images");
        for (rel, bytes) in files.images {
            let target = images.join(rel);
            if rel.contains("..") || !target.starts_with(&images) {
                continue;
            }
            write_atomic(&*self.fs, &target, bytes).map_err(StoreError::io(&target))?;
        }
        self.replace_meta(meta)
    }

    /// Replaces a deck's metadata and writes a snapshot; on failure the collection is as before.
    fn replace_meta(&mut self, meta: DeckMeta) -> Result<()> {
        let id = meta.id.clone();
        let old = self.collection.decks.insert(id.clone(), meta);
        if let Err(e) = self.fold() {
            match old {
                Some(o) => self.collection.decks.insert(id, o),
                None => self.collection.decks.remove(&id),
            };
            return Err(e);
        }
        self.dirty = true;
        Ok(())
    }

    /// Removes a deck from the collection (after a snapshot without it, its files go too).
    pub fn remove_deck(&mut self, id: &str) -> Result<()> {
        if self.lock.is_none() {
            return Err(StoreError::ReadOnly);
        }
        let Some(old) = self.collection.decks.remove(id) else { return Ok(()) };
        if let Err(e) = self.fold() {
            self.collection.decks.insert(id.to_string(), old);
            return Err(e);
        }
        self.dirty = true;
        let d = self.deck_dir(id);
        if exists(&*self.fs, &d) {
            self.fs.remove_dir_all(&d).map_err(StoreError::io(&d))?;
        }
        Ok(())
    }

    /// Replaces the in-memory state by re-reading the directory (after a restore).
    pub(crate) fn reload(&mut self) -> Result<()> {
        self.lock = None;
        let fresh = Store::open_on(self.fs.clone(), &self.dir, Mode::Write)?;
        *self = fresh;
        Ok(())
    }

    /// Drops the store as a crash would: no fold, no backup; the lock is released.
    pub fn crash(mut self) {
        self.since_fold = 0;
        self.dirty = false;
    }
}

impl Drop for Store {
    fn drop(&mut self) {
        // Folding on drop keeps start-up fast; a failure here loses nothing (the journal has it).
        if self.lock.is_some() && self.since_fold > 0 {
            let _ = self.fold();
        }
    }
}

#[cfg(test)]
mod tests;
