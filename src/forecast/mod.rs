//! Exam day: the memory model (FSRS), each card's odds on a day, the exact distribution of the
//! exam's score under its rules, and the guessing coach. Pure functions over the exam, the review
//! history and the mock exams; the library feeds them and caches the results.

pub mod coach;
pub mod dist;
pub mod memory;
pub mod odds;
pub mod odds_file;

pub use coach::{Coach, coach};
pub use dist::{Forecast, Odds, QuestionForecast, forecast};
pub use memory::Memory;
pub use odds::{Habits, card_odds};
