//! Quiz results and mock-exam attempts, as they are kept in the collection.

use crate::deck::Answer;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

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
    /// Written answers to free cards, by card id (marked afterwards, in `responses`).
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub written: BTreeMap<String, String>,
    /// Answers the student marked unsure (key U), by card id: the guessing coach reads them.
    #[serde(skip_serializing_if = "BTreeSet::is_empty")]
    pub unsure: BTreeSet<String>,
    /// The forecast score when it started, to check the forecast against the result.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub forecast: Option<f64>,
    /// The order options are shown in, by card id (original option numbers, 1-based), when they
    /// are shuffled; kept so that a resumed exam shows the same order.
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub order: BTreeMap<String, Vec<u32>>,
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
