//! Drawing a question: its header and stem, options as clickable rows, true/false statements
//! with T and F toggles, parts with their labels — for answering (quiz, mock exam) and for
//! reviewing (right/wrong colours, points won or lost, explanations).

use super::help::{exam, study};
use super::text::{Painter, Style};
use super::theme;
use crate::deck::{Answer, Body, Card, CardKind, Exam, Mark, Question};
use crate::import::fmt_points;
use crate::scoring::{CardScore, Outcome, QuestionScore};
use crate::session::shuffle::{self, Order};
use egui::{Color32, CornerRadius, RichText, Sense, Stroke, StrokeKind, Ui, vec2};
use std::collections::BTreeMap;

/// How an option row looks.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum RowState {
    /// Nothing chosen.
    Plain,
    /// Chosen, not yet judged.
    Chosen,
    /// The right answer (revealed), not chosen.
    Right,
    /// The right answer, chosen.
    RightChosen,
    /// Chosen and wrong (revealed).
    ChosenWrong,
}

/// The section's title, drawn small above the question's heading; in a short window it is
/// returned instead, for the heading's own line.
pub fn section_title<'a>(ui: &mut Ui, title: &'a str) -> Option<&'a str> {
    if title.is_empty() {
        return None;
    }
    if theme::compact(ui) {
        return Some(title);
    }
    ui.label(RichText::new(title).small().color(theme::muted(ui)));
    None
}

/// The question's heading line: "Question 16 · 2 points" and its topics.
pub fn header(ui: &mut Ui, q: &Question, extra: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("Question {}", q.number)).strong().size(18.0));
        let pts = crate::import::summary::points(q.points);
        ui.label(RichText::new(format!("· {pts}")).color(theme::muted(ui)));
        if !extra.is_empty() {
            ui.label(RichText::new(format!("· {extra}")).color(theme::muted(ui)));
        }
        for t in &q.topics {
            ui.label(RichText::new(t).small().color(theme::muted(ui)));
        }
    });
}

/// Key label of option `i` (0-based): `1`…`9`, then none.
fn option_key(i: usize) -> String {
    if i < 9 { (i + 1).to_string() } else { String::new() }
}

/// One option as a full-width clickable row. Returns whether it was clicked.
pub fn option_row(ui: &mut Ui, p: &mut Painter<'_>, index: usize, text: &str, state: RowState, style: Style) -> bool {
    let (fill, stroke, mark) = match state {
        RowState::Plain => (Color32::TRANSPARENT, ui.visuals().widgets.noninteractive.bg_stroke.color, None),
        RowState::Chosen => (theme::tint(ui, theme::accent(ui)), theme::accent(ui), Some(theme::accent(ui))),
        RowState::Right => (theme::tint(ui, theme::right(ui)), theme::right(ui), None),
        RowState::RightChosen => (theme::tint(ui, theme::right(ui)), theme::right(ui), Some(theme::right(ui))),
        RowState::ChosenWrong => (theme::tint(ui, theme::wrong(ui)), theme::wrong(ui), Some(theme::wrong(ui))),
    };
    let width = ui.available_width();
    let inner = egui::Frame::new()
        .fill(fill)
        .stroke(Stroke::new(if state == RowState::Plain { 1.0 } else { 1.6 }, stroke))
        .corner_radius(8.0)
        .inner_margin(egui::Margin { left: 12, right: 12, top: 8, bottom: 8 })
        .show(ui, |ui| {
            ui.set_width(width - 26.0);
            ui.horizontal(|ui| {
                // The radio and its key.
                let (r, _) = ui.allocate_exact_size(vec2(22.0, 22.0), Sense::hover());
                let c = r.center();
                ui.painter().circle_stroke(c, 8.0, Stroke::new(1.5, mark.unwrap_or(stroke)));
                if let Some(m) = mark {
                    ui.painter().circle_filled(c, 4.5, m);
                }
                ui.label(theme::key(&option_key(index)).color(theme::muted(ui)));
                ui.add_space(4.0);
                // Leave room on the right for the ✔ / ✖ drawn after revealing.
                ui.vertical(|ui| {
                    ui.set_max_width(ui.available_width() - 28.0);
                    p.show(ui, text, style)
                });
            });
        });
    let mark = match state {
        RowState::Right | RowState::RightChosen => Some(("✔", theme::right(ui))),
        RowState::ChosenWrong => Some(("✖", theme::wrong(ui))),
        RowState::Plain | RowState::Chosen => None,
    };
    if let Some((glyph, color)) = mark {
        let at = inner.response.rect.right_center() - vec2(20.0, 0.0);
        ui.painter().text(at, egui::Align2::CENTER_CENTER, glyph, egui::FontId::proportional(18.0), color);
    }
    let resp = ui.interact(inner.response.rect, ui.scope_id().with(("option", index, text.len())), Sense::click());
    // A screen reader hears a radio button named by the option's key and text (formulas as TeX),
    // checked when the student chose it.
    let chosen = matches!(state, RowState::Chosen | RowState::RightChosen | RowState::ChosenWrong);
    resp.widget_info(|| {
        let verdict = match state {
            RowState::Right => ", the right answer",
            RowState::RightChosen => ", right",
            RowState::ChosenWrong => ", wrong",
            RowState::Plain | RowState::Chosen => "",
        };
        let label = format!("Option {}: {}{verdict}", index + 1, crate::markup::spoken(text));
        egui::WidgetInfo::selected(egui::Role::RadioButton, true, chosen, label)
    });
    if resp.hovered() && state == RowState::Plain {
        ui.painter().rect_stroke(
            inner.response.rect,
            CornerRadius::same(8),
            Stroke::new(1.6, theme::accent(ui)),
            StrokeKind::Inside,
        );
    }
    resp.on_hover_cursor(egui::CursorIcon::PointingHand).clicked()
}

/// A T/F pair of toggles. `chosen` is the student's mark; `key` is revealed after submitting.
/// Returns the new mark when a toggle was clicked (clicking the chosen one clears it).
pub fn tf_toggles(ui: &mut Ui, chosen: Option<bool>, key: Option<bool>, enabled: bool) -> Option<Option<bool>> {
    let mut out = None;
    for (value, label) in [(true, "T"), (false, "F")] {
        let selected = chosen == Some(value);
        let color = match key {
            Some(k) if k == value && selected => theme::right(ui),
            Some(_) if selected => theme::wrong(ui),
            Some(k) if k == value => theme::right(ui),
            _ if selected => theme::accent(ui),
            _ => ui.visuals().widgets.inactive.bg_stroke.color,
        };
        let text = RichText::new(label).strong().size(16.0).color(if selected {
            Color32::WHITE
        } else {
            ui.visuals().text_color()
        });
        let mut b =
            egui::Button::new(text).min_size(vec2(34.0, 30.0)).stroke(Stroke::new(1.5, color)).corner_radius(6.0);
        if selected {
            b = b.fill(color);
        }
        let r = ui.add_enabled(enabled, b);
        // Heard as "True" / "False" radio buttons with their checked state, not as "T" and "F".
        r.widget_info(|| {
            let name = if value { "True" } else { "False" };
            egui::WidgetInfo::selected(egui::Role::RadioButton, enabled, selected, name)
        });
        if r.clicked() {
            out = Some(if selected { None } else { Some(value) });
        }
    }
    out
}

/// Points won or lost by a card, coloured.
pub fn points_label(ui: &mut Ui, c: &CardScore) {
    let (text, color) = match c.outcome {
        Outcome::Right => (format!("✔ +{}", fmt_points(c.points)), theme::right(ui)),
        Outcome::Wrong if c.points < 0.0 => (format!("✖ −{}", fmt_points(-c.points)), theme::wrong(ui)),
        Outcome::Wrong => ("✖ 0 — wrong".to_string(), theme::wrong(ui)),
        Outcome::Partial => (format!("½ +{} — half right", fmt_points(c.points)), theme::amber(ui)),
        Outcome::Blank => ("blank · 0".to_string(), theme::muted(ui)),
        Outcome::Unkeyed => ("no key".to_string(), theme::muted(ui)),
    };
    ui.label(RichText::new(text).strong().color(color));
}

/// An explanation box, with the contested mark when the card has one.
pub fn explanation(ui: &mut Ui, p: &mut Painter<'_>, card: &Card, style: Style) {
    if card.explanation.is_none() && card.contested.is_none() {
        return;
    }
    egui::Frame::new()
        .fill(ui.visuals().faint_bg_color)
        .corner_radius(8.0)
        .inner_margin(egui::Margin::symmetric(14, 10))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            if let Some(e) = &card.explanation {
                p.show(ui, e, Style { size: style.size * 0.94, ..style });
            }
            if let Some(c) = &card.contested {
                ui.add_space(6.0);
                ui.label(
                    RichText::new("⚖ Contested — experts could read this either way").strong().color(theme::amber(ui)),
                );
                p.show(ui, c, Style { size: style.size * 0.9, ..style });
            }
        });
}

/// Where the keyboard points inside a question being answered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Cursor {
    /// Index among the question's cards.
    pub card: usize,
    /// The keyboard moved it: bring the card into view on this frame.
    pub reveal: bool,
}

/// A question being drawn: for answering (quiz, mock exam) or for review (results).
struct View<'a> {
    exam: &'a Exam,
    order: &'a Order,
    cards: Vec<usize>,
    review: Option<&'a QuestionScore>,
    style: Style,
}

impl View<'_> {
    fn answering(&self) -> bool {
        self.review.is_none()
    }

    /// The original option numbers of card `ci` in the order shown.
    fn shown(&self, ci: usize) -> Vec<u32> {
        let card = &self.exam.cards[ci];
        let n = self.exam.card_choices(card).len();
        if self.answering() { shuffle::shown(self.order, &card.id.0, n) } else { (1..=n as u32).collect() }
    }

    /// ↑/↓ (J/K) choose the card, and scroll once past the first or last; 1–9 an option; T/F a
    /// statement, moving on to the next one (brought into view); Backspace clears.
    fn keys(&self, ui: &mut Ui, responses: &mut [Option<Answer>], cursor: &mut Cursor) -> bool {
        let n = self.cards.len();
        if n == 0 {
            return false;
        }
        cursor.card = cursor.card.min(n - 1);
        if exam::DOWN.pressed(ui) {
            if cursor.card + 1 < n {
                cursor.card += 1;
                cursor.reveal = true;
            } else {
                ui.scroll_with_delta(vec2(0.0, -theme::KEY_SCROLL));
            }
        }
        if exam::UP.pressed(ui) {
            if cursor.card > 0 {
                cursor.card -= 1;
                cursor.reveal = true;
            } else {
                ui.scroll_with_delta(vec2(0.0, theme::KEY_SCROLL));
            }
        }
        let ci = self.cards[cursor.card];
        let card = &self.exam.cards[ci];
        let answer = match card.kind {
            CardKind::Single => study::OPTION.which(ui).and_then(|i| self.shown(ci).get(i).map(|&k| Answer::Choice(k))),
            // T is true, F false.
            CardKind::TrueFalse => study::TF.which(ui).map(|i| Answer::Tf(i == 0)),
            CardKind::Free => None,
        };
        if let Some(a) = answer {
            responses[ci] = Some(a);
            if cursor.card + 1 < n {
                cursor.card += 1;
                cursor.reveal = true;
            }
            return true;
        }
        if exam::CLEAR.pressed(ui) {
            responses[ci] = None;
            return true;
        }
        false
    }

    fn score_of(&self, ci: usize) -> Option<CardScore> {
        self.review.and_then(|r| r.cards.iter().find(|c| c.card == ci).copied())
    }

    /// The options of a question or part; returns whether the student chose one.
    fn options(
        &self,
        ui: &mut Ui,
        p: &mut Painter<'_>,
        opts: &[crate::deck::Choice],
        part: Option<usize>,
        responses: &mut [Option<Answer>],
        cursor: &mut Cursor,
    ) -> bool {
        let exam = self.exam;
        let Some(pos) = self.cards.iter().position(|&ci| exam.cards[ci].pos.part() == part) else { return false };
        let ci = self.cards[pos];
        let card = &exam.cards[ci];
        let focused = self.answering() && self.cards.len() > 1 && cursor.card == pos;
        let mut changed = false;
        let reveal = focused && std::mem::take(&mut cursor.reveal);
        focus_frame(ui, focused, reveal, |ui| {
            for (i, k) in self.shown(ci).into_iter().enumerate() {
                let Some(o) = opts.get(k as usize - 1) else { continue };
                let this = Some(Answer::Choice(k));
                let chosen = responses[ci] == this;
                let state = match (self.review.is_some(), chosen, card.answer == this) {
                    (true, true, true) => RowState::RightChosen,
                    (true, false, true) => RowState::Right,
                    (true, true, false) => RowState::ChosenWrong,
                    (false, true, _) => RowState::Chosen,
                    _ => RowState::Plain,
                };
                if option_row(ui, p, i, &o.text, state, self.style) && self.answering() {
                    responses[ci] = if chosen { None } else { this };
                    cursor.card = pos;
                    changed = true;
                }
            }
            if let Some(s) = self.score_of(ci) {
                ui.horizontal(|ui| points_label(ui, &s));
                explanation(ui, p, card, self.style);
            }
        });
        changed
    }

    /// The true/false statements of a question or part; returns whether a mark changed.
    fn statements(
        &self,
        ui: &mut Ui,
        p: &mut Painter<'_>,
        sts: &[crate::deck::Statement],
        part: Option<usize>,
        responses: &mut [Option<Answer>],
        cursor: &mut Cursor,
    ) -> bool {
        let exam = self.exam;
        let mut changed = false;
        for (k, st) in sts.iter().enumerate() {
            let found = self
                .cards
                .iter()
                .position(|&ci| exam.cards[ci].pos.part() == part && exam.cards[ci].pos.statement() == Some(k));
            let Some(pos) = found else { continue };
            let ci = self.cards[pos];
            let card = &exam.cards[ci];
            let tf = |a: Option<Answer>| match a {
                Some(Answer::Tf(b)) => Some(b),
                _ => None,
            };
            let key = self.review.and(tf(card.answer));
            let focused = self.answering() && cursor.card == pos;
            let reveal = focused && std::mem::take(&mut cursor.reveal);
            focus_frame(ui, focused, reveal, |ui| {
                ui.horizontal(|ui| {
                    if let Some(v) = tf_toggles(ui, tf(responses[ci]), key, self.answering()) {
                        responses[ci] = v.map(Answer::Tf);
                        cursor.card = pos;
                        changed = true;
                    }
                    ui.add_space(6.0);
                    ui.vertical(|ui| p.show(ui, &st.text, self.style));
                });
                if let Some(s) = self.score_of(ci) {
                    ui.horizontal(|ui| {
                        points_label(ui, &s);
                        if let Some(b) = tf(card.answer) {
                            let t = format!("answer: {}", if b { "True" } else { "False" });
                            ui.label(RichText::new(t).color(theme::muted(ui)));
                        }
                    });
                    explanation(ui, p, card, self.style);
                }
            });
        }
        changed
    }

    fn body(
        &self,
        ui: &mut Ui,
        p: &mut Painter<'_>,
        body: &Body,
        part: Option<usize>,
        responses: &mut [Option<Answer>],
        cursor: &mut Cursor,
    ) -> bool {
        match body {
            Body::Options(o) => self.options(ui, p, o, part, responses, cursor),
            Body::Statements(s) => self.statements(ui, p, s, part, responses, cursor),
            Body::Parts(_) | Body::Empty | Body::Free => false,
        }
    }

    /// A free card: a box to write in while answering; the answer, the solution and the marks in
    /// review.
    fn free(&self, ui: &mut Ui, p: &mut Painter<'_>, answers: &mut Answers<'_>, out: &mut Changed) {
        let Some(&ci) = self.cards.first() else { return };
        let card = &self.exam.cards[ci];
        if self.answering() {
            let text = answers.written.entry(ci).or_default();
            let r = ui.add(
                egui::TextEdit::multiline(text)
                    .desired_rows(5)
                    .desired_width(f32::INFINITY)
                    .hint_text("Write your answer here. After submitting, you mark it against the solution."),
            );
            if r.changed() {
                out.written = Some(ci);
            }
            if r.lost_focus() {
                out.written_done = Some(ci);
            }
            if answers.written.get(&ci).is_some_and(|t| t.is_empty()) {
                answers.written.remove(&ci);
            }
            return;
        }
        ui.label(RichText::new("Your answer").strong());
        match answers.written.get(&ci) {
            Some(t) => {
                egui::Frame::group(ui.style()).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    ui.label(t.as_str());
                });
            }
            None => {
                ui.label(RichText::new("left blank").color(theme::muted(ui)));
            }
        }
        solution(ui, p, card, self.style);
        if answers.written.contains_key(&ci) {
            let current = match answers.responses[ci] {
                Some(Answer::Mark(m)) => Some(m),
                _ => None,
            };
            ui.horizontal(|ui| {
                let prompt = if current.is_some() { "Your mark:" } else { "Mark your answer against the solution:" };
                ui.label(RichText::new(prompt).strong());
                for (m, label) in [(Mark::Right, "Right"), (Mark::Half, "Half right"), (Mark::Wrong, "Wrong")] {
                    if ui.add(egui::Button::new(label).selected(current == Some(m))).clicked() {
                        out.mark = Some((ci, m));
                    }
                }
            });
        }
        if let Some(s) = self.score_of(ci) {
            ui.horizontal(|ui| points_label(ui, &s));
        }
        explanation(ui, p, card, self.style);
    }
}

/// A free card's model solution, in a box.
pub fn solution(ui: &mut Ui, p: &mut Painter<'_>, card: &Card, style: Style) {
    let Some(sol) = &card.solution else { return };
    egui::Frame::new()
        .fill(theme::tint(ui, theme::right(ui)))
        .stroke(Stroke::new(1.0, theme::right(ui)))
        .corner_radius(8.0)
        .inner_margin(egui::Margin::symmetric(14, 10))
        .show(ui, |ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new("Solution").strong().color(theme::right(ui)));
            p.show(ui, sol, style);
        });
}

/// The student's answers that a question reads and changes.
pub struct Answers<'a> {
    /// One entry per exam card.
    pub responses: &'a mut [Option<Answer>],
    /// Written answers to free cards, by card index.
    pub written: &'a mut BTreeMap<usize, String>,
    /// The order options are shown in while answering (reviews show them as written, so that
    /// explanations naming an option by its letter still match).
    pub order: &'a Order,
}

/// What the student did to a question on this frame.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Changed {
    /// An option or a true/false mark changed.
    pub responses: bool,
    /// A written answer changed (its card).
    pub written: Option<usize>,
    /// The student left a written answer's box (its card): time to keep it.
    pub written_done: Option<usize>,
    /// A written answer was marked (in review).
    pub mark: Option<(usize, Mark)>,
}

/// The question's score line under its review.
fn score_line(ui: &mut Ui, r: &QuestionScore) {
    ui.add_space(6.0);
    ui.horizontal(|ui| {
        let color = if r.score >= r.max - 1e-9 {
            theme::right(ui)
        } else if r.score > 0.0 {
            theme::amber(ui)
        } else {
            theme::wrong(ui)
        };
        let text = format!("Question {}: {} / {}", r.number, fmt_points(r.score), fmt_points(r.max));
        ui.label(RichText::new(text).strong().color(color));
        if let Some(n) = &r.note {
            ui.label(RichText::new(format!("({n})")).color(theme::muted(ui)));
        }
    });
}

/// A whole question to answer (quiz, mock exam) or to review (results). `responses` holds one
/// entry per exam card. Returns whether an answer changed. Keys: ↑/↓ choose the card, 1–9 an
/// option, T/F a statement, Backspace clears.
#[allow(clippy::too_many_arguments)]
pub fn question(
    ui: &mut Ui,
    p: &mut Painter<'_>,
    exam: &Exam,
    q: &Question,
    answers: &mut Answers<'_>,
    cursor: &mut Cursor,
    review: Option<&QuestionScore>,
    style: Style,
) -> Changed {
    let view = View { exam, order: answers.order, cards: q.cards.clone().collect(), review, style };
    let mut out =
        Changed { responses: view.answering() && view.keys(ui, answers.responses, cursor), ..Changed::default() };
    p.show(ui, &q.stem, style);
    ui.add_space(6.0);
    if q.select_all && view.answering() {
        ui.label(
            RichText::new("Select all that apply: mark each option T (right) or F (not).").color(theme::muted(ui)),
        );
    }
    match &q.body {
        Body::Parts(parts) => {
            for (pi, part) in parts.iter().enumerate() {
                ui.add_space(8.0);
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("({})", part.letter)).strong());
                    ui.label(RichText::new(format!("{} pt", fmt_points(part.points))).color(theme::muted(ui)));
                });
                p.show(ui, &part.label, style);
                out.responses |= view.body(ui, p, &part.body, Some(pi), answers.responses, cursor);
            }
        }
        Body::Free => view.free(ui, p, answers, &mut out),
        body => out.responses |= view.body(ui, p, body, None, answers.responses, cursor),
    }
    if let Some(r) = review {
        score_line(ui, r);
    }
    out
}

/// An outline around the card the keyboard points at, brought into view when the keyboard
/// moved to it, so focus never rests on something the student cannot see.
fn focus_frame(ui: &mut Ui, focused: bool, reveal: bool, add: impl FnOnce(&mut Ui)) {
    let stroke = if focused { Stroke::new(1.5, theme::accent(ui)) } else { Stroke::new(1.5, Color32::TRANSPARENT) };
    let r = egui::Frame::new().stroke(stroke).corner_radius(8.0).inner_margin(egui::Margin::same(4)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        add(ui)
    });
    if focused && reveal {
        r.response.scroll_to_me(None);
    }
}
