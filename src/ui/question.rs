//! Drawing a question: its header and stem, options as clickable rows, true/false statements
//! with T and F toggles, parts with their labels — for answering (quiz, mock exam) and for
//! reviewing (right/wrong colours, points won or lost, explanations).

use super::keys::{pressed, pressed_number};
use super::text::{Painter, Style};
use super::theme;
use crate::deck::{Answer, Body, Card, CardKind, Exam, Question};
use crate::import::fmt_points;
use crate::scoring::{CardScore, Outcome, QuestionScore};
use egui::{Color32, CornerRadius, Key, RichText, Sense, Stroke, StrokeKind, Ui, vec2};

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

/// The question's heading line: "Question 16 · 2 points" and its topics.
pub fn header(ui: &mut Ui, q: &Question, extra: &str) {
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("Question {}", q.number)).strong().size(18.0));
        let pts = if q.points == 1.0 { "1 point".to_string() } else { format!("{} points", fmt_points(q.points)) };
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
        if ui.add_enabled(enabled, b).clicked() {
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
    responses: &mut [Option<Answer>],
    cursor: &mut Cursor,
    review: Option<&QuestionScore>,
    style: Style,
) -> bool {
    let cards: Vec<usize> = q.cards.clone().collect();
    let answering = review.is_none();
    let mut changed = false;
    if answering && !cards.is_empty() {
        cursor.card = cursor.card.min(cards.len() - 1);
        if pressed(ui, Key::ArrowDown) || pressed(ui, Key::J) {
            cursor.card = (cursor.card + 1).min(cards.len() - 1);
        }
        if pressed(ui, Key::ArrowUp) || pressed(ui, Key::K) {
            cursor.card = cursor.card.saturating_sub(1);
        }
        let ci = cards[cursor.card];
        let card = &exam.cards[ci];
        let set = |v: Option<Answer>, responses: &mut [Option<Answer>], cursor: &mut Cursor, advance: bool| {
            responses[ci] = v;
            if advance {
                cursor.card = (cursor.card + 1).min(cards.len() - 1);
            }
        };
        match card.kind {
            CardKind::Single => {
                if let Some(n) = pressed_number(ui)
                    && n < exam.card_choices(card).len()
                {
                    set(Some(Answer::Choice(n as u32 + 1)), responses, cursor, cards.len() > 1);
                    changed = true;
                }
            }
            CardKind::TrueFalse => {
                if pressed(ui, Key::T) {
                    set(Some(Answer::Tf(true)), responses, cursor, true);
                    changed = true;
                } else if pressed(ui, Key::F) {
                    set(Some(Answer::Tf(false)), responses, cursor, true);
                    changed = true;
                }
            }
        }
        if pressed(ui, Key::Backspace) || pressed(ui, Key::Delete) || pressed(ui, Key::Num0) {
            responses[ci] = None;
            changed = true;
        }
    }
    p.show(ui, &q.stem, style);
    ui.add_space(6.0);
    let score_of = |ci: usize| review.and_then(|r| r.cards.iter().find(|c| c.card == ci).copied());
    let mut draw_body = |ui: &mut Ui, p: &mut Painter<'_>, body: &Body, part: Option<usize>| match body {
        Body::Options(opts) => {
            let Some(pos) = cards.iter().position(|&ci| exam.cards[ci].pos.part == part) else { return };
            let ci = cards[pos];
            let card = &exam.cards[ci];
            let focused = answering && cards.len() > 1 && cursor.card == pos;
            focus_frame(ui, focused, |ui| {
                for (i, o) in opts.iter().enumerate() {
                    let chosen = responses[ci] == Some(Answer::Choice(i as u32 + 1));
                    let is_key = card.answer == Some(Answer::Choice(i as u32 + 1));
                    let state = match (review.is_some(), chosen, is_key) {
                        (true, true, true) => RowState::RightChosen,
                        (true, false, true) => RowState::Right,
                        (true, true, false) => RowState::ChosenWrong,
                        (false, true, _) => RowState::Chosen,
                        _ => RowState::Plain,
                    };
                    if option_row(ui, p, i, &o.text, state, style) && answering {
                        responses[ci] = if chosen { None } else { Some(Answer::Choice(i as u32 + 1)) };
                        cursor.card = pos;
                        changed = true;
                    }
                }
                if let Some(s) = score_of(ci) {
                    ui.horizontal(|ui| points_label(ui, &s));
                    explanation(ui, p, card, style);
                }
            });
        }
        Body::Statements(sts) => {
            for (k, st) in sts.iter().enumerate() {
                let Some(pos) = cards
                    .iter()
                    .position(|&ci| exam.cards[ci].pos.part == part && exam.cards[ci].pos.statement == Some(k))
                else {
                    continue;
                };
                let ci = cards[pos];
                let card = &exam.cards[ci];
                let chosen = match responses[ci] {
                    Some(Answer::Tf(b)) => Some(b),
                    _ => None,
                };
                let key = review.and(match card.answer {
                    Some(Answer::Tf(b)) => Some(b),
                    _ => None,
                });
                let focused = answering && cursor.card == pos;
                focus_frame(ui, focused, |ui| {
                    ui.horizontal(|ui| {
                        if let Some(v) = tf_toggles(ui, chosen, key, answering) {
                            responses[ci] = v.map(Answer::Tf);
                            cursor.card = pos;
                            changed = true;
                        }
                        ui.add_space(6.0);
                        ui.vertical(|ui| p.show(ui, &st.text, style));
                    });
                    if let Some(s) = score_of(ci) {
                        ui.horizontal(|ui| {
                            points_label(ui, &s);
                            if let Some(Answer::Tf(b)) = card.answer {
                                ui.label(
                                    RichText::new(format!("answer: {}", if b { "True" } else { "False" }))
                                        .color(theme::muted(ui)),
                                );
                            }
                        });
                        explanation(ui, p, card, style);
                    }
                });
            }
        }
        Body::Parts(_) | Body::Empty => {}
    };
    match &q.body {
        Body::Parts(parts) => {
            for (pi, part) in parts.iter().enumerate() {
                ui.add_space(8.0);
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("({})", part.letter)).strong());
                    ui.label(RichText::new(format!("{} pt", fmt_points(part.points))).color(theme::muted(ui)));
                });
                p.show(ui, &part.label, Style { size: style.size, ..style });
                draw_body(ui, p, &part.body, Some(pi));
            }
        }
        body => draw_body(ui, p, body, None),
    }
    if let Some(r) = review {
        ui.add_space(6.0);
        ui.horizontal(|ui| {
            let color = if r.score >= r.max - 1e-9 {
                theme::right(ui)
            } else if r.score > 0.0 {
                theme::amber(ui)
            } else {
                theme::wrong(ui)
            };
            ui.label(
                RichText::new(format!("Question {}: {} / {}", r.number, fmt_points(r.score), fmt_points(r.max)))
                    .strong()
                    .color(color),
            );
            if let Some(n) = &r.note {
                ui.label(RichText::new(format!("({n})")).color(theme::muted(ui)));
            }
        });
    }
    changed
}

/// A subtle outline around the card the keyboard points at.
fn focus_frame(ui: &mut Ui, focused: bool, add: impl FnOnce(&mut Ui)) {
    let stroke = if focused { Stroke::new(1.0, theme::accent(ui).gamma_multiply(0.7)) } else { Stroke::NONE };
    egui::Frame::new().stroke(stroke).corner_radius(8.0).inner_margin(egui::Margin::same(4)).show(ui, |ui| {
        ui.set_width(ui.available_width());
        add(ui)
    });
}
