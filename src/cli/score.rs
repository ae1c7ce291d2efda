//! `examdeck score EXAM --responses FILE [--json]`: a paper attempt scored by the exam's rules.

use super::CliError;
use crate::deck::Exam;
use crate::import::file::{DecodeError, import_file, read_text};
use crate::import::{Severity, fmt_points};
use crate::library::Library;
use crate::store::Mode;
use std::io::Write;
use std::path::Path;
use std::sync::Arc;

/// The exam `score` (and `forecast`) work on: a file, else a deck of the collection (opened
/// read-only). Returns a label for messages and the exam.
pub fn exam_source(dir: &Path, exam: &str) -> Result<(String, Arc<Exam>), CliError> {
    let path = Path::new(exam);
    if path.exists() {
        let f = import_file(path).map_err(|e| CliError::Unreadable(format!("{exam}: error: cannot read: {e}")))?;
        let label = f.path.display().to_string();
        let mut errors = 0;
        for d in f.parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error) {
            eprintln!("{}:{}: error: {}", f.diagnostic_path(d), d.line, d.message);
            errors += 1;
        }
        if errors > 0 {
            return Err(CliError::Invalid(format!(
                "{label}: error: the exam has errors; run `examdeck check` for details"
            )));
        }
        return Ok((label, Arc::new(f.parsed.exam)));
    }
    let lib = Library::open(dir, Mode::ReadOnly, chrono::Utc::now())?;
    let id = lib.find(exam).ok_or_else(|| {
        CliError::Unreadable(format!("{exam}: error: no such file, and no deck of that name in {}", dir.display()))
    })?;
    let deck = lib.deck(&id).expect("found above");
    if deck.is_broken() {
        return Err(CliError::Invalid(format!("{id}: error: the deck's files have errors; fix them in the editor")));
    }
    Ok((id, deck.exam.clone()))
}

/// Reads a small text input (responses, odds) within the size limit: an empty file is empty text.
pub fn read_input(path: &Path) -> Result<String, CliError> {
    match read_text(path) {
        Ok(Ok(t)) => Ok(t),
        Ok(Err(DecodeError::Empty)) => Ok(String::new()),
        Ok(Err(e)) => {
            eprintln!("{}:0: error: {e}", path.display());
            Err(CliError::Invalid(String::new()))
        }
        Err(e) => Err(CliError::Unreadable(format!("{}: error: cannot read: {e}", path.display()))),
    }
}

/// Scores the attempt in `responses` against `exam`.
pub fn run(out: &mut dyn Write, dir: &Path, exam: &str, responses: &Path, json: bool) -> Result<u8, CliError> {
    let (label, exam) = exam_source(dir, exam)?;
    let text = read_input(responses)?;
    let answers = crate::responses::parse(&exam, &text).map_err(|errors| {
        for e in errors {
            eprintln!("{}:{}: error: {}", responses.display(), e.line, e.message);
        }
        CliError::Invalid(String::new())
    })?;
    let unkeyed = exam.cards.iter().filter(|c| c.answer.is_none()).count();
    if unkeyed > 0 {
        eprintln!(
            "{label}: warning: {} no answer key and {} left out of the maximum",
            crate::import::summary::count(unkeyed, "card has", "cards have"),
            if unkeyed == 1 { "is" } else { "are" }
        );
    }
    let s = crate::scoring::score_exam(&exam, &answers);
    if json {
        let v = serde_json::json!({
            "total": s.total,
            "max": s.max,
            "sections": s.sections.iter().map(|x| serde_json::json!({"title": x.title, "score": x.score, "max": x.max})).collect::<Vec<_>>(),
            "questions": s.questions.iter().map(|q| serde_json::json!({"number": q.number, "score": q.score, "max": q.max})).collect::<Vec<_>>(),
        });
        writeln!(out, "{v}")?;
        return Ok(0);
    }
    writeln!(out, "{label}: {} / {}", fmt_points(s.total), fmt_points(s.max))?;
    for (sec, ss) in exam.sections.iter().zip(&s.sections) {
        let name = match sec.number {
            Some(n) => format!("{n} {}", ss.title),
            None if ss.title.is_empty() => "Questions".to_string(),
            None => ss.title.clone(),
        };
        writeln!(out, "  {name}: {} / {}", fmt_points(ss.score), fmt_points(ss.max))?;
    }
    for q in &s.questions {
        let note = q.note.as_deref().map(|n| format!("  ({n})")).unwrap_or_default();
        writeln!(out, "    Q{}: {} / {}{note}", q.number, fmt_points(q.score), fmt_points(q.max))?;
    }
    Ok(0)
}
