//! Decks of the collection, parsed: each deck's exam with its key, where its images are, and what
//! is wrong with its files. The built-in deck comes from the binary and heals itself from it.

use super::reimport::{NewDeck, Outcome, merge, source_hash};
use crate::builtin;
use crate::deck::Exam;
use crate::import::file::{DecodeError, decode};
use crate::import::{self, Diagnostic, Parsed, Severity};
use crate::model::DeckMeta;
use crate::store::{DeckFiles, Result as StoreResult, Store};
use chrono::{DateTime, Utc};
use std::path::PathBuf;
use std::sync::Arc;

/// A deck of the collection, parsed.
#[derive(Clone, Debug)]
pub struct Deck {
    /// Deck id.
    pub id: String,
    /// Name shown.
    pub name: String,
    /// Whether it is the built-in deck.
    pub builtin: bool,
    /// The exam (shared: screens take a cheap handle instead of a copy).
    pub exam: Arc<Exam>,
    /// Folder its images live in.
    pub images: PathBuf,
    /// What the importer said about its files, errors first. A deck with errors is broken: it
    /// shows them and offers the editor or a re-import.
    pub diagnostics: Vec<Diagnostic>,
}

impl Deck {
    /// Whether its files have errors.
    pub fn is_broken(&self) -> bool {
        self.diagnostics.iter().any(|d| d.severity == Severity::Error)
    }

    /// The errors of its files.
    pub fn errors(&self) -> impl Iterator<Item = &Diagnostic> {
        self.diagnostics.iter().filter(|d| d.severity == Severity::Error)
    }
}

/// A deck's texts as stored, decoded.
pub(crate) struct Texts {
    pub(crate) exam: Result<String, String>,
    pub(crate) key: Option<Result<String, String>>,
}

fn decoded(bytes: Vec<u8>) -> Result<String, String> {
    decode(bytes).map_err(|e: DecodeError| e.to_string())
}

/// Reads a deck's texts from the store.
pub(crate) fn read_texts(store: &Store, id: &str) -> StoreResult<Texts> {
    let (exam, key) = store.deck_files(id)?;
    Ok(Texts { exam: exam.map_or_else(|| Err("the exam file is missing".to_string()), decoded), key: key.map(decoded) })
}

/// Parses texts as a deck's files, with a diagnostic for a file that could not be decoded.
pub(crate) fn parse_texts(texts: &Texts, format: import::Format) -> Parsed {
    let exam = match &texts.exam {
        Ok(t) => t,
        Err(msg) => {
            return Parsed { diagnostics: vec![Diagnostic::error(0, format!("exam.md: {msg}"))], ..Default::default() };
        }
    };
    let key = match &texts.key {
        Some(Ok(k)) => Some(k.as_str()),
        _ => None,
    };
    let mut parsed = import::parse_as(format, exam, key);
    if let Some(Err(msg)) = &texts.key {
        parsed.diagnostics.insert(0, Diagnostic::key(0, Severity::Error, format!("key.ron: {msg}")));
    }
    parsed
}

/// The deck value for stored metadata and parsed files.
pub(crate) fn make(store: &Store, meta: &DeckMeta, parsed: Parsed) -> Deck {
    let mut diagnostics = parsed.diagnostics;
    diagnostics.sort_by_key(|d| (d.severity, d.origin, d.line));
    Deck {
        id: meta.id.clone(),
        name: meta.name.clone(),
        builtin: meta.builtin,
        exam: Arc::new(parsed.exam),
        images: store.deck_dir(&meta.id).join("images"),
        diagnostics,
    }
}

/// Stores a parsed deck: merges progress by the re-import rules and writes files and metadata.
pub(crate) fn put(store: &mut Store, new: &NewDeck<'_>, images: &[(String, Vec<u8>)]) -> StoreResult<Outcome> {
    let (meta, outcome) = merge(store.collection().decks.get(new.id), new);
    store.put_deck(meta, DeckFiles { exam_text: new.exam_text, key_text: new.key_text, images })?;
    Ok(outcome)
}

/// Imports the built-in deck on first launch, re-imports it when the compiled-in exam or key
/// changed (a corrected key), and heals it when its files are missing or damaged, carrying
/// progress over by the re-import rules. Returns what the re-import did, with a notice for the
/// student when it healed damaged files.
pub(crate) fn ensure_builtin(store: &mut Store, now: DateTime<Utc>) -> StoreResult<Option<(Outcome, Option<String>)>> {
    if !store.writable() {
        return Ok(None);
    }
    let hash = source_hash(builtin::EXAM, Some(builtin::KEY));
    let (name, notice) = match store.collection().decks.get(builtin::NAME) {
        Some(d) => {
            let up_to_date = d.builtin_hash == hash || (d.builtin_hash == 0 && d.source_hash == hash);
            let texts = read_texts(store, builtin::NAME)?;
            // A missing key would leave every card without its answer: damage too.
            let damaged = texts.key.is_none() || parse_texts(&texts, import::Format::Markdown).has_errors();
            if up_to_date && !damaged {
                return Ok(None);
            }
            let notice = damaged.then(|| {
                "The built-in deck's files were missing or damaged; they were restored from examdeck itself, and your progress was kept.".to_string()
            });
            (d.name.clone(), notice)
        }
        None => ("CS 182/282A Midterm".to_string(), None),
    };
    let parsed = builtin::parse();
    let new = NewDeck {
        id: builtin::NAME,
        name: &name,
        builtin: true,
        exam_text: builtin::EXAM,
        key_text: Some(builtin::KEY),
        exam: &parsed.exam,
        now,
        builtin_hash: Some(hash),
        format: crate::import::Format::Markdown,
    };
    let outcome = put(store, &new, &[])?;
    Ok(Some((outcome, notice)))
}

/// A deck id made from a file name: lower-case letters, digits and underscores. Importing a file
/// with the same name again re-imports that deck, keeping progress by the re-import rules.
pub fn slug(stem: &str) -> String {
    let base: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect::<String>()
        .trim_matches('_')
        .to_string();
    if base.is_empty() { "exam".into() } else { base }
}
