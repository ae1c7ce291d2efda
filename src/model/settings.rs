//! The student's settings.

use serde::{Deserialize, Serialize};

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

/// What decides when a card comes back.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Scheduler {
    /// SM-2, as pinned.
    #[default]
    Sm2,
    /// FSRS intervals at the desired retention (SM-2's state is still kept).
    Fsrs,
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
    /// SM-2 or FSRS scheduling.
    pub scheduler: Scheduler,
    /// FSRS's desired retention (0.7–0.99), when it schedules.
    pub desired_retention: f32,
    /// FSRS parameters fitted to the student's history (empty: the defaults).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fsrs_parameters: Vec<f32>,
    /// Shuffle options in quizzes.
    pub shuffle_quiz: bool,
    /// Shuffle options in mock exams.
    pub shuffle_mock: bool,
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
            scheduler: Scheduler::Sm2,
            desired_retention: 0.9,
            fsrs_parameters: Vec::new(),
            shuffle_quiz: false,
            shuffle_mock: true,
        }
    }
}

/// Settings of one deck; `None` follows the global setting.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeckSettings {
    /// New cards per day for this deck.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub new_per_day: Option<u32>,
    /// Reviews per day for this deck.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub reviews_per_day: Option<u32>,
    /// The day of the exam: study aims at it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub exam_date: Option<chrono::NaiveDate>,
}
