//! Score displays shared by quiz and mock-exam results: the big total, the per-section table.

use super::theme;
use crate::import::fmt_points;
use crate::scoring::SectionScore;
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
