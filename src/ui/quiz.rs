//! Quiz: pick whole questions (random, a section, a topic, the weakest, the due ones), answer as
//! in the exam, submit, and see the score under the exam's rules with every card reviewed. Also
//! "score a paper attempt": every question, entered card by card, scored without touching SM-2.

use super::action::{Action, Nav};
use super::help::{exam, study};
use super::question::{Answers, Cursor, question};
use super::view::Cx;
use super::{results, submit, theme};
use crate::deck::Body;
use crate::library::{Deck, Library, LibraryError};
use crate::model::Review;
use crate::session::quiz::{Pick, QuizSession};
use crate::sm2::Grade;
use egui::{RichText, Ui};
use std::collections::HashMap;

#[derive(Clone, Copy, PartialEq, Eq)]
enum How {
    Random,
    Section,
    Topic,
    Weakest,
    Due,
}

struct Setup {
    how: How,
    count: usize,
    section: usize,
    topic: String,
}

/// Where the student is in a quiz: the question, and the card the keyboard is on.
#[derive(Default)]
struct Place {
    index: usize,
    cursor: Cursor,
}

enum Phase {
    Setup(Setup),
    Answer { session: QuizSession, place: Place, confirm: bool },
    Review { session: QuizSession, reviews: HashMap<usize, Review> },
}

/// The quiz screen.
pub struct QuizScreen {
    phase: Phase,
    /// A paper attempt: every question, no SM-2.
    paper: bool,
}

impl QuizScreen {
    /// The set-up page.
    pub fn setup() -> Self {
        QuizScreen {
            phase: Phase::Setup(Setup { how: How::Random, count: 5, section: 0, topic: String::new() }),
            paper: false,
        }
    }

    /// Answering `questions` of `deck` (a paper attempt when `paper`), options shown in `order`.
    pub fn answering(deck: &Deck, questions: Vec<u32>, paper: bool, order: crate::session::shuffle::Order) -> Self {
        let mut session = QuizSession::new(&deck.id, &deck.exam, questions);
        session.order = order;
        QuizScreen { phase: Phase::Answer { session, place: Place::default(), confirm: false }, paper }
    }

    /// Scores the quiz (and records it, unless it is a paper attempt); on success the review page
    /// shows.
    pub fn submit(&mut self, lib: &mut Library, now: chrono::DateTime<chrono::Utc>) -> Result<(), LibraryError> {
        let Phase::Answer { session, .. } = &mut self.phase else { return Ok(()) };
        let mut session = session.clone();
        let reviews = if self.paper {
            lib.score_paper(&mut session)?;
            HashMap::new()
        } else {
            lib.submit_quiz(&mut session, now)?
        };
        self.phase = Phase::Review { session, reviews };
        Ok(())
    }

    /// Marks a written answer right, half or wrong.
    pub fn mark(
        &mut self,
        lib: &mut Library,
        card: usize,
        mark: crate::deck::Mark,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), LibraryError> {
        let Phase::Review { session, reviews } = &mut self.phase else { return Ok(()) };
        if self.paper {
            // A paper attempt records nothing: the mark only scores it.
            session.responses[card] = Some(crate::deck::Answer::Mark(mark));
            return lib.score_paper(session);
        }
        if let Some(r) = lib.mark_quiz(session, card, mark, now)? {
            reviews.insert(card, r);
        }
        Ok(())
    }

    /// Toggles Guessed on the review of `card`.
    pub fn regrade(
        &mut self,
        lib: &mut Library,
        card: usize,
        now: chrono::DateTime<chrono::Utc>,
    ) -> Result<(), LibraryError> {
        let Phase::Review { session, reviews } = &mut self.phase else { return Ok(()) };
        let Some(old) = reviews.get(&card).cloned() else { return Ok(()) };
        let new = lib.regrade_quiz(session, &old, now)?;
        reviews.insert(card, new);
        Ok(())
    }

    /// Whether the student is answering (not choosing a quiz or reading its results).
    pub fn is_answering(&self) -> bool {
        matches!(self.phase, Phase::Answer { .. })
    }

    /// Draws the screen.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) -> Option<Action> {
        let deck_id = match &self.phase {
            Phase::Answer { session, .. } | Phase::Review { session, .. } => session.deck.clone(),
            Phase::Setup(_) => cx.deck.to_string(),
        };
        let Some(deck) = cx.lib.deck(&deck_id).cloned() else { return Some(Action::Go(Nav::Home)) };
        match &mut self.phase {
            Phase::Setup(setup) => setup_page(ui, &deck, setup),
            Phase::Answer { session, place, confirm } => {
                let title = if self.paper { "Paper attempt: enter your marks" } else { "Quiz" };
                // Submitting first shows what is blank or partly answered.
                match answer_page(ui, cx, &deck, title, session, place, *confirm) {
                    Asked::Submit => *confirm = true,
                    Asked::Home => return Some(Action::Go(Nav::Home)),
                    Asked::Nothing => {}
                }
                if !*confirm {
                    return None;
                }
                let written = |c: usize| session.written.get(&c).is_some_and(|w| !w.trim().is_empty());
                let pending = submit::pending(
                    &deck.exam,
                    session.questions.iter().copied(),
                    |c| session.responses[c].is_some() || written(c),
                    |_| false,
                );
                match submit::dialog(
                    ui,
                    if self.paper { "Score the attempt?" } else { "Submit the quiz?" },
                    "",
                    &pending,
                )? {
                    submit::Choice::Submit => {
                        *confirm = false;
                        Some(Action::SubmitQuiz)
                    }
                    submit::Choice::Keep => {
                        *confirm = false;
                        None
                    }
                    submit::Choice::Jump(i) => {
                        *confirm = false;
                        *place = Place { index: i, cursor: Cursor::default() };
                        None
                    }
                }
            }
            Phase::Review { session, reviews } => review_page(ui, cx, &deck, session, reviews, self.paper),
        }
    }
}

fn count_picker(ui: &mut Ui, count: &mut usize, max: usize) {
    ui.add(egui::DragValue::new(count).range(1..=max.max(1)).suffix(" questions"));
}

fn setup_page(ui: &mut Ui, deck: &Deck, s: &mut Setup) -> Option<Action> {
    let exam = &deck.exam;
    let mut start = false;
    ui.vertical_centered(|ui| {
        theme::column_width(ui);
        ui.add_space(20.0);
        ui.heading("Quiz");
        ui.label(RichText::new("Whole questions, answered and scored as in the exam.").color(theme::muted(ui)));
        ui.add_space(16.0);
        ui.with_layout(egui::Layout::top_down(egui::Align::Min), |ui| {
            ui.horizontal(|ui| {
                ui.radio_value(&mut s.how, How::Random, "Questions at random");
                count_picker(ui, &mut s.count, exam.question_count());
            });
            ui.horizontal(|ui| {
                ui.radio_value(&mut s.how, How::Section, "One section");
                let title = |i: usize, t: &str| if t.is_empty() { format!("Section {}", i + 1) } else { t.to_string() };
                egui::ComboBox::from_id_salt("quiz-section")
                    .selected_text(exam.sections.get(s.section).map(|x| title(s.section, &x.title)).unwrap_or_default())
                    .show_ui(ui, |ui| {
                        for (i, sec) in exam.sections.iter().enumerate() {
                            if ui.selectable_value(&mut s.section, i, title(i, &sec.title)).clicked() {
                                s.how = How::Section;
                            }
                        }
                    });
            });
            topic_choice(ui, deck, s);
            ui.horizontal(|ui| {
                ui.radio_value(&mut s.how, How::Weakest, "My weakest questions");
                if s.how == How::Weakest {
                    count_picker(ui, &mut s.count, exam.question_count());
                }
            });
            ui.radio_value(&mut s.how, How::Due, "Questions with cards due today");
            ui.add_space(16.0);
            start = ui.button(RichText::new(exam::START.on("Start the quiz")).size(17.0)).clicked()
                || exam::START.pressed(ui);
        });
    });
    start.then(|| {
        Action::StartQuiz(match s.how {
            How::Random => Pick::Random(s.count),
            How::Section => Pick::Section(s.section),
            How::Topic => Pick::Topic(s.topic.clone()),
            How::Weakest => Pick::Weakest(s.count),
            How::Due => Pick::Due,
        })
    })
}

fn topic_choice(ui: &mut Ui, deck: &Deck, s: &mut Setup) {
    let mut topics: Vec<String> = deck.exam.questions().flat_map(|q| q.topics.iter().cloned()).collect();
    topics.sort();
    topics.dedup();
    if topics.is_empty() {
        return;
    }
    if s.topic.is_empty() {
        s.topic = topics[0].clone();
    }
    ui.horizontal(|ui| {
        ui.radio_value(&mut s.how, How::Topic, "One topic");
        egui::ComboBox::from_id_salt("quiz-topic").selected_text(s.topic.clone()).show_ui(ui, |ui| {
            for t in &topics {
                if ui.selectable_value(&mut s.topic, t.clone(), t).clicked() {
                    s.how = How::Topic;
                }
            }
        });
    });
}

/// What the student asked for on the answering page.
enum Asked {
    Nothing,
    Submit,
    /// Home, from the compact header of a short window.
    Home,
}

/// The answering page shared by quizzes and paper attempts: a navigator of questions, one question
/// at a time, ←/→ to move, Ctrl+Enter to submit.
fn answer_page(
    ui: &mut Ui,
    cx: &mut Cx<'_>,
    deck: &Deck,
    title: &str,
    session: &mut QuizSession,
    place: &mut Place,
    confirming: bool,
) -> Asked {
    let exam = &deck.exam;
    let n = session.questions.len();
    let mut goto = None;
    let mut home = false;
    egui::Panel::top("quiz-nav").show(ui, |ui| {
        theme::gap(ui, 4.0);
        let tiles: Vec<super::navigator::Tile> = session
            .questions
            .iter()
            .enumerate()
            .filter_map(|(i, num)| {
                let q = exam.question(*num)?;
                let answered = q
                    .cards
                    .clone()
                    .filter(|&c| {
                        session.responses[c].is_some() || session.written.get(&c).is_some_and(|w| !w.trim().is_empty())
                    })
                    .count();
                Some(super::navigator::Tile {
                    number: *num,
                    answered,
                    total: q.cards.len(),
                    flagged: false,
                    current: i == place.index,
                })
            })
            .collect();
        // A short window folds the top bar away: this row keeps its Home button.
        if theme::compact(ui) {
            ui.horizontal(|ui| {
                ui.label(RichText::new(title).strong());
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    home = theme::home_button(ui);
                    ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                        goto = super::navigator::tiles(ui, &tiles).or(goto);
                    });
                });
            });
        } else {
            ui.horizontal_wrapped(|ui| {
                ui.label(RichText::new(title).strong());
                ui.add_space(8.0);
                goto = super::navigator::tiles(ui, &tiles).or(goto);
            });
        }
        theme::gap(ui, 4.0);
    });
    let mut submit = false;
    egui::Panel::bottom("quiz-actions").show(ui, |ui| {
        theme::gap(ui, 8.0);
        ui.horizontal(|ui| {
            if ui.add_enabled(place.index > 0, egui::Button::new(exam::PREVIOUS.on("Previous"))).clicked() {
                goto = Some(place.index - 1);
            }
            if ui.add_enabled(place.index + 1 < n, egui::Button::new(exam::NEXT.on("Next"))).clicked() {
                goto = Some(place.index + 1);
            }
            // egui writes the arrow keys as ⏶⏷, which the fonts lack: the table's own "↑ ↓".
            let hint = format!(
                "{} card · {} option · {} · {} clears",
                super::help::scroll::ARROWS.shown,
                study::OPTION.shown,
                study::TF.shown,
                exam::CLEAR.shown
            );
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let answered = session.responses.iter().filter(|r| r.is_some()).count() + session.written.len();
                submit = ui.button(RichText::new(exam::SUBMIT.on("Submit")).strong()).clicked();
                ui.label(format!("{} answered", crate::import::summary::count(answered, "card", "cards")));
                // The hint takes the room left, cut short with "…" in a narrow window (the
                // overlay lists every key).
                ui.with_layout(egui::Layout::left_to_right(egui::Align::Center), |ui| {
                    ui.add(egui::Label::new(theme::key(&hint).color(theme::muted(ui))).truncate());
                });
            });
        });
        theme::gap(ui, 8.0);
    });
    // While the submit review is open, its own keys (Enter, Esc) are the only ones.
    submit |= !confirming && exam::SUBMIT.pressed(ui);
    if !confirming && exam::NEXT.pressed(ui) && place.index + 1 < n {
        goto = Some(place.index + 1);
    }
    if !confirming && exam::PREVIOUS.pressed(ui) && place.index > 0 {
        goto = Some(place.index - 1);
    }
    if let Some(i) = goto {
        place.index = i;
        place.cursor = Cursor::default();
    }
    let asked = if home {
        Asked::Home
    } else if submit {
        Asked::Submit
    } else {
        Asked::Nothing
    };
    let Some(q) = session.questions.get(place.index).and_then(|&num| exam.question(num)) else { return asked };
    let style = cx.style(ui);
    let mut painter = cx.painter(deck);
    egui::ScrollArea::vertical().id_salt(("quiz-q", q.number)).auto_shrink([false, false]).show(ui, |ui| {
        theme::page_keys(ui, false);
        theme::reading_column(ui, |ui| {
            theme::gap(ui, 10.0);
            super::question::header(ui, q, &format!("{} of {n}", place.index + 1));
            let mut responses = session.responses.clone();
            let mut written = session.written.clone();
            let answers = &mut Answers { responses: &mut responses, written: &mut written, order: &session.order };
            let changed = question(ui, &mut painter, exam, q, answers, &mut place.cursor, None, style);
            if changed.responses {
                for (i, r) in responses.into_iter().enumerate() {
                    session.set(i, r);
                }
            }
            if let Some(c) = changed.written {
                session.write(c, written.get(&c).map_or("", String::as_str));
            }
            ui.add_space(20.0);
            ui.label(RichText::new(rule_text(q)).small().color(theme::muted(ui)));
        });
    });
    asked
}

/// How a question is scored, in a sentence.
pub fn rule_text(q: &crate::deck::Question) -> String {
    let pts = crate::import::summary::points(q.points);
    let rule = match &q.body {
        Body::Statements(_) => {
            " Each true/false mark is worth its share, a wrong one costs as much, a blank costs nothing; the question never goes below 0."
        }
        Body::Parts(_) if q.rule == crate::deck::Rule::Permutation => {
            " Each line must be used exactly once, or the question scores 0."
        }
        Body::Parts(_) => " Each part is scored on its own and never goes below 0.",
        _ => " A wrong answer costs nothing.",
    };
    format!("Worth {pts}.{rule}")
}

fn review_page(
    ui: &mut Ui,
    cx: &mut Cx<'_>,
    deck: &Deck,
    session: &QuizSession,
    reviews: &HashMap<usize, Review>,
    paper: bool,
) -> Option<Action> {
    let exam = &deck.exam;
    let mut action = None;
    egui::Panel::bottom("quiz-review-actions").show(ui, |ui| {
        ui.add_space(8.0);
        ui.horizontal(|ui| {
            if ui.button(exam::ANOTHER.on("Another quiz")).clicked() || exam::ANOTHER.pressed(ui) {
                action = Some(Action::Go(Nav::QuizSetup));
            }
            if theme::home_button(ui) {
                action = Some(Action::Go(Nav::Home));
            }
        });
        ui.add_space(8.0);
    });
    let (score, max) = session.totals().unwrap_or_default();
    let left = session.unmarked().len();
    let note = (left > 0).then(|| {
        format!(
            "Not final yet: mark {} against the solution below.",
            crate::import::summary::count(left, "written answer", "written answers")
        )
    });
    results::summary(ui, if paper { "Your paper attempt" } else { "Quiz result" }, score, max, note.as_deref());
    let scores = session.result.clone().unwrap_or_default();
    let style = cx.style(ui);
    let mut painter = cx.painter(deck);
    egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
        theme::page_keys(ui, true);
        theme::reading_column(ui, |ui| {
            if !paper && !reviews.is_empty() {
                ui.label(RichText::new("Right answers counted as Good for scheduling. Tick Guessed where you were not sure: the card comes back sooner.").color(theme::muted(ui)));
            }
            results::overview(ui, &scores);
            for qs in &scores {
                let Some(q) = exam.question(qs.number) else { continue };
                ui.add_space(14.0);
                ui.separator();
                results::anchor(ui, q.number);
                super::question::header(ui, q, "");
                let mut responses = session.responses.clone();
                let mut written = session.written.clone();
                let answers = &mut Answers { responses: &mut responses, written: &mut written, order: &session.order };
                let changed = question(ui, &mut painter, exam, q, answers, &mut Cursor::default(), Some(qs), style);
                if let Some((card, mark)) = changed.mark {
                    action = Some(Action::MarkQuiz { card, mark });
                }
                // Guessed marks for right answers that were scheduled.
                for c in &qs.cards {
                    if let Some(r) = reviews.get(&c.card)
                        && r.grade != Grade::Wrong
                        && r.before != r.after
                    {
                        let mut is_guess = r.grade == Grade::Guessed;
                        if ui.checkbox(&mut is_guess, format!("Guessed card {}", exam.cards[c.card].id)).changed() {
                            action = Some(Action::RegradeQuiz(c.card));
                        }
                    }
                }
            }
            ui.add_space(20.0);
        });
    });
    action
}
