//! Keyboard helpers shared by the screens: single-key shortcuts work only while no text field has
//! the keyboard, and never with Ctrl, Cmd or Alt held.

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

/// Number keys 1–9 pressed this frame, as a 0-based index.
pub fn pressed_number(ui: &Ui) -> Option<usize> {
    const KEYS: [Key; 9] =
        [Key::Num1, Key::Num2, Key::Num3, Key::Num4, Key::Num5, Key::Num6, Key::Num7, Key::Num8, Key::Num9];
    KEYS.iter().position(|k| pressed(ui, *k))
}
