//! Exports a deck to another program's format: Anki text, Moodle GIFT, Moodle XML, CSV, or
//! examdeck's own Markdown. Each writer is a pure function of the exam (and, where the format
//! carries it, the cards' schedule); what a format cannot express is said in the file itself.

mod anki;
mod csv_out;
mod gift;
mod markdown;
mod moodle_xml;

use crate::deck::{Answer, Body, Card, CardKind, Exam};
use crate::model::CardState;
use std::collections::BTreeMap;

/// A format examdeck writes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    /// Anki's text import (`#html:true`, a tags column).
    Anki,
    /// Moodle GIFT.
    Gift,
    /// Moodle XML.
    MoodleXml,
    /// One row per card.
    Csv,
    /// examdeck's own exam format (with a key file when topics, rules or contested notes need one).
    Markdown,
}

impl Target {
    /// Every target, as `--to` lists them.
    pub const ALL: [Target; 5] = [Target::Anki, Target::Gift, Target::MoodleXml, Target::Csv, Target::Markdown];

    /// The name `--to` takes.
    pub fn name(self) -> &'static str {
        match self {
            Target::Anki => "anki",
            Target::Gift => "gift",
            Target::MoodleXml => "moodle-xml",
            Target::Csv => "csv",
            Target::Markdown => "markdown",
        }
    }

    /// The target named `s`.
    pub fn from_name(s: &str) -> Option<Target> {
        Target::ALL.into_iter().find(|t| t.name() == s.trim().to_ascii_lowercase())
    }

    /// The file extension the export is written with.
    pub fn extension(self) -> &'static str {
        match self {
            Target::Anki => "txt",
            Target::Gift => "gift",
            Target::MoodleXml => "xml",
            Target::Csv => "csv",
            Target::Markdown => "md",
        }
    }
}

/// What to export.
pub struct Source<'a> {
    /// The deck's name (Anki's `#deck:`).
    pub name: &'a str,
    /// The exam.
    pub exam: &'a Exam,
    /// The cards' states by id (the schedule), when it is to be included.
    pub states: Option<&'a BTreeMap<String, CardState>>,
}

/// A written export.
#[derive(Debug, Default, PartialEq)]
pub struct Exported {
    /// The file's text.
    pub text: String,
    /// A key file to write beside it (Markdown with topics, rules or contested notes).
    pub key: Option<String>,
    /// Images the text references by name, to be written beside it.
    pub images: Vec<String>,
}

/// Writes `src` in `target`.
pub fn export(src: &Source<'_>, target: Target) -> Exported {
    let mut out = match target {
        Target::Anki => Exported { text: anki::write(src), ..Default::default() },
        Target::Gift => Exported { text: gift::write(src.exam), ..Default::default() },
        Target::MoodleXml => Exported { text: moodle_xml::write(src.exam), ..Default::default() },
        Target::Csv => Exported { text: csv_out::write(src), ..Default::default() },
        Target::Markdown => {
            let (text, key) = markdown::write(src.exam);
            Exported { text, key, ..Default::default() }
        }
    };
    out.images = src.exam.images.iter().map(|i| i.path.clone()).collect();
    out.images.dedup();
    out
}

/// `$…$` as `\(…\)` and `$$…$$` as `\[…\]` (Anki and Moodle render those), outside code spans;
/// `\$` stays a dollar sign.
pub(crate) fn tex_delimiters(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len() + 8);
    let mut i = 0;
    let mut open: Option<&str> = None;
    let mut copied = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 1 + s[i + 1..].chars().next().map_or(0, char::len_utf8),
            b'`' if open.is_none() => {
                let ticks = b[i..].iter().take_while(|&&c| c == b'`').count();
                let close = s[i + ticks..].find(&"`".repeat(ticks)).map(|j| i + ticks + j + ticks);
                i = close.unwrap_or(b.len());
            }
            b'$' => {
                let display = b.get(i + 1) == Some(&b'$');
                let (rep, n) = match (open, display) {
                    (None, true) => (r"\[", 2),
                    (None, false) => (r"\(", 1),
                    (Some("$$"), true) => (r"\]", 2),
                    (Some(_), _) => (r"\)", 1),
                };
                // An unclosed `$` is left as written.
                if open.is_none() && !closes(s, i + n, if display { "$$" } else { "$" }) {
                    i += n;
                    continue;
                }
                out.push_str(&s[copied..i]);
                out.push_str(rep);
                i += n;
                copied = i;
                open = match open {
                    None => Some(if display { "$$" } else { "$" }),
                    Some(_) => None,
                };
            }
            _ => i += 1,
        }
    }
    out.push_str(&s[copied.min(s.len())..]);
    out
}

/// Whether an unescaped `delim` follows `from`.
fn closes(s: &str, from: usize, delim: &str) -> bool {
    let b = s.as_bytes();
    let mut i = from;
    while i < b.len() {
        if b[i] == b'\\' {
            i += 1 + s[i + 1..].chars().next().map_or(0, char::len_utf8);
            continue;
        }
        if b[i..].starts_with(delim.as_bytes()) {
            return true;
        }
        i += 1;
    }
    false
}

/// The letter of option `n` (1-based): `A`, `B`, …
pub(crate) fn letter(n: usize) -> char {
    (b'A' + ((n.saturating_sub(1)) % 26) as u8) as char
}

/// The answer of a card in words: `B. the text`, `True`, the solution.
pub(crate) fn answer_text(exam: &Exam, card: &Card) -> Option<String> {
    match (card.kind, card.answer?) {
        (CardKind::Single, Answer::Choice(n)) => {
            let text = exam.card_choices(card).get(n as usize - 1).map_or("", |c| c.text.as_str());
            Some(format!("{}. {text}", letter(n as usize)))
        }
        (CardKind::TrueFalse, Answer::Tf(v)) => Some(if v { "True" } else { "False" }.to_string()),
        (CardKind::Free, _) => card.solution.clone(),
        _ => None,
    }
}

/// The statement of a true/false card, when it has one of its own (not a one-statement question).
pub(crate) fn statement(exam: &Exam, card: &Card) -> Option<String> {
    exam.card_statement(card).map(|s| s.text.clone()).filter(|t| !t.is_empty())
}

/// Whether a question (or part) body is multiple-select.
pub(crate) fn is_select(exam: &Exam, card: &Card) -> bool {
    match exam.card_part(card) {
        Some(p) => p.select_all,
        None => exam.card_question(card).select_all,
    }
}

/// The stem a card is asked with: the question's stem, and the part's label after it.
pub(crate) fn prompt(exam: &Exam, card: &Card) -> String {
    let q = exam.card_question(card);
    match exam.card_part(card) {
        Some(p) if !p.label.is_empty() => format!("{}\n\n({}) {}", q.stem, p.letter, p.label),
        Some(p) => format!("{}\n\n({})", q.stem, p.letter),
        None => q.stem.clone(),
    }
}

/// A multiple-select question (or part) as GIFT and Moodle XML write it: one question whose
/// options carry weights, right ones sharing +100 % and wrong ones −100 %.
pub(crate) struct SelectGroup<'a> {
    /// Its cards, one per option.
    pub cards: &'a [Card],
    /// Its name: the card ids without the option number (`3`, `3.a`).
    pub name: &'a str,
    right: usize,
    wrong: usize,
}

impl<'a> SelectGroup<'a> {
    /// The group whose first card is `exam.cards[i]`.
    pub(crate) fn at(exam: &'a Exam, i: usize) -> SelectGroup<'a> {
        let n = statements_in(exam, &exam.cards[i]).max(1);
        let cards = &exam.cards[i..(i + n).min(exam.cards.len())];
        let right = cards.iter().filter(|c| c.answer == Some(Answer::Tf(true))).count().max(1);
        let wrong = cards.len().saturating_sub(right).max(1);
        let id = exam.cards[i].id.as_str();
        SelectGroup { cards, name: id.rsplit_once('.').map_or(id, |(h, _)| h), right, wrong }
    }

    /// The weight of option card `c`, in percent.
    pub(crate) fn weight(&self, c: &Card) -> f64 {
        if c.answer == Some(Answer::Tf(true)) { 100.0 / self.right as f64 } else { -100.0 / self.wrong as f64 }
    }
}

/// The number of statements of the body a card belongs to.
pub(crate) fn statements_in(exam: &Exam, card: &Card) -> usize {
    let body = match exam.card_part(card) {
        Some(p) => &p.body,
        None => &exam.card_question(card).body,
    };
    match body {
        Body::Statements(s) => s.len(),
        _ => 0,
    }
}

#[cfg(test)]
mod tests;
