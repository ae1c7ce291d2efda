//! Exam day: the forecast against hand-computed cases on the seed, its invariants as properties,
//! exam-date scheduling on an injected clock, and `examdeck forecast` / `examdeck stats`.

use chrono::{DateTime, Duration, NaiveDate, TimeZone, Utc};
use examdeck::builtin;
use examdeck::deck::{Body, Exam, Rule};
use examdeck::forecast::{Odds, forecast};
use examdeck::library::Library;
use examdeck::store::Mode;
use proptest::prelude::*;
use std::path::Path;
use std::process::{Command, Output};

fn seed() -> Exam {
    builtin::parse().exam
}

const SURE: Odds = Odds { right: 1.0, wrong: 0.0 };
const WRONG: Odds = Odds { right: 0.0, wrong: 1.0 };

#[test]
fn all_right_gives_the_maximum_and_all_blank_gives_zero() {
    let e = seed();
    let f = forecast(&e, &vec![SURE; e.cards.len()]);
    assert_eq!((f.expected, f.max, f.p10, f.p90), (50.0, 50.0, 50.0, 50.0));
    let f = forecast(&e, &vec![Odds::BLANK; e.cards.len()]);
    assert_eq!((f.expected, f.p10, f.p90), (0.0, 0.0, 0.0));
}

#[test]
fn the_seeds_q32_is_clipped_per_part() {
    let e = seed();
    let q = e.question(32).unwrap();
    let Body::Parts(parts) = &q.body else { panic!("Q32 has parts") };
    // Part (a) all wrong, the others all right: (a) is clipped at 0, not subtracted.
    let mut odds = vec![Odds::BLANK; e.cards.len()];
    for i in q.cards.clone() {
        odds[i] = if e.cards[i].pos.part() == Some(0) { WRONG } else { SURE };
    }
    let f = forecast(&e, &odds);
    let q32 = f.questions.iter().find(|x| x.number == 32).unwrap();
    let rest: f64 = parts[1..].iter().map(|p| p.points).sum();
    assert!((q32.expected - rest).abs() < 1e-12, "{} vs {rest}", q32.expected);
    assert!(rest < q.points);
}

#[test]
fn the_permutation_question_is_all_or_nothing() {
    let e = seed();
    let q = e.questions().find(|q| q.rule == Rule::Permutation).expect("the seed's Q30");
    let mut odds = vec![Odds::BLANK; e.cards.len()];
    for i in q.cards.clone() {
        odds[i] = Odds { right: 0.5, wrong: 0.5 };
    }
    let f = forecast(&e, &odds);
    let n = q.cards.len() as i32;
    let qf = f.questions.iter().find(|x| x.number == q.number).unwrap();
    assert!((qf.expected - q.points * 0.5f64.powi(n)).abs() < 1e-12, "{}", qf.expected);
}

#[test]
fn the_distribution_sums_to_one() {
    let e = seed();
    let odds: Vec<Odds> =
        (0..e.cards.len()).map(|i| Odds { right: (i % 7) as f64 / 8.0, wrong: (i % 3) as f64 / 8.0 }).collect();
    let f = forecast(&e, &odds);
    let total: f64 = f.probabilities.iter().sum();
    assert!((total - 1.0).abs() < 1e-9, "{total}");
    let mean: f64 = f.probabilities.iter().enumerate().map(|(k, p)| k as f64 / f64::from(f.unit) * p).sum();
    assert!((mean - f.expected).abs() < 1e-9);
}

fn odds_strategy(n: usize) -> impl Strategy<Value = Vec<Odds>> {
    proptest::collection::vec((0.0..=1.0f64, 0.0..=1.0f64), n)
        .prop_map(|v| v.into_iter().map(|(r, w)| Odds { right: r, wrong: (1.0 - r) * w }).collect())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn the_band_and_the_mean_stay_within_the_maximum(odds in odds_strategy(91)) {
        let e = seed();
        let f = forecast(&e, &odds);
        prop_assert!(0.0 <= f.p10 && f.p10 <= f.p90 && f.p90 <= f.max);
        prop_assert!(-1e-9 <= f.expected && f.expected <= f.max + 1e-9);
    }

    #[test]
    fn more_right_never_lowers_the_forecast(odds in odds_strategy(91), card in 0usize..91, more in 0.0..=1.0f64) {
        let e = seed();
        let before = forecast(&e, &odds);
        let mut up = odds.clone();
        // p_right rises, p_wrong held: the blank share shrinks.
        let room = 1.0 - up[card].right - up[card].wrong;
        up[card].right += room * more;
        let after = forecast(&e, &up);
        prop_assert!(after.expected >= before.expected - 1e-9, "{} < {}", after.expected, before.expected);
        prop_assert!(after.p10 >= before.p10 - 1e-9 && after.p90 >= before.p90 - 1e-9);
    }
}

fn at(day: NaiveDate, hour: u32) -> DateTime<Utc> {
    Utc.from_utc_datetime(&day.and_hms_opt(hour, 0, 0).unwrap())
}

/// Studies the seed every day from `start` to the day before `exam`, answering every card right
/// and Good, and returns each review's (day, due after it).
fn study_to(dir: &Path, start: NaiveDate, exam: NaiveDate) -> (Library, Vec<(NaiveDate, NaiveDate)>) {
    let mut lib = Library::open(dir, Mode::Write, at(start, 12)).unwrap();
    lib.set_exam_date(builtin::NAME, Some(exam)).unwrap();
    let e = lib.deck(builtin::NAME).unwrap().exam.clone();
    let mut dues = Vec::new();
    let mut day = start;
    while day < exam {
        let now = at(day, 12);
        if let Some(mut s) = lib.start_study(builtin::NAME, now) {
            let mut t = now;
            while let Some(c) = {
                lib.study_show(&mut s, t);
                s.peek().map(|c| c.card)
            } {
                let key = e.cards[c].answer.unwrap();
                lib.study_answer(&mut s, key, t).unwrap();
                let r = lib.study_grade(&mut s, examdeck::sm2::Grade::Good, t).unwrap().expect("graded");
                dues.push((r.day, r.after.due.unwrap()));
                t += Duration::seconds(5);
            }
        }
        day = day.succ_opt().unwrap();
    }
    (lib, dues)
}

#[test]
fn with_an_exam_date_nothing_is_due_after_it_and_the_last_week_sees_every_card() {
    let dir = tempfile::tempdir().unwrap();
    let start = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    let exam = start + Duration::days(30);
    let (lib, dues) = study_to(dir.path(), start, exam);
    let last = exam.pred_opt().unwrap();
    for (day, due) in &dues {
        if *day < last {
            assert!(*due <= last, "reviewed {day}, due {due}, after the day before the exam");
        }
    }
    // Every card was shown in the final week.
    let week_start = exam - Duration::days(7);
    let e = lib.deck(builtin::NAME).unwrap().exam.clone();
    for c in &e.cards {
        let st = lib.collection().card(builtin::NAME, c.id.as_str()).expect("studied");
        let seen = st.last_review.unwrap().date_naive();
        assert!(seen >= week_start, "card {} last seen {seen}, before the final week", c.id);
    }
}

#[test]
fn without_a_date_sm2_runs_past_the_same_day() {
    // The same month without an exam date: plain SM-2 schedules some reviews after it.
    let dir = tempfile::tempdir().unwrap();
    let start = NaiveDate::from_ymd_opt(2027, 3, 1).unwrap();
    let end = start + Duration::days(30);
    let mut lib = Library::open(dir.path(), Mode::Write, at(start, 12)).unwrap();
    let e = lib.deck(builtin::NAME).unwrap().exam.clone();
    let mut beyond = 0;
    let mut day = start;
    while day < end {
        let now = at(day, 12);
        if let Some(mut s) = lib.start_study(builtin::NAME, now) {
            while let Some(c) = {
                lib.study_show(&mut s, now);
                s.peek().map(|c| c.card)
            } {
                lib.study_answer(&mut s, e.cards[c].answer.unwrap(), now).unwrap();
                let r = lib.study_grade(&mut s, examdeck::sm2::Grade::Good, now).unwrap().unwrap();
                beyond += usize::from(r.after.due.unwrap() >= end);
            }
        }
        day = day.succ_opt().unwrap();
    }
    assert!(beyond > 0, "the exam-date test above would pass trivially");
}

fn examdeck(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_examdeck")).args(args).env("EXAMDECK_DATA_DIR", data).output().expect("runs")
}

fn deck_file() -> String {
    format!("{}/decks/cs182_midterm.md", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn forecast_from_an_odds_file() {
    let data = tempfile::tempdir().unwrap();
    let odds = data.path().join("odds.txt");
    let e = seed();
    let mut text = String::from("# every card known\n");
    for c in &e.cards {
        text.push_str(&format!("{} 1   # sure\n", c.id));
    }
    std::fs::write(&odds, &text).unwrap();
    let out = examdeck(&["forecast", &deck_file(), "--odds", odds.to_str().unwrap(), "--json"], data.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!((v["expected"].as_f64(), v["max"].as_f64()), (Some(50.0), Some(50.0)));
    assert_eq!((v["p10"].as_f64(), v["p90"].as_f64()), (Some(50.0), Some(50.0)));
    assert_eq!(v["questions"].as_array().unwrap().len(), 32);
    assert_eq!(v["questions"][0]["number"], 1);

    // Four statements at 50/50, nothing else: Q16's statements.
    let q16: Vec<String> = e.cards.iter().filter(|c| c.id.question() == Some(16)).map(|c| c.id.to_string()).collect();
    let text: String = q16.iter().map(|id| format!("{id} 0.5\n")).collect();
    std::fs::write(&odds, text).unwrap();
    let out = examdeck(&["forecast", &deck_file(), "--odds", odds.to_str().unwrap(), "--json"], data.path());
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let pts = e.question(16).unwrap().points;
    if q16.len() == 4 {
        assert!((v["expected"].as_f64().unwrap() - 0.375 / 2.0 * pts).abs() < 1e-9, "{v}");
    }
}

#[test]
fn forecast_errors_name_their_line_and_exit_codes_are_kept() {
    let data = tempfile::tempdir().unwrap();
    let odds = data.path().join("odds.txt");
    std::fs::write(&odds, "1 0.5\n99 0.5\n1 0.2\n2 0.7 0.7\n3 abc\n").unwrap();
    let out = examdeck(&["forecast", &deck_file(), "--odds", odds.to_str().unwrap()], data.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8_lossy(&out.stderr);
    for line in [2, 3, 4, 5] {
        assert!(err.contains(&format!("odds.txt:{line}: error:")), "line {line} in {err}");
    }
    let missing = data.path().join("missing.txt");
    let out = examdeck(&["forecast", &deck_file(), "--odds", missing.to_str().unwrap()], data.path());
    assert_eq!(out.status.code(), Some(2));
    let out =
        examdeck(&["forecast", &deck_file(), "--odds", odds.to_str().unwrap(), "--date", "2027-01-01"], data.path());
    assert_eq!(out.status.code(), Some(2), "--odds with --date is a usage error");
    let out = examdeck(&["forecast", &deck_file()], data.path());
    assert_eq!(out.status.code(), Some(2), "an exam file has no history");
    assert!(String::from_utf8_lossy(&out.stderr).contains("--odds"));
}

#[test]
fn forecast_and_stats_of_a_deck() {
    let data = tempfile::tempdir().unwrap();
    let out = examdeck(&["forecast", builtin::NAME, "--date", "2027-01-15", "--json"], data.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["date"], "2027-01-15");
    let cards = v["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 91);
    // Nothing studied: every card is a guess at the priors, so the forecast is what guessing gives.
    let tf = cards.iter().find(|c| c["id"] == "16.1").unwrap();
    assert!((tf["p_right"].as_f64().unwrap() - 0.5).abs() < 1e-9, "{tf}");
    assert!(v["expected"].as_f64().unwrap() > 0.0 && v["expected"].as_f64().unwrap() < 50.0);

    let out = examdeck(&["stats", builtin::NAME, "--json"], data.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let s: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(s["reviews"], 0);
    assert!(s["retention"].is_null());
    let due = s["due"].as_array().unwrap();
    assert_eq!(due.len(), 30, "30 days without an exam date");
    assert!(due[0]["date"].as_str().unwrap().len() == 10 && due[0]["count"] == 0);
    let mastery = s["mastery"].as_array().unwrap();
    assert!(!mastery.is_empty() && mastery.iter().all(|m| m["mastered"] == 0 && m["cards"].as_u64() > Some(0)));
    assert!(s["mocks"].as_array().unwrap().is_empty());
    let out = examdeck(&["stats", "no such deck", "--json"], data.path());
    assert_eq!(out.status.code(), Some(2));
}
