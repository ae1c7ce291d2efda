//! `examdeck forecast EXAM --odds FILE [--json]`, `examdeck forecast DECK [--date D] [--json]`
//! and `examdeck stats DECK --json`: the forecast of the score under the exam's rules, as a pure
//! function of per-card odds or from the student's own history, and the deck's statistics.

use super::CliError;
use super::score::{exam_source, read_input};
use crate::forecast::{Forecast, Odds, forecast, odds_file};
use crate::import::fmt_points;
use crate::import::summary::count;
use crate::library::Library;
use crate::store::Mode;
use chrono::NaiveDate;
use serde_json::{Value, json};
use std::io::Write;
use std::path::Path;

fn parse_date(s: &str) -> Result<NaiveDate, CliError> {
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map_err(|_| CliError::Usage(format!("error: --date {s:?} is not a date: write it as YYYY-MM-DD")))
}

fn forecast_json(f: &Forecast) -> serde_json::Map<String, Value> {
    let mut m = serde_json::Map::new();
    m.insert("expected".into(), json!(f.expected));
    m.insert("max".into(), json!(f.max));
    m.insert("p10".into(), json!(f.p10));
    m.insert("p90".into(), json!(f.p90));
    m.insert(
        "questions".into(),
        Value::Array(
            f.questions.iter().map(|q| json!({"number": q.number, "expected": q.expected, "max": q.max})).collect(),
        ),
    );
    m
}

fn print_text(out: &mut dyn Write, label: &str, f: &Forecast) -> Result<(), CliError> {
    writeln!(
        out,
        "{label}: expected {} / {}, likely {}–{} (10–90 %)",
        fmt_points((f.expected * 10.0).round() / 10.0),
        fmt_points(f.max),
        fmt_points(f.p10),
        fmt_points(f.p90)
    )?;
    for q in &f.questions {
        writeln!(out, "    Q{}: {:.2} / {}", q.number, q.expected, fmt_points(q.max))?;
    }
    Ok(())
}

/// `examdeck forecast`.
pub fn run(
    out: &mut dyn Write,
    dir: &Path,
    exam: &str,
    odds: Option<&Path>,
    date: Option<&str>,
    json: bool,
) -> Result<u8, CliError> {
    if odds.is_some() && date.is_some() {
        return Err(CliError::Usage(
            "error: --odds and --date cannot go together: the odds already say how each card will go".into(),
        ));
    }
    if let Some(path) = odds {
        let (label, exam) = exam_source(dir, exam)?;
        let text = read_input(path)?;
        let file = odds_file::parse(&exam, &text).map_err(|errors| {
            for e in errors {
                eprintln!("{}:{}: error: {}", path.display(), e.line, e.message);
            }
            CliError::Invalid(String::new())
        })?;
        for w in &file.warnings {
            eprintln!("{}:{}: warning: {}", path.display(), w.line, w.message);
        }
        let f = forecast(&exam, &file.odds);
        if json {
            writeln!(out, "{}", Value::Object(forecast_json(&f)))?;
        } else {
            print_text(out, &label, &f)?;
        }
        return Ok(0);
    }
    if Path::new(exam).exists() {
        return Err(CliError::Usage(format!(
            "error: {exam} is an exam file, which has no study history: give the odds with --odds FILE, or name a deck of the collection"
        )));
    }
    let now = chrono::Utc::now();
    let mut lib = Library::open(dir, Mode::ReadOnly, now)?;
    let id = lib.find(exam).ok_or_else(|| {
        CliError::Unreadable(format!("{exam}: error: no such file, and no deck of that name in {}", dir.display()))
    })?;
    if lib.deck(&id).is_some_and(|d| d.is_broken()) {
        return Err(CliError::Invalid(format!("{id}: error: the deck's files have errors; fix them in the editor")));
    }
    let today = lib.today(now);
    let day = match date {
        Some(d) => parse_date(d)?,
        None => lib.forecast_day(&id, today),
    };
    lib.load_history_now();
    let deck = lib.deck(&id).cloned().expect("found above");
    let f = lib.forecast(&id, day).expect("the history is read and the deck exists");
    if json {
        let mut m = forecast_json(&f.forecast);
        m.insert("date".into(), json!(day.format("%Y-%m-%d").to_string()));
        let cards: Vec<Value> = deck
            .exam
            .cards
            .iter()
            .zip(&f.odds)
            .filter(|(c, _)| c.answer.is_some())
            .map(|(c, o): (_, &Odds)| json!({"id": c.id.as_str(), "p_right": o.right, "p_wrong": o.wrong}))
            .collect();
        m.insert("cards".into(), Value::Array(cards));
        writeln!(out, "{}", Value::Object(m))?;
    } else {
        print_text(out, &format!("{} on {day}", deck.name), &f.forecast)?;
    }
    Ok(0)
}

/// `examdeck stats DECK [--json]`.
pub fn stats(out: &mut dyn Write, dir: &Path, deck: &str, json: bool) -> Result<u8, CliError> {
    let now = chrono::Utc::now();
    let mut lib = Library::open(dir, Mode::ReadOnly, now)?;
    let id = lib
        .find(deck)
        .ok_or_else(|| CliError::Unreadable(format!("{deck}: error: no deck of that name in {}", dir.display())))?;
    let today = lib.today(now);
    lib.load_history_now();
    let s = lib.stats(&id, today).expect("the history is read and the deck exists");
    let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
    if json {
        let v = json!({
            "reviews": s.reviews,
            "retention": s.retention,
            "due": s.due.iter().map(|(d, n)| json!({"date": date(*d), "count": n})).collect::<Vec<_>>(),
            "mastery": s.mastery.iter().map(|(t, n, m)| json!({"topic": t, "cards": n, "mastered": m})).collect::<Vec<_>>(),
            "mocks": s.mocks.iter().map(|(d, sc, mx, f)| json!({"date": date(*d), "score": sc, "max": mx, "forecast": f})).collect::<Vec<_>>(),
        });
        writeln!(out, "{v}")?;
        return Ok(0);
    }
    let retention = s.retention.map_or("no reviews in the last 30 days".to_string(), |r| format!("{:.0} %", r * 100.0));
    writeln!(out, "{id}: {}; true retention (30 days) {retention}", count(s.reviews, "review", "reviews"))?;
    let due_total: usize = s.due.iter().map(|(_, n)| n).sum();
    let until = s.due.last().map_or(String::new(), |(d, _)| date(*d));
    writeln!(out, "  due until {until}: {}", count(due_total, "card", "cards"))?;
    for (t, n, m) in &s.mastery {
        writeln!(out, "  {t}: {m} of {} mastered", count(*n, "card", "cards"))?;
    }
    for (d, sc, mx, f) in &s.mocks {
        let f = f.map_or(String::new(), |f| format!(" (forecast {f:.1})"));
        writeln!(out, "  mock {}: {} / {}{f}", date(*d), fmt_points(*sc), fmt_points(*mx))?;
    }
    Ok(0)
}
