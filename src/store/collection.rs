//! The collection in memory: settings, decks' metadata and card states, daily counts, quiz and
//! mock-exam results. Every change is a `Record`; `Collection::apply` is the only way state
//! changes, so replaying the journal over the snapshot gives exactly the state the app had.

use crate::deck::Answer;
use crate::sm2::{Grade, Sm2State};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// The schema version this build writes.
pub const SCHEMA_VERSION: u32 = 1;

/// Colour theme.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Theme {
    /// Follow the system.
    #[default]
    System,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
}

/// The student's settings.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// New cards per day.
    pub new_per_day: u32,
    /// Due reviews per day.
    pub reviews_per_day: u32,
    /// Hour (local time) at which the study day starts.
    pub day_start_hour: u32,
    /// Colour theme.
    pub theme: Theme,
    /// Body text size in points.
    pub text_size: f32,
    /// Default time for mock exams, in percent of the exam's duration (100, 150, 200).
    pub mock_time_percent: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            new_per_day: 20,
            reviews_per_day: 200,
            day_start_hour: 4,
            theme: Theme::System,
            text_size: 17.0,
            mock_time_percent: 100,
        }
    }
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The scheduling state of one card. Fields at their default are left out when written, so the
/// snapshot of a large collection stays small and quick to read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CardState {
    /// SM-2 state.
    pub sm2: Sm2State,
    /// The study day it is due; `None` = new (never reviewed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Suspended cards are never queued.
    #[serde(skip_serializing_if = "is_false")]
    pub suspended: bool,
    /// Times answered wrong or guessed.
    #[serde(skip_serializing_if = "is_zero")]
    pub lapses: u32,
    /// Scheduled reviews (re-drills not counted).
    #[serde(skip_serializing_if = "is_zero")]
    pub reviews: u32,
    /// When it was last reviewed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_review: Option<DateTime<Utc>>,
    /// Hash of the card's text, whitespace removed (`deck::content_hash`).
    pub text_hash: u64,
    /// The answer the state was earned with, as written (`"4"`, `"T"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// Cards that disappeared from a re-imported exam: kept with their history, never queued.
    #[serde(skip_serializing_if = "is_false")]
    pub retired: bool,
}

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
}

/// Where an answer came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Source {
    /// The daily study queue.
    Study,
    /// A quiz.
    Quiz,
    /// Mistakes from a mock exam, added on request.
    Mock,
}

/// One graded answer.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Review {
    /// Deck id.
    pub deck: String,
    /// Card id.
    pub card: String,
    /// When it was graded.
    pub at: DateTime<Utc>,
    /// The study day it counts for.
    pub day: NaiveDate,
    /// The grade.
    pub grade: Grade,
    /// Milliseconds from showing the card to answering.
    pub response_ms: u64,
    /// The state before.
    pub before: CardState,
    /// The state after (equal to `before` for a re-drill or a quiz answer that leaves the schedule).
    pub after: CardState,
    /// A same-session repeat of a card graded below Good: recorded, but the schedule is unchanged.
    pub redrill: bool,
    /// Study, quiz or mock.
    pub source: Source,
}

impl Review {
    /// Whether this review introduced a new card.
    pub fn was_new(&self) -> bool {
        self.before.due.is_none() && !self.redrill && self.after.due.is_some()
    }
}

/// What was done on one study day.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DayStats {
    /// New cards introduced.
    pub new: u32,
    /// Due reviews done.
    pub reviews: u32,
    /// All answers recorded (re-drills and quiz answers included).
    pub answers: u32,
    /// Answers that were right.
    pub right: u32,
}

/// A mock exam, in progress or finished.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct MockAttempt {
    /// Deck id.
    pub deck: String,
    /// When it started.
    pub started_at: Option<DateTime<Utc>>,
    /// The absolute deadline.
    pub deadline: Option<DateTime<Utc>>,
    /// Minutes granted (the exam's duration × extra time).
    pub minutes: u32,
    /// Answers by card id.
    pub responses: BTreeMap<String, Answer>,
    /// Questions flagged for review.
    pub flagged: BTreeSet<u32>,
    /// The question on screen (index in exam order), to resume where the student was.
    pub current: usize,
    /// When it was submitted (`None` = in progress).
    pub submitted_at: Option<DateTime<Utc>>,
    /// Whether time ran out.
    pub timed_out: bool,
    /// Score and maximum when submitted.
    pub score: Option<(f64, f64)>,
    /// Per-section scores when submitted: (title, score, max).
    pub sections: Vec<(String, f64, f64)>,
    /// Whether the mistakes were added to today's reviews.
    pub mistakes_added: bool,
}

/// A finished quiz.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct QuizResult {
    /// Deck id.
    pub deck: String,
    /// When it was submitted.
    pub at: Option<DateTime<Utc>>,
    /// The questions asked.
    pub questions: Vec<u32>,
    /// Score and maximum under the exam's rules.
    pub score: (f64, f64),
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
                let day = self.days.entry(r.day).or_default();
                day.answers += 1;
                if r.grade.quality() >= 3 {
                    day.right += 1;
                }
                if r.was_new() {
                    day.new += 1;
                } else if !r.redrill && r.after != r.before {
                    day.reviews += 1;
                }
            }
            Record::Undo { review: r } => {
                *self.card_mut(&r.deck, &r.card) = r.before.clone();
                let day = self.days.entry(r.day).or_default();
                day.answers = day.answers.saturating_sub(1);
                if r.grade.quality() >= 3 {
                    day.right = day.right.saturating_sub(1);
                }
                if r.was_new() {
                    day.new = day.new.saturating_sub(1);
                } else if !r.redrill && r.after != r.before {
                    day.reviews = day.reviews.saturating_sub(1);
                }
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

    #[test]
    fn undo_restores_state_and_counts() {
        let mut c = Collection::default();
        let before = c.clone();
        let after = CardState { sm2: Sm2State::new().review(4), due: Some(d(2)), reviews: 1, ..Default::default() };
        let r = Review {
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
        };
        c.apply(&Record::Review(r.clone()));
        assert_eq!(c.day(d(1)).new, 1);
        c.apply(&Record::Undo { review: Box::new(r) });
        assert_eq!(c.card("x", "1"), Some(&CardState::default()));
        assert_eq!(c.day(d(1)), DayStats::default());
        assert_eq!(c.decks["x"].cards.len(), before.decks.get("x").map_or(1, |d| d.cards.len()));
    }
}
