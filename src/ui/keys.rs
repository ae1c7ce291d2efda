//! Keyboard helpers shared by the screens: single-key shortcuts work only while no text field has
//! the keyboard, and never with Ctrl, Cmd or Alt held. A `Binding` is one row of a screen's key
//! table (`help`): screens handle keys and label buttons through it, and the shortcut overlay
//! lists the same rows.

use egui::{Key, Ui};

/// Whether a text field has the keyboard (single-key shortcuts are off then).
pub fn typing(ui: &Ui) -> bool {
    ui.ctx().egui_wants_keyboard_input()
}

/// Whether `key` was pressed without modifiers, while no text field has focus.
pub fn pressed(ui: &Ui, key: Key) -> bool {
    !typing(ui) && ui.input(|i| i.key_pressed(key) && !i.modifiers.ctrl && !i.modifiers.command && !i.modifiers.alt)
}

/// Whether Ctrl (Cmd on macOS) + `key` was pressed; the press is consumed.
pub fn command(ui: &Ui, key: Key) -> bool {
    ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, key))
}

/// One key binding: the keys that do it, how it is written, and what it does.
#[derive(Clone, Copy, Debug)]
pub struct Binding {
    /// The keys, any of which does it (for some bindings, which one matters: `which`).
    pub keys: &'static [Key],
    /// Held with Ctrl (Cmd on macOS).
    pub command: bool,
    /// How it is written beside buttons and in the overlay.
    pub shown: &'static str,
    /// What it does, as the overlay says it.
    pub what: &'static str,
}

impl Binding {
    /// A binding of single keys.
    pub const fn new(keys: &'static [Key], shown: &'static str, what: &'static str) -> Self {
        Binding { keys, command: false, shown, what }
    }

    /// A binding of Ctrl (Cmd) + a key.
    pub const fn ctrl(keys: &'static [Key], shown: &'static str, what: &'static str) -> Self {
        Binding { keys, command: true, shown, what }
    }

    /// Whether one of its keys was pressed this frame (a Ctrl binding's press is consumed).
    pub fn pressed(&self, ui: &Ui) -> bool {
        self.which(ui).is_some()
    }

    /// Which of its keys was pressed this frame, by its place in `keys`.
    pub fn which(&self, ui: &Ui) -> Option<usize> {
        if self.command {
            self.keys.iter().position(|k| command(ui, *k))
        } else {
            self.keys.iter().position(|k| pressed(ui, *k))
        }
    }

    /// Whether one of its keys was pressed this frame, even while a text field has the keyboard
    /// (for dialogs over a page being typed in).
    pub fn pressed_over_typing(&self, ui: &Ui) -> bool {
        ui.input(|i| self.keys.iter().any(|k| i.key_pressed(*k)))
    }

    /// A button's label with this binding's key beside it: `Good   3`.
    pub fn on(&self, label: &str) -> String {
        super::theme::with_key(label, self.shown)
    }
}

/// The number keys 1–9, in order.
pub const NUMBERS: &[Key] =
    &[Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9];
