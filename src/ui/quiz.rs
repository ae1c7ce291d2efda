//! Quiz: pick whole questions (random, a section, a topic, the weakest, the due ones), answer as
//! in the exam, submit, and see the score under the exam's rules with every card reviewed. Also
//! "score a paper attempt": every question, entered card by card, scored without touching SM-2.

use super::app::{Nav, Screen, Shared, pressed};
use super::question::{Cursor, question};
use super::text::{Painter, Style};
use super::{results, theme};
use crate::deck::Exam;
use crate::import::fmt_points;
use crate::session::quiz::{Pick, QuizSession, pick};
use crate::sm2::Grade;
use crate::store::collection::{Record, Review};
use egui::{Key, Modifiers, RichText, Ui};
use std::collections::HashMap;

#[derive(Clone, Copy, PartialEq, Eq)]
enum How {
    Random,
    Section,
    Topic,
    Weakest,
    Due,
}

enum Phase {
    Setup { how: How, count: usize, section: usize, topic: String },
    Answer { session: QuizSession, index: usize, cursor: Cursor },
    Review { session: QuizSession, reviews: HashMap<usize, Review> },
}

/// The quiz screen.
pub struct QuizScreen {
    phase: Phase,
    /// A paper attempt: every question, no SM-2.
    paper: bool,
    deck: Option<String>,
}

impl QuizScreen {
    /// The set-up page.
    pub fn setup() -> Self {
        QuizScreen {
            phase: Phase::Setup { how: How::Random, count: 5, section: 0, topic: String::new() },
            paper: false,
            deck: None,
        }
    }

    /// A quiz over chosen questions of the current deck.
    pub fn with_questions(shared: &Shared, numbers: Vec<u32>) -> Self {
        let mut s = QuizScreen::setup();
        if let Some(d) = shared.deck() {
            let state = |i: usize| shared.card_state(&d.id, i);
            let qs = pick(&d.exam, &state, &Pick::Numbers(numbers), shared.today(), 0);
            s.deck = Some(d.id.clone());
            s.phase =
                Phase::Answer { session: QuizSession::new(&d.id, &d.exam, qs), index: 0, cursor: Cursor::default() };
        }
        s
    }

    /// Entering a paper attempt over the whole exam.
    pub fn paper(shared: &Shared) -> Self {
        let mut s = QuizScreen::setup();
        s.paper = true;
        if let Some(d) = shared.deck() {
            let qs: Vec<u32> = d.exam.questions().map(|q| q.number).collect();
            s.deck = Some(d.id.clone());
            s.phase =
                Phase::Answer { session: QuizSession::new(&d.id, &d.exam, qs), index: 0, cursor: Cursor::default() };
        }
        s
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, shared: &mut Shared) -> Option<Nav> {
        let deck_id = self.deck.clone().unwrap_or_else(|| shared.current.clone());
        let Some(deck) = shared.decks.get(&deck_id) else { return Some(Nav::To(Screen::Home)) };
        let exam = deck.exam.clone();
        let images = deck.images.clone();
        let style = Style { size: shared.store.collection().settings.text_size, color: ui.visuals().text_color() };
        let mut next_phase = None;
        let mut nav = None;
        match &mut self.phase {
            Phase::Setup { how, count, section, topic } => {
                let mut start = false;
                ui.vertical_centered(|ui| {
                    ui.set_max_width(theme::COLUMN);
                    ui.add_space(20.0);
                    ui.heading("Quiz");
                    ui.label(
                        RichText::new("Whole questions, answered and scored as in the exam.").color(theme::muted(ui)),
                    );
                    ui.add_space(16.0);
                    ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
                        ui.horizontal(|ui| {
                            ui.radio_value(how, How::Random, "Questions at random");
                            ui.add(
                                egui::DragValue::new(count)
                                    .range(1..=exam.question_count().max(1))
                                    .suffix(" questions"),
                            );
                        });
                        ui.horizontal(|ui| {
                            ui.radio_value(how, How::Section, "One section");
                            egui::ComboBox::from_id_salt("quiz-section")
                                .selected_text(exam.sections.get(*section).map(|s| s.title.clone()).unwrap_or_default())
                                .show_ui(ui, |ui| {
                                    for (i, s) in exam.sections.iter().enumerate() {
                                        let t = if s.title.is_empty() {
                                            format!("Section {}", i + 1)
                                        } else {
                                            s.title.clone()
                                        };
                                        if ui.selectable_value(section, i, t).clicked() {
                                            *how = How::Section;
                                        }
                                    }
                                });
                        });
                        let mut topics: Vec<String> = exam.questions().flat_map(|q| q.topics.iter().cloned()).collect();
                        topics.sort();
                        topics.dedup();
                        if !topics.is_empty() {
                            if topic.is_empty() {
                                *topic = topics[0].clone();
                            }
                            ui.horizontal(|ui| {
                                ui.radio_value(how, How::Topic, "One topic");
                                egui::ComboBox::from_id_salt("quiz-topic").selected_text(topic.clone()).show_ui(
                                    ui,
                                    |ui| {
                                        for t in &topics {
                                            if ui.selectable_value(topic, t.clone(), t).clicked() {
                                                *how = How::Topic;
                                            }
                                        }
                                    },
                                );
                            });
                        }
                        ui.horizontal(|ui| {
                            ui.radio_value(how, How::Weakest, "My weakest questions");
                            if *how == How::Weakest {
                                ui.add(
                                    egui::DragValue::new(count)
                                        .range(1..=exam.question_count().max(1))
                                        .suffix(" questions"),
                                );
                            }
                        });
                        ui.radio_value(how, How::Due, "Questions with cards due today");
                        ui.add_space(16.0);
                        if ui.button(RichText::new(theme::with_key("Start the quiz", "Enter")).size(17.0)).clicked()
                            || pressed(ui, Key::Enter)
                        {
                            start = true;
                        }
                    });
                });
                if start {
                    let p = match how {
                        How::Random => Pick::Random(*count),
                        How::Section => Pick::Section(*section),
                        How::Topic => Pick::Topic(topic.clone()),
                        How::Weakest => Pick::Weakest(*count),
                        How::Due => Pick::Due,
                    };
                    let state = |i: usize| shared.card_state(&deck_id, i);
                    let seed = shared.now.timestamp_nanos_opt().unwrap_or(0) as u64;
                    let qs = pick(&exam, &state, &p, shared.today(), seed);
                    if qs.is_empty() {
                        shared.toast("No question matches that choice.");
                    } else {
                        self.deck = Some(deck_id.clone());
                        next_phase = Some(Phase::Answer {
                            session: QuizSession::new(&deck_id, &exam, qs),
                            index: 0,
                            cursor: Cursor::default(),
                        });
                    }
                }
            }
            Phase::Answer { session, index, cursor } => {
                let title = if self.paper { "Paper attempt: enter your marks" } else { "Quiz" };
                let submit = answer_page(ui, shared, &exam, &images, title, session, index, cursor, style);
                if submit {
                    let mut reviews = HashMap::new();
                    if self.paper {
                        session.result = Some(
                            session
                                .questions
                                .iter()
                                .filter_map(|&n| crate::scoring::score_question(&exam, n, &session.responses))
                                .collect(),
                        );
                    } else {
                        let state = |i: usize| shared.card_state(&deck_id, i);
                        let (rs, result) = session.submit(&exam, &state, shared.today(), shared.now);
                        for r in rs {
                            if let Some(i) = exam.card_index(&r.card) {
                                reviews.insert(i, r.clone());
                            }
                            shared.commit(Record::Review(r));
                        }
                        shared.commit(Record::QuizFinished(result));
                    }
                    next_phase = Some(Phase::Review { session: session.clone(), reviews });
                }
            }
            Phase::Review { session, reviews } => {
                let (score, max) = session.totals().unwrap_or_default();
                let mut guessed: Option<usize> = None;
                egui::Panel::bottom("quiz-review-actions").show(ui, |ui| {
                    ui.add_space(8.0);
                    ui.horizontal(|ui| {
                        if ui.button(theme::with_key("Another quiz", "Q")).clicked() || pressed(ui, Key::Q) {
                            nav = Some(Nav::To(Screen::Quiz(Box::new(QuizScreen::setup()))));
                        }
                        if ui.button(theme::with_key("Home", "Esc")).clicked() {
                            nav = Some(Nav::To(Screen::Home));
                        }
                    });
                    ui.add_space(8.0);
                });
                results::summary(ui, if self.paper { "Your paper attempt" } else { "Quiz result" }, score, max, None);
                let scores = session.result.clone().unwrap_or_default();
                let mut painter = Painter { math: &mut shared.math, images: Some(&images) };
                egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
                    theme::reading_column(ui, |ui| {
                    if !self.paper && !reviews.is_empty() {
                        ui.label(RichText::new("Right answers counted as Good for scheduling. Tick Guessed where you were not sure: the card comes back sooner.").color(theme::muted(ui)));
                    }
                    for qs in &scores {
                        let Some(q) = exam.question(qs.number) else { continue };
                        ui.add_space(14.0);
                        ui.separator();
                        super::question::header(ui, q, "");
                        let mut responses = session.responses.clone();
                        question(ui, &mut painter, &exam, q, &mut responses, &mut Cursor::default(), Some(qs), style);
                        // Guessed marks for right answers that were scheduled.
                        for c in &qs.cards {
                            if let Some(r) = reviews.get(&c.card)
                                && r.grade != Grade::Wrong
                                && r.before != r.after
                            {
                                let mut is_guess = r.grade == Grade::Guessed;
                                let label = format!("Guessed card {}", exam.cards[c.card].id);
                                if ui.checkbox(&mut is_guess, label).changed() {
                                    guessed = Some(c.card);
                                }
                            }
                        }
                    }
                    ui.add_space(20.0);
                    });
                });
                if let Some(ci) = guessed
                    && let Some(old) = reviews.get(&ci).cloned()
                {
                    let new_grade = if old.grade == Grade::Guessed { Grade::Good } else { Grade::Guessed };
                    let state = |_: usize| Some(old.before.clone());
                    if let Some(mut r) = session.review_for(&exam, ci, &state, new_grade, old.day, shared.now) {
                        r.before = old.before.clone();
                        if shared.commit(Record::Undo { review: Box::new(old) })
                            && shared.commit(Record::Review(r.clone()))
                        {
                            reviews.insert(ci, r);
                        }
                    }
                }
            }
        }
        if let Some(p) = next_phase {
            self.phase = p;
            ui.ctx().request_repaint();
        }
        nav
    }
}

/// The answering page shared by quizzes and paper attempts: a navigator of questions, one question
/// at a time, ←/→ to move, Ctrl+Enter to submit. Returns true when the student submits.
#[allow(clippy::too_many_arguments)]
pub fn answer_page(
    ui: &mut Ui,
    shared: &mut Shared,
    exam: &Exam,
    images: &std::path::Path,
    title: &str,
    session: &mut QuizSession,
    index: &mut usize,
    cursor: &mut Cursor,
    style: Style,
) -> bool {
    let mut submit = false;
    let n = session.questions.len();
    egui::Panel::top("quiz-nav").show(ui, |ui| {
        ui.add_space(4.0);
        ui.horizontal_wrapped(|ui| {
            ui.label(RichText::new(title).strong());
            ui.add_space(8.0);
            for (i, num) in session.questions.iter().enumerate() {
                let answered = exam.question_cards(*num).iter().any(|&c| session.responses[c].is_some());
                let mut text = RichText::new(num.to_string());
                if answered {
                    text = text.strong();
                }
                let b = egui::Button::new(text).selected(i == *index).min_size(egui::vec2(34.0, 28.0));
                let b = if answered { b.fill(theme::tint(ui, theme::accent(ui))) } else { b };
                if ui.add(b).clicked() {
                    *index = i;
                    *cursor = Cursor::default();
                }
            }
        });
        ui.add_space(4.0);
    });
    egui::Panel::bottom("quiz-actions").show(ui, |ui| {
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.add_enabled(*index > 0, egui::Button::new(theme::with_key("Previous", "←"))).clicked() {
                *index -= 1;
                *cursor = Cursor::default();
            }
            if ui.add_enabled(*index + 1 < n, egui::Button::new(theme::with_key("Next", "→"))).clicked() {
                *index += 1;
                *cursor = Cursor::default();
            }
            ui.label(theme::key("↑↓ card · 1–9 option · T/F · Backspace clears").color(theme::muted(ui)));
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let answered = session.responses.iter().filter(|r| r.is_some()).count();
                if ui.button(RichText::new(theme::with_key("Submit", "Ctrl+Enter")).strong()).clicked() {
                    submit = true;
                }
                ui.label(if answered == 1 {
                    "1 card answered".to_string()
                } else {
                    format!("{answered} cards answered")
                });
            });
        });
        ui.add_space(8.0);
    });
    if ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Enter)) {
        submit = true;
    }
    if pressed(ui, Key::ArrowRight) && *index + 1 < n {
        *index += 1;
        *cursor = Cursor::default();
    }
    if pressed(ui, Key::ArrowLeft) && *index > 0 {
        *index -= 1;
        *cursor = Cursor::default();
    }
    let Some(&num) = session.questions.get(*index) else { return submit };
    let Some(q) = exam.question(num) else { return submit };
    let mut painter = Painter { math: &mut shared.math, images: Some(images) };
    egui::ScrollArea::vertical().id_salt(("quiz-q", num)).auto_shrink([false, false]).show(ui, |ui| {
        theme::reading_column(ui, |ui| {
            ui.add_space(10.0);
            super::question::header(ui, q, &format!("{} of {n}", *index + 1));
            let mut responses = session.responses.clone();
            if question(ui, &mut painter, exam, q, &mut responses, cursor, None, style) {
                for (i, r) in responses.into_iter().enumerate() {
                    session.set(i, r);
                }
            }
            ui.add_space(20.0);
            let pts = if q.points == 1.0 { "1 point".to_string() } else { format!("{} points", fmt_points(q.points)) };
            let rule = match &q.body {
                crate::deck::Body::Statements(_) => " Each true/false mark is worth its share, a wrong one costs as much, a blank costs nothing; the question never goes below 0.",
                crate::deck::Body::Parts(_) if q.rule == crate::deck::Rule::Permutation => " Each line must be used exactly once, or the question scores 0.",
                crate::deck::Body::Parts(_) => " Each part is scored on its own and never goes below 0.",
                _ => " A wrong answer costs nothing.",
            };
            ui.label(RichText::new(format!("Worth {pts}.{rule}")).small().color(theme::muted(ui)));
        });
    });
    submit
}
