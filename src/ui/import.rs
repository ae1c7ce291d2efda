//! Import: a file from the native dialog or dropped on the window is parsed in the background,
//! then what was found is shown — questions, cards, points, duration, answers, and every
//! diagnostic with its line — before the student accepts. Exams without answers import too; the
//! answer-key editor then lets the student pick each card's answer, saved in the collection.

use super::app::{Nav, Screen, Shared, pressed};
use super::text::{Painter, Style};
use super::theme;
use crate::cli::summary_line;
use crate::deck::{Answer, CardKind, Exam};
use crate::import::file::{ImportedFile, import_file, key_path};
use crate::import::key::{CardKey, ExamKey, parse_key};
use crate::import::{Origin, Severity};
use crate::store::reimport::NewDeck;
use egui::{Key, RichText, Ui};
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, channel};

enum Phase {
    Choose,
    Loading { path: PathBuf, rx: Receiver<std::io::Result<ImportedFile>> },
    Review { file: Box<ImportedFile>, name: String },
    Keys { deck: String, answers: Vec<Option<Answer>>, filter_unanswered: bool },
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

impl ImportScreen {
    /// Starts reading `path` straight away (a dropped file, or from tests).
    pub fn with_file(path: PathBuf) -> Self {
        let mut s = ImportScreen::default();
        s.load(path);
        s
    }

    /// The answer-key editor for a deck of the collection.
    pub fn key_editor(shared: &Shared, deck: &str) -> Self {
        let answers =
            shared.decks.get(deck).map(|d| d.exam.cards.iter().map(|c| c.answer).collect()).unwrap_or_default();
        ImportScreen { phase: Phase::Keys { deck: deck.to_string(), answers, filter_unanswered: true } }
    }

    fn load(&mut self, path: PathBuf) {
        let (tx, rx) = channel();
        let p = path.clone();
        // Parsing a large file must not freeze the window.
        std::thread::spawn(move || {
            let _ = tx.send(import_file(&p));
        });
        self.phase = Phase::Loading { path, rx };
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, shared: &mut Shared) -> Option<Nav> {
        let mut nav = None;
        let mut next: Option<Phase> = None;
        let mut load: Option<PathBuf> = None;
        let style = Style { size: shared.store.collection().settings.text_size, color: ui.visuals().text_color() };
        match &mut self.phase {
            Phase::Choose => {
                ui.vertical_centered(|ui| {
                    ui.set_max_width(theme::COLUMN);
                    ui.add_space(30.0);
                    ui.heading("Import an exam");
                    ui.add_space(8.0);
                    ui.label("A Markdown exam file converted from PDF, with ☐ boxes for options and true/false statements. A key file name.key.ron beside it is read too.");
                    ui.add_space(20.0);
                    if (ui.button(RichText::new(theme::with_key("Choose a file…", "O")).size(17.0)).clicked() || pressed(ui, Key::O))
                        && let Some(p) = rfd::FileDialog::new().add_filter("Exam text", &["md", "markdown", "txt"]).pick_file()
                    {
                        load = Some(p);
                    }
                    ui.add_space(12.0);
                    let (rect, _) = ui.allocate_exact_size(egui::vec2(ui.available_width().min(560.0), 120.0), egui::Sense::hover());
                    ui.painter().rect_stroke(
                        rect,
                        10.0,
                        egui::Stroke::new(1.5, theme::muted(ui)),
                        egui::StrokeKind::Inside,
                    );
                    super::text::centered_text(ui, rect, "…or drop an exam file on this window", egui::FontId::proportional(16.0), theme::muted(ui));
                    ui.add_space(12.0);
                    ui.label(RichText::new("The format is described in docs/exam-format.md.").small().color(theme::muted(ui)));
                });
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
                        next = Some(Phase::Review { file: Box::new(file), name });
                    }
                    Ok(Err(e)) => {
                        shared.error = Some(format!("{} could not be read: {e}", path.display()));
                        next = Some(Phase::Choose);
                    }
                    Err(std::sync::mpsc::TryRecvError::Empty) => {
                        ui.ctx().request_repaint_after(std::time::Duration::from_millis(50))
                    }
                    Err(std::sync::mpsc::TryRecvError::Disconnected) => next = Some(Phase::Choose),
                }
            }
            Phase::Review { file, name } => {
                let errors = file.parsed.diagnostics.iter().filter(|d| d.severity == Severity::Error).count();
                let exam = &file.parsed.exam;
                let answered = exam.cards.iter().filter(|c| c.answer.is_some()).count();
                let deck_id = crate::library::slug(&file.name);
                let existing = shared.store.collection().decks.contains_key(&deck_id);
                let mut accept = false;
                egui::Panel::bottom("import-actions").show(ui, |ui| {
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        ui.label("Deck name");
                        ui.add(egui::TextEdit::singleline(name).desired_width(280.0));
                        let label = if existing { "Re-import, keeping progress" } else { "Import" };
                        let ok = errors == 0;
                        if ui
                            .add_enabled(ok, egui::Button::new(RichText::new(theme::with_key(label, "Enter")).strong()))
                            .clicked()
                            || (ok && pressed(ui, Key::Enter))
                        {
                            accept = true;
                        }
                        if ui.button(theme::with_key("Choose another file", "O")).clicked() || pressed(ui, Key::O) {
                            next = Some(Phase::Choose);
                        }
                        if !ok {
                            ui.label(RichText::new(format!("Fix the {errors} errors first")).color(theme::wrong(ui)));
                        }
                    });
                    ui.add_space(8.0);
                });
                egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                    ui.heading(format!("{}", file.path.display()));
                    ui.add_space(6.0);
                    egui::Grid::new("import-summary").num_columns(2).spacing([24.0, 6.0]).show(ui, |ui| {
                        for (k, v) in [
                            ("Questions", exam.question_count().to_string()),
                            ("Cards", exam.cards.len().to_string()),
                            ("Points", crate::import::fmt_points(exam.total_points())),
                            ("Duration", exam.duration_minutes.map_or("not stated".into(), |m| format!("{m} minutes"))),
                            ("Cards with answers", format!("{answered} of {}", exam.cards.len())),
                            ("Cards with explanations", exam.cards.iter().filter(|c| c.explanation.is_some()).count().to_string()),
                            ("Key file", if file.key_text.is_some() { key_path(&file.path).display().to_string() } else { "none".into() }),
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
                    ui.label(RichText::new(format!("{} diagnostics", file.parsed.diagnostics.len())).strong());
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
                });
                if accept {
                    let parsed = &file.parsed;
                    let result = shared.store.put_deck(NewDeck {
                        id: &deck_id,
                        name: name.trim(),
                        builtin: false,
                        exam_text: &file.text,
                        key_text: file.key_text.as_deref(),
                        images: &file.images,
                        exam: &parsed.exam,
                        now: shared.now,
                        builtin_hash: None,
                    });
                    match result {
                        Ok(out) => {
                            shared.reload_deck(&deck_id);
                            shared.current = deck_id.clone();
                            shared.toast(format!(
                                "Imported: {} new cards, {} kept, {} moved, {} reset, {} retired.",
                                out.added, out.kept, out.moved, out.reset, out.retired
                            ));
                            if answered < exam.cards.len() {
                                next = Some(ImportScreen::key_editor(shared, &deck_id).phase);
                            } else {
                                nav = Some(Nav::To(Screen::Home));
                            }
                        }
                        Err(e) => shared.error = Some(format!("The deck could not be imported: {e}")),
                    }
                }
            }
            Phase::Keys { deck, answers, filter_unanswered } => {
                let Some(d) = shared.decks.get(deck.as_str()) else { return Some(Nav::To(Screen::Home)) };
                let exam = d.exam.clone();
                let images = d.images.clone();
                let mut save = false;
                egui::Panel::bottom("key-actions").show(ui, |ui| {
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        let n = answers.iter().filter(|a| a.is_some()).count();
                        ui.label(format!("{n} of {} cards answered", answers.len()));
                        if ui.button(RichText::new(theme::with_key("Save the key", "Ctrl+S")).strong()).clicked()
                            || ui.input_mut(|i| i.consume_key(egui::Modifiers::COMMAND, Key::S))
                        {
                            save = true;
                        }
                        ui.checkbox(filter_unanswered, "Show only cards without an answer");
                    });
                    ui.add_space(8.0);
                });
                let mut painter = Painter { math: &mut shared.math, images: Some(&images) };
                egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                    ui.heading("Answer key");
                    ui.label(
                        RichText::new("Pick the right option, or T or F, for each card. Saved in your collection.")
                            .color(theme::muted(ui)),
                    );
                    for q in exam.questions() {
                        let cards = exam.question_cards(q.number);
                        if *filter_unanswered && cards.iter().all(|&c| exam.cards[c].answer.is_some()) {
                            continue;
                        }
                        ui.add_space(10.0);
                        ui.separator();
                        super::question::header(ui, q, "");
                        painter.show(ui, &q.stem, style);
                        for &ci in &cards {
                            let card = &exam.cards[ci];
                            ui.horizontal_wrapped(|ui| {
                                ui.label(RichText::new(format!("card {}", card.id)).monospace());
                                match card.kind {
                                    CardKind::TrueFalse => {
                                        for (v, l) in [(true, "T"), (false, "F")] {
                                            if ui.selectable_label(answers[ci] == Some(Answer::Tf(v)), l).clicked() {
                                                answers[ci] = Some(Answer::Tf(v));
                                            }
                                        }
                                    }
                                    CardKind::Single => {
                                        for i in 0..exam.card_choices(card).len() {
                                            let a = Answer::Choice(i as u32 + 1);
                                            if ui
                                                .selectable_label(answers[ci] == Some(a), (i + 1).to_string())
                                                .clicked()
                                            {
                                                answers[ci] = Some(a);
                                            }
                                        }
                                    }
                                }
                            });
                            if card.kind == CardKind::TrueFalse
                                && let Some(st) = exam.card_statement(card)
                            {
                                painter.show(ui, &st.text, Style { size: style.size * 0.95, ..style });
                            } else {
                                for (i, o) in exam.card_choices(card).iter().enumerate() {
                                    ui.horizontal(|ui| {
                                        ui.label(RichText::new(format!("{}", i + 1)).monospace());
                                        ui.vertical(|ui| {
                                            painter.show(ui, &o.text, Style { size: style.size * 0.95, ..style })
                                        });
                                    });
                                }
                            }
                        }
                    }
                });
                if save {
                    match save_key(shared, deck, &exam, answers) {
                        Ok(()) => {
                            shared.toast("Answer key saved.");
                            nav = Some(Nav::To(Screen::Home));
                        }
                        Err(e) => shared.error = Some(e),
                    }
                }
            }
        }
        if let Some(p) = load {
            self.load(p);
        } else if let Some(p) = next {
            self.phase = p;
            ui.ctx().request_repaint();
        }
        nav
    }
}

/// Writes the student's answers into the deck's key (keeping its explanations, topics and rules)
/// and re-imports the deck so progress follows the rules.
fn save_key(shared: &mut Shared, deck: &str, exam: &Exam, answers: &[Option<Answer>]) -> Result<(), String> {
    let (text, old_key) = shared.store.deck_texts(deck).map_err(|e| e.to_string())?;
    let mut key = match old_key.as_deref() {
        Some(k) => {
            parse_key(k).map_err(|d| format!("the deck's key file is invalid (line {}): {}", d.line, d.message))?
        }
        None => ExamKey { version: 1, ..Default::default() },
    };
    for (card, a) in exam.cards.iter().zip(answers) {
        match a {
            Some(a) => {
                let entry = key
                    .cards
                    .entry(card.id.0.clone())
                    .or_insert_with(|| CardKey { answer: String::new(), ..Default::default() });
                entry.answer = a.to_string();
            }
            None => {
                key.cards.remove(&card.id.0);
            }
        }
    }
    let key_text = ron::ser::to_string_pretty(&key, ron::ser::PrettyConfig::new()).map_err(|e| e.to_string())?;
    let parsed = crate::import::parse(&text, Some(&key_text));
    if parsed.has_errors() {
        let first = parsed
            .diagnostics
            .iter()
            .find(|d| d.severity == Severity::Error)
            .map(|d| d.message.clone())
            .unwrap_or_default();
        return Err(format!("The key could not be saved: {first}"));
    }
    let name = shared.store.collection().decks.get(deck).map(|d| d.name.clone()).unwrap_or_else(|| deck.to_string());
    let builtin = shared.store.collection().decks.get(deck).is_some_and(|d| d.builtin);
    shared
        .store
        .put_deck(NewDeck {
            id: deck,
            name: &name,
            builtin,
            exam_text: &text,
            key_text: Some(&key_text),
            images: &[],
            exam: &parsed.exam,
            now: shared.now,
            builtin_hash: None,
        })
        .map_err(|e| e.to_string())?;
    shared.reload_deck(deck);
    Ok(())
}
