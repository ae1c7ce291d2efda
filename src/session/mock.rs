//! The timed mock exam. The deadline is an absolute time stored with the attempt, and every
//! change returns the record to save, so after closing or a crash the attempt resumes with the
//! right time left — or is submitted, if time ran out meanwhile.

use crate::deck::{Answer, Exam, Mark};
use crate::model::{CardState, MockAttempt, Plan, Record, Review, Source, next_states};
use crate::scoring::{self, ExamScore};
use crate::sm2::Grade;
use chrono::{DateTime, Duration, NaiveDate, Utc};

/// Minutes granted for `exam` at `percent` of its duration (100, 150, 200), or `custom` minutes.
/// An exam without a stated duration gets 60 minutes.
pub fn minutes_for(exam: &Exam, percent: u32, custom: Option<u32>) -> u32 {
    if let Some(m) = custom {
        return m.max(1);
    }
    let base = exam.duration_minutes.unwrap_or(60);
    ((u64::from(base) * u64::from(percent.max(1)) + 50) / 100).max(1) as u32
}

/// A mock exam in progress or finished.
#[derive(Clone, Debug, PartialEq)]
pub struct MockSession {
    /// The attempt as stored.
    pub attempt: MockAttempt,
}

impl MockSession {
    /// Starts a mock exam now, with `minutes` on the clock.
    pub fn start(deck: &str, minutes: u32, now: DateTime<Utc>) -> (Self, Record) {
        let attempt = MockAttempt {
            deck: deck.to_string(),
            started_at: Some(now),
            deadline: Some(now + Duration::minutes(i64::from(minutes))),
            minutes,
            ..Default::default()
        };
        let s = MockSession { attempt };
        let r = Record::MockProgress(s.attempt.clone());
        (s, r)
    }

    /// Resumes a stored attempt. If its time ran out while the app was closed, it is submitted
    /// (as timed out) and the record returned.
    pub fn resume(attempt: MockAttempt, exam: &Exam, now: DateTime<Utc>) -> (Self, Option<Record>) {
        let mut s = MockSession { attempt };
        let r = s.tick(exam, now);
        (s, r)
    }

    /// Whether it has been submitted.
    pub fn is_submitted(&self) -> bool {
        self.attempt.submitted_at.is_some()
    }

    /// Time left at `now`, never negative.
    pub fn time_left(&self, now: DateTime<Utc>) -> Duration {
        match self.attempt.deadline {
            Some(d) if d > now => d - now,
            _ => Duration::zero(),
        }
    }

    /// The responses as one `Option<Answer>` per exam card.
    pub fn responses(&self, exam: &Exam) -> Vec<Option<Answer>> {
        exam.cards.iter().map(|c| self.attempt.responses.get(&c.id.0).copied()).collect()
    }

    /// Submits automatically once the deadline has passed. Call on every frame or timer tick.
    pub fn tick(&mut self, exam: &Exam, now: DateTime<Utc>) -> Option<Record> {
        if self.is_submitted() || self.time_left(now) > Duration::zero() {
            return None;
        }
        Some(self.finish(exam, now, true))
    }

    /// Sets or clears an answer. After the deadline it submits instead and returns that record.
    pub fn set(&mut self, exam: &Exam, card: usize, answer: Option<Answer>, now: DateTime<Utc>) -> Option<Record> {
        if self.is_submitted() {
            return None;
        }
        if let Some(r) = self.tick(exam, now) {
            return Some(r);
        }
        let id = exam.cards.get(card)?.id.0.clone();
        let changed = match answer {
            Some(a) => self.attempt.responses.insert(id, a) != Some(a),
            None => self.attempt.responses.remove(&id).is_some(),
        };
        changed.then(|| Record::MockProgress(self.attempt.clone()))
    }

    /// Writes (or, with empty text, clears) the answer to a free card. After the deadline it
    /// submits instead and returns that record.
    pub fn write(&mut self, exam: &Exam, card: usize, text: &str, now: DateTime<Utc>) -> Option<Record> {
        if self.is_submitted() {
            return None;
        }
        if let Some(r) = self.tick(exam, now) {
            return Some(r);
        }
        let id = exam.cards.get(card)?.id.0.clone();
        let changed = if text.trim().is_empty() {
            self.attempt.written.remove(&id).is_some()
        } else {
            self.attempt.written.insert(id, text.to_string()).as_deref() != Some(text)
        };
        changed.then(|| Record::MockProgress(self.attempt.clone()))
    }

    /// Written answers of a submitted attempt still waiting for the student's mark.
    pub fn unmarked(&self) -> usize {
        self.attempt.written.keys().filter(|id| !self.attempt.responses.contains_key(*id)).count()
    }

    /// Marks a written answer of a submitted attempt against the solution and scores it again.
    pub fn mark(&mut self, exam: &Exam, card: usize, mark: Mark) -> Option<Record> {
        if !self.is_submitted() {
            return None;
        }
        let id = exam.cards.get(card)?.id.0.clone();
        if !self.attempt.written.contains_key(&id) {
            return None;
        }
        self.attempt.responses.insert(id, Answer::Mark(mark));
        let score = self.score(exam);
        self.attempt.score = Some((score.total, score.max));
        self.attempt.sections = score.sections.iter().map(|s| (s.title.clone(), s.score, s.max)).collect();
        Some(Record::MockFinished(self.attempt.clone()))
    }

    /// Marks or unmarks card `card` (by index) as answered unsure, for the guessing coach.
    pub fn toggle_unsure(&mut self, exam: &Exam, card: usize) -> Option<Record> {
        if self.is_submitted() {
            return None;
        }
        let id = exam.cards.get(card)?.id.0.clone();
        if !self.attempt.unsure.remove(&id) {
            self.attempt.unsure.insert(id);
        }
        Some(Record::MockProgress(self.attempt.clone()))
    }

    /// Flags or unflags a question for review.
    pub fn toggle_flag(&mut self, number: u32) -> Option<Record> {
        if self.is_submitted() {
            return None;
        }
        if !self.attempt.flagged.remove(&number) {
            self.attempt.flagged.insert(number);
        }
        Some(Record::MockProgress(self.attempt.clone()))
    }

    /// Moves to question `index` (exam order).
    pub fn goto(&mut self, exam: &Exam, index: usize) -> Option<Record> {
        let index = index.min(exam.question_count().saturating_sub(1));
        if self.is_submitted() || index == self.attempt.current {
            return None;
        }
        self.attempt.current = index;
        Some(Record::MockProgress(self.attempt.clone()))
    }

    /// Submits now (the student confirmed).
    pub fn submit(&mut self, exam: &Exam, now: DateTime<Utc>) -> Option<Record> {
        if self.is_submitted() {
            return None;
        }
        if let Some(r) = self.tick(exam, now) {
            return Some(r);
        }
        Some(self.finish(exam, now, false))
    }

    fn finish(&mut self, exam: &Exam, now: DateTime<Utc>, timed_out: bool) -> Record {
        let score = self.score(exam);
        let at = match (timed_out, self.attempt.deadline) {
            (true, Some(d)) => d,
            _ => now,
        };
        self.attempt.submitted_at = Some(at);
        self.attempt.timed_out = timed_out;
        self.attempt.score = Some((score.total, score.max));
        self.attempt.sections = score.sections.iter().map(|s| (s.title.clone(), s.score, s.max)).collect();
        Record::MockFinished(self.attempt.clone())
    }

    /// The score under the exam's rules.
    pub fn score(&self, exam: &Exam) -> ExamScore {
        scoring::score_exam(exam, &self.responses(exam))
    }

    /// Time used: from the start to the submission (or to now), never more than the time granted.
    pub fn time_used(&self, now: DateTime<Utc>) -> Duration {
        let start = self.attempt.started_at.unwrap_or(now);
        let end = self.attempt.submitted_at.unwrap_or(now);
        let used = if end > start { end - start } else { Duration::zero() };
        used.min(Duration::minutes(i64::from(self.attempt.minutes)))
    }

    /// "Add my mistakes to today's reviews": every wrongly answered card becomes a lapse due today.
    /// Returns the reviews and the updated attempt to record; nothing the second time.
    pub fn add_mistakes(
        &mut self,
        exam: &Exam,
        state: &dyn Fn(usize) -> Option<CardState>,
        today: NaiveDate,
        now: DateTime<Utc>,
    ) -> Vec<Record> {
        if !self.is_submitted() || self.attempt.mistakes_added {
            return Vec::new();
        }
        let mut out = Vec::new();
        for (i, c) in exam.cards.iter().enumerate() {
            let (Some(key), Some(resp)) = (c.answer, self.attempt.responses.get(&c.id.0)) else { continue };
            if resp.is_right_for(key) || *resp == Answer::Mark(Mark::Half) {
                continue;
            }
            let before = state(i).unwrap_or_default();
            let states = next_states(&before, today, now, &Plan::default());
            let redrill = states.repeat;
            let after = states.take(Grade::Wrong);
            out.push(Record::Review(Review {
                deck: self.attempt.deck.clone(),
                card: c.id.0.clone(),
                at: now,
                day: today,
                grade: Grade::Wrong,
                response_ms: 0,
                before,
                after,
                redrill,
                source: Source::Mock,
            }));
        }
        self.attempt.mistakes_added = true;
        out.push(Record::MockFinished(self.attempt.clone()));
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse;
    use crate::model::Collection;
    use chrono::TimeZone;

    fn exam() -> Exam {
        parse("You have 80 minutes.\n1. (1 point) a\n☐ x\n☒ y\n2. (2 points) b\n☒ T ☐ F: p\n☐ T ☒ F: q\n", None).exam
    }

    fn t(min: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000, 0).unwrap() + Duration::minutes(min)
    }

    #[test]
    fn durations_with_extra_time() {
        let e = exam();
        assert_eq!(minutes_for(&e, 100, None), 80);
        assert_eq!(minutes_for(&e, 150, None), 120);
        assert_eq!(minutes_for(&e, 200, None), 160);
        assert_eq!(minutes_for(&e, 100, Some(25)), 25);
    }

    #[test]
    fn timer_expiry_submits_automatically() {
        let e = exam();
        let (mut m, _) = MockSession::start("d", 80, t(0));
        assert_eq!(m.time_left(t(30)), Duration::minutes(50));
        assert!(m.set(&e, 0, Some(Answer::Choice(2)), t(10)).is_some());
        assert_eq!(m.tick(&e, t(79)), None);
        let r = m.tick(&e, t(80)).unwrap();
        match r {
            Record::MockFinished(a) => {
                assert!(a.timed_out);
                assert_eq!(a.score, Some((1.0, 3.0)));
                assert_eq!(a.submitted_at, Some(t(80)));
            }
            other => panic!("{other:?}"),
        }
        // Answers after the deadline change nothing.
        assert_eq!(m.set(&e, 1, Some(Answer::Tf(true)), t(81)), None);
    }

    #[test]
    fn answering_after_the_deadline_submits_instead() {
        let e = exam();
        let (mut m, _) = MockSession::start("d", 80, t(0));
        let r = m.set(&e, 1, Some(Answer::Tf(true)), t(90)).unwrap();
        assert!(matches!(r, Record::MockFinished(ref a) if a.timed_out && a.responses.is_empty()));
    }

    #[test]
    fn resume_after_restart_keeps_time_left_or_submits() {
        let e = exam();
        let mut c = Collection::default();
        let (mut m, r) = MockSession::start("d", 80, t(0));
        c.apply(&r);
        c.apply(&m.set(&e, 1, Some(Answer::Tf(true)), t(5)).unwrap());
        c.apply(&m.toggle_flag(2).unwrap());
        // The app closes; the attempt comes back from the collection.
        let stored = c.mock_in_progress.clone().unwrap();
        let (again, rec) = MockSession::resume(stored.clone(), &e, t(60));
        assert_eq!(rec, None);
        assert_eq!(again.time_left(t(60)), Duration::minutes(20));
        assert!(again.attempt.flagged.contains(&2));
        assert_eq!(again.attempt.responses.len(), 1);
        let (late, rec) = MockSession::resume(stored, &e, t(200));
        assert!(late.is_submitted());
        let rec = rec.unwrap();
        c.apply(&rec);
        assert!(c.mock_in_progress.is_none());
        assert_eq!(c.mocks.len(), 1);
        assert_eq!(late.time_used(t(200)), Duration::minutes(80));
    }

    #[test]
    fn mistakes_become_due_today_once() {
        let e = exam();
        let (mut m, _) = MockSession::start("d", 80, t(0));
        m.set(&e, 0, Some(Answer::Choice(1)), t(1));
        m.set(&e, 1, Some(Answer::Tf(true)), t(1));
        m.submit(&e, t(2)).unwrap();
        let today = NaiveDate::from_ymd_opt(2027, 1, 15).unwrap();
        let none = |_| None;
        let recs = m.add_mistakes(&e, &none, today, t(3));
        assert_eq!(recs.len(), 2);
        assert!(matches!(&recs[0], Record::Review(r) if r.card == "1" && r.after.due == Some(today)));
        assert!(m.add_mistakes(&e, &none, today, t(4)).is_empty());
    }
}
