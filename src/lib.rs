//! examdeck's core: importing exams, the deck's cards, SM-2 scheduling, scoring by the exam's
//! rules, study/quiz/mock sessions, the crash-safe store, and the library that the window and the
//! command line both work through. Nothing here but `ui` depends on egui.
//!
//! From the bottom up: `deck` and `sm2` (plain data and the pinned SM-2), `model` (card states,
//! reviews, attempts, the collection and its records), `markup`, `scoring`, `forecast`, `queue`, `import`,
//! `responses`, `session`, `store`, `library`, then `cli` and `ui` at the top.

pub mod builtin;
pub mod cli;
pub mod deck;
pub mod export;
pub mod forecast;
pub mod import;
pub mod library;
pub mod markup;
pub mod model;
pub mod queue;
pub mod responses;
pub mod scoring;
pub mod session;
pub mod sm2;
pub mod store;
#[cfg(feature = "gui")]
pub mod ui;
