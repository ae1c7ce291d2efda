//! The library's errors: the store's, told as they are, and the library's own.

use crate::import::Diagnostic;
use crate::store::{Kind, StoreError};

/// What can go wrong with a library operation.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    /// The store failed (the disk, a damaged file, another window).
    #[error(transparent)]
    Store(#[from] StoreError),
    /// No deck with this id or name.
    #[error("there is no deck named {0}")]
    NoDeck(String),
    /// The exam has errors and cannot be imported as it is.
    #[error("{} has {errors} error{}; the first, on line {}: {}", name, if *errors == 1 { "" } else { "s" }, first.line, first.message)]
    ExamHasErrors {
        /// The file or deck.
        name: String,
        /// How many errors.
        errors: usize,
        /// The first of them.
        first: Box<Diagnostic>,
    },
    /// The deck's key file does not parse.
    #[error("the key file of {deck} is invalid (line {}): {}; fix it in the editor", diagnostic.line, diagnostic.message)]
    KeyInvalid {
        /// The deck.
        deck: String,
        /// What is wrong with it.
        diagnostic: Box<Diagnostic>,
    },
    /// An export could not be written.
    #[error("cannot write {}: {source}", path.display())]
    Export {
        /// The file.
        path: std::path::PathBuf,
        /// The OS's reason.
        source: std::io::Error,
    },
    /// The operation does not apply (a session already finished, a card with no key).
    #[error("{0}")]
    NotApplicable(&'static str),
}

impl LibraryError {
    /// The store's kind of failure, when the store failed.
    pub fn store_kind(&self) -> Option<Kind> {
        match self {
            LibraryError::Store(e) => Some(e.kind()),
            _ => None,
        }
    }
}
