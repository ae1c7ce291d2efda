//! The study day and the daily queue. Pure: the clock and the UTC offset are arguments.
//!
//! A study day is a local calendar date that starts at the day-start hour (04:00 by default), using
//! the UTC offset in force at that instant, so a daylight-saving change neither loses nor repeats a
//! day. Due dates are calendar dates and intervals are added as calendar days, never as 24-hour
//! spans.

use crate::model::CardState;
use chrono::{DateTime, Duration, FixedOffset, Local, NaiveDate, Offset, TimeZone, Utc};

/// The study day of the instant `now`, given the offset in force then and the day-start hour.
pub fn study_day(now: DateTime<Utc>, offset: FixedOffset, day_start_hour: u32) -> NaiveDate {
    let local = now.with_timezone(&offset).naive_local();
    (local - Duration::hours(i64::from(day_start_hour.min(23)))).date()
}

/// The offset the system's local time zone has at `now`.
pub fn local_offset(now: DateTime<Utc>) -> FixedOffset {
    Local.offset_from_utc_datetime(&now.naive_utc()).fix()
}

/// The study day of `now` in the system's time zone.
pub fn local_study_day(now: DateTime<Utc>, day_start_hour: u32) -> NaiveDate {
    study_day(now, local_offset(now), day_start_hour)
}

/// The date `days` calendar days after `day`, saturating at the calendar's end.
pub fn add_days(day: NaiveDate, days: u32) -> NaiveDate {
    day.checked_add_days(chrono::Days::new(u64::from(days))).unwrap_or(NaiveDate::MAX)
}

/// The daily limits the queue respects.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// New cards per day.
    pub new_per_day: u32,
    /// Reviews of due cards per day.
    pub reviews_per_day: u32,
}

/// What has been done today already, so limits apply across sessions.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DoneToday {
    /// New cards introduced today.
    pub new: u32,
    /// Due reviews done today.
    pub reviews: u32,
}

/// A card of a deck as the queue sees it: its index in exam order, its question and its state.
#[derive(Clone, Copy, Debug)]
pub struct QueueCard<'a> {
    /// Index in the exam's card list (exam order).
    pub index: usize,
    /// The question number, to keep two cards of one question apart.
    pub question: u32,
    /// Its scheduling state (`None` = never seen).
    pub state: Option<&'a CardState>,
}

/// Counts for the home screen.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Due today (before limits).
    pub due: usize,
    /// Never studied.
    pub new: usize,
    /// All active cards.
    pub total: usize,
}

/// Due, new and total counts of a deck on `today`, ignoring suspended cards.
pub fn counts<'a>(cards: impl IntoIterator<Item = QueueCard<'a>>, today: NaiveDate) -> Counts {
    let mut c = Counts::default();
    for qc in cards {
        let st = qc.state;
        if st.is_some_and(|s| s.suspended || s.retired) {
            continue;
        }
        c.total += 1;
        match st.and_then(|s| s.due) {
            None => c.new += 1,
            Some(due) if due <= today => c.due += 1,
            Some(_) => {}
        }
    }
    c
}

/// Cards as the queue orders them: (index, question number).
type Slots = Vec<(usize, u32)>;

/// The final week before an exam, as the queue plans it.
#[derive(Clone, Copy)]
pub struct FinalWeek<'a> {
    /// The exam's date.
    pub exam: NaiveDate,
    /// Each card's probability of recall (by index): the weakest come first.
    pub recall: &'a dyn Fn(usize) -> f64,
}

impl FinalWeek<'_> {
    /// The first day of the final week.
    pub fn start(&self) -> NaiveDate {
        self.exam - chrono::Days::new(u64::from(crate::model::card::FINAL_WEEK))
    }

    /// Whether `today` is in it.
    pub fn contains(&self, today: NaiveDate) -> bool {
        today >= self.start() && today < self.exam
    }
}

/// Today's queue: due cards first (most overdue first, then exam order) up to the review limit,
/// then cards being relearnt (answered below Good today; never held back by a limit), then new
/// cards in exam order up to the new limit. Two cards of the same question are not placed back to
/// back when another card can go between them.
pub fn build<'a>(
    cards: impl IntoIterator<Item = QueueCard<'a>>,
    today: NaiveDate,
    limits: Limits,
    done: DoneToday,
) -> Vec<usize> {
    build_planned(cards, today, limits, done, None).0
}

/// `build`, with an exam ahead. In its final week the plan sees that every card is shown at least
/// once before the exam: all due cards come, weakest first, whatever the review limit; and the
/// cards still owed a showing (new ones, and ones not seen this week that would only come back
/// after the exam) are spread over the days left, weakest first, beyond the new-card limit when
/// needed. Returns the queue and how many of its cards are beyond the daily limits.
pub fn build_planned<'a>(
    cards: impl IntoIterator<Item = QueueCard<'a>>,
    today: NaiveDate,
    limits: Limits,
    done: DoneToday,
    week: Option<&FinalWeek<'_>>,
) -> (Vec<usize>, usize) {
    let week = week.filter(|w| w.contains(today));
    let mut due: Vec<(NaiveDate, usize, u32)> = Vec::new();
    let mut relearn: Vec<(usize, u32)> = Vec::new();
    let mut new: Vec<(usize, u32)> = Vec::new();
    let mut owed: Vec<(usize, u32)> = Vec::new();
    let mut seen_since: std::collections::HashMap<usize, NaiveDate> = std::collections::HashMap::new();
    for qc in cards {
        if week.is_some()
            && let Some(l) = qc.state.and_then(|s| s.last_review)
        {
            seen_since.insert(qc.index, l.date_naive());
        }
        match qc.state {
            Some(s) if s.suspended || s.retired => {}
            Some(s) if s.in_relearning(today) => relearn.push((qc.index, qc.question)),
            Some(s @ CardState { due: Some(d), .. }) => {
                if *d <= today {
                    due.push((*d, qc.index, qc.question));
                } else if let Some(w) = week
                    && *d >= w.exam
                    && s.last_review.is_none_or(|l| l.date_naive() < w.start())
                {
                    owed.push((qc.index, qc.question));
                }
            }
            _ => new.push((qc.index, qc.question)),
        }
    }
    due.sort_unstable();
    new.sort_unstable();
    let review_room = limits.reviews_per_day.saturating_sub(done.reviews) as usize;
    let new_room = limits.new_per_day.saturating_sub(done.new) as usize;
    let beyond;
    let mut ordered: Vec<(usize, u32)>;
    match week {
        None => {
            due.truncate(review_room);
            new.truncate(new_room);
            ordered = due.into_iter().map(|(_, i, q)| (i, q)).collect();
            ordered.extend(relearn);
            ordered.extend(new);
            beyond = 0;
        }
        Some(w) => {
            let recall = |i: usize| (w.recall)(i);
            let by_recall =
                |a: &(usize, u32), b: &(usize, u32)| recall(a.0).total_cmp(&recall(b.0)).then(a.0.cmp(&b.0));
            // Due cards not yet seen this week are owed their showing, whatever the limit; ones
            // seen already (back on the last day) come last, within the review limit.
            let seen_this_week = |i: usize| seen_since.get(&i).is_some_and(|&d| d >= w.start());
            let (mut again, due): (Slots, Slots) =
                due.into_iter().map(|(_, i, q)| (i, q)).partition(|c| seen_this_week(c.0));
            // New cards and cards that would only come back after the exam are spread evenly
            // over the days left.
            let days_left = (w.exam - today).num_days().max(1) as usize;
            let mut rest: Vec<(usize, u32, bool)> =
                new.iter().map(|&(i, q)| (i, q, true)).chain(owed.into_iter().map(|(i, q)| (i, q, false))).collect();
            rest.sort_by(|a, b| by_recall(&(a.0, a.1), &(b.0, b.1)));
            let share = rest.len().div_ceil(days_left);
            let mut taken: Vec<(usize, u32, bool)> = rest.drain(..share).collect();
            // The new-card limit may allow more than the plan needs: keep to it, in exam order.
            let new_taken = taken.iter().filter(|c| c.2).count();
            if new_room > new_taken {
                let mut more: Vec<(usize, u32, bool)> = rest.into_iter().filter(|c| c.2).collect();
                more.sort_unstable();
                taken.extend(more.into_iter().take(new_room - new_taken));
            }
            let new_taken = taken.iter().filter(|c| c.2).count();
            let owed_reviews = due.len() + (taken.len() - new_taken);
            again.sort_by(by_recall);
            again.truncate(review_room.saturating_sub(owed_reviews));
            beyond = owed_reviews.saturating_sub(review_room) + new_taken.saturating_sub(new_room);
            // Everything owed a showing, weakest first (a new card, never recalled, comes first),
            // then the repeats of the day, then the cards seen already this week.
            ordered = due;
            ordered.extend(taken.into_iter().map(|(i, q, _)| (i, q)));
            ordered.sort_by(by_recall);
            ordered.extend(relearn);
            ordered.extend(again);
        }
    }
    separate_siblings(&mut ordered);
    (ordered.into_iter().map(|(i, _)| i).collect(), beyond)
}

/// Reorders so that no two neighbours share a question, moving the nearest later card of another
/// question forward when needed. Keeps the order otherwise.
pub fn separate_siblings(items: &mut [(usize, u32)]) {
    for i in 1..items.len() {
        if items[i].1 == items[i - 1].1
            && let Some(j) = (i + 1..items.len()).find(|&j| items[j].1 != items[i - 1].1)
        {
            items[i..=j].rotate_right(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    fn utc(y: i32, m: u32, d: u32, h: u32, min: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, h, min, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn day_starts_at_the_day_start_hour_local_time() {
        let plus1 = FixedOffset::east_opt(3600).unwrap();
        // 02:30 UTC = 03:30 local: still the previous study day.
        assert_eq!(study_day(utc(2026, 3, 10, 2, 30), plus1, 4), date(2026, 3, 9));
        // 03:00 UTC = 04:00 local: the new day.
        assert_eq!(study_day(utc(2026, 3, 10, 3, 0), plus1, 4), date(2026, 3, 10));
        assert_eq!(study_day(utc(2026, 3, 10, 0, 30), plus1, 0), date(2026, 3, 10));
    }

    #[test]
    fn dst_change_neither_loses_nor_repeats_a_day() {
        // Europe/Berlin, spring forward on 2026-03-29 at 01:00 UTC (+1 → +2), and back on
        // 2026-10-25 at 01:00 UTC (+2 → +1). Sample every 30 minutes over the change.
        let winter = FixedOffset::east_opt(3600).unwrap();
        let summer = FixedOffset::east_opt(7200).unwrap();
        for (start, change) in
            [(utc(2026, 3, 26, 0, 0), utc(2026, 3, 29, 1, 0)), (utc(2026, 10, 22, 0, 0), utc(2026, 10, 25, 1, 0))]
        {
            let before = if start.month() == 3 { winter } else { summer };
            let after = if start.month() == 3 { summer } else { winter };
            let mut days = Vec::new();
            let mut t = start;
            while t < start + Duration::days(7) {
                let off = if t < change { before } else { after };
                let d = study_day(t, off, 4);
                if days.last() != Some(&d) {
                    days.push(d);
                }
                t += Duration::minutes(30);
            }
            // Consecutive, strictly increasing days: none skipped, none repeated.
            for w in days.windows(2) {
                assert_eq!(w[1], w[0].succ_opt().unwrap(), "{days:?}");
            }
            assert!(days.len() >= 7);
        }
    }

    use chrono::Datelike;

    fn st(due: Option<NaiveDate>) -> CardState {
        CardState { due, ..CardState::default() }
    }

    #[test]
    fn due_first_most_overdue_then_new_in_exam_order_within_limits() {
        let today = date(2026, 5, 10);
        let states = [
            st(Some(date(2026, 5, 9))),
            st(None),
            st(Some(date(2026, 5, 1))),
            st(Some(date(2026, 5, 11))),
            st(None),
            st(None),
            CardState { suspended: true, ..st(Some(date(2026, 5, 1))) },
        ];
        let cards: Vec<QueueCard> = states
            .iter()
            .enumerate()
            .map(|(i, s)| QueueCard { index: i, question: i as u32, state: Some(s) })
            .collect();
        let limits = Limits { new_per_day: 2, reviews_per_day: 200 };
        assert_eq!(build(cards.clone(), today, limits, DoneToday::default()), vec![2, 0, 1, 4]);
        assert_eq!(build(cards.clone(), today, limits, DoneToday { new: 1, reviews: 0 }), vec![2, 0, 1]);
        let tight = Limits { new_per_day: 0, reviews_per_day: 1 };
        assert_eq!(build(cards.clone(), today, tight, DoneToday::default()), vec![2]);
        // A card being relearnt comes after the due ones, whatever the limits.
        let mut with_relearn = states.to_vec();
        with_relearn[5] = CardState { relearning: true, ..st(Some(today)) };
        let cards2: Vec<QueueCard> = with_relearn
            .iter()
            .enumerate()
            .map(|(i, s)| QueueCard { index: i, question: i as u32, state: Some(s) })
            .collect();
        assert_eq!(build(cards2.clone(), today, tight, DoneToday { new: 0, reviews: 9 }), vec![5]);
        assert_eq!(build(cards2, today, limits, DoneToday::default()), vec![2, 0, 5, 1, 4]);
        assert_eq!(counts(cards, today), Counts { due: 2, new: 3, total: 6 });
    }

    #[test]
    fn siblings_are_kept_apart() {
        let mut v = vec![(0, 16), (1, 16), (2, 16), (3, 17), (4, 18)];
        separate_siblings(&mut v);
        assert_eq!(v, vec![(0, 16), (3, 17), (1, 16), (4, 18), (2, 16)]);
        let mut only = vec![(0, 1), (1, 1)];
        separate_siblings(&mut only);
        assert_eq!(only, vec![(0, 1), (1, 1)]);
    }
}
