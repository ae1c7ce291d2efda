//! Home: each deck with its due, new and total counts; today's progress and the streak; the
//! ways to practise; the last mock-exam score and its trend.

use super::app::{Nav, Screen, Shared, pressed};
use super::{mock, quiz, study, theme};
use crate::import::fmt_points;
use crate::queue::{self, QueueCard};
use egui::{Key, RichText, Sense, Ui, vec2};

/// Today's counts of a deck.
pub fn deck_counts(shared: &Shared, deck: &str) -> queue::Counts {
    let Some(d) = shared.decks.get(deck) else { return queue::Counts::default() };
    let col = shared.store.collection();
    // Cards without an answer cannot be studied: the queue leaves them out, so do the counts.
    let cards = d.exam.cards.iter().enumerate().filter(|(_, c)| c.answer.is_some()).map(|(i, c)| QueueCard {
        index: i,
        question: c.id.question().unwrap_or(0),
        state: col.card(deck, &c.id.0),
    });
    queue::counts(cards, shared.today())
}

const STAT_W: f32 = 136.0;

fn stat(ui: &mut Ui, value: String, label: &str, color: egui::Color32) {
    let (rect, _) = ui.allocate_exact_size(vec2(STAT_W, 84.0), Sense::hover());
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

fn big_button(ui: &mut Ui, label: &str, key: &str, enabled: bool, primary: bool) -> bool {
    let text = RichText::new(theme::with_key(label, key)).size(17.0);
    let mut b = egui::Button::new(text).min_size(vec2(240.0, 46.0)).corner_radius(8.0);
    if primary && enabled {
        b = b.fill(theme::accent(ui));
    }
    ui.add_enabled(enabled, b).clicked()
}

/// Draws the home screen.
pub fn ui(ui: &mut Ui, shared: &mut Shared) -> Option<Nav> {
    let mut nav = None;
    let today = shared.today();
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        ui.vertical_centered(|ui| {
            ui.set_max_width(theme::COLUMN);
            ui.add_space(18.0);
            if shared.decks.is_empty() {
                ui.heading("No decks yet");
                ui.label("Import an exam file to begin (Import, or drop a file on this window).");
                return;
            }
            // Deck chooser when there is more than one.
            if shared.decks.len() > 1 {
                ui.horizontal_wrapped(|ui| {
                    let ids: Vec<(String, String)> =
                        shared.decks.values().map(|d| (d.id.clone(), d.name.clone())).collect();
                    for (id, name) in ids {
                        let c = deck_counts(shared, &id);
                        let label = format!("{name}  ·  {} due  ·  {} new", c.due, c.new);
                        if ui.selectable_label(shared.current == id, label).clicked() {
                            shared.current = id;
                        }
                    }
                });
                ui.add_space(10.0);
            }
            let Some(deck) = shared.deck() else { return };
            let deck_id = deck.id.clone();
            ui.heading(RichText::new(&deck.name).size(28.0));
            let exam = &deck.exam;
            ui.label(
                RichText::new(format!(
                    "{} questions · {} cards · {} points{}",
                    exam.question_count(),
                    exam.cards.len(),
                    fmt_points(exam.total_points()),
                    exam.duration_minutes.map(|m| format!(" · {m} minutes")).unwrap_or_default()
                ))
                .color(theme::muted(ui)),
            );
            ui.add_space(18.0);
            let c = deck_counts(shared, &deck_id);
            let day = shared.store.collection().day(today);
            let streak = shared.store.collection().streak(today);
            let accent = theme::accent(ui);
            let text = ui.visuals().text_color();
            ui.horizontal(|ui| {
                let w = 4.0 * STAT_W + 3.0 * ui.spacing().item_spacing.x;
                ui.add_space(((ui.available_width() - w) / 2.0).max(0.0));
                stat(ui, c.due.to_string(), "due", if c.due > 0 { accent } else { text });
                stat(ui, c.new.to_string(), "new", text);
                stat(ui, day.answers.to_string(), "answered today", text);
                stat(ui, format!("{streak}"), if streak == 1 { "day streak" } else { "days streak" }, text);
            });
            if day.answers > 0 {
                ui.label(
                    RichText::new(format!("{} % right today", day.right * 100 / day.answers.max(1)))
                        .color(theme::muted(ui)),
                );
            }
            ui.add_space(20.0);
            let queue_len = study::today_queue(shared, &deck_id).len();
            let can_study = queue_len > 0;
            let go = big_button(ui, &format!("Study now ({queue_len})"), "Space", can_study, true)
                || (can_study && (pressed(ui, Key::Space) || pressed(ui, Key::Enter)));
            if go && let Some(s) = study::StudyScreen::start(shared, &deck_id) {
                nav = Some(Nav::To(Screen::Study(Box::new(s))));
            }
            if !can_study {
                ui.label(
                    RichText::new("Nothing left for today. Come back tomorrow, or take a quiz.")
                        .color(theme::muted(ui)),
                );
            }
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                let w = 3.0 * 240.0 + 2.0 * ui.spacing().item_spacing.x;
                ui.add_space(((ui.available_width() - w) / 2.0).max(0.0));
                if big_button(ui, "Quiz", "Q", true, false) || pressed(ui, Key::Q) {
                    nav = Some(Nav::To(Screen::Quiz(Box::new(quiz::QuizScreen::setup()))));
                }
                if big_button(ui, "Mock exam", "M", true, false) || pressed(ui, Key::M) {
                    nav = Some(Nav::To(Screen::Mock(Box::new(mock::MockScreen::setup(shared)))));
                }
                if big_button(ui, "Score a paper attempt", "P", true, false) || pressed(ui, Key::P) {
                    nav = Some(Nav::To(Screen::Quiz(Box::new(quiz::QuizScreen::paper(shared)))));
                }
            });
            ui.add_space(24.0);
            mock_history(ui, shared, &deck_id);
        });
    });
    nav
}

/// The last mock-exam score and a small trend of all attempts.
pub fn mock_history(ui: &mut Ui, shared: &Shared, deck: &str) {
    let mocks: Vec<_> =
        shared.store.collection().mocks.iter().filter(|m| m.deck == deck && m.score.is_some()).collect();
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
    if mocks.len() >= 2 {
        let w = 260.0_f32.min(ui.available_width());
        let (rect, _) = ui.allocate_exact_size(vec2(w, 48.0), Sense::hover());
        let pts: Vec<egui::Pos2> = mocks
            .iter()
            .enumerate()
            .map(|(i, a)| {
                let (s, m) = a.score.unwrap_or_default();
                let x = rect.left() + rect.width() * i as f32 / (mocks.len() - 1) as f32;
                let y = rect.bottom() - rect.height() * (s / m.max(1e-9)) as f32;
                egui::pos2(x, y)
            })
            .collect();
        let stroke = egui::Stroke::new(2.0, theme::accent(ui));
        ui.painter().line(pts.clone(), stroke);
        for p in pts {
            ui.painter().circle_filled(p, 3.0, theme::accent(ui));
        }
    }
}
