//! The exact distribution of an exam's score under its rules, from independent per-card odds.
//!
//! Scores live on a grid of `1/unit` points, where `unit` is the smallest whole number that makes
//! every card's points whole (a statement of a 2-point question of 3 statements is worth 2/3, so
//! the grid is thirds). Each question's distribution is built from its cards, clipped at 0 per
//! question or per part as the exam clips it, and the questions are convolved into the exam's.
//! When the exam is so large that the dense convolution would cost more than `EXACT_BUDGET` steps
//! (tens of thousands of questions), the band is taken from a normal approximation of the same
//! sum instead; the expected score is exact either way, since it is a sum of per-question means.

use crate::deck::{Body, CardKind, Exam, Rule};

/// One card's odds on exam day. What is left of the probability (`1 − right − wrong`) is a blank.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Odds {
    /// Probability that the card is answered right.
    pub right: f64,
    /// Probability that it is answered wrong.
    pub wrong: f64,
}

impl Odds {
    /// A blank for certain.
    pub const BLANK: Odds = Odds { right: 0.0, wrong: 0.0 };

    /// The probability of a blank.
    pub fn blank(self) -> f64 {
        (1.0 - self.right - self.wrong).max(0.0)
    }
}

/// One question's forecast.
#[derive(Clone, Debug, PartialEq)]
pub struct QuestionForecast {
    /// The question's number.
    pub number: u32,
    /// Index of its section.
    pub section: usize,
    /// Its expected score.
    pub expected: f64,
    /// Its maximum over keyed cards.
    pub max: f64,
}

/// The forecast of a whole exam.
#[derive(Clone, Debug, PartialEq)]
pub struct Forecast {
    /// The expected score.
    pub expected: f64,
    /// The maximum over keyed cards.
    pub max: f64,
    /// The smallest score s with P(score ≤ s) ≥ 0.10.
    pub p10: f64,
    /// The smallest score s with P(score ≤ s) ≥ 0.90.
    pub p90: f64,
    /// Per question, in exam order.
    pub questions: Vec<QuestionForecast>,
    /// The whole distribution: `probabilities[k]` is P(score = k / unit). Empty when the band came
    /// from the normal approximation.
    pub probabilities: Vec<f64>,
    /// Grid steps per point.
    pub unit: u32,
}

/// Dense convolution steps allowed before the band falls back to a normal approximation.
pub const EXACT_BUDGET: u64 = 60_000_000;

/// The largest grid the scores are put on (2520 = lcm(1..=10)); points that need a finer grid are
/// rounded to it.
const MAX_UNIT: u64 = 2520;

fn gcd(a: u64, b: u64) -> u64 {
    if b == 0 { a } else { gcd(b, a % b) }
}

/// The smallest d ≤ `MAX_UNIT` that makes `x·d` whole, if there is one.
fn denominator(x: f64) -> Option<u64> {
    (1..=MAX_UNIT).find(|&d| {
        let v = x * d as f64;
        (v - v.round()).abs() < 1e-6 * d as f64
    })
}

/// The grid for these card points.
fn grid_unit(points: impl Iterator<Item = f64>) -> u64 {
    let mut seen: Vec<u64> = Vec::new();
    let mut unit = 1u64;
    for p in points {
        let bits = p.to_bits();
        if seen.contains(&bits) {
            continue;
        }
        seen.push(bits);
        let d = denominator(p).unwrap_or(MAX_UNIT);
        unit = (unit / gcd(unit, d) * d).min(MAX_UNIT);
        if seen.len() > 64 {
            // Many distinct weights: the cap is reached long before; stop looking.
            break;
        }
    }
    unit
}

/// A distribution over whole grid steps starting at `offset` (which may be negative before a
/// clip).
#[derive(Clone, Debug)]
struct Steps {
    offset: i64,
    p: Vec<f64>,
}

impl Steps {
    fn zero() -> Steps {
        Steps { offset: 0, p: vec![1.0] }
    }

    /// Adds an independent variable taking `step` with probability `p_up`, `-step` with `p_down`,
    /// else 0.
    fn add(&mut self, step: i64, p_up: f64, p_down: f64) {
        if step == 0 {
            return;
        }
        let p_zero = (1.0 - p_up - p_down).max(0.0);
        let len = self.p.len();
        let width = if p_down > 0.0 { 2 * step as usize } else { step as usize };
        let mut out = vec![0.0; len + width];
        let shift = if p_down > 0.0 { step as usize } else { 0 };
        for (i, &v) in self.p.iter().enumerate() {
            if v == 0.0 {
                continue;
            }
            out[i + shift] += v * p_zero;
            out[i + shift + step as usize] += v * p_up;
            if p_down > 0.0 {
                out[i] += v * p_down;
            }
        }
        self.offset -= shift as i64;
        self.p = out;
    }

    /// All the mass below 0 moves to 0.
    fn clip(mut self) -> Steps {
        if self.offset >= 0 {
            return self;
        }
        let cut = (-self.offset) as usize;
        if cut >= self.p.len() {
            return Steps { offset: 0, p: vec![self.p.iter().sum()] };
        }
        let below: f64 = self.p[..cut].iter().sum();
        let mut p = self.p.split_off(cut);
        p[0] += below;
        Steps { offset: 0, p }
    }

    /// The sum of two independent variables.
    fn convolve(&self, other: &Steps) -> Steps {
        let mut out = vec![0.0; self.p.len() + other.p.len() - 1];
        for (i, &a) in self.p.iter().enumerate() {
            if a == 0.0 {
                continue;
            }
            for (j, &b) in other.p.iter().enumerate() {
                out[i + j] += a * b;
            }
        }
        Steps { offset: self.offset + other.offset, p: out }
    }

    fn mean(&self) -> f64 {
        self.p.iter().enumerate().map(|(i, &v)| (i as i64 + self.offset) as f64 * v).sum()
    }

    fn variance(&self) -> f64 {
        let m = self.mean();
        self.p.iter().enumerate().map(|(i, &v)| ((i as i64 + self.offset) as f64 - m).powi(2) * v).sum()
    }

    fn support(&self) -> u64 {
        self.p.iter().filter(|&&v| v > 0.0).count() as u64
    }
}

/// The distribution of a group of cards scored together and clipped at 0 (a question, or a part).
fn group(exam: &Exam, cards: impl Iterator<Item = usize>, odds: &[Odds], unit: u64) -> Steps {
    let mut s = Steps::zero();
    for i in cards {
        let card = &exam.cards[i];
        if card.answer.is_none() {
            continue;
        }
        let o = odds.get(i).copied().unwrap_or(Odds::BLANK);
        let step = (card.points * unit as f64).round() as i64;
        match card.kind {
            CardKind::TrueFalse => s.add(step, o.right, o.wrong),
            CardKind::Single | CardKind::Free => s.add(step, o.right, 0.0),
        }
    }
    s.clip()
}

/// The distribution of one question's score.
fn question_steps(exam: &Exam, q: &crate::deck::Question, odds: &[Odds], unit: u64) -> Steps {
    match (&q.body, q.rule) {
        (Body::Parts(_), Rule::Permutation) => {
            // All or nothing: every line right (then no line repeats and none is blank).
            let keyed: Vec<usize> = q.cards.clone().filter(|&i| exam.cards[i].answer.is_some()).collect();
            let all: f64 = keyed.iter().map(|&i| odds.get(i).map_or(0.0, |o| o.right)).product();
            let full: f64 = keyed.iter().map(|&i| exam.cards[i].points).sum();
            let mut s = Steps::zero();
            if !keyed.is_empty() {
                s.add((full * unit as f64).round() as i64, all, 0.0);
            }
            s
        }
        (Body::Parts(parts), Rule::Standard) => {
            let mut s = Steps::zero();
            for pi in 0..parts.len() {
                let cards = q.cards.clone().filter(|&i| exam.cards[i].pos.part() == Some(pi));
                s = s.convolve(&group(exam, cards, odds, unit));
            }
            s
        }
        _ => group(exam, q.cards.clone(), odds, unit),
    }
}

/// The smallest grid step k with P(score ≤ k) ≥ `q`.
fn quantile(p: &[f64], q: f64) -> usize {
    let mut acc = 0.0;
    for (k, &v) in p.iter().enumerate() {
        acc += v;
        if acc >= q - 1e-12 {
            return k;
        }
    }
    p.len().saturating_sub(1)
}

/// Forecasts the exam's score from one `Odds` per card (`odds[i]` for `exam.cards[i]`; missing
/// entries are blanks). Cards without a key are left out, as in scoring.
pub fn forecast(exam: &Exam, odds: &[Odds]) -> Forecast {
    let unit = grid_unit(exam.cards.iter().filter(|c| c.answer.is_some()).map(|c| c.points));
    let mut per_question = Vec::new();
    let mut questions = Vec::new();
    for (si, s) in exam.sections.iter().enumerate() {
        for q in &s.questions {
            let steps = question_steps(exam, q, odds, unit);
            let max: f64 = q.cards.clone().filter_map(|i| exam.cards[i].answer.map(|_| exam.cards[i].points)).sum();
            questions.push(QuestionForecast {
                number: q.number,
                section: si,
                expected: steps.mean() / unit as f64,
                max,
            });
            per_question.push(steps);
        }
    }
    let expected = questions.iter().map(|q| q.expected).sum();
    let max = questions.iter().map(|q| q.max).sum();
    // The dense convolution costs about (running length) × (support) per question.
    let total_len: u64 = per_question.iter().map(|s| s.p.len() as u64).sum();
    let cost: u64 = per_question.iter().map(|s| s.support()).sum::<u64>().saturating_mul(total_len);
    let (p10, p90, probabilities) = if cost <= EXACT_BUDGET {
        let mut all = Steps::zero();
        for s in &per_question {
            all = all.convolve(&compact(s));
        }
        let p10 = quantile(&all.p, 0.10) as f64 / unit as f64;
        let p90 = quantile(&all.p, 0.90) as f64 / unit as f64;
        (p10, p90, all.p)
    } else {
        let var: f64 = per_question.iter().map(Steps::variance).sum::<f64>() / (unit * unit) as f64;
        let sd = var.sqrt();
        // z for 10 % and 90 %.
        let z = 1.281_551_565_545;
        let snap = |x: f64| ((x * unit as f64).round() / unit as f64).clamp(0.0, max);
        (snap(expected - z * sd), snap(expected + z * sd), Vec::new())
    };
    Forecast { expected, max, p10, p90, questions, probabilities, unit: unit as u32 }
}

/// A question's distribution with its trailing zeros dropped (clipped, so it starts at 0).
fn compact(s: &Steps) -> Steps {
    let end = s.p.iter().rposition(|&v| v > 0.0).map_or(1, |e| e + 1);
    Steps { offset: s.offset, p: s.p[..end].to_vec() }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse;

    fn exam(text: &str, key: &str) -> Exam {
        let r = parse(text, Some(key));
        assert!(!r.has_errors(), "{:?}", r.diagnostics);
        r.exam
    }

    fn four_statements() -> Exam {
        exam(
            "1. (2 points) Q\n- ☐ T ☐ F: a\n- ☐ T ☐ F: b\n- ☐ T ☐ F: c\n- ☐ T ☐ F: d\n",
            r#"(cards: {"1.1": (answer: "T"), "1.2": (answer: "F"), "1.3": (answer: "T"), "1.4": (answer: "T")})"#,
        )
    }

    #[test]
    fn four_coin_flips_are_worth_three_eighths_of_two_points() {
        let e = four_statements();
        let f = forecast(&e, &[Odds { right: 0.5, wrong: 0.5 }; 4]);
        assert!((f.expected - 0.375).abs() < 1e-12, "{}", f.expected);
        assert_eq!(f.max, 2.0);
        // Scores 0 (11/16: ≤ 2 right), 1 (4/16: 3 right), 2 (1/16).
        assert_eq!(f.unit, 2);
        assert!((f.probabilities[0] - 11.0 / 16.0).abs() < 1e-12);
        assert!((f.probabilities[2] - 4.0 / 16.0).abs() < 1e-12);
        assert!((f.probabilities[4] - 1.0 / 16.0).abs() < 1e-12);
        assert_eq!((f.p10, f.p90), (0.0, 1.0));
    }

    #[test]
    fn certain_answers_give_the_maximum_and_blanks_give_zero() {
        let e = four_statements();
        let f = forecast(&e, &[Odds { right: 1.0, wrong: 0.0 }; 4]);
        assert_eq!((f.expected, f.p10, f.p90), (2.0, 2.0, 2.0));
        let f = forecast(&e, &[Odds::BLANK; 4]);
        assert_eq!((f.expected, f.p10, f.p90), (0.0, 0.0, 0.0));
        let f = forecast(&e, &[]);
        assert_eq!(f.expected, 0.0);
    }

    #[test]
    fn parts_are_clipped_one_by_one() {
        // Q with two parts of 2 statements (1 point each part): part a certain wrong, part b right.
        let e = exam(
            "1. (2 points) Q\n(a) (1 point) A\n- ☐ T ☐ F: a1\n- ☐ T ☐ F: a2\n(b) (1 point) B\n- ☐ T ☐ F: b1\n- ☐ T ☐ F: b2\n",
            r#"(cards: {"1.a.1": (answer: "T"), "1.a.2": (answer: "T"), "1.b.1": (answer: "T"), "1.b.2": (answer: "T")})"#,
        );
        let wrong = Odds { right: 0.0, wrong: 1.0 };
        let right = Odds { right: 1.0, wrong: 0.0 };
        let f = forecast(&e, &[wrong, wrong, right, right]);
        // Unclipped per part the sum would be 0; clipped per part it is 0 + 1.
        assert_eq!(f.expected, 1.0);
    }

    #[test]
    fn unkeyed_cards_are_left_out() {
        let e =
            exam("1. (1 point) Q\n- ☐ x\n- ☐ y\n2. (1 point) R\n- ☐ x\n- ☐ y\n", r#"(cards: {"1": (answer: "2")})"#);
        let f = forecast(&e, &[Odds { right: 1.0, wrong: 0.0 }; 2]);
        assert_eq!((f.expected, f.max), (1.0, 1.0));
        assert_eq!(f.questions[1].max, 0.0);
    }

    #[test]
    fn thirds_are_exact() {
        let e = exam(
            "1. (2 points) Q\n- ☐ T ☐ F: a\n- ☐ T ☐ F: b\n- ☐ T ☐ F: c\n",
            r#"(cards: {"1.1": (answer: "T"), "1.2": (answer: "F"), "1.3": (answer: "T")})"#,
        );
        let f = forecast(&e, &[Odds { right: 0.7, wrong: 0.2 }; 3]);
        assert_eq!(f.unit, 3);
        let total: f64 = f.probabilities.iter().sum();
        assert!((total - 1.0).abs() < 1e-9);
        let mean: f64 = f.probabilities.iter().enumerate().map(|(k, p)| k as f64 / 3.0 * p).sum();
        assert!((mean - f.expected).abs() < 1e-12);
    }
}
