//! One graded answer, as the journal records it.

use super::card::CardState;
use crate::sm2::Grade;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Where an answer came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
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
    /// The state after (equal to `before` for a quiz answer that leaves the schedule alone).
    pub after: CardState,
    /// A same-day repeat of a card in relearning (or graded Hard): recorded, but SM-2 is not
    /// applied again.
    pub redrill: bool,
    /// Study, quiz or mock.
    pub source: Source,
}

impl Review {
    /// Whether this review introduced a new card.
    pub fn was_new(&self) -> bool {
        self.before.due.is_none() && !self.redrill && self.after.due.is_some()
    }

    /// Whether this review counts against the day's review limit: a scheduled review of a card
    /// that was already studied (not a repeat, and one that changed the schedule).
    pub fn counts_as_review(&self) -> bool {
        !self.was_new() && !self.redrill && self.after != self.before
    }
}

/// A review as the history keeps it: what Browse, statistics and the memory model need, without
/// the full card states (the journal keeps those until it is compacted).
#[derive(Clone, Debug, PartialEq)]
pub struct PastReview {
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
    pub response_ms: u32,
    /// Study, quiz or mock.
    pub source: Source,
    /// A same-day repeat.
    pub redrill: bool,
    /// The card's first review.
    pub was_new: bool,
    /// The SM-2 interval after it, in days.
    pub interval: u32,
    /// The SM-2 easiness after it.
    pub ease: f64,
    /// The due day after it.
    pub due: Option<NaiveDate>,
}

impl From<&Review> for PastReview {
    fn from(r: &Review) -> Self {
        PastReview {
            deck: r.deck.clone(),
            card: r.card.clone(),
            at: r.at,
            day: r.day,
            grade: r.grade,
            response_ms: u32::try_from(r.response_ms).unwrap_or(u32::MAX),
            source: r.source,
            redrill: r.redrill,
            was_new: r.was_new(),
            interval: r.after.sm2.interval_days,
            ease: r.after.sm2.easiness,
            due: r.after.due,
        }
    }
}

/// One event of the history, oldest first: a review, or a review taken back.
#[derive(Clone, Debug, PartialEq)]
pub enum HistoryEvent {
    /// A graded answer.
    Review(PastReview),
    /// The review of `card` at `at` was undone.
    Undo {
        /// Deck id.
        deck: String,
        /// Card id.
        card: String,
        /// When the undone review was graded.
        at: DateTime<Utc>,
    },
}

/// One past review of a card: a `PastReview` without its deck and card, which the index keys.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Past {
    /// When it was graded.
    pub at: DateTime<Utc>,
    /// The study day it counts for.
    pub day: NaiveDate,
    /// The grade.
    pub grade: Grade,
    /// Milliseconds from showing the card to answering.
    pub response_ms: u32,
    /// Study, quiz or mock.
    pub source: Source,
    /// A same-day repeat.
    pub redrill: bool,
    /// The card's first review.
    pub was_new: bool,
    /// The SM-2 interval after it, in days.
    pub interval: u32,
    /// The SM-2 easiness after it.
    pub ease: f32,
}

impl From<&PastReview> for Past {
    fn from(p: &PastReview) -> Self {
        Past {
            at: p.at,
            day: p.day,
            grade: p.grade,
            response_ms: p.response_ms,
            source: p.source,
            redrill: p.redrill,
            was_new: p.was_new,
            interval: p.interval,
            ease: p.ease as f32,
        }
    }
}
