//! The exam's rules → points per card, question, section and in total. Pure functions over the
//! exam and the student's responses (one `Option<Answer>` per card, `None` = blank).
//!
//! Rules (docs/exam-format.md): a single-answer question or part earns its points if right, else 0;
//! a written (free-response) answer earns all, half or none of them, as the student marked it;
//! in a question or part of T/F statements each statement earns or loses points ÷ n, blanks earn 0,
//! and the question — or each part — is clipped at 0. `Rule::Permutation` (Q30): each part earns
//! its points if right, but the question scores 0 when a part is blank or two parts share an answer.
//! Cards without an answer key are left out of the maximum.

use crate::deck::{Answer, Body, Card, CardKind, Exam, Mark, Rule};

/// How one card went.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Marked and right.
    Right,
    /// Marked and wrong.
    Wrong,
    /// A written answer the student marked half right.
    Partial,
    /// Left blank.
    Blank,
    /// The card has no key; it does not count.
    Unkeyed,
}

/// The score of one card before clipping: what the mark won or lost.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CardScore {
    /// Index into `Exam::cards`.
    pub card: usize,
    /// The student's answer.
    pub response: Option<Answer>,
    /// Right, wrong, blank or unkeyed.
    pub outcome: Outcome,
    /// Points won (positive) or lost (negative) by this mark, before the question is clipped.
    pub points: f64,
    /// What the card can earn at most.
    pub max: f64,
}

/// The score of one question.
#[derive(Clone, Debug, PartialEq)]
pub struct QuestionScore {
    /// The question's number.
    pub number: u32,
    /// Index of its section.
    pub section: usize,
    /// Points after the exam's rules (clipping, overrides).
    pub score: f64,
    /// The maximum over keyed cards.
    pub max: f64,
    /// Each card, in order.
    pub cards: Vec<CardScore>,
    /// Why the rules changed the plain sum, when they did ("clipped at 0", "line used twice").
    pub note: Option<String>,
}

/// The score of one section.
#[derive(Clone, Debug, PartialEq)]
pub struct SectionScore {
    /// The title as the exam writes it.
    pub title: String,
    /// Sum of its questions.
    pub score: f64,
    /// Sum of its questions' maxima.
    pub max: f64,
}

/// The whole exam's score.
#[derive(Clone, Debug, PartialEq)]
pub struct ExamScore {
    /// Sum of the sections.
    pub total: f64,
    /// Sum of the maxima.
    pub max: f64,
    /// Per section, in exam order.
    pub sections: Vec<SectionScore>,
    /// Per question, in exam order.
    pub questions: Vec<QuestionScore>,
}

fn card_score(idx: usize, card: &Card, response: Option<Answer>) -> CardScore {
    let Some(key) = card.answer else {
        return CardScore { card: idx, response, outcome: Outcome::Unkeyed, points: 0.0, max: 0.0 };
    };
    let (outcome, points) = match (response, card.kind) {
        (None, _) => (Outcome::Blank, 0.0),
        (Some(Answer::Mark(m)), CardKind::Free) => match m {
            Mark::Right => (Outcome::Right, card.points),
            Mark::Half => (Outcome::Partial, card.points * m.share()),
            Mark::Wrong => (Outcome::Wrong, 0.0),
        },
        (Some(a), _) if a == key => (Outcome::Right, card.points),
        (Some(_), CardKind::TrueFalse) => (Outcome::Wrong, -card.points),
        (Some(_), CardKind::Single | CardKind::Free) => (Outcome::Wrong, 0.0),
    };
    CardScore { card: idx, response, outcome, points, max: card.points }
}

/// Scores one question from the responses to all cards (`responses[i]` answers `exam.cards[i]`).
pub fn score_question(exam: &Exam, number: u32, responses: &[Option<Answer>]) -> Option<QuestionScore> {
    let (section, question) = exam
        .sections
        .iter()
        .enumerate()
        .find_map(|(si, s)| s.questions.iter().find(|q| q.number == number).map(|q| (si, q)))?;
    Some(score_question_cards(exam, section, question, &exam.question_cards(number), responses))
}

/// `score_question` with the question, its section and its card indices already known.
fn score_question_cards(
    exam: &Exam,
    section: usize,
    question: &crate::deck::Question,
    idxs: &[usize],
    responses: &[Option<Answer>],
) -> QuestionScore {
    let number = question.number;
    let cards: Vec<CardScore> =
        idxs.iter().map(|&i| card_score(i, &exam.cards[i], responses.get(i).copied().flatten())).collect();
    let max: f64 = cards.iter().map(|c| c.max).sum();
    let raw: f64 = cards.iter().map(|c| c.points).sum();
    let mut note = None;
    let score = match (&question.body, question.rule) {
        (Body::Parts(_), Rule::Permutation) => {
            let answers: Vec<Option<Answer>> = cards.iter().map(|c| c.response).collect();
            let blank = answers.iter().any(Option::is_none);
            let mut seen = std::collections::HashSet::new();
            let repeated = answers.iter().flatten().any(|a| !seen.insert(*a));
            if blank || repeated {
                note = Some(
                    if blank {
                        "a part is blank: no credit unless every line is used once"
                    } else {
                        "a line is used twice: no credit unless every line is used once"
                    }
                    .to_string(),
                );
                0.0
            } else {
                raw
            }
        }
        (Body::Parts(parts), Rule::Standard) => {
            let mut total = 0.0;
            for (pi, _) in parts.iter().enumerate() {
                let part_raw: f64 =
                    cards.iter().filter(|c| exam.cards[c.card].pos.part() == Some(pi)).map(|c| c.points).sum();
                if part_raw < 0.0 {
                    note = Some("a part's negative total is clipped at 0".to_string());
                }
                total += part_raw.max(0.0);
            }
            total
        }
        _ => {
            if raw < 0.0 {
                note = Some(format!("{} clipped at 0", crate::import::fmt_points(raw)));
            }
            raw.max(0.0)
        }
    };
    QuestionScore { number, section, score, max, cards, note }
}

/// Scores the whole exam.
pub fn score_exam(exam: &Exam, responses: &[Option<Answer>]) -> ExamScore {
    let mut sections: Vec<SectionScore> =
        exam.sections.iter().map(|s| SectionScore { title: s.title.clone(), score: 0.0, max: 0.0 }).collect();
    let mut questions = Vec::new();
    for (si, s) in exam.sections.iter().enumerate() {
        for q in &s.questions {
            let idxs: Vec<usize> = q.cards.clone().collect();
            let idxs = idxs.as_slice();
            let qs = score_question_cards(exam, si, q, idxs, responses);
            sections[qs.section].score += qs.score;
            sections[qs.section].max += qs.max;
            questions.push(qs);
        }
    }
    let total = sections.iter().map(|s| s.score).sum();
    let max = sections.iter().map(|s| s.max).sum();
    ExamScore { total, max, sections, questions }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse;

    fn tf_exam() -> Exam {
        parse(
            "1. (2 points) Q\n- ☐ T ☐ F: a\n- ☐ T ☐ F: b\n- ☐ T ☐ F: c\n- ☐ T ☐ F: d\n\
             2. (1 point) S\n- ☐ x\n- ☒ y\n",
            Some(
                r#"(cards: {"1.1": (answer: "T"), "1.2": (answer: "F"), "1.3": (answer: "T"), "1.4": (answer: "T")})"#,
            ),
        )
        .exam
    }

    fn tf(b: bool) -> Option<Answer> {
        Some(Answer::Tf(b))
    }

    #[test]
    fn three_wrong_one_right_scores_zero_not_minus_one() {
        let e = tf_exam();
        // 1.1 right (+0.5), 1.2..1.4 wrong (-1.5): raw -1, clipped to 0.
        let r = vec![tf(true), tf(true), tf(false), tf(false), None];
        let q = score_question(&e, 1, &r).unwrap();
        assert_eq!(q.score, 0.0);
        assert_eq!(q.max, 2.0);
        assert!(q.note.is_some());
    }

    #[test]
    fn blanks_are_free_and_marks_count_half() {
        let e = tf_exam();
        let r = vec![tf(true), None, tf(false), None, Some(Answer::Choice(2))];
        let s = score_exam(&e, &r);
        // 1: +0.5 - 0.5 = 0; 2: right = 1.
        assert_eq!(s.questions[0].score, 0.0);
        assert_eq!(s.questions[1].score, 1.0);
        assert_eq!(s.total, 1.0);
        assert_eq!(s.max, 3.0);
        let r = vec![tf(true), tf(false), None, tf(true), None];
        assert_eq!(score_question(&e, 1, &r).unwrap().score, 1.5);
    }

    #[test]
    fn blank_exam_scores_zero() {
        let e = tf_exam();
        let s = score_exam(&e, &[None; 5]);
        assert_eq!(s.total, 0.0);
        assert!(s.questions.iter().all(|q| q.cards.iter().all(|c| c.outcome == Outcome::Blank)));
    }

    #[test]
    fn wrong_single_answer_costs_nothing() {
        let e = tf_exam();
        let q = score_question(&e, 2, &[None, None, None, None, Some(Answer::Choice(1))]).unwrap();
        assert_eq!((q.score, q.cards[0].outcome), (0.0, Outcome::Wrong));
    }
}
