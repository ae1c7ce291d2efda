//! The collection on disk (docs/storage.md): a RON snapshot replaced atomically, an append-only RON
//! journal (one record per line, fsynced before an answer is shown as recorded), deck files,
//! daily backups, and a lock so only one app writes a data directory.
//!
//! ```text
//! <data dir>/
//!   lock                    held by the app that writes
//!   collection.ron          Snapshot { version, replay_from, collection }
//!   journal/00000001.ron    "(version:1)" then one Record per line; segments ≥ replay_from are
//!                           replayed over the snapshot; all segments together are the history
//!   decks/<id>/exam.md      the exam text as imported
//!   decks/<id>/key.ron      its key (the student's key edits included)
//!   decks/<id>/images/      images the exam references
//!   backups/<date>/         dated copies of the above
//!   corrupt/<stamp>/        files that could not be read, moved aside, never deleted
//! ```

pub mod backups;
pub mod collection;
pub mod fsutil;
pub mod reimport;

use collection::{Collection, Record, Review, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};
use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Name of the snapshot file.
pub const SNAPSHOT: &str = "collection.ron";
/// Folder of journal segments.
pub const JOURNAL_DIR: &str = "journal";
/// Folder of deck files.
pub const DECKS_DIR: &str = "decks";
/// Replayed records after which opening folds the journal into a new snapshot.
const FOLD_ON_OPEN_AFTER: usize = 500;

/// What can go wrong with the store. Every variant names the file concerned.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// Reading or writing a file failed.
    #[error("{}: {source}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// The OS error.
        source: io::Error,
    },
    /// Another app holds the data directory.
    #[error("another examdeck window is already using {}; close it first (this one will not write anything)", .0.display())]
    Locked(PathBuf),
    /// A file could not be parsed.
    #[error("{}:{line}:{col}: {message}", file.display())]
    Corrupt {
        /// The file.
        file: PathBuf,
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        col: usize,
        /// What the parser said.
        message: String,
    },
    /// The file comes from a newer version of examdeck.
    #[error("{} has schema version {found}, newer than this examdeck reads ({SCHEMA_VERSION}); update examdeck", file.display())]
    TooNew {
        /// The file.
        file: PathBuf,
        /// Its version.
        found: u32,
    },
    /// The store was opened read-only.
    #[error("the collection is open read-only; nothing was written")]
    ReadOnly,
    /// No such deck.
    #[error("no deck named {0}")]
    NoDeck(String),
}

impl StoreError {
    fn io(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
        move |source| StoreError::Io { path: path.to_path_buf(), source }
    }
}

/// Result type of the store.
pub type Result<T> = std::result::Result<T, StoreError>;

#[derive(Serialize, Deserialize)]
struct Snapshot {
    version: u32,
    replay_from: u64,
    collection: Collection,
}

#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

#[derive(Serialize, Deserialize)]
struct Header {
    version: u32,
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

/// The open collection.
pub struct Store {
    dir: PathBuf,
    lock: Option<File>,
    collection: Collection,
    journal: Option<File>,
    segment: u64,
    since_fold: usize,
    dirty: bool,
    /// Things the student should know that did not stop loading (a torn last journal line).
    pub warnings: Vec<String>,
}

fn segment_path(dir: &Path, n: u64) -> PathBuf {
    dir.join(JOURNAL_DIR).join(format!("{n:08}.ron"))
}

/// Journal segment numbers present, ascending.
fn segments(dir: &Path) -> Result<Vec<u64>> {
    let jdir = dir.join(JOURNAL_DIR);
    let mut out = Vec::new();
    match fs::read_dir(&jdir) {
        Ok(rd) => {
            for e in rd {
                let e = e.map_err(StoreError::io(&jdir))?;
                let name = e.file_name();
                let name = name.to_string_lossy();
                if let Some(n) = name.strip_suffix(".ron").and_then(|s| s.parse::<u64>().ok()) {
                    out.push(n);
                }
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(StoreError::Io { path: jdir, source: e }),
    }
    out.sort_unstable();
    Ok(out)
}

fn ron_error(file: &Path, e: &ron::error::SpannedError, line_offset: usize) -> StoreError {
    StoreError::Corrupt {
        file: file.to_path_buf(),
        line: e.span.start.line + line_offset,
        col: e.span.start.col,
        message: e.code.to_string(),
    }
}

/// Reads and parses the snapshot, checking its schema version first.
fn read_snapshot(path: &Path) -> Result<Option<Snapshot>> {
    let bytes = match fs::read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::Io { path: path.to_path_buf(), source: e }),
    };
    let text = std::str::from_utf8(&bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        StoreError::Corrupt { file: path.to_path_buf(), line, col: 1, message: "not UTF-8 text".into() }
    })?;
    // The version comes first in every snapshot this program writes; read it without parsing the
    // whole file twice. A hand-edited file where it is not found is parsed in full to find it.
    let version = match leading_version(text) {
        Some(v) => v,
        None => ron::from_str::<VersionOnly>(text).map_err(|e| ron_error(path, &e, 0))?.version,
    };
    if version > SCHEMA_VERSION {
        return Err(StoreError::TooNew { file: path.to_path_buf(), found: version });
    }
    let text = migrate(text, version);
    let snap: Snapshot = ron::from_str(&text).map_err(|e| ron_error(path, &e, 0))?;
    Ok(Some(snap))
}

/// `version: N` as the first field of the top-level struct: `(version: 1, …` with any spacing.
fn leading_version(text: &str) -> Option<u32> {
    let rest = text.trim_start_matches('\u{feff}').trim_start();
    let rest = rest.strip_prefix("Snapshot").unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix('(')?.trim_start();
    let rest = rest.strip_prefix("version")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = rest[digits.len()..].trim_start();
    if !(after.starts_with(',') || after.starts_with(')')) {
        return None;
    }
    digits.parse().ok()
}

/// Brings an older snapshot's text up to the current schema. Version 1 is the first released
/// schema, so there is nothing to convert yet; each later version adds a step here and a fixture
/// in tests/fixtures/.
fn migrate(text: &str, version: u32) -> std::borrow::Cow<'_, str> {
    debug_assert!(version <= SCHEMA_VERSION);
    std::borrow::Cow::Borrowed(text)
}

/// The outcome of reading one journal segment.
struct SegmentRead {
    records: Vec<Record>,
    /// Byte length of the part that parsed; shorter than the file when the last line was torn.
    valid_len: u64,
    torn: bool,
}

fn read_segment(path: &Path, last: bool) -> Result<SegmentRead> {
    let bytes = fs::read(path).map_err(StoreError::io(path))?;
    let mut records = Vec::new();
    let mut pos = 0usize;
    let mut line_no = 0usize;
    while pos < bytes.len() {
        line_no += 1;
        let end = bytes[pos..].iter().position(|&b| b == b'\n').map(|i| pos + i);
        let (line, next, complete) = match end {
            Some(e) => (&bytes[pos..e], e + 1, true),
            None => (&bytes[pos..], bytes.len(), false),
        };
        let parsed: std::result::Result<Option<Record>, StoreError> = match std::str::from_utf8(line) {
            Err(_) => Err(StoreError::Corrupt {
                file: path.to_path_buf(),
                line: line_no,
                col: 1,
                message: "not UTF-8 text".into(),
            }),
            Ok(s) if s.trim().is_empty() => Ok(None),
            Ok(s) if line_no == 1 => match ron::from_str::<Header>(s) {
                Ok(h) if h.version > SCHEMA_VERSION => {
                    return Err(StoreError::TooNew { file: path.to_path_buf(), found: h.version });
                }
                Ok(_) => Ok(None),
                Err(e) => Err(ron_error(path, &e, line_no - 1)),
            },
            Ok(s) => ron::from_str::<Record>(s).map(Some).map_err(|e| ron_error(path, &e, line_no - 1)),
        };
        match parsed {
            Ok(r) => {
                if !complete && last {
                    // A record without its newline was being written when the app died.
                    return Ok(SegmentRead { records, valid_len: pos as u64, torn: true });
                }
                records.extend(r);
            }
            Err(e) => {
                // Only a last line without its newline can be a write cut short by a crash (a
                // record and its newline go out in one write); a complete line that does not
                // parse is corruption and is reported.
                let is_last_line = next >= bytes.len();
                if last && is_last_line && !complete {
                    return Ok(SegmentRead { records, valid_len: pos as u64, torn: true });
                }
                return Err(e);
            }
        }
        pos = next;
    }
    Ok(SegmentRead { records, valid_len: bytes.len() as u64, torn: false })
}

/// Whether the store may write.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mode {
    /// Take the lock and write.
    Write,
    /// Read only, without the lock (a second window, `examdeck score`).
    ReadOnly,
}

fn take_lock(dir: &Path) -> Result<File> {
    let path = dir.join("lock");
    let f = OpenOptions::new().create(true).truncate(false).write(true).open(&path).map_err(StoreError::io(&path))?;
    match f.try_lock() {
        Ok(()) => Ok(f),
        Err(fs::TryLockError::WouldBlock) => Err(StoreError::Locked(dir.to_path_buf())),
        Err(fs::TryLockError::Error(e)) => Err(StoreError::Io { path, source: e }),
    }
}

impl Store {
    /// Opens (or creates) the collection in `dir`.
    pub fn open(dir: &Path, mode: Mode) -> Result<Store> {
        let lock = match mode {
            Mode::Write => {
                fs::create_dir_all(dir).map_err(StoreError::io(dir))?;
                Some(take_lock(dir)?)
            }
            Mode::ReadOnly => None,
        };
        let snap_path = dir.join(SNAPSHOT);
        let snapshot = read_snapshot(&snap_path)?;
        let segs = segments(dir)?;
        let (mut collection, replay_from, fresh) = match snapshot {
            Some(s) => (s.collection, s.replay_from, false),
            None => (Collection::default(), segs.first().copied().unwrap_or(1), true),
        };
        let mut warnings = Vec::new();
        let replay: Vec<u64> = segs.iter().copied().filter(|&n| n >= replay_from).collect();
        let mut replayed = 0usize;
        let mut torn_at: Option<(u64, u64)> = None;
        for (i, &n) in replay.iter().enumerate() {
            let path = segment_path(dir, n);
            let last = i + 1 == replay.len();
            let read = read_segment(&path, last)?;
            for r in &read.records {
                collection.apply(r);
            }
            replayed += read.records.len();
            if read.torn {
                warnings.push(format!(
                    "{}: the last line was cut off by a crash and was dropped; everything before it is kept",
                    path.display()
                ));
                torn_at = Some((n, read.valid_len));
            }
        }
        let segment = replay.last().copied().unwrap_or(replay_from);
        let mut store = Store {
            dir: dir.to_path_buf(),
            lock,
            collection,
            journal: None,
            segment,
            since_fold: replayed,
            dirty: false,
            warnings,
        };
        if mode == Mode::ReadOnly {
            return Ok(store);
        }
        if let Some((n, len)) = torn_at {
            store.cut_torn_tail(n, len)?;
        }
        if fresh && replay.is_empty() {
            store.segment = 0;
            store.fold()?;
        } else if replayed >= FOLD_ON_OPEN_AFTER {
            store.fold()?;
        } else {
            store.open_journal()?;
        }
        Ok(store)
    }

    /// Keeps the torn bytes in corrupt/ and truncates the segment so new records start cleanly.
    fn cut_torn_tail(&mut self, n: u64, valid_len: u64) -> Result<()> {
        let path = segment_path(&self.dir, n);
        let bytes = fs::read(&path).map_err(StoreError::io(&path))?;
        let aside = self.corrupt_dir();
        fs::create_dir_all(&aside).map_err(StoreError::io(&aside))?;
        let keep = aside.join(format!("{n:08}.torn"));
        fs::write(&keep, &bytes[valid_len as usize..]).map_err(StoreError::io(&keep))?;
        let f = OpenOptions::new().write(true).open(&path).map_err(StoreError::io(&path))?;
        f.set_len(valid_len).map_err(StoreError::io(&path))?;
        f.sync_all().map_err(StoreError::io(&path))
    }

    fn corrupt_dir(&self) -> PathBuf {
        let stamp = chrono::Utc::now().format("%Y%m%dT%H%M%S%.3f");
        self.dir.join("corrupt").join(stamp.to_string())
    }

    fn open_journal(&mut self) -> Result<()> {
        let path = segment_path(&self.dir, self.segment);
        let exists = path.exists();
        let jdir = self.dir.join(JOURNAL_DIR);
        fs::create_dir_all(&jdir).map_err(StoreError::io(&jdir))?;
        let mut f = OpenOptions::new().create(true).append(true).open(&path).map_err(StoreError::io(&path))?;
        if !exists || f.metadata().map_err(StoreError::io(&path))?.len() == 0 {
            let header = ron::to_string(&Header { version: SCHEMA_VERSION }).expect("header serialises");
            f.write_all(format!("{header}\n").as_bytes()).map_err(StoreError::io(&path))?;
            f.sync_all().map_err(StoreError::io(&path))?;
            fsutil::sync_dir(&jdir).map_err(StoreError::io(&jdir))?;
        }
        self.journal = Some(f);
        Ok(())
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
    /// whatever the app shows as recorded survives a crash. Cost does not grow with the collection.
    pub fn commit(&mut self, record: Record) -> Result<()> {
        let Some(f) = self.journal.as_mut() else { return Err(StoreError::ReadOnly) };
        let mut line = ron::to_string(&record).expect("records serialise");
        debug_assert!(!line.contains('\n'));
        line.push('\n');
        let path = segment_path(&self.dir, self.segment);
        f.write_all(line.as_bytes()).map_err(StoreError::io(&path))?;
        f.sync_data().map_err(StoreError::io(&path))?;
        self.collection.apply(&record);
        self.since_fold += 1;
        self.dirty = true;
        Ok(())
    }

    /// Writes a snapshot of the current state and starts a new journal segment. The old segments
    /// stay as the review history.
    pub fn fold(&mut self) -> Result<()> {
        if self.lock.is_none() {
            return Err(StoreError::ReadOnly);
        }
        let next = self.segment + 1;
        self.segment = next;
        self.open_journal()?;
        let snap = Snapshot { version: SCHEMA_VERSION, replay_from: next, collection: self.collection.clone() };
        let text =
            ron::ser::to_string_pretty(&snap, ron::ser::PrettyConfig::new().depth_limit(3).indentor(" ".to_string()))
                .expect("snapshot serialises");
        let path = self.dir.join(SNAPSHOT);
        fsutil::write_atomic(&path, text.as_bytes()).map_err(StoreError::io(&path))?;
        self.since_fold = 0;
        Ok(())
    }

    /// Folds the journal and takes the day's backup if anything changed; call on exit.
    pub fn close(&mut self, today: chrono::NaiveDate) -> Result<()> {
        if self.lock.is_none() {
            return Ok(());
        }
        if self.since_fold > 0 {
            self.fold()?;
        }
        if self.dirty {
            backups::daily(self, today)?;
            self.dirty = false;
        }
        Ok(())
    }

    /// The whole review history, oldest first, without answers that were undone.
    pub fn history(&self) -> Result<Vec<Review>> {
        let segs = segments(&self.dir)?;
        let mut out: Vec<Review> = Vec::new();
        for (i, &n) in segs.iter().enumerate() {
            let read = read_segment(&segment_path(&self.dir, n), i + 1 == segs.len())?;
            for r in read.records {
                match r {
                    Record::Review(rev) => out.push(rev),
                    Record::Undo { review } => {
                        if let Some(pos) = out.iter().rposition(|r| *r == *review) {
                            out.remove(pos);
                        }
                    }
                    _ => {}
                }
            }
        }
        Ok(out)
    }

    /// The folder of a deck's files.
    pub fn deck_dir(&self, id: &str) -> PathBuf {
        self.dir.join(DECKS_DIR).join(id)
    }

    /// A deck's exam text and key text.
    pub fn deck_texts(&self, id: &str) -> Result<(String, Option<String>)> {
        let d = self.deck_dir(id);
        let exam_path = d.join("exam.md");
        let exam = fs::read_to_string(&exam_path).map_err(StoreError::io(&exam_path))?;
        let key_path = d.join("key.ron");
        let key = match fs::read_to_string(&key_path) {
            Ok(k) => Some(k),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(StoreError::Io { path: key_path, source: e }),
        };
        Ok((exam, key))
    }

    /// Adds or re-imports a deck: writes its files, carries progress over by the re-import rules
    /// and writes a snapshot. Returns what happened to the cards.
    pub fn put_deck(&mut self, deck: reimport::NewDeck<'_>) -> Result<reimport::Outcome> {
        if self.lock.is_none() {
            return Err(StoreError::ReadOnly);
        }
        let d = self.deck_dir(deck.id);
        fsutil::write_atomic(&d.join("exam.md"), deck.exam_text.as_bytes()).map_err(StoreError::io(&d))?;
        let key_path = d.join("key.ron");
        match deck.key_text {
            Some(k) => fsutil::write_atomic(&key_path, k.as_bytes()).map_err(StoreError::io(&key_path))?,
            None => {
                if key_path.exists() {
                    fs::remove_file(&key_path).map_err(StoreError::io(&key_path))?;
                }
            }
        }
        for (rel, bytes) in deck.images {
            let target = d.join("images").join(rel);
            if !target.starts_with(d.join("images")) || rel.contains("..") {
                continue;
            }
            fsutil::write_atomic(&target, bytes).map_err(StoreError::io(&target))?;
        }
        let old = self.collection.decks.remove(deck.id);
        let (meta, outcome) = reimport::merge(old, &deck);
        self.collection.decks.insert(deck.id.to_string(), meta);
        self.dirty = true;
        self.fold()?;
        Ok(outcome)
    }

    /// Renames a deck (the name shown; its id stays).
    pub fn rename_deck(&mut self, id: &str, name: &str) -> Result<()> {
        let d = self.collection.decks.get_mut(id).ok_or_else(|| StoreError::NoDeck(id.into()))?;
        d.name = name.trim().to_string();
        self.dirty = true;
        self.fold()
    }

    /// Deletes a deck after taking a backup.
    pub fn delete_deck(&mut self, id: &str, today: chrono::NaiveDate) -> Result<()> {
        if !self.collection.decks.contains_key(id) {
            return Err(StoreError::NoDeck(id.into()));
        }
        backups::take(self, today, "before-delete")?;
        self.collection.decks.remove(id);
        self.dirty = true;
        self.fold()?;
        let d = self.deck_dir(id);
        if d.exists() {
            fs::remove_dir_all(&d).map_err(StoreError::io(&d))?;
        }
        Ok(())
    }

    /// Resets every card of a deck to new after taking a backup (history kept).
    pub fn reset_deck(&mut self, id: &str, today: chrono::NaiveDate) -> Result<()> {
        if !self.collection.decks.contains_key(id) {
            return Err(StoreError::NoDeck(id.into()));
        }
        backups::take(self, today, "before-reset")?;
        self.commit(Record::ResetDeck { deck: id.to_string() })
    }

    /// Replaces the in-memory state by re-reading the directory (after a restore).
    fn reload(&mut self) -> Result<()> {
        let lock = self.lock.take();
        self.journal = None;
        drop(lock);
        let fresh = Store::open(&self.dir, Mode::Write)?;
        *self = fresh;
        Ok(())
    }
}

#[cfg(test)]
impl Store {
    /// Drops the store as a crash would: no fold, no backup; the lock is released.
    pub(crate) fn crash(mut self) {
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
