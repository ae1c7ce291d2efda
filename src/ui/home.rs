//! Home: each deck with its due, new and total counts; today's progress and the streak; the
//! ways to practise; the last mock-exam score and its trend. Every figure comes from the
//! library's cached counts, so a frame costs the same at 100 cards or 100,000.

use super::action::{Action, Nav};
use super::help::home as keys;
use super::keys::Binding;
use super::theme;
use super::view::Cx;
use crate::import::fmt_points;
use crate::import::summary::{count, exam_counts};
use crate::library::{Deck, DeckCounts};
use egui::{Key, RichText, Sense, Ui, vec2};

/// The home screen.
#[derive(Default)]
pub struct HomeScreen {
    /// The exam date being typed, when the student is setting it.
    date_edit: Option<String>,
}

const STAT_W: f32 = 136.0;

fn stat(ui: &mut Ui, value: String, label: &str, color: egui::Color32) {
    let (rect, resp) = ui.allocate_exact_size(vec2(STAT_W, 84.0), Sense::hover());
    resp.widget_info(|| egui::WidgetInfo::labeled(egui::Role::Label, true, format!("{value} {label}")));
    let visuals = ui.visuals();
    ui.painter().rect(
        rect,
        10.0,
        visuals.faint_bg_color,
        visuals.widgets.noninteractive.bg_stroke,
        egui::StrokeKind::Inside,
    );
    ui.painter().text(
        rect.center_top() + vec2(0.0, 32.0),
        egui::Align2::CENTER_CENTER,
        value,
        egui::FontId::proportional(30.0),
        color,
    );
    ui.painter().text(
        rect.center_bottom() - vec2(0.0, 18.0),
        egui::Align2::CENTER_CENTER,
        label,
        egui::FontId::proportional(14.0),
        theme::muted(ui),
    );
}

fn big_button(ui: &mut Ui, label: &str, key: &Binding, enabled: bool, primary: bool) -> bool {
    let text = RichText::new(key.on(label)).size(17.0);
    let mut b = egui::Button::new(text).min_size(vec2(240.0, 46.0)).corner_radius(8.0);
    if primary && enabled {
        b = b.fill(theme::accent(ui));
    }
    ui.add_enabled(enabled, b).clicked()
}

/// Centres a row of `n` items `w` wide.
fn centre_row(ui: &mut Ui, n: usize, w: f32) {
    let total = n as f32 * w + (n.saturating_sub(1)) as f32 * ui.spacing().item_spacing.x;
    ui.add_space(((ui.available_width() - total) / 2.0).max(0.0));
}

impl HomeScreen {
    /// Draws the home screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) -> Option<Action> {
        let mut action = None;
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            ui.vertical_centered(|ui| {
                theme::column_width(ui);
                ui.add_space(18.0);
                action = self.body(ui, cx);
            });
        });
        action
    }

    fn body(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) -> Option<Action> {
        let Some(deck) = cx.current() else {
            ui.heading("No decks yet");
            ui.label("Import an exam file to begin (Import, or drop a file on this window).");
            return None;
        };
        let mut action = deck_chooser(ui, cx);
        ui.heading(RichText::new(&deck.name).size(28.0));
        ui.label(RichText::new(exam_counts(&deck.exam)).color(theme::muted(ui)));
        if deck.is_broken() {
            return broken_deck(ui, deck).or(action);
        }
        if let Some(a) = self.exam_day(ui, cx, deck) {
            action = Some(a);
        }
        ui.add_space(18.0);
        let counts = cx.lib.counts(&deck.id, cx.today);
        today_stats(ui, cx, counts);
        let (_, beyond) = cx.lib.planned_queue(&deck.id, cx.today);
        if beyond > 0 {
            ui.label(
                RichText::new(format!(
                    "Final week before the exam: today's plan holds {} beyond your daily limits, so that every card is seen before the exam.",
                    count(beyond, "card", "cards")
                ))
                .color(theme::amber(ui)),
            );
        }
        ui.add_space(20.0);
        if let Some(a) = study_button(ui, deck, counts) {
            action = Some(a);
        }
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            centre_row(ui, 3, 240.0);
            for (label, key, nav) in [
                ("Quiz", keys::QUIZ, Nav::QuizSetup),
                ("Mock exam", keys::MOCK, Nav::MockSetup),
                ("Score a paper attempt", keys::PAPER, Nav::Paper),
            ] {
                if big_button(ui, label, &key, true, false) || key.pressed(ui) {
                    action = Some(Action::Go(nav));
                }
            }
        });
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            centre_row(ui, 1, 240.0);
            if big_button(ui, "Statistics", &keys::STATS, true, false) || keys::STATS.pressed(ui) {
                action = Some(Action::Go(Nav::Stats));
            }
        });
        ui.add_space(24.0);
        mock_history(ui, cx, &deck.id);
        trend_chart(ui, cx, &deck.id);
        action
    }
}

impl HomeScreen {
    /// The exam date with its countdown and the forecast of the score, or a way to set the date.
    fn exam_day(&mut self, ui: &mut Ui, cx: &Cx<'_>, deck: &Deck) -> Option<Action> {
        let mut action = None;
        ui.add_space(10.0);
        let date = cx.lib.exam_date(&deck.id);
        let unseen = cx.lib.counts(&deck.id, cx.today).new;
        if let Some(mut text) = self.date_edit.take() {
            let mut keep = true;
            ui.horizontal(|ui| {
                ui.label("Exam date (YYYY-MM-DD):");
                let r = ui.add(egui::TextEdit::singleline(&mut text).desired_width(120.0));
                r.request_focus();
                let parsed = chrono::NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").ok();
                // The field has the keyboard, so Enter and Esc are read from it directly.
                let enter = r.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter));
                let save =
                    ui.add_enabled(parsed.is_some(), egui::Button::new(theme::with_key("Save", "Enter"))).clicked()
                        || (parsed.is_some() && enter);
                if save {
                    action = Some(set_date(cx, &deck.id, parsed));
                }
                if date.is_some() && ui.button("Clear the date").clicked() {
                    action = Some(set_date(cx, &deck.id, None));
                }
                if ui.button(theme::with_key("Cancel", "Esc")).clicked() || ui.input(|i| i.key_pressed(Key::Escape)) {
                    keep = false;
                }
                if parsed.is_none() && !text.trim().is_empty() {
                    ui.label(RichText::new("write it as 2026-12-14").color(theme::muted(ui)));
                }
            });
            if keep && action.is_none() {
                self.date_edit = Some(text);
            }
            return action;
        }
        ui.horizontal(|ui| {
            let line = match date {
                Some(d) if d >= cx.today => {
                    let days = (d - cx.today).num_days();
                    let when = match days {
                        0 => "today".to_string(),
                        1 => "tomorrow".to_string(),
                        n => format!("in {n} days"),
                    };
                    format!(
                        "Exam {}, {when} · {} not seen yet",
                        d.format("%a %e %b %Y"),
                        count(unseen, "card", "cards")
                    )
                }
                Some(d) => format!("The exam was on {}: plain SM-2 again", d.format("%e %b %Y")),
                None => "No exam date: study aims at long-term memory".to_string(),
            };
            ui.label(RichText::new(line).size(16.0));
            let label = if date.is_some() { "Change the date" } else { "Set the exam date" };
            if ui.button(keys::DATE.on(label)).clicked() || keys::DATE.pressed(ui) {
                self.date_edit = Some(date.map(|d| d.format("%Y-%m-%d").to_string()).unwrap_or_default());
            }
        });
        forecast_line(ui, cx, deck);
        action
    }
}

fn set_date(cx: &Cx<'_>, deck: &str, date: Option<chrono::NaiveDate>) -> Action {
    let mut settings = cx.lib.collection().decks.get(deck).map(|d| d.settings.clone()).unwrap_or_default();
    settings.exam_date = date;
    Action::DeckSettings { deck: deck.to_string(), settings }
}

/// "If the exam were today: 31.5 / 50, likely 27–36", and what studying could add.
fn forecast_line(ui: &mut Ui, cx: &Cx<'_>, deck: &Deck) {
    let day = cx.lib.forecast_day(&deck.id, cx.today);
    let Some(f) = cx.lib.forecast(&deck.id, day) else {
        ui.label(RichText::new("Forecast: reading your history…").color(theme::muted(ui)));
        return;
    };
    let f = &f.forecast;
    let when = if day == cx.today {
        "If the exam were today".to_string()
    } else {
        format!("On exam day ({})", day.format("%e %b").to_string().trim())
    };
    ui.label(
        RichText::new(format!(
            "{when}: {} / {}, likely {}–{}",
            fmt_points((f.expected * 10.0).round() / 10.0),
            fmt_points(f.max),
            fmt_points(f.p10),
            fmt_points(f.p90)
        ))
        .size(18.0)
        .strong(),
    );
    if let Some(gains) = cx.lib.gains(&deck.id, day) {
        let top: Vec<String> = gains
            .iter()
            .filter(|g| g.points >= 0.05)
            .take(3)
            .map(|g| format!("{} +{}", g.label, fmt_points((g.points * 10.0).round() / 10.0)))
            .collect();
        if !top.is_empty() {
            let text = RichText::new(format!("Most to gain: {}", top.join(" · "))).color(theme::muted(ui));
            ui.add(egui::Label::new(text).wrap());
        }
    }
}

/// The forecast's trend over the last two weeks, with the mock scores, on axes.
fn trend_chart(ui: &mut Ui, cx: &Cx<'_>, deck: &str) {
    let Some(trend) = cx.lib.forecast_trend(deck, cx.today, 14) else { return };
    let max = cx.lib.deck(deck).map_or(0.0, |d| d.exam.total_points());
    let x = |d: chrono::NaiveDate| f64::from(chrono::Datelike::num_days_from_ce(&d));
    let line: Vec<[f64; 2]> = trend.iter().map(|(d, e)| [x(*d), *e]).collect();
    let from = trend.first().map_or(cx.today, |t| t.0);
    let mocks: Vec<[f64; 2]> = cx
        .lib
        .collection()
        .mocks
        .iter()
        .filter(|m| m.deck == deck)
        .filter_map(|m| Some((m.submitted_at?.date_naive(), m.score?.0)))
        .filter(|(d, _)| *d >= from)
        .map(|(d, s)| [x(d), s])
        .collect();
    let (accent, right) = (theme::accent(ui), theme::right(ui));
    ui.add_space(6.0);
    ui.allocate_ui(vec2(ui.available_width().min(560.0), 170.0), |ui| {
        super::stats::plot("home-trend", 160.0, "points").include_y(0.0).include_y(max).show(ui, |p| {
            p.line(egui_plot::Line::new("forecast", egui_plot::PlotPoints::from(line)).color(accent).width(2.0));
            p.points(egui_plot::Points::new("mock exams", egui_plot::PlotPoints::from(mocks)).color(right).radius(4.0));
        });
    });
}

/// The decks as a row of choices, when there is more than one.
fn deck_chooser(ui: &mut Ui, cx: &Cx<'_>) -> Option<Action> {
    cx.lib.decks().nth(1)?;
    let mut action = None;
    let mut choices = |ui: &mut Ui| {
        for d in cx.lib.decks() {
            let c = cx.lib.counts(&d.id, cx.today);
            let label = if d.is_broken() {
                format!("{}  ·  needs fixing", d.name)
            } else {
                format!("{}  ·  {} due  ·  {} new", d.name, c.due, c.new)
            };
            if ui.selectable_label(cx.deck == d.id, label).clicked() {
                action = Some(Action::SelectDeck(d.id.clone()));
            }
        }
    };
    if cx.lib.decks().nth(4).is_some() {
        // Many decks: one drop-down, so the current deck stays at the top of the page.
        let current = cx.current().map_or(String::new(), |d| d.name.clone());
        egui::ComboBox::from_id_salt("home-deck")
            .selected_text(format!("Deck: {current}"))
            .width(420.0)
            .show_ui(ui, |ui| choices(ui));
    } else {
        ui.horizontal_wrapped(|ui| choices(ui));
    }
    ui.add_space(10.0);
    action
}

/// A deck whose files have errors: what they are and the ways to fix them.
fn broken_deck(ui: &mut Ui, deck: &Deck) -> Option<Action> {
    ui.add_space(14.0);
    ui.label(
        RichText::new("This deck's files have errors, so it cannot be studied until they are fixed.")
            .strong()
            .color(theme::wrong(ui)),
    );
    for d in deck.errors().take(8) {
        ui.label(RichText::new(format!("line {}: {}", d.line, d.message)).monospace());
    }
    ui.add_space(10.0);
    let mut action = None;
    ui.horizontal(|ui| {
        if ui.button(keys::EDITOR.on("Open the editor")).clicked() || keys::EDITOR.pressed(ui) {
            action = Some(Action::Go(Nav::EditDeck(deck.id.clone())));
        }
        if ui.button(super::help::anywhere::IMPORT.on("Re-import the file…")).clicked() {
            action = Some(Action::Go(Nav::Import(None)));
        }
    });
    action
}

fn today_stats(ui: &mut Ui, cx: &Cx<'_>, c: DeckCounts) {
    let day = cx.lib.collection().day(cx.today);
    let streak = cx.lib.collection().streak(cx.today);
    let accent = theme::due(ui);
    let text = ui.visuals().text_color();
    ui.horizontal(|ui| {
        centre_row(ui, 4, STAT_W);
        stat(ui, c.due.to_string(), "due", if c.due > 0 { accent } else { text });
        stat(ui, c.new.to_string(), "new", text);
        stat(ui, day.answers.to_string(), "answered today", text);
        stat(ui, streak.to_string(), if streak == 1 { "day streak" } else { "days streak" }, text);
    });
    if day.answers > 0 {
        ui.label(
            RichText::new(format!("{} % right today", day.right * 100 / day.answers.max(1))).color(theme::muted(ui)),
        );
    }
}

fn study_button(ui: &mut Ui, deck: &Deck, c: DeckCounts) -> Option<Action> {
    let can = c.queue > 0;
    let go = big_button(ui, &format!("Study now ({})", c.queue), &keys::STUDY, can, true)
        || (can && keys::STUDY.pressed(ui));
    if go {
        return Some(Action::Go(Nav::Study(deck.id.clone())));
    }
    if can {
        return None;
    }
    let why = if c.total == 0 && c.unanswered > 0 {
        format!("No card has an answer yet: {} need one.", count(c.unanswered, "card", "cards"))
    } else if c.due == 0 && c.new == 0 {
        "Nothing is due and every card has been seen. Come back tomorrow, or take a quiz.".to_string()
    } else {
        format!("Today's limits are reached ({} due and {} new left). Raise them in Settings, or:", c.due, c.new)
    };
    ui.label(RichText::new(why).color(theme::muted(ui)));
    let left = c.due > 0 || c.new > 0;
    if left && (ui.button(keys::ANYWAY.on("Study this deck anyway")).clicked() || keys::ANYWAY.pressed(ui)) {
        return Some(Action::Go(Nav::StudyAnyway(deck.id.clone())));
    }
    None
}

/// The last mock-exam score and a small trend of all attempts.
pub fn mock_history(ui: &mut Ui, cx: &Cx<'_>, deck: &str) {
    let mocks: Vec<_> = cx.lib.collection().mocks.iter().filter(|m| m.deck == deck && m.score.is_some()).collect();
    let Some(last) = mocks.last() else {
        ui.label(
            RichText::new("No mock exam yet. Sit one against the clock when you feel ready.").color(theme::muted(ui)),
        );
        return;
    };
    let (s, m) = last.score.unwrap_or_default();
    let when =
        last.submitted_at.map(|t| t.with_timezone(&chrono::Local).format("%e %b %Y").to_string()).unwrap_or_default();
    ui.label(
        RichText::new(format!(
            "Last mock exam: {} / {}  ({:.0} %)  ·  {when}",
            fmt_points(s),
            fmt_points(m),
            100.0 * s / m.max(1e-9)
        ))
        .size(16.0),
    );
}
