//! Files handed to the open window. `examdeck FILE` while a window holds the collection writes
//! the file's path into `inbox/` of the data directory; the window takes it from there and
//! opens its import screen. One small file per hand-over, written whole (temp + rename), so a
//! window never reads half a path.
//!
//! ```text
//! inbox/<nanoseconds>-<pid>.path   the absolute path of the file, UTF-8, one line
//! ```

use super::fs::{Fs, LockError};
use std::io;
use std::path::{Path, PathBuf};

/// The folder of hand-overs in a data directory.
pub const INBOX_DIR: &str = "inbox";

/// Whether another program holds the collection in `dir` (its lock is taken). An error taking
/// the lock, a folder that does not exist yet, are not "held".
pub fn is_held(fs: &dyn Fs, dir: &Path) -> bool {
    let lock = dir.join(super::LOCK_FILE);
    if !matches!(fs.len(&lock), Ok(Some(_))) {
        return false;
    }
    matches!(fs.lock(&lock), Err(LockError::Held))
}

/// Hands `file` to the window that holds `dir`, stamped with `nanos` and `pid` (which keep two
/// hand-overs apart and in order). Returns the hand-over's path.
pub fn hand_over(fs: &dyn Fs, dir: &Path, file: &Path, nanos: u128, pid: u32) -> io::Result<PathBuf> {
    let inbox = dir.join(INBOX_DIR);
    fs.create_dir_all(&inbox)?;
    let text = file.to_str().ok_or_else(|| {
        io::Error::new(io::ErrorKind::InvalidInput, format!("the path {} is not valid UTF-8", file.display()))
    })?;
    let name = format!("{nanos:039}-{pid}.path");
    let tmp = inbox.join(format!("{name}.tmp"));
    fs.write(&tmp, format!("{text}\n").as_bytes())?;
    let path = inbox.join(name);
    fs.rename(&tmp, &path)?;
    Ok(path)
}

/// Takes every hand-over waiting in `dir`, oldest first, removing each; unreadable or
/// half-written ones are skipped (and left for the next look, if only half-written).
pub fn take(fs: &dyn Fs, dir: &Path) -> Vec<PathBuf> {
    let inbox = dir.join(INBOX_DIR);
    let Ok(mut entries) = fs.list(&inbox) else { return Vec::new() };
    entries.retain(|e| e.name.ends_with(".path"));
    entries.sort_by(|a, b| a.name.cmp(&b.name));
    let mut out = Vec::new();
    for e in entries {
        let path = inbox.join(&e.name);
        let Ok(bytes) = fs.read(&path) else { continue };
        // Taken once: a hand-over that cannot be removed would open again and again.
        if fs.remove_file(&path).is_err() {
            continue;
        }
        if let Ok(text) = String::from_utf8(bytes) {
            let line = text.trim_end_matches(['\n', '\r']);
            if !line.is_empty() {
                out.push(PathBuf::from(line));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::store::fs::OsFs;

    #[test]
    fn hand_overs_are_taken_once_oldest_first() {
        let dir = tempfile::tempdir().expect("temp dir");
        let fs = OsFs;
        assert!(take(&fs, dir.path()).is_empty(), "no inbox yet");
        hand_over(&fs, dir.path(), Path::new("/exams/later.md"), 20, 7).expect("hand over");
        hand_over(&fs, dir.path(), Path::new("/exams/first exam.gift"), 3, 9).expect("hand over");
        // A half-written one (no `.path` yet) is not taken.
        std::fs::write(dir.path().join(INBOX_DIR).join("x.path.tmp"), "/half").expect("write");
        assert_eq!(take(&fs, dir.path()), [PathBuf::from("/exams/first exam.gift"), PathBuf::from("/exams/later.md")]);
        assert!(take(&fs, dir.path()).is_empty(), "taken once");
    }

    #[test]
    fn a_lock_is_held_only_while_a_store_holds_it() {
        let dir = tempfile::tempdir().expect("temp dir");
        assert!(!is_held(&OsFs, dir.path()), "nothing there yet");
        let store = crate::store::Store::open(dir.path(), crate::store::Mode::Write).expect("open");
        assert!(is_held(&OsFs, dir.path()));
        drop(store);
        assert!(!is_held(&OsFs, dir.path()), "released when the store closes");
    }
}
