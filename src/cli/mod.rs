//! The command line: `examdeck check`, `score`, `import`, `export`, `forecast`, `stats`, `backups`. Without a subcommand the binary opens
//! the window (`main.rs` decides). Exit codes are part of the interface: 0 fine, 1 errors in the
//! input, 2 a file could not be read, a usage error or a collection that cannot be used. Every
//! command works through the same `Library` as the window.

pub mod check;
pub mod collection;
pub mod error;
pub mod export;
pub mod forecast;
pub mod score;

pub use error::CliError;

use crate::import::Format;
use clap::{Parser, Subcommand};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Master an exam with spaced repetition, quizzes and timed mock exams.
#[derive(Parser, Debug)]
#[command(name = "examdeck", version, about)]
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
        /// Read the files in this format instead of the one their extension or content says.
        #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
        format: Option<Format>,
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
    /// Import exam files into the collection, as the import screen does (a re-import keeps
    /// progress; the key file beside each is read).
    Import {
        /// The name shown for the deck (one file only).
        #[arg(long, value_name = "NAME")]
        name: Option<String>,
        /// Read the files in this format instead of the one their extension or content says.
        #[arg(long, value_name = "FORMAT", value_parser = parse_format)]
        format: Option<Format>,
        /// Exam files.
        #[arg(required = true)]
        files: Vec<PathBuf>,
    },
    /// Forecast the score under the exam's rules: from per-card odds (`--odds`), or from the
    /// student's own history for a deck of the collection.
    Forecast {
        /// An exam file (its key file beside it) or the name of a deck in the collection.
        exam: String,
        /// One `<card id> <p_right> [<p_wrong>]` per line; `#` starts a comment.
        #[arg(long, value_name = "FILE")]
        odds: Option<PathBuf>,
        /// The day of the forecast, YYYY-MM-DD (a deck only; default: its exam date, or today).
        #[arg(long, value_name = "YYYY-MM-DD")]
        date: Option<String>,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// A deck's statistics: reviews, retention, due cards, mastery and mock exams.
    Stats {
        /// The name of a deck in the collection.
        deck: String,
        /// One JSON object on stdout.
        #[arg(long)]
        json: bool,
    },
    /// Write a deck of the collection in another format: Anki text, GIFT, Moodle XML, CSV or
    /// examdeck Markdown.
    Export {
        /// The name (or id) of a deck in the collection.
        deck: String,
        /// The format: anki, gift, moodle-xml, csv or markdown.
        #[arg(long, value_name = "FORMAT", value_parser = parse_target)]
        to: crate::export::Target,
        /// The file to write (images, and a Markdown export's key file, go beside it); without
        /// it the text goes to standard output.
        #[arg(short, long, value_name = "FILE")]
        output: Option<PathBuf>,
        /// Include the cards' schedule (Anki: `due::YYYY-MM-DD` tags; CSV: the due, interval,
        /// ease and lapses columns).
        #[arg(long)]
        schedule: bool,
    },
    /// List the collection's backups.
    Backups,
}

fn parse_format(s: &str) -> Result<Format, String> {
    Format::from_name(s).ok_or_else(|| {
        let names: Vec<_> = Format::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format {s:?}; use one of {}", names.join(", "))
    })
}

fn parse_target(s: &str) -> Result<crate::export::Target, String> {
    crate::export::Target::from_name(s).ok_or_else(|| {
        let names: Vec<_> = crate::export::Target::ALL.iter().map(|f| f.name()).collect();
        format!("unknown format {s:?}; use one of {}", names.join(", "))
    })
}

/// Runs a subcommand; prints what went wrong on stderr and returns the exit code.
pub fn run(command: Command, data_dir: Option<&Path>) -> ExitCode {
    let dir = crate::store::data_dir(data_dir);
    let mut out = std::io::stdout().lock();
    let result = match command {
        Command::Check { json, format, files } => check::run(&mut out, &files, format, json),
        Command::Score { exam, responses, json } => score::run(&mut out, &dir, &exam, &responses, json),
        Command::Import { name, format, files } => collection::import(&mut out, &dir, name.as_deref(), format, &files),
        Command::Export { deck, to, output, schedule } => {
            export::run(&mut out, &dir, &deck, to, output.as_deref(), schedule)
        }
        Command::Forecast { exam, odds, date, json } => {
            forecast::run(&mut out, &dir, &exam, odds.as_deref(), date.as_deref(), json)
        }
        Command::Stats { deck, json } => forecast::stats(&mut out, &dir, &deck, json),
        Command::Backups => collection::backups(&mut out, &dir),
    };
    let result = result.and_then(|code| out.flush().map(|()| code).map_err(CliError::from));
    match result {
        Ok(code) => ExitCode::from(code),
        Err(e) => {
            if !e.is_quiet() {
                eprintln!("{e}");
            }
            ExitCode::from(e.code())
        }
    }
}

/// Reads an exam file for `check` or `import`; when it cannot be read, says so on stderr.
fn read_exam(path: &std::path::Path, format: Option<Format>) -> Option<crate::import::file::ImportedFile> {
    match crate::import::file::import_file_as(path, format) {
        Ok(f) => Some(f),
        Err(e) => {
            eprintln!("{}: error: cannot read: {e}", path.display());
            None
        }
    }
}
