//! Study: one card at a time from today's queue. Answer by click or key (1–9, T, F), see right
//! or wrong with the explanation, then grade (Guessed 1, Hard 2, Good 3 or Space, Easy 4), each
//! button showing its next interval. Ctrl+Z takes the last answer back.

use super::app::{Nav, Screen, Shared, pressed};
use super::question::{RowState, explanation, option_row, pressed_number};
use super::text::{Painter, Style};
use super::{quiz, theme};
use crate::deck::{Answer, CardKind};
use crate::queue::{self, DoneToday, Limits, QueueCard};
use crate::session::study::{Ctx, Phase, StudySession};
use crate::sm2::Grade;
use crate::store::collection::Record;
use egui::{Key, Modifiers, RichText, Ui, vec2};

/// Today's queue for a deck, within the daily limits and what was done already today.
pub fn today_queue(shared: &Shared, deck: &str) -> Vec<usize> {
    let Some(d) = shared.decks.get(deck) else { return Vec::new() };
    let col = shared.store.collection();
    let today = shared.today();
    let day = col.day(today);
    let limits = Limits { new_per_day: col.settings.new_per_day, reviews_per_day: col.settings.reviews_per_day };
    let cards = d.exam.cards.iter().enumerate().filter(|(_, c)| c.answer.is_some()).map(|(i, c)| QueueCard {
        index: i,
        question: c.id.question().unwrap_or(0),
        state: col.card(deck, &c.id.0),
    });
    queue::build(cards, today, limits, DoneToday { new: day.new, reviews: day.reviews })
}

/// The study screen.
pub struct StudyScreen {
    /// The session.
    pub session: StudySession,
    scrolled_to: Option<(usize, bool)>,
}

fn interval_text(days: u32) -> String {
    match days {
        0 => "again today".into(),
        1 => "1 day".into(),
        d if d < 60 => format!("{d} days"),
        d if d < 730 => format!("{:.0} mo", d as f32 / 30.0),
        d => format!("{:.1} yr", d as f32 / 365.0),
    }
}

impl StudyScreen {
    /// Starts today's session on `deck` (`None` when nothing is due).
    pub fn start(shared: &Shared, deck: &str) -> Option<StudyScreen> {
        let q = today_queue(shared, deck);
        if q.is_empty() {
            return None;
        }
        Some(StudyScreen { session: StudySession::new(deck, shared.today(), q), scrolled_to: None })
    }

    /// A session over the given cards (exam indices), for previews and benchmarks.
    pub fn with_queue(shared: &Shared, deck: &str, queue: Vec<usize>) -> StudyScreen {
        StudyScreen { session: StudySession::new(deck, shared.today(), queue), scrolled_to: None }
    }

    fn commit_review(shared: &mut Shared, r: crate::store::collection::Review) {
        shared.commit(Record::Review(r));
    }

    /// Draws the screen and handles its keys.
    pub fn ui(&mut self, ui: &mut Ui, shared: &mut Shared) -> Option<Nav> {
        let deck_id = self.session.deck.clone();
        let Some(deck) = shared.decks.get(&deck_id) else { return Some(Nav::To(Screen::Home)) };
        let exam = deck.exam.clone();
        let images = deck.images.clone();
        let now = shared.now;
        // Undo, from anywhere in the session.
        if ui.input_mut(|i| i.consume_key(Modifiers::COMMAND, Key::Z))
            && let Some(r) = self.session.undo(now)
        {
            shared.commit(Record::Undo { review: Box::new(r) });
            shared.toast("Last answer undone.");
            return None;
        }
        let current = {
            let state = crate::library::state_fn(&shared.store, &deck_id, &exam);
            self.session.current(&Ctx { exam: &exam, state: &state }, now).cloned()
        };
        let tally = self.session.tally();
        let style = Style { size: shared.store.collection().settings.text_size, color: ui.visuals().text_color() };
        let mut nav = None;

        // Progress, fixed at the top.
        egui::Panel::top("study-progress").show(ui, |ui| {
            ui.add_space(4.0);
            let planned = self.session.planned.max(1);
            let frac = tally.finished as f32 / planned as f32;
            ui.add(egui::ProgressBar::new(frac).desired_height(8.0).fill(theme::accent(ui)));
            ui.horizontal(|ui| {
                ui.label(format!("{} of {} done", tally.finished, self.session.planned));
                ui.label(RichText::new(format!("✔ {} right", tally.right)).color(theme::right(ui)));
                ui.label(RichText::new(format!("✖ {} wrong", tally.wrong)).color(theme::wrong(ui)));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if self.session.can_undo() {
                        ui.label(theme::key("Ctrl+Z  undo").color(theme::muted(ui)));
                    }
                });
            });
            ui.add_space(4.0);
        });

        let Some(cur) = current else {
            // Finished.
            ui.vertical_centered(|ui| {
                ui.add_space(60.0);
                ui.heading("Done for today");
                ui.add_space(10.0);
                ui.label(format!(
                    "{} cards · {} right at the first try · {} wrong · {} repeats",
                    tally.finished, tally.right, tally.wrong, tally.redrills
                ));
                ui.add_space(20.0);
                if ui.button(theme::with_key("Home", "Space")).clicked()
                    || pressed(ui, Key::Space)
                    || pressed(ui, Key::Enter)
                {
                    nav = Some(Nav::To(Screen::Home));
                }
                if ui.button(theme::with_key("Take a quiz", "Q")).clicked() || pressed(ui, Key::Q) {
                    nav = Some(Nav::To(Screen::Quiz(Box::new(quiz::QuizScreen::setup()))));
                }
            });
            return nav;
        };
        let card = exam.cards[cur.card].clone();
        let q = exam.card_question(&card).clone();
        let part = exam.card_part(&card).cloned();
        let mut answer: Option<Answer> = None;
        let mut grade: Option<Grade> = None;
        let mut next = false;

        // Verdict and actions, fixed at the bottom so buttons never move.
        egui::Panel::bottom("study-actions").show(ui, |ui| {
            ui.add_space(10.0);
            if let Phase::Answered { correct, response, .. } = &cur.phase {
                let (msg, color) = verdict(ui, *correct, *response, card.answer);
                ui.vertical_centered(|ui| ui.label(RichText::new(msg).strong().size(19.0).color(color)));
                ui.add_space(6.0);
            }
            ui.horizontal(|ui| {
                let w = match &cur.phase {
                    Phase::Asking if card.kind == CardKind::TrueFalse => 2.0 * 170.0,
                    Phase::Asking => 380.0,
                    Phase::Answered { correct: true, graded: None, .. } => 4.0 * 150.0,
                    _ => 200.0,
                };
                ui.add_space(((ui.available_width() - w) / 2.0).max(0.0));
                match &cur.phase {
                    Phase::Asking => {
                        if card.kind == CardKind::TrueFalse {
                            for (v, label, k) in [(true, "True", "T"), (false, "False", "F")] {
                                let b = egui::Button::new(RichText::new(theme::with_key(label, k)).size(17.0))
                                    .min_size(vec2(160.0, 44.0));
                                if ui.add(b).clicked() {
                                    answer = Some(Answer::Tf(v));
                                }
                            }
                        } else {
                            ui.add_sized(
                                vec2(380.0, 44.0),
                                egui::Label::new(
                                    RichText::new("Choose an option: click it or press its number")
                                        .color(theme::muted(ui)),
                                ),
                            );
                        }
                    }
                    Phase::Answered { correct: true, graded: None, .. } => {
                        for (i, g) in Grade::AFTER_RIGHT.iter().enumerate() {
                            let days = self.session.preview(*g).unwrap_or(0);
                            let k = if *g == Grade::Good { "3 / Space".to_string() } else { (i + 1).to_string() };
                            let when = if g.needs_redrill() && days > 0 {
                                format!("again today, then {}", interval_text(days))
                            } else {
                                interval_text(days)
                            };
                            let text = format!("{}   {k}\n{when}", g.label());
                            let mut b = egui::Button::new(RichText::new(text).size(15.0)).min_size(vec2(140.0, 52.0));
                            if *g == Grade::Good {
                                b = b
                                    .fill(theme::tint(ui, theme::accent(ui)))
                                    .stroke(egui::Stroke::new(1.5, theme::accent(ui)));
                            }
                            if ui.add(b).on_hover_text(grade_help(*g)).clicked() {
                                grade = Some(*g);
                            }
                        }
                    }
                    _ => {
                        let b = egui::Button::new(RichText::new(theme::with_key("Continue", "Space")).size(17.0))
                            .min_size(vec2(190.0, 44.0));
                        if ui.add(b).clicked() {
                            next = true;
                        }
                    }
                }
            });
            ui.add_space(10.0);
        });

        // Keys.
        match &cur.phase {
            Phase::Asking => match card.kind {
                CardKind::TrueFalse => {
                    if pressed(ui, Key::T) {
                        answer = Some(Answer::Tf(true));
                    } else if pressed(ui, Key::F) {
                        answer = Some(Answer::Tf(false));
                    }
                }
                CardKind::Single => {
                    if let Some(n) = pressed_number(ui)
                        && n < exam.card_choices(&card).len()
                    {
                        answer = Some(Answer::Choice(n as u32 + 1));
                    }
                }
            },
            Phase::Answered { correct: true, graded: None, .. } => {
                if pressed(ui, Key::Num1) {
                    grade = Some(Grade::Guessed);
                } else if pressed(ui, Key::Num2) {
                    grade = Some(Grade::Hard);
                } else if pressed(ui, Key::Num3) || pressed(ui, Key::Space) || pressed(ui, Key::Enter) {
                    grade = Some(Grade::Good);
                } else if pressed(ui, Key::Num4) {
                    grade = Some(Grade::Easy);
                }
            }
            _ => {
                if pressed(ui, Key::Space) || pressed(ui, Key::Enter) {
                    next = true;
                }
            }
        }

        // The card.
        let mut painter = Painter { math: &mut shared.math, images: Some(&images) };
        egui::ScrollArea::vertical().auto_shrink([false, false]).show(ui, |ui| {
            theme::reading_column(ui, |ui| {
                ui.add_space(12.0);
                let section = &exam.sections[card.pos.section];
                if !section.title.is_empty() {
                    ui.label(RichText::new(&section.title).small().color(theme::muted(ui)));
                }
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(format!("Question {}", q.number)).strong().size(18.0));
                    let what = match (card.kind, card.pos.statement) {
                        (CardKind::TrueFalse, Some(k)) => {
                            let n = exam
                                .question_cards(q.number)
                                .iter()
                                .filter(|&&i| exam.cards[i].pos.part == card.pos.part)
                                .count();
                            format!("statement {} of {n}", k + 1)
                        }
                        _ => "choose one".into(),
                    };
                    ui.label(RichText::new(format!("· card {} · {what}", card.id)).color(theme::muted(ui)));
                    if cur.redrill {
                        ui.label(RichText::new("· again").color(theme::amber(ui)));
                    }
                    if card.contested.is_some() {
                        ui.label(RichText::new("⚖ contested").color(theme::amber(ui))).on_hover_text(
                            "Experts could argue this answer either way; the explanation gives both readings.",
                        );
                    }
                });
                ui.add_space(6.0);
                painter.show(ui, &q.stem, style);
                if let Some(p) = &part {
                    ui.add_space(8.0);
                    ui.horizontal_wrapped(|ui| {
                        ui.label(RichText::new(format!("({})", p.letter)).strong());
                    });
                    painter.show(ui, &p.label, style);
                }
                ui.add_space(10.0);
                let revealed = matches!(cur.phase, Phase::Answered { .. });
                let response = match &cur.phase {
                    Phase::Answered { response, .. } => Some(*response),
                    _ => None,
                };
                match card.kind {
                    CardKind::Single => {
                        for (i, o) in exam.card_choices(&card).iter().enumerate() {
                            let this = Answer::Choice(i as u32 + 1);
                            let state = match (revealed, response == Some(this), card.answer == Some(this)) {
                                (true, true, true) => RowState::RightChosen,
                                (true, false, true) => RowState::Right,
                                (true, true, false) => RowState::ChosenWrong,
                                _ => RowState::Plain,
                            };
                            if option_row(ui, &mut painter, i, &o.text, state, style) && !revealed {
                                answer = Some(this);
                            }
                        }
                    }
                    CardKind::TrueFalse => {
                        if let Some(st) = exam.card_statement(&card) {
                            let color = match (revealed, response == card.answer) {
                                (true, true) => theme::right(ui),
                                (true, false) => theme::wrong(ui),
                                _ => theme::accent(ui),
                            };
                            egui::Frame::new()
                                .fill(theme::tint(ui, color))
                                .stroke(egui::Stroke::new(1.5, color))
                                .corner_radius(8.0)
                                .inner_margin(egui::Margin::symmetric(16, 12))
                                .show(ui, |ui| {
                                    ui.set_width(ui.available_width());
                                    painter.show(ui, &st.text, Style { size: style.size * 1.05, ..style });
                                });
                        }
                    }
                }
                if let Phase::Answered { correct, .. } = &cur.phase {
                    ui.add_space(12.0);
                    if *correct && card.kind == CardKind::TrueFalse {
                        ui.label(
                            RichText::new("A true/false mark is a coin flip: grade Guessed if you were not sure.")
                                .color(theme::muted(ui)),
                        );
                    }
                    let r = ui.scope(|ui| explanation(ui, &mut painter, &card, style)).response;
                    if self.scrolled_to != Some((cur.card, cur.redrill)) {
                        r.scroll_to_me(Some(egui::Align::Max));
                        self.scrolled_to = Some((cur.card, cur.redrill));
                    }
                }
                ui.add_space(20.0);
            });
        });

        // The review is built while the store is only read, then committed.
        let review = {
            let state = crate::library::state_fn(&shared.store, &deck_id, &exam);
            let ctx = Ctx { exam: &exam, state: &state };
            match (answer, grade) {
                (Some(a), _) => self.session.answer(&ctx, a, now),
                (None, Some(g)) => self.session.grade(&ctx, g, now),
                _ => None,
            }
        };
        // A grade given to a right answer moves straight on; a wrong answer stays on screen.
        let graded = answer.is_none() && grade.is_some() && review.is_some();
        if let Some(r) = review {
            Self::commit_review(shared, r);
        }
        if graded || next {
            self.session.next();
        }
        if answer.is_some() || grade.is_some() || next {
            ui.ctx().request_repaint();
        }
        nav
    }
}

/// The line that says right or wrong, and what the answer is.
fn verdict(ui: &Ui, correct: bool, response: Answer, key: Option<Answer>) -> (String, egui::Color32) {
    let name = |a: Answer| match a {
        Answer::Tf(true) => "True".to_string(),
        Answer::Tf(false) => "False".to_string(),
        Answer::Choice(n) => format!("option {n}"),
    };
    if correct {
        (format!("✔  Right — {}", name(response)), theme::right(ui))
    } else {
        let k = key.map_or("—".to_string(), name);
        (format!("✖  Wrong — you chose {}; the answer is {k}", name(response)), theme::wrong(ui))
    }
}

fn grade_help(g: Grade) -> &'static str {
    match g {
        Grade::Guessed => "Right, but a guess: counts as a lapse and comes back today.",
        Grade::Hard => "Right with effort: a short interval; comes back once more today.",
        Grade::Good => "Right: the normal interval.",
        Grade::Easy => "Right without effort: a longer interval.",
        Grade::Wrong => "",
    }
}
