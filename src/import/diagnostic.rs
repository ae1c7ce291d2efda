//! What the importer says about its input: diagnostics with their file, line and severity, and
//! the parsed result that carries them.

use crate::deck::Exam;
use serde::Serialize;
use std::fmt;

/// Error or warning.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The exam cannot be used as it is.
    Error,
    /// Something was fixed up or is missing, but the exam is usable.
    Warning,
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        })
    }
}

/// Which file a diagnostic is about.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Origin {
    /// The exam text.
    Exam,
    /// The key file beside it.
    Key,
}

/// One message about the input, with its 1-based line (0 = the whole file).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Diagnostic {
    /// Exam or key file.
    pub origin: Origin,
    /// 1-based line; 0 when it concerns the whole file.
    pub line: usize,
    /// Error or warning.
    pub severity: Severity,
    /// What is wrong, in words a student understands.
    pub message: String,
}

impl Diagnostic {
    /// An error in the exam text.
    pub fn error(line: usize, message: impl Into<String>) -> Self {
        Diagnostic { origin: Origin::Exam, line, severity: Severity::Error, message: message.into() }
    }
    /// A warning about the exam text.
    pub fn warning(line: usize, message: impl Into<String>) -> Self {
        Diagnostic { origin: Origin::Exam, line, severity: Severity::Warning, message: message.into() }
    }
}

/// The result of an import: the exam, always built as far as possible, and what was found wrong.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The exam.
    pub exam: Exam,
    /// Errors and warnings, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
}

impl Parsed {
    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}
