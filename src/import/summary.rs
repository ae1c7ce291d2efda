//! What `examdeck check` and the import screen say about an imported file: one summary line,
//! and the JSON object of `check --json`.

use super::file::ImportedFile;
use super::{Severity, fmt_points};
use crate::deck::Exam;

/// "1 card", "2 cards": a count with its noun, singular or plural.
pub fn count(n: usize, singular: &str, plural: &str) -> String {
    if n == 1 { format!("1 {singular}") } else { format!("{n} {plural}") }
}

/// Points with their noun: "1 point", "0.5 points", "2 points".
pub fn points(p: f64) -> String {
    format!("{} {}", fmt_points(p), if fmt_points(p) == "1" { "point" } else { "points" })
}

/// The counts of an exam as words: "32 questions, 91 cards, 50 points, 110 minutes".
pub fn exam_counts(exam: &Exam) -> String {
    let duration = exam.duration_minutes.map_or("no duration".to_string(), |m| count(m as usize, "minute", "minutes"));
    let points = exam.total_points();
    format!(
        "{}, {}, {}, {}, {}",
        count(exam.sections.len(), "section", "sections"),
        count(exam.question_count(), "question", "questions"),
        count(exam.cards.len(), "card", "cards"),
        self::points(points),
        duration
    )
}

/// Summary counts of an imported file, shared by `check` and the window's import screen.
pub fn summary_line(f: &ImportedFile) -> String {
    let exam = &f.parsed.exam;
    let answered = exam.cards.iter().filter(|c| c.answer.is_some()).count();
    let explained = exam.cards.iter().filter(|c| c.explanation.is_some()).count();
    let errors = f.parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = f.parsed.diagnostics.len() - errors;
    format!(
        "{}: {}; {} with answers, {} with explanations; {}, {}",
        f.path.display(),
        exam_counts(exam),
        count(answered, "card", "cards"),
        explained,
        count(errors, "error", "errors"),
        count(warnings, "warning", "warnings"),
    )
}

/// The object `check --json` prints for a file.
pub fn check_json(f: &ImportedFile) -> serde_json::Value {
    let exam = &f.parsed.exam;
    let cards: Vec<_> = exam
        .cards
        .iter()
        .map(|c| {
            serde_json::json!({
                "id": c.id.as_str(),
                "kind": c.kind,
                "points": c.points,
                "answer": c.answer.map(|a| a.to_string()),
                "explanation": c.explanation.is_some(),
                "contested": c.contested.is_some(),
            })
        })
        .collect();
    let diagnostics: Vec<_> = f
        .parsed
        .diagnostics
        .iter()
        .map(|d| {
            serde_json::json!({
                "file": f.diagnostic_path(d),
                "line": d.line,
                "severity": d.severity,
                "message": d.message,
            })
        })
        .collect();
    serde_json::json!({
        "file": f.path.display().to_string(),
        "format": f.format.name(),
        "sections": exam.sections.len(),
        "questions": exam.question_count(),
        "total_points": exam.total_points(),
        "duration_minutes": exam.duration_minutes,
        "cards": cards,
        "diagnostics": diagnostics,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_points_take_the_right_noun() {
        assert_eq!(count(1, "card", "cards"), "1 card");
        assert_eq!(count(0, "card", "cards"), "0 cards");
        assert_eq!(count(2, "error", "errors"), "2 errors");
        assert_eq!(points(1.0), "1 point");
        assert_eq!(points(0.5), "0.5 points");
        assert_eq!(points(1.0004), "1 point", "a point rounded to the shown precision is still one");
        assert_eq!(points(2.0), "2 points");
    }
}
