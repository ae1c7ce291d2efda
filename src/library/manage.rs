//! Managing decks and the collection as a whole: import and re-import, the answer key, rename,
//! reset and delete, backups and restore, and the ways back in when the collection cannot be
//! read.

use super::decks::{self, read_texts};
use super::reimport::{NewDeck, Outcome};
use super::{Deck, Library, LibraryError, Result};
use crate::deck::Answer;
use crate::import::file::ImportedFile;
use crate::import::key::{CardKey, ExamKey, parse_key};
use crate::import::{Parsed, Severity};
use crate::model::Record;
use crate::store::backups::{self, Backup};
use crate::store::{Mode, SharedFs, Store, restore};
use chrono::{DateTime, Utc};
use std::path::Path;

fn first_error(name: &str, parsed: &Parsed) -> Option<LibraryError> {
    let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    let first = Box::new((*errors.first()?).clone());
    Some(LibraryError::ExamHasErrors { name: name.to_string(), errors: errors.len(), first })
}

/// A deck's texts for an edit: the exam text and the key text, as stored.
pub struct DeckTexts {
    /// The exam text.
    pub exam: String,
    /// The key text, when the deck has one.
    pub key: Option<String>,
    /// The format the exam text is written in.
    pub format: crate::import::Format,
}

impl Library {
    /// Imports (or re-imports, keeping progress) a file that was read and parsed, as deck `id`
    /// named `name`. A file with errors is refused, and nothing of it is stored.
    pub fn import(&mut self, file: &ImportedFile, id: &str, name: &str, now: DateTime<Utc>) -> Result<Outcome> {
        if let Some(e) = first_error(&file.path.display().to_string(), &file.parsed) {
            return Err(e);
        }
        let builtin = self.collection().decks.get(id).is_some_and(|d| d.builtin);
        let new = NewDeck {
            id,
            name: name.trim(),
            builtin,
            exam_text: &file.text,
            key_text: file.key_text.as_deref(),
            exam: &file.parsed.exam,
            now,
            builtin_hash: None,
            format: file.format,
        };
        let outcome = decks::put(&mut self.store, &new, &file.images)?;
        self.load_deck(id, now);
        Ok(outcome)
    }

    /// A deck's stored texts.
    pub fn deck_texts(&self, id: &str) -> Result<DeckTexts> {
        self.need_deck(id)?;
        let t = read_texts(&self.store, id)?;
        let format = self.collection().decks.get(id).map(|m| m.format).unwrap_or_default();
        Ok(DeckTexts { exam: t.exam.unwrap_or_default(), key: t.key.and_then(|k| k.ok()), format })
    }

    /// Saves a deck's edited exam and key texts, re-importing by the re-import rules. Texts with
    /// errors are refused and nothing is written.
    pub fn save_texts(&mut self, id: &str, exam: &str, key: Option<&str>, now: DateTime<Utc>) -> Result<Outcome> {
        let deck = self.need_deck(id)?;
        let format = self.collection().decks.get(id).map(|m| m.format).unwrap_or_default();
        let parsed = crate::import::parse_as(format, exam, key);
        if let Some(e) = first_error(&deck.name, &parsed) {
            return Err(e);
        }
        let meta = self.collection().decks.get(id).cloned().unwrap_or_default();
        let new = NewDeck {
            id,
            name: &meta.name,
            builtin: meta.builtin,
            exam_text: exam,
            key_text: key,
            exam: &parsed.exam,
            now,
            builtin_hash: None,
            format: meta.format,
        };
        let outcome = decks::put(&mut self.store, &new, &[])?;
        self.load_deck(id, now);
        Ok(outcome)
    }

    /// Writes the student's answers into the deck's key (keeping its explanations, topics and
    /// rules) and re-imports the deck so progress follows the re-import rules.
    pub fn save_key(&mut self, id: &str, answers: &[Option<Answer>], now: DateTime<Utc>) -> Result<Outcome> {
        self.edit_key(id, now, |deck, _, key| {
            for (card, a) in deck.exam.cards.iter().zip(answers) {
                // A free card's key is its solution, which the key editor does not change.
                if card.kind != crate::deck::CardKind::Free {
                    set_in_key(key, &card.id.0, |k| k.answer = a.map(|a| a.to_string()));
                }
            }
            Ok(())
        })
    }

    /// Writes one card's answer and explanation into the deck's key (from Browse) and re-imports
    /// the deck by the re-import rules. An empty explanation leaves the key's out, so the exam
    /// file's own explanation (if any) shows again. A free card's answer is its solution and is
    /// not changed here.
    pub fn save_card(
        &mut self,
        id: &str,
        index: usize,
        answer: Option<Answer>,
        explanation: &str,
        now: DateTime<Utc>,
    ) -> Result<Outcome> {
        let format = self.collection().decks.get(id).map(|m| m.format).unwrap_or_default();
        self.edit_key(id, now, |deck, exam_text, key| {
            let Some(card) = deck.exam.cards.get(index) else { return Ok(()) };
            let free = card.kind == crate::deck::CardKind::Free;
            // An answer the exam text gives itself (a marked box, an answer line) cannot be
            // overridden by the key: say where to change it instead of failing on the disagreement.
            if !free {
                let bare = crate::import::parse_as(format, exam_text, None);
                if let Some(written) = bare.exam.cards.iter().find(|c| c.id == card.id).and_then(|c| c.answer)
                    && answer != Some(written)
                {
                    let message = format!(
                        "card {}: the exam file itself gives the answer {written}; change it there (Edit exam), on line {}",
                        card.id, card.line
                    );
                    return Err(LibraryError::ExamHasErrors {
                        name: deck.name.clone(),
                        errors: 1,
                        first: Box::new(crate::import::Diagnostic::error(card.line, message)),
                    });
                }
            }
            let explanation = explanation.trim();
            set_in_key(key, &card.id.0, |k| {
                if !free {
                    k.answer = answer.map(|a| a.to_string());
                }
                k.explanation = (!explanation.is_empty()).then(|| explanation.to_string());
            });
            Ok(())
        })
    }

    /// Changes the deck's key with `edit` (given the deck and its exam text; it may refuse) and
    /// saves it with the exam text, re-importing.
    fn edit_key(
        &mut self,
        id: &str,
        now: DateTime<Utc>,
        edit: impl FnOnce(&Deck, &str, &mut ExamKey) -> Result<()>,
    ) -> Result<Outcome> {
        let deck = self.need_deck(id)?;
        let texts = read_texts(&self.store, id)?;
        let exam_text = texts.exam.clone().map_err(|_| LibraryError::ExamHasErrors {
            name: deck.name.clone(),
            errors: 1,
            first: Box::new(crate::import::Diagnostic::error(0, "the exam file cannot be read")),
        })?;
        let mut key = match texts.key {
            Some(Ok(k)) => parse_key(&k)
                .map_err(|diagnostic| LibraryError::KeyInvalid { deck: id.into(), diagnostic: Box::new(diagnostic) })?,
            _ => ExamKey { version: 1, ..Default::default() },
        };
        edit(&deck, &exam_text, &mut key)?;
        let key_text = ron::ser::to_string_pretty(&key, ron::ser::PrettyConfig::new()).expect("keys serialise");
        self.save_texts(id, &exam_text, Some(&key_text), now)
    }

    /// Renames a deck (the name shown; its id stays).
    pub fn rename_deck(&mut self, id: &str, name: &str) -> Result<()> {
        self.need_deck(id)?;
        self.commit(vec![Record::RenameDeck { deck: id.to_string(), name: name.trim().to_string() }])?;
        self.refresh_deck_name(id);
        Ok(())
    }

    fn refresh_deck_name(&mut self, id: &str) {
        let Some(name) = self.collection().decks.get(id).map(|d| d.name.clone()) else { return };
        if let Some(d) = self.decks.get_mut(id) {
            let mut deck = (**d).clone();
            deck.name = name;
            *d = std::sync::Arc::new(deck);
        }
    }

    /// Resets every card of a deck to new after taking a backup (history kept).
    pub fn reset_deck(&mut self, id: &str, now: DateTime<Utc>) -> Result<Backup> {
        self.need_deck(id)?;
        let b = self.backup(now, "before-reset")?;
        self.commit(vec![Record::ResetDeck { deck: id.to_string() }])?;
        Ok(b)
    }

    /// Deletes a deck after taking a backup.
    pub fn delete_deck(&mut self, id: &str, now: DateTime<Utc>) -> Result<Backup> {
        self.need_deck(id)?;
        let b = self.backup(now, "before-delete")?;
        self.store.remove_deck(id)?;
        self.decks.remove(id);
        self.rows.remove(id);
        self.revision += 1;
        Ok(b)
    }

    /// Takes a backup now, labelled (`manual`, `before-reset`) or not (empty: the daily one).
    pub fn backup(&mut self, now: DateTime<Utc>, label: &str) -> Result<Backup> {
        let today = self.today(now);
        let b = backups::take(&mut self.store, today, now, label)?;
        self.backups = backups::list(&**self.store.fs(), self.store.dir());
        Ok(b)
    }

    /// Restores a backup (the current state is backed up first) and reloads everything.
    pub fn restore(&mut self, backup: &Backup, now: DateTime<Utc>) -> Result<()> {
        let today = self.today(now);
        let result = restore::restore(&mut self.store, backup, today, now);
        self.backups = backups::list(&**self.store.fs(), self.store.dir());
        result?;
        self.reload_all(now);
        Ok(())
    }

    fn reload_all(&mut self, now: DateTime<Utc>) {
        // A backup from before the built-in deck was set up (or with its files damaged).
        if let Ok(Some((_, Some(n)))) = decks::ensure_builtin(&mut self.store, now) {
            self.notices.push(n);
        }
        self.decks.clear();
        self.rows.clear();
        self.history = super::HistoryState::NotLoaded;
        let ids: Vec<String> = self.collection().decks.keys().cloned().collect();
        for id in ids {
            self.load_deck(&id, now);
        }
        self.add_builtin_if_missing();
        self.revision += 1;
    }

    /// The backups of a collection that could not be opened, newest first.
    pub fn backups_of(dir: &Path) -> Vec<Backup> {
        backups::list(&crate::store::OsFs, dir)
    }

    /// When the collection cannot be read: keeps the unreadable files in `corrupt/` and opens
    /// `backup` instead, or a new, empty collection when `backup` is `None`.
    pub fn recover(fs: SharedFs, dir: &Path, backup: Option<&Backup>, now: DateTime<Utc>) -> Result<Library> {
        Ok(Library::from_store(restore::recover(fs, dir, backup)?, now))
    }

    /// "Open without the damaged line": keeps line `line` of journal segment `file` in `corrupt/`
    /// and opens the collection with the rest.
    pub fn skip_damaged_line(
        fs: SharedFs,
        dir: &Path,
        file: &Path,
        line: usize,
        now: DateTime<Utc>,
    ) -> Result<Library> {
        Ok(Library::from_store(restore::skip_damaged_line(fs, dir, file, line)?, now))
    }

    /// Opens the collection read-only (when the disk refuses writes, or it is newer).
    pub fn open_read_only(fs: SharedFs, dir: &Path, now: DateTime<Utc>) -> Result<Library> {
        Ok(Library::from_store(Store::open_on(fs, dir, Mode::ReadOnly)?, now))
    }
}

/// A deck written in another format, with the bytes of the images it references.
#[derive(Debug)]
pub struct DeckExport {
    /// The written text, key and image names.
    pub out: crate::export::Exported,
    /// The images found in the deck, by the name the text uses.
    pub images: Vec<(String, Vec<u8>)>,
}

impl Library {
    /// Writes deck `id` in `target`; the cards' schedule goes along in a CSV export's columns
    /// always, and as Anki tags with `schedule`.
    pub fn export(&self, id: &str, target: crate::export::Target, schedule: bool) -> Result<DeckExport> {
        let deck = self.need_deck(id)?;
        let with_schedule = schedule || target == crate::export::Target::Csv;
        let states = self.collection().decks.get(id).map(|m| &m.cards).filter(|_| with_schedule);
        let src = crate::export::Source { name: &deck.name, exam: &deck.exam, states };
        let out = crate::export::export(&src, target);
        let images = out
            .images
            .iter()
            .filter(|n| !n.contains("..") && !n.contains("://"))
            .filter_map(|n| {
                let path = deck.images.join(n);
                crate::import::file::read_bounded(&path, crate::import::file::MAX_FILE_BYTES)
                    .ok()
                    .flatten()
                    .map(|b| (n.clone(), b))
            })
            .collect();
        Ok(DeckExport { out, images })
    }
}

/// Writes `bytes` to `path` whole or not at all: a temporary file beside it, then a rename.
fn write_whole(path: &std::path::Path, bytes: &[u8]) -> Result<()> {
    let err = |source| LibraryError::Export { path: path.to_path_buf(), source };
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(err)?;
    }
    let mut tmp = path.as_os_str().to_owned();
    tmp.push(".examdeck-tmp");
    let tmp = std::path::PathBuf::from(tmp);
    std::fs::write(&tmp, bytes).map_err(err)?;
    std::fs::rename(&tmp, path).map_err(|e| {
        let _ = std::fs::remove_file(&tmp);
        err(e)
    })
}

impl Library {
    /// Writes deck `id` in `target` to `path`, with a Markdown export's key file and the images
    /// the deck references beside it (plain relative names only). Returns the files written.
    pub fn export_to(
        &self,
        id: &str,
        target: crate::export::Target,
        schedule: bool,
        path: &std::path::Path,
    ) -> Result<Vec<std::path::PathBuf>> {
        let e = self.export(id, target, schedule)?;
        write_whole(path, e.out.text.as_bytes())?;
        let mut written = vec![path.to_path_buf()];
        if let Some(key) = &e.out.key {
            let kp = crate::import::file::key_path(path);
            write_whole(&kp, key.as_bytes())?;
            written.push(kp);
        }
        let base = path.parent().unwrap_or(std::path::Path::new(""));
        for (name, bytes) in &e.images {
            if std::path::Path::new(name).components().any(|c| !matches!(c, std::path::Component::Normal(_))) {
                continue;
            }
            let p = base.join(name);
            write_whole(&p, bytes)?;
            written.push(p);
        }
        Ok(written)
    }
}

/// Changes card `id`'s entry in `key` with `edit`, removing the entry when nothing is left in it.
fn set_in_key(key: &mut ExamKey, id: &str, edit: impl FnOnce(&mut CardKey)) {
    let entry = key.cards.entry(id.to_string()).or_default();
    edit(entry);
    if *entry == CardKey::default() {
        key.cards.remove(id);
    }
}
