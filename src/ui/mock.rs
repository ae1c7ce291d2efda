//! The mock exam: the exam's instructions, then the whole exam against a countdown (time left as
//! numbers and a bar that turns red in the last 5 minutes), a navigator of answered, blank and
//! flagged questions, submission after a confirmation or automatically at zero, then the results.

use super::app::{Nav, Screen, Shared, pressed};
use super::question::{Cursor, question};
use super::text::{Painter, Style};
use super::{home, results, theme};
use crate::import::fmt_points;
use crate::session::mock::{MockSession, minutes_for};
use crate::store::collection::Record;
use egui::{Key, Modifiers, RichText, Ui, vec2};

enum Phase {
    Setup { percent: u32, custom: bool, minutes: u32 },
    Running { session: MockSession, cursor: Cursor, confirm: bool },
    Results { session: MockSession },
}

/// The mock-exam screen.
pub struct MockScreen {
    phase: Phase,
}

fn clock_text(d: chrono::Duration) -> String {
    let s = d.num_seconds().max(0);
    format!("{}:{:02}:{:02}", s / 3600, (s / 60) % 60, s % 60)
}

impl MockScreen {
    /// The instructions and time options before starting.
    pub fn setup(shared: &Shared) -> Self {
        let percent = shared.store.collection().settings.mock_time_percent;
        let minutes = shared.deck().and_then(|d| d.exam.duration_minutes).unwrap_or(60);
        MockScreen { phase: Phase::Setup { percent, custom: false, minutes } }
    }

    /// An attempt brought back after a restart (running, or already submitted).
    pub fn resumed(session: MockSession) -> Self {
        if session.is_submitted() {
            MockScreen { phase: Phase::Results { session } }
        } else {
            MockScreen { phase: Phase::Running { session, cursor: Cursor::default(), confirm: false } }
        }
    }

    /// Whether no attempt is running on this screen.
    pub fn is_finished(&self) -> bool {
        !matches!(self.phase, Phase::Running { .. })
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, shared: &mut Shared) -> Option<Nav> {
        let deck_id = match &self.phase {
            Phase::Running { session, .. } | Phase::Results { session } => session.attempt.deck.clone(),
            Phase::Setup { .. } => shared.current.clone(),
        };
        let Some(deck) = shared.decks.get(&deck_id) else { return Some(Nav::To(Screen::Home)) };
        let exam = deck.exam.clone();
        let images = deck.images.clone();
        let style = Style { size: shared.store.collection().settings.text_size, color: ui.visuals().text_color() };
        let now = shared.now;
        let mut next = None;
        let mut nav = None;
        match &mut self.phase {
            Phase::Setup { percent, custom, minutes } => {
                let mut start = false;
                let mut painter = Painter { math: &mut shared.math, images: Some(&images) };
                egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                    theme::reading_column(ui, |ui| {
                    ui.add_space(16.0);
                    ui.heading("Mock exam");
                    ui.label(
                        RichText::new(format!(
                            "The whole exam in order: {} questions, {} points. Scored exactly as the exam is: wrong true/false marks cost points, blanks are free, each question or part is clipped at zero.",
                            exam.question_count(),
                            fmt_points(exam.total_points())
                        ))
                        .color(theme::muted(ui)),
                    );
                    ui.add_space(12.0);
                    ui.label(RichText::new("Time").strong());
                    ui.horizontal(|ui| {
                        for (p, label) in [(100, "Standard"), (150, "150 %"), (200, "200 %")] {
                            let m = minutes_for(&exam, p, None);
                            if ui.selectable_label(!*custom && *percent == p, format!("{label} · {m} min")).clicked() {
                                *percent = p;
                                *custom = false;
                            }
                        }
                        if ui.selectable_label(*custom, "Custom").clicked() {
                            *custom = true;
                        }
                        if *custom {
                            ui.add(egui::DragValue::new(minutes).range(1..=600).suffix(" min"));
                        }
                    });
                    if !exam.instructions.is_empty() {
                        ui.add_space(12.0);
                        ui.label(RichText::new("The exam's instructions").strong());
                        egui::Frame::group(ui.style()).inner_margin(12).show(ui, |ui| {
                            ui.set_width(ui.available_width());
                            painter.show(ui, &exam.instructions, Style { size: style.size * 0.92, ..style });
                        });
                    }
                    ui.add_space(16.0);
                    if ui.button(RichText::new(theme::with_key("Start the clock", "Enter")).size(17.0)).clicked()
                        || pressed(ui, Key::Enter)
                    {
                        start = true;
                    }
                    });
                });
                if start {
                    let m = minutes_for(&exam, *percent, custom.then_some(*minutes));
                    let (session, record) = MockSession::start(&deck_id, m, now);
                    if shared.commit(record) {
                        next = Some(Phase::Running { session, cursor: Cursor::default(), confirm: false });
                    }
                }
            }
            Phase::Running { session, cursor, confirm } => {
                if let Some(r) = session.tick(&exam, now) {
                    shared.commit(r);
                    next = Some(Phase::Results { session: session.clone() });
                } else {
                    let left = session.time_left(now);
                    let total = chrono::Duration::minutes(i64::from(session.attempt.minutes));
                    let late = left <= chrono::Duration::minutes(5);
                    // The countdown shows whole seconds: repaint when the next one starts, at most
                    // twice a second and never in a busy loop.
                    let to_next_second = left.num_milliseconds().rem_euclid(1000).max(500) as u64;
                    ui.ctx().request_repaint_after(std::time::Duration::from_millis(to_next_second));
                    let questions: Vec<u32> = exam.questions().map(|q| q.number).collect();
                    let mut goto: Option<usize> = None;
                    let mut flag = false;
                    egui::Panel::top("mock-timer").show(ui, |ui| {
                        ui.add_space(6.0);
                        ui.horizontal(|ui| {
                            let color = if late { theme::wrong(ui) } else { ui.visuals().text_color() };
                            ui.label(RichText::new(clock_text(left)).monospace().size(26.0).strong().color(color));
                            ui.label(RichText::new("left").color(theme::muted(ui)));
                            let frac = (left.num_seconds() as f32 / total.num_seconds().max(1) as f32).clamp(0.0, 1.0);
                            let fill = if late { theme::wrong(ui) } else { theme::accent(ui) };
                            ui.add(
                                egui::ProgressBar::new(frac)
                                    .desired_height(10.0)
                                    .desired_width(ui.available_width() - 10.0)
                                    .fill(fill),
                            );
                        });
                        ui.horizontal_wrapped(|ui| {
                            for (i, num) in questions.iter().enumerate() {
                                let answered = exam
                                    .question_cards(*num)
                                    .iter()
                                    .any(|&c| session.attempt.responses.contains_key(&exam.cards[c].id.0));
                                let flagged = session.attempt.flagged.contains(num);
                                let label = if answered {
                                    RichText::new(num.to_string()).strong()
                                } else {
                                    RichText::new(num.to_string())
                                };
                                let mut b = egui::Button::new(label)
                                    .selected(i == session.attempt.current)
                                    .min_size(vec2(32.0, 28.0));
                                if answered {
                                    b = b.fill(theme::tint(ui, theme::accent(ui)));
                                }
                                if flagged {
                                    b = b.stroke(egui::Stroke::new(2.0, theme::amber(ui)));
                                }
                                let hint = match (answered, flagged) {
                                    (true, true) => "answered · flagged",
                                    (true, false) => "answered",
                                    (false, true) => "blank · flagged",
                                    (false, false) => "blank",
                                };
                                if ui.add(b).on_hover_text(hint).clicked() {
                                    goto = Some(i);
                                }
                            }
                        });
                        ui.label(theme::key("filled = answered · amber outline = flagged").color(theme::muted(ui)));
                        ui.add_space(4.0);
                    });
                    let idx = session.attempt.current.min(questions.len().saturating_sub(1));
                    egui::Panel::bottom("mock-actions").show(ui, |ui| {
                        ui.add_space(8.0);
                        ui.horizontal(|ui| {
                            if ui.add_enabled(idx > 0, egui::Button::new(theme::with_key("Previous", "←"))).clicked()
                            {
                                goto = Some(idx - 1);
                            }
                            if ui
                                .add_enabled(idx + 1 < questions.len(), egui::Button::new(theme::with_key("Next", "→")))
                                .clicked()
                            {
                                goto = Some(idx + 1);
                            }
                            let flagged = questions.get(idx).is_some_and(|n| session.attempt.flagged.contains(n));
                            if ui
                                .button(theme::with_key(if flagged { "Unflag" } else { "Flag for review" }, "G"))
                                .clicked()
                            {
                                flag = true;
                            }
                            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                                if ui.button(RichText::new(theme::with_key("Submit…", "Ctrl+Enter")).strong()).clicked()
                                {
                                    *confirm = true;
                                }
                            });
                        });
                        ui.add_space(8.0);
                    });
                    if !*confirm {
                        if pressed(ui, Key::ArrowRight) && idx + 1 < questions.len() {
                            goto = Some(idx + 1);
                        }
                        if pressed(ui, Key::ArrowLeft) && idx > 0 {
                            goto = Some(idx - 1);
                        }
                        if pressed(ui, Key::G) {
                            flag = true;
                        }
                        if ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Enter)) {
                            *confirm = true;
                        }
                    }
                    if let Some(i) = goto {
                        if let Some(r) = session.goto(&exam, i) {
                            shared.commit(r);
                        }
                        *cursor = Cursor::default();
                    }
                    if flag
                        && let Some(n) = questions.get(session.attempt.current)
                        && let Some(r) = session.toggle_flag(*n)
                    {
                        shared.commit(r);
                    }
                    let idx = session.attempt.current.min(questions.len().saturating_sub(1));
                    if let Some(q) = questions.get(idx).and_then(|n| exam.question(*n)) {
                        let mut painter = Painter { math: &mut shared.math, images: Some(&images) };
                        let mut responses = session.responses(&exam);
                        let mut changed = false;
                        egui::ScrollArea::vertical().id_salt(("mock-q", q.number)).auto_shrink([false, false]).show(
                            ui,
                            |ui| {
                                theme::reading_column(ui, |ui| {
                                    ui.add_space(10.0);
                                    let section =
                                        exam.sections.iter().find(|s| s.questions.iter().any(|x| x.number == q.number));
                                    if let Some(s) = section
                                        && !s.title.is_empty()
                                    {
                                        ui.label(RichText::new(&s.title).small().color(theme::muted(ui)));
                                    }
                                    super::question::header(ui, q, &format!("{} of {}", idx + 1, questions.len()));
                                    if !*confirm {
                                        changed =
                                            question(ui, &mut painter, &exam, q, &mut responses, cursor, None, style);
                                    } else {
                                        question(
                                            ui,
                                            &mut painter,
                                            &exam,
                                            q,
                                            &mut responses.clone(),
                                            &mut cursor.clone(),
                                            None,
                                            style,
                                        );
                                    }
                                    ui.add_space(24.0);
                                });
                            },
                        );
                        if changed {
                            for ci in exam.question_cards(q.number) {
                                if let Some(r) = session.set(&exam, ci, responses[ci], now) {
                                    let finished = matches!(r, Record::MockFinished(_));
                                    shared.commit(r);
                                    if finished {
                                        next = Some(Phase::Results { session: session.clone() });
                                        break;
                                    }
                                }
                            }
                        }
                    }
                    if *confirm && next.is_none() {
                        let blank = exam
                            .questions()
                            .filter(|q| {
                                exam.question_cards(q.number)
                                    .iter()
                                    .all(|&c| !session.attempt.responses.contains_key(&exam.cards[c].id.0))
                            })
                            .count();
                        let flagged = session.attempt.flagged.len();
                        let mut yes = false;
                        egui::Modal::new(egui::Id::unique("mock-confirm")).show(ui.ctx(), |ui| {
                            ui.set_max_width(440.0);
                            ui.heading("Submit the exam?");
                            ui.add_space(6.0);
                            ui.label(format!(
                                "{} left on the clock. {blank} questions are blank and {flagged} flagged.",
                                clock_text(left)
                            ));
                            ui.add_space(10.0);
                            ui.horizontal(|ui| {
                                if ui.button(RichText::new(theme::with_key("Submit", "Enter")).strong()).clicked()
                                    || ui.input(|i| i.key_pressed(Key::Enter))
                                {
                                    yes = true;
                                }
                                if ui.button(theme::with_key("Keep working", "Esc")).clicked()
                                    || ui.input(|i| i.key_pressed(Key::Escape))
                                {
                                    *confirm = false;
                                }
                            });
                        });
                        if yes && let Some(r) = session.submit(&exam, now) {
                            shared.commit(r);
                            next = Some(Phase::Results { session: session.clone() });
                        }
                    }
                }
            }
            Phase::Results { session } => {
                let score = session.score(&exam);
                let used = session.time_used(now);
                let extra = format!(
                    "Time used {} of {} min{}",
                    clock_text(used),
                    session.attempt.minutes,
                    if session.attempt.timed_out { " · submitted when time ran out" } else { "" }
                );
                results::summary(ui, "Mock exam result", score.total, score.max, Some(&extra));
                ui.vertical_centered(|ui| {
                    ui.horizontal(|ui| {
                        ui.add_space(((ui.available_width() - 620.0) / 2.0).max(0.0));
                        let wrong = score
                            .questions
                            .iter()
                            .flat_map(|q| &q.cards)
                            .filter(|c| c.outcome == crate::scoring::Outcome::Wrong)
                            .count();
                        let can_add = !session.attempt.mistakes_added && wrong > 0;
                        let label = if session.attempt.mistakes_added {
                            "Mistakes added to today's reviews".to_string()
                        } else if wrong == 0 {
                            "No mistakes to add".to_string()
                        } else if wrong == 1 {
                            "Add my 1 mistake to today's reviews".to_string()
                        } else {
                            format!("Add my {wrong} mistakes to today's reviews")
                        };
                        if ui.add_enabled(can_add, egui::Button::new(theme::with_key(&label, "A"))).clicked()
                            || (can_add && pressed(ui, Key::A))
                        {
                            let state = |i: usize| shared.card_state(&deck_id, i);
                            let recs = session.add_mistakes(&exam, &state, shared.today(), now);
                            let n = recs.len().saturating_sub(1);
                            for r in recs {
                                shared.commit(r);
                            }
                            shared.toast(format!("{n} cards are due today."));
                        }
                        if ui.button(theme::with_key("Home", "Esc")).clicked() {
                            nav = Some(Nav::To(Screen::Home));
                        }
                    });
                });
                ui.vertical_centered(|ui| home::mock_history(ui, shared, &deck_id));
                let mut painter = Painter { math: &mut shared.math, images: Some(&images) };
                let responses = session.responses(&exam);
                egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                    theme::reading_column(ui, |ui| {
                        results::sections(ui, &score.sections);
                        for qs in &score.questions {
                            let Some(q) = exam.question(qs.number) else { continue };
                            ui.add_space(12.0);
                            ui.separator();
                            super::question::header(
                                ui,
                                q,
                                if session.attempt.flagged.contains(&q.number) { "flagged" } else { "" },
                            );
                            question(
                                ui,
                                &mut painter,
                                &exam,
                                q,
                                &mut responses.clone(),
                                &mut Cursor::default(),
                                Some(qs),
                                style,
                            );
                        }
                        ui.add_space(20.0);
                    });
                });
            }
        }
        if let Some(p) = next {
            self.phase = p;
            ui.ctx().request_repaint();
        }
        nav
    }
}
