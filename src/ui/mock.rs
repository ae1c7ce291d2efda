//! The mock exam: the exam's instructions, then the whole exam against a countdown (time left as
//! numbers and a bar that turns red in the last 5 minutes), a navigator of answered, blank and
//! flagged questions, submission after a confirmation or automatically at zero, then the results.

use super::action::{Action, Nav};
use super::help::exam;
use super::navigator;
use super::question::{Answers, Cursor, question};
use super::submit;
use super::view::Cx;
use super::{home, results, theme};
use crate::deck::Exam;
use crate::import::fmt_points;
use crate::library::ops::MockChange;
use crate::library::{Deck, Library, LibraryError};
use crate::session::mock::{MockSession, minutes_for};
use chrono::{DateTime, Utc};
use egui::{RichText, Ui};
use std::collections::BTreeMap;

enum Phase {
    Setup { percent: u32, custom: bool, minutes: u32 },
    Running { session: MockSession, cursor: Cursor, confirm: bool, drafts: BTreeMap<usize, String> },
    Results { session: MockSession },
}

/// The written answers of an attempt, by card index, to edit in place.
fn drafts_of(session: &MockSession, exam: &Exam) -> BTreeMap<usize, String> {
    session.attempt.written.iter().filter_map(|(id, t)| Some((exam.card_index(id)?, t.clone()))).collect()
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
    pub fn setup(lib: &Library, deck: &str) -> Self {
        let percent = lib.settings().mock_time_percent;
        let minutes = lib.deck(deck).and_then(|d| d.exam.duration_minutes).unwrap_or(60);
        MockScreen { phase: Phase::Setup { percent, custom: false, minutes } }
    }

    /// An attempt on screen: running, or its results when it is submitted.
    pub fn resumed(session: MockSession) -> Self {
        if session.is_submitted() {
            MockScreen { phase: Phase::Results { session } }
        } else {
            MockScreen {
                phase: Phase::Running { session, cursor: Cursor::default(), confirm: false, drafts: BTreeMap::new() },
            }
        }
    }

    /// Whether an attempt is running on this screen.
    pub fn is_running(&self) -> bool {
        matches!(self.phase, Phase::Running { .. })
    }

    /// Applies a change through the library; the results show once the attempt is submitted.
    /// Written answers being typed are kept first, so moving on or submitting never drops them.
    pub fn change(&mut self, lib: &mut Library, change: MockChange, now: DateTime<Utc>) -> Result<(), LibraryError> {
        match &mut self.phase {
            Phase::Results { session } => lib.change_mock(session, change, now),
            Phase::Running { session, cursor, drafts, .. } => {
                let goto = matches!(change, MockChange::Goto(_));
                if let Some(deck) = lib.deck(&session.attempt.deck).cloned() {
                    for (&card, text) in drafts.iter() {
                        let id = &deck.exam.cards[card].id.0;
                        if session.attempt.written.get(id).map_or("", String::as_str) != text.as_str() {
                            let write = MockChange::Write { card, text: text.clone() };
                            lib.change_mock(session, write, now)?;
                        }
                    }
                }
                lib.change_mock(session, change, now)?;
                if goto {
                    *cursor = Cursor::default();
                }
                if session.is_submitted() {
                    self.phase = Phase::Results { session: session.clone() };
                }
                Ok(())
            }
            Phase::Setup { .. } => Ok(()),
        }
    }

    /// Adds the submitted attempt's mistakes to today's reviews; returns how many.
    pub fn add_mistakes(&mut self, lib: &mut Library, now: DateTime<Utc>) -> Result<usize, LibraryError> {
        let Phase::Results { session } = &mut self.phase else { return Ok(0) };
        lib.add_mock_mistakes(session, now)
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) -> Option<Action> {
        let deck_id = match &self.phase {
            Phase::Running { session, .. } | Phase::Results { session } => session.attempt.deck.clone(),
            Phase::Setup { .. } => cx.deck.to_string(),
        };
        let Some(deck) = cx.lib.deck(&deck_id).cloned() else { return Some(Action::Go(Nav::Home)) };
        match &mut self.phase {
            Phase::Setup { percent, custom, minutes } => setup_page(ui, cx, &deck, percent, custom, minutes),
            Phase::Running { session, cursor, confirm, drafts } => {
                if drafts.is_empty() && !session.attempt.written.is_empty() {
                    *drafts = drafts_of(session, &deck.exam);
                }
                running(ui, cx, &deck, session, cursor, confirm, drafts)
            }
            Phase::Results { session } => results_page(ui, cx, &deck, session),
        }
    }
}

fn setup_page(
    ui: &mut Ui,
    cx: &mut Cx<'_>,
    deck: &Deck,
    percent: &mut u32,
    custom: &mut bool,
    minutes: &mut u32,
) -> Option<Action> {
    let exam = &deck.exam;
    let style = cx.style(ui);
    let mut painter = cx.painter(deck);
    let mut start = false;
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        theme::reading_column(ui, |ui| {
            ui.add_space(16.0);
            ui.heading("Mock exam");
            ui.label(
                RichText::new(format!(
                    "The whole exam in order: {}, {}. Scored exactly as the exam is: wrong true/false marks cost points, blanks are free, each question or part is clipped at zero.",
                    crate::import::summary::count(exam.question_count(), "question", "questions"),
                    crate::import::summary::points(exam.total_points())
                ))
                .color(theme::muted(ui)),
            );
            ui.add_space(12.0);
            ui.label(RichText::new("Time").strong());
            ui.horizontal(|ui| {
                for (p, label) in [(100, "Standard"), (150, "150 %"), (200, "200 %")] {
                    let m = minutes_for(exam, p, None);
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
            ui.add_space(16.0);
            start = ui.button(RichText::new(exam::START.on("Start the clock")).size(17.0)).clicked()
                || exam::START.pressed(ui);
            if !exam.instructions.is_empty() {
                ui.add_space(12.0);
                ui.label(RichText::new("The exam's instructions").strong());
                egui::Frame::group(ui.style()).inner_margin(12).show(ui, |ui| {
                    ui.set_width(ui.available_width());
                    painter.show(ui, &exam.instructions, super::text::Style { size: style.size * 0.92, ..style });
                });
            }
        });
    });
    start.then(|| Action::StartMock(minutes_for(exam, *percent, custom.then_some(*minutes))))
}

/// The clock and its bar, then the navigator; in a short window one row (the clock, the tiles
/// scrolling sideways, "Mock exam") over a thin bar, standing in for the top bar too. Returns the
/// question clicked in the navigator.
fn header(ui: &mut Ui, exam: &Exam, session: &MockSession, now: DateTime<Utc>) -> Option<usize> {
    let left = session.time_left(now);
    let total = chrono::Duration::minutes(i64::from(session.attempt.minutes));
    let late = left <= chrono::Duration::minutes(5);
    // The countdown shows whole seconds: repaint when the next one starts, at most twice a
    // second and never in a busy loop.
    let to_next_second = left.num_milliseconds().rem_euclid(1000).max(500) as u64;
    ui.ctx().request_repaint_after(std::time::Duration::from_millis(to_next_second));
    let color = if late { theme::wrong(ui) } else { ui.visuals().text_color() };
    let frac = (left.num_seconds() as f32 / total.num_seconds().max(1) as f32).clamp(0.0, 1.0);
    let fill = if late { theme::wrong(ui) } else { theme::accent(ui) };
    let bar = |height: f32| egui::ProgressBar::new(frac).desired_height(height).fill(fill);
    let clock = |ui: &mut Ui, size: f32| {
        ui.label(RichText::new(clock_text(left)).monospace().size(size).strong().color(color));
        ui.label(RichText::new("left").color(theme::muted(ui)));
    };
    if theme::compact(ui) {
        let mut goto = None;
        ui.horizontal(|ui| {
            clock(ui, 20.0);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                ui.label(RichText::new("Mock exam").color(theme::amber(ui)));
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    goto = navigator(ui, exam, session);
                });
            });
        });
        ui.add(bar(4.0));
        return goto;
    }
    ui.horizontal(|ui| {
        clock(ui, 26.0);
        ui.add(bar(10.0).desired_width(ui.available_width() - 10.0));
    });
    navigator(ui, exam, session)
}

fn navigator(ui: &mut Ui, exam: &Exam, session: &MockSession) -> Option<usize> {
    let a = &session.attempt;
    let tiles: Vec<navigator::Tile> = exam
        .questions()
        .enumerate()
        .map(|(i, q)| {
            let answered = q
                .cards
                .clone()
                .filter(|&c| {
                    let id = &exam.cards[c].id.0;
                    a.responses.contains_key(id) || a.written.get(id).is_some_and(|w| !w.trim().is_empty())
                })
                .count();
            navigator::Tile {
                number: q.number,
                answered,
                total: q.cards.len(),
                flagged: a.flagged.contains(&q.number),
                current: i == a.current,
            }
        })
        .collect();
    let goto = navigator::tiles(ui, &tiles);
    navigator::legend(ui, true);
    goto
}

fn running(
    ui: &mut Ui,
    cx: &mut Cx<'_>,
    deck: &Deck,
    session: &MockSession,
    cursor: &mut Cursor,
    confirm: &mut bool,
    drafts: &mut BTreeMap<usize, String>,
) -> Option<Action> {
    let exam = &deck.exam;
    if session.time_left(cx.now) <= chrono::Duration::zero() {
        return Some(Action::Mock(MockChange::Tick));
    }
    let mut action = None;
    egui::Panel::top("mock-timer").show(ui, |ui| {
        theme::gap(ui, 6.0);
        if let Some(i) = header(ui, exam, session, cx.now) {
            action = Some(Action::Mock(MockChange::Goto(i)));
        }
        theme::gap(ui, 4.0);
    });
    let count = exam.question_count();
    let idx = session.attempt.current.min(count.saturating_sub(1));
    let number = exam.questions().nth(idx).map(|q| q.number);
    let flagged = number.is_some_and(|n| session.attempt.flagged.contains(&n));
    // The card the keyboard is on: U marks its answer unsure.
    let focused = exam.questions().nth(idx).and_then(|q| {
        let c = q.cards.start + cursor.card.min(q.cards.len().saturating_sub(1));
        q.cards.contains(&c).then_some(c)
    });
    let unsure = focused.is_some_and(|c| session.attempt.unsure.contains(&exam.cards[c].id.0));
    egui::Panel::bottom("mock-actions").show(ui, |ui| {
        theme::gap(ui, 8.0);
        ui.horizontal(|ui| {
            if ui.add_enabled(idx > 0, egui::Button::new(exam::PREVIOUS.on("Previous"))).clicked() {
                action = Some(Action::Mock(MockChange::Goto(idx - 1)));
            }
            if ui.add_enabled(idx + 1 < count, egui::Button::new(exam::NEXT.on("Next"))).clicked() {
                action = Some(Action::Mock(MockChange::Goto(idx + 1)));
            }
            if ui.button(exam::FLAG.on(if flagged { "Unflag" } else { "Flag for review" })).clicked() {
                action = number.map(|n| Action::Mock(MockChange::Flag(n)));
            }
            let label = if unsure { "Unsure ✓" } else { "Mark unsure" };
            if ui
                .add_enabled(focused.is_some(), egui::Button::new(exam::UNSURE.on(label)).selected(unsure))
                .on_hover_text("For the guessing coach: after the exam it shows how your unsure answers scored")
                .clicked()
            {
                action = focused.map(|c| Action::Mock(MockChange::Unsure(c)));
            }
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                if ui.button(RichText::new(exam::SUBMIT.on("Submit…")).strong()).clicked() {
                    *confirm = true;
                }
            });
        });
        theme::gap(ui, 8.0);
    });
    if !*confirm && action.is_none() {
        action = running_keys(ui, idx, count, number, confirm);
        if action.is_none() && exam::UNSURE.pressed(ui) {
            action = focused.map(|c| Action::Mock(MockChange::Unsure(c)));
        }
    }
    let page = question_page(ui, cx, deck, session, cursor, drafts, idx, *confirm);
    if *confirm {
        return confirm_dialog(ui, exam, session, cx.now, confirm).or(action);
    }
    action.or(page)
}

fn running_keys(ui: &Ui, idx: usize, count: usize, number: Option<u32>, confirm: &mut bool) -> Option<Action> {
    if exam::NEXT.pressed(ui) && idx + 1 < count {
        return Some(Action::Mock(MockChange::Goto(idx + 1)));
    }
    if exam::PREVIOUS.pressed(ui) && idx > 0 {
        return Some(Action::Mock(MockChange::Goto(idx - 1)));
    }
    if exam::FLAG.pressed(ui) {
        return number.map(|n| Action::Mock(MockChange::Flag(n)));
    }
    if exam::SUBMIT.pressed(ui) {
        *confirm = true;
    }
    None
}

/// The question on screen; returns the answer the student changed, as an action.
#[allow(clippy::too_many_arguments)]
fn question_page(
    ui: &mut Ui,
    cx: &mut Cx<'_>,
    deck: &Deck,
    session: &MockSession,
    cursor: &mut Cursor,
    drafts: &mut BTreeMap<usize, String>,
    idx: usize,
    frozen: bool,
) -> Option<Action> {
    let exam = &deck.exam;
    let q = exam.questions().nth(idx)?;
    let style = cx.style(ui);
    let mut painter = cx.painter(deck);
    let before = session.responses(exam);
    let mut responses = before.clone();
    let mut written = drafts.clone();
    let mut changed = crate::ui::question::Changed::default();
    egui::ScrollArea::vertical().id_salt(("mock-q", q.number)).auto_shrink([false, false]).show(ui, |ui| {
        theme::page_keys(ui, false);
        theme::reading_column(ui, |ui| {
            theme::gap(ui, 10.0);
            let section = &exam.sections[exam.cards.get(q.cards.start).map_or(0, |c| c.pos.section())];
            let inline = super::question::section_title(ui, &section.title);
            let unsure: Vec<String> = q
                .cards
                .clone()
                .filter(|&c| session.attempt.unsure.contains(&exam.cards[c].id.0))
                .map(|c| exam.cards[c].id.0.clone())
                .collect();
            let place = format!("{} of {}", idx + 1, exam.question_count());
            let place = if unsure.is_empty() { place } else { format!("{place} · unsure: {}", unsure.join(", ")) };
            let place = match inline {
                Some(title) => format!("{place} · {title}"),
                None => place,
            };
            super::question::header(ui, q, &place);
            let mut cur = *cursor;
            let order = &session.attempt.order;
            let answers = &mut Answers { responses: &mut responses, written: &mut written, order };
            changed = question(ui, &mut painter, exam, q, answers, &mut cur, None, style);
            if !frozen {
                *cursor = cur;
            }
            ui.add_space(24.0);
        });
    });
    if frozen {
        return None;
    }
    if changed.written.is_some() {
        *drafts = written.clone();
    }
    if let Some(card) = changed.written_done {
        let text = written.get(&card).cloned().unwrap_or_default();
        return Some(Action::Mock(MockChange::Write { card, text }));
    }
    if !changed.responses {
        return None;
    }
    let card = q.cards.clone().find(|&c| responses[c] != before[c])?;
    Some(Action::Mock(MockChange::Set { card, answer: responses[card] }))
}

fn confirm_dialog(
    ui: &mut Ui,
    exam: &Exam,
    session: &MockSession,
    now: DateTime<Utc>,
    confirm: &mut bool,
) -> Option<Action> {
    let a = &session.attempt;
    let answered = |c: usize| {
        let id = &exam.cards[c].id.0;
        a.responses.contains_key(id) || a.written.get(id).is_some_and(|w| !w.trim().is_empty())
    };
    let pending = submit::pending(exam, exam.questions().map(|q| q.number), answered, |n| a.flagged.contains(&n));
    let lead = format!("{} left on the clock.", clock_text(session.time_left(now)));
    let choice = submit::dialog(ui, "Submit the exam?", &lead, &pending)?;
    *confirm = false;
    match choice {
        submit::Choice::Submit => Some(Action::Mock(MockChange::Submit)),
        submit::Choice::Keep => None,
        submit::Choice::Jump(i) => Some(Action::Mock(MockChange::Goto(i))),
    }
}

fn results_page(ui: &mut Ui, cx: &mut Cx<'_>, deck: &Deck, session: &MockSession) -> Option<Action> {
    let exam = &deck.exam;
    let score = session.score(exam);
    let extra = format!(
        "Time used {} of {} min{}",
        clock_text(session.time_used(cx.now)),
        session.attempt.minutes,
        if session.attempt.timed_out { " · submitted when time ran out" } else { "" }
    );
    let left = session.unmarked();
    let extra = if left > 0 {
        format!(
            "{extra} · not final yet: mark {} below",
            crate::import::summary::count(left, "written answer", "written answers")
        )
    } else {
        extra
    };
    results::summary(ui, "Mock exam result", score.total, score.max, Some(&extra));
    let mut action = None;
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
            } else {
                format!("Add my {} to today's reviews", crate::import::summary::count(wrong, "mistake", "mistakes"))
            };
            if ui.add_enabled(can_add, egui::Button::new(exam::MISTAKES.on(&label))).clicked()
                || (can_add && exam::MISTAKES.pressed(ui))
            {
                action = Some(Action::AddMockMistakes);
            }
            if theme::home_button(ui) {
                action = Some(Action::Go(Nav::Home));
            }
        });
    });
    ui.vertical_centered(|ui| home::mock_history(ui, cx, &deck.id));
    if session.is_submitted()
        && let Some(c) = cx.lib.coach(&session.attempt)
    {
        theme::reading_column(ui, |ui| coach_box(ui, &c, session.attempt.forecast));
    }
    let style = cx.style(ui);
    let mut painter = cx.painter(deck);
    let responses = session.responses(exam);
    let written = drafts_of(session, exam);
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        theme::page_keys(ui, true);
        theme::reading_column(ui, |ui| {
            results::overview(ui, &score.questions);
            results::sections(ui, &score.sections);
            for qs in &score.questions {
                let Some(q) = exam.question(qs.number) else { continue };
                ui.add_space(12.0);
                ui.separator();
                results::anchor(ui, q.number);
                super::question::header(
                    ui,
                    q,
                    if session.attempt.flagged.contains(&q.number) { "flagged" } else { "" },
                );
                let answers = &mut Answers {
                    responses: &mut responses.clone(),
                    written: &mut written.clone(),
                    order: &session.attempt.order,
                };
                let changed = question(ui, &mut painter, exam, q, answers, &mut Cursor::default(), Some(qs), style);
                if let Some((card, mark)) = changed.mark {
                    action = Some(Action::Mock(MockChange::Mark { card, mark }));
                }
            }
            ui.add_space(20.0);
        });
    });
    action
}

/// The guessing coach after a mock exam: what the unsure answers and the blanks did, and the rule
/// for next time.
pub fn coach_box(ui: &mut Ui, c: &crate::forecast::Coach, forecast: Option<f64>) {
    egui::Frame::group(ui.style()).inner_margin(12).show(ui, |ui| {
        ui.set_width(ui.available_width());
        ui.label(RichText::new("Guessing coach").strong());
        let signed = |x: f64| {
            if x.abs() < 0.005 {
                "±0".to_string()
            } else {
                format!("{}{}", if x > 0.0 { "+" } else { "−" }, fmt_points((x.abs() * 100.0).round() / 100.0))
            }
        };
        if c.unsure == 0 {
            ui.label("You marked no answer unsure (U while answering), so there is nothing to measure yet.");
        } else {
            ui.label(format!(
                "{}: {} right, {} points under the exam's rules.",
                crate::import::summary::count(c.unsure, "answer marked unsure", "answers marked unsure"),
                c.unsure_right,
                signed(c.unsure_points)
            ));
        }
        if c.blanks > 0 {
            let what = if c.blank_points >= 0.0 { "left on the table" } else { "saved by leaving them blank" };
            ui.label(format!(
                "{}: guessing them at your own rates would have given {} points on average ({what}).",
                crate::import::summary::count(c.blanks, "blank", "blanks"),
                signed(c.blank_points)
            ));
        }
        if let Some(f) = forecast {
            ui.label(RichText::new(format!("The forecast when you started: {f:.1} points.")).color(theme::muted(ui)));
        }
        ui.add_space(4.0);
        ui.label(RichText::new(&c.advice).strong());
    });
}
