//! Study: one card at a time from today's queue. Answer by click or key (1–9, T, F), see right
//! or wrong with the explanation, then grade (Guessed 1, Hard 2, Good 3 or Space, Easy 4), each
//! button showing when the card comes back. Ctrl+Z takes the last answer back.

use super::action::{Action, Nav, StudyAction};
use super::help::study as keys;
use super::question::{RowState, explanation, option_row};
use super::text::{Painter, Style};
use super::theme;
use super::view::Cx;
use crate::deck::{Answer, Card, CardKind, Exam};
use crate::library::Deck;
use crate::model::card::Next;
use crate::session::study::{Current, Phase, StudySession};
use crate::sm2::Grade;
use egui::{RichText, Ui, vec2};

/// Frames in which a new explanation is scrolled into view (see `StudyScreen::scrolled_to`).
const SCROLL_FRAMES: u8 = 3;

/// The study screen.
pub struct StudyScreen {
    /// The session.
    pub session: StudySession,
    /// The showing whose explanation was scrolled into view, and in how many frames: the
    /// bottom bar grows with the verdict one frame late, so the scroll is repeated until the
    /// layout has settled.
    scrolled_to: Option<((usize, chrono::DateTime<chrono::Utc>), u8)>,
    /// What the student writes for a free card, and for which showing.
    draft: (Option<(usize, chrono::DateTime<chrono::Utc>)>, String),
}

fn interval_text(days: u32) -> String {
    match days {
        0 => "today".into(),
        1 => "1 day".into(),
        d if d < 60 => format!("{d} days"),
        d if d < 730 => format!("{:.0} mo", d as f32 / 30.0),
        d => format!("{:.1} yr", d as f32 / 365.0),
    }
}

/// What a grade button says about the card's return.
fn when_text(n: Next) -> String {
    match n {
        Next::AgainToday { then_days } => format!("again today, then {}", interval_text(then_days)),
        Next::InDays(d) => interval_text(d),
        Next::Unchanged => "schedule unchanged".into(),
    }
}

impl StudyScreen {
    /// A screen over a session.
    pub fn new(session: StudySession) -> Self {
        StudyScreen { session, scrolled_to: None, draft: (None, String::new()) }
    }

    /// Draws the screen and handles its keys.
    pub fn ui(&mut self, ui: &mut Ui, cx: &mut Cx<'_>) -> Option<Action> {
        let Some(deck) = cx.lib.deck(&self.session.deck).cloned() else { return Some(Action::Go(Nav::Home)) };
        if keys::UNDO.pressed(ui) && self.session.can_undo() {
            return Some(Action::Study(StudyAction::Undo));
        }
        cx.lib.study_show(&mut self.session, cx.now);
        let home = self.progress(ui);
        let Some(cur) = self.session.peek().cloned() else { return home.or(finished(ui, &self.session)) };
        let card = deck.exam.cards[cur.card].clone();
        if self.draft.0 != Some((cur.card, cur.shown_at)) {
            self.draft = (Some((cur.card, cur.shown_at)), String::new());
        }
        let mut action = self.actions(ui, cx, &cur, &card).or(home);
        if action.is_none() {
            action = handle_keys(ui, &cur, &card, &deck.exam);
        }
        if let Some(a) = self.card(ui, cx, &deck, &cur, &card) {
            action.get_or_insert(a);
        }
        action
    }

    /// Progress, fixed at the top. In a short window it is one row that stands in for the top
    /// bar, with its Home button; the click is returned.
    fn progress(&self, ui: &mut Ui) -> Option<Action> {
        let tally = self.session.tally();
        let compact = theme::compact(ui);
        let mut home = false;
        egui::Panel::top("study-progress").show(ui, |ui| {
            ui.add_space(4.0);
            let planned = self.session.planned.max(1);
            let frac = tally.finished as f32 / planned as f32;
            let bar = |ui: &Ui| egui::ProgressBar::new(frac).desired_height(8.0).fill(theme::accent(ui));
            if !compact {
                ui.add(bar(ui));
            }
            ui.horizontal(|ui| {
                ui.label(format!("{} of {} done", tally.finished, self.session.planned));
                ui.label(RichText::new(format!("✔ {} right", tally.right)).color(theme::right(ui)));
                ui.label(RichText::new(format!("✖ {} wrong", tally.wrong)).color(theme::wrong(ui)));
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if compact {
                        home = theme::home_button(ui);
                    }
                    if self.session.can_undo() {
                        ui.label(theme::key(&format!("{}  undo", keys::UNDO.shown)).color(theme::muted(ui)));
                    }
                    if compact {
                        ui.add(bar(ui).desired_width(ui.available_width() - 12.0));
                    }
                });
            });
            ui.add_space(4.0);
        });
        home.then_some(Action::Go(Nav::Home))
    }

    /// Verdict and buttons, fixed at the bottom so they never move.
    fn actions(&self, ui: &mut Ui, cx: &Cx<'_>, cur: &Current, card: &Card) -> Option<Action> {
        let mut action = None;
        egui::Panel::bottom("study-actions").show(ui, |ui| {
            theme::gap(ui, 10.0);
            if let Phase::Answered { correct, response, .. } = &cur.phase {
                let (msg, color) = if card.kind == CardKind::Free {
                    (
                        "Compare your answer with the solution, then grade yourself".to_string(),
                        ui.visuals().text_color(),
                    )
                } else {
                    verdict(ui, *correct, *response, card.answer)
                };
                ui.vertical_centered(|ui| ui.label(RichText::new(msg).strong().size(19.0).color(color)));
                ui.add_space(6.0);
            }
            ui.horizontal(|ui| {
                action = match &cur.phase {
                    Phase::Asking => asking_buttons(ui, card),
                    Phase::Answered { correct: true, graded: None, .. } => self.grade_buttons(ui, cx, card),
                    _ => {
                        ui.add_space(((ui.available_width() - 200.0) / 2.0).max(0.0));
                        let b = egui::Button::new(RichText::new(keys::GOOD.on("Continue")).size(17.0))
                            .min_size(vec2(190.0, 44.0));
                        ui.add(b).clicked().then_some(Action::Study(StudyAction::Next))
                    }
                };
            });
            theme::gap(ui, 10.0);
        });
        action
    }

    fn grade_buttons(&self, ui: &mut Ui, cx: &Cx<'_>, card: &Card) -> Option<Action> {
        let plan = cx.lib.plan(cx.deck, &card.id.0, cx.today);
        let states = self.session.next_states(cx.now, &plan)?;
        let mut action = None;
        // A written answer can be graded Wrong too (key W).
        let free = card.kind == CardKind::Free;
        let grades: Vec<(Grade, String)> = free
            .then(|| (Grade::Wrong, keys::WRONG.shown.to_string()))
            .into_iter()
            .chain(Grade::AFTER_RIGHT.iter().zip(keys::GRADE.keys).map(|(g, k)| {
                let k = k.symbol_or_name();
                (*g, if *g == Grade::Good { format!("{k} / {}", keys::GOOD.shown) } else { k.to_string() })
            }))
            .collect();
        ui.add_space(((ui.available_width() - grades.len() as f32 * 150.0) / 2.0).max(0.0));
        for (g, k) in &grades {
            let (g, k) = (g, k.clone());
            let text = format!("{}   {k}\n{}", g.label(), when_text(states.when(*g, self.session.day)));
            let mut b = egui::Button::new(RichText::new(text).size(15.0)).min_size(vec2(140.0, 52.0));
            if *g == Grade::Good {
                b = b.fill(theme::tint(ui, theme::accent(ui))).stroke(egui::Stroke::new(1.5, theme::accent(ui)));
            }
            if ui.add(b).on_hover_text(grade_help(*g)).clicked() {
                action = Some(Action::Study(StudyAction::Grade(*g)));
            }
        }
        action
    }

    /// The card itself, in a scroll area that starts at the top for every new card.
    fn card(&mut self, ui: &mut Ui, cx: &mut Cx<'_>, deck: &Deck, cur: &Current, card: &Card) -> Option<Action> {
        let exam = &deck.exam;
        let style = cx.style(ui);
        let mut painter = cx.painter(deck);
        let mut action = None;
        egui::ScrollArea::vertical().id_salt(("study-card", cur.card, cur.shown_at)).auto_shrink([false, false]).show(
            ui,
            |ui| {
                theme::page_keys(ui, true);
                theme::reading_column(ui, |ui| {
                    theme::gap(ui, 12.0);
                    card_header(ui, exam, cur, card);
                    theme::gap(ui, 6.0);
                    let q = exam.card_question(card);
                    painter.show(ui, &q.stem, style);
                    if let Some(p) = exam.card_part(card) {
                        ui.add_space(8.0);
                        ui.label(RichText::new(format!("({})", p.letter)).strong());
                        painter.show(ui, &p.label, style);
                    }
                    ui.add_space(10.0);
                    action = answer_area(ui, &mut painter, exam, cur, card, style, &mut self.draft.1);
                    if let Phase::Answered { correct, .. } = &cur.phase {
                        ui.add_space(12.0);
                        if *correct && card.kind == CardKind::TrueFalse {
                            ui.label(
                                RichText::new("A true/false mark is a coin flip: grade Guessed if you were not sure.")
                                    .color(theme::muted(ui)),
                            );
                        }
                        let r = ui.scope(|ui| explanation(ui, &mut painter, card, style)).response;
                        let showing = (cur.card, cur.shown_at);
                        let frames = match self.scrolled_to {
                            Some((s, n)) if s == showing => n,
                            _ => 0,
                        };
                        if frames < SCROLL_FRAMES {
                            r.scroll_to_me(Some(egui::Align::Max));
                            self.scrolled_to = Some((showing, frames + 1));
                            ui.ctx().request_repaint();
                        }
                    }
                    ui.add_space(20.0);
                });
            },
        );
        action
    }
}

fn card_header(ui: &mut Ui, exam: &Exam, cur: &Current, card: &Card) {
    let section = &exam.sections[card.pos.section()];
    let inline = super::question::section_title(ui, &section.title);
    let q = exam.card_question(card);
    ui.horizontal_wrapped(|ui| {
        ui.label(RichText::new(format!("Question {}", q.number)).strong().size(18.0));
        let what = match (card.kind, card.pos.statement()) {
            (CardKind::TrueFalse, Some(k)) => {
                let n = q.cards.clone().filter(|&i| exam.cards[i].pos.part() == card.pos.part()).count();
                format!("statement {} of {n}", k + 1)
            }
            _ => "choose one".into(),
        };
        ui.label(RichText::new(format!("· card {} · {what}", card.id)).color(theme::muted(ui)));
        if cur.redrill {
            ui.label(RichText::new("· again").color(theme::amber(ui)));
        }
        if card.contested.is_some() {
            ui.label(RichText::new("⚖ contested").color(theme::amber(ui)))
                .on_hover_text("Experts could argue this answer either way; the explanation gives both readings.");
        }
        if let Some(title) = inline {
            ui.label(RichText::new(title).small().color(theme::muted(ui)));
        }
    });
}

/// The options (clickable) or the statement, coloured once answered.
fn answer_area(
    ui: &mut Ui,
    painter: &mut Painter<'_>,
    exam: &Exam,
    cur: &Current,
    card: &Card,
    style: Style,
    draft: &mut String,
) -> Option<Action> {
    let response = match &cur.phase {
        Phase::Answered { response, .. } => Some(*response),
        Phase::Asking => None,
    };
    let revealed = response.is_some();
    let mut action = None;
    match card.kind {
        CardKind::Single => {
            for (i, o) in exam.card_choices(card).iter().enumerate() {
                let this = Answer::Choice(i as u32 + 1);
                let state = match (revealed, response == Some(this), card.answer == Some(this)) {
                    (true, true, true) => RowState::RightChosen,
                    (true, false, true) => RowState::Right,
                    (true, true, false) => RowState::ChosenWrong,
                    _ => RowState::Plain,
                };
                if option_row(ui, painter, i, &o.text, state, style) && !revealed {
                    action = Some(Action::Study(StudyAction::Answer(this)));
                }
            }
        }
        CardKind::Free => {
            if revealed {
                if !draft.trim().is_empty() {
                    ui.label(RichText::new("Your answer").strong());
                    egui::Frame::group(ui.style()).show(ui, |ui| {
                        ui.set_width(ui.available_width());
                        ui.label(draft.as_str());
                    });
                }
                super::question::solution(ui, painter, card, style);
            } else {
                ui.add(
                    egui::TextEdit::multiline(draft)
                        .desired_rows(5)
                        .desired_width(f32::INFINITY)
                        .hint_text("Think of your answer, or write it here; then show the solution (Ctrl+Enter)."),
                );
            }
        }
        CardKind::TrueFalse => {
            let st = exam.card_statement(card)?;
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
                    if st.text.is_empty() {
                        ui.label(RichText::new("Is the statement above true or false?").color(theme::muted(ui)));
                    } else {
                        painter.show(ui, &st.text, Style { size: style.size * 1.05, ..style });
                    }
                });
        }
    }
    action
}

fn asking_buttons(ui: &mut Ui, card: &Card) -> Option<Action> {
    // Buttons are a little lower in a short window.
    let tall = if theme::compact(ui) { 34.0 } else { 44.0 };
    if card.kind == CardKind::Free {
        ui.add_space(((ui.available_width() - 260.0) / 2.0).max(0.0));
        let b =
            egui::Button::new(RichText::new(keys::GOOD.on("Show the solution")).size(17.0)).min_size(vec2(250.0, tall));
        return ui.add(b).clicked().then_some(Action::Study(StudyAction::Answer(Answer::Written)));
    }
    if card.kind != CardKind::TrueFalse {
        ui.add_space(((ui.available_width() - 380.0) / 2.0).max(0.0));
        ui.add_sized(
            vec2(380.0, tall),
            egui::Label::new(RichText::new("Choose an option: click it or press its number").color(theme::muted(ui))),
        );
        return None;
    }
    ui.add_space(((ui.available_width() - 2.0 * 170.0) / 2.0).max(0.0));
    let mut action = None;
    for ((v, label), k) in [(true, "True"), (false, "False")].into_iter().zip(keys::TF.keys) {
        let b = egui::Button::new(RichText::new(theme::with_key(label, k.symbol_or_name())).size(17.0))
            .min_size(vec2(160.0, tall));
        if ui.add(b).clicked() {
            action = Some(Action::Study(StudyAction::Answer(Answer::Tf(v))));
        }
    }
    action
}

fn handle_keys(ui: &Ui, cur: &Current, card: &Card, exam: &Exam) -> Option<Action> {
    let a = |x| Some(Action::Study(x));
    match &cur.phase {
        Phase::Asking => match card.kind {
            CardKind::Free if keys::SOLUTION.pressed(ui) || keys::GOOD.pressed(ui) => {
                a(StudyAction::Answer(Answer::Written))
            }
            // T is true, F false.
            CardKind::TrueFalse => keys::TF.which(ui).and_then(|i| a(StudyAction::Answer(Answer::Tf(i == 0)))),
            CardKind::Single => match keys::OPTION.which(ui) {
                Some(n) if n < exam.card_choices(card).len() => a(StudyAction::Answer(Answer::Choice(n as u32 + 1))),
                _ => None,
            },
            _ => None,
        },
        Phase::Answered { correct: true, graded: None, .. } => {
            let g = if card.kind == CardKind::Free && keys::WRONG.pressed(ui) {
                Grade::Wrong
            } else if let Some(i) = keys::GRADE.which(ui) {
                Grade::AFTER_RIGHT[i]
            } else if keys::GOOD.pressed(ui) {
                Grade::Good
            } else {
                return None;
            };
            a(StudyAction::Grade(g))
        }
        _ if keys::GOOD.pressed(ui) => a(StudyAction::Next),
        _ => None,
    }
}

fn finished(ui: &mut Ui, session: &StudySession) -> Option<Action> {
    let tally = session.tally();
    let mut action = None;
    ui.vertical_centered(|ui| {
        ui.add_space(60.0);
        ui.heading("Done for today");
        ui.add_space(10.0);
        ui.label(format!(
            "{} · {} right at the first try · {} wrong · {}",
            crate::import::summary::count(tally.finished, "card", "cards"),
            tally.right,
            tally.wrong,
            crate::import::summary::count(tally.redrills, "repeat", "repeats"),
        ));
        ui.add_space(20.0);
        if ui.button(keys::DONE.on("Home")).clicked() || keys::DONE.pressed(ui) {
            action = Some(Action::Go(Nav::Home));
        }
        if ui.button(keys::QUIZ.on("Take a quiz")).clicked() || keys::QUIZ.pressed(ui) {
            action = Some(Action::Go(Nav::QuizSetup));
        }
    });
    action
}

/// The line that says right or wrong, and what the answer is.
fn verdict(ui: &Ui, correct: bool, response: Answer, key: Option<Answer>) -> (String, egui::Color32) {
    let name = |a: Answer| match a {
        Answer::Tf(true) => "True".to_string(),
        Answer::Tf(false) => "False".to_string(),
        Answer::Choice(n) => format!("option {n}"),
        Answer::Written | Answer::Mark(_) => "your written answer".to_string(),
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
        Grade::Hard => "Right with effort: comes back once more today, then a short interval.",
        Grade::Good => "Right: the normal interval.",
        Grade::Easy => "Right without effort: a longer interval.",
        Grade::Wrong => "Not it: counts as a lapse and comes back today.",
    }
}
