//! Decks in the collection, parsed: the glue between the store (texts and states) and the
//! importer (exams). Shared by the window and the CLI.

use crate::builtin;
use crate::deck::Exam;
use crate::import::{self, Parsed};
use crate::store::reimport::{NewDeck, Outcome, source_hash};
use crate::store::{Result, Store, StoreError};
use chrono::{DateTime, Utc};

/// Imports the built-in deck on first launch, and re-imports it when the compiled-in exam or key
/// changed (a corrected key), carrying progress over by the re-import rules.
pub fn ensure_builtin(store: &mut Store, now: DateTime<Utc>) -> Result<Option<Outcome>> {
    if !store.writable() {
        return Ok(None);
    }
    let hash = source_hash(builtin::EXAM, Some(builtin::KEY));
    let name = match store.collection().decks.get(builtin::NAME) {
        // Up to date with this build (the student may have edited the key since: keep that).
        Some(d) if d.builtin_hash == hash || (d.builtin_hash == 0 && d.source_hash == hash) => return Ok(None),
        Some(d) => d.name.clone(),
        None => "CS 182/282A Midterm".to_string(),
    };
    let parsed = builtin::parse();
    let outcome = store.put_deck(NewDeck {
        id: builtin::NAME,
        name: &name,
        builtin: true,
        exam_text: builtin::EXAM,
        key_text: Some(builtin::KEY),
        images: &[],
        exam: &parsed.exam,
        now,
        builtin_hash: Some(hash),
    })?;
    Ok(Some(outcome))
}

/// Parses a deck of the collection from its stored texts.
pub fn load(store: &Store, id: &str) -> Result<Parsed> {
    if !store.collection().decks.contains_key(id) {
        if id == builtin::NAME {
            return Ok(builtin::parse());
        }
        return Err(StoreError::NoDeck(id.to_string()));
    }
    let (exam, key) = store.deck_texts(id)?;
    Ok(import::parse(&exam, key.as_deref()))
}

/// Finds a deck by id or by the name shown.
pub fn find(store: &Store, name: &str) -> Option<String> {
    let decks = &store.collection().decks;
    if decks.contains_key(name) || name == builtin::NAME {
        return Some(name.to_string());
    }
    decks.values().find(|d| d.name.eq_ignore_ascii_case(name)).map(|d| d.id.clone())
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

/// The card state lookup sessions take, for one deck.
pub fn state_fn<'a>(
    store: &'a Store,
    deck: &'a str,
    exam: &'a Exam,
) -> impl Fn(usize) -> Option<crate::store::collection::CardState> + 'a {
    move |i| exam.cards.get(i).and_then(|c| store.collection().card(deck, &c.id.0).cloned())
}
