//! examdeck's core: importing exams, the deck's cards, SM-2 scheduling, scoring by the exam's
//! rules, study/quiz/mock sessions and the crash-safe store. Nothing here depends on egui; the
//! window in `ui` is a thin layer over these modules.

pub mod builtin;
pub mod cli;
pub mod deck;
pub mod import;
pub mod library;
pub mod markup;
pub mod queue;
pub mod responses;
pub mod scoring;
pub mod session;
pub mod sm2;
pub mod store;
#[cfg(feature = "gui")]
pub mod ui;
