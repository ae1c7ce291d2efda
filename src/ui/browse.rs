//! Browse: every card of every deck in one table, with a search (`deck:`, `topic:`, `q:16`,
//! `is:due`, `is:new`, `is:suspended`, `is:contested`, `is:leech`, free text) and sorting; a
//! card's details show the full question, the answer, the explanation, its SM-2 state and its
//! review history, with suspend/unsuspend. Decks can be renamed, reset or deleted here, after a
//! confirmation and a backup. The rows and the search are the library's, cached: a frame draws
//! only the rows in view.

use super::action::{Action, Nav};
use super::help::browse as keys;
use super::question::explanation;
use super::text::Style;
use super::theme;
use super::view::Cx;
use crate::deck::{Answer, CardKind};
use crate::export::Target;
use crate::import::summary::count;
use crate::library::Deck;
use crate::library::browse::Sort;
use egui::{Key, RichText, Ui};

#[derive(Clone, PartialEq, Eq)]
enum Confirm {
    Reset(String),
    Delete(String),
}

/// A card's answer and explanation being edited in its details.
#[derive(Clone, Debug, PartialEq)]
struct CardEdit {
    deck: String,
    index: usize,
    answer: Option<Answer>,
    explanation: String,
    /// Just opened: the explanation takes the keyboard.
    focus: bool,
}

/// The browse screen.
#[derive(Default)]
pub struct BrowseScreen {
    /// The selected card's answer and explanation, while being edited.
    edit: Option<CardEdit>,
    search: String,
    sort: Sort,
    selected: Option<(String, usize)>,
    rename: Option<(String, String)>,
    confirm: Option<Confirm>,
    /// An Anki export carries the schedule as `due::` tags.
    export_schedule: bool,
}

const SORTS: [(Sort, &str); 5] = [
    (Sort::Exam, "Exam order"),
    (Sort::Due, "Due first"),
    (Sort::Interval, "Longest interval"),
    (Sort::Ease, "Hardest (ease)"),
    (Sort::Lapses, "Most lapses"),
];

/// The search syntax, shown as the search box's hint.
pub const SEARCH_HINT: &str =
    "search: words · deck:ID · topic:NAME · q:16 · is:due / new / suspended / contested / leech";

impl BrowseScreen {
    /// Browse with a search already typed (from another screen; the benchmarks).
    pub fn with_search(text: &str) -> Self {
        BrowseScreen { search: text.to_string(), ..Default::default() }
    }

    /// Replaces the search text.
    pub fn set_search(&mut self, text: &str) {
        self.search = text.to_string();
    }

    /// Forgets a deck that was deleted.
    pub fn forget_deck(&mut self, deck: &str) {
        if self.selected.as_ref().is_some_and(|(d, _)| d == deck) {
            self.selected = None;
        }
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) -> Option<Action> {
        self.filters(ui);
        let mut action = broken_decks(ui, cx).or(self.deck_actions(ui, cx));
        if let Some((deck, index)) = self.selected.clone()
            && let Some(d) = cx.lib.deck(&deck).cloned()
        {
            egui::Panel::right("browse-details").default_size(440.0).resizable(true).show(ui, |ui| {
                if self.edit.as_ref().is_some_and(|e| e.deck != deck || e.index != index) {
                    self.edit = None;
                }
                if let Some(a) = details(ui, cx, &d, index, &mut self.edit) {
                    action = Some(a);
                }
            });
        }
        self.table(ui, cx);
        action
    }

    fn filters(&mut self, ui: &mut Ui) {
        egui::Panel::top("browse-filters").show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                ui.add(egui::TextEdit::singleline(&mut self.search).hint_text(SEARCH_HINT).desired_width(520.0));
                egui::ComboBox::from_id_salt("browse-sort")
                    .selected_text(SORTS.iter().find(|(s, _)| *s == self.sort).map_or("", |(_, l)| *l))
                    .show_ui(ui, |ui| {
                        for (s, l) in SORTS {
                            ui.selectable_value(&mut self.sort, s, l);
                        }
                    });
            });
            ui.add_space(4.0);
        });
    }

    fn table(&mut self, ui: &mut Ui, cx: &Cx<'_>) {
        let hits = cx.lib.search(&self.search, self.sort, cx.today);
        let query = crate::library::browse::Query::parse(&self.search);
        let mut line = format!("{} · click a row for its details", count(hits.len(), "card", "cards"));
        if !query.unknown.is_empty() {
            line.push_str(&format!(" · not understood: {}", query.unknown.join(", ")));
        }
        ui.label(RichText::new(line).color(theme::muted(ui)));
        let mut clicked = None;
        egui_extras::TableBuilder::new(ui)
            .striped(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(egui_extras::Column::exact(130.0).clip(true))
            .column(egui_extras::Column::exact(64.0))
            .column(egui_extras::Column::remainder().at_least(160.0).clip(true))
            .column(egui_extras::Column::exact(56.0))
            .column(egui_extras::Column::exact(100.0))
            .column(egui_extras::Column::exact(64.0))
            .column(egui_extras::Column::exact(150.0))
            .header(24.0, |mut h| {
                for t in ["Deck", "Card", "Question", "Answer", "Due", "Interval", "Ease · lapses"] {
                    h.col(|ui| {
                        ui.label(RichText::new(t).strong());
                    });
                }
            })
            .body(|body| {
                body.rows(26.0, hits.len(), |mut row| {
                    let Some(r) = cx.lib.search_row(hits[row.index()]) else { return };
                    let Some(deck) = cx.lib.deck(&r.deck) else { return };
                    row.set_selected(self.selected.as_ref().is_some_and(|(d, i)| **d == *r.deck && *i == r.index));
                    let card = &deck.exam.cards[r.index];
                    let st = cx.lib.state(&deck.id, r.index);
                    row.col(|ui| {
                        ui.add(egui::Label::new(&deck.name).truncate().selectable(false));
                    });
                    row.col(|ui| {
                        ui.label(RichText::new(&r.id).monospace());
                    });
                    row.col(|ui| {
                        ui.add(egui::Label::new(&r.preview).truncate().selectable(false));
                    });
                    row.col(|ui| {
                        ui.label(card.answer.map_or("—".into(), |a| a.to_string()));
                    });
                    let (due, ivl, status) = match st {
                        Some(s) if s.suspended => (String::new(), String::new(), "suspended".to_string()),
                        Some(s) if s.due.is_some() => (
                            s.due.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default(),
                            format!("{} d", s.sm2.interval_days),
                            format!("{:.2} · {}", s.sm2.easiness, s.lapses),
                        ),
                        _ => ("new".into(), String::new(), String::new()),
                    };
                    row.col(|ui| {
                        ui.label(due);
                    });
                    row.col(|ui| {
                        ui.label(ivl);
                    });
                    row.col(|ui| {
                        ui.label(RichText::new(status).color(theme::muted(ui)));
                    });
                    if row.response().clicked() {
                        clicked = Some((r.deck.to_string(), r.index));
                    }
                });
            });
        if let Some(sel) = clicked {
            self.selected = Some(sel);
        }
    }

    /// The selected card's deck (or the current deck): rename, answer key, reset, delete.
    fn deck_actions(&mut self, ui: &mut Ui, cx: &Cx<'_>) -> Option<Action> {
        let id = self.selected.as_ref().map_or(cx.deck.to_string(), |(d, _)| d.clone());
        let d = cx.lib.deck(&id)?.clone();
        let mut action = None;
        egui::Panel::bottom("browse-deck-actions").show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| action = self.deck_buttons(ui, cx, &d));
            ui.add_space(6.0);
        });
        if let Some(c) = self.confirm.clone() {
            let a = self.confirm_dialog(ui, &d, c);
            action = action.or(a);
        }
        action
    }

    fn deck_buttons(&mut self, ui: &mut Ui, cx: &Cx<'_>, d: &Deck) -> Option<Action> {
        let mut action = None;
        match &mut self.rename {
            Some((rid, text)) if *rid == d.id => {
                ui.add(egui::TextEdit::singleline(text).desired_width(240.0));
                if ui.button("Save name").clicked() {
                    action = Some(Action::RenameDeck { deck: d.id.clone(), name: text.clone() });
                    self.rename = None;
                }
            }
            _ => {
                ui.label(RichText::new(&d.name).strong());
                if ui.button("Rename…").clicked() {
                    self.rename = Some((d.id.clone(), d.name.clone()));
                }
            }
        }
        if ui.button("Edit the exam…").clicked() {
            action = Some(Action::Go(Nav::EditDeck(d.id.clone())));
        }
        let missing = cx.lib.counts(&d.id, cx.today).unanswered;
        let key = if missing > 0 { format!("Answer key… ({missing} missing)") } else { "Answer key…".into() };
        if ui.button(key).clicked() {
            action = Some(Action::Go(Nav::KeyEditor(d.id.clone())));
        }
        ui.menu_button("Export…", |ui| {
            ui.checkbox(&mut self.export_schedule, "Include the schedule (Anki: due:: tags)");
            ui.separator();
            for (to, label) in [
                (Target::Anki, "Anki text (.txt)"),
                (Target::Gift, "Moodle GIFT (.gift)"),
                (Target::MoodleXml, "Moodle XML (.xml)"),
                (Target::Csv, "CSV, one row per card (.csv)"),
                (Target::Markdown, "examdeck Markdown (.md)"),
            ] {
                if ui.button(label).clicked()
                    && let Some(path) = rfd::FileDialog::new()
                        .set_file_name(format!("{}.{}", d.id, to.extension()))
                        .add_filter(label, &[to.extension()])
                        .save_file()
                {
                    action = Some(Action::ExportDeck { deck: d.id.clone(), to, path, schedule: self.export_schedule });
                }
            }
        });
        if ui.button("Reset progress…").clicked() {
            self.confirm = Some(Confirm::Reset(d.id.clone()));
        }
        if ui.button(RichText::new("Delete deck…").color(theme::wrong(ui))).clicked() {
            self.confirm = Some(Confirm::Delete(d.id.clone()));
        }
        action
    }

    fn confirm_dialog(&mut self, ui: &mut Ui, d: &Deck, c: Confirm) -> Option<Action> {
        let (title, body) = match &c {
            Confirm::Reset(_) => (
                "Reset progress?",
                format!(
                    "Every card of {} becomes new again. Its review history is kept, and a backup is taken first.",
                    d.name
                ),
            ),
            Confirm::Delete(_) => (
                "Delete the deck?",
                format!(
                    "{} and its progress leave the collection. A backup is taken first, from which it can be restored.",
                    d.name
                ),
            ),
        };
        let mut action = None;
        let mut done = false;
        egui::Modal::new(egui::Id::unique("browse-confirm")).show(ui.ctx(), |ui| {
            ui.set_max_width(440.0);
            ui.heading(title);
            ui.label(body);
            ui.horizontal(|ui| {
                if ui.button(theme::with_key("Yes", "Enter")).clicked() || ui.input(|i| i.key_pressed(Key::Enter)) {
                    action = Some(match &c {
                        Confirm::Reset(id) => Action::ResetDeck(id.clone()),
                        Confirm::Delete(id) => Action::DeleteDeck(id.clone()),
                    });
                    done = true;
                }
                if ui.button(theme::with_key("Cancel", "Esc")).clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    done = true;
                }
            });
        });
        if done {
            self.confirm = None;
        }
        action
    }
}

/// A card's details: its question, answer, explanation, schedule and history.
fn details(ui: &mut Ui, cx: &mut Cx<'_>, deck: &Deck, index: usize, edit: &mut Option<CardEdit>) -> Option<Action> {
    let exam = &deck.exam;
    let card = exam.cards.get(index)?;
    let q = exam.card_question(card);
    let st = cx.lib.state(&deck.id, index).cloned().unwrap_or_default();
    let style = Style { size: cx.lib.settings().text_size * 0.92, color: ui.visuals().text_color() };
    let mut suspend = keys::SUSPEND.pressed(ui);
    let mut start_edit = edit.is_none() && keys::EDIT.pressed(ui);
    let mut saved = None;
    let lib = cx.lib;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("Card {}", card.id)).strong().size(18.0));
            let label = if st.suspended { "Unsuspend" } else { "Suspend" };
            if ui.button(keys::SUSPEND.on(label)).clicked() {
                suspend = true;
            }
            if edit.is_none() && ui.button(keys::EDIT.on("Edit answer and explanation")).clicked() {
                start_edit = true;
            }
        });
        let mut painter = cx.painter(deck);
        painter.show(ui, &q.stem, style);
        if let Some(p) = exam.card_part(card) {
            ui.label(RichText::new(format!("({})", p.letter)).strong());
            painter.show(ui, &p.label, style);
        }
        match card.kind {
            CardKind::Single => {
                for (i, o) in exam.card_choices(card).iter().enumerate() {
                    let right = card.answer == Some(Answer::Choice(i as u32 + 1));
                    ui.horizontal(|ui| {
                        let mark = if right {
                            RichText::new(format!("{} ✔", i + 1)).color(theme::right(ui)).strong()
                        } else {
                            RichText::new(format!("{}", i + 1))
                        };
                        ui.label(mark);
                        ui.vertical(|ui| painter.show(ui, &o.text, style));
                    });
                }
            }
            CardKind::TrueFalse => {
                if let Some(s) = exam.card_statement(card) {
                    painter.show(ui, &s.text, style);
                }
                let a = match card.answer {
                    Some(Answer::Tf(true)) => "True",
                    Some(Answer::Tf(false)) => "False",
                    _ => "no answer",
                };
                ui.label(RichText::new(format!("Answer: {a}")).strong().color(theme::right(ui)));
            }
            CardKind::Free => {
                if card.solution.is_none() {
                    ui.label(
                        RichText::new("No solution yet: add one in the exam file or the key.").color(theme::amber(ui)),
                    );
                }
                super::question::solution(ui, &mut painter, card, style);
            }
        }
        if start_edit {
            *edit = Some(CardEdit {
                deck: deck.id.clone(),
                index,
                answer: card.answer,
                explanation: card.explanation.clone().unwrap_or_default(),
                focus: true,
            });
        }
        match edit {
            Some(e) => saved = edit_card(ui, exam, card, e),
            None => explanation(ui, &mut painter, card, style),
        }
        ui.add_space(8.0);
        schedule(ui, &st);
        ui.add_space(8.0);
        history(ui, lib, deck, &card.id.0);
    });
    match saved {
        Some(true) => edit.take().map(|e| Action::SaveCard {
            deck: e.deck,
            index: e.index,
            answer: e.answer,
            explanation: e.explanation,
        }),
        Some(false) => {
            *edit = None;
            None
        }
        None => suspend.then(|| Action::Suspend { deck: deck.id.clone(), index, suspended: !st.suspended }),
    }
}

/// The editor of a card's answer and explanation. `Some(true)` to save, `Some(false)` to cancel.
fn edit_card(ui: &mut Ui, exam: &crate::deck::Exam, card: &crate::deck::Card, e: &mut CardEdit) -> Option<bool> {
    ui.add_space(8.0);
    ui.label(RichText::new("Answer").strong());
    match card.kind {
        CardKind::Single => {
            ui.horizontal_wrapped(|ui| {
                for k in 1..=exam.card_choices(card).len() as u32 {
                    ui.radio_value(&mut e.answer, Some(Answer::Choice(k)), format!("Option {k}"));
                }
                ui.radio_value(&mut e.answer, None, "None yet");
            });
        }
        CardKind::TrueFalse => {
            ui.horizontal(|ui| {
                ui.radio_value(&mut e.answer, Some(Answer::Tf(true)), "True");
                ui.radio_value(&mut e.answer, Some(Answer::Tf(false)), "False");
                ui.radio_value(&mut e.answer, None, "None yet");
            });
        }
        CardKind::Free => {
            ui.label(
                RichText::new("A written answer's solution is changed in the exam editor (Edit exam).")
                    .color(theme::muted(ui)),
            );
        }
    }
    ui.add_space(6.0);
    ui.label(RichText::new("Explanation").strong());
    let text = ui.add(
        egui::TextEdit::multiline(&mut e.explanation)
            .desired_rows(6)
            .desired_width(f32::INFINITY)
            .hint_text("Why the answer is right (Markdown and $math$). Empty: the exam file's own, if any."),
    );
    let opened = std::mem::take(&mut e.focus);
    if opened {
        text.request_focus();
    }
    ui.label(
        RichText::new("Saved in the deck's answer key; progress is kept by the re-import rules.")
            .small()
            .color(theme::muted(ui)),
    );
    let mut out = None;
    let row = ui.horizontal(|ui| {
        if ui.button(keys::SAVE.on("Save")).clicked() || keys::SAVE.pressed(ui) {
            out = Some(true);
        }
        // Consumed, so that Esc cancels the edit without leaving Browse.
        let esc = ui.input_mut(|i| keys::CANCEL.keys.iter().any(|k| i.consume_key(egui::Modifiers::NONE, *k)));
        if ui.button(keys::CANCEL.on("Cancel")).clicked() || esc {
            out = Some(false);
        }
    });
    // The editor opens with its Save and Cancel in view.
    if opened {
        row.response.scroll_to_me(Some(egui::Align::Max));
    }
    out
}

fn schedule(ui: &mut Ui, st: &crate::model::CardState) {
    ui.label(RichText::new("Schedule").strong());
    egui::Grid::new("card-state").num_columns(2).spacing([16.0, 4.0]).show(ui, |ui| {
        let due = st.due.map_or("new".to_string(), |d| d.format("%Y-%m-%d").to_string());
        for (k, v) in [
            ("Due", due),
            ("Interval", crate::import::summary::count(st.sm2.interval_days as usize, "day", "days")),
            ("Easiness", format!("{:.2}", st.sm2.easiness)),
            ("Repetitions", st.sm2.repetitions.to_string()),
            ("Reviews", st.reviews.to_string()),
            ("Lapses", st.lapses.to_string()),
        ] {
            ui.label(RichText::new(k).color(theme::muted(ui)));
            ui.label(v);
            ui.end_row();
        }
    });
}

/// Decks whose files have errors: their cards are missing from the table, so say why and offer the
/// way out.
fn broken_decks(ui: &mut Ui, cx: &Cx<'_>) -> Option<Action> {
    let broken: Vec<&std::sync::Arc<Deck>> = cx.lib.decks().filter(|d| d.is_broken()).collect();
    if broken.is_empty() {
        return None;
    }
    let mut action = None;
    egui::Panel::top("browse-broken").show(ui, |ui| {
        for d in broken {
            ui.horizontal_wrapped(|ui| {
                let first = d.errors().next().map_or(String::new(), |e| format!(" (line {}: {})", e.line, e.message));
                ui.label(
                    RichText::new(format!(
                        "{}: its files have errors{first}; it cannot be studied until they are fixed.",
                        d.name
                    ))
                    .color(theme::wrong(ui)),
                );
                if ui.button("Open the editor").clicked() {
                    action = Some(Action::Go(Nav::EditDeck(d.id.clone())));
                }
                if ui.button("Re-import…").clicked() {
                    action = Some(Action::Go(Nav::Import(None)));
                }
            });
        }
    });
    action
}

fn history(ui: &mut Ui, lib: &crate::library::Library, deck: &Deck, card: &str) {
    ui.label(RichText::new("History").strong());
    let Some(h) = lib.history() else {
        ui.label(RichText::new("Reading the history…").color(theme::muted(ui)));
        return;
    };
    if !h.report.complete() {
        ui.label(
            RichText::new(format!(
                "Part of the history could not be read ({}); what is shown may be missing reviews.",
                h.report.problems.first().map_or("", String::as_str)
            ))
            .color(theme::amber(ui)),
        );
    }
    let past = h.card(&deck.id, card);
    if past.is_empty() {
        ui.label(RichText::new("Not reviewed yet.").color(theme::muted(ui)));
    }
    for r in past.iter().rev() {
        let when = r.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M");
        let extra = if r.redrill { " · repeat" } else { "" };
        ui.label(format!(
            "{when} · {} · {:?}{extra} · {:.1} s · next {} d",
            r.grade.label(),
            r.source,
            f64::from(r.response_ms) / 1000.0,
            r.interval
        ));
    }
}
