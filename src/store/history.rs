//! The review history. Journal segments older than the snapshot are compacted into history
//! files, `history/<last day>.<segment>.ron`: a header line, then one short line per review
//! (`R(deck, card, ms, day, grade, response ms, source, flags, interval, ease ×100, due)`) or per
//! review taken back (`U(deck, card, ms)`). Compaction writes the file atomically and only then
//! removes the segment, so a crash between the two leaves both, and the history file wins.

use super::error::{Result, StoreError};
use super::fs::{Fs, write_atomic};
use super::journal::{self, JOURNAL_DIR, check_header, header_line, lines, numbered, read_segment, segment_path};
use super::snapshot::utf8;
use crate::model::{HistoryEvent, PastReview, Record, Source};
use crate::sm2::Grade;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Folder of compacted history files.
pub const HISTORY_DIR: &str = "history";

#[derive(Serialize, Deserialize)]
enum Line {
    R(String, String, i64, NaiveDate, Grade, u32, Source, u8, u32, u32, Option<NaiveDate>),
    U(String, String, i64),
}

const REDRILL: u8 = 1;
const WAS_NEW: u8 = 2;

fn to_line(e: &HistoryEvent) -> Line {
    match e {
        HistoryEvent::Review(p) => Line::R(
            p.deck.clone(),
            p.card.clone(),
            p.at.timestamp_millis(),
            p.day,
            p.grade,
            p.response_ms,
            p.source,
            if p.redrill { REDRILL } else { 0 } | if p.was_new { WAS_NEW } else { 0 },
            p.interval,
            (p.ease * 100.0).round().clamp(0.0, f64::from(u32::MAX)) as u32,
            p.due,
        ),
        HistoryEvent::Undo { deck, card, at } => Line::U(deck.clone(), card.clone(), at.timestamp_millis()),
    }
}

fn from_line(l: Line) -> HistoryEvent {
    let at = |ms: i64| DateTime::<Utc>::from_timestamp_millis(ms).unwrap_or_default();
    match l {
        Line::R(deck, card, ms, day, grade, response_ms, source, flags, interval, ease, due) => {
            HistoryEvent::Review(PastReview {
                deck,
                card,
                at: at(ms),
                day,
                grade,
                response_ms,
                source,
                redrill: flags & REDRILL != 0,
                was_new: flags & WAS_NEW != 0,
                interval,
                ease: f64::from(ease) / 100.0,
                due,
            })
        }
        Line::U(deck, card, ms) => HistoryEvent::Undo { deck, card, at: at(ms) },
    }
}

/// The history events a journal record holds.
pub fn events(record: &Record, out: &mut Vec<HistoryEvent>) {
    match record {
        Record::Review(r) => out.push(HistoryEvent::Review(r.into())),
        Record::Undo { review } => {
            out.push(HistoryEvent::Undo { deck: review.deck.clone(), card: review.card.clone(), at: review.at })
        }
        Record::Batch(rs) => rs.iter().for_each(|r| events(r, out)),
        _ => {}
    }
}

/// What reading the history found beyond the events.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct HistoryReport {
    /// Files or lines that could not be read: the history shown is missing them.
    pub problems: Vec<String>,
}

impl HistoryReport {
    /// Whether everything was read.
    pub fn complete(&self) -> bool {
        self.problems.is_empty()
    }
}

/// The highest segment number the history files use, if any.
pub(crate) fn highest_segment(fs: &dyn Fs, dir: &Path) -> Result<Option<u64>> {
    Ok(history_files(fs, dir)?.keys().next_back().copied())
}

fn history_files(fs: &dyn Fs, dir: &Path) -> Result<BTreeMap<u64, PathBuf>> {
    let hdir = dir.join(HISTORY_DIR);
    Ok(numbered(fs, &hdir, true)?.into_iter().map(|(n, name)| (n, hdir.join(name))).collect())
}

fn read_history_file(fs: &dyn Fs, path: &Path, visit: &mut dyn FnMut(HistoryEvent), report: &mut HistoryReport) {
    let bytes = match fs.read(path) {
        Ok(b) => b,
        Err(e) => {
            report.problems.push(format!("{}: {e}", path.display()));
            return;
        }
    };
    for (no, _, line, complete) in lines(&bytes) {
        let text = match utf8(path, line, no - 1) {
            Ok(t) => t,
            Err(e) => {
                report.problems.push(e.to_string());
                continue;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        if no == 1 {
            if let Err(e) = check_header(path, text) {
                report.problems.push(e.to_string());
                return;
            }
            continue;
        }
        match ron::from_str::<Line>(text) {
            Ok(l) => visit(from_line(l)),
            Err(e) if complete => {
                report.problems.push(format!("{}:{no}: {}", path.display(), e.code));
            }
            Err(_) => {}
        }
    }
}

/// Streams the whole history, oldest first, to `visit`: the compacted files, then the journal
/// segments not compacted yet. What cannot be read is skipped and named in the report, so one bad
/// line or file costs only what it holds.
pub fn read_all(fs: &dyn Fs, dir: &Path, visit: &mut dyn FnMut(HistoryEvent)) -> Result<HistoryReport> {
    let mut report = HistoryReport::default();
    let files = history_files(fs, dir)?;
    let segs = journal::segments(fs, dir)?;
    let mut all: BTreeMap<u64, Option<PathBuf>> = files.into_iter().map(|(n, p)| (n, Some(p))).collect();
    for n in segs {
        all.entry(n).or_insert(None);
    }
    let mut evs = Vec::new();
    for (n, file) in all {
        match file {
            Some(p) => read_history_file(fs, &p, visit, &mut report),
            None => {
                let path = segment_path(dir, n);
                match read_segment(fs, &path, journal::Reading::SkipDamaged) {
                    Ok((read, skipped)) => {
                        report.problems.extend(skipped.iter().map(ToString::to_string));
                        for (_, r) in &read.records {
                            events(r, &mut evs);
                            evs.drain(..).for_each(&mut *visit);
                        }
                    }
                    Err(e) => report.problems.push(e.to_string()),
                }
            }
        }
    }
    Ok(report)
}

/// Writes the history file of segment `n` atomically: `history/<day of its last review>.<n>.ron`.
pub fn write_file(fs: &dyn Fs, dir: &Path, n: u64, events: &[HistoryEvent]) -> Result<()> {
    let last = events.iter().rev().find_map(|e| match e {
        HistoryEvent::Review(p) => Some(p.day.format("%Y-%m-%d").to_string()),
        HistoryEvent::Undo { .. } => None,
    });
    let mut text = header_line();
    for e in events {
        text.push_str(&ron::to_string(&to_line(e)).expect("history lines serialise"));
        text.push('\n');
    }
    let name = format!("{}.{n:08}.ron", last.unwrap_or_else(|| "empty".into()));
    let path = dir.join(HISTORY_DIR).join(name);
    write_atomic(fs, &path, text.as_bytes()).map_err(StoreError::io(&path))
}

/// Compacts every journal segment numbered below `before` into a history file, then removes the
/// segment. A segment that cannot be read stays as it is (its history is reported missing until
/// it is repaired).
pub(crate) fn compact(fs: &dyn Fs, dir: &Path, before: u64) -> Result<()> {
    let files = history_files(fs, dir)?;
    let jdir = dir.join(JOURNAL_DIR);
    let mut removed = false;
    for n in journal::segments(fs, dir)?.into_iter().filter(|&n| n < before) {
        let seg = segment_path(dir, n);
        if !files.contains_key(&n) {
            let Ok((read, skipped)) = read_segment(fs, &seg, journal::Reading::Strict).map_err(|_| ()) else {
                continue;
            };
            debug_assert!(skipped.is_empty());
            let mut evs = Vec::new();
            read.records.iter().for_each(|(_, r)| events(r, &mut evs));
            write_file(fs, dir, n, &evs)?;
        }
        fs.remove_file(&seg).map_err(StoreError::io(&seg))?;
        removed = true;
    }
    if removed {
        fs.sync_dir(&jdir).map_err(StoreError::io(&jdir))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{CardState, Review};

    #[test]
    fn a_line_round_trips() {
        let r = Review {
            deck: "d".into(),
            card: "16.2".into(),
            at: DateTime::<Utc>::from_timestamp_millis(1_800_000_000_123).unwrap(),
            day: NaiveDate::from_ymd_opt(2027, 1, 15).unwrap(),
            grade: Grade::Hard,
            response_ms: 1234,
            before: CardState::default(),
            after: CardState { due: NaiveDate::from_ymd_opt(2027, 1, 16), ..Default::default() },
            redrill: false,
            source: Source::Quiz,
        };
        let e = HistoryEvent::Review((&r).into());
        let text = ron::to_string(&to_line(&e)).unwrap();
        assert!(text.len() < 90, "{text}");
        assert_eq!(from_line(ron::from_str(&text).unwrap()), e);
    }
}
