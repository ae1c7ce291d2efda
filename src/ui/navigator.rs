//! The question navigator of quizzes and mock exams: one tile per question, all the same size
//! whatever their state. Answered tiles are filled, partly answered ones half filled, blank ones
//! only outlined; a flagged tile carries a flag mark in its corner; the current one has a thick
//! outline and a bar under it, whatever its fill. Shapes tell the states apart without colour,
//! and a screen reader hears each tile as "Question 3: partly answered, flagged, current".

use super::theme;
use egui::{Color32, CornerRadius, Rect, Sense, Stroke, StrokeKind, Ui, vec2};

/// One question's state in the navigator.
#[derive(Clone, Copy, Debug)]
pub struct Tile {
    /// The question's number.
    pub number: u32,
    /// Cards answered.
    pub answered: usize,
    /// Cards in the question.
    pub total: usize,
    /// Flagged for review.
    pub flagged: bool,
    /// The question on screen.
    pub current: bool,
}

impl Tile {
    fn state(&self) -> &'static str {
        if self.answered == 0 {
            "blank"
        } else if self.answered < self.total {
            "partly answered"
        } else {
            "answered"
        }
    }

    /// What a screen reader says for it.
    pub fn spoken(&self) -> String {
        let mut s = format!("Question {}: {}", self.number, self.state());
        if self.flagged {
            s.push_str(", flagged");
        }
        if self.current {
            s.push_str(", current");
        }
        s
    }
}

/// The tile size: fixed, so nothing moves when a state changes.
const SIZE: egui::Vec2 = vec2(36.0, 30.0);

fn tile(ui: &mut Ui, t: &Tile) -> egui::Response {
    let (rect, resp) = ui.allocate_exact_size(SIZE, Sense::click());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, t.spoken()));
    if !ui.is_rect_visible(rect) {
        return resp;
    }
    let p = ui.painter();
    let accent = theme::accent(ui);
    let text = ui.visuals().text_color();
    let r = CornerRadius::same(5);
    let fill = theme::tint(ui, accent);
    let strong_fill = accent.gamma_multiply(0.55);
    match t.state() {
        "answered" => {
            p.rect_filled(rect, r, strong_fill);
        }
        "partly answered" => {
            let half = Rect::from_min_max(egui::pos2(rect.min.x, rect.center().y), rect.max);
            p.rect_filled(rect, r, fill);
            p.rect_filled(half, CornerRadius { nw: 0, ne: 0, sw: 5, se: 5 }, strong_fill);
        }
        _ => {}
    }
    let outline = if resp.hovered() || resp.has_focus() { text } else { ui.visuals().widgets.inactive.fg_stroke.color };
    p.rect_stroke(rect, r, Stroke::new(1.0, outline), StrokeKind::Inside);
    if t.current {
        p.rect_stroke(rect.expand(1.5), r, Stroke::new(2.5, text), StrokeKind::Outside);
        let bar = Rect::from_min_size(egui::pos2(rect.min.x + 6.0, rect.max.y + 3.0), vec2(rect.width() - 12.0, 3.0));
        p.rect_filled(bar, CornerRadius::same(1), text);
    }
    if t.flagged {
        // A flag: a small triangle in the top-right corner, in amber with a dark edge.
        let c = egui::pos2(rect.max.x - 2.0, rect.min.y + 2.0);
        let pts = vec![c, egui::pos2(c.x - 11.0, c.y), egui::pos2(c.x, c.y + 11.0)];
        p.add(egui::Shape::convex_polygon(pts, theme::amber(ui), Stroke::new(1.0, text)));
    }
    let color = if t.state() == "answered" { Color32::WHITE } else { text };
    let color = if ui.visuals().dark_mode || t.state() != "answered" { color } else { Color32::BLACK };
    p.text(rect.center(), egui::Align2::CENTER_CENTER, t.number.to_string(), egui::FontId::proportional(14.0), color);
    resp.on_hover_text(t.spoken())
}

/// The tiles, wrapped into rows; in a short window one row that scrolls sideways and keeps the
/// current tile in view. Returns the index of the one clicked.
pub fn tiles(ui: &mut Ui, tiles: &[Tile]) -> Option<usize> {
    let mut goto = None;
    let compact = theme::compact(ui);
    let mut row = |ui: &mut Ui| {
        ui.spacing_mut().item_spacing = vec2(7.0, 9.0);
        for (i, t) in tiles.iter().enumerate() {
            let r = tile(ui, t);
            if t.current && compact && !ui.is_rect_visible(r.rect.shrink(2.0)) {
                r.scroll_to_me(Some(egui::Align::Center));
            }
            if r.clicked() {
                goto = Some(i);
            }
        }
    };
    if compact {
        // Room around the tiles for the current one's outline and bar.
        egui::ScrollArea::horizontal().id_salt("navigator").show(ui, |ui| {
            ui.add_space(4.0);
            ui.horizontal(|ui| {
                ui.add_space(3.0);
                row(ui);
            });
            ui.add_space(6.0);
        });
    } else {
        ui.horizontal_wrapped(|ui| row(ui));
    }
    goto
}

/// The legend under the tiles, left out when the window is short: the question gets the room,
/// and the tiles still say their state in words to a screen reader.
pub fn legend(ui: &mut Ui, flags: bool) {
    if theme::compact(ui) {
        return;
    }
    let text = if flags {
        "filled = answered · half = partly · outline only = blank · corner mark = flagged · thick outline = current"
    } else {
        "filled = answered · half = partly · outline only = blank · thick outline = current"
    };
    ui.label(theme::key(text).color(theme::muted(ui)));
}
