//! Reading an exam file and its key file from disk. Everything that can go wrong with the bytes
//! (too large, not UTF-8, NUL bytes, empty) becomes a diagnostic on line 0; only a file that cannot
//! be opened at all is an `Err`.

use super::{Diagnostic, Origin, Parsed, Severity, parse};
use std::path::{Path, PathBuf};

/// Files larger than this are refused (64 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// An exam read from disk: its parsed form and the texts it came from.
#[derive(Debug)]
pub struct ImportedFile {
    /// The exam file's path.
    pub path: PathBuf,
    /// The deck name: the file stem (`cs182_midterm`).
    pub name: String,
    /// The exam text (empty if it could not be decoded).
    pub text: String,
    /// The key file's text, when there is one.
    pub key_text: Option<String>,
    /// Images the exam references that exist, with their bytes, by the path as written.
    pub images: Vec<(String, Vec<u8>)>,
    /// The parsed exam and its diagnostics.
    pub parsed: Parsed,
}

/// The key file that belongs to an exam file: `<stem>.key.ron` beside it.
pub fn key_path(exam: &Path) -> PathBuf {
    let stem = exam.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    exam.with_file_name(format!("{stem}.key.ron"))
}

/// Decodes bytes as exam text, or says why they are not text.
pub fn decode(bytes: &[u8]) -> Result<String, String> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(format!("the file is {} MiB; the limit is 64 MiB", bytes.len() / (1024 * 1024)));
    }
    if bytes.contains(&0) {
        return Err("the file contains NUL bytes: it is not a text file".into());
    }
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|&&b| b == b'\n').count() + 1;
        format!("the file is not UTF-8 text (invalid byte on line {line})")
    })?;
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err("the file is empty".into());
    }
    Ok(text.to_string())
}

fn file_error(origin: Origin, message: String) -> Diagnostic {
    Diagnostic { origin, line: 0, severity: Severity::Error, message }
}

/// Reads and parses an exam file with its key file if present. `Err` only when the exam file
/// cannot be opened or read.
pub fn import_file(path: &Path) -> std::io::Result<ImportedFile> {
    let meta = std::fs::metadata(path)?;
    if meta.is_dir() {
        return Err(std::io::Error::other("is a directory"));
    }
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "exam".into());
    let mut out = ImportedFile {
        path: path.to_path_buf(),
        name,
        text: String::new(),
        key_text: None,
        images: Vec::new(),
        parsed: Parsed::default(),
    };
    if meta.len() > MAX_FILE_BYTES {
        let msg = format!("the file is {} MiB; the limit is 64 MiB", meta.len() / (1024 * 1024));
        out.parsed.diagnostics.push(file_error(Origin::Exam, msg));
        return Ok(out);
    }
    let bytes = std::fs::read(path)?;
    let text = match decode(&bytes) {
        Ok(t) => t,
        Err(msg) => {
            out.parsed.diagnostics.push(file_error(Origin::Exam, msg));
            return Ok(out);
        }
    };
    let kp = key_path(path);
    let mut key_diags = Vec::new();
    let key_text = match std::fs::read(&kp) {
        Ok(b) => match decode(&b) {
            Ok(t) => Some(t),
            Err(msg) => {
                key_diags.push(file_error(Origin::Key, msg));
                None
            }
        },
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            key_diags.push(file_error(Origin::Key, format!("cannot read {}: {e}", kp.display())));
            None
        }
    };
    let mut parsed = parse(&text, key_text.as_deref());
    parsed.diagnostics.extend(key_diags);
    let base = path.parent().unwrap_or(Path::new("."));
    for img in &parsed.exam.images {
        if img.path.contains("://") {
            parsed.diagnostics.push(Diagnostic::warning(
                img.line,
                format!("image {} is not a local file; it is not shown", img.path),
            ));
            continue;
        }
        match std::fs::read(base.join(&img.path)) {
            Ok(bytes) => out.images.push((img.path.clone(), bytes)),
            Err(_) => parsed.diagnostics.push(Diagnostic::warning(img.line, format!("image {} not found", img.path))),
        }
    }
    parsed.diagnostics.sort_by_key(|d| (d.origin, d.line, d.severity));
    out.text = text;
    out.key_text = key_text;
    out.parsed = parsed;
    Ok(out)
}

impl ImportedFile {
    /// The path shown in front of a diagnostic: the exam file or its key file.
    pub fn diagnostic_path(&self, d: &Diagnostic) -> String {
        match d.origin {
            Origin::Exam => self.path.display().to_string(),
            Origin::Key => key_path(&self.path).display().to_string(),
        }
    }
}
