//! The memory model: each card's probability of recall on a given day, from its review history,
//! with FSRS (the `fsrs` crate) at its default parameters or at parameters fitted to the
//! student's own history. SM-2 still schedules by default; this only estimates.
//!
//! Grades map to FSRS ratings as a failed or a successful recall: Wrong and Guessed (right, but
//! not from memory) are Again, Hard is Hard, Good is Good, Easy is Easy. Every answer counts —
//! study, quiz and mock — since each one is a retrieval; same-day repeats enter with a gap of
//! 0 days, which FSRS treats with its short-term formula.

use crate::model::Past;
use crate::sm2::Grade;
use chrono::NaiveDate;
use fsrs::{FSRS, FSRSItem, FSRSReview, MemoryState};

/// The FSRS rating of a grade.
pub fn rating(g: Grade) -> u32 {
    match g {
        Grade::Wrong | Grade::Guessed => 1,
        Grade::Hard => 2,
        Grade::Good => 3,
        Grade::Easy => 4,
    }
}

/// FSRS with its parameters.
#[derive(Clone, Debug)]
pub struct Memory {
    fsrs: FSRS,
    decay: f32,
    /// The parameters in use (21 values).
    pub parameters: Vec<f32>,
}

impl Default for Memory {
    fn default() -> Self {
        Memory::new(&[])
    }
}

impl Memory {
    /// FSRS with these parameters; the defaults when they are empty or not valid.
    pub fn new(parameters: &[f32]) -> Memory {
        let chosen: Vec<f32> = if parameters.len() == 21 && parameters.iter().all(|p| p.is_finite()) {
            parameters.to_vec()
        } else {
            fsrs::DEFAULT_PARAMETERS.to_vec()
        };
        let fsrs = FSRS::new(&chosen).unwrap_or_default();
        Memory { fsrs, decay: chosen[20], parameters: chosen }
    }

    /// The reviews as FSRS reads them: ratings with whole days between them.
    fn item(reviews: &[Past]) -> FSRSItem {
        let mut last: Option<NaiveDate> = None;
        let reviews = reviews
            .iter()
            .map(|p| {
                let delta = last.map_or(0, |l| (p.day - l).num_days().max(0) as u32);
                last = Some(p.day);
                FSRSReview { rating: rating(p.grade), delta_t: delta }
            })
            .collect();
        FSRSItem { reviews }
    }

    /// The memory state after these reviews (oldest first); `None` for a card never reviewed.
    pub fn state(&self, reviews: &[Past]) -> Option<MemoryState> {
        if reviews.is_empty() {
            return None;
        }
        self.fsrs.memory_state(Self::item(reviews), None).ok().filter(|s| s.stability > 0.0)
    }

    /// The probability of recalling the card on `day`, from its reviews; 0 for a card never
    /// reviewed (nothing says the student knows it).
    pub fn recall(&self, reviews: &[Past], day: NaiveDate) -> f64 {
        let (Some(state), Some(last)) = (self.state(reviews), reviews.last()) else { return 0.0 };
        let elapsed = (day - last.day).num_days().max(0) as f32;
        f64::from(fsrs::current_retrievability(state, elapsed, self.decay)).clamp(0.0, 1.0)
    }

    /// FSRS's intervals for the next review after these reviews, answered on `today`, at
    /// `retention`, in whole days (at least 1), for Wrong, Guessed, Hard, Good and Easy.
    pub fn next_days(&self, reviews: &[Past], today: NaiveDate, retention: f32) -> Option<[u32; 5]> {
        let state = self.state(reviews);
        let elapsed = reviews.last().map_or(0, |l| (today - l.day).num_days().max(0) as u32);
        let n = self.fsrs.next_states(state, retention.clamp(0.7, 0.99), elapsed).ok()?;
        let d = |x: f32| if x.is_finite() { x.round().clamp(1.0, 36_500.0) as u32 } else { 1 };
        Some([d(n.again.interval), d(n.again.interval), d(n.hard.interval), d(n.good.interval), d(n.easy.interval)])
    }

    /// The training set of a history: one item per long-term review, holding the card's reviews
    /// up to it (as the crate's optimiser expects).
    pub fn training_set<'a>(cards: impl Iterator<Item = &'a [Past]>) -> Vec<FSRSItem> {
        let mut out = Vec::new();
        for reviews in cards {
            let item = Self::item(reviews);
            for end in 2..=item.reviews.len() {
                let prefix = FSRSItem { reviews: item.reviews[..end].to_vec() };
                if prefix.long_term_review_cnt() > 0 && prefix.reviews[end - 1].delta_t > 0 {
                    out.push(prefix);
                }
            }
        }
        out
    }

    /// Parameters fitted to a history with the crate's optimiser; `None` when there is too little
    /// of it (the crate then keeps its defaults) or it fails.
    pub fn fit<'a>(cards: impl Iterator<Item = &'a [Past]>) -> Option<Vec<f32>> {
        Self::fit_items(Self::training_set(cards))
    }

    /// `fit` on a training set already built.
    pub fn fit_items(train_set: Vec<FSRSItem>) -> Option<Vec<f32>> {
        if train_set.len() < 64 {
            return None;
        }
        let params = fsrs::compute_parameters(fsrs::ComputeParametersInput { train_set, ..Default::default() }).ok()?;
        (params.len() == 21 && params.iter().all(|p| p.is_finite())).then_some(params)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Source;
    use chrono::{TimeZone, Utc};

    fn past(day: u32, grade: Grade) -> Past {
        let d = NaiveDate::from_ymd_opt(2026, 11, day).unwrap();
        Past {
            at: Utc.from_utc_datetime(&d.and_hms_opt(12, 0, 0).unwrap()),
            day: d,
            grade,
            response_ms: 1000,
            source: Source::Study,
            redrill: false,
            was_new: day == 1,
            interval: 1,
            ease: 2.5,
        }
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn recall_fades_with_time_and_grows_with_success() {
        let m = Memory::default();
        assert_eq!(m.recall(&[], day(5)), 0.0);
        let once = [past(1, Grade::Good)];
        let r1 = m.recall(&once, day(2));
        let r10 = m.recall(&once, day(20));
        assert!(r1 > r10 && r10 > 0.0, "{r1} {r10}");
        let thrice = [past(1, Grade::Good), past(3, Grade::Good), past(9, Grade::Good)];
        assert!(m.recall(&thrice, day(20)) > m.recall(&[past(9, Grade::Good)], day(20)));
        let lapsed = [past(1, Grade::Good), past(3, Grade::Good), past(9, Grade::Wrong)];
        assert!(m.recall(&lapsed, day(20)) < m.recall(&thrice, day(20)));
        // On the day of a review, recall is at its highest.
        assert!(m.recall(&thrice, day(9)) > 0.99);
    }

    #[test]
    fn next_days_grow_with_the_grade_and_with_success() {
        let m = Memory::default();
        let first = m.next_days(&[], day(1), 0.9).unwrap();
        assert!(first[2] <= first[3] && first[3] <= first[4], "{first:?}");
        let later = m.next_days(&[past(1, Grade::Good), past(3, Grade::Good)], day(9), 0.9).unwrap();
        assert!(later[3] > first[3], "{later:?} {first:?}");
        let stricter = m.next_days(&[past(1, Grade::Good), past(3, Grade::Good)], day(9), 0.97).unwrap();
        assert!(stricter[3] < later[3]);
    }

    #[test]
    fn guessed_counts_as_a_failed_recall() {
        let m = Memory::default();
        let good = [past(1, Grade::Good), past(4, Grade::Good)];
        let guessed = [past(1, Grade::Good), past(4, Grade::Guessed)];
        assert!(m.recall(&guessed, day(10)) < m.recall(&good, day(10)));
    }

    #[test]
    fn bad_parameters_fall_back_to_the_defaults() {
        assert_eq!(Memory::new(&[1.0, 2.0]).parameters, fsrs::DEFAULT_PARAMETERS.to_vec());
        assert_eq!(Memory::new(&[f32::NAN; 21]).parameters, fsrs::DEFAULT_PARAMETERS.to_vec());
    }

    #[test]
    fn training_set_keeps_long_term_prefixes() {
        let a = [past(1, Grade::Good), past(1, Grade::Good), past(3, Grade::Good)];
        let set = Memory::training_set([&a[..]].into_iter());
        assert_eq!(set.len(), 1);
        assert_eq!(set[0].reviews.len(), 3);
    }
}
