//! The command line: `examdeck` (the window), `examdeck check`, `examdeck score`,
//! `examdeck backups`. Exit codes are part of the interface: 0 fine, 1 errors in the input,
//! 2 a file could not be read.

use crate::import::file::{ImportedFile, import_file};
use crate::import::{Parsed, Severity, fmt_points};
use crate::store::{Mode, Store};
use clap::{Parser, Subcommand};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Master an exam with spaced repetition, quizzes and timed mock exams.
#[derive(Parser, Debug)]
#[command(name = "examdeck", version, about, args_conflicts_with_subcommands = true)]
pub struct Cli {
    /// An exam file to import: the window opens on its import screen ("open with").
    #[arg(value_name = "FILE")]
    pub open: Option<PathBuf>,
    /// Use this data directory instead of the default (also: EXAMDECK_DATA_DIR).
    #[arg(long, global = true, value_name = "PATH")]
    pub data_dir: Option<PathBuf>,
    /// What to do; without a command the window opens.
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// The subcommands.
#[derive(Subcommand, Debug)]
pub enum Command {
    /// Parse exam files (with their key files) and report what was found.
    Check {
        /// One JSON object per file, one per line.
        #[arg(long)]
        json: bool,
        /// Exam files (`name.md`, key file `name.key.ron` beside it).
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Score a paper attempt by the exam's rules.
    Score {
        /// An exam file (its key file beside it) or the name of a deck in the collection.
        exam: String,
        /// The attempt: one `<card id> <answer>` per line, `-` for blank, `#` for comments.
        #[arg(long, value_name = "FILE")]
        responses: PathBuf,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// List the collection's backups.
    Backups,
}

/// Runs the parsed command line.
pub fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Some(Command::Check { json, files }) => check(&files, json),
        Some(Command::Score { exam, responses, json }) => score(cli.data_dir.as_deref(), &exam, &responses, json),
        Some(Command::Backups) => list_backups(cli.data_dir.as_deref()),
        #[cfg(feature = "gui")]
        None => crate::ui::run(crate::store::data_dir(cli.data_dir.as_deref()), cli.open),
        #[cfg(not(feature = "gui"))]
        None => {
            eprintln!("examdeck: this build has no window (built without the `gui` feature); see `examdeck --help`");
            ExitCode::from(2)
        }
    }
}

/// Summary counts of an imported file, shared by `check` and the window's import screen.
pub fn summary_line(f: &ImportedFile) -> String {
    let exam = &f.parsed.exam;
    let answered = exam.cards.iter().filter(|c| c.answer.is_some()).count();
    let explained = exam.cards.iter().filter(|c| c.explanation.is_some()).count();
    let errors = f.parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let warnings = f.parsed.diagnostics.len() - errors;
    let duration = exam.duration_minutes.map_or("no duration".to_string(), |m| format!("{m} minutes"));
    format!(
        "{}: {} sections, {} questions, {} cards, {} points, {}; {} cards with answers, {} with explanations; {} errors, {} warnings",
        f.path.display(),
        exam.sections.len(),
        exam.question_count(),
        exam.cards.len(),
        fmt_points(exam.total_points()),
        duration,
        answered,
        explained,
        errors,
        warnings,
    )
}

fn check_json(f: &ImportedFile) -> serde_json::Value {
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
        "sections": exam.sections.len(),
        "questions": exam.question_count(),
        "total_points": exam.total_points(),
        "duration_minutes": exam.duration_minutes,
        "cards": cards,
        "diagnostics": diagnostics,
    })
}

fn check(files: &[PathBuf], json: bool) -> ExitCode {
    let mut unreadable = false;
    let mut errors = false;
    for path in files {
        let f = match import_file(path) {
            Ok(f) => f,
            Err(e) => {
                eprintln!("{}: error: cannot read: {e}", path.display());
                unreadable = true;
                continue;
            }
        };
        errors |= f.parsed.has_errors();
        if json {
            println!("{}", check_json(&f));
        } else {
            println!("{}", summary_line(&f));
            for d in &f.parsed.diagnostics {
                println!("{}:{}: {}: {}", f.diagnostic_path(d), d.line, d.severity, d.message);
            }
        }
    }
    if unreadable {
        ExitCode::from(2)
    } else if errors {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Loads the exam `score` works on: a file, else a deck of the collection (opened read-only).
fn score_exam_source(data_dir: Option<&Path>, exam: &str) -> Result<(String, Parsed), (u8, String)> {
    let path = Path::new(exam);
    if path.exists() {
        let f = import_file(path).map_err(|e| (2, format!("{exam}: error: cannot read: {e}")))?;
        let label = f.path.display().to_string();
        for d in &f.parsed.diagnostics {
            if d.severity == Severity::Error {
                eprintln!("{}:{}: error: {}", f.diagnostic_path(d), d.line, d.message);
            }
        }
        return Ok((label, f.parsed));
    }
    let dir = crate::store::data_dir(data_dir);
    let store = Store::open(&dir, Mode::ReadOnly).map_err(|e| (2, format!("error: {e}")))?;
    let id = crate::library::find(&store, exam)
        .ok_or_else(|| (2, format!("{exam}: error: no such file, and no deck of that name in {}", dir.display())))?;
    let parsed = crate::library::load(&store, &id).map_err(|e| (2, format!("error: {e}")))?;
    Ok((id, parsed))
}

fn score(data_dir: Option<&Path>, exam: &str, responses: &Path, json: bool) -> ExitCode {
    let (label, parsed) = match score_exam_source(data_dir, exam) {
        Ok(x) => x,
        Err((code, msg)) => {
            eprintln!("{msg}");
            return ExitCode::from(code);
        }
    };
    let text = match std::fs::read(responses) {
        Ok(b) => match crate::import::file::decode(&b) {
            Ok(t) => t,
            Err(msg) if msg.contains("empty") => String::new(),
            Err(msg) => {
                eprintln!("{}:0: error: {msg}", responses.display());
                return ExitCode::from(1);
            }
        },
        Err(e) => {
            eprintln!("{}: error: cannot read: {e}", responses.display());
            return ExitCode::from(2);
        }
    };
    if parsed.has_errors() {
        eprintln!("{label}: error: the exam has errors; run `examdeck check` for details");
        return ExitCode::from(1);
    }
    let exam = &parsed.exam;
    let answers = match crate::responses::parse(exam, &text) {
        Ok(a) => a,
        Err(errors) => {
            for e in errors {
                eprintln!("{}:{}: error: {}", responses.display(), e.line, e.message);
            }
            return ExitCode::from(1);
        }
    };
    let unkeyed = exam.cards.iter().filter(|c| c.answer.is_none()).count();
    if unkeyed > 0 {
        eprintln!("{label}: warning: {unkeyed} cards have no answer key and are left out of the maximum");
    }
    let s = crate::scoring::score_exam(exam, &answers);
    if json {
        let v = serde_json::json!({
            "total": s.total,
            "max": s.max,
            "sections": s.sections.iter().map(|x| serde_json::json!({"title": x.title, "score": x.score, "max": x.max})).collect::<Vec<_>>(),
            "questions": s.questions.iter().map(|q| serde_json::json!({"number": q.number, "score": q.score, "max": q.max})).collect::<Vec<_>>(),
        });
        println!("{v}");
    } else {
        println!("{label}: {} / {}", fmt_points(s.total), fmt_points(s.max));
        for (sec, ss) in exam.sections.iter().zip(&s.sections) {
            let name = match sec.number {
                Some(n) => format!("{n} {}", ss.title),
                None if ss.title.is_empty() => "Questions".to_string(),
                None => ss.title.clone(),
            };
            println!("  {name}: {} / {}", fmt_points(ss.score), fmt_points(ss.max));
        }
        for q in &s.questions {
            let note = q.note.as_deref().map(|n| format!("  ({n})")).unwrap_or_default();
            println!("    Q{}: {} / {}{note}", q.number, fmt_points(q.score), fmt_points(q.max));
        }
    }
    ExitCode::SUCCESS
}

fn list_backups(data_dir: Option<&Path>) -> ExitCode {
    let dir = crate::store::data_dir(data_dir);
    let list = crate::store::backups::list(&dir);
    if list.is_empty() {
        println!("no backups in {}", dir.join(crate::store::backups::BACKUPS_DIR).display());
    }
    for b in list {
        println!("{}\t{}\t{:.1} KiB\t{}", b.name, b.day, b.bytes as f64 / 1024.0, b.path.display());
    }
    ExitCode::SUCCESS
}
