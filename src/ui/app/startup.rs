//! Opening the collection, and what the window shows when it cannot be opened as usual. Each
//! failure is told for what it is: another window holds it; the disk refuses writes (it opens
//! read-only, and says so); a newer examdeck made it (read-only, with the version); or a file is
//! damaged (which file and line, with recovery that keeps the damaged files in `corrupt/`).

use super::super::keys::pressed;
use super::super::theme;
use super::{App, State};
use crate::library::{Library, LibraryError};
use crate::store::backups::Backup;
use crate::store::{JOURNAL_DIR, Kind, Mode, SharedFs, StoreError};
use chrono::{DateTime, Utc};
use egui::{Key, RichText, Ui};
use std::path::{Path, PathBuf};

/// An open collection, and why it is read-only when it is.
pub(super) struct Ready {
    pub(super) lib: Library,
    pub(super) read_only: Option<String>,
}

/// What opening gave.
pub(super) type Opened = Result<Ready, Problem>;

/// Why the collection is not open.
pub(super) enum Problem {
    /// Nothing to show (a placeholder while switching states).
    None,
    /// Another window holds it.
    Locked(PathBuf),
    /// A file is damaged.
    Damaged {
        /// What and where.
        error: String,
        /// The journal line that can be skipped, when the damage is one.
        line: Option<(PathBuf, usize)>,
        /// Backups to restore, newest first.
        backups: Vec<Backup>,
        /// The choice waiting for confirmation: a backup index, or `None` for an empty collection.
        confirm: Option<Option<usize>>,
    },
    /// Made by a newer examdeck, and not readable by this one even read-only.
    TooNew(String),
    /// Anything else the OS said.
    Other(String),
}

/// Opens the collection in `dir`: for writing when it can; read-only, with the reason, when the
/// disk refuses writes or a newer examdeck made it.
pub(super) fn open(fs: SharedFs, dir: &Path, now: DateTime<Utc>) -> Opened {
    match Library::open_on(fs.clone(), dir, Mode::Write, now) {
        Ok(lib) => Ok(Ready { lib, read_only: None }),
        Err(LibraryError::Store(e)) => match e.kind() {
            Kind::Locked => Err(Problem::Locked(dir.to_path_buf())),
            Kind::CannotWrite | Kind::TooNew => match Library::open_read_only(fs, dir, now) {
                Ok(lib) => Ok(Ready { lib, read_only: Some(read_only_reason(&e)) }),
                Err(_) if e.kind() == Kind::TooNew => Err(Problem::TooNew(e.to_string())),
                Err(e2) => Err(problem_for(dir, e2)),
            },
            _ => Err(problem_for(dir, LibraryError::Store(e))),
        },
        Err(e) => Err(Problem::Other(e.to_string())),
    }
}

fn read_only_reason(e: &StoreError) -> String {
    match e.kind() {
        Kind::TooNew => format!(
            "This collection was made by a newer examdeck: {e}. It is open read-only: you can look around, but nothing is saved."
        ),
        _ => format!(
            "examdeck cannot write to its data folder: {e}. Your collection is open read-only: nothing you do is saved until this is fixed (free some space, or check the folder's permissions), then choose Try again."
        ),
    }
}

fn problem_for(dir: &Path, e: LibraryError) -> Problem {
    match e {
        LibraryError::Store(StoreError::Damaged { ref file, line, .. }) => {
            let skippable = file.parent().is_some_and(|p| p.ends_with(JOURNAL_DIR)) && line > 1;
            Problem::Damaged {
                error: e.to_string(),
                line: skippable.then(|| (file.clone(), line)),
                backups: Library::backups_of(dir),
                confirm: None,
            }
        }
        LibraryError::Store(StoreError::TooNew { .. }) => Problem::TooNew(e.to_string()),
        e => Problem::Other(e.to_string()),
    }
}

/// The first frames, while the collection opens.
pub(super) fn opening_ui(ui: &mut Ui) {
    egui::CentralPanel::default_margins().show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.add_space(120.0);
            ui.heading("examdeck");
            ui.add_space(10.0);
            ui.label(RichText::new("Opening your collection…").color(theme::muted(ui)));
        });
    });
}

/// What the student chose on a problem screen.
enum Choice {
    Retry,
    ReadOnly,
    SkipLine(PathBuf, usize),
    Recover(Option<Backup>),
    Quit,
}

impl App {
    /// The problem screen; returns a new opening result when the student chose a way in.
    pub(super) fn problem_ui(&mut self, ui: &mut Ui) -> Option<Opened> {
        let State::Problem(problem) = &mut self.state else { return None };
        let mut choice = None;
        egui::CentralPanel::default_margins().show(ui, |ui| {
            ui.add_space(40.0);
            theme::reading_column(ui, |ui| choice = problem_body(ui, problem));
        });
        let now = self.now();
        match choice? {
            Choice::Retry => {
                self.start_opening();
                None
            }
            Choice::Quit => {
                ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                None
            }
            Choice::ReadOnly => Some(
                Library::open_read_only(self.fs.clone(), &self.data_dir, now)
                    .map(|lib| Ready {
                        lib,
                        read_only: Some("Another examdeck window is using this collection: this one is read-only and saves nothing.".into()),
                    })
                    .map_err(|e| problem_for(&self.data_dir, e)),
            ),
            Choice::SkipLine(file, line) => Some(
                Library::skip_damaged_line(self.fs.clone(), &self.data_dir, &file, line, now)
                    .map(|lib| Ready { lib, read_only: None })
                    .map_err(|e| problem_for(&self.data_dir, e)),
            ),
            Choice::Recover(b) => Some(
                Library::recover(self.fs.clone(), &self.data_dir, b.as_ref(), now)
                    .map(|lib| Ready { lib, read_only: None })
                    .map_err(|e| problem_for(&self.data_dir, e)),
            ),
        }
    }
}

fn button(ui: &mut Ui, label: &str, key: Option<&str>) -> bool {
    let text = match key {
        Some(k) => theme::with_key(label, k),
        None => label.to_string(),
    };
    ui.button(text).clicked()
}

fn problem_body(ui: &mut Ui, problem: &mut Problem) -> Option<Choice> {
    match problem {
        Problem::None => None,
        Problem::Locked(dir) => {
            ui.heading("examdeck is already open");
            ui.add_space(12.0);
            ui.label(format!(
                "Another examdeck window is using the collection in {}. Close it, then try again — or look around read-only here. This window has not changed anything.",
                dir.display()
            ));
            ui.add_space(20.0);
            if button(ui, "Try again", Some("Enter")) || pressed(ui, Key::Enter) {
                return Some(Choice::Retry);
            }
            if button(ui, "Open read-only", Some("R")) || pressed(ui, Key::R) {
                return Some(Choice::ReadOnly);
            }
            (button(ui, "Quit", Some("Esc")) || pressed(ui, Key::Escape)).then_some(Choice::Quit)
        }
        Problem::TooNew(msg) => {
            ui.heading("This collection needs a newer examdeck");
            ui.add_space(12.0);
            ui.label(msg.as_str());
            ui.label("Nothing has been changed. Update examdeck to open it.");
            ui.add_space(20.0);
            (button(ui, "Quit", Some("Esc")) || pressed(ui, Key::Escape)).then_some(Choice::Quit)
        }
        Problem::Other(msg) => {
            ui.heading("Your collection could not be opened");
            ui.add_space(12.0);
            ui.label(RichText::new(msg.as_str()).monospace());
            ui.label("Nothing has been changed.");
            ui.add_space(20.0);
            if button(ui, "Try again", Some("Enter")) || pressed(ui, Key::Enter) {
                return Some(Choice::Retry);
            }
            (button(ui, "Quit", Some("Esc")) || pressed(ui, Key::Escape)).then_some(Choice::Quit)
        }
        Problem::Damaged { error, line, backups, confirm } => damaged_body(ui, error, line, backups, confirm),
    }
}

fn damaged_body(
    ui: &mut Ui,
    error: &str,
    line: &Option<(PathBuf, usize)>,
    backups: &[Backup],
    confirm: &mut Option<Option<usize>>,
) -> Option<Choice> {
    ui.heading("A file of your collection is damaged");
    ui.add_space(12.0);
    ui.label(RichText::new(error).monospace());
    ui.add_space(8.0);
    ui.label("Nothing has been changed or deleted. Whatever you choose, the damaged files are kept in the corrupt folder inside the data folder.");
    ui.add_space(16.0);
    if let Some(choice) = *confirm {
        let what = match choice {
            Some(i) => format!("restore the backup {}", backups[i].name),
            None => "start a new, empty collection".to_string(),
        };
        ui.label(RichText::new(format!("Really {what}? The damaged files are kept in the corrupt folder.")).strong());
        ui.horizontal(|ui| {
            if button(ui, "Yes", Some("Enter")) || pressed(ui, Key::Enter) {
                return Some(Choice::Recover(choice.map(|i| backups[i].clone())));
            }
            if button(ui, "Cancel", Some("Esc")) || pressed(ui, Key::Escape) {
                *confirm = None;
            }
            None
        })
        .inner
    } else {
        if let Some((file, n)) = line {
            ui.label(format!("Only line {n} of {} is damaged: one answer or change at most.", file.display()));
            if button(ui, "Open without the damaged line", Some("Enter")) || pressed(ui, Key::Enter) {
                return Some(Choice::SkipLine(file.clone(), *n));
            }
            ui.add_space(8.0);
        }
        match backups.first() {
            Some(latest) => {
                if button(ui, &format!("Restore the latest backup ({})…", latest.name), None) {
                    *confirm = Some(Some(0));
                }
            }
            None => {
                ui.label("There is no backup to restore.");
            }
        }
        if button(ui, "Start a new, empty collection…", None) {
            *confirm = Some(None);
        }
        (button(ui, "Quit", Some("Esc")) || pressed(ui, Key::Escape)).then_some(Choice::Quit)
    }
}
