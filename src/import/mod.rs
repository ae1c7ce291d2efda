//! Exam text → `Exam` + diagnostics. `parse_exam` is pure (text in, exam and diagnostics out):
//! lines are classified first (`lines`), then assembled (`assemble`); `key` merges the key file;
//! `file` is the thin layer that reads files and their key file; `summary` is what `check` and
//! the import screen say about a file.

pub mod assemble;
pub mod diagnostic;
pub mod duration;
pub mod file;
pub mod key;
pub mod latex;
pub mod lines;
pub mod summary;

pub use assemble::parse_exam;
pub use diagnostic::{Diagnostic, Origin, Parsed, Severity};
pub use duration::parse_duration;

/// Parses exam text and, when given, its key file text.
pub fn parse(exam_text: &str, key_text: Option<&str>) -> Parsed {
    let mut parsed = parse_exam(exam_text);
    if let Some(k) = key_text {
        key::apply(&mut parsed, k);
    }
    parsed.diagnostics.sort_by_key(|d| (d.origin, d.line, d.severity));
    parsed
}

/// Formats points without a trailing `.0`: `1`, `0.5`, `0.25`.
pub fn fmt_points(p: f64) -> String {
    let r = (p * 1000.0).round() / 1000.0;
    if r == r.trunc() { format!("{}", r as i64) } else { format!("{r}") }
}

#[cfg(test)]
mod tests;
