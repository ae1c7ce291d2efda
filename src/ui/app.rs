//! The `eframe::App`: owns the store and the parsed decks, routes between screens, shows errors
//! from the core in the window, and folds the journal on exit.

use super::{browse, home, import, math::MathCache, mock, quiz, settings, study, theme};
use crate::deck::Exam;
use crate::library;
use crate::queue;
use crate::session::mock::MockSession;
use crate::store::backups::{self, Backup};
use crate::store::collection::{CardState, Record, Theme};
use crate::store::{Mode, Store, StoreError};
use chrono::{DateTime, NaiveDate, Utc};
use egui::{Key, RichText, Ui};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

/// The app's clock: the real one, or a fake in tests.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The system clock.
pub fn system_clock() -> Clock {
    Arc::new(Utc::now)
}

/// A deck of the collection, parsed.
pub struct LoadedDeck {
    /// Deck id.
    pub id: String,
    /// Name shown.
    pub name: String,
    /// The exam (shared: screens take a cheap handle each frame instead of a copy).
    pub exam: Arc<Exam>,
    /// Folder its images live in.
    pub images: PathBuf,
}

/// A short message at the bottom of the window.
pub struct Toast {
    /// What happened.
    pub text: String,
    /// Until when it shows.
    pub until: DateTime<Utc>,
}

/// What every screen works with.
pub struct Shared {
    /// The collection.
    pub store: Store,
    /// Parsed decks by id.
    pub decks: BTreeMap<String, LoadedDeck>,
    /// The deck the student is working on.
    pub current: String,
    /// Rendered formulas.
    pub math: MathCache,
    /// This frame's time.
    pub now: DateTime<Utc>,
    /// A passing message.
    pub toast: Option<Toast>,
    /// An error to show until dismissed.
    pub error: Option<String>,
}

impl Shared {
    /// Today's study day.
    pub fn today(&self) -> NaiveDate {
        queue::local_study_day(self.now, self.store.collection().settings.day_start_hour)
    }

    /// Records a change durably; on failure the error is shown and `false` returned.
    pub fn commit(&mut self, record: Record) -> bool {
        match self.store.commit(record) {
            Ok(()) => true,
            Err(e) => {
                self.error = Some(format!("Your last action could not be saved: {e}"));
                false
            }
        }
    }

    /// Shows a passing message.
    pub fn toast(&mut self, text: impl Into<String>) {
        self.toast = Some(Toast { text: text.into(), until: self.now + chrono::Duration::seconds(4) });
    }

    /// The current deck.
    pub fn deck(&self) -> Option<&LoadedDeck> {
        self.decks.get(&self.current)
    }

    /// The stored state of card `index` of deck `deck`.
    pub fn card_state(&self, deck: &str, index: usize) -> Option<CardState> {
        let d = self.decks.get(deck)?;
        let id = &d.exam.cards.get(index)?.id.0;
        self.store.collection().card(deck, id).cloned()
    }

    /// Re-reads a deck's files after an import or a key edit.
    pub fn reload_deck(&mut self, id: &str) {
        match load_deck(&self.store, id) {
            Ok(d) => {
                self.decks.insert(id.to_string(), d);
            }
            Err(e) => self.error = Some(format!("The deck {id} could not be read: {e}")),
        }
    }
}

fn load_deck(store: &Store, id: &str) -> Result<LoadedDeck, StoreError> {
    let parsed = library::load(store, id)?;
    let name = store.collection().decks.get(id).map_or_else(|| id.to_string(), |d| d.name.clone());
    Ok(LoadedDeck { id: id.to_string(), name, exam: Arc::new(parsed.exam), images: store.deck_dir(id).join("images") })
}

/// The screens.
pub enum Screen {
    /// Decks and what to do today.
    Home,
    /// The daily study session.
    Study(Box<study::StudyScreen>),
    /// A quiz (set-up, answering, results) or a paper attempt.
    Quiz(Box<quiz::QuizScreen>),
    /// The mock exam.
    Mock(Box<mock::MockScreen>),
    /// Importing an exam file.
    Import(Box<import::ImportScreen>),
    /// Every card in a table.
    Browse(Box<browse::BrowseScreen>),
    /// Settings, backups and the data folder.
    Settings(Box<settings::SettingsScreen>),
}

impl Screen {
    fn name(&self) -> &'static str {
        match self {
            Screen::Home => "Home",
            Screen::Study(_) => "Study",
            Screen::Quiz(_) => "Quiz",
            Screen::Mock(_) => "Mock exam",
            Screen::Import(_) => "Import",
            Screen::Browse(_) => "Browse",
            Screen::Settings(_) => "Settings",
        }
    }
}

/// What a screen asks the app to do after drawing.
pub enum Nav {
    /// Go to another screen.
    To(Screen),
}

enum Problem {
    Locked(String),
    Broken { message: String, backups: Vec<Backup>, confirm: Option<Option<usize>> },
}

/// The app.
pub struct App {
    clock: Clock,
    data_dir: PathBuf,
    shared: Option<Shared>,
    problem: Option<Problem>,
    /// The screen on show.
    pub screen: Screen,
    applied_theme: Option<Theme>,
    /// Close after the first frame (`EXAMDECK_FIRST_FRAME_EXIT`, for the start-up benchmark).
    exit_after_first_frame: bool,
}

impl App {
    /// Opens the collection in `data_dir` and prepares the window.
    pub fn new(cc: &eframe::CreationContext<'_>, data_dir: PathBuf, clock: Clock) -> Self {
        theme::install_fonts(&cc.egui_ctx);
        theme::install_style(&cc.egui_ctx);
        egui_extras::install_image_loaders(&cc.egui_ctx);
        let exit_after_first_frame = std::env::var_os("EXAMDECK_FIRST_FRAME_EXIT").is_some();
        let mut app = App {
            clock,
            data_dir,
            shared: None,
            problem: None,
            screen: Screen::Home,
            applied_theme: None,
            exit_after_first_frame,
        };
        app.open();
        app
    }

    fn open(&mut self) {
        let now = (self.clock)();
        match Store::open(&self.data_dir, Mode::Write) {
            Ok(store) => self.start(store, now),
            Err(StoreError::Locked(dir)) => {
                self.problem = Some(Problem::Locked(format!(
                    "Another examdeck window is already using the collection in {}.\n\nClose it, then open examdeck again. This window has not changed anything.",
                    dir.display()
                )))
            }
            Err(e) => {
                self.problem = Some(Problem::Broken {
                    message: e.to_string(),
                    backups: backups::list(&self.data_dir),
                    confirm: None,
                })
            }
        }
    }

    fn start(&mut self, mut store: Store, now: DateTime<Utc>) {
        let mut error = None;
        if let Err(e) = library::ensure_builtin(&mut store, now) {
            error = Some(format!("The built-in deck could not be set up: {e}"));
        }
        let mut decks = BTreeMap::new();
        let ids: Vec<String> = store.collection().decks.keys().cloned().collect();
        for id in ids {
            match load_deck(&store, &id) {
                Ok(d) => {
                    decks.insert(id, d);
                }
                Err(e) => error = Some(format!("The deck {id} could not be read: {e}")),
            }
        }
        let current = if decks.contains_key(crate::builtin::NAME) {
            crate::builtin::NAME.to_string()
        } else {
            decks.keys().next().cloned().unwrap_or_default()
        };
        let warnings = store.warnings.join("\n");
        let mut shared = Shared { store, decks, current, math: MathCache::default(), now, toast: None, error };
        if !warnings.is_empty() {
            shared.toast(warnings);
        }
        // A mock exam that was running when the app closed comes back, or is submitted if its
        // time ran out meanwhile.
        if let Some(attempt) = shared.store.collection().mock_in_progress.clone()
            && let Some(deck) = shared.decks.get(&attempt.deck)
        {
            let (session, record) = MockSession::resume(attempt, &deck.exam, now);
            let deck_id = deck.id.clone();
            if let Some(r) = record {
                shared.commit(r);
                shared.toast("Your mock exam's time ran out while examdeck was closed; it has been submitted.");
            }
            shared.current = deck_id;
            self.screen = Screen::Mock(Box::new(mock::MockScreen::resumed(session)));
        }
        self.shared = Some(shared);
        self.problem = None;
    }

    /// Shows the import screen for `path` (a file given on the command line or dropped).
    pub fn open_file(&mut self, path: PathBuf) {
        let in_mock = matches!(&self.screen, Screen::Mock(m) if !m.is_finished());
        if self.shared.is_some() && !in_mock {
            self.screen = Screen::Import(Box::new(import::ImportScreen::with_file(path)));
        }
    }

    /// The shared state (`None` while an error screen shows).
    pub fn shared(&self) -> Option<&Shared> {
        self.shared.as_ref()
    }

    /// The shared state, mutably.
    pub fn shared_mut(&mut self) -> Option<&mut Shared> {
        self.shared.as_mut()
    }

    fn apply_theme(&mut self, ctx: &egui::Context) {
        let Some(s) = &self.shared else { return };
        let t = s.store.collection().settings.theme;
        if self.applied_theme != Some(t) {
            ctx.set_theme(match t {
                Theme::System => egui::ThemePreference::System,
                Theme::Light => egui::ThemePreference::Light,
                Theme::Dark => egui::ThemePreference::Dark,
            });
            self.applied_theme = Some(t);
        }
    }

    fn problem_ui(&mut self, ui: &mut Ui) {
        let mut reopen = false;
        let mut recover: Option<Option<Backup>> = None;
        egui::CentralPanel::default_margins().show(ui, |ui| {
            ui.add_space(40.0);
            ui.vertical_centered(|ui| {
                ui.set_max_width(theme::COLUMN);
                match &mut self.problem {
                    Some(Problem::Locked(msg)) => {
                        ui.heading("examdeck is already open");
                        ui.add_space(12.0);
                        ui.label(msg.as_str());
                        ui.add_space(20.0);
                        if ui.button(theme::with_key("Try again", "Enter")).clicked()
                            || ui.input(|i| i.key_pressed(Key::Enter))
                        {
                            reopen = true;
                        }
                        if ui.button(theme::with_key("Quit", "Esc")).clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                        }
                    }
                    Some(Problem::Broken { message, backups, confirm }) => {
                        ui.heading("Your collection could not be read");
                        ui.add_space(12.0);
                        ui.label(RichText::new(message.as_str()).monospace());
                        ui.add_space(8.0);
                        ui.label("Nothing has been changed or deleted. If you continue, the unreadable files are moved to the corrupt folder inside the data folder, where they stay.");
                        ui.add_space(16.0);
                        match confirm {
                            None => {
                                if let Some(latest) = backups.first() {
                                    if ui.button(format!("Restore the latest backup ({})…", latest.name)).clicked() {
                                        *confirm = Some(Some(0));
                                    }
                                } else {
                                    ui.label("There is no backup to restore.");
                                }
                                if ui.button("Start a new, empty collection…").clicked() {
                                    *confirm = Some(None);
                                }
                                if ui.button("Quit").clicked() {
                                    ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
                                }
                            }
                            Some(choice) => {
                                let choice = *choice;
                                let what = match choice {
                                    Some(i) => format!("restore the backup {}", backups[i].name),
                                    None => "start a new, empty collection".to_string(),
                                };
                                ui.label(RichText::new(format!("Really {what}? The unreadable files are kept in the corrupt folder.")).strong());
                                ui.horizontal(|ui| {
                                    if ui.button(theme::with_key("Yes", "Enter")).clicked() || ui.input(|i| i.key_pressed(Key::Enter)) {
                                        recover = Some(choice.map(|i| backups[i].clone()));
                                    }
                                    if ui.button(theme::with_key("Cancel", "Esc")).clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                                        *confirm = None;
                                    }
                                });
                            }
                        }
                    }
                    None => {}
                }
            });
        });
        if reopen {
            self.open();
        }
        if let Some(choice) = recover {
            match backups::recover(&self.data_dir, choice.as_ref()) {
                Ok(store) => {
                    let now = (self.clock)();
                    self.start(store, now);
                }
                Err(e) => {
                    self.problem = Some(Problem::Broken {
                        message: e.to_string(),
                        backups: backups::list(&self.data_dir),
                        confirm: None,
                    })
                }
            }
        }
    }

    fn top_bar(&mut self, ui: &mut Ui) -> Option<Nav> {
        let shared = self.shared.as_ref()?;
        let mut nav = None;
        let on_home = matches!(self.screen, Screen::Home);
        let in_mock = matches!(&self.screen, Screen::Mock(m) if !m.is_finished());
        egui::Panel::top("top").show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                ui.label(RichText::new("examdeck").strong().size(17.0));
                if let Some(d) = shared.deck() {
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
                    if ui.button(theme::with_key("Settings", ",")).clicked() {
                        nav = Some(Nav::To(Screen::Settings(Box::default())));
                    }
                    if ui.button(theme::with_key("Browse", "B")).clicked() {
                        nav = Some(Nav::To(Screen::Browse(Box::default())));
                    }
                    if ui.button(theme::with_key("Import", "I")).clicked() {
                        nav = Some(Nav::To(Screen::Import(Box::default())));
                    }
                    if !on_home && ui.button(theme::with_key("Home", "Esc")).clicked() {
                        nav = Some(Nav::To(Screen::Home));
                    }
                });
            });
            ui.add_space(4.0);
        });
        nav
    }

    fn overlays(&mut self, ui: &mut Ui) {
        let Some(shared) = self.shared.as_mut() else { return };
        if let Some(t) = &shared.toast {
            if t.until <= shared.now {
                shared.toast = None;
            } else {
                let text = t.text.clone();
                let left = (t.until - shared.now).to_std().unwrap_or_default();
                egui::Area::new(egui::Id::unique("toast")).anchor(egui::Align2::CENTER_BOTTOM, [0.0, -24.0]).show(
                    ui.ctx(),
                    |ui| {
                        egui::Frame::popup(ui.style()).inner_margin(12).show(ui, |ui| {
                            ui.set_max_width(560.0);
                            ui.label(text);
                        });
                    },
                );
                ui.ctx().request_repaint_after(left);
            }
        }
        if let Some(err) = shared.error.clone() {
            let mut close = false;
            egui::Modal::new(egui::Id::unique("error")).show(ui.ctx(), |ui| {
                ui.set_max_width(520.0);
                ui.heading("Something went wrong");
                ui.add_space(8.0);
                ui.label(err);
                ui.add_space(12.0);
                if ui.button(theme::with_key("OK", "Enter")).clicked() || ui.input(|i| i.key_pressed(Key::Enter)) {
                    close = true;
                }
            });
            if close {
                shared.error = None;
            }
        }
    }
}

/// Whether a text field has the keyboard (single-key shortcuts are off then).
pub fn typing(ui: &Ui) -> bool {
    ui.ctx().egui_wants_keyboard_input()
}

/// Whether `key` was pressed without modifiers, while no text field has focus.
pub fn pressed(ui: &Ui, key: Key) -> bool {
    !typing(ui) && ui.input(|i| i.key_pressed(key) && !i.modifiers.ctrl && !i.modifiers.command && !i.modifiers.alt)
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        let now = (self.clock)();
        if self.problem.is_some() || self.shared.is_none() {
            self.problem_ui(ui);
            return;
        }
        self.apply_theme(ui.ctx());
        if let Some(s) = self.shared.as_mut() {
            s.now = now;
        }
        // A file dropped on the window goes to the import screen.
        let dropped: Vec<PathBuf> = ui.input(|i| {
            i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).filter(|p| !p.as_os_str().is_empty()).collect()
        });
        if let Some(path) = dropped.into_iter().next() {
            self.open_file(path);
        }
        let mut nav = self.top_bar(ui);
        let shared = self.shared.as_mut().expect("checked above");
        let central = egui::CentralPanel::default_margins().show(ui, |ui| match &mut self.screen {
            Screen::Home => home::ui(ui, shared),
            Screen::Study(s) => s.ui(ui, shared),
            Screen::Quiz(s) => s.ui(ui, shared),
            Screen::Mock(s) => s.ui(ui, shared),
            Screen::Import(s) => s.ui(ui, shared),
            Screen::Browse(s) => s.ui(ui, shared),
            Screen::Settings(s) => s.ui(ui, shared),
        });
        if nav.is_none() {
            nav = central.inner;
        }
        // Global keys: Esc leaves a screen (a running mock exam keeps running); B, I and , open
        // Browse, Import and Settings.
        let in_mock = matches!(&self.screen, Screen::Mock(m) if !m.is_finished());
        if nav.is_none() && !in_mock && shared.error.is_none() {
            if !matches!(self.screen, Screen::Home) && pressed(ui, Key::Escape) {
                nav = Some(Nav::To(Screen::Home));
            } else if pressed(ui, Key::B) && !matches!(self.screen, Screen::Browse(_)) {
                nav = Some(Nav::To(Screen::Browse(Box::default())));
            } else if pressed(ui, Key::I) && !matches!(self.screen, Screen::Import(_)) {
                nav = Some(Nav::To(Screen::Import(Box::default())));
            } else if pressed(ui, Key::Comma) && !matches!(self.screen, Screen::Settings(_)) {
                nav = Some(Nav::To(Screen::Settings(Box::default())));
            }
        }
        if let Some(Nav::To(screen)) = nav {
            self.screen = screen;
            ui.ctx().request_repaint();
        }
        self.overlays(ui);
        if self.exit_after_first_frame {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        if let Some(s) = self.shared.as_mut() {
            let today = s.today();
            if let Err(e) = s.store.close(today) {
                eprintln!("examdeck: saving on exit: {e}");
            }
        }
    }
}
