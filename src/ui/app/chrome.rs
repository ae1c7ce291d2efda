//! What surrounds every screen: the top bar with the deck and the ways out, the keys that work
//! everywhere, the read-only banner, passing messages and the error dialog.

use super::super::action::{Action, Nav};
use super::super::help::anywhere;
use super::super::theme;
use super::{App, Screen, State};
use crate::session::mock::MockSession;
use chrono::{DateTime, Utc};
use egui::{Key, RichText, Ui};

/// What a resumed mock exam says: how long the app was away and the time left, or that time ran
/// out meanwhile and it was submitted.
pub(super) fn resumed_mock_notice(s: &MockSession, timed_out: bool, now: DateTime<Utc>) -> String {
    if timed_out {
        return "Your mock exam's time ran out while examdeck was closed; it has been submitted.".into();
    }
    let left = s.time_left(now).num_minutes();
    format!(
        "Your mock exam was resumed where you left it, with {} left on its clock (it kept running while examdeck was closed).",
        crate::import::summary::count(left.max(0) as usize, "minute", "minutes")
    )
}

impl App {
    pub(super) fn top_bar(&mut self, ui: &mut Ui) -> Option<Action> {
        let State::Ready(lib) = &self.state else { return None };
        // A short window gives the question the room: the screen's own header says where the
        // student is (a read-only collection still shows its banner here).
        if theme::compact(ui) && self.screen.folds_chrome() && self.read_only.is_none() {
            return None;
        }
        let mut action = None;
        let on_home = matches!(self.screen, Screen::Home(_));
        let in_mock = self.screen.in_mock();
        egui::Panel::top("top").show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                ui.label(RichText::new("examdeck").strong().size(17.0));
                if let Some(d) = lib.deck(&self.deck) {
                    ui.label(RichText::new(format!("·  {}", d.name)).color(theme::muted(ui)));
                }
                if !on_home {
                    ui.label(RichText::new(format!("·  {}", self.screen.name())).color(theme::muted(ui)));
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if in_mock {
                        ui.label(RichText::new("Mock exam in progress").color(theme::amber(ui)));
                        return;
                    }
                    for (label, key, nav) in [
                        ("Settings", anywhere::SETTINGS, Nav::Settings),
                        ("Browse", anywhere::BROWSE, Nav::Browse),
                        ("Import", anywhere::IMPORT, Nav::Import(None)),
                    ] {
                        if ui.button(key.on(label)).clicked() {
                            action = Some(Action::Go(nav));
                        }
                    }
                    if !on_home && theme::home_button(ui) {
                        action = Some(Action::Go(Nav::Home));
                    }
                });
            });
            if let Some(why) = &self.read_only {
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(why).color(theme::amber(ui)));
                    if ui.button("Try again").on_hover_text("Open the collection again, for writing").clicked() {
                        action = Some(Action::Reopen);
                    }
                });
            }
            ui.add_space(4.0);
        });
        action
    }

    /// Esc leaves a screen (a running mock exam keeps running); B, I and , open Browse, Import
    /// and Settings.
    pub(super) fn global_keys(&self, ui: &Ui) -> Option<Action> {
        if self.screen.in_mock() {
            return None;
        }
        let here = |f: fn(&Screen) -> bool| f(&self.screen);
        if !here(|s| matches!(s, Screen::Home(_))) && anywhere::HOME.pressed(ui) {
            return Some(Action::Go(Nav::Home));
        }
        if anywhere::BROWSE.pressed(ui) && !here(|s| matches!(s, Screen::Browse(_))) {
            return Some(Action::Go(Nav::Browse));
        }
        if anywhere::IMPORT.pressed(ui) && !here(|s| matches!(s, Screen::Import(_))) {
            return Some(Action::Go(Nav::Import(None)));
        }
        if anywhere::SETTINGS.pressed(ui) && !here(|s| matches!(s, Screen::Settings(_))) {
            return Some(Action::Go(Nav::Settings));
        }
        None
    }

    pub(super) fn overlays(&mut self, ui: &mut Ui) {
        let now = self.now();
        if let Some(t) = &self.toast {
            if t.until <= now {
                self.toast = None;
            } else {
                let left = (t.until - now).to_std().unwrap_or_default();
                egui::Area::new(egui::Id::unique("toast")).anchor(egui::Align2::CENTER_BOTTOM, [0.0, -24.0]).show(
                    ui.ctx(),
                    |ui| {
                        egui::Frame::popup(ui.style()).inner_margin(12).show(ui, |ui| {
                            ui.set_max_width(560.0);
                            ui.label(t.text.as_str());
                        });
                    },
                );
                ui.ctx().request_repaint_after(left);
            }
        }
        if let Some(err) = &self.error {
            let mut close = false;
            egui::Modal::new(egui::Id::unique("error")).show(ui.ctx(), |ui| {
                ui.set_max_width(520.0);
                ui.heading("Something went wrong");
                ui.add_space(8.0);
                ui.label(err.as_str());
                ui.add_space(12.0);
                if ui.button(theme::with_key("OK", "Enter")).clicked() || ui.input(|i| i.key_pressed(Key::Enter)) {
                    close = true;
                }
            });
            if close {
                self.error = None;
            }
        }
    }
}
