//! `examdeck check [--json] [--format FORMAT] FILE...`: parse exam files and report what was found.

use super::CliError;
use crate::import::summary::{check_json, summary_line};
use std::io::Write;
use std::path::PathBuf;

/// Checks each file: exit 0 with no errors, 1 when a file has errors, 2 when one cannot be read.
pub fn run(
    out: &mut dyn Write,
    files: &[PathBuf],
    format: Option<crate::import::Format>,
    json: bool,
) -> Result<u8, CliError> {
    let mut unreadable = false;
    let mut errors = false;
    for path in files {
        let Some(f) = super::read_exam(path, format) else {
            unreadable = true;
            continue;
        };
        errors |= f.parsed.has_errors();
        if json {
            writeln!(out, "{}", check_json(&f))?;
        } else {
            writeln!(out, "{}", summary_line(&f))?;
            for d in &f.parsed.diagnostics {
                writeln!(out, "{}:{}: {}: {}", f.diagnostic_path(d), d.line, d.severity, d.message)?;
            }
        }
    }
    Ok(if unreadable {
        2
    } else if errors {
        1
    } else {
        0
    })
}
