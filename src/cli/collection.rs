//! Commands on the collection: `examdeck import`, `examdeck backups`.

use super::CliError;
use crate::import::summary::count;
use crate::library::{Library, LibraryError, slug};
use crate::store::{Kind, Mode};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Opens the collection for writing, or says why not: another window holds it, or the disk
/// refuses (with the OS's reason).
fn open_for_writing(dir: &Path) -> Result<Library, CliError> {
    Library::open(dir, Mode::Write, chrono::Utc::now()).map_err(|e| match e.store_kind() {
        Some(Kind::Locked) => CliError::Unreadable(format!(
            "error: an examdeck window holds the collection in {}; close it, or import the file from its Import screen",
            dir.display()
        )),
        _ => CliError::Collection(e),
    })
}

/// Imports each file: exit 0 when every file was imported; 1 when a file has errors (nothing of
/// it is imported, and its diagnostics are printed as `check` prints them); 2 when a file cannot
/// be read or the collection cannot be written. 2 wins over 1.
pub fn import(
    out: &mut dyn Write,
    dir: &Path,
    name: Option<&str>,
    format: Option<crate::import::Format>,
    files: &[PathBuf],
) -> Result<u8, CliError> {
    if name.is_some() && files.len() > 1 {
        return Err(CliError::Usage("error: --name can only be given with a single file".into()));
    }
    let mut lib = open_for_writing(dir)?;
    let (mut unreadable, mut invalid) = (false, false);
    for path in files {
        let Some(f) = super::read_exam(path, format) else {
            unreadable = true;
            continue;
        };
        if f.parsed.has_errors() {
            for d in &f.parsed.diagnostics {
                writeln!(out, "{}:{}: {}: {}", f.diagnostic_path(d), d.line, d.severity, d.message)?;
            }
            writeln!(out, "{}: not imported: fix its errors first", path.display())?;
            invalid = true;
            continue;
        }
        let id = slug(&f.name);
        let shown = name.map_or_else(|| f.name.replace('_', " "), str::to_string);
        let outcome = match lib.import(&f, &id, &shown, chrono::Utc::now()) {
            Ok(o) => o,
            Err(e @ LibraryError::Store(_)) => return Err(CliError::Collection(e)),
            Err(e) => {
                eprintln!("{}: error: {e}", path.display());
                invalid = true;
                continue;
            }
        };
        let exam = &f.parsed.exam;
        writeln!(
            out,
            "{}: imported as {id} ({shown}): {}, {}; {} new, {} kept, {} moved, {} reset, {} retired",
            path.display(),
            count(exam.question_count(), "question", "questions"),
            count(exam.cards.len(), "card", "cards"),
            outcome.added,
            outcome.kept,
            outcome.moved,
            outcome.reset,
            outcome.retired
        )?;
    }
    lib.close(chrono::Utc::now())?;
    Ok(if unreadable {
        2
    } else if invalid {
        1
    } else {
        0
    })
}

/// Lists the collection's backups, newest first.
pub fn backups(out: &mut dyn Write, dir: &Path) -> Result<u8, CliError> {
    let list = Library::backups_of(dir);
    if list.is_empty() {
        writeln!(out, "no backups in {}", dir.join(crate::store::backups::BACKUPS_DIR).display())?;
    }
    for b in list {
        writeln!(out, "{}\t{}\t{:.1} KiB\t{}", b.name, b.day, b.bytes as f64 / 1024.0, b.path.display())?;
    }
    Ok(0)
}
