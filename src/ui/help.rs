//! The shortcut overlay (`?` or F1): the keys of the screen on show, then those that work
//! anywhere. One table per screen; the README's table says the same.

use super::theme;
use egui::{Key, RichText, Ui};

/// The keys of a screen, as (keys, what they do).
pub type Keys = &'static [(&'static str, &'static str)];

/// Home.
pub const HOME: Keys = &[
    ("Space", "study today's cards"),
    ("Q", "quiz"),
    ("M", "mock exam"),
    ("P", "paper attempt"),
    ("S", "statistics"),
    ("D", "exam date"),
    ("E", "editor (a broken deck)"),
];
/// Study.
pub const STUDY: Keys = &[
    ("1–9", "choose an option"),
    ("T / F", "true or false"),
    ("1 2 3 4", "after a right answer: Guessed, Hard, Good, Easy"),
    ("Space", "Good, or continue"),
    ("Ctrl+Z", "undo the last answer"),
    ("↑ ↓, PageUp / PageDown, Home / End", "scroll the card"),
];
/// Quiz and mock exam.
pub const EXAM: Keys = &[
    ("← →", "previous or next question"),
    ("↑ ↓ or J K", "previous or next card"),
    ("1–9", "choose an option"),
    ("T / F", "true or false"),
    ("Backspace", "clear the answer"),
    ("G", "flag the question (mock exam)"),
    ("U", "mark the answer unsure (mock exam)"),
    ("Ctrl+Enter", "review and submit"),
    ("PageUp / PageDown, Home / End", "scroll the question or the results"),
    ("↑ ↓", "results: scroll"),
    ("A", "results: add the mock exam's mistakes to today's reviews"),
    ("Q", "results: another quiz"),
];
/// Editor.
pub const EDITOR: Keys =
    &[("Ctrl+S", "save and re-import (or import)"), ("Ctrl+Z / Ctrl+Shift+Z", "undo and redo typing")];
/// Import.
pub const IMPORT: Keys = &[
    ("O", "choose a file"),
    ("Enter", "import"),
    ("E", "open in the editor"),
    ("R", "re-check the file"),
    ("G", "format guide"),
];
/// Browse.
pub const BROWSE: Keys = &[
    ("S", "suspend or unsuspend the card"),
    ("E", "edit the card's answer and explanation"),
    ("Ctrl+Enter", "save the edit"),
    ("Esc", "cancel the edit"),
];
/// Everywhere.
pub const ANYWHERE: Keys = &[
    ("Esc", "back to Home (a running mock exam keeps running)"),
    ("I", "import"),
    ("B", "browse"),
    (",", "settings"),
    ("Ctrl + / Ctrl − / Ctrl 0", "zoom"),
    ("? or F1", "this list"),
];

/// Whether the overlay was asked for (or closed) this frame.
pub fn toggled(ui: &Ui) -> bool {
    let question = !super::keys::typing(ui)
        && ui.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Text(t) if t == "?")));
    question || ui.input(|i| i.key_pressed(Key::F1))
}

fn table(ui: &mut Ui, id: &str, keys: Keys) {
    egui::Grid::new(id).num_columns(2).spacing([20.0, 6.0]).show(ui, |ui| {
        for (k, what) in keys {
            ui.label(RichText::new(*k).monospace().strong());
            ui.label(*what);
            ui.end_row();
        }
    });
}

/// Draws the overlay for a screen called `screen` with keys `keys`; returns whether it closes.
pub fn overlay(ui: &mut Ui, screen: &str, keys: Keys) -> bool {
    let mut close = false;
    egui::Modal::new(egui::Id::unique("help")).show(ui.ctx(), |ui| {
        ui.set_max_width(520.0);
        ui.heading("Keyboard shortcuts");
        ui.add_space(8.0);
        if !keys.is_empty() {
            ui.label(RichText::new(screen).strong());
            table(ui, "help-screen", keys);
            ui.add_space(10.0);
        }
        ui.label(RichText::new("Anywhere").strong());
        table(ui, "help-anywhere", ANYWHERE);
        ui.add_space(12.0);
        // Its keys (Esc, ?, F1) are read by the app before the screen sees any.
        if ui.button(theme::with_key("Close", "Esc")).clicked() {
            close = true;
        }
    });
    close
}
