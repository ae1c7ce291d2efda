//! The collection in memory: settings, decks' metadata and card states, daily counts, quiz and
//! mock-exam results. Every change is a `Record`; `Collection::apply` is the only way state
//! changes, so replaying the journal over the snapshot gives exactly the state the app had.

use super::attempt::{MockAttempt, QuizResult};
use super::card::CardState;
use super::review::Review;
use super::settings::{DeckSettings, Settings};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The schema version this build writes. Version 2 adds batches of records, relearning card
/// states, per-deck settings and compacted history files; a version 1 collection reads as is.
pub const SCHEMA_VERSION: u32 = 2;

/// A deck in the collection. Its exam text and key live in their own files.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeckMeta {
    /// Stable id, also the folder name (`cs182_midterm`).
    pub id: String,
    /// The name shown to the student.
    pub name: String,
    /// The built-in deck re-imports itself when the compiled-in text or key changes.
    pub builtin: bool,
    /// Hash of the exam text and key it was imported from.
    pub source_hash: u64,
    /// For the built-in deck: hash of the compiled-in exam and key it was last synced with, so
    /// the student's own key edits are not mistaken for an outdated build.
    pub builtin_hash: u64,
    /// When it was imported.
    pub imported_at: Option<DateTime<Utc>>,
    /// Card states by card id.
    pub cards: BTreeMap<String, CardState>,
    /// Its own limits and exam date.
    pub settings: DeckSettings,
    /// The format its exam text is written in (decks from before formats are Markdown).
    #[serde(default)]
    pub format: crate::import::Format,
}

/// What was done on one study day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DayStats {
    /// New cards introduced.
    pub new: u32,
    /// Due reviews done.
    pub reviews: u32,
    /// All answers recorded (repeats and quiz answers included).
    pub answers: u32,
    /// Answers that were right.
    pub right: u32,
}

/// One change to the collection, appended to the journal as one line.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub enum Record {
    /// A graded answer.
    Review(Review),
    /// The last answer taken back: the card's state and the day's counts are restored.
    Undo {
        /// The review being undone.
        review: Box<Review>,
    },
    /// Suspend or unsuspend a card.
    Suspend {
        /// Deck id.
        deck: String,
        /// Card id.
        card: String,
        /// New value.
        suspended: bool,
    },
    /// New settings.
    Settings(Settings),
    /// The mock exam in progress, saved on every change.
    MockProgress(MockAttempt),
    /// The mock exam submitted: it joins the history.
    MockFinished(MockAttempt),
    /// The mock exam in progress abandoned.
    MockDiscarded,
    /// A finished quiz.
    QuizFinished(QuizResult),
    /// All cards of a deck back to new (their history is kept).
    ResetDeck {
        /// Deck id.
        deck: String,
    },
    /// A deck's name shown to the student.
    RenameDeck {
        /// Deck id.
        deck: String,
        /// The new name.
        name: String,
    },
    /// A deck's own settings.
    DeckSettings {
        /// Deck id.
        deck: String,
        /// The new settings.
        settings: DeckSettings,
    },
    /// Several records that take effect together or not at all (one journal line).
    Batch(Vec<Record>),
}

/// Everything the app keeps, except decks' texts and the review history.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Collection {
    /// Schema version of this value.
    pub version: u32,
    /// Settings.
    pub settings: Settings,
    /// Decks by id.
    pub decks: BTreeMap<String, DeckMeta>,
    /// Per study day counts (streak, today's progress, daily limits).
    pub days: BTreeMap<NaiveDate, DayStats>,
    /// The mock exam in progress.
    pub mock_in_progress: Option<MockAttempt>,
    /// Finished mock exams, oldest first.
    pub mocks: Vec<MockAttempt>,
    /// Finished quizzes, oldest first.
    pub quizzes: Vec<QuizResult>,
}

impl Default for Collection {
    fn default() -> Self {
        Collection {
            version: SCHEMA_VERSION,
            settings: Settings::default(),
            decks: BTreeMap::new(),
            days: BTreeMap::new(),
            mock_in_progress: None,
            mocks: Vec::new(),
            quizzes: Vec::new(),
        }
    }
}

impl DayStats {
    /// Adds (`sign` = 1) or takes back (`sign` = -1) one review's share of the day's counts.
    fn count(&mut self, r: &Review, sign: i32) {
        let add = |n: &mut u32| *n = n.saturating_add_signed(sign);
        add(&mut self.answers);
        if r.grade.quality() >= 3 {
            add(&mut self.right);
        }
        if r.was_new() {
            add(&mut self.new);
        } else if r.counts_as_review() {
            add(&mut self.reviews);
        }
    }
}

impl Collection {
    /// The state of a card (`None` if the deck or card is unknown).
    pub fn card(&self, deck: &str, card: &str) -> Option<&CardState> {
        self.decks.get(deck)?.cards.get(card)
    }

    fn card_mut(&mut self, deck: &str, card: &str) -> &mut CardState {
        let d = self.decks.entry(deck.to_string()).or_insert_with(|| DeckMeta {
            id: deck.to_string(),
            name: deck.to_string(),
            ..Default::default()
        });
        d.cards.entry(card.to_string()).or_default()
    }

    /// Applies one record. Total: it never fails, whatever the record says.
    pub fn apply(&mut self, record: &Record) {
        match record {
            Record::Review(r) => {
                *self.card_mut(&r.deck, &r.card) = r.after.clone();
                self.days.entry(r.day).or_default().count(r, 1);
            }
            Record::Undo { review: r } => {
                *self.card_mut(&r.deck, &r.card) = r.before.clone();
                self.days.entry(r.day).or_default().count(r, -1);
            }
            Record::Suspend { deck, card, suspended } => self.card_mut(deck, card).suspended = *suspended,
            Record::Settings(s) => self.settings = s.clone(),
            Record::MockProgress(m) => self.mock_in_progress = Some(m.clone()),
            Record::MockFinished(m) => {
                self.mock_in_progress = None;
                // Re-submitting the same attempt (mistakes added later) replaces it.
                if let Some(old) = self.mocks.iter_mut().find(|o| o.started_at == m.started_at && o.deck == m.deck) {
                    *old = m.clone();
                } else {
                    self.mocks.push(m.clone());
                }
            }
            Record::MockDiscarded => self.mock_in_progress = None,
            Record::QuizFinished(q) => self.quizzes.push(q.clone()),
            Record::ResetDeck { deck } => {
                if let Some(d) = self.decks.get_mut(deck) {
                    for st in d.cards.values_mut() {
                        *st = CardState {
                            text_hash: st.text_hash,
                            answer: st.answer.clone(),
                            retired: st.retired,
                            ..CardState::default()
                        };
                    }
                }
            }
            Record::RenameDeck { deck, name } => {
                if let Some(d) = self.decks.get_mut(deck) {
                    d.name = name.clone();
                }
            }
            Record::DeckSettings { deck, settings } => {
                if let Some(d) = self.decks.get_mut(deck) {
                    d.settings = settings.clone();
                }
            }
            Record::Batch(records) => {
                for r in records {
                    self.apply(r);
                }
            }
        }
    }

    /// What was done on `day`.
    pub fn day(&self, day: NaiveDate) -> DayStats {
        self.days.get(&day).copied().unwrap_or_default()
    }

    /// Consecutive study days with at least one answer, ending today (or yesterday, when today
    /// has no answers yet).
    pub fn streak(&self, today: NaiveDate) -> u32 {
        let mut day = today;
        if self.day(day).answers == 0 {
            match day.pred_opt() {
                Some(d) => day = d,
                None => return 0,
            }
        }
        let mut n = 0;
        while self.day(day).answers > 0 {
            n += 1;
            match day.pred_opt() {
                Some(d) => day = d,
                None => break,
            }
        }
        n
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::review::Source;
    use crate::sm2::{Grade, Sm2State};

    fn d(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 1, n).unwrap()
    }

    #[test]
    fn streak_counts_back_from_today_or_yesterday() {
        let mut c = Collection::default();
        for n in [3, 4, 5, 7] {
            c.days.insert(d(n), DayStats { answers: 1, ..Default::default() });
        }
        assert_eq!(c.streak(d(5)), 3);
        assert_eq!(c.streak(d(6)), 3);
        assert_eq!(c.streak(d(7)), 1);
        assert_eq!(c.streak(d(9)), 0);
    }

    fn review() -> Review {
        let after = CardState { sm2: Sm2State::new().review(4), due: Some(d(2)), reviews: 1, ..Default::default() };
        Review {
            deck: "x".into(),
            card: "1".into(),
            at: DateTime::<Utc>::default(),
            day: d(1),
            grade: Grade::Good,
            response_ms: 10,
            before: CardState::default(),
            after,
            redrill: false,
            source: Source::Study,
        }
    }

    #[test]
    fn undo_restores_state_and_counts() {
        let mut c = Collection::default();
        let r = review();
        c.apply(&Record::Review(r.clone()));
        assert_eq!(c.day(d(1)).new, 1);
        c.apply(&Record::Undo { review: Box::new(r) });
        assert_eq!(c.card("x", "1"), Some(&CardState::default()));
        assert_eq!(c.day(d(1)), DayStats::default());
    }

    #[test]
    fn a_batch_applies_every_record_in_order() {
        let mut c = Collection::default();
        let r = review();
        c.apply(&Record::Batch(vec![
            Record::Review(r.clone()),
            Record::Suspend { deck: "x".into(), card: "1".into(), suspended: true },
        ]));
        let st = c.card("x", "1").unwrap();
        assert!(st.suspended);
        assert_eq!(st.due, Some(d(2)));
        assert_eq!(c.day(d(1)).answers, 1);
    }
}
