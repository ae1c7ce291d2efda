//! SM-2 as commonly implemented (the formulation in Wikipedia's SuperMemo article). Pure: a state
//! and a quality in, the next state out. Easiness moves only in steps of 0.02, so it is computed in
//! whole hundredths and the `f64` field never drifts: 9 × 1.50 gives 14 and 25 × 1.30 gives 33.

use serde::{Deserialize, Serialize};

/// The lowest easiness SM-2 allows, in hundredths.
const MIN_EASINESS_HUNDREDTHS: i64 = 130;

/// The SM-2 state of one card.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Sm2State {
    /// Successful reviews in a row (reset by a lapse).
    pub repetitions: u32,
    /// The easiness factor, at least 1.3, always a whole number of hundredths.
    pub easiness: f64,
    /// Days until the next review.
    pub interval_days: u32,
}

impl Default for Sm2State {
    fn default() -> Self {
        Self::new()
    }
}

impl Sm2State {
    /// A new card: repetitions 0, easiness 2.5, interval 0.
    pub fn new() -> Self {
        Sm2State { repetitions: 0, easiness: 2.5, interval_days: 0 }
    }

    /// The easiness in whole hundredths, clamped to SM-2's floor (a hand-edited or corrupt value
    /// such as NaN or 0.7 reads as 1.3).
    pub fn easiness_hundredths(&self) -> i64 {
        let e = (self.easiness * 100.0).round();
        if e.is_nan() { MIN_EASINESS_HUNDREDTHS } else { (e as i64).clamp(MIN_EASINESS_HUNDREDTHS, 100_000) }
    }

    /// The state after a review graded `quality` (0–5; anything above 5 counts as 5).
    ///
    /// Quality ≥ 3: interval 1 after the first success, 6 after the second, then
    /// round(interval × easiness) with halves rounded up, using the easiness from before this
    /// review; repetitions + 1. Quality < 3: repetitions 0, interval 1. In every case easiness
    /// += 0.1 − (5 − q)(0.08 + (5 − q) × 0.02), never below 1.3.
    pub fn review(self, quality: u8) -> Sm2State {
        let q = i64::from(quality.min(5));
        let e = self.easiness_hundredths();
        let (repetitions, interval_days) = if q >= 3 {
            let interval = match self.repetitions {
                0 => 1,
                1 => 6,
                _ => {
                    let scaled = (u64::from(self.interval_days) * e as u64 + 50) / 100;
                    u32::try_from(scaled).unwrap_or(u32::MAX).max(1)
                }
            };
            (self.repetitions.saturating_add(1), interval)
        } else {
            (0, 1)
        };
        let d = 5 - q;
        let next_e = (e + 10 - d * (8 + d * 2)).max(MIN_EASINESS_HUNDREDTHS);
        Sm2State { repetitions, easiness: next_e as f64 / 100.0, interval_days }
    }
}

/// The grades the student gives, with their SM-2 qualities.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Grade {
    /// Answered wrong: quality 1.
    Wrong,
    /// Right, but a guess: quality 2 (a lapse; a T/F statement is a coin flip).
    Guessed,
    /// Right with effort: quality 3.
    Hard,
    /// Right: quality 4.
    Good,
    /// Right without effort: quality 5.
    Easy,
}

impl Grade {
    /// The grades offered after a right answer, in button order (keys 1–4).
    pub const AFTER_RIGHT: [Grade; 4] = [Grade::Guessed, Grade::Hard, Grade::Good, Grade::Easy];

    /// The SM-2 quality of this grade.
    pub fn quality(self) -> u8 {
        match self {
            Grade::Wrong => 1,
            Grade::Guessed => 2,
            Grade::Hard => 3,
            Grade::Good => 4,
            Grade::Easy => 5,
        }
    }

    /// The label on its button.
    pub fn label(self) -> &'static str {
        match self {
            Grade::Wrong => "Wrong",
            Grade::Guessed => "Guessed",
            Grade::Hard => "Hard",
            Grade::Good => "Good",
            Grade::Easy => "Easy",
        }
    }

    /// Whether the card comes back later in the same session (SM-2's same-day re-drill).
    pub fn needs_redrill(self) -> bool {
        self.quality() < 4
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(repetitions: u32, easiness: f64, interval_days: u32) -> Sm2State {
        Sm2State { repetitions, easiness, interval_days }
    }

    #[test]
    fn first_second_and_later_intervals() {
        let a = Sm2State::new().review(4);
        assert_eq!(a, s(1, 2.5, 1));
        let b = a.review(4);
        assert_eq!(b, s(2, 2.5, 6));
        let c = b.review(4);
        assert_eq!(c, s(3, 2.5, 15));
    }

    #[test]
    fn exact_decimal_rounding() {
        assert_eq!(s(3, 1.5, 9).review(4).interval_days, 14);
        assert_eq!(s(3, 1.3, 25).review(4).interval_days, 33);
        // 0.5 rounds away from zero: 5 × 1.3 = 6.5 → 7.
        assert_eq!(s(3, 1.3, 5).review(4).interval_days, 7);
    }

    #[test]
    fn easiness_steps_and_floor() {
        assert_eq!(Sm2State::new().review(5).easiness, 2.6);
        assert_eq!(Sm2State::new().review(3).easiness, 2.36);
        assert_eq!(Sm2State::new().review(2).easiness, 2.18);
        assert_eq!(Sm2State::new().review(1).easiness, 1.96);
        assert_eq!(Sm2State::new().review(0).easiness, 1.7);
        assert_eq!(s(0, 1.3, 0).review(0).easiness, 1.3);
    }

    #[test]
    fn lapse_resets() {
        let l = s(5, 2.5, 40).review(2);
        assert_eq!((l.repetitions, l.interval_days), (0, 1));
    }

    #[test]
    fn quality_above_five_is_five() {
        assert_eq!(s(2, 2.0, 6).review(9), s(2, 2.0, 6).review(5));
    }

    #[test]
    fn uses_easiness_before_the_review() {
        // 6 × 2.5 = 15, not 6 × 2.6.
        assert_eq!(s(2, 2.5, 6).review(5).interval_days, 15);
    }
}
