//! The daily study session: a queue of cards, each answered, shown right or wrong, then graded.
//! Pure state machine: every method takes the time as an argument and returns the `Review`
//! to record; the caller commits it. What a grade does to the card comes from
//! `model::next_states`; a card graded below Good is due again today (stored, so leaving the
//! session keeps it) and comes back later in the session.

use crate::deck::{Answer, CardKind, Exam};
use crate::model::{CardState, NextStates, Plan, Review, Source, next_states};
use crate::sm2::Grade;
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::VecDeque;

/// How many other cards come before a repeated card returns.
const REDRILL_GAP: usize = 3;

/// Where the current card is.
#[derive(Clone, Debug, PartialEq)]
pub enum Phase {
    /// Waiting for an answer.
    Asking,
    /// Answered: right ones wait for a grade, wrong ones are graded already.
    Answered {
        /// What the student chose.
        response: Answer,
        /// Whether it matched the key.
        correct: bool,
        /// The grade given, once given.
        graded: Option<Grade>,
    },
}

/// The card on screen.
#[derive(Clone, Debug, PartialEq)]
pub struct Current {
    /// Index into the exam's cards.
    pub card: usize,
    /// When it was shown (for the response time).
    pub shown_at: DateTime<Utc>,
    /// Asking or answered.
    pub phase: Phase,
    /// Whether this showing is a relearning repeat.
    pub redrill: bool,
    /// The state it had when shown.
    pub before: CardState,
}

/// Counts for the progress bar and the summary.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Tally {
    /// Cards of today's queue finished (graded Good or better, or graded and not to be repeated).
    pub finished: usize,
    /// Answers right at the first try.
    pub right: usize,
    /// Answers wrong at the first try.
    pub wrong: usize,
    /// Repeats done.
    pub redrills: usize,
}

#[derive(Clone, Debug)]
struct Snapshot {
    queue: VecDeque<usize>,
    current: Option<Current>,
    tally: Tally,
}

/// A study session over one deck.
#[derive(Clone, Debug)]
pub struct StudySession {
    /// Deck id.
    pub deck: String,
    /// The study day the session counts for.
    pub day: NaiveDate,
    queue: VecDeque<usize>,
    current: Option<Current>,
    /// Cards in today's queue when the session started.
    pub planned: usize,
    tally: Tally,
    undo: Vec<(Snapshot, Review)>,
}

/// Everything the session needs to know about the deck.
pub struct Ctx<'a> {
    /// The exam.
    pub exam: &'a Exam,
    /// The state of a card by index (`None` = new).
    pub state: &'a dyn Fn(usize) -> Option<CardState>,
}

impl StudySession {
    /// Starts a session over `queue` (card indices, as `queue::build` returns them).
    pub fn new(deck: &str, day: NaiveDate, queue: Vec<usize>) -> Self {
        StudySession {
            deck: deck.to_string(),
            day,
            planned: queue.len(),
            queue: queue.into(),
            current: None,
            tally: Tally::default(),
            undo: Vec::new(),
        }
    }

    /// The card on screen, pulling the next one from the queue if needed. `None` = finished.
    pub fn current(&mut self, ctx: &Ctx<'_>, now: DateTime<Utc>) -> Option<&Current> {
        if self.current.is_none() {
            let card = self.queue.pop_front()?;
            let before = (ctx.state)(card).unwrap_or_default();
            self.current = Some(Current {
                card,
                shown_at: now,
                phase: Phase::Asking,
                redrill: before.in_relearning(self.day),
                before,
            });
        }
        self.current.as_ref()
    }

    /// The card on screen without pulling a new one.
    pub fn peek(&self) -> Option<&Current> {
        self.current.as_ref()
    }

    /// Counts so far.
    pub fn tally(&self) -> Tally {
        self.tally
    }

    /// Cards still to show (the current one included).
    pub fn remaining(&self) -> usize {
        self.queue.len() + usize::from(self.current.is_some())
    }

    /// Whether the session has nothing more to show.
    pub fn is_finished(&self) -> bool {
        self.current.is_none() && self.queue.is_empty()
    }

    /// Whether there is an answer to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot { queue: self.queue.clone(), current: self.current.clone(), tally: self.tally }
    }

    /// The student answers the current card. A wrong answer is graded at once (quality 1) and its
    /// review returned; a right one waits for `grade`. A free card is answered with
    /// `Answer::Written` (the solution is shown) and then graded by the student, Wrong included.
    pub fn answer(&mut self, ctx: &Ctx<'_>, response: Answer, now: DateTime<Utc>) -> Option<Review> {
        let cur = self.current.as_ref()?;
        if cur.phase != Phase::Asking {
            return None;
        }
        let card = ctx.exam.cards.get(cur.card)?;
        let key = card.answer?;
        // A written answer is revealed, not checked: the student grades it against the solution.
        let correct = card.kind == CardKind::Free || key == response;
        let snap = self.snapshot();
        let cur = self.current.as_mut().expect("checked above");
        cur.phase = Phase::Answered { response, correct, graded: None };
        if correct {
            return None;
        }
        self.finish_grade(ctx, Grade::Wrong, now, snap)
    }

    /// What every grade would do to the current card (for the buttons).
    pub fn next_states(&self, now: DateTime<Utc>, plan: &Plan) -> Option<NextStates> {
        let cur = self.current.as_ref()?;
        Some(next_states(&cur.before, self.day, now, plan))
    }

    /// The student grades a right answer (Guessed, Hard, Good or Easy).
    pub fn grade(&mut self, ctx: &Ctx<'_>, grade: Grade, now: DateTime<Utc>) -> Option<Review> {
        let cur = self.current.as_ref()?;
        let free = ctx.exam.cards.get(cur.card).is_some_and(|c| c.kind == CardKind::Free);
        match cur.phase {
            Phase::Answered { correct: true, graded: None, .. } if grade != Grade::Wrong || free => {}
            _ => return None,
        }
        let snap = self.snapshot();
        self.finish_grade(ctx, grade, now, snap)
    }

    fn finish_grade(&mut self, ctx: &Ctx<'_>, grade: Grade, now: DateTime<Utc>, snap: Snapshot) -> Option<Review> {
        let cur = self.current.as_mut()?;
        if let Phase::Answered { graded, .. } = &mut cur.phase {
            *graded = Some(grade);
        }
        let card = cur.card;
        let before = cur.before.clone();
        let states = next_states(&before, self.day, now, &Plan::default());
        let redrill = states.repeat;
        let after = states.take(grade);
        let again = after.relearning;
        let response_ms = u64::try_from((now - cur.shown_at).num_milliseconds()).unwrap_or(0);
        if redrill {
            self.tally.redrills += 1;
        } else if grade == Grade::Wrong {
            self.tally.wrong += 1;
        } else {
            self.tally.right += 1;
        }
        if again {
            // Back after a few other cards, never right beside a card of the same question.
            let question = |i: usize| ctx.exam.cards.get(i).and_then(|c| c.id.question()).unwrap_or(0);
            let q = question(card);
            let mut at = REDRILL_GAP.min(self.queue.len());
            while at < self.queue.len()
                && (question(self.queue[at]) == q || (at > 0 && question(self.queue[at - 1]) == q))
            {
                at += 1;
            }
            self.queue.insert(at, card);
        } else {
            self.tally.finished += 1;
        }
        let review = Review {
            deck: self.deck.clone(),
            card: ctx.exam.cards.get(card)?.id.0.clone(),
            at: now,
            day: self.day,
            grade,
            response_ms,
            before,
            after,
            redrill,
            source: Source::Study,
        };
        self.undo.push((snap, review.clone()));
        Some(review)
    }

    /// Moves on after an answer has been shown and graded.
    pub fn next(&mut self) {
        if let Some(Current { phase: Phase::Answered { graded: Some(_), .. }, .. }) = &self.current {
            self.current = None;
        }
    }

    /// Takes back the last graded answer: the session returns to that card, unanswered, and the
    /// review to record as undone is returned.
    pub fn undo(&mut self, now: DateTime<Utc>) -> Option<Review> {
        let (snap, review) = self.undo.pop()?;
        self.queue = snap.queue;
        self.tally = snap.tally;
        let mut cur = snap.current?;
        cur.phase = Phase::Asking;
        cur.shown_at = now;
        self.current = Some(cur);
        Some(review)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse;
    use crate::queue::add_days;
    use chrono::TimeZone;

    fn exam() -> Exam {
        parse(
            "1. (1 point) a\n☐ x\n☒ y\n2. (2 points) b\n☐ T ☐ F: p\n☐ T ☐ F: q\n3. (1 point) c\n☒ x\n☐ y\n",
            Some(r#"(cards: {"2.1": (answer: "T"), "2.2": (answer: "F")})"#),
        )
        .exam
    }

    fn t(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000 + s, 0).unwrap()
    }

    fn day() -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 1, 15).unwrap()
    }

    #[test]
    fn right_answer_then_good_schedules_one_day() {
        let e = exam();
        let none = |_| None;
        let ctx = Ctx { exam: &e, state: &none };
        let mut s = StudySession::new("d", day(), vec![0, 1, 2]);
        assert_eq!(s.current(&ctx, t(0)).unwrap().card, 0);
        assert_eq!(s.answer(&ctx, Answer::Choice(2), t(3)), None);
        assert_eq!(s.next_states(t(3), &Plan::default()).unwrap().get(Grade::Good).due, Some(add_days(day(), 1)));
        let r = s.grade(&ctx, Grade::Good, t(4)).unwrap();
        assert_eq!(r.after.due, Some(add_days(day(), 1)));
        assert_eq!(r.response_ms, 4000);
        assert!(!r.redrill);
        s.next();
        assert_eq!(s.current(&ctx, t(5)).unwrap().card, 1);
    }

    #[test]
    fn wrong_answers_are_graded_due_again_today_and_come_back() {
        let e = exam();
        let none = |_| None;
        let ctx = Ctx { exam: &e, state: &none };
        // Cards: 0 = "1", 1 = "2.1", 2 = "2.2", 3 = "3".
        let mut s = StudySession::new("d", day(), vec![1, 3]);
        s.current(&ctx, t(0));
        let r = s.answer(&ctx, Answer::Tf(false), t(1)).unwrap();
        assert_eq!(r.grade, Grade::Wrong);
        assert_eq!(r.after.sm2.repetitions, 0);
        assert_eq!(r.after.lapses, 1);
        assert_eq!((r.after.due, r.after.relearning), (Some(day()), true), "due again today, stored");
        s.next();
        // Card 3, then the re-drill of card 1.
        assert_eq!(s.current(&ctx, t(2)).unwrap().card, 3);
        s.answer(&ctx, Answer::Choice(1), t(3));
        s.grade(&ctx, Grade::Good, t(3));
        s.next();
        let after_first = r.after.clone();
        let st = move |i: usize| if i == 1 { Some(after_first.clone()) } else { None };
        let ctx2 = Ctx { exam: &e, state: &st };
        let cur = s.current(&ctx2, t(4)).unwrap();
        assert_eq!((cur.card, cur.redrill), (1, true));
        s.answer(&ctx2, Answer::Tf(true), t(5));
        let r2 = s.grade(&ctx2, Grade::Good, t(6)).unwrap();
        assert!(r2.redrill);
        assert_eq!(r2.after.sm2, r2.before.sm2, "SM-2 is not applied again");
        assert_eq!((r2.after.due, r2.after.relearning), (Some(add_days(day(), 1)), false));
        s.next();
        assert!(s.current(&ctx2, t(7)).is_none());
        assert_eq!(s.tally(), Tally { finished: 2, right: 1, wrong: 1, redrills: 1 });
    }

    #[test]
    fn undo_returns_to_the_card_unanswered() {
        let e = exam();
        let none = |_| None;
        let ctx = Ctx { exam: &e, state: &none };
        let mut s = StudySession::new("d", day(), vec![0, 2]);
        s.current(&ctx, t(0));
        s.answer(&ctx, Answer::Choice(2), t(1));
        let r = s.grade(&ctx, Grade::Easy, t(2)).unwrap();
        s.next();
        s.current(&ctx, t(3));
        let undone = s.undo(t(4)).unwrap();
        assert_eq!(undone, r);
        let cur = s.peek().unwrap();
        assert_eq!((cur.card, &cur.phase), (0, &Phase::Asking));
        assert_eq!(s.tally(), Tally::default());
        assert_eq!(s.remaining(), 2);
        assert!(!s.can_undo());
    }

    #[test]
    fn a_clock_that_moves_backwards_gives_zero_response_time() {
        let e = exam();
        let none = |_| None;
        let ctx = Ctx { exam: &e, state: &none };
        let mut s = StudySession::new("d", day(), vec![0]);
        s.current(&ctx, t(100));
        let r = s.answer(&ctx, Answer::Choice(1), t(50)).unwrap();
        assert_eq!(r.response_ms, 0);
        assert!(r.after.sm2.interval_days >= 1);
    }
}
