//! `examdeck export DECK --to anki|gift|moodle-xml|csv|markdown [-o FILE] [--schedule]`.

use super::CliError;
use crate::export::Target;
use crate::library::{Library, LibraryError};
use crate::store::Mode;
use std::io::Write;
use std::path::Path;

/// Exports a deck: exit 0 when written; 2 when the deck is not in the collection or a file
/// cannot be written (the OS's reason in the message).
pub fn run(
    out: &mut dyn Write,
    dir: &Path,
    deck: &str,
    to: Target,
    output: Option<&Path>,
    schedule: bool,
) -> Result<u8, CliError> {
    let lib = Library::open(dir, Mode::ReadOnly, chrono::Utc::now())?;
    let id = lib
        .find(deck)
        .ok_or_else(|| CliError::Unreadable(format!("{deck}: error: no deck of that name in {}", dir.display())))?;
    let Some(path) = output else {
        let e = lib.export(&id, to, schedule)?;
        out.write_all(e.out.text.as_bytes())?;
        if !e.images.is_empty() || e.out.key.is_some() {
            eprintln!("note: give -o FILE to write the deck's images and key file beside the export");
        }
        return Ok(0);
    };
    let written = lib.export_to(&id, to, schedule, path).map_err(|e| match e {
        LibraryError::Export { .. } => CliError::Unreadable(format!("error: {e}")),
        e => CliError::Collection(e),
    })?;
    let cards = crate::import::summary::count(lib.deck(&id).map_or(0, |d| d.exam.cards.len()), "card", "cards");
    let files: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    writeln!(out, "{id}: {cards} written as {}: {}", to.name(), files.join(", "))?;
    Ok(0)
}
