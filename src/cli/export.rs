//! `examdeck export DECK --to anki|gift|moodle-xml|csv|markdown [-o FILE] [--schedule]`.

use super::CliError;
use crate::export::Target;
use crate::library::Library;
use crate::store::Mode;
use std::io::Write;
use std::path::{Component, Path};

/// Writes `bytes` to `path` whole or not at all: a temporary file beside it, then a rename.
fn write_whole(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension(format!(
        "{}.examdeck-tmp",
        path.extension().map(|e| e.to_string_lossy().into_owned()).unwrap_or_default()
    ));
    std::fs::write(&tmp, bytes)?;
    std::fs::rename(&tmp, path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

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
    let e = lib.export(&id, to, schedule)?;
    let Some(path) = output else {
        out.write_all(e.out.text.as_bytes())?;
        if !e.images.is_empty() || e.out.key.is_some() {
            eprintln!("note: give -o FILE to write the deck's images and key file beside the export");
        }
        return Ok(0);
    };
    let fail =
        |p: &Path, err: std::io::Error| CliError::Unreadable(format!("{}: error: cannot write: {err}", p.display()));
    write_whole(path, e.out.text.as_bytes()).map_err(|err| fail(path, err))?;
    let mut written = vec![path.display().to_string()];
    if let Some(key) = &e.out.key {
        let kp = crate::import::file::key_path(path);
        write_whole(&kp, key.as_bytes()).map_err(|err| fail(&kp, err))?;
        written.push(kp.display().to_string());
    }
    let base = path.parent().unwrap_or(Path::new(""));
    for (name, bytes) in &e.images {
        // Only plain relative names: an image never lands outside the export's folder.
        if Path::new(name).components().any(|c| !matches!(c, Component::Normal(_))) {
            continue;
        }
        let p = base.join(name);
        write_whole(&p, bytes).map_err(|err| fail(&p, err))?;
    }
    let images = crate::import::summary::count(e.images.len(), "image", "images");
    let cards = crate::import::summary::count(lib.deck(&id).map_or(0, |d| d.exam.cards.len()), "card", "cards");
    writeln!(out, "{id}: {cards} written as {} to {} (and {images})", to.name(), written.join(" and "))?;
    Ok(0)
}
