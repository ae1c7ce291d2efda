//! Score displays shared by quiz and mock-exam results: the big total, the overview of every
//! question's score, the per-section table.

use super::theme;
use crate::import::fmt_points;
use crate::scoring::{Outcome, SectionScore};
use egui::{RichText, Ui};

/// The total, large, with its percentage and an optional line under it.
pub fn summary(ui: &mut Ui, title: &str, score: f64, max: f64, extra: Option<&str>) {
    ui.vertical_centered(|ui| {
        ui.add_space(10.0);
        ui.label(RichText::new(title).color(theme::muted(ui)));
        let pct = if max > 0.0 { 100.0 * score / max } else { 0.0 };
        let color = if pct >= 80.0 {
            theme::right(ui)
        } else if pct >= 50.0 {
            theme::amber(ui)
        } else {
            theme::wrong(ui)
        };
        ui.label(
            RichText::new(format!("{} / {}", fmt_points(score), fmt_points(max))).size(40.0).strong().color(color),
        );
        ui.label(RichText::new(format!("{pct:.0} %")).size(18.0).color(color));
        if let Some(e) = extra {
            ui.label(RichText::new(e).color(theme::muted(ui)));
        }
        ui.add_space(6.0);
    });
}

/// Per-section scores as a small table.
pub fn sections(ui: &mut Ui, sections: &[SectionScore]) {
    egui::Grid::new("section-scores").num_columns(3).spacing([24.0, 6.0]).striped(true).show(ui, |ui| {
        for (i, s) in sections.iter().enumerate() {
            let title = if s.title.is_empty() { format!("Section {}", i + 1) } else { s.title.clone() };
            ui.label(title);
            ui.label(RichText::new(format!("{} / {}", fmt_points(s.score), fmt_points(s.max))).strong());
            let pct = if s.max > 0.0 { (s.score / s.max).clamp(0.0, 1.0) } else { 0.0 };
            let (rect, _) = ui.allocate_exact_size(egui::vec2(160.0, 10.0), egui::Sense::hover());
            ui.painter().rect_filled(rect, 5.0, ui.visuals().extreme_bg_color);
            if pct > 0.0 {
                let fill = egui::Rect::from_min_size(rect.min, egui::vec2(rect.width() * pct as f32, rect.height()));
                ui.painter().rect_filled(fill, 5.0, theme::accent(ui));
            }
            ui.end_row();
        }
    });
}

/// The question a click in the overview asked to see, kept until it is drawn.
fn jump_id() -> egui::Id {
    egui::Id::unique("results-jump")
}

/// The overview that opens every results page: one tile per question with its score, coloured
/// and marked by how it went (✓ full, ½ part, × nothing, – not scored), each a button that
/// scrolls to the question. Draw it inside the results' scroll area.
pub fn overview(ui: &mut Ui, questions: &[crate::scoring::QuestionScore]) {
    ui.label(RichText::new("Question by question (click one to go to it)").color(theme::muted(ui)));
    ui.add_space(4.0);
    ui.horizontal_wrapped(|ui| {
        ui.spacing_mut().item_spacing = egui::vec2(6.0, 6.0);
        for q in questions {
            let blank = q.cards.iter().all(|c| matches!(c.outcome, Outcome::Blank | Outcome::Unkeyed));
            // Blank is told apart from wrong by its mark as well as its colour.
            let (mark, color, word) = if q.max <= 0.0 {
                ("–", theme::muted(ui), "not scored")
            } else if blank {
                ("–", theme::muted(ui), "blank")
            } else if q.score >= q.max - 1e-9 {
                ("✓", theme::right(ui), "full marks")
            } else if q.score > 1e-9 {
                ("½", theme::amber(ui), "part marks")
            } else {
                ("×", theme::wrong(ui), "no marks")
            };
            let text = RichText::new(format!("{} {mark}\n{} / {}", q.number, fmt_points(q.score), fmt_points(q.max)))
                .color(color)
                .size(13.0);
            let b = egui::Button::new(text).min_size(egui::vec2(64.0, 40.0)).stroke(egui::Stroke::new(1.0, color));
            let said = format!("Question {}: {word}, {} of {}", q.number, fmt_points(q.score), fmt_points(q.max));
            let r = ui.add(b);
            r.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Button, true, &said));
            let r = r.on_hover_text(said);
            if r.clicked() {
                ui.ctx().data_mut(|d| d.insert_temp(jump_id(), q.number));
            }
        }
    });
    ui.add_space(8.0);
}

/// Call just before drawing question `number` in the results: scrolls it to the top when the
/// overview asked for it.
pub fn anchor(ui: &mut Ui, number: u32) {
    if ui.ctx().data(|d| d.get_temp::<u32>(jump_id())) == Some(number) {
        ui.scroll_to_cursor(Some(egui::Align::TOP));
        ui.ctx().data_mut(|d| d.remove::<u32>(jump_id()));
    }
}
