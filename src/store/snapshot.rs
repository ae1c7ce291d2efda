//! `collection.ron`: the whole collection (except deck texts and history) with the first journal
//! segment to replay over it. Replaced atomically; its schema version is read before the rest.

use super::error::{Result, StoreError};
use super::fs::{Fs, write_atomic};
use crate::model::{Collection, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};
use std::io;
use std::path::Path;

/// Name of the snapshot file.
pub const SNAPSHOT: &str = "collection.ron";

/// The snapshot as written.
#[derive(Serialize, Deserialize)]
pub(crate) struct Snapshot {
    pub(crate) version: u32,
    pub(crate) replay_from: u64,
    pub(crate) collection: Collection,
}

#[derive(Deserialize)]
struct VersionOnly {
    version: u32,
}

/// A RON parse error as `Damaged`, with its position (`line_offset` added to the line).
pub(crate) fn ron_error(file: &Path, e: &ron::error::SpannedError, line_offset: usize) -> StoreError {
    StoreError::Damaged {
        file: file.to_path_buf(),
        line: e.span.start.line + line_offset,
        col: e.span.start.col,
        message: e.code.to_string(),
    }
}

/// Text from file bytes, or `Damaged` naming the line of the first byte that is not UTF-8.
pub(crate) fn utf8<'a>(path: &Path, bytes: &'a [u8], line_offset: usize) -> Result<&'a str> {
    std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1 + line_offset;
        StoreError::Damaged { file: path.to_path_buf(), line, col: 1, message: "not UTF-8 text".into() }
    })
}

/// Reads and parses the snapshot, checking its schema version first. `lenient` reads a newer
/// schema's file as far as this version understands it (for a read-only look).
pub(crate) fn read(fs: &dyn Fs, path: &Path, lenient: bool) -> Result<Option<Snapshot>> {
    let bytes = match fs.read(path) {
        Ok(b) => b,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(StoreError::Io { path: path.to_path_buf(), source: e }),
    };
    let text = utf8(path, &bytes, 0)?;
    // The version comes first in every snapshot this program writes; read it without parsing the
    // whole file twice. A hand-edited file where it is not found is parsed in full to find it.
    let version = match leading_version(text) {
        Some(v) => v,
        None => ron::from_str::<VersionOnly>(text).map_err(|e| ron_error(path, &e, 0))?.version,
    };
    if version > SCHEMA_VERSION && !lenient {
        return Err(StoreError::TooNew { file: path.to_path_buf(), found: version });
    }
    let snap: Snapshot = ron::from_str(&migrate(text, version)).map_err(|e| {
        if version > SCHEMA_VERSION {
            StoreError::TooNew { file: path.to_path_buf(), found: version }
        } else {
            ron_error(path, &e, 0)
        }
    })?;
    Ok(Some(snap))
}

/// Writes the snapshot atomically.
pub(crate) fn write(fs: &dyn Fs, path: &Path, collection: &Collection, replay_from: u64) -> Result<()> {
    #[derive(Serialize)]
    struct Out<'a> {
        version: u32,
        replay_from: u64,
        collection: &'a Collection,
    }
    let snap = Out { version: SCHEMA_VERSION, replay_from, collection };
    let text =
        ron::ser::to_string_pretty(&snap, ron::ser::PrettyConfig::new().depth_limit(3).indentor(" ".to_string()))
            .expect("snapshot serialises");
    write_atomic(fs, path, text.as_bytes()).map_err(StoreError::io(path))
}

/// `version: N` as the first field of the top-level struct: `(version: 1, …` with any spacing.
fn leading_version(text: &str) -> Option<u32> {
    let rest = text.trim_start_matches('\u{feff}').trim_start();
    let rest = rest.strip_prefix("Snapshot").unwrap_or(rest).trim_start();
    let rest = rest.strip_prefix('(')?.trim_start();
    let rest = rest.strip_prefix("version")?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    let after = rest[digits.len()..].trim_start();
    if !(after.starts_with(',') || after.starts_with(')')) {
        return None;
    }
    digits.parse().ok()
}

/// Brings an older snapshot's text up to the current schema. Version 2 only adds fields and
/// record kinds, so a version 1 text reads as it is; each later version adds a step here and a
/// fixture in tests/fixtures/.
fn migrate(text: &str, version: u32) -> std::borrow::Cow<'_, str> {
    let _ = version;
    std::borrow::Cow::Borrowed(text)
}
