//! The thin file-system layer under the store. Every write path of the store (journal,
//! snapshot, deck files, history, backups, restore, repair) goes through `Fs`, so a test can put
//! a simulated disk underneath (`simfs`) that records each write and fsync and can lose what was
//! not synced, or fail with a full or read-only disk. `OsFs` is the real one.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

/// What a directory entry is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EntryKind {
    /// A regular file.
    File,
    /// A directory.
    Dir,
    /// Anything else (links, devices, sockets).
    Other,
}

/// One entry of a directory listing.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Entry {
    /// The entry's name.
    pub name: String,
    /// File, directory or other.
    pub kind: EntryKind,
}

/// Why a lock could not be taken.
#[derive(Debug)]
pub enum LockError {
    /// Another process (or another open store) holds it.
    Held,
    /// The lock file could not be opened or locked.
    Io(io::Error),
}

/// A held lock; dropping it releases the lock.
pub type LockGuard = Box<dyn std::any::Any + Send + Sync>;

/// The file operations the store uses. Writes are not durable until `sync` (for a file's data)
/// and `sync_dir` (for names created, renamed or removed in a directory).
pub trait Fs: Send + Sync + std::fmt::Debug {
    /// The whole content of a file.
    fn read(&self, path: &Path) -> io::Result<Vec<u8>>;
    /// Creates or truncates `path` and writes `bytes`.
    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    /// Appends `bytes` to `path`, creating it when missing.
    fn append(&self, path: &Path, bytes: &[u8]) -> io::Result<()>;
    /// Flushes a file's data to the disk.
    fn sync(&self, path: &Path) -> io::Result<()>;
    /// Flushes a directory's entries to the disk.
    fn sync_dir(&self, dir: &Path) -> io::Result<()>;
    /// Renames, replacing `to` when it is a file.
    fn rename(&self, from: &Path, to: &Path) -> io::Result<()>;
    /// Removes a file.
    fn remove_file(&self, path: &Path) -> io::Result<()>;
    /// Removes a directory and everything in it.
    fn remove_dir_all(&self, path: &Path) -> io::Result<()>;
    /// Creates a directory and its parents.
    fn create_dir_all(&self, path: &Path) -> io::Result<()>;
    /// The entries of a directory (`NotFound` when it does not exist).
    fn list(&self, dir: &Path) -> io::Result<Vec<Entry>>;
    /// A file's length in bytes, or `None` when it does not exist.
    fn len(&self, path: &Path) -> io::Result<Option<u64>>;
    /// Cuts a file to `len` bytes.
    fn truncate(&self, path: &Path, len: u64) -> io::Result<()>;
    /// Takes the exclusive lock of `path` without waiting.
    fn lock(&self, path: &Path) -> Result<LockGuard, LockError>;
    /// Bytes free for the current user on the disk that holds `dir`, when it can be told.
    fn free_space(&self, dir: &Path) -> Option<u64>;
}

/// A shared file system.
pub type SharedFs = Arc<dyn Fs>;

/// The real file system.
#[derive(Debug, Default, Clone, Copy)]
pub struct OsFs;

impl OsFs {
    /// The real file system, shared.
    pub fn shared() -> SharedFs {
        Arc::new(OsFs)
    }
}

impl Fs for OsFs {
    fn read(&self, path: &Path) -> io::Result<Vec<u8>> {
        std::fs::read(path)
    }

    fn write(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        std::fs::write(path, bytes)
    }

    fn append(&self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        use std::io::Write;
        std::fs::OpenOptions::new().create(true).append(true).open(path)?.write_all(bytes)
    }

    fn sync(&self, path: &Path) -> io::Result<()> {
        std::fs::OpenOptions::new().write(true).open(path)?.sync_all()
    }

    fn sync_dir(&self, dir: &Path) -> io::Result<()> {
        #[cfg(unix)]
        {
            std::fs::File::open(dir)?.sync_all()
        }
        #[cfg(not(unix))]
        {
            let _ = dir;
            Ok(())
        }
    }

    fn rename(&self, from: &Path, to: &Path) -> io::Result<()> {
        std::fs::rename(from, to)
    }

    fn remove_file(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_file(path)
    }

    fn remove_dir_all(&self, path: &Path) -> io::Result<()> {
        std::fs::remove_dir_all(path)
    }

    fn create_dir_all(&self, path: &Path) -> io::Result<()> {
        std::fs::create_dir_all(path)
    }

    fn list(&self, dir: &Path) -> io::Result<Vec<Entry>> {
        let mut out = Vec::new();
        for e in std::fs::read_dir(dir)? {
            let e = e?;
            let kind = match e.file_type()? {
                t if t.is_file() => EntryKind::File,
                t if t.is_dir() => EntryKind::Dir,
                _ => EntryKind::Other,
            };
            out.push(Entry { name: e.file_name().to_string_lossy().into_owned(), kind });
        }
        Ok(out)
    }

    fn len(&self, path: &Path) -> io::Result<Option<u64>> {
        match std::fs::metadata(path) {
            Ok(m) => Ok(Some(m.len())),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e),
        }
    }

    fn truncate(&self, path: &Path, len: u64) -> io::Result<()> {
        std::fs::OpenOptions::new().write(true).open(path)?.set_len(len)
    }

    fn lock(&self, path: &Path) -> Result<LockGuard, LockError> {
        let f =
            std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(path).map_err(LockError::Io)?;
        match f.try_lock() {
            Ok(()) => Ok(Box::new(f)),
            Err(std::fs::TryLockError::WouldBlock) => Err(LockError::Held),
            Err(std::fs::TryLockError::Error(e)) => Err(LockError::Io(e)),
        }
    }

    fn free_space(&self, dir: &Path) -> Option<u64> {
        free_space(dir)
    }
}

#[cfg(unix)]
fn free_space(dir: &Path) -> Option<u64> {
    use std::os::unix::ffi::OsStrExt;
    let c = std::ffi::CString::new(dir.as_os_str().as_bytes()).ok()?;
    let mut st = std::mem::MaybeUninit::<libc::statvfs>::uninit();
    // SAFETY: `c` is a NUL-terminated path and `st` points to writable memory of the right size;
    // statvfs only writes into it and we read it only when the call succeeded.
    let rc = unsafe { libc::statvfs(c.as_ptr(), st.as_mut_ptr()) };
    if rc != 0 {
        return None;
    }
    // SAFETY: statvfs returned 0, so it filled `st`.
    let st = unsafe { st.assume_init() };
    #[allow(clippy::unnecessary_cast)]
    Some(st.f_bavail as u64 * st.f_frsize as u64)
}

#[cfg(not(unix))]
fn free_space(_dir: &Path) -> Option<u64> {
    None
}

/// The temporary name a file is written under before it replaces `path`.
pub fn tmp_path(path: &Path) -> PathBuf {
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    dir.join(format!(".{name}.tmp"))
}

/// Replaces `path` atomically with `bytes`: temp file, fsync, rename, fsync of the directory.
/// A crash at any point leaves either the old file or the new one, never a mix.
pub fn write_atomic(fs: &dyn Fs, path: &Path, bytes: &[u8]) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    fs.create_dir_all(dir)?;
    let tmp = tmp_path(path);
    let written = fs.write(&tmp, bytes).and_then(|()| fs.sync(&tmp));
    if let Err(e) = written {
        // A half-written temp file is useless; leave no clutter when it can be removed.
        let _ = fs.remove_file(&tmp);
        return Err(e);
    }
    fs.rename(&tmp, path)?;
    fs.sync_dir(dir)
}

/// Copies a directory tree (files and folders only), fsyncing every file and folder, so the copy
/// is durable when this returns.
pub fn copy_tree(fs: &dyn Fs, from: &Path, to: &Path) -> io::Result<()> {
    fs.create_dir_all(to)?;
    for entry in fs.list(from)? {
        let (src, dst) = (from.join(&entry.name), to.join(&entry.name));
        match entry.kind {
            EntryKind::Dir => copy_tree(fs, &src, &dst)?,
            EntryKind::File => {
                fs.write(&dst, &fs.read(&src)?)?;
                fs.sync(&dst)?;
            }
            EntryKind::Other => {}
        }
    }
    fs.sync_dir(to)
}

/// Total size in bytes of the files under `path` (0 when it cannot be read).
pub fn tree_size(fs: &dyn Fs, path: &Path) -> u64 {
    let Ok(entries) = fs.list(path) else { return 0 };
    entries
        .iter()
        .map(|e| match e.kind {
            EntryKind::Dir => tree_size(fs, &path.join(&e.name)),
            EntryKind::File => fs.len(&path.join(&e.name)).ok().flatten().unwrap_or(0),
            EntryKind::Other => 0,
        })
        .sum()
}

/// Whether `path` exists (as anything).
pub fn exists(fs: &dyn Fs, path: &Path) -> bool {
    if matches!(fs.len(path), Ok(Some(_))) {
        return true;
    }
    let (Some(parent), Some(name)) = (path.parent(), path.file_name()) else { return false };
    let name = name.to_string_lossy();
    fs.list(parent).is_ok_and(|es| es.iter().any(|e| e.name == name))
}

/// Copies a directory tree with the real file system, for tests and fixtures.
pub fn copy_dir(from: &Path, to: &Path) -> io::Result<()> {
    copy_tree(&OsFs, from, to)
}
