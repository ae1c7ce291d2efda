//! The exam editor: a deck's exam text, or a file that failed to import, in a monospace editor
//! with line numbers, undo and redo. The text is parsed again off the window's thread after every
//! change (while one parse runs, further changes wait for it), so a keystroke never waits.
//! Diagnostics list under the text: a click jumps to the line, and a mechanical fix is one click.
//! The question under the cursor is previewed as its cards will look, with the answers as they
//! were understood. Saving re-imports the deck by the re-import rules, or imports the file.

use super::action::{Action, Nav};
use super::help::editor as keys;
use super::question::{Answers, Cursor, question};
use super::theme;
use super::view::Cx;
use crate::import::file::ImportedFile;
use crate::import::{Diagnostic, Format, Parsed, Severity};
use egui::text::{CCursor, CCursorRange};
use egui::{RichText, Ui};
use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::mpsc::{Receiver, channel};

/// What is being edited.
#[derive(Clone, Debug)]
pub enum Source {
    /// A deck of the collection.
    Deck(String),
    /// A file that is not imported yet, with its key text and images.
    File {
        /// The file.
        path: PathBuf,
        /// Its key file's text.
        key: Option<String>,
        /// Its images.
        images: Vec<(String, Vec<u8>)>,
    },
}

/// The editor screen.
pub struct EditorScreen {
    /// What is edited.
    pub source: Source,
    /// The exam text as it stands.
    pub text: String,
    /// The format the text is written in.
    pub format: Format,
    key: Option<String>,
    saved: String,
    parsed: Option<Arc<Parsed>>,
    /// The text the current parse is of, and the parse under way.
    parsed_text: String,
    running: Option<(String, Receiver<Parsed>)>,
    undo: Vec<String>,
    redo: Vec<String>,
    /// Time (egui's clock) of the last snapshot, to take one per pause in typing.
    last_snapshot: f64,
    cursor_line: usize,
    jump: Option<usize>,
}

impl EditorScreen {
    /// Edits `text` (with `key`) from `source`.
    pub fn new(source: Source, text: String, key: Option<String>, format: Format) -> Self {
        EditorScreen {
            source,
            format,
            saved: text.clone(),
            text,
            key,
            parsed: None,
            parsed_text: String::new(),
            running: None,
            undo: Vec::new(),
            redo: Vec::new(),
            last_snapshot: f64::NEG_INFINITY,
            cursor_line: 1,
            jump: None,
        }
    }

    /// The editor on a file that was read but not imported.
    pub fn for_file(f: &ImportedFile) -> Self {
        let source = Source::File { path: f.path.clone(), key: f.key_text.clone(), images: f.images.clone() };
        EditorScreen::new(source, f.text.clone(), f.key_text.clone(), f.format)
    }

    /// The key text the editor saves with the exam.
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The parse of the text as it stands, once it is done.
    pub fn parsed(&self) -> Option<&Parsed> {
        self.parsed.as_deref().filter(|_| self.parsed_text == self.text)
    }

    /// Records that the text was saved.
    pub fn mark_saved(&mut self) {
        self.saved = self.text.clone();
    }

    /// Replaces the text (a fix, undo, redo), keeping what it was for undo.
    fn replace(&mut self, text: String) {
        if text != self.text {
            self.undo.push(std::mem::replace(&mut self.text, text));
            self.redo.clear();
        }
    }

    /// Applies a diagnostic's fix.
    pub fn apply_fix(&mut self, d: &Diagnostic) {
        if let Some(fix) = &d.fix {
            let new = fix.apply(&self.text);
            self.replace(new);
        }
    }

    fn undo(&mut self) {
        if let Some(prev) = self.undo.pop() {
            self.redo.push(std::mem::replace(&mut self.text, prev));
        }
    }

    fn redo(&mut self) {
        if let Some(next) = self.redo.pop() {
            self.undo.push(std::mem::replace(&mut self.text, next));
        }
    }

    /// Starts a parse of the text when it changed and none is running; takes a finished one.
    fn parse(&mut self, ctx: &egui::Context) {
        if let Some((text, rx)) = &self.running
            && let Ok(p) = rx.try_recv()
        {
            self.parsed_text = text.clone();
            self.parsed = Some(Arc::new(p));
            self.running = None;
        }
        if self.running.is_none() && (self.parsed.is_none() || self.parsed_text != self.text) {
            let (tx, rx) = channel();
            let (text, key, ctx, format) = (self.text.clone(), self.key.clone(), ctx.clone(), self.format);
            std::thread::spawn(move || {
                let _ = tx.send(crate::import::parse_as(format, &text, key.as_deref()));
                ctx.request_repaint();
            });
            self.running = Some((self.text.clone(), rx));
        }
    }

    /// Waits for the parse under way (tests).
    pub fn finish_parse(&mut self) {
        if let Some((text, rx)) = self.running.take()
            && let Ok(p) = rx.recv()
        {
            self.parsed_text = text;
            self.parsed = Some(Arc::new(p));
        }
    }

    /// Draws the editor.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) -> Option<Action> {
        self.parse(ui.ctx());
        let mut action = self.toolbar(ui);
        if let Some(a) = self.diagnostics_panel(ui) {
            action = Some(a);
        }
        egui::Panel::right("editor-preview").default_size(420.0).resizable(true).show(ui, |ui| self.preview(ui, cx));
        self.text_area(ui);
        action
    }

    fn toolbar(&mut self, ui: &mut Ui) -> Option<Action> {
        let mut action = None;
        egui::Panel::top("editor-bar").show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                let title = match &self.source {
                    Source::Deck(id) => format!("Editing deck {id}"),
                    Source::File { path, .. } => format!("Editing {}", path.display()),
                };
                ui.label(RichText::new(title).strong());
                let errors =
                    self.parsed().map(|p| p.diagnostics.iter().filter(|d| d.severity == Severity::Error).count());
                let label = match &self.source {
                    Source::Deck(_) => "Save and re-import",
                    Source::File { .. } => "Import",
                };
                let ok = errors == Some(0);
                if ui.add_enabled(ok, egui::Button::new(RichText::new(keys::SAVE.on(label)).strong())).clicked()
                    || (ok && keys::SAVE.pressed(ui))
                {
                    action = Some(Action::SaveEditor);
                }
                if ui.add_enabled(!self.undo.is_empty(), egui::Button::new("Undo")).clicked() {
                    self.undo();
                }
                if ui.add_enabled(!self.redo.is_empty(), egui::Button::new("Redo")).clicked() {
                    self.redo();
                }
                if ui.button("Format guide").clicked() {
                    action = Some(Action::Go(Nav::FormatGuide));
                }
                let status = match errors {
                    None => "checking…".to_string(),
                    Some(0) if self.text != self.saved => "no errors · not saved".to_string(),
                    Some(0) => "no errors".to_string(),
                    Some(n) => format!("{} to fix", crate::import::summary::count(n, "error", "errors")),
                };
                ui.label(RichText::new(status).color(theme::muted(ui)));
            });
            ui.add_space(4.0);
        });
        action
    }

    fn diagnostics_panel(&mut self, ui: &mut Ui) -> Option<Action> {
        let parsed = self.parsed.clone();
        let mut fix: Option<Diagnostic> = None;
        egui::Panel::bottom("editor-diagnostics").default_size(180.0).resizable(true).show(ui, |ui| {
            let Some(p) = parsed.as_deref() else {
                ui.label(RichText::new("Checking…").color(theme::muted(ui)));
                return;
            };
            ui.label(
                RichText::new(crate::import::summary::count(p.diagnostics.len(), "diagnostic", "diagnostics")).strong(),
            );
            egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                for d in &p.diagnostics {
                    let color = if d.severity == Severity::Error { theme::wrong(ui) } else { theme::amber(ui) };
                    ui.horizontal_wrapped(|ui| {
                        let place = match d.origin {
                            crate::import::Origin::Exam => format!("line {}", d.line),
                            crate::import::Origin::Key => format!("key line {}", d.line),
                        };
                        if ui.link(RichText::new(place).monospace()).clicked()
                            && d.origin == crate::import::Origin::Exam
                        {
                            self.jump = Some(d.line);
                        }
                        ui.label(RichText::new(d.severity.to_string()).strong().color(color));
                        ui.label(&d.message);
                        if let Some(f) = &d.fix
                            && ui.button(&f.label).clicked()
                        {
                            fix = Some(d.clone());
                        }
                    });
                }
            });
        });
        if let Some(d) = fix {
            self.apply_fix(&d);
        }
        None
    }

    fn text_area(&mut self, ui: &mut Ui) {
        let id = egui::Id::unique("exam-editor-text");
        if let Some(line) = self.jump
            && let Some(mut state) = egui::TextEdit::load_state(ui.ctx(), id)
        {
            let idx = char_index_of_line(&self.text, line);
            state.cursor.set_char_range(Some(CCursorRange::one(CCursor::new(idx))));
            state.store(ui.ctx(), id);
            ui.ctx().memory_mut(|m| m.request_focus(id));
        }
        let before = self.text.clone();
        let lines = self.text.split('\n').count();
        let gutter: String = (1..=lines).map(|n| format!("{n:>4}\n")).collect();
        egui::ScrollArea::both().auto_shrink([false, false]).show(ui, |ui| {
            ui.horizontal_top(|ui| {
                ui.add(egui::Label::new(RichText::new(gutter).monospace().color(theme::muted(ui))).selectable(false));
                let mut layouter = |ui: &Ui, buf: &dyn egui::TextBuffer, _wrap: f32| {
                    let job = egui::text::LayoutJob::simple(
                        buf.as_str().to_string(),
                        egui::TextStyle::Monospace.resolve(ui.style()),
                        ui.visuals().text_color(),
                        f32::INFINITY,
                    );
                    ui.fonts_mut(|f| f.layout_job(job))
                };
                let out = egui::TextEdit::multiline(&mut self.text)
                    .id(id)
                    .code_editor()
                    .desired_width(f32::INFINITY)
                    .desired_rows(30)
                    .layouter(&mut layouter)
                    .show(ui);
                if let Some(r) = out.cursor_range {
                    self.cursor_line = self.text.chars().take(r.primary.index.0).filter(|&c| c == '\n').count() + 1;
                }
                if let Some(line) = self.jump.take() {
                    let idx = char_index_of_line(&self.text, line);
                    let rect = out.galley.pos_from_cursor(CCursor::new(idx)).translate(out.galley_pos.to_vec2());
                    ui.scroll_to_rect(rect.expand(40.0), Some(egui::Align::Center));
                }
            });
        });
        if self.text != before {
            // One undo step per pause in typing (a second without a change).
            let now = ui.input(|i| i.time);
            if now - self.last_snapshot > 1.0 {
                self.undo.push(before);
                self.redo.clear();
            }
            self.last_snapshot = now;
        }
    }

    /// The question under the cursor, as its cards will look, with the answers understood.
    fn preview(&self, ui: &mut Ui, cx: &mut Cx<'_>) {
        ui.label(RichText::new("Preview of the question under the cursor").strong());
        let Some(p) = self.parsed.as_deref() else { return };
        let exam = &p.exam;
        let Some(q) = exam.questions().filter(|q| q.line <= self.cursor_line).last() else {
            ui.label(RichText::new("Put the cursor in a question to see it here.").color(theme::muted(ui)));
            return;
        };
        let mut responses: Vec<_> =
            exam.cards.iter().map(|c| c.answer.filter(|a| !matches!(a, crate::deck::Answer::Written))).collect();
        let review = crate::scoring::score_question(exam, q.number, &responses);
        let style = cx.style(ui);
        let mut painter = super::text::Painter { math: cx.math, images: None };
        egui::ScrollArea::vertical().id_salt("editor-preview-scroll").show(ui, |ui| {
            super::question::header(ui, q, "");
            let kinds: Vec<String> = q
                .cards
                .clone()
                .map(|i| {
                    let c = &exam.cards[i];
                    format!(
                        "card {} · {} · {}",
                        c.id,
                        kind_name(c.kind),
                        c.answer.map_or("no answer".into(), |a| format!("answer {a}"))
                    )
                })
                .collect();
            for k in kinds {
                ui.label(RichText::new(k).small().color(theme::muted(ui)));
            }
            let order = &crate::session::shuffle::Order::new();
            let answers = &mut Answers { responses: &mut responses, written: &mut BTreeMap::new(), order };
            question(ui, &mut painter, exam, q, answers, &mut Cursor::default(), review.as_ref(), style);
        });
    }
}

fn kind_name(k: crate::deck::CardKind) -> &'static str {
    match k {
        crate::deck::CardKind::Single => "single answer",
        crate::deck::CardKind::TrueFalse => "true/false",
        crate::deck::CardKind::Free => "written answer",
    }
}

/// The character index where 1-based line `line` starts.
fn char_index_of_line(text: &str, line: usize) -> usize {
    let mut idx = 0;
    for (i, l) in text.split('\n').enumerate() {
        if i + 1 >= line {
            break;
        }
        idx += l.chars().count() + 1;
    }
    idx
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_map_to_character_indices() {
        assert_eq!(char_index_of_line("ab\ncd\né\n", 1), 0);
        assert_eq!(char_index_of_line("ab\ncd\né\n", 3), 6);
    }
}
