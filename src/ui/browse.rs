//! Browse: every card in a table with search and filters (text, deck, section, topic, due,
//! suspended, contested, unanswered) and sorting; a card's details show the full question, the
//! answer, the explanation, its SM-2 state and its review history, with suspend/unsuspend.
//! Decks can be renamed, reset or deleted here, after a confirmation and a backup.

use super::app::{Nav, Screen, Shared, pressed};
use super::import::ImportScreen;
use super::question::explanation;
use super::text::{Painter, Style};
use super::theme;
use crate::deck::{Answer, CardKind};
use crate::store::collection::{CardState, Record, Review};
use egui::{Key, RichText, Ui};

#[derive(Clone, Copy, PartialEq, Eq, Default)]
enum Sort {
    #[default]
    Exam,
    Due,
    Interval,
    Ease,
    Lapses,
}

#[derive(Clone, PartialEq, Eq)]
enum Confirm {
    Reset(String),
    Delete(String),
}

/// The browse screen.
#[derive(Default)]
pub struct BrowseScreen {
    search: String,
    deck: Option<String>,
    section: Option<usize>,
    topic: Option<String>,
    only_due: bool,
    only_suspended: bool,
    only_contested: bool,
    only_unanswered: bool,
    sort: Sort,
    selected: Option<(String, usize)>,
    history: Option<Vec<Review>>,
    rename: Option<(String, String)>,
    confirm: Option<Confirm>,
}

struct Row {
    deck: String,
    index: usize,
    id: String,
    text: String,
    answer: String,
    state: Option<CardState>,
}

impl BrowseScreen {
    fn rows(&self, shared: &Shared) -> Vec<Row> {
        let today = shared.today();
        let needle = self.search.to_lowercase();
        let mut rows = Vec::new();
        for d in shared.decks.values() {
            if self.deck.as_ref().is_some_and(|x| *x != d.id) {
                continue;
            }
            for (i, c) in d.exam.cards.iter().enumerate() {
                let q = d.exam.card_question(c);
                if self.section.is_some_and(|s| s != c.pos.section) && self.deck.is_some() {
                    continue;
                }
                if let Some(t) = &self.topic
                    && !q.topics.contains(t)
                {
                    continue;
                }
                let st = shared.store.collection().card(&d.id, &c.id.0).cloned();
                if self.only_due && st.as_ref().and_then(|s| s.due).is_none_or(|due| due > today) {
                    continue;
                }
                if self.only_suspended && !st.as_ref().is_some_and(|s| s.suspended) {
                    continue;
                }
                if self.only_contested && c.contested.is_none() {
                    continue;
                }
                if self.only_unanswered && c.answer.is_some() {
                    continue;
                }
                let text = match c.kind {
                    CardKind::TrueFalse => d.exam.card_statement(c).map(|s| s.text.clone()).unwrap_or_default(),
                    CardKind::Single => {
                        d.exam.card_part(c).map_or_else(|| q.stem.clone(), |p| format!("{} — {}", q.stem, p.label))
                    }
                };
                if !needle.is_empty()
                    && !text.to_lowercase().contains(&needle)
                    && !q.stem.to_lowercase().contains(&needle)
                    && !c.id.0.contains(&needle)
                {
                    continue;
                }
                let first_line = crate::markup::plain_preview(&text, 120);
                rows.push(Row {
                    deck: d.id.clone(),
                    index: i,
                    id: c.id.0.clone(),
                    text: first_line,
                    answer: c.answer.map_or("—".into(), |a| a.to_string()),
                    state: st,
                });
            }
        }
        match self.sort {
            Sort::Exam => {}
            Sort::Due => rows.sort_by_key(|r| r.state.as_ref().and_then(|s| s.due)),
            Sort::Interval => {
                rows.sort_by_key(|r| std::cmp::Reverse(r.state.as_ref().map_or(0, |s| s.sm2.interval_days)))
            }
            Sort::Ease => rows.sort_by_key(|r| r.state.as_ref().map_or(250, |s| s.sm2.easiness_hundredths())),
            Sort::Lapses => rows.sort_by_key(|r| std::cmp::Reverse(r.state.as_ref().map_or(0, |s| s.lapses))),
        }
        rows
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, shared: &mut Shared) -> Option<Nav> {
        let mut nav = None;
        // Filters.
        egui::Panel::top("browse-filters").show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal_wrapped(|ui| {
                ui.add(
                    egui::TextEdit::singleline(&mut self.search)
                        .hint_text("Search text or card id")
                        .desired_width(220.0),
                );
                let deck_label = self
                    .deck
                    .as_ref()
                    .and_then(|d| shared.decks.get(d))
                    .map_or("All decks".to_string(), |d| d.name.clone());
                let before = self.deck.clone();
                egui::ComboBox::from_id_salt("browse-deck").selected_text(deck_label).show_ui(ui, |ui| {
                    ui.selectable_value(&mut self.deck, None, "All decks");
                    for d in shared.decks.values() {
                        ui.selectable_value(&mut self.deck, Some(d.id.clone()), &d.name);
                    }
                });
                if self.deck != before {
                    // Section numbers belong to one deck.
                    self.section = None;
                }
                if let Some(d) = self.deck.as_ref().and_then(|d| shared.decks.get(d)) {
                    let label = self
                        .section
                        .and_then(|s| d.exam.sections.get(s))
                        .map_or("All sections".to_string(), |s| s.title.clone());
                    egui::ComboBox::from_id_salt("browse-section").selected_text(label).show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.section, None, "All sections");
                        for (i, s) in d.exam.sections.iter().enumerate() {
                            ui.selectable_value(&mut self.section, Some(i), &s.title);
                        }
                    });
                }
                let mut topics: Vec<String> =
                    shared.decks.values().flat_map(|d| d.exam.questions().flat_map(|q| q.topics.clone())).collect();
                topics.sort();
                topics.dedup();
                egui::ComboBox::from_id_salt("browse-topic")
                    .selected_text(self.topic.clone().unwrap_or("All topics".into()))
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.topic, None, "All topics");
                        for t in topics {
                            ui.selectable_value(&mut self.topic, Some(t.clone()), t);
                        }
                    });
                ui.checkbox(&mut self.only_due, "due");
                ui.checkbox(&mut self.only_suspended, "suspended");
                ui.checkbox(&mut self.only_contested, "contested");
                ui.checkbox(&mut self.only_unanswered, "unanswered");
                egui::ComboBox::from_id_salt("browse-sort")
                    .selected_text(match self.sort {
                        Sort::Exam => "Exam order",
                        Sort::Due => "Due first",
                        Sort::Interval => "Longest interval",
                        Sort::Ease => "Hardest (ease)",
                        Sort::Lapses => "Most lapses",
                    })
                    .show_ui(ui, |ui| {
                        ui.selectable_value(&mut self.sort, Sort::Exam, "Exam order");
                        ui.selectable_value(&mut self.sort, Sort::Due, "Due first");
                        ui.selectable_value(&mut self.sort, Sort::Interval, "Longest interval");
                        ui.selectable_value(&mut self.sort, Sort::Ease, "Hardest (ease)");
                        ui.selectable_value(&mut self.sort, Sort::Lapses, "Most lapses");
                    });
            });
            ui.add_space(4.0);
        });
        self.decks_panel(ui, shared, &mut nav);
        let rows = self.rows(shared);
        // Details of the selected card.
        if let Some((deck, index)) = self.selected.clone() {
            egui::Panel::right("browse-details").default_size(440.0).resizable(true).show(ui, |ui| {
                self.details(ui, shared, &deck, index);
            });
        }
        ui.label(RichText::new(format!("{} cards · click a row for its details", rows.len())).color(theme::muted(ui)));
        let mut clicked = None;
        egui_extras::TableBuilder::new(ui)
            .striped(true)
            .sense(egui::Sense::click())
            .cell_layout(egui::Layout::left_to_right(egui::Align::Center))
            .column(egui_extras::Column::exact(64.0))
            .column(egui_extras::Column::remainder().at_least(160.0).clip(true))
            .column(egui_extras::Column::exact(56.0))
            .column(egui_extras::Column::exact(100.0))
            .column(egui_extras::Column::exact(64.0))
            .column(egui_extras::Column::exact(150.0))
            .header(24.0, |mut h| {
                for t in ["Card", "Question", "Answer", "Due", "Interval", "Ease · lapses"] {
                    h.col(|ui| {
                        ui.label(RichText::new(t).strong());
                    });
                }
            })
            .body(|body| {
                body.rows(26.0, rows.len(), |mut row| {
                    let r = &rows[row.index()];
                    row.set_selected(self.selected.as_ref() == Some(&(r.deck.clone(), r.index)));
                    row.col(|ui| {
                        ui.label(RichText::new(&r.id).monospace());
                    });
                    row.col(|ui| {
                        ui.add(egui::Label::new(&r.text).truncate().selectable(false));
                    });
                    row.col(|ui| {
                        ui.label(&r.answer);
                    });
                    let (due, ivl, status) = match &r.state {
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
                        let suspended = r.state.as_ref().is_some_and(|s| s.suspended);
                        let text = if suspended { "suspended".to_string() } else { status };
                        ui.label(RichText::new(text).color(theme::muted(ui)));
                    });
                    if row.response().clicked() {
                        clicked = Some((r.deck.clone(), r.index));
                    }
                });
            });
        if let Some(sel) = clicked {
            self.selected = Some(sel);
        }
        nav
    }

    fn decks_panel(&mut self, ui: &mut Ui, shared: &mut Shared, nav: &mut Option<Nav>) {
        let Some(id) = self.deck.clone() else { return };
        let Some(d) = shared.decks.get(&id) else { return };
        let name = d.name.clone();
        let unanswered = d.exam.cards.iter().filter(|c| c.answer.is_none()).count();
        egui::Panel::bottom("browse-deck-actions").show(ui, |ui| {
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                match &mut self.rename {
                    Some((rid, text)) if *rid == id => {
                        ui.add(egui::TextEdit::singleline(text).desired_width(240.0));
                        if ui.button("Save name").clicked() {
                            let new = text.clone();
                            match shared.store.rename_deck(&id, &new) {
                                Ok(()) => {
                                    shared.reload_deck(&id);
                                    self.rename = None;
                                }
                                Err(e) => shared.error = Some(e.to_string()),
                            }
                        }
                    }
                    _ => {
                        ui.label(RichText::new(&name).strong());
                        if ui.button("Rename…").clicked() {
                            self.rename = Some((id.clone(), name.clone()));
                        }
                    }
                }
                if ui
                    .button(if unanswered > 0 {
                        format!("Answer key… ({unanswered} missing)")
                    } else {
                        "Answer key…".into()
                    })
                    .clicked()
                {
                    *nav = Some(Nav::To(Screen::Import(Box::new(ImportScreen::key_editor(shared, &id)))));
                }
                if ui.button("Reset progress…").clicked() {
                    self.confirm = Some(Confirm::Reset(id.clone()));
                }
                if ui.button(RichText::new("Delete deck…").color(theme::wrong(ui))).clicked() {
                    self.confirm = Some(Confirm::Delete(id.clone()));
                }
            });
            ui.add_space(6.0);
        });
        if let Some(c) = self.confirm.clone() {
            let (title, body) = match &c {
                Confirm::Reset(_) => (
                    "Reset progress?",
                    format!(
                        "Every card of {name} becomes new again. Its review history is kept, and a backup is taken first."
                    ),
                ),
                Confirm::Delete(_) => (
                    "Delete the deck?",
                    format!(
                        "{name} and its progress leave the collection. A backup is taken first, from which it can be restored."
                    ),
                ),
            };
            let mut done = false;
            egui::Modal::new(egui::Id::unique("browse-confirm")).show(ui.ctx(), |ui| {
                ui.set_max_width(440.0);
                ui.heading(title);
                ui.label(body);
                ui.horizontal(|ui| {
                    if ui.button(theme::with_key("Yes", "Enter")).clicked() || ui.input(|i| i.key_pressed(Key::Enter)) {
                        let today = shared.today();
                        let r = match &c {
                            Confirm::Reset(d) => shared.store.reset_deck(d, today),
                            Confirm::Delete(d) => shared.store.delete_deck(d, today),
                        };
                        match r {
                            Ok(()) => {
                                if let Confirm::Delete(d) = &c {
                                    shared.decks.remove(d);
                                    if shared.current == *d {
                                        shared.current = shared.decks.keys().next().cloned().unwrap_or_default();
                                    }
                                    self.deck = None;
                                    self.selected = None;
                                }
                                shared.toast("Done. A backup was taken first.");
                            }
                            Err(e) => shared.error = Some(e.to_string()),
                        }
                        done = true;
                    }
                    if ui.button(theme::with_key("Cancel", "Esc")).clicked() || ui.input(|i| i.key_pressed(Key::Escape))
                    {
                        done = true;
                    }
                });
            });
            if done {
                self.confirm = None;
            }
        }
    }

    fn details(&mut self, ui: &mut Ui, shared: &mut Shared, deck: &str, index: usize) {
        let Some(d) = shared.decks.get(deck) else { return };
        let exam = d.exam.clone();
        let images = d.images.clone();
        let Some(card) = exam.cards.get(index).cloned() else { return };
        let q = exam.card_question(&card).clone();
        let st = shared.store.collection().card(deck, &card.id.0).cloned().unwrap_or_default();
        let style =
            Style { size: shared.store.collection().settings.text_size * 0.92, color: ui.visuals().text_color() };
        if self.history.is_none() {
            self.history = shared.store.history().ok();
        }
        let mut suspend = pressed(ui, Key::S);
        egui::ScrollArea::vertical().show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.label(RichText::new(format!("Card {}", card.id)).strong().size(18.0));
                let label = if st.suspended { "Unsuspend" } else { "Suspend" };
                if ui.button(theme::with_key(label, "S")).clicked() {
                    suspend = true;
                }
            });
            let mut painter = Painter { math: &mut shared.math, images: Some(&images) };
            painter.show(ui, &q.stem, style);
            if let Some(p) = exam.card_part(&card) {
                ui.label(RichText::new(format!("({})", p.letter)).strong());
                painter.show(ui, &p.label, style);
            }
            match card.kind {
                CardKind::Single => {
                    for (i, o) in exam.card_choices(&card).iter().enumerate() {
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
                    if let Some(s) = exam.card_statement(&card) {
                        painter.show(ui, &s.text, style);
                    }
                    let a = match card.answer {
                        Some(Answer::Tf(true)) => "True",
                        Some(Answer::Tf(false)) => "False",
                        _ => "no answer",
                    };
                    ui.label(RichText::new(format!("Answer: {a}")).strong().color(theme::right(ui)));
                }
            }
            explanation(ui, &mut painter, &card, style);
            ui.add_space(8.0);
            ui.label(RichText::new("Schedule").strong());
            egui::Grid::new("card-state").num_columns(2).spacing([16.0, 4.0]).show(ui, |ui| {
                let due = st.due.map_or("new".to_string(), |d| d.format("%Y-%m-%d").to_string());
                for (k, v) in [
                    ("Due", due),
                    ("Interval", format!("{} days", st.sm2.interval_days)),
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
            ui.add_space(8.0);
            ui.label(RichText::new("History").strong());
            let hist: Vec<&Review> =
                self.history.iter().flatten().filter(|r| r.deck == deck && r.card == card.id.0).collect();
            if hist.is_empty() {
                ui.label(RichText::new("Not reviewed yet.").color(theme::muted(ui)));
            }
            for r in hist.iter().rev() {
                let when = r.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M");
                let extra = if r.redrill { " · repeat" } else { "" };
                ui.label(format!(
                    "{when} · {} · {:?}{extra} · {:.1} s · next {} d",
                    r.grade.label(),
                    r.source,
                    r.response_ms as f64 / 1000.0,
                    r.after.sm2.interval_days
                ));
            }
        });
        if suspend {
            let rec = Record::Suspend { deck: deck.to_string(), card: card.id.0.clone(), suspended: !st.suspended };
            shared.commit(rec);
        }
    }
}
