//! A card's scheduling state and what each grade does to it. `next_states` is the one place the
//! outcome of a grade is computed: the study buttons show it, and study, quizzes and mock exams
//! all record it, as Anki's `next_states` does.

use crate::queue::add_days;
use crate::sm2::{Grade, Sm2State};
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &u32) -> bool {
    *n == 0
}

/// The scheduling state of one card. Fields at their default are left out when written, so the
/// snapshot of a large collection stays small and quick to read.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct CardState {
    /// SM-2 state.
    pub sm2: Sm2State,
    /// The study day it is due; `None` = new (never reviewed).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Suspended cards are never queued.
    #[serde(skip_serializing_if = "is_false")]
    pub suspended: bool,
    /// Times answered wrong or guessed.
    #[serde(skip_serializing_if = "is_zero")]
    pub lapses: u32,
    /// Scheduled reviews (same-day repeats not counted).
    #[serde(skip_serializing_if = "is_zero")]
    pub reviews: u32,
    /// When it was last reviewed.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub last_review: Option<DateTime<Utc>>,
    /// Hash of the card's text, whitespace removed (`deck::content_hash`): re-import bookkeeping.
    pub text_hash: u64,
    /// The answer the state was earned with, as written (`"4"`, `"T"`): re-import bookkeeping.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// Cards that disappeared from a re-imported exam: kept with their history, never queued.
    #[serde(skip_serializing_if = "is_false")]
    pub retired: bool,
    /// Graded below Good at its last scheduled review: due again the same day, and repeated until
    /// graded Good or Easy; only then does its SM-2 interval start. Stored, so leaving a session
    /// does not drop the repeat.
    #[serde(skip_serializing_if = "is_false")]
    pub relearning: bool,
}

impl CardState {
    /// Whether the card has never been studied.
    pub fn is_new(&self) -> bool {
        self.due.is_none()
    }

    /// Whether it is due on `today` (new cards are not due).
    pub fn is_due(&self, today: NaiveDate) -> bool {
        self.due.is_some_and(|d| d <= today)
    }

    /// Whether the next answer is a relearning repeat: SM-2 has been applied already today (or on
    /// the day it lapsed) and only the end of the repeat is left.
    pub fn in_relearning(&self, today: NaiveDate) -> bool {
        self.relearning && self.is_due(today)
    }

    /// Whether the student can study it: not suspended and not retired.
    pub fn is_active(&self) -> bool {
        !self.suspended && !self.retired
    }
}

/// The state each grade would give a card, computed once by `next_states`.
#[derive(Clone, Debug, PartialEq)]
pub struct NextStates {
    /// The state before the answer.
    pub before: CardState,
    /// Whether this answer is a relearning repeat (recorded with `redrill` set).
    pub repeat: bool,
    states: [CardState; 5],
}

fn slot(g: Grade) -> usize {
    match g {
        Grade::Wrong => 0,
        Grade::Guessed => 1,
        Grade::Hard => 2,
        Grade::Good => 3,
        Grade::Easy => 4,
    }
}

impl NextStates {
    /// The state after grade `g`.
    pub fn get(&self, g: Grade) -> &CardState {
        &self.states[slot(g)]
    }

    /// The state after grade `g`, owned.
    pub fn take(mut self, g: Grade) -> CardState {
        std::mem::take(&mut self.states[slot(g)])
    }

    /// What the button of grade `g` says about the card's next showing.
    pub fn when(&self, g: Grade, today: NaiveDate) -> Next {
        let st = self.get(g);
        if st == &self.before {
            return Next::Unchanged;
        }
        if st.relearning {
            return Next::AgainToday { then_days: st.sm2.interval_days };
        }
        match st.due {
            Some(d) => Next::InDays(u32::try_from((d - today).num_days().max(0)).unwrap_or(u32::MAX)),
            None => Next::Unchanged,
        }
    }
}

/// When a card comes back after a grade, for the buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Next {
    /// Due again today; after that, in `then_days` days.
    AgainToday {
        /// The SM-2 interval that starts once the repeat is passed.
        then_days: u32,
    },
    /// Due in this many days.
    InDays(u32),
    /// The schedule stays as it is (a right answer on a card not yet due).
    Unchanged,
}

/// The outcome of every grade for a card in state `before`, answered on study day `today` at
/// `now`. The rules, in one place:
/// - **Relearning repeat** (the card was graded below Good and is due again): Good and Easy end
///   the repeat, and the card is due after the SM-2 interval it already earned; a lower grade
///   keeps it due today. SM-2 is not applied again.
/// - **Not yet due, or suspended** (a quiz on a card scheduled later): a right answer leaves the
///   schedule alone; a wrong or guessed one is a lapse, as below.
/// - **Otherwise** SM-2 is applied. A grade below Good makes the card due again today
///   (relearning); Good and Easy make it due after the new interval.
pub fn next_states(before: &CardState, today: NaiveDate, now: DateTime<Utc>) -> NextStates {
    let repeat = before.in_relearning(today);
    // A suspended card answered in a quiz keeps its schedule too, as a card not yet due does.
    let keep_if_right = before.due.is_some_and(|d| d > today) || before.suspended;
    let outcome = |g: Grade| -> CardState {
        let passes = g.quality() >= 3;
        if repeat {
            let mut st = CardState { last_review: Some(now), ..before.clone() };
            if !g.needs_redrill() {
                st.relearning = false;
                st.due = Some(add_days(today, st.sm2.interval_days));
            }
            return st;
        }
        if keep_if_right && passes {
            return before.clone();
        }
        schedule(before, g, today, now)
    };
    let states = [Grade::Wrong, Grade::Guessed, Grade::Hard, Grade::Good, Grade::Easy].map(outcome);
    NextStates { before: before.clone(), repeat, states }
}

/// SM-2 applied to `before` for `grade` on `today`: the new SM-2 state, due after its interval,
/// or again today (relearning) when the grade is below Good.
pub fn schedule(before: &CardState, grade: Grade, today: NaiveDate, now: DateTime<Utc>) -> CardState {
    let sm2: Sm2State = before.sm2.review(grade.quality());
    let again = grade.needs_redrill();
    CardState {
        sm2,
        due: Some(if again { today } else { add_days(today, sm2.interval_days) }),
        lapses: before.lapses + u32::from(grade.quality() < 3),
        reviews: before.reviews + 1,
        last_review: Some(now),
        relearning: again,
        ..before.clone()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn day(n: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2027, 1, n).unwrap()
    }

    fn now() -> DateTime<Utc> {
        Utc.timestamp_opt(1_800_000_000, 0).unwrap()
    }

    #[test]
    fn a_new_card_good_is_due_tomorrow_and_wrong_is_due_again_today() {
        let n = next_states(&CardState::default(), day(10), now());
        assert!(!n.repeat);
        assert_eq!(n.get(Grade::Good).due, Some(day(11)));
        assert_eq!(n.when(Grade::Good, day(10)), Next::InDays(1));
        let w = n.get(Grade::Wrong);
        assert_eq!((w.due, w.relearning, w.lapses, w.sm2.interval_days), (Some(day(10)), true, 1, 1));
        assert_eq!(n.when(Grade::Wrong, day(10)), Next::AgainToday { then_days: 1 });
        // Hard passes SM-2 but is repeated the same day, as SM-2 prescribes for quality < 4.
        let h = n.get(Grade::Hard);
        assert_eq!((h.lapses, h.relearning, h.sm2.repetitions), (0, true, 1));
    }

    #[test]
    fn a_relearning_repeat_ends_with_good_without_applying_sm2_again() {
        let lapsed = schedule(&CardState::default(), Grade::Wrong, day(10), now());
        let n = next_states(&lapsed, day(10), now());
        assert!(n.repeat);
        let good = n.get(Grade::Good);
        assert_eq!((good.due, good.relearning, good.sm2), (Some(day(11)), false, lapsed.sm2));
        assert_eq!(good.reviews, lapsed.reviews, "a repeat is not a scheduled review");
        let again = n.get(Grade::Wrong);
        assert_eq!((again.due, again.relearning, again.lapses), (Some(day(10)), true, 1));
        // Left unfinished overnight, the repeat is still owed the next day.
        assert!(next_states(&lapsed, day(11), now()).repeat);
    }

    #[test]
    fn a_right_answer_on_a_card_not_yet_due_leaves_it_alone() {
        let later = CardState { due: Some(day(20)), sm2: Sm2State::new().review(4).review(4), ..Default::default() };
        let n = next_states(&later, day(10), now());
        assert_eq!(n.get(Grade::Good), &later);
        assert_eq!(n.when(Grade::Good, day(10)), Next::Unchanged);
        assert_eq!(n.get(Grade::Wrong).due, Some(day(10)));
        assert_eq!(n.get(Grade::Wrong).lapses, 1);
    }
}
