//! The library's operations on sessions and cards. Each takes the caller's session by `&mut`,
//! works on a copy, commits what the copy produced, and only then puts the copy in place: when
//! the disk refuses, the session is exactly where it was and the error says why.

use super::{Library, LibraryError, Result};
use crate::deck::{Answer, Mark};
use crate::model::{CardState, DeckSettings, NextStates, Record, Review, Settings, next_states};
use crate::session::mock::MockSession;
use crate::session::quiz::QuizSession;
use crate::session::shuffle;
use crate::session::study::{Ctx, StudySession};
use crate::sm2::Grade;
use chrono::{DateTime, Utc};
use std::collections::HashMap;

/// A change to a mock exam.
#[derive(Clone, Debug, PartialEq)]
pub enum MockChange {
    /// Answer (or clear) a card, by index.
    Set {
        /// The card's index in the exam.
        card: usize,
        /// The answer, or `None` to clear it.
        answer: Option<Answer>,
    },
    /// Write (or, with empty text, clear) the answer to a free card.
    Write {
        /// The card's index in the exam.
        card: usize,
        /// What the student wrote.
        text: String,
    },
    /// After submitting: mark a written answer against the solution.
    Mark {
        /// The card's index in the exam.
        card: usize,
        /// Right, half or wrong.
        mark: Mark,
    },
    /// Flag or unflag a question (by number).
    Flag(u32),
    /// Mark or unmark an answer as unsure (card by index), for the guessing coach.
    Unsure(usize),
    /// Show question `index` (exam order).
    Goto(usize),
    /// Submit (the student confirmed).
    Submit,
    /// Time passes: submits once the deadline is reached.
    Tick,
}

impl Library {
    /// What every grade would do to card `index` of `deck` now.
    pub fn next_states(&self, deck: &str, index: usize, now: DateTime<Utc>) -> NextStates {
        let before = self.state(deck, index).cloned().unwrap_or_default();
        let today = self.today(now);
        let card = self.deck(deck).and_then(|d| d.exam.cards.get(index)).map(|c| c.id.0.clone()).unwrap_or_default();
        next_states(&before, today, now, &self.plan(deck, &card, today))
    }

    /// A study session over today's queue of `deck`, or `None` when it is empty.
    pub fn start_study(&self, deck: &str, now: DateTime<Utc>) -> Option<StudySession> {
        let today = self.today(now);
        let q = self.today_queue(deck, today);
        (!q.is_empty()).then(|| StudySession::new(deck, today, q))
    }

    /// A study session over the given cards (previews, benchmarks, "study anyway").
    pub fn study_cards(&self, deck: &str, cards: Vec<usize>, now: DateTime<Utc>) -> StudySession {
        StudySession::new(deck, self.today(now), cards)
    }

    fn state_of(&self, deck: &str) -> impl Fn(usize) -> Option<CardState> + '_ {
        let d = self.decks.get(deck).cloned();
        move |i| {
            let d = d.as_ref()?;
            self.store.collection().card(&d.id, &d.exam.cards.get(i)?.id.0).cloned()
        }
    }

    /// Shows the session's next card when none is on screen (reading its state now).
    pub fn study_show(&self, s: &mut StudySession, now: DateTime<Utc>) {
        let Some(deck) = self.decks.get(&s.deck).cloned() else { return };
        let state = self.state_of(&s.deck);
        s.current(&Ctx { exam: &deck.exam, state: &state }, now);
    }

    fn study_step(
        &mut self,
        s: &mut StudySession,
        now: DateTime<Utc>,
        step: impl FnOnce(&mut StudySession, &Ctx<'_>) -> Option<Review>,
    ) -> Result<Option<Review>> {
        let deck = self.need_deck(&s.deck)?;
        let mut next = s.clone();
        let review = {
            let state = self.state_of(&s.deck);
            let ctx = Ctx { exam: &deck.exam, state: &state };
            next.current(&ctx, now);
            step(&mut next, &ctx)
        };
        let review = review.map(|r| self.plan_review(r));
        if let Some(r) = &review {
            self.commit(vec![Record::Review(r.clone())])?;
        }
        *s = next;
        Ok(review)
    }

    /// The student answers the current card. A wrong answer is graded at once and recorded.
    pub fn study_answer(&mut self, s: &mut StudySession, answer: Answer, now: DateTime<Utc>) -> Result<Option<Review>> {
        self.study_step(s, now, |n, ctx| n.answer(ctx, answer, now))
    }

    /// The student grades a right answer; the session moves on once it is recorded.
    pub fn study_grade(&mut self, s: &mut StudySession, grade: Grade, now: DateTime<Utc>) -> Result<Option<Review>> {
        let r = self.study_step(s, now, |n, ctx| n.grade(ctx, grade, now))?;
        if r.is_some() {
            s.next();
        }
        Ok(r)
    }

    /// Takes the last answer back.
    pub fn study_undo(&mut self, s: &mut StudySession, now: DateTime<Utc>) -> Result<bool> {
        let mut next = s.clone();
        let Some(review) = next.undo(now) else { return Ok(false) };
        self.commit(vec![Record::Undo { review: Box::new(review) }])?;
        *s = next;
        Ok(true)
    }

    /// Scores a quiz and records its answers and result together. Returns the reviews recorded,
    /// by card index (for the Guessed marks of the review page).
    pub fn submit_quiz(&mut self, q: &mut QuizSession, now: DateTime<Utc>) -> Result<HashMap<usize, Review>> {
        let deck = self.need_deck(&q.deck)?;
        let today = self.today(now);
        let mut next = q.clone();
        let (reviews, result) = {
            let state = self.state_of(&q.deck);
            next.submit(&deck.exam, &state, today, now)
        };
        let reviews: Vec<Review> = reviews.into_iter().map(|r| self.plan_review(r)).collect();
        let mut records: Vec<Record> = reviews.iter().cloned().map(Record::Review).collect();
        if let Some(result) = result {
            records.push(Record::QuizFinished(result));
            next.recorded = true;
        }
        self.commit(records)?;
        *q = next;
        Ok(reviews.into_iter().filter_map(|r| Some((deck.exam.card_index(&r.card)?, r))).collect())
    }

    /// Marks a written answer of a submitted quiz right, half or wrong: its review is recorded,
    /// and, once nothing is left to mark, the quiz's final result with it. Returns the review.
    pub fn mark_quiz(
        &mut self,
        q: &mut QuizSession,
        card: usize,
        mark: Mark,
        now: DateTime<Utc>,
    ) -> Result<Option<Review>> {
        let deck = self.need_deck(&q.deck)?;
        let today = self.today(now);
        let mut next = q.clone();
        let review = {
            let state = self.state_of(&q.deck);
            next.mark(&deck.exam, card, mark, &state, today, now)
        };
        let review = review.map(|r| self.plan_review(r));
        let mut records: Vec<Record> = review.iter().cloned().map(Record::Review).collect();
        if !next.recorded
            && let Some(result) = next.final_result(now)
        {
            records.push(Record::QuizFinished(result));
            next.recorded = true;
        }
        self.commit(records)?;
        *q = next;
        Ok(review)
    }

    /// Scores a paper attempt (nothing is recorded: the schedule is not touched).
    pub fn score_paper(&self, q: &mut QuizSession) -> Result<()> {
        let deck = self.need_deck(&q.deck)?;
        q.result = Some(
            q.questions.iter().filter_map(|&n| crate::scoring::score_question(&deck.exam, n, &q.responses)).collect(),
        );
        Ok(())
    }

    /// Turns a quiz's right answer into Guessed (or back to Good): the old review is taken back
    /// and the new one recorded, in one step. Returns the new review.
    pub fn regrade_quiz(&mut self, q: &QuizSession, old: &Review, now: DateTime<Utc>) -> Result<Review> {
        let deck = self.need_deck(&q.deck)?;
        let index =
            deck.exam.card_index(&old.card).ok_or(LibraryError::NotApplicable("the card is not in the quiz"))?;
        let grade = if old.grade == Grade::Guessed { Grade::Good } else { Grade::Guessed };
        let before = old.before.clone();
        let state = move |_: usize| Some(before.clone());
        let new = q
            .review_for(&deck.exam, index, &state, grade, old.day, now)
            .ok_or(LibraryError::NotApplicable("the card was not answered"))?;
        let new = self.plan_review(new);
        self.commit(vec![Record::Undo { review: Box::new(old.clone()) }, Record::Review(new.clone())])?;
        Ok(new)
    }

    /// Starts a mock exam of `deck` with `minutes` on the clock.
    pub fn start_mock(&mut self, deck: &str, minutes: u32, now: DateTime<Utc>) -> Result<MockSession> {
        let d = self.need_deck(deck)?;
        let (mut session, _) = MockSession::start(deck, minutes, now);
        if self.settings().shuffle_mock {
            session.attempt.order = shuffle::orders(&d.exam, 0..d.exam.cards.len(), shuffle_seed(now));
        }
        // The forecast as it stands when the clock starts, to check it against the result.
        let today = self.today(now);
        session.attempt.forecast = self.forecast(deck, today).map(|f| f.forecast.expected);
        self.commit(vec![Record::MockProgress(session.attempt.clone())])?;
        Ok(session)
    }

    /// The option order for a quiz over `questions` of `deck`: shuffled when the settings say so,
    /// else empty (options as written).
    pub fn quiz_order(&self, deck: &str, questions: &[u32], now: DateTime<Utc>) -> shuffle::Order {
        match self.deck(deck) {
            Some(d) if self.settings().shuffle_quiz => {
                let cards = questions.iter().flat_map(|&n| d.exam.question_cards(n));
                shuffle::orders(&d.exam, cards, shuffle_seed(now))
            }
            _ => shuffle::Order::new(),
        }
    }

    /// The mock exam that was running when the app closed, if any: resumed with the right time
    /// left, or submitted (and recorded) when its time ran out meanwhile.
    pub fn resume_mock(&mut self, now: DateTime<Utc>) -> Result<Option<(MockSession, bool)>> {
        let Some(attempt) = self.collection().mock_in_progress.clone() else { return Ok(None) };
        let Ok(deck) = self.need_deck(&attempt.deck) else { return Ok(None) };
        let (session, record) = MockSession::resume(attempt, &deck.exam, now);
        let timed_out = record.is_some();
        if let Some(r) = record {
            self.commit(vec![r])?;
        }
        Ok(Some((session, timed_out)))
    }

    /// Applies a change to a running mock exam and records it.
    pub fn change_mock(&mut self, m: &mut MockSession, change: MockChange, now: DateTime<Utc>) -> Result<()> {
        let deck = self.need_deck(&m.attempt.deck)?;
        let exam = &deck.exam;
        let mut next = m.clone();
        let record = match change {
            MockChange::Set { card, answer } => next.set(exam, card, answer, now),
            MockChange::Write { card, text } => next.write(exam, card, &text, now),
            MockChange::Mark { card, mark } => next.mark(exam, card, mark),
            MockChange::Flag(n) => next.toggle_flag(n),
            MockChange::Unsure(card) => next.toggle_unsure(exam, card),
            MockChange::Goto(i) => next.goto(exam, i),
            MockChange::Submit => next.submit(exam, now),
            MockChange::Tick => next.tick(exam, now),
        };
        if let Some(r) = record {
            self.commit(vec![r])?;
        }
        *m = next;
        Ok(())
    }

    /// "Add my mistakes to today's reviews": every wrong answer of a submitted mock exam becomes a
    /// lapse due today, recorded with the updated attempt in one step.
    pub fn add_mock_mistakes(&mut self, m: &mut MockSession, now: DateTime<Utc>) -> Result<usize> {
        let deck = self.need_deck(&m.attempt.deck)?;
        let today = self.today(now);
        let mut next = m.clone();
        let records = {
            let state = self.state_of(&m.attempt.deck);
            next.add_mistakes(&deck.exam, &state, today, now)
        };
        let added = records.iter().filter(|r| matches!(r, Record::Review(_))).count();
        self.commit(records)?;
        *m = next;
        Ok(added)
    }

    /// Abandons the mock exam in progress.
    pub fn discard_mock(&mut self) -> Result<()> {
        self.commit(vec![Record::MockDiscarded])
    }

    /// Suspends or unsuspends card `index` of `deck`.
    pub fn suspend(&mut self, deck: &str, index: usize, suspended: bool) -> Result<()> {
        let d = self.need_deck(deck)?;
        let card = d.exam.cards.get(index).ok_or(LibraryError::NotApplicable("no such card"))?;
        self.commit(vec![Record::Suspend { deck: deck.to_string(), card: card.id.0.clone(), suspended }])
    }

    /// Records new settings.
    pub fn set_settings(&mut self, settings: Settings) -> Result<()> {
        if *self.settings() == settings {
            return Ok(());
        }
        self.commit(vec![Record::Settings(settings)])
    }

    /// Records a deck's own settings (limits, exam date).
    pub fn set_deck_settings(&mut self, deck: &str, settings: DeckSettings) -> Result<()> {
        self.need_deck(deck)?;
        self.commit(vec![Record::DeckSettings { deck: deck.to_string(), settings }])
    }
}

impl Library {
    /// The questions a quiz asks, in exam order (`seed` drives the random pick).
    pub fn pick_questions(
        &self,
        deck: &str,
        pick: &crate::session::quiz::Pick,
        today: chrono::NaiveDate,
        seed: u64,
    ) -> Vec<u32> {
        let Some(d) = self.decks.get(deck) else { return Vec::new() };
        let state = self.state_of(deck);
        crate::session::quiz::pick(&d.exam, &state, pick, today, seed)
    }

    /// A session over every due and new card of a deck, past today's limits ("study this deck
    /// anyway"); `None` when there is none.
    pub fn study_anyway(&self, deck: &str, now: DateTime<Utc>) -> Option<StudySession> {
        let d = self.decks.get(deck)?;
        let today = self.today(now);
        let unlimited = crate::queue::Limits { new_per_day: u32::MAX, reviews_per_day: u32::MAX };
        let q = crate::queue::build(self.queue_cards(d), today, unlimited, crate::queue::DoneToday::default());
        (!q.is_empty()).then(|| StudySession::new(deck, today, q))
    }
}

/// A seed for shuffling options, from the time a quiz or mock exam starts.
fn shuffle_seed(now: DateTime<Utc>) -> u64 {
    now.timestamp_nanos_opt().unwrap_or_else(|| now.timestamp()) as u64
}
