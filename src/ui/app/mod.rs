//! The `eframe::App`: opens the collection off the window's thread, owns the library and the
//! screen on show, applies what screens ask for (`apply`), and turns navigation values into
//! screens (`screen_for`). The chrome around the screens (top bar, messages) is in `chrome`, the
//! screens shown when the collection cannot be opened are in `startup`.

mod apply;
mod chrome;
mod startup;

use super::action::{Action, Nav};
use super::math::MathCache;
use super::view::Cx;
use super::{browse, editor, guide, home, import, mock, quiz, settings, stats, study, theme};
use crate::library::Library;
use crate::model::Theme;
use crate::store::{OsFs, SharedFs};
use chrono::{DateTime, Utc};
use egui::Ui;
use startup::{Opened, Problem};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

/// The app's clock: the real one, or a fake in tests.
pub type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// The system clock.
pub fn system_clock() -> Clock {
    Arc::new(Utc::now)
}

/// What a history job sends back.
type HistoryRead = crate::store::Result<crate::library::HistoryIndex>;

/// Reads the review history on another thread (Browse and statistics need it); `None` when it is
/// read or being read already.
fn spawn_history(ctx: &egui::Context, lib: &mut Library) -> Option<Receiver<HistoryRead>> {
    let job = lib.history_job()?;
    let (tx, rx) = channel();
    let ctx = ctx.clone();
    std::thread::spawn(move || {
        let _ = tx.send(job());
        ctx.request_repaint();
    });
    Some(rx)
}

/// The screens.
pub enum Screen {
    /// Decks and what to do today.
    Home(home::HomeScreen),
    /// The daily study session.
    Study(Box<study::StudyScreen>),
    /// A quiz (set-up, answering, results) or a paper attempt.
    Quiz(Box<quiz::QuizScreen>),
    /// The mock exam.
    Mock(Box<mock::MockScreen>),
    /// Importing an exam file.
    Import(Box<import::ImportScreen>),
    /// The answer-key editor.
    Keys(Box<import::KeyEditor>),
    /// Every card in a table.
    Browse(Box<browse::BrowseScreen>),
    /// Settings, backups and the data folder.
    Settings(Box<settings::SettingsScreen>),
    /// The exam editor.
    Editor(Box<editor::EditorScreen>),
    /// The format guide.
    Guide(guide::GuideScreen),
    /// Statistics of the current deck.
    Stats(stats::StatsScreen),
}

impl Screen {
    fn name(&self) -> &'static str {
        match self {
            Screen::Home(_) => "Home",
            Screen::Study(_) => "Study",
            Screen::Quiz(_) => "Quiz",
            Screen::Mock(_) => "Mock exam",
            Screen::Import(_) => "Import",
            Screen::Keys(_) => "Answer key",
            Screen::Browse(_) => "Browse",
            Screen::Settings(_) => "Settings",
            Screen::Editor(_) => "Editor",
            Screen::Guide(_) => "Format guide",
            Screen::Stats(_) => "Statistics",
        }
    }

    /// The screen's name and its keys, for the shortcut overlay.
    fn help(&self) -> (&'static str, super::help::Keys) {
        use super::help::*;
        let keys = match self {
            Screen::Home(_) => home::ALL,
            Screen::Study(_) => study::ALL,
            Screen::Quiz(_) | Screen::Mock(_) => exam::ALL,
            Screen::Import(_) => import::ALL,
            Screen::Keys(_) => key_editor::ALL,
            Screen::Browse(_) => browse::ALL,
            Screen::Editor(_) => editor::ALL,
            Screen::Settings(_) | Screen::Guide(_) | Screen::Stats(_) => &[],
        };
        (self.name(), keys)
    }

    /// Whether the screen draws a compact header of its own in a short window, in the top bar's
    /// place: study, a quiz being answered and a running mock exam.
    fn folds_chrome(&self) -> bool {
        match self {
            Screen::Study(_) => true,
            Screen::Quiz(q) => q.is_answering(),
            Screen::Mock(m) => m.is_running(),
            _ => false,
        }
    }

    /// Whether a mock exam is running on screen (navigation away is held back then).
    pub fn in_mock(&self) -> bool {
        matches!(self, Screen::Mock(m) if m.is_running())
    }
}

/// A short message at the bottom of the window.
struct Toast {
    text: String,
    until: DateTime<Utc>,
}

enum State {
    /// The collection is being opened on another thread.
    Opening(Receiver<Opened>),
    /// It could not be opened: what to tell and offer.
    Problem(Problem),
    /// Open.
    Ready(Box<Library>),
}

/// The app.
pub struct App {
    clock: Clock,
    data_dir: PathBuf,
    fs: SharedFs,
    ctx: egui::Context,
    state: State,
    /// The screen on show.
    pub screen: Screen,
    deck: String,
    math: MathCache,
    toast: Option<Toast>,
    error: Option<String>,
    /// The shortcut overlay is open.
    help: bool,
    /// Shown above every screen while the collection is read-only, and why.
    read_only: Option<String>,
    /// A file to import once the collection is open.
    pending_file: Option<PathBuf>,
    /// When the inbox of files handed over by `examdeck FILE` was last looked at.
    inbox_checked: Option<std::time::Instant>,
    history: Option<Receiver<HistoryRead>>,
    /// The memory model being fitted in the background.
    fitting: Option<Receiver<Option<Vec<f32>>>>,
    applied_theme: Option<Theme>,
    /// Close after the first frame (`EXAMDECK_FIRST_FRAME_EXIT`, for the start-up benchmark).
    exit_after_first_frame: bool,
}

impl App {
    /// Prepares the window and starts opening the collection in `data_dir` in the background.
    pub fn new(cc: &eframe::CreationContext<'_>, data_dir: PathBuf, clock: Clock) -> Self {
        theme::install_fonts(&cc.egui_ctx);
        theme::install_style(&cc.egui_ctx);
        egui_extras::install_image_loaders(&cc.egui_ctx);
        let mut app = App {
            clock,
            data_dir,
            fs: OsFs::shared(),
            ctx: cc.egui_ctx.clone(),
            state: State::Problem(Problem::None),
            screen: Screen::Home(home::HomeScreen::default()),
            deck: String::new(),
            math: MathCache::default(),
            toast: None,
            error: None,
            help: false,
            read_only: None,
            pending_file: None,
            inbox_checked: None,
            history: None,
            fitting: None,
            applied_theme: None,
            exit_after_first_frame: std::env::var_os("EXAMDECK_FIRST_FRAME_EXIT").is_some(),
        };
        app.start_opening();
        app
    }

    fn now(&self) -> DateTime<Utc> {
        (self.clock)()
    }

    /// Opens the collection on another thread; the window shows "Opening…" meanwhile.
    fn start_opening(&mut self) {
        let (tx, rx) = channel();
        let (fs, dir, now, ctx) = (self.fs.clone(), self.data_dir.clone(), self.now(), self.ctx.clone());
        std::thread::spawn(move || {
            let _ = tx.send(startup::open(fs, &dir, now));
            ctx.request_repaint();
        });
        self.state = State::Opening(rx);
    }

    /// Waits until the collection is open (tests and benchmarks, which need the first frame
    /// after opening).
    pub fn finish_opening(&mut self) {
        if let State::Opening(rx) = &self.state
            && let Ok(opened) = rx.recv()
        {
            self.opened(opened);
        }
    }

    fn poll_opening(&mut self) {
        if let State::Opening(rx) = &self.state
            && let Ok(opened) = rx.try_recv()
        {
            self.opened(opened);
        }
    }

    fn opened(&mut self, opened: Opened) {
        match opened {
            Ok(ready) => self.ready(ready.lib, ready.read_only),
            Err(problem) => self.state = State::Problem(problem),
        }
    }

    fn ready(&mut self, mut lib: Library, read_only: Option<String>) {
        let now = self.now();
        self.read_only = read_only;
        self.deck = lib.default_deck().unwrap_or_default();
        self.screen = Screen::Home(home::HomeScreen::default());
        let notices = std::mem::take(&mut lib.notices);
        match lib.resume_mock(now) {
            Ok(Some((session, timed_out))) => {
                self.deck = session.attempt.deck.clone();
                self.toast_now(chrome::resumed_mock_notice(&session, timed_out, now));
                self.screen = Screen::Mock(Box::new(mock::MockScreen::resumed(session)));
            }
            Ok(None) => {}
            Err(e) => self.error = Some(format!("The mock exam in progress could not be resumed: {e}")),
        }
        if !notices.is_empty() {
            self.toast_now(notices.join("\n"));
        }
        self.history = spawn_history(&self.ctx, &mut lib);
        self.state = State::Ready(Box::new(lib));
        crate::store::release_memory();
        if let Some(p) = self.pending_file.take() {
            self.open_file(p);
        }
    }

    /// Starts fitting the memory model on another thread.
    pub(crate) fn start_fitting(&mut self) -> Option<String> {
        let State::Ready(lib) = &self.state else { return None };
        if self.fitting.is_some() {
            return Some("The memory model is being fitted already.".into());
        }
        let Some(job) = lib.fit_job() else {
            return Some("The history is still being read: try again in a moment.".into());
        };
        let (tx, rx) = channel();
        let ctx = self.ctx.clone();
        std::thread::spawn(move || {
            let _ = tx.send(job());
            ctx.request_repaint();
        });
        self.fitting = Some(rx);
        Some("Fitting the memory model to your history…".into())
    }

    fn poll_fitting(&mut self) {
        let State::Ready(lib) = &mut self.state else { return };
        let Some(Ok(result)) = self.fitting.as_ref().map(|rx| rx.try_recv()) else { return };
        self.fitting = None;
        let message = match result {
            Some(params) => {
                let mut s = lib.settings().clone();
                s.fsrs_parameters = params;
                match lib.set_settings(s) {
                    Ok(()) => "The memory model now fits your own history.".to_string(),
                    Err(e) => format!("The fitted parameters could not be saved: {e}"),
                }
            }
            None => "Not enough history to fit yet: it needs at least 64 reviews of cards seen on an earlier day. The defaults stay.".to_string(),
        };
        self.toast_now(message);
    }

    fn poll_history(&mut self) {
        let State::Ready(lib) = &mut self.state else { return };
        if let Some(rx) = &self.history
            && let Ok(read) = rx.try_recv()
        {
            lib.install_history(read);
            self.history = None;
            crate::store::release_memory();
        }
    }

    /// Shows the import screen for `path` (a file given on the command line or dropped), unless
    /// a mock exam is running.
    pub fn open_file(&mut self, path: PathBuf) {
        if !matches!(self.state, State::Ready(_)) {
            self.pending_file = Some(path);
            return;
        }
        if self.screen.in_mock() {
            self.toast_now("Finish the mock exam first; the file was not opened.");
            return;
        }
        self.go(Nav::Import(Some(path)));
    }

    /// Opens a file handed over by a second `examdeck FILE` (looked for once a second), and
    /// brings the window to the front.
    fn poll_inbox(&mut self, ctx: &egui::Context) {
        const EVERY: std::time::Duration = std::time::Duration::from_secs(1);
        ctx.request_repaint_after(EVERY);
        if self.inbox_checked.is_some_and(|t| t.elapsed() < EVERY) {
            return;
        }
        self.inbox_checked = Some(std::time::Instant::now());
        // The newest hand-over wins; the others were replaced before the student saw them.
        if let Some(path) = crate::store::inbox::take(self.fs.as_ref(), &self.data_dir).pop() {
            ctx.send_viewport_cmd(egui::ViewportCommand::Focus);
            self.open_file(path);
        }
    }

    /// The library, once the collection is open.
    pub fn library(&self) -> Option<&Library> {
        match &self.state {
            State::Ready(l) => Some(l),
            _ => None,
        }
    }

    /// The deck the student is working on.
    pub fn current_deck(&self) -> &str {
        &self.deck
    }

    /// Goes to a screen, as a navigation action would.
    pub fn go(&mut self, nav: Nav) {
        self.apply(Action::Go(nav));
    }

    fn toast_now(&mut self, text: impl Into<String>) {
        self.toast = Some(Toast { text: text.into(), until: self.now() + chrono::Duration::seconds(5) });
    }

    fn apply_theme(&mut self, ctx: &egui::Context) {
        let State::Ready(lib) = &self.state else { return };
        let t = lib.settings().theme;
        if self.applied_theme != Some(t) {
            ctx.set_theme(match t {
                Theme::System => egui::ThemePreference::System,
                Theme::Light => egui::ThemePreference::Light,
                Theme::Dark => egui::ThemePreference::Dark,
            });
            self.applied_theme = Some(t);
        }
    }

    /// Draws the screen on show; returns what it asks for.
    fn draw_screen(&mut self, ui: &mut Ui) -> Option<Action> {
        let State::Ready(lib) = &self.state else { return None };
        let now = self.now();
        let mut cx = Cx { lib, math: &mut self.math, now, today: lib.today(now), deck: &self.deck };
        egui::CentralPanel::default_margins()
            .show(ui, |ui| match &mut self.screen {
                Screen::Home(s) => s.ui(ui, &mut cx),
                Screen::Study(s) => s.ui(ui, &mut cx),
                Screen::Quiz(s) => s.ui(ui, &mut cx),
                Screen::Mock(s) => s.ui(ui, &mut cx),
                Screen::Import(s) => s.ui(ui, &mut cx),
                Screen::Keys(s) => s.ui(ui, &mut cx),
                Screen::Browse(s) => s.ui(ui, &mut cx),
                Screen::Settings(s) => s.ui(ui, &mut cx),
                Screen::Editor(s) => s.ui(ui, &mut cx),
                Screen::Guide(s) => s.ui(ui, &mut cx),
                Screen::Stats(s) => s.ui(ui, &mut cx),
            })
            .inner
    }
}

impl eframe::App for App {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.poll_opening();
        match &self.state {
            State::Opening(_) => startup::opening_ui(ui),
            State::Problem(_) => {
                if let Some(next) = self.problem_ui(ui) {
                    self.opened(next);
                }
            }
            State::Ready(_) => self.frame(ui),
        }
        if self.exit_after_first_frame {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        let now = self.now();
        if let State::Ready(lib) = &mut self.state
            && let Err(e) = lib.close(now)
        {
            eprintln!("examdeck: saving on exit: {e}");
        }
    }
}

impl App {
    fn frame(&mut self, ui: &mut Ui) {
        self.poll_inbox(ui.ctx());
        self.poll_history();
        self.poll_fitting();
        self.apply_theme(ui.ctx());
        // A file dropped on the window goes to the import screen.
        let dropped: Option<PathBuf> = ui
            .input(|i| i.raw.dropped_files.iter().map(|f| f.path().to_path_buf()).find(|p| !p.as_os_str().is_empty()));
        if let Some(path) = dropped {
            self.open_file(path);
        }
        // The shortcut overlay: while it is open the screen gets no keys.
        if self.error.is_none() && super::help::toggled(ui) {
            self.help = !self.help;
        }
        if self.help {
            if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
                self.help = false;
            }
            ui.input_mut(|i| i.events.retain(|e| !matches!(e, egui::Event::Key { .. } | egui::Event::Text(_))));
        }
        let mut action = self.top_bar(ui);
        if let Some(a) = self.draw_screen(ui) {
            action.get_or_insert(a);
        }
        if action.is_none() && self.error.is_none() {
            action = self.global_keys(ui);
        }
        if let Some(a) = action {
            self.apply(a);
            ui.ctx().request_repaint();
        }
        self.overlays(ui);
        if self.help {
            let (name, keys) = self.screen.help();
            if super::help::overlay(ui, name, keys) {
                self.help = false;
            }
        }
    }
}
