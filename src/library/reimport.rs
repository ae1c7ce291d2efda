//! Carrying progress over when an exam is imported again. Progress follows a card's content, not
//! only its position:
//! 1. same id, same text (whitespace-insensitive) and answer → kept;
//! 2. same text and answer under another id (a statement was inserted before it) → moved;
//! 3. same id and answer, text edited → kept;
//! 4. same id, answer changed → reset to new;
//! 5. old cards matched by nothing → retired, kept with their history, never queued.

use crate::deck::{Exam, content_hash};
use crate::model::{CardState, DeckMeta};
use chrono::{DateTime, Utc};
use std::collections::BTreeMap;

/// A deck about to be stored.
pub struct NewDeck<'a> {
    /// Stable id (folder name).
    pub id: &'a str,
    /// Name shown to the student.
    pub name: &'a str,
    /// Whether it is the built-in deck.
    pub builtin: bool,
    /// The exam text.
    pub exam_text: &'a str,
    /// The key text.
    pub key_text: Option<&'a str>,
    /// The parsed exam.
    pub exam: &'a Exam,
    /// When it is imported.
    pub now: DateTime<Utc>,
    /// For the built-in deck synced from the binary: the compiled-in sources' hash. `None` keeps
    /// the stored one (a key edit is not a new build).
    pub builtin_hash: Option<u64>,
    /// The format the exam text is written in.
    pub format: crate::import::Format,
}

/// How many cards each rule applied to.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Outcome {
    /// Progress kept under the same id.
    pub kept: usize,
    /// Progress moved to a new id.
    pub moved: usize,
    /// Reset because the answer changed.
    pub reset: usize,
    /// New cards.
    pub added: usize,
    /// Old cards retired.
    pub retired: usize,
}

/// Hash of an exam text and key, to notice a changed built-in deck.
pub fn source_hash(exam_text: &str, key_text: Option<&str>) -> u64 {
    let mut s = String::with_capacity(exam_text.len() + key_text.map_or(0, str::len) + 1);
    s.push_str(exam_text);
    s.push('\u{0}');
    s.push_str(key_text.unwrap_or(""));
    // Whitespace matters for the source as a whole; hash it byte for byte via a marker per space.
    let marked: String = s.chars().map(|c| if c.is_whitespace() { '\u{1}' } else { c }).collect();
    content_hash(&marked)
}

/// The text hash and written answer of each card of an exam, by id.
pub fn fingerprints(exam: &Exam) -> Vec<(String, u64, Option<String>)> {
    exam.cards
        .iter()
        .map(|c| (c.id.0.clone(), content_hash(&exam.card_text(c)), c.answer.map(|a| a.to_string())))
        .collect()
}

fn answers_differ(old: &Option<String>, new: &Option<String>) -> bool {
    matches!((old, new), (Some(a), Some(b)) if a != b)
}

/// Merges the old deck's card states into the new exam's cards.
pub fn merge(old: Option<&DeckMeta>, new: &NewDeck<'_>) -> (DeckMeta, Outcome) {
    let mut outcome = Outcome::default();
    let prints = fingerprints(new.exam);
    let old_builtin_hash = old.map_or(0, |d| d.builtin_hash);
    let mut old_cards: BTreeMap<String, CardState> = old.map(|d| d.cards.clone()).unwrap_or_default();
    let mut result: BTreeMap<String, CardState> = BTreeMap::new();
    let mut pending: Vec<usize> = Vec::new();

    // 1. Exact: same id, text and answer.
    for (i, (id, hash, answer)) in prints.iter().enumerate() {
        match old_cards.get(id) {
            Some(st) if !st.retired && st.text_hash == *hash && !answers_differ(&st.answer, answer) => {
                let mut st = old_cards.remove(id).expect("checked");
                st.answer = answer.clone();
                result.insert(id.clone(), st);
                outcome.kept += 1;
            }
            _ => pending.push(i),
        }
    }
    // 2. Moved: same text and answer under another id that the new exam no longer uses that way.
    let mut still = Vec::new();
    for i in pending {
        let (id, hash, answer) = &prints[i];
        let found = old_cards
            .iter()
            .find(|(oid, st)| {
                !st.retired && st.text_hash == *hash && st.answer == *answer && answer.is_some() && *oid != id
            })
            .map(|(oid, _)| oid.clone());
        match found {
            Some(oid) => {
                let st = old_cards.remove(&oid).expect("found above");
                result.insert(id.clone(), st);
                outcome.moved += 1;
            }
            None => still.push(i),
        }
    }
    // 3–4. Same id: kept when the answer is the same, reset when it changed.
    for i in still {
        let (id, hash, answer) = &prints[i];
        match old_cards.remove(id) {
            Some(st) if !st.retired && !answers_differ(&st.answer, answer) => {
                result.insert(id.clone(), CardState { text_hash: *hash, answer: answer.clone(), ..st });
                outcome.kept += 1;
            }
            Some(st) => {
                let was_retired = st.retired;
                if !was_retired {
                    outcome.reset += 1;
                } else {
                    outcome.added += 1;
                }
                result.insert(
                    id.clone(),
                    CardState {
                        text_hash: *hash,
                        answer: answer.clone(),
                        suspended: st.suspended && !was_retired,
                        ..CardState::default()
                    },
                );
            }
            None => {
                result
                    .insert(id.clone(), CardState { text_hash: *hash, answer: answer.clone(), ..CardState::default() });
                outcome.added += 1;
            }
        }
    }
    // 5. What is left is retired, kept under its id (or beside it when the id is taken).
    for (id, mut st) in old_cards {
        if !st.retired {
            outcome.retired += 1;
        }
        st.retired = true;
        let mut key = id.clone();
        let mut n = 1;
        while result.contains_key(&key) {
            key = format!("{id}~retired{n}");
            n += 1;
        }
        result.insert(key, st);
    }
    let meta = DeckMeta {
        id: new.id.to_string(),
        name: new.name.to_string(),
        builtin: new.builtin,
        source_hash: source_hash(new.exam_text, new.key_text),
        builtin_hash: new.builtin_hash.unwrap_or(old_builtin_hash),
        format: new.format,
        imported_at: Some(new.now),
        cards: result,
        settings: old.map(|d| d.settings.clone()).unwrap_or_default(),
    };
    (meta, outcome)
}
