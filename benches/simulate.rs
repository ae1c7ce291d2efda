//! Simulated students study the seed exam for 30 days to an exam date, at a fixed number of
//! reviews per day, under three schedules: plain SM-2, SM-2 with the exam date, and FSRS
//! (`cargo bench --bench simulate`).
//!
//! The students do not forget the way FSRS assumes: each card has a true stability that decays
//! exponentially (recall = exp(−t / S)), a difficulty per card sets how fast it grows after a
//! success, and each student has a memory factor drawn at random. A card not recalled is guessed:
//! right half the time on a true/false card, 1/(options) on a single-answer one (the student grades
//! a lucky guess Guessed). Every schedule gets the same reviews per day.
//!
//! Reported: the expected exam-day score of each schedule (from the students' true recall, under
//! the exam's rules), and the forecast's mean absolute error against a simulated mock exam on the
//! exam day (the forecast is examdeck's, made from each student's review history alone).

#![allow(missing_docs, reason = "a bench binary")]

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use examdeck::builtin;
use examdeck::deck::{Answer, CardKind, Exam};
use examdeck::forecast::{Habits, Memory, Odds, card_odds, forecast};
use examdeck::model::{CardState, Past, Plan, Source, next_states};
use examdeck::queue::{self, DoneToday, FinalWeek, Limits, QueueCard};
use examdeck::sm2::Grade;

const STUDENTS: u64 = 40;
const DAYS: u64 = 30;
/// The daily review budgets compared (the same for every schedule).
const BUDGETS: [usize; 3] = [20, 30, 40];
const NEW_PER_DAY: u32 = 20;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Schedule {
    Sm2,
    Sm2ExamDate,
    Fsrs,
}

/// What a student truly remembers of one card.
#[derive(Clone, Copy)]
struct Truth {
    stability: f64,
    last: NaiveDate,
}

struct Student {
    rng: fastrand::Rng,
    /// Per card: how hard it is (growth after a success is smaller for hard cards).
    difficulty: Vec<f64>,
    /// The student's memory factor.
    factor: f64,
}

impl Student {
    fn new(seed: u64, cards: usize) -> Student {
        let mut rng = fastrand::Rng::with_seed(seed);
        let factor = 0.6 + 0.8 * rng.f64();
        let difficulty = (0..cards).map(|_| 0.5 + 1.5 * rng.f64()).collect();
        Student { rng, difficulty, factor }
    }

    fn recall(&self, t: Option<Truth>, day: NaiveDate) -> f64 {
        t.map_or(0.0, |t| (-((day - t.last).num_days() as f64) / t.stability).exp())
    }
}

fn guess_rate(exam: &Exam, i: usize) -> f64 {
    let c = &exam.cards[i];
    match c.kind {
        CardKind::TrueFalse => 0.5,
        CardKind::Single => 1.0 / exam.card_choices(c).len().max(1) as f64,
        CardKind::Free => 0.0,
    }
}

fn at(day: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(12, 0, 0).expect("noon"))
}

struct Run {
    /// The expected exam-day score from the student's true recall.
    expected: f64,
    /// examdeck's forecast from the history.
    forecast: f64,
    /// A simulated mock exam on the exam day.
    mock: f64,
    reviews: usize,
}

fn simulate(exam: &Exam, schedule: Schedule, seed: u64, per_day: usize) -> Run {
    let n = exam.cards.len();
    let mut s = Student::new(seed, n);
    let memory = Memory::default();
    let start = NaiveDate::from_ymd_opt(2027, 3, 1).expect("a date");
    let exam_day = start + Days::new(DAYS);
    let mut states: Vec<Option<CardState>> = vec![None; n];
    let mut history: Vec<Vec<Past>> = vec![Vec::new(); n];
    let mut truth: Vec<Option<Truth>> = vec![None; n];
    let mut reviews = 0;
    for d in 0..DAYS {
        let today = start + Days::new(d);
        let cards = (0..n).map(|i| QueueCard {
            index: i,
            question: exam.cards[i].id.question().unwrap_or(0),
            state: states[i].as_ref(),
        });
        let limits = Limits { new_per_day: NEW_PER_DAY, reviews_per_day: per_day as u32 };
        let recall = |i: usize| memory.recall(&history[i], exam_day);
        let week = FinalWeek { exam: exam_day, recall: &recall };
        let plan_week = (schedule == Schedule::Sm2ExamDate).then_some(&week);
        let mut queue: std::collections::VecDeque<usize> =
            queue::build_planned(cards, today, limits, DoneToday::default(), plan_week).0.into();
        let mut budget = per_day;
        while budget > 0 {
            let Some(i) = queue.pop_front() else { break };
            // A new card's state carries its text's hash, as an imported deck's does.
            let before = states[i].clone().unwrap_or_else(|| CardState {
                text_hash: examdeck::deck::content_hash(&exam.card_text(&exam.cards[i])),
                ..CardState::default()
            });
            let same_day = truth[i].is_some_and(|t| t.last == today);
            let p = if same_day { 1.0 } else { s.recall(truth[i], today) };
            let recalled = s.rng.f64() < p;
            let grade = if recalled {
                Grade::Good
            } else if s.rng.f64() < guess_rate(exam, i) {
                Grade::Guessed
            } else {
                Grade::Wrong
            };
            let plan = Plan {
                exam_date: (schedule == Schedule::Sm2ExamDate).then_some(exam_day),
                fsrs_days: (schedule == Schedule::Fsrs).then(|| memory.next_days(&history[i], today, 0.9)).flatten(),
            };
            let after = next_states(&before, today, at(today), &plan).take(grade);
            let redrill = before.in_relearning(today);
            history[i].push(Past {
                at: at(today),
                day: today,
                grade,
                response_ms: 5000,
                source: Source::Study,
                redrill,
                was_new: states[i].is_none(),
                interval: after.sm2.interval_days,
                ease: after.sm2.easiness as f32,
            });
            // The true memory: a success after a gap grows it, a failure resets it; seeing the
            // answer the first time teaches it.
            let d = s.difficulty[i];
            truth[i] = Some(match truth[i] {
                None => Truth { stability: s.factor * 3.0 / d, last: today },
                Some(t) if recalled && !same_day => {
                    Truth { stability: t.stability * (1.0 + s.factor * 2.5 / d), last: today }
                }
                Some(t) if recalled => Truth { last: today, ..t },
                Some(t) => Truth { stability: (t.stability * 0.5).max(s.factor * 2.0 / d), last: today },
            });
            if after.relearning && after.due == Some(today) {
                queue.push_back(i);
            }
            states[i] = Some(after);
            reviews += 1;
            budget -= 1;
        }
    }
    // Exam day: the true odds give the expected score; a mock exam samples them.
    let true_odds: Vec<Odds> = (0..n)
        .map(|i| {
            let r = s.recall(truth[i], exam_day);
            let g = guess_rate(exam, i);
            Odds { right: r + (1.0 - r) * g, wrong: (1.0 - r) * (1.0 - g) }
        })
        .collect();
    let expected = forecast(exam, &true_odds).expected;
    let responses: Vec<Option<Answer>> = exam
        .cards
        .iter()
        .zip(&true_odds)
        .map(|(c, o)| {
            let key = c.answer?;
            Some(if s.rng.f64() < o.right { key } else { wrong_answer(key) })
        })
        .collect();
    let mock = examdeck::scoring::score_exam(exam, &responses).total;
    // examdeck's forecast, from the history alone, with FSRS fitted to it when the optimiser
    // has enough (as "Fit to my history" does).
    let fitted = Memory::fit(history.iter().map(Vec::as_slice)).map(|p| Memory::new(&p));
    let model = fitted.as_ref().unwrap_or(&memory);
    let recall: Vec<f64> = (0..n).map(|i| model.recall(&history[i], exam_day)).collect();
    let habits = Habits::of(
        exam,
        exam.cards.iter().zip(&history).map(|(c, h)| (c.id.as_str(), h.as_slice())),
        std::iter::empty(),
    );
    let odds = card_odds(exam, &recall, &habits);
    let forecast = forecast(exam, &odds).expected;
    Run { expected, forecast, mock, reviews }
}

fn wrong_answer(key: Answer) -> Answer {
    match key {
        Answer::Tf(b) => Answer::Tf(!b),
        // Any other option: the first, or the second when the first is the key.
        Answer::Choice(k) => Answer::Choice(if k == 1 { 2 } else { 1 }),
        other => other,
    }
}

fn main() {
    let exam = builtin::parse().exam;
    println!("simulate: {STUDENTS} students, {DAYS} days to the exam, at most {NEW_PER_DAY} new cards a day");
    println!(
        "{:>8} {:<22} {:>8} {:>10} {:>13} {:>8}",
        "per day", "schedule", "reviews", "exam day", "forecast MAE", "bias"
    );
    for per_day in BUDGETS {
        for schedule in [Schedule::Sm2, Schedule::Sm2ExamDate, Schedule::Fsrs] {
            let runs: Vec<Run> = (0..STUDENTS).map(|k| simulate(&exam, schedule, 1000 + k, per_day)).collect();
            let m = runs.len() as f64;
            let expected = runs.iter().map(|r| r.expected).sum::<f64>() / m;
            let mae = runs.iter().map(|r| (r.forecast - r.mock).abs()).sum::<f64>() / m;
            let bias = runs.iter().map(|r| r.forecast - r.expected).sum::<f64>() / m;
            let reviews = runs.iter().map(|r| r.reviews).sum::<usize>() as f64 / m;
            let name = match schedule {
                Schedule::Sm2 => "SM-2",
                Schedule::Sm2ExamDate => "SM-2 with exam date",
                Schedule::Fsrs => "FSRS (retention 0.9)",
            };
            println!("{per_day:>8} {name:<22} {reviews:>8.0} {expected:>7.1}/50 {mae:>13.2} {bias:>+8.2}");
        }
    }
}
