//! Settings: daily limits, the day-start hour, theme, text size, default extra time for mock
//! exams, the data folder with an "Open folder" button, and backups (take one now, restore one
//! after a confirmation). The backup list is the library's, read when it opens and after each
//! backup or restore, never on a frame.

use super::action::Action;
use super::theme;
use super::view::Cx;
use crate::model::{DeckSettings, Scheduler, Settings, Theme};
use crate::store::backups::Backup;
use egui::{Key, RichText, Ui};

/// The settings screen.
#[derive(Default)]
pub struct SettingsScreen {
    draft: Option<Settings>,
    /// The current deck's own limits, as edited (deck id, settings).
    deck_draft: Option<(String, DeckSettings)>,
    confirm_restore: Option<Backup>,
}

/// Opens a folder in the system's file manager.
fn open_folder(path: &std::path::Path) -> std::io::Result<()> {
    let cmd = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    std::process::Command::new(cmd).arg(path).spawn().map(|_| ())
}

fn settings_grid(ui: &mut Ui, draft: &mut Settings) {
    egui::Grid::new("settings").num_columns(2).spacing([28.0, 12.0]).show(ui, |ui| {
        ui.label("New cards per day");
        ui.add(egui::DragValue::new(&mut draft.new_per_day).range(0..=9999));
        ui.end_row();
        ui.label("Reviews per day, at most");
        ui.add(egui::DragValue::new(&mut draft.reviews_per_day).range(0..=99999));
        ui.end_row();
        ui.label("The study day starts at");
        ui.add(egui::DragValue::new(&mut draft.day_start_hour).range(0..=23).suffix(":00"));
        ui.end_row();
        ui.label("Theme");
        ui.horizontal(|ui| {
            ui.radio_value(&mut draft.theme, Theme::System, "Follow the system");
            ui.radio_value(&mut draft.theme, Theme::Light, "Light");
            ui.radio_value(&mut draft.theme, Theme::Dark, "Dark");
        });
        ui.end_row();
        ui.label("Exam text size");
        ui.add(egui::Slider::new(&mut draft.text_size, 13.0..=28.0).suffix(" pt").step_by(0.5));
        ui.end_row();
        ui.label("Mock exam time");
        ui.horizontal(|ui| {
            for (p, l) in [(100, "Standard"), (150, "150 %"), (200, "200 %")] {
                ui.radio_value(&mut draft.mock_time_percent, p, l);
            }
        });
        ui.end_row();
        ui.label("Shuffle the options");
        ui.horizontal(|ui| {
            ui.checkbox(&mut draft.shuffle_quiz, "in quizzes");
            ui.checkbox(&mut draft.shuffle_mock, "in mock exams");
        });
        ui.end_row();
        ui.label("Scheduling");
        ui.horizontal(|ui| {
            ui.radio_value(&mut draft.scheduler, Scheduler::Sm2, "SM-2");
            ui.radio_value(&mut draft.scheduler, Scheduler::Fsrs, "FSRS");
        });
        ui.end_row();
        ui.label("FSRS desired retention");
        ui.add_enabled(
            draft.scheduler == Scheduler::Fsrs,
            egui::Slider::new(&mut draft.desired_retention, 0.70..=0.99)
                .step_by(0.01)
                .custom_formatter(|v, _| format!("{:.0} %", v * 100.0)),
        );
        ui.end_row();
    });
}

impl SettingsScreen {
    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) -> Option<Action> {
        let stored = cx.lib.settings().clone();
        let mut action = None;
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            theme::reading_column(ui, |ui| {
                ui.add_space(16.0);
                ui.heading("Settings");
                ui.add_space(10.0);
                settings_grid(ui, self.draft.get_or_insert_with(|| stored.clone()));
                ui.label(
                    RichText::new("Ctrl + and Ctrl − zoom the whole window; Ctrl 0 resets it.")
                        .small()
                        .color(theme::muted(ui)),
                );
                ui.add_space(18.0);
                if let Some(a) = self.deck_limits(ui, cx, &stored) {
                    action = Some(a);
                }
                ui.add_space(18.0);
                if let Some(a) = memory_model(ui, cx) {
                    action = Some(a);
                }
                ui.add_space(18.0);
                ui.label(RichText::new("Data folder").strong());
                ui.horizontal(|ui| {
                    ui.label(RichText::new(cx.lib.dir().display().to_string()).monospace());
                    if ui.button("Open folder").clicked()
                        && let Err(e) = open_folder(cx.lib.dir())
                    {
                        action = Some(Action::Error(format!("The folder could not be opened: {e}")));
                    }
                });
                ui.add_space(18.0);
                if let Some(a) = self.backups(ui, cx) {
                    action = Some(a);
                }
            });
        });
        // Save as soon as something changed and no drag is under way.
        let dragging = ui.input(|i| i.pointer.any_down());
        if let Some(d) = &self.draft
            && *d != stored
            && !dragging
            && action.is_none()
        {
            action = Some(Action::Settings(d.clone()));
        }
        if let Some(b) = self.confirm_restore.clone()
            && let Some(a) = self.restore_dialog(ui, b)
        {
            self.draft = None;
            action = Some(a);
        }
        action
    }

    /// The current deck's own daily limits; without them it follows the limits above.
    fn deck_limits(&mut self, ui: &mut Ui, cx: &Cx<'_>, global: &Settings) -> Option<Action> {
        let deck = cx.lib.deck(cx.deck)?;
        let stored = cx.lib.collection().decks.get(cx.deck).map(|d| d.settings.clone()).unwrap_or_default();
        if self.deck_draft.as_ref().is_none_or(|(id, _)| id != cx.deck) {
            self.deck_draft = Some((cx.deck.to_string(), stored.clone()));
        }
        let (_, draft) = self.deck_draft.as_mut()?;
        ui.label(RichText::new(format!("Daily limits of {}", deck.name)).strong());
        egui::Grid::new("deck-limits").num_columns(2).spacing([16.0, 8.0]).show(ui, |ui| {
            for (label, what, value, default) in [
                ("New cards per day", "new-card", &mut draft.new_per_day, global.new_per_day),
                ("Reviews per day", "review", &mut draft.reviews_per_day, global.reviews_per_day),
            ] {
                ui.label(label);
                ui.horizontal(|ui| {
                    let mut own = value.is_some();
                    if ui.checkbox(&mut own, format!("its own {what} limit (else the default, {default})")).changed() {
                        *value = own.then_some(default);
                    }
                    if let Some(v) = value {
                        ui.add(egui::DragValue::new(v).range(0..=99999));
                    }
                });
                ui.end_row();
            }
        });
        let dragging = ui.input(|i| i.pointer.any_down());
        (*draft != stored && !dragging)
            .then(|| Action::DeckSettings { deck: cx.deck.to_string(), settings: draft.clone() })
    }

    fn backups(&mut self, ui: &mut Ui, cx: &Cx<'_>) -> Option<Action> {
        ui.label(RichText::new("Backups").strong());
        ui.label(
            RichText::new("A backup is taken once a day when something changed; the last 7 days and 4 weeks are kept.")
                .color(theme::muted(ui)),
        );
        let mut action = None;
        if ui.button("Back up now").clicked() {
            action = Some(Action::Backup);
        }
        for b in cx.lib.backups() {
            ui.horizontal(|ui| {
                ui.label(RichText::new(&b.name).monospace());
                ui.label(RichText::new(format!("{:.0} KiB", b.bytes as f64 / 1024.0)).color(theme::muted(ui)));
                if ui.button("Restore…").clicked() {
                    self.confirm_restore = Some(b.clone());
                }
            });
        }
        action
    }

    fn restore_dialog(&mut self, ui: &mut Ui, b: Backup) -> Option<Action> {
        let mut action = None;
        let mut close = false;
        egui::Modal::new(egui::Id::unique("restore-confirm")).show(ui.ctx(), |ui| {
            ui.set_max_width(460.0);
            ui.heading("Restore this backup?");
            ui.label(format!(
                "The collection goes back to {}. The current state is backed up first, so nothing is lost.",
                b.name
            ));
            ui.horizontal(|ui| {
                if ui.button(theme::with_key("Restore", "Enter")).clicked() || ui.input(|i| i.key_pressed(Key::Enter)) {
                    action = Some(Action::Restore(b.clone()));
                    close = true;
                }
                if ui.button(theme::with_key("Cancel", "Esc")).clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    close = true;
                }
            });
        });
        if close {
            self.confirm_restore = None;
        }
        action
    }
}

/// The memory model: which parameters it uses and a way to fit them to the student's history.
fn memory_model(ui: &mut Ui, cx: &Cx<'_>) -> Option<Action> {
    ui.label(RichText::new("Memory model").strong());
    ui.label(
        RichText::new(
            "FSRS estimates how likely you are to recall each card on a given day; the forecast on Home uses it. SM-2 still schedules unless you choose FSRS above.",
        )
        .color(theme::muted(ui)),
    );
    let fitted = !cx.lib.settings().fsrs_parameters.is_empty();
    ui.label(if fitted { "Parameters fitted to your history." } else { "Default parameters." });
    let mut action = None;
    ui.horizontal(|ui| {
        if ui
            .button("Fit to my history")
            .on_hover_text("Runs FSRS's optimiser on your reviews, in the background")
            .clicked()
        {
            action = Some(Action::FitMemory);
        }
        if fitted && ui.button("Back to the defaults").clicked() {
            let mut s = cx.lib.settings().clone();
            s.fsrs_parameters.clear();
            action = Some(Action::Settings(s));
        }
    });
    action
}
