//! Quizzes: whole questions picked by the student, answered as in the exam, scored by the exam's
//! rules on submit. Answers feed SM-2: wrong → a lapse due today; right on a new or due card →
//! Good (or Guessed, if the student says so in the review); right on a card not yet due → the
//! schedule is left alone; blank → nothing.

use crate::deck::{Answer, Exam, Mark};
use crate::model::{CardState, Plan, QuizResult, Review, Source, next_states};
use crate::scoring::{self, QuestionScore};
use crate::sm2::Grade;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::BTreeMap;

/// How the questions are chosen.
#[derive(Clone, Debug, PartialEq)]
pub enum Pick {
    /// `n` questions at random.
    Random(usize),
    /// Every question of one section (index).
    Section(usize),
    /// Every question tagged with this topic.
    Topic(String),
    /// The `n` weakest questions: most errors relative to reviews, then most lapses.
    Weakest(usize),
    /// Questions with at least one card due today.
    Due,
    /// These question numbers.
    Numbers(Vec<u32>),
}

/// Chooses question numbers, in exam order. `seed` drives the random pick.
pub fn pick(
    exam: &Exam,
    state: &dyn Fn(usize) -> Option<CardState>,
    how: &Pick,
    today: NaiveDate,
    seed: u64,
) -> Vec<u32> {
    let all: Vec<u32> = exam.questions().map(|q| q.number).collect();
    let mut chosen: Vec<u32> = match how {
        Pick::Random(n) => {
            let mut rng = fastrand::Rng::with_seed(seed);
            let mut v = all.clone();
            rng.shuffle(&mut v);
            v.truncate(*n);
            v
        }
        Pick::Section(i) => {
            exam.sections.get(*i).map(|s| s.questions.iter().map(|q| q.number).collect()).unwrap_or_default()
        }
        Pick::Topic(t) => exam.questions().filter(|q| q.topics.iter().any(|x| x == t)).map(|q| q.number).collect(),
        Pick::Weakest(n) => {
            let mut scored: Vec<(f64, u32, u32)> = all
                .iter()
                .map(|&num| {
                    let idx = exam.question_cards(num);
                    let (mut err, mut lapses) = (0.0, 0u32);
                    for &i in &idx {
                        let st = state(i).unwrap_or_default();
                        err += f64::from(st.lapses + 1) / f64::from(st.reviews + 2);
                        lapses += st.lapses;
                    }
                    (err / idx.len().max(1) as f64, lapses, num)
                })
                .collect();
            scored.sort_by(|a, b| b.0.total_cmp(&a.0).then(b.1.cmp(&a.1)).then(a.2.cmp(&b.2)));
            scored.into_iter().take(*n).map(|s| s.2).collect()
        }
        Pick::Due => all
            .iter()
            .copied()
            .filter(|&num| {
                exam.question_cards(num).iter().any(|&i| state(i).and_then(|s| s.due).is_some_and(|d| d <= today))
            })
            .collect(),
        Pick::Numbers(v) => all.iter().copied().filter(|n| v.contains(n)).collect(),
    };
    chosen.sort_by_key(|n| all.iter().position(|a| a == n));
    chosen
}

/// A quiz in progress or submitted.
#[derive(Clone, Debug)]
pub struct QuizSession {
    /// Deck id.
    pub deck: String,
    /// Question numbers asked, in exam order.
    pub questions: Vec<u32>,
    /// One response per exam card (`None` = blank); only the asked questions' cards are used.
    pub responses: Vec<Option<Answer>>,
    /// Index into `questions` of the one on screen.
    pub current: usize,
    /// The scores, once submitted.
    pub result: Option<Vec<QuestionScore>>,
    /// Written answers to free cards, by card index.
    pub written: BTreeMap<usize, String>,
    /// Whether the result has been recorded (once every written answer is marked).
    pub recorded: bool,
    /// The order options are shown in, when shuffled (answers keep the original numbers).
    pub order: super::shuffle::Order,
}

impl QuizSession {
    /// A new quiz over `questions`.
    pub fn new(deck: &str, exam: &Exam, questions: Vec<u32>) -> Self {
        QuizSession {
            deck: deck.to_string(),
            questions,
            responses: vec![None; exam.cards.len()],
            current: 0,
            result: None,
            written: BTreeMap::new(),
            recorded: false,
            order: super::shuffle::Order::new(),
        }
    }

    /// Writes (or, with empty text, clears) the answer to a free card; ignored after submitting.
    pub fn write(&mut self, card: usize, text: &str) {
        if self.result.is_some() {
            return;
        }
        if text.trim().is_empty() {
            self.written.remove(&card);
        } else {
            self.written.insert(card, text.to_string());
        }
    }

    /// Written answers still waiting for the student's mark.
    pub fn unmarked(&self) -> Vec<usize> {
        self.written.keys().copied().filter(|&c| self.responses.get(c).copied().flatten().is_none()).collect()
    }

    /// Marks a written answer against the solution and scores the quiz again; returns the
    /// review to record. `None` when there is nothing to mark there.
    pub fn mark(
        &mut self,
        exam: &Exam,
        card: usize,
        mark: Mark,
        state: &dyn Fn(usize) -> Option<CardState>,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Option<Review> {
        if self.result.is_none() || !self.written.contains_key(&card) {
            return None;
        }
        *self.responses.get_mut(card)? = Some(Answer::Mark(mark));
        self.result =
            Some(self.questions.iter().filter_map(|&n| scoring::score_question(exam, n, &self.responses)).collect());
        self.review_for(exam, card, state, Grade::Good, today, now)
    }

    /// The result to keep, once nothing is left to mark.
    pub fn final_result(&self, now: DateTime<Utc>) -> Option<QuizResult> {
        if !self.unmarked().is_empty() {
            return None;
        }
        let (score, max) = self.totals()?;
        Some(QuizResult {
            deck: self.deck.clone(),
            at: Some(now),
            questions: self.questions.clone(),
            score: (score, max),
        })
    }

    /// Sets (or clears) the answer to a card; ignored after submitting.
    pub fn set(&mut self, card: usize, answer: Option<Answer>) {
        if self.result.is_none()
            && let Some(r) = self.responses.get_mut(card)
        {
            *r = answer;
        }
    }

    /// Score and maximum over the asked questions.
    pub fn totals(&self) -> Option<(f64, f64)> {
        let r = self.result.as_ref()?;
        Some((r.iter().map(|q| q.score).sum(), r.iter().map(|q| q.max).sum()))
    }

    /// Scores the quiz and returns the reviews to record and the result to keep — `None` while
    /// written answers wait for their marks (they are recorded as they are marked).
    pub fn submit(
        &mut self,
        exam: &Exam,
        state: &dyn Fn(usize) -> Option<CardState>,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> (Vec<Review>, Option<QuizResult>) {
        let scores: Vec<QuestionScore> =
            self.questions.iter().filter_map(|&n| scoring::score_question(exam, n, &self.responses)).collect();
        let mut reviews = Vec::new();
        for q in &scores {
            for c in &q.cards {
                if let Some(r) = self.review_for(exam, c.card, state, Grade::Good, today, now) {
                    reviews.push(r);
                }
            }
        }
        self.result = Some(scores);
        (reviews, self.final_result(now))
    }

    /// The review a card's quiz answer gives: `right_grade` is Good, or Guessed when the student
    /// marks it so afterwards. `None` for blank or unkeyed cards.
    pub fn review_for(
        &self,
        exam: &Exam,
        card: usize,
        state: &dyn Fn(usize) -> Option<CardState>,
        right_grade: Grade,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Option<Review> {
        let c = exam.cards.get(card)?;
        let key = c.answer?;
        let response = self.responses.get(card).copied().flatten()?;
        let before = state(card).unwrap_or_default();
        let grade = match response {
            // A written answer marked half right is a hard recall.
            Answer::Mark(Mark::Half) => Grade::Hard,
            r if r.is_right_for(key) => right_grade,
            _ => Grade::Wrong,
        };
        let states = next_states(&before, today, now, &Plan::default());
        let redrill = states.repeat;
        let after = states.take(grade);
        Some(Review {
            deck: self.deck.clone(),
            card: c.id.0.clone(),
            at: now,
            day: today,
            grade,
            response_ms: 0,
            before,
            after,
            redrill,
            source: Source::Quiz,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse;
    use chrono::TimeZone;

    fn exam() -> Exam {
        parse(
            "1 A\n1. (1 point) a\n☐ x\n☒ y\n2 B\n2. (2 points) b\n☐ T ☐ F: p\n☐ T ☐ F: q\n3. (1 point) c\n☒ x\n☐ y\n",
            Some(r#"(questions: {3: (topics: ["cnns"])}, cards: {"2.1": (answer: "T"), "2.2": (answer: "F")})"#),
        )
        .exam
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 1, 15).unwrap()
    }

    #[test]
    fn picks_by_section_topic_due_and_random() {
        let e = exam();
        let none = |_| None;
        assert_eq!(pick(&e, &none, &Pick::Section(1), day(), 1), vec![2, 3]);
        assert_eq!(pick(&e, &none, &Pick::Topic("cnns".into()), day(), 1), vec![3]);
        // New cards are not due.
        assert_eq!(pick(&e, &none, &Pick::Due, day(), 1), Vec::<u32>::new());
        let due_now = |i: usize| (i == 2).then(|| CardState { due: Some(day()), ..Default::default() });
        assert_eq!(pick(&e, &due_now, &Pick::Due, day(), 1), vec![2]);
        let r = pick(&e, &none, &Pick::Random(2), day(), 7);
        assert_eq!(r.len(), 2);
        assert!(r.windows(2).all(|w| w[0] < w[1]));
        let future = CardState { due: Some(day().succ_opt().unwrap()), ..Default::default() };
        let st = move |i: usize| {
            if i == 0 { Some(CardState { lapses: 3, reviews: 3, ..future.clone() }) } else { Some(future.clone()) }
        };
        assert_eq!(pick(&e, &st, &Pick::Due, day(), 1), Vec::<u32>::new());
        assert_eq!(pick(&e, &st, &Pick::Weakest(1), day(), 1), vec![1]);
    }

    #[test]
    fn submit_scores_by_the_rules_and_feeds_sm2() {
        let e = exam();
        let now = Utc.timestamp_opt(1_800_000_000, 0).unwrap();
        let not_due = CardState { due: Some(day().succ_opt().unwrap()), ..Default::default() };
        let st = move |i: usize| if i == 3 { Some(not_due.clone()) } else { None };
        let mut q = QuizSession::new("d", &e, vec![1, 2, 3]);
        q.set(0, Some(Answer::Choice(1))); // wrong
        q.set(1, Some(Answer::Tf(true))); // right, new
        q.set(2, Some(Answer::Tf(false))); // right, new
        q.set(3, Some(Answer::Choice(1))); // right, not due (index 3 is question 3)
        let (reviews, result) = q.submit(&e, &st, day(), now);
        // Q1 wrong: 0 of 1; Q2 both right: 2 of 2 (1 per statement); Q3 right: 1 of 1.
        assert_eq!(result.unwrap().score, (3.0, 4.0));
        assert_eq!(reviews.len(), 4);
        assert_eq!((reviews[0].grade, reviews[0].after.due), (Grade::Wrong, Some(day())));
        assert_eq!(reviews[1].after.due, Some(day().succ_opt().unwrap()));
        assert_eq!(reviews[3].after, reviews[3].before);
        // After submitting, answers are frozen.
        q.set(0, Some(Answer::Choice(2)));
        assert_eq!(q.responses[0], Some(Answer::Choice(1)));
    }
}
