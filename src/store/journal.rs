//! The journal: numbered segments `journal/NNNNNNNN.ron`, each a header line then one record per
//! line. A record and its newline go out in one append, fsynced before the answer is shown as
//! recorded, so the only trace a crash can leave is a last line without its newline.

use super::error::{Result, StoreError};
use super::fs::{EntryKind, Fs};
use super::snapshot::{ron_error, utf8};
use crate::model::{Record, SCHEMA_VERSION};
use serde::{Deserialize, Serialize};
use std::io;
use std::path::{Path, PathBuf};

/// Folder of journal segments.
pub const JOURNAL_DIR: &str = "journal";

/// The first line of every segment and history file.
#[derive(Serialize, Deserialize)]
pub(crate) struct Header {
    pub(crate) version: u32,
}

/// The header line, with its newline.
pub(crate) fn header_line() -> String {
    format!("{}\n", ron::to_string(&Header { version: SCHEMA_VERSION }).expect("header serialises"))
}

/// The path of segment `n`.
pub fn segment_path(dir: &Path, n: u64) -> PathBuf {
    dir.join(JOURNAL_DIR).join(format!("{n:08}.ron"))
}

/// Numbers of the files `NNNNNNNN.ron` in `dir` — or, with `prefixed`, `<anything>.NNNNNNNN.ron`
/// — ascending.
pub(crate) fn numbered(fs: &dyn Fs, dir: &Path, prefixed: bool) -> Result<Vec<(u64, String)>> {
    let mut out = Vec::new();
    match fs.list(dir) {
        Ok(entries) => {
            for e in entries.into_iter().filter(|e| e.kind == EntryKind::File) {
                let n = e
                    .name
                    .strip_suffix(".ron")
                    .and_then(|s| if prefixed { s.rsplit('.').next() } else { Some(s) })
                    .filter(|s| s.len() == 8 && s.bytes().all(|b| b.is_ascii_digit()))
                    .and_then(|s| s.parse::<u64>().ok());
                if let Some(n) = n {
                    out.push((n, e.name));
                }
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(StoreError::Io { path: dir.to_path_buf(), source: e }),
    }
    out.sort_unstable();
    Ok(out)
}

/// Journal segment numbers present, ascending.
pub(crate) fn segments(fs: &dyn Fs, dir: &Path) -> Result<Vec<u64>> {
    Ok(numbered(fs, &dir.join(JOURNAL_DIR), false)?.into_iter().map(|(n, _)| n).collect())
}

/// One segment, read.
pub(crate) struct SegmentRead {
    /// The records, with their 1-based lines.
    pub(crate) records: Vec<(usize, Record)>,
    /// Byte length of the part that parsed; shorter than the file when the last line was torn.
    pub(crate) valid_len: u64,
    /// Whether the last line was cut off (no newline).
    pub(crate) torn: bool,
}

/// The lines of a journal-like file: (1-based line, bytes, complete). The last one is incomplete
/// when the file does not end with a newline.
pub(crate) fn lines(bytes: &[u8]) -> impl Iterator<Item = (usize, usize, &[u8], bool)> {
    let mut pos = 0usize;
    let mut no = 0usize;
    std::iter::from_fn(move || {
        if pos >= bytes.len() {
            return None;
        }
        no += 1;
        let start = pos;
        let (line, complete) = match bytes[pos..].iter().position(|&b| b == b'\n') {
            Some(i) => {
                pos += i + 1;
                (&bytes[start..start + i], true)
            }
            None => {
                pos = bytes.len();
                (&bytes[start..], false)
            }
        };
        Some((no, start, line, complete))
    })
}

/// Checks a header line: a newer schema is `TooNew`, a broken one `Damaged`.
pub(crate) fn check_header(path: &Path, text: &str) -> Result<()> {
    match ron::from_str::<Header>(text) {
        Ok(h) if h.version > SCHEMA_VERSION => Err(StoreError::TooNew { file: path.to_path_buf(), found: h.version }),
        Ok(_) => Ok(()),
        Err(e) => Err(ron_error(path, &e, 0)),
    }
}

/// How a segment is read.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reading {
    /// Damage is an error.
    Strict,
    /// Damaged lines are left out and listed (the history).
    SkipDamaged,
    /// A segment of a newer schema is read as far as this version understands it, lines it does
    /// not understand left out (a read-only look at a newer collection).
    Lenient,
}

/// Reads one segment. A last line without its newline is a write cut short by a crash: it is
/// left out (`torn`). A complete line that does not parse is damage, reported with its line,
/// unless the reading skips damaged lines, which lists them in the second value.
pub(crate) fn read_segment(fs: &dyn Fs, path: &Path, reading: Reading) -> Result<(SegmentRead, Vec<StoreError>)> {
    let skip_damaged = reading != Reading::Strict;
    let bytes = fs.read(path).map_err(StoreError::io(path))?;
    let mut out = SegmentRead { records: Vec::new(), valid_len: bytes.len() as u64, torn: false };
    let mut skipped = Vec::new();
    for (no, start, line, complete) in lines(&bytes) {
        if !complete {
            out.valid_len = start as u64;
            out.torn = true;
            break;
        }
        let parsed = utf8(path, line, no - 1).and_then(|s| {
            if s.trim().is_empty() {
                Ok(None)
            } else if no == 1 {
                match check_header(path, s) {
                    Err(StoreError::TooNew { .. }) if reading == Reading::Lenient => Ok(None),
                    r => r.map(|()| None),
                }
            } else {
                ron::from_str::<Record>(s).map(Some).map_err(|e| ron_error(path, &e, no - 1))
            }
        });
        match parsed {
            Ok(Some(r)) => out.records.push((no, r)),
            Ok(None) => {}
            Err(e @ StoreError::TooNew { .. }) => return Err(e),
            Err(e) if skip_damaged => skipped.push(e),
            Err(e) => return Err(e),
        }
    }
    Ok((out, skipped))
}
