//! Exam text → `Exam` + diagnostics. `parse_exam` is pure (text in, exam and diagnostics out):
//! lines are classified first (`lines`), then assembled (`assemble`); `key` merges the key file;
//! `file` is the thin layer that reads files and their key file; `summary` is what `check` and
//! the import screen say about a file.
//!
//! The other formats have a reader each (`gift`, `aiken`, `moodle_xml`, `tex`, `anki`), also
//! pure; they produce a `draft::Draft`, which `draft::build` numbers and turns into cards by the
//! Markdown reader's rules, with `cards::make` shared by all. `format` says which reader reads a
//! file. No reader knows about another.

pub mod aiken;
pub mod anki;
pub mod answers;
pub mod assemble;
pub(crate) mod cards;
pub mod diagnostic;
pub(crate) mod draft;
pub mod duration;
pub mod file;
pub mod finish;
pub mod format;
pub mod gift;
pub mod html;
pub mod key;
pub mod latex;
pub mod lines;
pub mod moodle_xml;
pub mod normalize;
pub mod summary;
pub mod tex;

pub use assemble::parse_exam;
pub use diagnostic::{Diagnostic, Edit, Fix, Origin, Parsed, Severity, quote};
pub use duration::{parse_duration, parse_exam_date};
pub use format::Format;

/// Parses examdeck Markdown and, when given, its key file text.
pub fn parse(exam_text: &str, key_text: Option<&str>) -> Parsed {
    parse_as(Format::Markdown, exam_text, key_text)
}

/// Reads exam text alone in `format`.
pub fn read_format(format: Format, text: &str) -> Parsed {
    match format {
        Format::Markdown => parse_exam(text),
        Format::Gift => gift::parse(text),
        Format::Aiken => aiken::parse(text),
        Format::Anki => anki::parse(text),
        Format::MoodleXml => moodle_xml::parse(text),
        Format::Latex => tex::parse(text),
    }
}

/// Parses exam text in `format` and, when given, its key file text (card ids are the same in
/// every format, so one key file works for all).
pub fn parse_as(format: Format, exam_text: &str, key_text: Option<&str>) -> Parsed {
    let mut parsed = read_format(format, exam_text);
    match key_text {
        Some(k) => key::apply(&mut parsed, k),
        None => unanswered(&mut parsed),
    }
    parsed.diagnostics.sort_by_key(|d| (d.origin, d.line, d.severity));
    parsed
}

/// Without a key file: a warning for each card that neither a marked box nor an answer line
/// answers (free cards without a solution have their own warning).
fn unanswered(parsed: &mut Parsed) {
    // A line that has an error already says what to fix there.
    let errors: std::collections::HashSet<usize> =
        parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| d.line).collect();
    for c in parsed.exam.cards.iter().filter(|c| c.answer.is_none() && c.kind != crate::deck::CardKind::Free) {
        if errors.contains(&c.line) {
            continue;
        }
        let how = match c.kind {
            crate::deck::CardKind::TrueFalse => "mark its T or F box, or add an `Answer: True` line",
            _ => "mark its box, or add a line such as `Answer: B` after its options",
        };
        parsed.diagnostics.push(Diagnostic::warning(c.line, format!("card {} has no answer: {how}", c.id)));
    }
}

/// Formats points without a trailing `.0`: `1`, `0.5`, `0.25`.
pub fn fmt_points(p: f64) -> String {
    let r = (p * 1000.0).round() / 1000.0;
    if r == r.trunc() { format!("{}", r as i64) } else { format!("{r}") }
}

#[cfg(test)]
mod tests;
