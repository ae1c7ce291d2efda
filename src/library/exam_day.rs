//! The library's exam-day side: the plan each review is scheduled under (exam date, FSRS), each
//! card's odds on a day from the history, the forecast and its trend, the guessing coach, and the
//! statistics the statistics screen and `examdeck stats` show. Results are cached per revision.

use super::{Library, Result};
use crate::deck::Exam;
use crate::forecast::{Coach, Forecast, Habits, Memory, Odds, card_odds, coach, forecast};
use crate::model::{MockAttempt, Past, Plan, Record, Review, Scheduler, next_states};
use crate::queue::FinalWeek;
use crate::sm2::Grade;
use chrono::NaiveDate;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The forecast of a deck, with what it was computed from.
#[derive(Clone, Debug)]
pub struct DeckForecast {
    /// The day it is for.
    pub day: NaiveDate,
    /// Each card's odds on that day.
    pub odds: Vec<Odds>,
    /// The score's distribution.
    pub forecast: Forecast,
}

/// A forecast with the revision it was computed at.
pub(crate) type CachedForecast = (u64, Arc<DeckForecast>);

/// Expected scores by day.
pub type Trend = Vec<(NaiveDate, f64)>;

/// What studying a section or topic could add.
#[derive(Clone, Debug, PartialEq)]
pub struct Gain {
    /// The section's title or the topic.
    pub label: String,
    /// Points it would add if every card in it were recalled on the day.
    pub points: f64,
    /// Its maximum.
    pub max: f64,
}

/// The statistics of one deck.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Stats {
    /// Reviews recorded.
    pub reviews: usize,
    /// Share of the last 30 days' reviews of already-seen cards graded Hard or better.
    pub retention: Option<f64>,
    /// The same over the last 7 days and today, and split young (interval < 21 days) / mature.
    pub retention_by: RetentionTable,
    /// Cards due per day, from today to the exam date (or 30 days).
    pub due: Vec<(NaiveDate, usize)>,
    /// Cards per topic, and how many are mastered (recall ≥ 0.9 on the exam date, or today).
    pub mastery: Vec<(String, usize, usize)>,
    /// Mock exams: day, score, maximum, the forecast when it started.
    pub mocks: Vec<(NaiveDate, f64, f64, Option<f64>)>,
    /// Reviews per day, for the calendar.
    pub per_day: BTreeMap<NaiveDate, u32>,
}

/// True retention: (young, mature, all) × (today, 7 days, 30 days); `None` where nothing counts.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct RetentionTable {
    /// Rows young, mature, all; columns today, week, month.
    pub cells: [[Option<f64>; 3]; 3],
}

/// Interval (days) from which a card counts as mature, as in Anki.
pub const MATURE_DAYS: u32 = 21;

/// Recall at least this on the day counts as mastered.
pub const MASTERED: f64 = 0.9;

impl Library {
    /// The deck's exam date: the one the student set, else the one its exam file states.
    pub fn exam_date(&self, deck: &str) -> Option<NaiveDate> {
        let own = self.collection().decks.get(deck).and_then(|d| d.settings.exam_date);
        own.or_else(|| self.deck(deck)?.exam.exam_date)
    }

    /// The memory model with the student's parameters.
    pub fn memory(&self) -> Memory {
        Memory::new(&self.settings().fsrs_parameters)
    }

    /// The plan a review of card `card` of `deck` on `today` is scheduled under.
    pub fn plan(&self, deck: &str, card: &str, today: NaiveDate) -> Plan {
        let s = self.settings();
        let fsrs_days = match (s.scheduler, self.history()) {
            (Scheduler::Fsrs, Some(h)) => self.memory().next_days(h.card(deck, card), today, s.desired_retention),
            _ => None,
        };
        Plan { exam_date: self.exam_date(deck), fsrs_days }
    }

    /// A review with its `after` state computed under the deck's plan (idempotent).
    pub(crate) fn plan_review(&self, mut r: Review) -> Review {
        let plan = self.plan(&r.deck, &r.card, r.day);
        if plan != Plan::default() {
            r.after = next_states(&r.before, r.day, r.at, &plan).take(r.grade);
        }
        r
    }

    /// Every review in `records` planned (see `plan_review`).
    pub(crate) fn plan_records(&mut self, records: Vec<Record>) -> Vec<Record> {
        if self.settings().scheduler == Scheduler::Fsrs {
            self.load_history_now();
        }
        records.into_iter().map(|r| self.plan_record(r)).collect()
    }

    fn plan_record(&self, r: Record) -> Record {
        match r {
            Record::Review(r) => Record::Review(self.plan_review(r)),
            Record::Batch(b) => Record::Batch(b.into_iter().map(|r| self.plan_record(r)).collect()),
            other => other,
        }
    }

    /// A job that fits the memory model's parameters to the whole history (seconds on a large
    /// one: run it off the window's thread). It returns `None` when there is too little history.
    pub fn fit_job(&self) -> Option<impl FnOnce() -> Option<Vec<f32>> + Send + 'static> {
        let h = self.history()?;
        let ids: Vec<&String> = self.collection().decks.keys().collect();
        let set = Memory::training_set(ids.iter().flat_map(|d| h.deck(d).map(|(_, p)| p)));
        Some(move || Memory::fit_items(set))
    }

    /// Sets or clears a deck's exam date.
    pub fn set_exam_date(&mut self, deck: &str, date: Option<NaiveDate>) -> Result<()> {
        let mut settings = self.collection().decks.get(deck).map(|d| d.settings.clone()).unwrap_or_default();
        settings.exam_date = date;
        self.set_deck_settings(deck, settings)
    }

    /// Each card's probability of recall on `day`, counting only reviews up to `as_of`; `None`
    /// until the history is read.
    pub fn recall(&self, deck: &str, day: NaiveDate, as_of: NaiveDate) -> Option<Vec<f64>> {
        let h = self.history()?;
        let d = self.deck(deck)?;
        let memory = self.memory();
        Some(
            d.exam
                .cards
                .iter()
                .map(|c| {
                    let past = h.card(deck, &c.id.0);
                    let upto = past.partition_point(|p| p.day <= as_of);
                    memory.recall(&past[..upto], day)
                })
                .collect(),
        )
    }

    /// The student's habits when they do not know, for one deck.
    pub fn habits(&self, deck: &str) -> Habits {
        let (Some(d), Some(h)) = (self.deck(deck), self.history()) else { return Habits::default() };
        let mocks = self.collection().mocks.iter().filter(|m| m.deck == deck);
        Habits::of(&d.exam, h.deck(deck), mocks)
    }

    /// The forecast of `deck` if the exam were on `day`, from the history as it stands; cached
    /// per revision. `None` until the history is read.
    pub fn forecast(&self, deck: &str, day: NaiveDate) -> Option<Arc<DeckForecast>> {
        let key = (deck.to_string(), day);
        if let Some((rev, f)) = self.forecasts.borrow().get(&key)
            && *rev == self.revision
        {
            return Some(f.clone());
        }
        let f = Arc::new(self.forecast_as_of(deck, day, NaiveDate::MAX)?);
        self.forecasts.borrow_mut().insert(key, (self.revision, f.clone()));
        Some(f)
    }

    /// The forecast for `day` as it stood at the end of study day `as_of`.
    pub fn forecast_as_of(&self, deck: &str, day: NaiveDate, as_of: NaiveDate) -> Option<DeckForecast> {
        let d = self.deck(deck)?;
        let recall = self.recall(deck, day, as_of)?;
        let odds = card_odds(&d.exam, &recall, &self.habits(deck));
        let forecast = forecast(&d.exam, &odds);
        Some(DeckForecast { day, odds, forecast })
    }

    /// The day a forecast is for: the exam date while it is ahead, else today.
    pub fn forecast_day(&self, deck: &str, today: NaiveDate) -> NaiveDate {
        self.exam_date(deck).filter(|e| *e >= today).unwrap_or(today)
    }

    /// The expected score on the forecast's day as it stood on each of the last `days` days
    /// (today included), oldest first. Past days are cached for the day; today follows each answer.
    pub fn forecast_trend(&self, deck: &str, today: NaiveDate, days: u32) -> Option<Vec<(NaiveDate, f64)>> {
        self.history()?;
        let key = (deck.to_string(), today, days);
        let past = if let Some(p) = self.trends.borrow().get(&key) {
            p.clone()
        } else {
            let target = self.forecast_day(deck, today);
            let mut out = Vec::new();
            for back in (1..days).rev() {
                let as_of = today - chrono::Days::new(u64::from(back));
                let day = if self.exam_date(deck).is_some() { target } else { as_of };
                out.push((as_of, self.forecast_as_of(deck, day, as_of)?.forecast.expected));
            }
            self.trends.borrow_mut().insert(key, out.clone());
            out
        };
        let mut all = past;
        all.push((today, self.forecast(deck, self.forecast_day(deck, today))?.forecast.expected));
        Some(all)
    }

    /// What studying each section and each topic could add to the forecast of `day`, largest first.
    pub fn gains(&self, deck: &str, day: NaiveDate) -> Option<Vec<Gain>> {
        let d = self.deck(deck)?;
        let f = self.forecast(deck, day)?;
        let mut by: BTreeMap<String, (f64, f64)> = BTreeMap::new();
        for (qi, q) in d.exam.questions().enumerate() {
            let qf = &f.forecast.questions[qi];
            let left = (qf.max - qf.expected).max(0.0);
            let section = d.exam.sections[qf.section].title.clone();
            let labels = std::iter::once(if section.is_empty() { "Questions".to_string() } else { section })
                .chain(q.topics.iter().map(|t| format!("topic: {t}")));
            for label in labels {
                let e = by.entry(label).or_default();
                e.0 += left;
                e.1 += qf.max;
            }
        }
        let mut out: Vec<Gain> = by.into_iter().map(|(label, (points, max))| Gain { label, points, max }).collect();
        out.sort_by(|a, b| b.points.total_cmp(&a.points).then(a.label.cmp(&b.label)));
        Some(out)
    }

    /// The coach's view of a submitted mock exam.
    pub fn coach(&self, attempt: &MockAttempt) -> Option<Coach> {
        let d = self.deck(&attempt.deck)?;
        Some(coach(&d.exam, attempt, &self.habits(&attempt.deck)))
    }

    /// The rule for next time over all mock exams and guesses of a deck.
    pub fn advice(&self, deck: &str) -> String {
        let h = self.habits(deck);
        crate::forecast::coach::advice(h.tf_rate(), h.tf_guesses)
    }

    /// The final week's plan for a deck on `today`, when it is in it: the weakest-first recall of
    /// each card (by index).
    pub(crate) fn final_week_recall(&self, deck: &str, today: NaiveDate) -> Option<(NaiveDate, Vec<f64>)> {
        let exam = self.exam_date(deck)?;
        let week = FinalWeek { exam, recall: &|_| 0.0 };
        if !week.contains(today) {
            return None;
        }
        let recall = self.recall(deck, exam, NaiveDate::MAX).unwrap_or_else(|| {
            // Until the history is read, SM-2's interval stands in: a shorter one is weaker.
            let d = self.deck(deck).map(|d| d.exam.cards.len()).unwrap_or(0);
            (0..d)
                .map(|i| self.state(deck, i).map_or(0.0, |s| 1.0 - 1.0 / (1.0 + f64::from(s.sm2.interval_days))))
                .collect()
        });
        Some((exam, recall))
    }

    /// The deck's statistics on `today`.
    pub fn stats(&self, deck: &str, today: NaiveDate) -> Option<Stats> {
        let d = self.deck(deck)?;
        let h = self.history()?;
        let mut s = Stats { per_day: h.per_day(Some(deck)), ..Default::default() };
        let mut table = [[(0u32, 0u32); 3]; 3];
        for (_, past) in h.deck(deck) {
            s.reviews += past.len();
            for p in past {
                retention_count(&mut table, p, today);
            }
        }
        for (r, row) in table.iter().enumerate() {
            for (c, &(hits, all)) in row.iter().enumerate() {
                s.retention_by.cells[r][c] = (all > 0).then(|| f64::from(hits) / f64::from(all));
            }
        }
        s.retention = s.retention_by.cells[2][2];
        s.due = self.due_forecast(deck, today);
        let day = self.forecast_day(deck, today);
        let recall = self.recall(deck, day, NaiveDate::MAX)?;
        s.mastery = mastery(&d.exam, &recall);
        for m in self.collection().mocks.iter().filter(|m| m.deck == deck) {
            let (Some(at), Some((score, max))) = (m.submitted_at, m.score) else { continue };
            s.mocks.push((at.date_naive(), score, max, m.forecast));
        }
        Some(s)
    }

    /// Cards due on each day from today to the exam date (or for 30 days); overdue cards count
    /// today.
    pub fn due_forecast(&self, deck: &str, today: NaiveDate) -> Vec<(NaiveDate, usize)> {
        let end = self.exam_date(deck).filter(|e| *e > today).unwrap_or(today + chrono::Days::new(29));
        let days = (end - today).num_days().max(0) as usize + 1;
        let mut counts = vec![0usize; days];
        if let Some(d) = self.deck(deck) {
            for i in 0..d.exam.cards.len() {
                if d.exam.cards[i].answer.is_none() {
                    continue;
                }
                let Some(st) = self.state(deck, i) else { continue };
                if !st.is_active() {
                    continue;
                }
                if let Some(due) = st.due {
                    let k = (due - today).num_days().max(0) as usize;
                    if k < days {
                        counts[k] += 1;
                    }
                }
            }
        }
        counts.into_iter().enumerate().map(|(k, n)| (today + chrono::Days::new(k as u64), n)).collect()
    }
}

/// Counts one review into the retention table: reviews of already-seen cards (not first showings,
/// not same-day repeats), right when graded Hard or better.
fn retention_count(table: &mut [[(u32, u32); 3]; 3], p: &Past, today: NaiveDate) {
    if p.was_new || p.redrill {
        return;
    }
    let age = (today - p.day).num_days();
    if !(0..30).contains(&age) {
        return;
    }
    let right = u32::from(p.grade.quality() >= Grade::Hard.quality());
    // The interval before this review decides young or mature; the one after it is what the
    // history keeps, so a lapse (interval 1) reads as young, which Anki counts the same way.
    let row = if p.interval >= MATURE_DAYS { 1 } else { 0 };
    for r in [row, 2] {
        for (col, cell) in table[r].iter_mut().enumerate() {
            let within = match col {
                0 => age == 0,
                1 => age < 7,
                _ => true,
            };
            if within {
                cell.0 += right;
                cell.1 += 1;
            }
        }
    }
}

/// Cards per topic (questions without topics count under their section's title) and how many are
/// mastered.
fn mastery(exam: &Exam, recall: &[f64]) -> Vec<(String, usize, usize)> {
    let mut by: BTreeMap<String, (usize, usize)> = BTreeMap::new();
    for (i, c) in exam.cards.iter().enumerate() {
        if c.answer.is_none() {
            continue;
        }
        let q = exam.card_question(c);
        let labels: Vec<String> = if q.topics.is_empty() {
            let t = &exam.sections[c.pos.section()].title;
            vec![if t.is_empty() { "Questions".to_string() } else { t.clone() }]
        } else {
            q.topics.clone()
        };
        let mastered = usize::from(recall.get(i).copied().unwrap_or(0.0) >= MASTERED);
        for l in labels {
            let e = by.entry(l).or_default();
            e.0 += 1;
            e.1 += mastered;
        }
    }
    by.into_iter().map(|(t, (n, m))| (t, n, m)).collect()
}
