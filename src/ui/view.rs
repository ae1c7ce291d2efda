//! What a screen draws from: the library (read only), the window's own caches (rendered
//! formulas), the time of this frame and the deck the student is working on.

use super::math::MathCache;
use super::text::{Painter, Style};
use crate::library::{Deck, Library};
use chrono::{DateTime, NaiveDate, Utc};
use egui::Ui;
use std::sync::Arc;

/// The context a screen draws in.
pub struct Cx<'a> {
    /// The collection.
    pub lib: &'a Library,
    /// Rendered formulas (the window's cache, not the collection's).
    pub math: &'a mut MathCache,
    /// This frame's time.
    pub now: DateTime<Utc>,
    /// Today's study day.
    pub today: NaiveDate,
    /// The deck the student is working on.
    pub deck: &'a str,
}

impl<'a> Cx<'a> {
    /// The current deck.
    pub fn current(&self) -> Option<&'a Arc<Deck>> {
        self.lib.deck(self.deck)
    }

    /// Exam text style: the student's text size in the theme's colour.
    /// A short window sets it a little smaller (`theme::COMPACT_TEXT`).
    pub fn style(&self, ui: &Ui) -> Style {
        let scale = if super::theme::compact(ui) { super::theme::COMPACT_TEXT } else { 1.0 };
        Style { size: self.lib.settings().text_size * scale, color: ui.visuals().text_color() }
    }

    /// A painter for a deck's text (its images resolved in its folder).
    pub fn painter<'b>(&'b mut self, deck: &'b Deck) -> Painter<'b> {
        Painter { math: self.math, images: Some(&deck.images) }
    }
}
