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
    /// A mechanical fix, when there is one: the editor offers it as one click.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub fix: Option<Fix>,
}

/// A fix for a diagnostic: lines of the exam text replaced by new text.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Fix {
    /// What the fix does, as a button says it: "add (1 point)".
    pub label: String,
    /// The lines to replace, each with its new text (which may hold several lines).
    pub edits: Vec<Edit>,
}

/// One line of the exam text replaced.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Edit {
    /// 1-based line.
    pub line: usize,
    /// Its new text.
    pub text: String,
}

impl Fix {
    /// A fix that replaces one line.
    pub fn line(label: impl Into<String>, line: usize, text: impl Into<String>) -> Fix {
        Fix { label: label.into(), edits: vec![Edit { line, text: text.into() }] }
    }

    /// Applies the fix to `text` (the exam text the diagnostic was made from).
    pub fn apply(&self, text: &str) -> String {
        let mut lines: Vec<String> = text.split('\n').map(str::to_string).collect();
        for e in &self.edits {
            if let Some(l) = e.line.checked_sub(1).and_then(|i| lines.get_mut(i)) {
                let cr = l.ends_with('\r');
                *l = e.text.clone();
                if cr {
                    l.push('\r');
                }
            }
        }
        lines.join("\n")
    }
}

/// A line of the exam as a diagnostic quotes it: trimmed, cut at 60 characters, with boxes
/// written `[ ]` and `[x]` so that any terminal or font shows them.
pub fn quote(line: &str) -> String {
    let t: String = line
        .trim()
        .chars()
        .map(|c| match c {
            '☐' | '□' => "[ ]".to_string(),
            '☒' | '☑' | '■' | '✓' | '✔' => "[x]".to_string(),
            c => c.to_string(),
        })
        .collect();
    let t = t.as_str();
    let mut q: String = t.chars().take(60).collect();
    if t.chars().count() > 60 {
        q.push('…');
    }
    format!("`{q}`")
}

impl Diagnostic {
    /// An error in the exam text.
    pub fn error(line: usize, message: impl Into<String>) -> Self {
        Diagnostic { origin: Origin::Exam, line, severity: Severity::Error, message: message.into(), fix: None }
    }
    /// A warning about the exam text.
    pub fn warning(line: usize, message: impl Into<String>) -> Self {
        Diagnostic { origin: Origin::Exam, line, severity: Severity::Warning, message: message.into(), fix: None }
    }
    /// A diagnostic about the key file.
    pub fn key(line: usize, severity: Severity, message: impl Into<String>) -> Self {
        Diagnostic { origin: Origin::Key, line, severity, message: message.into(), fix: None }
    }
    /// The same diagnostic with a fix.
    pub fn with_fix(mut self, fix: Fix) -> Self {
        self.fix = Some(fix);
        self
    }
}

/// The result of an import: the exam, always built as far as possible, and what was found wrong.
#[derive(Clone, Debug, Default)]
pub struct Parsed {
    /// The exam.
    pub exam: Exam,
    /// Errors and warnings, sorted by file and line.
    pub diagnostics: Vec<Diagnostic>,
    /// Images the file carries inside it (Moodle XML's base64 files), by the name the exam's
    /// text references them with.
    pub embedded: Vec<(String, Vec<u8>)>,
}

impl Parsed {
    /// Gives back the room vectors grew into while the exam was read: a large exam's cards,
    /// questions and options would otherwise hold up to twice their size.
    pub fn shrink(&mut self) {
        fn body(b: &mut crate::deck::Body) {
            match b {
                crate::deck::Body::Options(o) => o.shrink_to_fit(),
                crate::deck::Body::Statements(s) => s.shrink_to_fit(),
                crate::deck::Body::Parts(p) => {
                    p.shrink_to_fit();
                    p.iter_mut().for_each(|p| body(&mut p.body));
                }
                _ => {}
            }
        }
        let e = &mut self.exam;
        e.cards.shrink_to_fit();
        e.images.shrink_to_fit();
        e.sections.shrink_to_fit();
        for s in &mut e.sections {
            s.questions.shrink_to_fit();
            for q in &mut s.questions {
                q.stem.shrink_to_fit();
                body(&mut q.body);
            }
        }
        self.diagnostics.shrink_to_fit();
    }

    /// Whether any diagnostic is an error.
    pub fn has_errors(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }
}
