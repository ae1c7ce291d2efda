//! Import: a file from the native dialog or dropped on the window is parsed in the background,
//! then what was found is shown — questions, cards, points, duration, answers, and every
//! diagnostic with its line — before the student accepts. Exams without answers import too; the
//! answer-key editor (`KeyEditor`) then lets the student pick each card's answer.

use super::action::{Action, Nav};
use super::help::{import as keys, key_editor};
use super::text::Style;
use super::theme;
use super::view::Cx;
use crate::deck::{Answer, CardKind};
use crate::import::file::{ImportedFile, ReadError, import_file_as, key_path};
use crate::import::summary::{count, summary_line};
use crate::import::{Format, Origin, Severity, fmt_points};
use crate::library::reimport::Outcome;
use crate::library::{Deck, slug};
use egui::{RichText, Ui};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

enum Phase {
    Choose,
    Loading { path: PathBuf, rx: Receiver<Result<ImportedFile, ReadError>> },
    Review { file: Box<ImportedFile>, name: String },
}

/// The import screen.
pub struct ImportScreen {
    phase: Phase,
}

impl Default for ImportScreen {
    fn default() -> Self {
        ImportScreen { phase: Phase::Choose }
    }
}

/// What an import did to the cards, in a sentence.
pub fn outcome_text(out: &Outcome) -> String {
    format!(
        "Imported: {} new, {} kept, {} moved, {} reset, {} retired.",
        count(out.added, "card", "cards"),
        out.kept,
        out.moved,
        out.reset,
        out.retired
    )
}

impl ImportScreen {
    /// Starts reading `path` straight away (a dropped file, or from tests).
    pub fn with_file(path: PathBuf) -> Self {
        let mut s = ImportScreen::default();
        s.load(path, None);
        s
    }

    /// The file read and parsed, once it is.
    pub fn file(&self) -> Option<&ImportedFile> {
        match &self.phase {
            Phase::Review { file, .. } => Some(file),
            _ => None,
        }
    }

    /// Reads `path` in `format` (`None`: the one its extension or content says).
    fn load(&mut self, path: PathBuf, format: Option<Format>) {
        let (tx, rx) = channel();
        let p = path.clone();
        // Parsing a large file must not freeze the window.
        std::thread::spawn(move || {
            let _ = tx.send(import_file_as(&p, format));
        });
        self.phase = Phase::Loading { path, rx };
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) -> Option<Action> {
        match &mut self.phase {
            Phase::Choose => {
                let (picked, guide) = choose_page(ui);
                if let Some(p) = picked {
                    self.load(p, None);
                    ui.ctx().request_repaint();
                }
                guide.then_some(Action::Go(Nav::FormatGuide))
            }
            Phase::Loading { path, rx } => {
                ui.vertical_centered(|ui| {
                    ui.add_space(60.0);
                    ui.spinner();
                    ui.label(format!("Reading {}…", path.display()));
                });
                match rx.try_recv() {
                    Ok(Ok(file)) => {
                        let name = file.name.replace('_', " ");
                        self.phase = Phase::Review { file: Box::new(file), name };
                        ui.ctx().request_repaint();
                        None
                    }
                    Ok(Err(e)) => {
                        self.phase = Phase::Choose;
                        Some(Action::Error(format!("{} could not be read: {e}", e.path().display())))
                    }
                    Err(std::sync::mpsc::TryRecvError::Empty) => {
                        ui.ctx().request_repaint_after(std::time::Duration::from_millis(50));
                        None
                    }
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                        self.phase = Phase::Choose;
                        None
                    }
                }
            }
            Phase::Review { file, name } => {
                let (action, next) = review_page(ui, cx, file, name);
                match next {
                    Next::Stay => {}
                    Next::Choose => self.phase = Phase::Choose,
                    Next::Recheck => {
                        let (path, format) = (file.path.clone(), file.format);
                        self.load(path, Some(format));
                    }
                    Next::Read(format) => {
                        let path = file.path.clone();
                        self.load(path, Some(format));
                    }
                }
                action
            }
        }
    }
}

fn choose_page(ui: &mut Ui) -> (Option<PathBuf>, bool) {
    let mut picked = None;
    let mut guide = false;
    ui.vertical_centered(|ui| {
        theme::column_width(ui);
        ui.add_space(30.0);
        ui.heading("Import an exam");
        ui.add_space(8.0);
        ui.label("An exam as Markdown or plain text: converted from a PDF, a quiz bank, or typed by an instructor. Questions such as \"1. (2 points)\" or \"Question 1\", options as boxes or letters, answer lines, true/false statements, free-response questions with their solutions. Also Moodle GIFT and XML, Aiken, a LaTeX exam-class file, or Anki and Quizlet text. A key file name.key.ron beside it is read too.");
        ui.add_space(20.0);
        if (ui.button(RichText::new(keys::OPEN.on("Choose a file…")).size(17.0)).clicked() || keys::OPEN.pressed(ui))
            && let Some(p) = rfd::FileDialog::new()
                .add_filter("Exams and quiz banks", &["md", "markdown", "txt", "gift", "xml", "tex", "csv", "tsv"])
                .add_filter("All files", &["*"])
                .pick_file()
        {
            picked = Some(p);
        }
        ui.add_space(12.0);
        let (rect, _) =
            ui.allocate_exact_size(egui::vec2(ui.available_width().min(560.0), 120.0), egui::Sense::hover());
        ui.painter().rect_stroke(rect, 10.0, egui::Stroke::new(1.5, theme::muted(ui)), egui::StrokeKind::Inside);
        super::text::centered_text(
            ui,
            rect,
            "…or drop an exam file on this window",
            egui::FontId::proportional(16.0),
            theme::muted(ui),
        );
        ui.add_space(12.0);
        if ui.button(keys::GUIDE.on("Format guide: every form, with an example")).clicked() || keys::GUIDE.pressed(ui) {
            guide = true;
        }
    });
    (picked, guide)
}

/// What the review page asks of the screen itself.
enum Next {
    Stay,
    Choose,
    Recheck,
    /// Read the file again in another format.
    Read(Format),
}

/// The review of a parsed file; returns the action and what the screen does next.
fn review_page(ui: &mut Ui, cx: &Cx<'_>, file: &ImportedFile, name: &mut String) -> (Option<Action>, Next) {
    let errors = file.parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
    let deck_id = slug(&file.name);
    let existing = cx.lib.deck(&deck_id).is_some();
    let mut action = None;
    let mut next = Next::Stay;
    egui::Panel::bottom("import-actions").show(ui, |ui| {
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            ui.label("Deck name");
            ui.add(egui::TextEdit::singleline(name).desired_width(280.0));
            let label = if existing { "Re-import, keeping progress" } else { "Import" };
            let ok = errors == 0 && cx.lib.writable();
            if ui.add_enabled(ok, egui::Button::new(RichText::new(keys::IMPORT.on(label)).strong())).clicked()
                || (ok && keys::IMPORT.pressed(ui))
            {
                action = Some(Action::Import { id: deck_id.clone(), name: name.clone() });
            }
            if ui.button(keys::EDIT.on("Open in the editor")).clicked() || keys::EDIT.pressed(ui) {
                action = Some(Action::EditImport);
            }
            if ui
                .button(keys::RECHECK.on("Re-check"))
                .on_hover_text("Read the file again, after editing it elsewhere")
                .clicked()
                || keys::RECHECK.pressed(ui)
            {
                next = Next::Recheck;
            }
            if ui.button(keys::OPEN.on("Choose another file")).clicked() || keys::OPEN.pressed(ui) {
                next = Next::Choose;
            }
            if errors > 0 {
                let msg = format!("Fix the {} first", count(errors, "error", "errors"));
                ui.label(RichText::new(msg).color(theme::wrong(ui)));
            }
        });
        ui.add_space(8.0);
    });
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        if let Some(f) = file_summary(ui, file, errors) {
            next = Next::Read(f);
        }
    });
    (action, next)
}

/// What was read; returns the format the student chose to read the file in instead.
fn file_summary(ui: &mut Ui, file: &ImportedFile, errors: usize) -> Option<Format> {
    let exam = &file.parsed.exam;
    let answered = exam.cards.iter().filter(|c| c.answer.is_some()).count();
    let mut chosen = None;
    ui.heading(format!("{}", file.path.display()));
    ui.add_space(6.0);
    egui::Grid::new("import-summary").num_columns(2).spacing([24.0, 6.0]).show(ui, |ui| {
        ui.label(RichText::new("Read as").color(theme::muted(ui)));
        let mut f = file.format;
        egui::ComboBox::from_id_salt("import-format").selected_text(f.label()).show_ui(ui, |ui| {
            for g in Format::ALL {
                ui.selectable_value(&mut f, g, g.label());
            }
        });
        if f != file.format {
            chosen = Some(f);
        }
        ui.end_row();
        for (k, v) in [
            ("Questions", exam.question_count().to_string()),
            ("Cards", exam.cards.len().to_string()),
            ("Points", fmt_points(exam.total_points())),
            ("Duration", exam.duration_minutes.map_or("not stated".into(), |m| count(m as usize, "minute", "minutes"))),
            ("Cards with answers", format!("{answered} of {}", exam.cards.len())),
            ("Cards with explanations", exam.cards.iter().filter(|c| c.explanation.is_some()).count().to_string()),
            (
                "Key file",
                if file.key_text.is_some() { key_path(&file.path).display().to_string() } else { "none".into() },
            ),
        ] {
            ui.label(RichText::new(k).color(theme::muted(ui)));
            ui.label(RichText::new(v).strong());
            ui.end_row();
        }
    });
    if answered < exam.cards.len() && errors == 0 {
        ui.label(RichText::new("Cards without answers can be answered in the key editor after importing; until then they are left out of study and scores.").color(theme::amber(ui)));
    }
    ui.add_space(10.0);
    ui.label(RichText::new(count(file.parsed.diagnostics.len(), "diagnostic", "diagnostics")).strong());
    for d in &file.parsed.diagnostics {
        let color = if d.severity == Severity::Error { theme::wrong(ui) } else { theme::amber(ui) };
        let where_ = match d.origin {
            Origin::Exam => "",
            Origin::Key => "key ",
        };
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("{where_}line {}", d.line)).monospace().color(theme::muted(ui)));
            ui.label(RichText::new(d.severity.to_string()).strong().color(color));
            ui.label(&d.message);
        });
    }
    ui.label(RichText::new(summary_line(file)).small().color(theme::muted(ui)));
    chosen
}

/// The answer-key editor: pick the right option, or T or F, for each card of a deck.
pub struct KeyEditor {
    deck: String,
    answers: Vec<Option<Answer>>,
    only_unanswered: bool,
}

impl KeyEditor {
    /// The editor for a deck, starting from its current answers.
    pub fn new(deck: &Deck) -> Self {
        KeyEditor {
            deck: deck.id.clone(),
            answers: deck.exam.cards.iter().map(|c| c.answer).collect(),
            only_unanswered: true,
        }
    }

    /// Draws the editor.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) -> Option<Action> {
        let Some(deck) = cx.lib.deck(&self.deck).cloned() else { return Some(Action::Go(Nav::Home)) };
        let mut save = false;
        egui::Panel::bottom("key-actions").show(ui, |ui| {
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let n = self.answers.iter().filter(|a| a.is_some()).count();
                ui.label(format!("{n} of {} answered", count(self.answers.len(), "card", "cards")));
                save = ui.button(RichText::new(key_editor::SAVE.on("Save the key")).strong()).clicked()
                    || key_editor::SAVE.pressed(ui);
                ui.checkbox(&mut self.only_unanswered, "Show only cards without an answer");
            });
            ui.add_space(8.0);
        });
        let style = cx.style(ui);
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            ui.heading("Answer key");
            ui.label(
                RichText::new("Pick the right option, or T or F, for each card. Saved in your collection.")
                    .color(theme::muted(ui)),
            );
            for q in deck.exam.questions() {
                if self.only_unanswered && q.cards.clone().all(|c| deck.exam.cards[c].answer.is_some()) {
                    continue;
                }
                ui.add_space(10.0);
                ui.separator();
                super::question::header(ui, q, "");
                cx.painter(&deck).show(ui, &q.stem, style);
                for ci in q.cards.clone() {
                    self.card_row(ui, cx, &deck, ci, style);
                }
            }
        });
        save.then(|| Action::SaveKey { deck: self.deck.clone(), answers: self.answers.clone() })
    }

    fn card_row(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, deck: &Deck, ci: usize, style: Style) {
        let exam = &deck.exam;
        let card = &exam.cards[ci];
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(format!("card {}", card.id)).monospace());
            let choices: Vec<(Answer, String)> = match card.kind {
                CardKind::TrueFalse => vec![(Answer::Tf(true), "T".into()), (Answer::Tf(false), "F".into())],
                CardKind::Free => {
                    let t = if card.solution.is_some() {
                        "written answer, with its solution"
                    } else {
                        "written answer: add its solution in the exam's editor"
                    };
                    ui.label(RichText::new(t).color(theme::muted(ui)));
                    Vec::new()
                }
                CardKind::Single => (0..exam.card_choices(card).len())
                    .map(|i| (Answer::Choice(i as u32 + 1), (i + 1).to_string()))
                    .collect(),
            };
            for (a, l) in choices {
                if ui.selectable_label(self.answers[ci] == Some(a), l).clicked() {
                    self.answers[ci] = Some(a);
                }
            }
        });
        let small = Style { size: style.size * 0.95, ..style };
        let mut painter = cx.painter(deck);
        if card.kind == CardKind::TrueFalse
            && let Some(st) = exam.card_statement(card)
        {
            painter.show(ui, &st.text, small);
            return;
        }
        for (i, o) in exam.card_choices(card).iter().enumerate() {
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("{}", i + 1)).monospace());
                ui.vertical(|ui| painter.show(ui, &o.text, small));
            });
        }
    }
}
