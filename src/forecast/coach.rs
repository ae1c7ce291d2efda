//! The guessing coach: after a mock exam, what the student's unsure answers and blanks did under
//! this exam's rules, and a rule for next time drawn from their own calibration.
//!
//! Under negative marking a true/false guess is worth ± the statement's points, but each question
//! is clipped at 0: a guess that is the question's only mark can only help, while a guess added to
//! statements the student knows costs points when it is right less than half the time. The coach
//! therefore measures effects with the exam's own scoring, not per statement.

use super::dist::{Odds, forecast};
use super::odds::Habits;
use crate::deck::{Answer, CardKind, Exam};
use crate::model::MockAttempt;
use crate::scoring::score_exam;

/// What the coach says about one mock exam.
#[derive(Clone, Debug, PartialEq)]
pub struct Coach {
    /// Answers marked unsure.
    pub unsure: usize,
    /// Of those, the right ones.
    pub unsure_right: usize,
    /// Points the unsure answers won (or, negative, cost), under the exam's rules: the score
    /// with them minus the score without them.
    pub unsure_points: f64,
    /// Keyed cards left blank.
    pub blanks: usize,
    /// Points that guessing the blanks at the student's own rates would have added on average
    /// (negative: the blanks saved points).
    pub blank_points: f64,
    /// How often the student's true/false guesses are right, over all their history.
    pub tf_rate: f64,
    /// How many true/false guesses that rate is drawn from.
    pub tf_guesses: u32,
    /// The rule for next time.
    pub advice: String,
}

/// The responses of an attempt as scoring takes them, optionally without the unsure ones.
fn responses(exam: &Exam, m: &MockAttempt, drop_unsure: bool) -> Vec<Option<Answer>> {
    exam.cards
        .iter()
        .map(|c| {
            if drop_unsure && m.unsure.contains(&c.id.0) {
                return None;
            }
            m.responses.get(&c.id.0).copied()
        })
        .collect()
}

fn percent(x: f64) -> String {
    format!("{:.0} %", x * 100.0)
}

/// The rule for next time, from the true/false guessing rate and how much it is based on.
pub fn advice(tf_rate: f64, tf_guesses: u32) -> String {
    let basis = match tf_guesses {
        0 => "no guesses yet, so this is the rule for a coin flip".to_string(),
        1 => "from 1 guess so far".to_string(),
        n => format!("from {n} guesses"),
    };
    if tf_rate >= 0.55 {
        format!(
            "Keep answering true/false statements you are unsure of: your unsure answers are right {} of the \
             time ({basis}). Single-answer questions cost nothing when wrong: always answer them.",
            percent(tf_rate)
        )
    } else if tf_rate <= 0.45 {
        format!(
            "Leave true/false statements you are unsure of blank, unless one is the only statement you mark in \
             its question (the question cannot go below 0): your unsure answers are right only {} of the time \
             ({basis}). Single-answer questions cost nothing when wrong: always answer them.",
            percent(tf_rate)
        )
    } else {
        format!(
            "Your unsure true/false answers are right about half the time ({}, {basis}): a guess is worth nothing \
             on average, except as the only mark of its question, where it can only help. Single-answer \
             questions cost nothing when wrong: always answer them.",
            percent(tf_rate)
        )
    }
}

/// The coach's view of a submitted mock exam, with the student's habits over all their history.
pub fn coach(exam: &Exam, m: &MockAttempt, habits: &Habits) -> Coach {
    let with = score_exam(exam, &responses(exam, m, false)).total;
    let without = score_exam(exam, &responses(exam, m, true)).total;
    let mut unsure = 0;
    let mut unsure_right = 0;
    let mut blanks = 0;
    // The attempt with its blanks guessed at the student's rates, every answer given as it was.
    let odds: Vec<Odds> = exam
        .cards
        .iter()
        .map(|c| {
            let Some(key) = c.answer else { return Odds::BLANK };
            match m.responses.get(&c.id.0) {
                Some(r) => {
                    let right = r.is_right_for(key);
                    if m.unsure.contains(&c.id.0) {
                        unsure += 1;
                        unsure_right += usize::from(right);
                    }
                    if right { Odds { right: 1.0, wrong: 0.0 } } else { Odds { right: 0.0, wrong: 1.0 } }
                }
                None => {
                    blanks += 1;
                    let g = match c.kind {
                        CardKind::TrueFalse => habits.tf_rate(),
                        CardKind::Single => habits.single_rate(exam.card_choices(c).len()),
                        CardKind::Free => 0.0,
                    };
                    Odds { right: g, wrong: 1.0 - g }
                }
            }
        })
        .collect();
    let guessed = forecast(exam, &odds).expected;
    Coach {
        unsure,
        unsure_right,
        unsure_points: with - without,
        blanks,
        blank_points: guessed - with,
        tf_rate: habits.tf_rate(),
        tf_guesses: habits.tf_guesses,
        advice: advice(habits.tf_rate(), habits.tf_guesses),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse;

    fn exam() -> Exam {
        parse(
            "1. (2 points) Q\n- ☐ T ☐ F: a\n- ☐ T ☐ F: b\n- ☐ T ☐ F: c\n- ☐ T ☐ F: d\n",
            Some(
                r#"(cards: {"1.1": (answer: "T"), "1.2": (answer: "T"), "1.3": (answer: "T"), "1.4": (answer: "T")})"#,
            ),
        )
        .exam
    }

    #[test]
    fn unsure_answers_are_measured_under_the_clip() {
        let e = exam();
        let mut m = MockAttempt::default();
        // Two known right, one unsure wrong, one blank.
        m.responses.insert("1.1".into(), Answer::Tf(true));
        m.responses.insert("1.2".into(), Answer::Tf(true));
        m.responses.insert("1.3".into(), Answer::Tf(false));
        m.unsure.insert("1.3".into());
        let c = coach(&e, &m, &Habits::default());
        assert_eq!((c.unsure, c.unsure_right, c.blanks), (1, 0, 1));
        // 1.0 with the wrong guess (0.5+0.5−0.5), 1.0 + 0.5 without it... 0.5 + 0.5 = 1.0 vs 1.5.
        assert!((c.unsure_points + 0.5).abs() < 1e-12, "{}", c.unsure_points);
        // The blank guessed at 50 %: ±0.5 around 1.0, never clipped, worth 0 on average.
        assert!(c.blank_points.abs() < 1e-12);
    }

    #[test]
    fn a_lone_guess_cannot_hurt() {
        let e = exam();
        let mut m = MockAttempt::default();
        m.responses.insert("1.1".into(), Answer::Tf(false));
        m.unsure.insert("1.1".into());
        let c = coach(&e, &m, &Habits::default());
        assert_eq!(c.unsure_points, 0.0, "clipped at 0 either way");
    }

    #[test]
    fn advice_follows_the_rate() {
        assert!(advice(0.64, 30).starts_with("Keep answering"));
        assert!(advice(0.64, 30).contains("64 %"));
        assert!(advice(0.40, 30).starts_with("Leave"));
        assert!(advice(0.5, 0).contains("coin flip"));
    }
}
