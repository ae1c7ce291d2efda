//! Statistics of the current deck: a calendar of reviews, the cards due until the exam, true
//! retention, mastery by section and topic, mock scores beside the forecast made when each
//! started, the forecast's own trend, and the guessing coach's rule. Every chart has axes, units
//! and a legend, in the theme's colours. The figures are the library's (`Library::stats`),
//! computed once per revision.

use super::action::{Action, Nav};
use super::theme;
use super::view::Cx;
use crate::import::fmt_points;
use crate::library::exam_day::Stats;
use chrono::{Datelike, NaiveDate};
use egui::{RichText, Ui, vec2};
use egui_plot::{Bar, BarChart, Legend, Line, Plot, PlotPoints, Points};

/// The statistics screen.
#[derive(Default)]
pub struct StatsScreen;

/// Days since the Unix epoch, for plot x values.
fn x_of(d: NaiveDate) -> f64 {
    f64::from(d.num_days_from_ce())
}

fn date_of(x: f64) -> Option<NaiveDate> {
    NaiveDate::from_num_days_from_ce_opt(x.round() as i32)
}

/// A date axis label ("3 Dec").
fn date_label(x: f64) -> String {
    date_of(x).map(|d| d.format("%e %b").to_string().trim().to_string()).unwrap_or_default()
}

/// A plot with the screen's common settings: fixed (no drag or zoom, so the page scrolls), a
/// legend, and days on the x axis.
pub fn plot<'a>(id: &'a str, height: f32, y_label: &'a str) -> Plot<'a> {
    Plot::new(id)
        .height(height)
        .allow_drag(false)
        .allow_zoom(false)
        .allow_scroll(false)
        .allow_boxed_zoom(false)
        .allow_double_click_reset(false)
        .legend(Legend::default())
        .x_axis_label("day")
        .y_axis_label(y_label)
        .x_axis_formatter(|m, _| date_label(m.value))
}

impl StatsScreen {
    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) -> Option<Action> {
        let Some(deck) = cx.current().cloned() else { return Some(Action::Go(Nav::Home)) };
        let mut action = None;
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            theme::reading_column(ui, |ui| {
                ui.add_space(12.0);
                ui.heading(format!("Statistics · {}", deck.name));
                let Some(s) = cx.lib.stats(&deck.id, cx.today) else {
                    ui.label(RichText::new("Reading the review history…").color(theme::muted(ui)));
                    return;
                };
                summary(ui, &s);
                section(ui, "Reviews per day");
                calendar(ui, &s, cx.today);
                section(ui, "Cards due until the exam");
                due_chart(ui, &s);
                section(ui, "True retention");
                retention(ui, &s);
                section(ui, "Mastery by section and topic");
                mastery(ui, &s);
                section(ui, "Mock exams and the forecast");
                mocks_chart(ui, cx, &deck.id, &s);
                section(ui, "Guessing");
                ui.label(cx.lib.advice(&deck.id));
                ui.add_space(20.0);
                if ui.button(theme::with_key("Home", "Esc")).clicked() {
                    action = Some(Action::Go(Nav::Home));
                }
                ui.add_space(20.0);
            });
        });
        action
    }
}

fn section(ui: &mut Ui, title: &str) {
    ui.add_space(18.0);
    ui.label(RichText::new(title).strong().size(18.0));
    ui.add_space(4.0);
}

fn summary(ui: &mut Ui, s: &Stats) {
    let retention = s.retention.map_or("—".to_string(), |r| format!("{:.0} %", r * 100.0));
    let mastered: usize = s.mastery.iter().map(|m| m.2).sum();
    let cards: usize = s.mastery.iter().map(|m| m.1).sum();
    ui.label(
        RichText::new(format!(
            "{} · true retention over 30 days {retention} · {}",
            crate::import::summary::count(s.reviews, "review", "reviews"),
            crate::import::summary::count(s.mocks.len(), "mock exam", "mock exams"),
        ))
        .color(theme::muted(ui)),
    );
    if cards > 0 {
        ui.label(
            RichText::new(format!("Mastered (recall ≥ 90 % on the day): {mastered} of {cards} card entries"))
                .color(theme::muted(ui)),
        );
    }
}

/// A calendar of the last 26 weeks: one square per day, darker with more reviews, with its
/// legend.
fn calendar(ui: &mut Ui, s: &Stats, today: NaiveDate) {
    const WEEKS: i64 = 26;
    let cell = 14.0;
    let gap = 3.0;
    let start = today - chrono::Days::new((WEEKS * 7 - 1) as u64 + u64::from(today.weekday().num_days_from_monday()));
    let max = s.per_day.range(start..=today).map(|(_, n)| *n).max().unwrap_or(0).max(1);
    let w = WEEKS as f32 * (cell + gap) + 40.0;
    let (rect, resp) = ui.allocate_exact_size(vec2(w, 7.0 * (cell + gap) + 18.0), egui::Sense::hover());
    let total: u32 = s.per_day.range(start..=today).map(|(_, n)| *n).sum();
    resp.widget_info(|| {
        egui::WidgetInfo::labeled(egui::Role::Image, true, format!("Calendar of reviews: {total} in the last 26 weeks"))
    });
    let p = ui.painter();
    let accent = theme::accent(ui);
    let empty = ui.visuals().faint_bg_color;
    let text = theme::muted(ui);
    for (row, name) in ["Mon", "", "Wed", "", "Fri", "", ""].iter().enumerate() {
        p.text(
            rect.left_top() + vec2(0.0, 18.0 + row as f32 * (cell + gap)),
            egui::Align2::LEFT_TOP,
            name,
            egui::FontId::proportional(11.0),
            text,
        );
    }
    let mut hovered = None;
    let mut day = start;
    let mut k = 0i64;
    while day <= today {
        let (col, row) = (k / 7, k % 7);
        let r = egui::Rect::from_min_size(
            rect.left_top() + vec2(40.0 + col as f32 * (cell + gap), 18.0 + row as f32 * (cell + gap)),
            vec2(cell, cell),
        );
        if day.day() == 1 {
            p.text(
                r.left_top() - vec2(0.0, 16.0),
                egui::Align2::LEFT_TOP,
                day.format("%b").to_string(),
                egui::FontId::proportional(11.0),
                text,
            );
        }
        let n = s.per_day.get(&day).copied().unwrap_or(0);
        let fill = if n == 0 { empty } else { accent.gamma_multiply(0.25 + 0.75 * n as f32 / max as f32) };
        p.rect_filled(r, 2.0, fill);
        if resp.hover_pos().is_some_and(|h| r.contains(h)) {
            hovered = Some((day, n));
        }
        let Some(next) = day.succ_opt() else { break };
        day = next;
        k += 1;
    }
    if let Some((d, n)) = hovered {
        resp.on_hover_text(format!(
            "{}: {}",
            d.format("%a %e %b %Y"),
            crate::import::summary::count(n as usize, "review", "reviews")
        ));
    }
    let scale = if max <= 1 {
        "1 review a day".to_string()
    } else {
        format!("1 to {}", crate::import::summary::count(max as usize, "review a day", "reviews a day"))
    };
    ui.label(RichText::new(format!("Lighter to darker: {scale}; blank: none.")).small().color(text));
}

fn due_chart(ui: &mut Ui, s: &Stats) {
    let bars: Vec<Bar> = s.due.iter().map(|(d, n)| Bar::new(x_of(*d), *n as f64).width(0.8)).collect();
    let color = theme::due(ui);
    plot("stats-due", 180.0, "cards").include_y(0.0).show(ui, |p| {
        p.bar_chart(BarChart::new("cards due", bars).color(color));
    });
}

fn retention(ui: &mut Ui, s: &Stats) {
    egui::Grid::new("stats-retention").striped(true).spacing(vec2(28.0, 6.0)).show(ui, |ui| {
        ui.label("");
        for h in ["today", "7 days", "30 days"] {
            ui.label(RichText::new(h).strong());
        }
        ui.end_row();
        for (r, name) in ["young (interval < 21 days)", "mature", "all"].iter().enumerate() {
            ui.label(*name);
            for c in 0..3 {
                ui.label(s.retention_by.cells[r][c].map_or("—".to_string(), |v| format!("{:.0} %", v * 100.0)));
            }
            ui.end_row();
        }
    });
    ui.label(
        RichText::new("Share of reviews of already-seen cards graded Hard or better.").small().color(theme::muted(ui)),
    );
}

fn mastery(ui: &mut Ui, s: &Stats) {
    for (topic, cards, mastered) in &s.mastery {
        ui.horizontal(|ui| {
            ui.add_sized(vec2(260.0, 20.0), egui::Label::new(topic).truncate());
            let frac = *mastered as f32 / (*cards).max(1) as f32;
            ui.add(
                egui::ProgressBar::new(frac)
                    .desired_width(220.0)
                    .fill(theme::right(ui))
                    .text(format!("{mastered} of {cards}")),
            );
        });
    }
}

fn mocks_chart(ui: &mut Ui, cx: &Cx<'_>, deck: &str, s: &Stats) {
    let trend = cx.lib.forecast_trend(deck, cx.today, 30).unwrap_or_default();
    let max = cx.lib.deck(deck).map_or(0.0, |d| d.exam.total_points());
    let scores: Vec<[f64; 2]> = s.mocks.iter().map(|(d, sc, _, _)| [x_of(*d), *sc]).collect();
    let forecasts: Vec<[f64; 2]> = s.mocks.iter().filter_map(|(d, _, _, f)| Some([x_of(*d), (*f)?])).collect();
    let line: Vec<[f64; 2]> = trend.iter().map(|(d, e)| [x_of(*d), *e]).collect();
    let (right, accent, amber) = (theme::right(ui), theme::accent(ui), theme::amber(ui));
    plot("stats-mocks", 220.0, "points").include_y(0.0).include_y(max).show(ui, |p| {
        p.line(Line::new("forecast, day by day", PlotPoints::from(line)).color(accent).width(2.0));
        p.points(Points::new("mock score", PlotPoints::from(scores)).color(right).radius(5.0));
        p.points(Points::new("forecast when it started", PlotPoints::from(forecasts)).color(amber).radius(4.0));
    });
    let errors: Vec<f64> = s.mocks.iter().filter_map(|(_, sc, _, f)| Some((sc - (*f)?).abs())).collect();
    if errors.is_empty() {
        ui.label(RichText::new("Sit a mock exam to check the forecast against a real score.").color(theme::muted(ui)));
    } else {
        let last: Vec<f64> = errors.iter().rev().take(5).copied().collect();
        let mean = last.iter().sum::<f64>() / last.len() as f64;
        ui.label(format!(
            "The forecast was off by {} on average over the last {} (goal: within 3 of {}).",
            crate::import::summary::points((mean * 10.0).round() / 10.0),
            crate::import::summary::count(last.len(), "mock exam", "mock exams"),
            fmt_points(max)
        ));
    }
}
