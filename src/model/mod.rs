//! The bottom floor: the collection's plain data and the pure rules of the schedule. Card states
//! and what each grade does to them (`card`), graded answers (`review`), quiz and mock-exam
//! attempts (`attempt`), settings, and the `Collection` that every `Record` changes. Nothing here
//! does I/O; the store persists these values and the library works with them.

pub mod attempt;
pub mod card;
pub mod collection;
pub mod review;
pub mod settings;

pub use attempt::{MockAttempt, QuizResult};
pub use card::{CardState, NextStates, Plan, next_states};
pub use collection::{Collection, DayStats, DeckMeta, Record, SCHEMA_VERSION};
pub use review::{HistoryEvent, Past, PastReview, Review, Source};
pub use settings::{DeckSettings, Scheduler, Settings, Theme};
