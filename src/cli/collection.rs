//! Commands on the collection: `examdeck backups`.

use super::CliError;
use crate::library::Library;
use std::io::Write;
use std::path::Path;

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
