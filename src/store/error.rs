//! What can go wrong with the store, told as what it is: the disk refusing to be written
//! ("cannot write here"), a collection made by a newer examdeck, a damaged file (with its line),
//! or another window holding the collection.

use crate::model::SCHEMA_VERSION;
use std::io;
use std::path::PathBuf;

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
    Damaged {
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
    #[error("{} was written by a newer examdeck (schema version {found}; this one reads up to {SCHEMA_VERSION}); update examdeck to open it", file.display())]
    TooNew {
        /// The file.
        file: PathBuf,
        /// Its version.
        found: u32,
    },
    /// The store was opened read-only.
    #[error("the collection is open read-only; nothing was written")]
    ReadOnly,
    /// A restore needs more room than the disk has.
    #[error("not enough free space in {}: {needed} bytes are needed and {free} are free; nothing was changed", dir.display())]
    NoRoom {
        /// The data directory.
        dir: PathBuf,
        /// Bytes the operation needs.
        needed: u64,
        /// Bytes free.
        free: u64,
    },
}

/// What kind of failure an error is, for choosing what to tell and offer the student.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The disk refuses writes: read-only, no permission, or full. Open read-only, say so,
    /// offer to retry.
    CannotWrite,
    /// Written by a newer examdeck: open read-only and say which version.
    TooNew,
    /// A file is damaged: say which and where; offer recovery that keeps the damaged files.
    Damaged,
    /// Another window holds the collection.
    Locked,
    /// Anything else the OS reported (a file that vanished, an I/O error).
    Other,
}

/// Whether an OS error means "this disk cannot be written" rather than damage.
pub fn is_cannot_write(e: &io::Error) -> bool {
    matches!(
        e.kind(),
        io::ErrorKind::ReadOnlyFilesystem
            | io::ErrorKind::PermissionDenied
            | io::ErrorKind::StorageFull
            | io::ErrorKind::QuotaExceeded
            | io::ErrorKind::FileTooLarge
    )
}

impl StoreError {
    /// The kind of failure.
    pub fn kind(&self) -> Kind {
        match self {
            StoreError::Io { source, .. } if is_cannot_write(source) => Kind::CannotWrite,
            StoreError::NoRoom { .. } | StoreError::ReadOnly => Kind::CannotWrite,
            StoreError::Io { .. } => Kind::Other,
            StoreError::Locked(_) => Kind::Locked,
            StoreError::Damaged { .. } => Kind::Damaged,
            StoreError::TooNew { .. } => Kind::TooNew,
        }
    }

    /// An `Io` error about `path`, for `map_err`.
    pub(crate) fn io(path: &std::path::Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
        move |source| StoreError::Io { path: path.to_path_buf(), source }
    }
}

/// Result type of the store.
pub type Result<T> = std::result::Result<T, StoreError>;
