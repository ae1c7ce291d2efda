//! The key tables, one per screen, and the shortcut overlay (`?` or F1) that lists the table of
//! the screen on show, then the keys that work anywhere. Screens handle their keys and label their
//! buttons through these very bindings, so the overlay and the screen cannot drift apart; the
//! README's table says the same.

use super::keys::{Binding, NUMBERS};
use super::theme;
use egui::{Key, RichText, Ui};

/// The keys of a screen, as its bindings.
pub type Keys = &'static [Binding];

/// Home.
pub mod home {
    use super::{Binding, Key};
    /// Study today's cards.
    pub const STUDY: Binding = Binding::new(&[Key::Space, Key::Enter], "Space", "study today's cards");
    /// Study past today's limits.
    pub const ANYWAY: Binding = Binding::new(&[Key::A], "A", "study this deck anyway (limits reached)");
    /// A quiz.
    pub const QUIZ: Binding = Binding::new(&[Key::Q], "Q", "quiz");
    /// A mock exam.
    pub const MOCK: Binding = Binding::new(&[Key::M], "M", "mock exam");
    /// Score a paper attempt.
    pub const PAPER: Binding = Binding::new(&[Key::P], "P", "paper attempt");
    /// Statistics.
    pub const STATS: Binding = Binding::new(&[Key::S], "S", "statistics");
    /// The exam date.
    pub const DATE: Binding = Binding::new(&[Key::D], "D", "exam date");
    /// The editor of a deck that does not parse.
    pub const EDITOR: Binding = Binding::new(&[Key::E], "E", "editor (a broken deck)");
    /// Every row.
    pub const ALL: super::Keys = &[STUDY, ANYWAY, QUIZ, MOCK, PAPER, STATS, DATE, EDITOR];
}

/// Study.
pub mod study {
    use super::{Binding, Key, NUMBERS, scroll};
    /// Choose an option.
    pub const OPTION: Binding = Binding::new(NUMBERS, "1–9", "choose an option");
    /// True or false.
    pub const TF: Binding = Binding::new(&[Key::T, Key::F], "T / F", "true or false");
    /// The grades after a right answer (Good is also `GOOD`).
    pub const GRADE: Binding = Binding::new(
        &[Key::Num1, Key::Num2, Key::Num3, Key::Num4],
        "1 2 3 4",
        "after a right answer: Guessed, Hard, Good, Easy",
    );
    /// Good, continue, or show a written answer's solution.
    pub const GOOD: Binding =
        Binding::new(&[Key::Space, Key::Enter], "Space", "Good, continue, or show a written answer's solution");
    /// A written answer was wrong.
    pub const WRONG: Binding = Binding::new(&[Key::W, Key::Num0], "W", "a written answer: Wrong");
    /// Show the solution while typing a written answer.
    pub const SOLUTION: Binding = Binding::ctrl(&[Key::Enter], "Ctrl+Enter", "show the solution while typing");
    /// Undo the last answer.
    pub const UNDO: Binding = Binding::ctrl(&[Key::Z], "Ctrl+Z", "undo the last answer");
    /// Home when the session is done.
    pub const DONE: Binding = Binding::new(&[Key::Space, Key::Enter], "Space", "when done: back to Home");
    /// A quiz when the session is done.
    pub const QUIZ: Binding = Binding::new(&[Key::Q], "Q", "when done: take a quiz");
    /// Every row.
    pub const ALL: super::Keys =
        &[OPTION, TF, GRADE, GOOD, WRONG, SOLUTION, UNDO, scroll::ARROWS, scroll::PAGES, DONE, QUIZ];
}

/// Quizzes and mock exams.
pub mod exam {
    use super::{Binding, Key, scroll};
    /// Start the quiz or the clock, from the set-up page.
    pub const START: Binding = Binding::new(&[Key::Enter], "Enter", "set-up: start the quiz or the clock");
    /// The previous question.
    pub const PREVIOUS: Binding = Binding::new(&[Key::ArrowLeft], "←", "previous question");
    /// The next question.
    pub const NEXT: Binding = Binding::new(&[Key::ArrowRight], "→", "next question");
    /// The previous card of the question.
    pub const UP: Binding = Binding::new(&[Key::ArrowUp, Key::K], "↑ or K", "previous card (past the first: scroll)");
    /// The next card of the question.
    pub const DOWN: Binding = Binding::new(&[Key::ArrowDown, Key::J], "↓ or J", "next card (past the last: scroll)");
    /// Clear the answer.
    pub const CLEAR: Binding = Binding::new(&[Key::Backspace, Key::Delete, Key::Num0], "Backspace", "clear the answer");
    /// Flag the question.
    pub const FLAG: Binding = Binding::new(&[Key::G], "G", "flag the question (mock exam)");
    /// Mark the answer unsure.
    pub const UNSURE: Binding = Binding::new(&[Key::U], "U", "mark the answer unsure (mock exam)");
    /// Review what is left, then submit.
    pub const SUBMIT: Binding = Binding::ctrl(&[Key::Enter], "Ctrl+Enter", "review and submit");
    /// Submit from the review.
    pub const CONFIRM: Binding = Binding::new(&[Key::Enter], "Enter", "in the review: submit");
    /// Back to the questions from the review.
    pub const KEEP: Binding = Binding::new(&[Key::Escape], "Esc", "in the review: keep working");
    /// Add the mock exam's mistakes to today's reviews.
    pub const MISTAKES: Binding =
        Binding::new(&[Key::A], "A", "results: add the mock exam's mistakes to today's reviews");
    /// Another quiz.
    pub const ANOTHER: Binding = Binding::new(&[Key::Q], "Q", "results: another quiz");
    /// Every row (options and true/false as in study).
    pub const ALL: super::Keys = &[
        START,
        PREVIOUS,
        NEXT,
        UP,
        DOWN,
        super::study::OPTION,
        super::study::TF,
        CLEAR,
        FLAG,
        UNSURE,
        SUBMIT,
        CONFIRM,
        KEEP,
        scroll::PAGES,
        scroll::RESULTS,
        MISTAKES,
        ANOTHER,
    ];
}

/// Scrolling, wherever text can overflow (`theme::page_keys`).
pub mod scroll {
    use super::{Binding, Key};
    /// A page up or down, the top or the end.
    pub const PAGES: Binding = Binding::new(
        &[Key::PageUp, Key::PageDown, Key::Home, Key::End],
        "PageUp / PageDown, Home / End",
        "scroll a page, to the top or to the end",
    );
    /// A step up or down, where the arrows do not move between cards.
    pub const ARROWS: Binding = Binding::new(&[Key::ArrowUp, Key::ArrowDown], "↑ ↓", "scroll");
    /// The arrows on results pages.
    pub const RESULTS: Binding = Binding { what: "results: scroll", ..ARROWS };
}

/// The editor.
pub mod editor {
    use super::{Binding, Key};
    /// Save and re-import.
    pub const SAVE: Binding = Binding::ctrl(&[Key::S], "Ctrl+S", "save and re-import (or import)");
    /// The text field's own undo and redo (egui's).
    pub const UNDO: Binding = Binding::ctrl(&[Key::Z], "Ctrl+Z / Ctrl+Shift+Z", "undo and redo typing");
    /// Every row.
    pub const ALL: super::Keys = &[SAVE, UNDO];
}

/// Import.
pub mod import {
    use super::{Binding, Key};
    /// Choose a file.
    pub const OPEN: Binding = Binding::new(&[Key::O], "O", "choose a file");
    /// Import it.
    pub const IMPORT: Binding = Binding::new(&[Key::Enter], "Enter", "import");
    /// Open it in the editor.
    pub const EDIT: Binding = Binding::new(&[Key::E], "E", "open in the editor");
    /// Read it again.
    pub const RECHECK: Binding = Binding::new(&[Key::R], "R", "re-check the file");
    /// The format guide.
    pub const GUIDE: Binding = Binding::new(&[Key::G], "G", "format guide");
    /// Every row.
    pub const ALL: super::Keys = &[OPEN, IMPORT, EDIT, RECHECK, GUIDE];
}

/// The answer-key editor.
pub mod key_editor {
    use super::{Binding, Key};
    /// Save the key.
    pub const SAVE: Binding = Binding::ctrl(&[Key::S], "Ctrl+S", "save the key");
    /// Every row.
    pub const ALL: super::Keys = &[SAVE];
}

/// Browse.
pub mod browse {
    use super::{Binding, Key};
    /// Suspend or unsuspend the card.
    pub const SUSPEND: Binding = Binding::new(&[Key::S], "S", "suspend or unsuspend the card");
    /// Edit its answer and explanation.
    pub const EDIT: Binding = Binding::new(&[Key::E], "E", "edit the card's answer and explanation");
    /// Save the edit.
    pub const SAVE: Binding = Binding::ctrl(&[Key::Enter], "Ctrl+Enter", "save the edit");
    /// Cancel the edit.
    pub const CANCEL: Binding = Binding::new(&[Key::Escape], "Esc", "cancel the edit");
    /// Every row.
    pub const ALL: super::Keys = &[SUSPEND, EDIT, SAVE, CANCEL];
}

/// Everywhere.
pub mod anywhere {
    use super::{Binding, Key};
    /// Home (a running mock exam keeps running).
    pub const HOME: Binding = Binding::new(&[Key::Escape], "Esc", "back to Home (a running mock exam keeps running)");
    /// Import.
    pub const IMPORT: Binding = Binding::new(&[Key::I], "I", "import");
    /// Browse.
    pub const BROWSE: Binding = Binding::new(&[Key::B], "B", "browse");
    /// Settings.
    pub const SETTINGS: Binding = Binding::new(&[Key::Comma], ",", "settings");
    /// Zoom (egui's own).
    pub const ZOOM: Binding = Binding::ctrl(&[Key::Plus, Key::Minus, Key::Num0], "Ctrl + / Ctrl − / Ctrl 0", "zoom");
    /// This overlay (`?` is read as text by `toggled`).
    pub const HELP: Binding = Binding::new(&[Key::F1], "? or F1", "this list");
    /// Every row.
    pub const ALL: super::Keys = &[HOME, IMPORT, BROWSE, SETTINGS, ZOOM, HELP];
}

/// Whether the overlay was asked for (or closed) this frame.
pub fn toggled(ui: &Ui) -> bool {
    let question = !super::keys::typing(ui)
        && ui.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Text(t) if t == "?")));
    question || ui.input(|i| anywhere::HELP.keys.iter().any(|k| i.key_pressed(*k)))
}

fn table(ui: &mut Ui, id: &str, keys: Keys) {
    egui::Grid::new(id).num_columns(2).spacing([20.0, 6.0]).show(ui, |ui| {
        for b in keys {
            ui.label(RichText::new(b.shown).monospace().strong());
            ui.label(b.what);
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
        // A short window scrolls the list; the heading and Close stay in view.
        let room = (ui.ctx().content_rect().height() - 170.0).max(120.0);
        egui::ScrollArea::vertical().max_height(room).show(ui, |ui| {
            if !keys.is_empty() {
                ui.label(RichText::new(screen).strong());
                table(ui, "help-screen", keys);
                ui.add_space(10.0);
            }
            ui.label(RichText::new("Anywhere").strong());
            table(ui, "help-anywhere", anywhere::ALL);
        });
        ui.add_space(12.0);
        // Its keys (Esc, ?, F1) are read by the app before the screen sees any.
        if ui.button(theme::with_key("Close", "Esc")).clicked() {
            close = true;
        }
    });
    close
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_row_has_keys_and_no_screen_lists_a_key_twice_for_the_same_thing() {
        let tables =
            [home::ALL, study::ALL, exam::ALL, import::ALL, key_editor::ALL, browse::ALL, editor::ALL, anywhere::ALL];
        for table in tables {
            let mut seen = std::collections::HashSet::new();
            for b in table {
                assert!(!b.keys.is_empty() && !b.shown.is_empty() && !b.what.is_empty(), "{b:?}");
                assert!(seen.insert((b.shown, b.what)), "listed twice: {b:?}");
            }
        }
        // What the buttons show is the binding's own text.
        assert_eq!(study::UNDO.on("Undo"), "Undo   Ctrl+Z");
        assert_eq!(exam::FLAG.on("Flag for review"), "Flag for review   G");
    }
}
