//! Study, quiz and mock-exam sessions: state machines with no egui and no clock of their own.

pub mod mock;
pub mod quiz;
pub mod shuffle;
pub mod study;
