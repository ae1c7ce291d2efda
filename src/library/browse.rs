//! Browse rows for every card of every deck, and the search over them. Rows and the searchable
//! text are built once per deck when it is loaded; a search is a pass over one lower-cased text
//! buffer (SIMD substring search), so typing stays within a frame at 100,000 cards.
//!
//! The search syntax: words separated by spaces, all of which must match. `deck:ID`,
//! `topic:NAME`, `q:16` (question number), `is:due`, `is:new`, `is:suspended`, `is:contested`,
//! `is:leech` (4 or more lapses), `is:unanswered`, `is:relearning`; any other word is free text,
//! matched in the question's text or as a card id. `"…"` quotes a value with spaces; a leading
//! `-` negates a term.

use super::decks::Deck;
use crate::deck::{Body, CardKind};
use crate::model::{CardState, Collection};
use chrono::NaiveDate;
use std::ops::Range;
use std::sync::Arc;

/// Lapses at which a card counts as a leech.
pub const LEECH_LAPSES: u32 = 4;

/// One row: a card of a deck.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Deck id.
    pub deck: Arc<str>,
    /// Index of the card in its exam.
    pub index: usize,
    /// The card's id.
    pub id: String,
    /// The question number.
    pub question: u32,
    /// A one-line preview of the card's own text, with math kept readable.
    pub preview: String,
    /// Where the question's lower-cased text sits in the search buffer.
    text: Range<usize>,
}

/// The rows of one deck and its searchable text.
#[derive(Clone, Debug, Default)]
pub struct DeckRows {
    /// Rows in exam order.
    pub rows: Vec<Row>,
    /// Lower-cased text of every question, one after the other.
    text: String,
}

fn question_text(q: &crate::deck::Question) -> String {
    let mut s = q.stem.clone();
    let mut body = |b: &Body| match b {
        Body::Options(o) => o.iter().for_each(|c| {
            s.push('\n');
            s.push_str(&c.text);
        }),
        Body::Statements(st) => st.iter().for_each(|c| {
            s.push('\n');
            s.push_str(&c.text);
        }),
        _ => {}
    };
    match &q.body {
        Body::Parts(parts) => parts.iter().for_each(|p| body(&p.body)),
        b => body(b),
    }
    if let Body::Parts(parts) = &q.body {
        for p in parts {
            s.push('\n');
            s.push_str(&p.label);
        }
    }
    s.to_lowercase()
}

/// The text a card's row shows: the statement, or the stem (and part label).
fn card_text(exam: &crate::deck::Exam, i: usize) -> String {
    let c = &exam.cards[i];
    let q = exam.card_question(c);
    match c.kind {
        CardKind::TrueFalse => exam.card_statement(c).map(|s| s.text.clone()).unwrap_or_default(),
        _ => exam.card_part(c).map_or_else(|| q.stem.clone(), |p| format!("{} — {}", q.stem, p.label)),
    }
}

impl DeckRows {
    /// Builds the rows of a deck.
    pub fn build(deck: &Deck) -> DeckRows {
        let exam = &deck.exam;
        let id: Arc<str> = Arc::from(deck.id.as_str());
        let mut out = DeckRows::default();
        for q in exam.questions() {
            let start = out.text.len();
            out.text.push_str(&question_text(q));
            out.text.push('\u{0}');
            let range = start..out.text.len();
            for i in q.cards.clone() {
                let c = &exam.cards[i];
                out.rows.push(Row {
                    deck: id.clone(),
                    index: i,
                    id: c.id.0.clone(),
                    question: q.number,
                    preview: crate::markup::plain_preview(&card_text(exam, i), 160),
                    text: range.clone(),
                });
            }
        }
        out
    }

    /// Question text ranges (as row `text` starts) that contain `needle` (lower case).
    fn matching(&self, needle: &str) -> Vec<usize> {
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        let hay = self.text.as_bytes();
        let mut starts = Vec::new();
        let mut from = 0;
        while let Some(pos) = finder.find(&hay[from..]) {
            let at = from + pos;
            // The question whose range holds `at`: rows are in text order.
            let i = self.rows.partition_point(|r| r.text.end <= at);
            if let Some(r) = self.rows.get(i) {
                starts.push(r.text.start);
                from = r.text.end;
            } else {
                break;
            }
        }
        starts
    }
}

/// A term of a browse search.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Term {
    /// `deck:ID` (also matches the deck's name).
    Deck(String),
    /// `topic:NAME`.
    Topic(String),
    /// `q:N`.
    Question(u32),
    /// `is:…`.
    Is(Is),
    /// Free text or a card id.
    Text(String),
}

/// The `is:` filters.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Is {
    /// Due today.
    Due,
    /// Never studied.
    New,
    /// Suspended.
    Suspended,
    /// Marked contested in the key.
    Contested,
    /// 4 or more lapses.
    Leech,
    /// No answer in the key.
    Unanswered,
    /// Being relearnt today.
    Relearning,
}

/// A parsed search: every term must match (or, when negated, must not).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Query {
    /// (negated, term).
    pub terms: Vec<(bool, Term)>,
    /// Words that looked like a filter but are not one (`is:dew`), to tell the student.
    pub unknown: Vec<String>,
}

/// Splits on spaces, keeping `"…"` together (quotes removed).
fn words(s: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut quoted = false;
    for c in s.chars() {
        match c {
            '"' => quoted = !quoted,
            c if c.is_whitespace() && !quoted => {
                if !cur.is_empty() {
                    out.push(std::mem::take(&mut cur));
                }
            }
            c => cur.push(c),
        }
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

impl Query {
    /// Parses the search box's text.
    pub fn parse(s: &str) -> Query {
        let mut q = Query::default();
        for w in words(s) {
            let (neg, w) = match w.strip_prefix('-') {
                Some(rest) if !rest.is_empty() => (true, rest.to_string()),
                _ => (false, w),
            };
            let lower = w.to_lowercase();
            let term = if let Some(v) = lower.strip_prefix("deck:") {
                Term::Deck(v.to_string())
            } else if let Some(v) = lower.strip_prefix("topic:") {
                Term::Topic(v.to_string())
            } else if let Some(v) = lower.strip_prefix("q:") {
                match v.parse() {
                    Ok(n) => Term::Question(n),
                    Err(_) => {
                        q.unknown.push(w);
                        continue;
                    }
                }
            } else if let Some(v) = lower.strip_prefix("is:") {
                let is = match v {
                    "due" => Is::Due,
                    "new" => Is::New,
                    "suspended" => Is::Suspended,
                    "contested" => Is::Contested,
                    "leech" => Is::Leech,
                    "unanswered" => Is::Unanswered,
                    "relearning" => Is::Relearning,
                    _ => {
                        q.unknown.push(w);
                        continue;
                    }
                };
                Term::Is(is)
            } else {
                Term::Text(lower)
            };
            q.terms.push((neg, term));
        }
        q
    }
}

/// How the rows are ordered.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Sort {
    /// As in the exams.
    #[default]
    Exam,
    /// Soonest due first; new cards last.
    Due,
    /// Longest interval first.
    Interval,
    /// Lowest easiness first.
    Ease,
    /// Most lapses first.
    Lapses,
}

/// Runs a search over every deck's rows: indices (deck index in `decks`, row index) in order.
pub(crate) fn search(
    decks: &[(&Deck, &DeckRows)],
    col: &Collection,
    query: &Query,
    sort: Sort,
    today: NaiveDate,
) -> Vec<(u32, u32)> {
    let mut out: Vec<(u32, u32)> = Vec::new();
    for (di, (deck, rows)) in decks.iter().enumerate() {
        let deck_ok = query.terms.iter().all(|(neg, t)| match t {
            Term::Deck(d) => (deck.id.to_lowercase() == *d || deck.name.to_lowercase() == *d) != *neg,
            _ => true,
        });
        if !deck_ok {
            continue;
        }
        // Free text: the question ranges that hold every word (or none, when negated).
        let mut allowed: Option<Vec<usize>> = None;
        let mut banned: Vec<usize> = Vec::new();
        for (neg, t) in &query.terms {
            if let Term::Text(w) = t {
                let mut m = rows.matching(w);
                // A card id is also a match for its rows.
                m.extend(rows.rows.iter().filter(|r| r.id == *w).map(|r| r.text.start));
                m.sort_unstable();
                m.dedup();
                if *neg {
                    banned.extend(m);
                } else {
                    allowed = Some(match allowed {
                        None => m,
                        Some(prev) => prev.into_iter().filter(|s| m.binary_search(s).is_ok()).collect(),
                    });
                }
            }
        }
        banned.sort_unstable();
        let meta = col.decks.get(&deck.id);
        let needs_state =
            query.terms.iter().any(|(_, t)| matches!(t, Term::Is(i) if !matches!(i, Is::Contested | Is::Unanswered)));
        for (ri, r) in rows.rows.iter().enumerate() {
            if let Some(a) = &allowed
                && a.binary_search(&r.text.start).is_err()
            {
                continue;
            }
            if banned.binary_search(&r.text.start).is_ok() {
                continue;
            }
            let card = &deck.exam.cards[r.index];
            let st: Option<&CardState> = if needs_state { meta.and_then(|m| m.cards.get(&r.id)) } else { None };
            let ok = query.terms.iter().all(|(neg, t)| {
                let hit = match t {
                    Term::Deck(_) | Term::Text(_) => return true,
                    Term::Topic(tp) => deck.exam.card_question(card).topics.iter().any(|x| x.to_lowercase() == *tp),
                    Term::Question(n) => r.question == *n,
                    Term::Is(Is::Contested) => card.contested.is_some(),
                    Term::Is(Is::Unanswered) => card.answer.is_none(),
                    Term::Is(Is::Due) => st.is_some_and(|s| s.is_active() && s.is_due(today)),
                    Term::Is(Is::New) => st.is_none_or(CardState::is_new),
                    Term::Is(Is::Suspended) => st.is_some_and(|s| s.suspended),
                    Term::Is(Is::Leech) => st.is_some_and(|s| s.lapses >= LEECH_LAPSES),
                    Term::Is(Is::Relearning) => st.is_some_and(|s| s.in_relearning(today)),
                };
                hit != *neg
            });
            if ok {
                out.push((di as u32, ri as u32));
            }
        }
    }
    if sort != Sort::Exam {
        let state = |&(d, r): &(u32, u32)| {
            let (deck, rows) = decks[d as usize];
            col.card(&deck.id, &rows.rows[r as usize].id)
        };
        let mut keyed: Vec<(i64, (u32, u32))> = out
            .into_iter()
            .map(|k| {
                let st = state(&k);
                let key = match sort {
                    Sort::Exam => 0,
                    Sort::Due => {
                        st.and_then(|s| s.due).map_or(i64::MAX, |d| i64::from(chrono::Datelike::num_days_from_ce(&d)))
                    }
                    Sort::Interval => -i64::from(st.map_or(0, |s| s.sm2.interval_days)),
                    Sort::Ease => st.map_or(250, |s| s.sm2.easiness_hundredths()),
                    Sort::Lapses => -i64::from(st.map_or(0, |s| s.lapses)),
                };
                (key, k)
            })
            .collect();
        keyed.sort_by_key(|(key, _)| *key);
        out = keyed.into_iter().map(|(_, k)| k).collect();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn queries_parse_filters_quotes_and_negation() {
        let q = Query::parse(r#"deck:cs182 is:due -is:suspended q:16 "learning rate" is:dew"#);
        assert_eq!(
            q.terms,
            vec![
                (false, Term::Deck("cs182".into())),
                (false, Term::Is(Is::Due)),
                (true, Term::Is(Is::Suspended)),
                (false, Term::Question(16)),
                (false, Term::Text("learning rate".into())),
            ]
        );
        assert_eq!(q.unknown, vec!["is:dew".to_string()]);
    }
}
