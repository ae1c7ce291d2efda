//! The built-in CS 182/282A midterm, compiled into the binary so the app works with no set-up.

use crate::import::{self, Parsed};

/// The deck's name in the collection.
pub const NAME: &str = "cs182_midterm";
/// The exam text, exactly as in `decks/cs182_midterm.md`.
pub const EXAM: &str = include_str!("../decks/cs182_midterm.md");
/// The key file, `decks/cs182_midterm.key.ron`.
pub const KEY: &str = include_str!("../decks/cs182_midterm.key.ron");

/// Parses the built-in exam with its key.
pub fn parse() -> Parsed {
    import::parse(EXAM, Some(KEY))
}
