//! The command line's error: what to print on stderr and the exit code, which is part of the
//! interface (0 fine, 1 errors in the input, 2 unreadable input, a usage error, or a collection
//! that cannot be used).

use crate::library::LibraryError;
use std::io;

/// A command that could not finish.
#[derive(Debug, thiserror::Error)]
pub enum CliError {
    /// The input has errors (already printed, `file:line: error: …`): exit 1.
    #[error("{0}")]
    Invalid(String),
    /// A file could not be read: exit 2.
    #[error("{0}")]
    Unreadable(String),
    /// The command line is wrong: exit 2.
    #[error("{0}")]
    Usage(String),
    /// The collection could not be opened or written: exit 2.
    #[error("error: {0}")]
    Collection(#[from] LibraryError),
    /// Standard output was closed (`| head`): stop quietly, exit 0.
    #[error("")]
    ClosedPipe,
    /// Writing the output failed otherwise: exit 2.
    #[error("error: writing the output: {0}")]
    Output(io::Error),
}

impl From<io::Error> for CliError {
    fn from(e: io::Error) -> Self {
        if e.kind() == io::ErrorKind::BrokenPipe { CliError::ClosedPipe } else { CliError::Output(e) }
    }
}

impl CliError {
    /// The exit code.
    pub fn code(&self) -> u8 {
        match self {
            CliError::ClosedPipe => 0,
            CliError::Invalid(_) => 1,
            _ => 2,
        }
    }

    /// Whether to say anything on stderr.
    pub fn is_quiet(&self) -> bool {
        matches!(self, CliError::ClosedPipe) || self.to_string().is_empty()
    }
}
