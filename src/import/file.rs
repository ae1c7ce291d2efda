//! Reading an exam file and its key file from disk. Only regular files are read, and never more
//! than `MAX_FILE_BYTES` of them, whatever the file claims to be: a FIFO, a device or a socket
//! is refused before a byte is read. What is wrong with the bytes (too large, not UTF-8, NUL
//! bytes, empty) becomes a diagnostic on line 0; only a file that cannot be read at all is an
//! `Err`.

use super::{Diagnostic, Format, Origin, Parsed, Severity, parse_as};
use std::io::Read;
use std::path::{Path, PathBuf};

/// Files larger than this are refused (64 MiB).
pub const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why bytes are not exam text.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DecodeError {
    /// Over the size limit.
    #[error("the file is larger than {} MiB, the limit", MAX_FILE_BYTES / (1024 * 1024))]
    TooLarge,
    /// Has NUL bytes.
    #[error("the file contains NUL bytes: it is not a text file")]
    Nul,
    /// Not UTF-8.
    #[error("the file is not UTF-8 text (invalid byte on line {line}); save it as UTF-8 and try again")]
    NotUtf8 {
        /// 1-based line of the first invalid byte.
        line: usize,
    },
    /// Nothing but whitespace.
    #[error("the file is empty")]
    Empty,
}

/// Why a file could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    /// Not a regular file.
    #[error("it is {what}, not a regular file; give the path of an exam file")]
    NotRegular {
        /// The path.
        path: PathBuf,
        /// "a directory", "a FIFO (named pipe)", "a device", "a socket".
        what: &'static str,
    },
    /// The OS refused.
    #[error("{source}")]
    Io {
        /// The path.
        path: PathBuf,
        /// The OS error.
        source: std::io::Error,
    },
}

/// What a file is, when it is not a regular file.
fn not_regular(ft: std::fs::FileType) -> Option<&'static str> {
    if ft.is_file() {
        return None;
    }
    if ft.is_dir() {
        return Some("a directory");
    }
    #[cfg(unix)]
    {
        use std::os::unix::fs::FileTypeExt;
        if ft.is_fifo() {
            return Some("a FIFO (named pipe)");
        }
        if ft.is_char_device() || ft.is_block_device() {
            return Some("a device");
        }
        if ft.is_socket() {
            return Some("a socket");
        }
    }
    Some("not a regular file")
}

/// Reads at most `limit` bytes of a regular file. `Ok(None)` when the file is longer than that
/// (nothing more is read). Refuses anything but a regular file before opening it, and opens
/// without waiting, so a FIFO can never hang the reader.
pub fn read_bounded(path: &Path, limit: u64) -> Result<Option<Vec<u8>>, ReadError> {
    let io = |source| ReadError::Io { path: path.to_path_buf(), source };
    let meta = std::fs::metadata(path).map_err(io)?;
    if let Some(what) = not_regular(meta.file_type()) {
        return Err(ReadError::NotRegular { path: path.to_path_buf(), what });
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.read(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.custom_flags(libc::O_NONBLOCK);
    }
    let f = opts.open(path).map_err(io)?;
    // The path may have been swapped between the check and the open: check what was opened.
    if let Some(what) = not_regular(f.metadata().map_err(io)?.file_type()) {
        return Err(ReadError::NotRegular { path: path.to_path_buf(), what });
    }
    let mut bytes = Vec::with_capacity(meta.len().min(limit) as usize);
    f.take(limit + 1).read_to_end(&mut bytes).map_err(io)?;
    if bytes.len() as u64 > limit {
        return Ok(None);
    }
    Ok(Some(bytes))
}

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
    /// The format it was read in.
    pub format: Format,
}

/// The key file that belongs to an exam file: `<stem>.key.ron` beside it.
pub fn key_path(exam: &Path) -> PathBuf {
    let stem = exam.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_default();
    exam.with_file_name(format!("{stem}.key.ron"))
}

/// Decodes bytes as exam text, or says why they are not text.
pub fn decode(bytes: Vec<u8>) -> Result<String, DecodeError> {
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(DecodeError::TooLarge);
    }
    if bytes.contains(&0) {
        return Err(DecodeError::Nul);
    }
    let text = String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..valid].iter().filter(|&&b| b == b'\n').count() + 1;
        DecodeError::NotUtf8 { line }
    })?;
    if text.trim_start_matches('\u{feff}').trim().is_empty() {
        return Err(DecodeError::Empty);
    }
    Ok(text)
}

/// Reads and decodes a text file within the size limit: `Ok(Err(_))` says why its bytes are not
/// text; `Err` that it could not be read.
pub fn read_text(path: &Path) -> Result<Result<String, DecodeError>, ReadError> {
    Ok(match read_bounded(path, MAX_FILE_BYTES)? {
        Some(bytes) => decode(bytes),
        None => Err(DecodeError::TooLarge),
    })
}

fn file_error(origin: Origin, message: String) -> Diagnostic {
    Diagnostic { origin, line: 0, severity: Severity::Error, message, fix: None }
}

/// Reads and parses an exam file with its key file if present, in the format its extension or
/// content says. `Err` only when the exam file cannot be read.
pub fn import_file(path: &Path) -> Result<ImportedFile, ReadError> {
    import_file_as(path, None)
}

/// Reads and parses an exam file in `format` (`None`: the format its extension or content says).
pub fn import_file_as(path: &Path, format: Option<Format>) -> Result<ImportedFile, ReadError> {
    let name = path.file_stem().map(|s| s.to_string_lossy().into_owned()).unwrap_or_else(|| "exam".into());
    let mut out = ImportedFile {
        path: path.to_path_buf(),
        name,
        text: String::new(),
        key_text: None,
        images: Vec::new(),
        parsed: Parsed::default(),
        format: format.or_else(|| Format::from_extension(path)).unwrap_or_default(),
    };
    let text = match read_text(path)? {
        Ok(t) => t,
        Err(e) => {
            out.parsed.diagnostics.push(file_error(Origin::Exam, e.to_string()));
            return Ok(out);
        }
    };
    let kp = key_path(path);
    let mut key_diags = Vec::new();
    let key_text = match read_text(&kp) {
        Ok(Ok(t)) => Some(t),
        Ok(Err(e)) => {
            key_diags.push(file_error(Origin::Key, e.to_string()));
            None
        }
        Err(ReadError::Io { source, .. }) if source.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => {
            key_diags.push(file_error(Origin::Key, format!("cannot read the key file: {e}")));
            None
        }
    };
    let format = format.unwrap_or_else(|| super::format::detect(path, &text));
    out.format = format;
    let mut parsed = parse_as(format, &text, key_text.as_deref());
    let embedded = std::mem::take(&mut parsed.embedded);
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
        if let Some((_, bytes)) = embedded.iter().find(|(name, _)| *name == img.path) {
            out.images.push((img.path.clone(), bytes.clone()));
            continue;
        }
        match read_bounded(&base.join(&img.path), MAX_FILE_BYTES) {
            Ok(Some(bytes)) => out.images.push((img.path.clone(), bytes)),
            Ok(None) => parsed.diagnostics.push(Diagnostic::warning(
                img.line,
                format!("image {} is larger than the 64 MiB limit; it is not shown", img.path),
            )),
            Err(_) => parsed.diagnostics.push(Diagnostic::warning(img.line, format!("image {} not found", img.path))),
        }
    }
    parsed.diagnostics.sort_by_key(|d| (d.origin, d.line, d.severity));
    out.text = text;
    out.key_text = key_text;
    out.parsed = parsed;
    Ok(out)
}

impl ReadError {
    /// The file concerned.
    pub fn path(&self) -> &Path {
        match self {
            ReadError::NotRegular { path, .. } | ReadError::Io { path, .. } => path,
        }
    }
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
