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

/// What, besides SM-2, decides when a card comes back: the deck's exam date and, when the student
/// chose FSRS scheduling, the FSRS interval for each grade. `Plan::default()` is plain SM-2.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Plan {
    /// The deck's exam date: until the day before it, no card is due after that day.
    pub exam_date: Option<NaiveDate>,
    /// FSRS scheduling: the interval in days after each grade (Wrong, Guessed, Hard, Good, Easy),
    /// used instead of SM-2's. The SM-2 state is kept up to date either way.
    pub fsrs_days: Option<[u32; 5]>,
}

/// How many days before the exam the final week starts: every card is shown at least once in it.
pub const FINAL_WEEK: u32 = 7;

impl Plan {
    /// Whether `today` falls in the final week before the exam (the last seven days before it).
    pub fn in_final_week(&self, today: NaiveDate) -> bool {
        self.exam_date.is_some_and(|e| today < e && (e - today).num_days() <= i64::from(FINAL_WEEK))
    }

    /// The due day of a card that SM-2 (or FSRS) would bring back on `due`, under the exam date.
    /// Until the day before the exam, no card is due after that day:
    /// - answered before the final week, a card that would come back after the exam's eve is
    ///   spread over the final week by its text's hash, so those reviews do not pile up on the
    ///   last days and every card is seen in that week;
    /// - answered in the final week, it has had its showing: it comes back on the last day, where
    ///   it waits behind the cards still owed one (the queue keeps the daily limit for it).
    ///
    /// On the last day before the exam and after it, nothing changes: plain SM-2.
    pub fn cap(&self, due: NaiveDate, today: NaiveDate, spread: u64) -> NaiveDate {
        let Some(exam) = self.exam_date else { return due };
        let Some(last) = exam.pred_opt() else { return due };
        if today >= last || due <= last {
            return due;
        }
        let week_start = exam - chrono::Days::new(u64::from(FINAL_WEEK));
        if today >= week_start {
            return last;
        }
        let span = (last - week_start).num_days().max(0) as u64 + 1;
        week_start + chrono::Days::new(spread % span)
    }
}

/// The outcome of every grade for a card in state `before`, answered on study day `today` at
/// `now`, under `plan` (`Plan::default()` for plain SM-2). The rules, in one place:
/// - **Relearning repeat** (the card was graded below Good and is due again): Good and Easy end
///   the repeat, and the card is due after the SM-2 interval it already earned; a lower grade
///   keeps it due today. SM-2 is not applied again.
/// - **Not yet due, or suspended** (a quiz on a card scheduled later): a right answer leaves the
///   schedule alone; a wrong or guessed one is a lapse, as below.
/// - **Otherwise** SM-2 is applied. A grade below Good makes the card due again today
///   (relearning); Good and Easy make it due after the new interval (FSRS's, if the plan has it).
/// - Every due day after today is then capped by the exam date (`Plan::cap`).
pub fn next_states(before: &CardState, today: NaiveDate, now: DateTime<Utc>, plan: &Plan) -> NextStates {
    let repeat = before.in_relearning(today);
    // A suspended card answered in a quiz keeps its schedule too, as a card not yet due does.
    let keep_if_right = before.due.is_some_and(|d| d > today) || before.suspended;
    let outcome = |g: Grade| -> CardState {
        let passes = g.quality() >= 3;
        if repeat {
            let mut st = CardState { last_review: Some(now), ..before.clone() };
            if !g.needs_redrill() {
                st.relearning = false;
                let days = plan.fsrs_days.map_or(st.sm2.interval_days, |d| d[slot(g)]);
                st.due = Some(plan.cap(add_days(today, days), today, before.text_hash));
            }
            return st;
        }
        if keep_if_right && passes {
            return before.clone();
        }
        let mut st = schedule(before, g, today, now);
        if !st.relearning {
            let days = plan.fsrs_days.map_or(st.sm2.interval_days, |d| d[slot(g)]);
            st.due = Some(plan.cap(add_days(today, days), today, before.text_hash));
        }
        st
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
        let n = next_states(&CardState::default(), day(10), now(), &Plan::default());
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
        let n = next_states(&lapsed, day(10), now(), &Plan::default());
        assert!(n.repeat);
        let good = n.get(Grade::Good);
        assert_eq!((good.due, good.relearning, good.sm2), (Some(day(11)), false, lapsed.sm2));
        assert_eq!(good.reviews, lapsed.reviews, "a repeat is not a scheduled review");
        let again = n.get(Grade::Wrong);
        assert_eq!((again.due, again.relearning, again.lapses), (Some(day(10)), true, 1));
        // Left unfinished overnight, the repeat is still owed the next day.
        assert!(next_states(&lapsed, day(11), now(), &Plan::default()).repeat);
    }

    #[test]
    fn a_right_answer_on_a_card_not_yet_due_leaves_it_alone() {
        let later = CardState { due: Some(day(20)), sm2: Sm2State::new().review(4).review(4), ..Default::default() };
        let n = next_states(&later, day(10), now(), &Plan::default());
        assert_eq!(n.get(Grade::Good), &later);
        assert_eq!(n.when(Grade::Good, day(10)), Next::Unchanged);
        assert_eq!(n.get(Grade::Wrong).due, Some(day(10)));
        assert_eq!(n.get(Grade::Wrong).lapses, 1);
    }

    #[test]
    fn the_exam_date_caps_due_days_into_the_final_week() {
        let exam = day(30);
        let plan = Plan { exam_date: Some(exam), ..Default::default() };
        // Well before: a long interval lands in the final week (23..=29), never after the 29th.
        let mut seen = std::collections::BTreeSet::new();
        for h in 0..50u64 {
            let d = plan.cap(day(28) + chrono::Days::new(60), day(5), h);
            assert!((day(23)..=day(29)).contains(&d), "{d}");
            seen.insert(d);
        }
        assert_eq!(seen.len(), 7, "spread over the whole week");
        // A due day before the exam is left alone; answered in the final week, the last day.
        assert_eq!(plan.cap(day(12), day(5), 3), day(12));
        assert_eq!(plan.cap(day(31), day(26), 11), day(29));
        // On the last day and after the exam: plain SM-2.
        assert_eq!(plan.cap(day(31), day(29), 0), day(31));
        assert!(plan.in_final_week(day(23)) && plan.in_final_week(day(29)));
        assert!(!plan.in_final_week(day(22)) && !plan.in_final_week(day(30)));
        // Through next_states: Good on a mature card well before the exam stays before it.
        let mature = CardState {
            due: Some(day(5)),
            sm2: Sm2State { repetitions: 5, easiness: 2.5, interval_days: 40 },
            text_hash: 9,
            ..Default::default()
        };
        let good = next_states(&mature, day(5), now(), &plan).take(Grade::Good);
        assert!(good.due.unwrap() < exam);
        assert_eq!(good.sm2, mature.sm2.review(4), "SM-2 itself is untouched");
    }

    #[test]
    fn fsrs_days_replace_the_sm2_interval() {
        let plan = Plan { fsrs_days: Some([0, 0, 2, 5, 9]), ..Default::default() };
        let n = next_states(&CardState::default(), day(10), now(), &plan);
        assert_eq!(n.get(Grade::Good).due, Some(day(15)));
        assert_eq!(n.get(Grade::Easy).due, Some(day(19)));
        assert_eq!(n.get(Grade::Wrong).due, Some(day(10)), "a lapse is still repeated today");
    }
}
