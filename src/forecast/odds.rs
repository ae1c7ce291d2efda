//! Each card's odds on exam day — right, wrong or blank — from the memory model and the
//! student's own habits when they do not recall an answer.
//!
//! - Recalled (probability R from the memory model) gives right.
//! - Not recalled, the student answers at their answering rate `a` and is right at their guessing
//!   rate `g` for the card's kind: right = R + (1 − R)·a·g, wrong = (1 − R)·a·(1 − g), and the
//!   rest is blank. A free card not recalled scores nothing.
//! - The rates come from the history: answers graded Guessed (right, by a guess) against answers
//!   graded Wrong, and the mock exams' "unsure" marks and blanks. Until there is enough of it, the
//!   priors weigh in as `PRIOR_WEIGHT` answers: every card answered (a = 1), a true/false guess
//!   right half the time, a single-answer guess right 1/(options) of the time.

use super::dist::Odds;
use crate::deck::{CardKind, Exam};
use crate::model::{MockAttempt, Past};
use crate::sm2::Grade;

/// How many answers' worth the priors count for.
pub const PRIOR_WEIGHT: f64 = 8.0;

/// Counts of what the student did when they did not know.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Habits {
    /// True/false guesses that were right, and all true/false guesses.
    pub tf_right: u32,
    /// All true/false answers counted as guesses.
    pub tf_guesses: u32,
    /// Single-answer guesses that were right.
    pub single_right: u32,
    /// All single-answer answers counted as guesses.
    pub single_guesses: u32,
    /// In mock exams, unknown answers the student gave anyway (unsure marks and wrong answers).
    pub answered: u32,
    /// In mock exams, keyed cards left blank.
    pub blanks: u32,
}

impl Habits {
    /// Counts the habits of a deck: its reviews (each card's, with its kind) and its mock exams.
    pub fn of<'a>(
        exam: &Exam,
        reviews: impl Iterator<Item = (&'a str, &'a [Past])>,
        mocks: impl Iterator<Item = &'a MockAttempt>,
    ) -> Habits {
        let mut h = Habits::default();
        for (id, past) in reviews {
            let Some(card) = exam.card(id) else { continue };
            for p in past {
                let (right, all) = match card.kind {
                    CardKind::TrueFalse => (&mut h.tf_right, &mut h.tf_guesses),
                    CardKind::Single => (&mut h.single_right, &mut h.single_guesses),
                    CardKind::Free => continue,
                };
                match p.grade {
                    Grade::Guessed => {
                        *right += 1;
                        *all += 1;
                    }
                    Grade::Wrong => *all += 1,
                    _ => {}
                }
            }
        }
        for m in mocks.filter(|m| m.submitted_at.is_some()) {
            h.add_mock(exam, m);
        }
        h
    }

    /// Adds one mock exam's unsure answers, wrong answers and blanks.
    pub fn add_mock(&mut self, exam: &Exam, m: &MockAttempt) {
        for c in &exam.cards {
            let Some(key) = c.answer else { continue };
            match m.responses.get(&c.id.0) {
                None => self.blanks += 1,
                Some(r) => {
                    let unsure = m.unsure.contains(&c.id.0);
                    let right = r.is_right_for(key);
                    if unsure || !right {
                        self.answered += 1;
                    }
                    if unsure {
                        let (hits, all) = match c.kind {
                            CardKind::TrueFalse => (&mut self.tf_right, &mut self.tf_guesses),
                            CardKind::Single => (&mut self.single_right, &mut self.single_guesses),
                            CardKind::Free => continue,
                        };
                        *hits += u32::from(right);
                        *all += 1;
                    }
                }
            }
        }
    }

    /// The share of unknown answers the student gives rather than leaves blank.
    pub fn answer_rate(&self) -> f64 {
        (f64::from(self.answered) + PRIOR_WEIGHT) / (f64::from(self.answered + self.blanks) + PRIOR_WEIGHT)
    }

    /// How often a true/false guess is right.
    pub fn tf_rate(&self) -> f64 {
        (f64::from(self.tf_right) + 0.5 * PRIOR_WEIGHT) / (f64::from(self.tf_guesses) + PRIOR_WEIGHT)
    }

    /// How often a guess among `options` options is right.
    pub fn single_rate(&self, options: usize) -> f64 {
        let prior = 1.0 / options.max(1) as f64;
        (f64::from(self.single_right) + prior * PRIOR_WEIGHT) / (f64::from(self.single_guesses) + PRIOR_WEIGHT)
    }
}

/// The odds of every card of `exam` (`out[i]` for `exam.cards[i]`), given each card's probability
/// of recall.
pub fn card_odds(exam: &Exam, recall: &[f64], habits: &Habits) -> Vec<Odds> {
    let a = habits.answer_rate();
    exam.cards
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let r = recall.get(i).copied().unwrap_or(0.0).clamp(0.0, 1.0);
            let g = match c.kind {
                CardKind::TrueFalse => habits.tf_rate(),
                CardKind::Single => habits.single_rate(exam.card_choices(c).len()),
                CardKind::Free => 0.0,
            };
            let unknown = 1.0 - r;
            match c.kind {
                // A written answer not recalled earns nothing, right or blank alike.
                CardKind::Free => Odds { right: r, wrong: unknown },
                _ => Odds { right: r + unknown * a * g, wrong: unknown * a * (1.0 - g) },
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Answer;
    use crate::import::parse;

    fn exam() -> Exam {
        parse(
            "1. (1 point) Q\n- ☐ a\n- ☐ b\n- ☐ c\n- ☐ d\n2. (1 point) S\n- ☐ T ☐ F: x\n",
            Some(r#"(cards: {"1": (answer: "2"), "2.1": (answer: "T")})"#),
        )
        .exam
    }

    #[test]
    fn priors_answer_everything_at_chance() {
        let e = exam();
        let o = card_odds(&e, &[0.0, 0.0], &Habits::default());
        assert!((o[0].right - 0.25).abs() < 1e-12 && (o[0].wrong - 0.75).abs() < 1e-12);
        assert!((o[1].right - 0.5).abs() < 1e-12 && o[1].blank() < 1e-12);
        let sure = card_odds(&e, &[1.0, 1.0], &Habits::default());
        assert_eq!((sure[0].right, sure[1].wrong), (1.0, 0.0));
    }

    #[test]
    fn history_moves_the_rates_away_from_the_priors() {
        let h = Habits { tf_right: 64, tf_guesses: 100, answered: 2, blanks: 90, ..Default::default() };
        assert!(h.tf_rate() > 0.6 && h.tf_rate() < 0.65);
        assert!(h.answer_rate() < 0.15);
        let o = card_odds(&exam(), &[0.5, 0.5], &h);
        assert!(o[1].blank() > 0.4, "a student who leaves unknowns blank is forecast to");
    }

    #[test]
    fn mocks_count_unsure_answers_and_blanks() {
        let e = exam();
        let mut m = MockAttempt { submitted_at: Some(chrono::Utc::now()), ..Default::default() };
        m.responses.insert("2.1".into(), Answer::Tf(true));
        m.unsure.insert("2.1".into());
        let h = Habits::of(&e, std::iter::empty(), [&m].into_iter());
        assert_eq!((h.tf_right, h.tf_guesses, h.answered, h.blanks), (1, 1, 1, 1));
    }
}
