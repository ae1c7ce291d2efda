//! The parsed exam as plain data: sections, questions, parts, options, statements, and the cards
//! derived from them. Nothing here does I/O; the importer builds these values and every other module
//! reads them.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A whole exam: its instructions, duration, sections and the cards derived from its questions.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Exam {
    /// Everything before the first section heading or question (the exam's own instructions).
    pub instructions: String,
    /// Duration stated in the instructions, in minutes.
    pub duration_minutes: Option<u32>,
    /// The exam's date, from an `Exam date: YYYY-MM-DD` line of the instructions.
    #[serde(default)]
    pub exam_date: Option<chrono::NaiveDate>,
    /// Sections in exam order; questions before any heading live in an untitled first section.
    pub sections: Vec<Section>,
    /// One card per single-answer question or part and per true/false statement, in exam order.
    pub cards: Vec<Card>,
    /// Images referenced by the exam text, relative to the exam file.
    pub images: Vec<ImageRef>,
}

/// A section of the exam, such as "Multiple Choice (True False)".
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Section {
    /// The number written before the title, if any.
    pub number: Option<u32>,
    /// The title as the exam writes it, without its number.
    pub title: String,
    /// Text between the heading and the first question.
    pub instructions: String,
    /// 1-based line of the heading (0 for the implicit first section).
    pub line: usize,
    /// The questions of this section, in order.
    pub questions: Vec<Question>,
}

/// One numbered question.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Question {
    /// The number the exam gives it (card ids start with it).
    pub number: u32,
    /// Points the question is worth.
    pub points: f64,
    /// 1-based line of the question's heading.
    pub line: usize,
    /// The stem, Markdown with LaTeX math, line breaks kept.
    pub stem: String,
    /// Options, statements or parts.
    pub body: Body,
    /// Topic tags from the key file.
    pub topics: Vec<String>,
    /// How the question is scored.
    pub rule: Rule,
    /// Its cards: a range of indices into `Exam::cards` (cards are in exam order).
    pub cards: std::ops::Range<usize>,
    /// A multiple-select question ("select all that apply"): its options are true/false cards.
    #[serde(default)]
    pub select_all: bool,
}

/// What a question or part asks the student to mark.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub enum Body {
    /// Nothing to answer was found (an error in a finished exam).
    #[default]
    Empty,
    /// A free-response question: the student writes an answer and marks it against the solution.
    Free,
    /// Choose one of several options.
    Options(Vec<Choice>),
    /// Mark each statement true or false.
    Statements(Vec<Statement>),
    /// Lettered parts, each with its own options or statements.
    Parts(Vec<Part>),
}

/// A lettered part of a question, such as Q31(b).
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Part {
    /// The part's letter, `a` for `(a)`.
    pub letter: char,
    /// Points the part is worth.
    pub points: f64,
    /// The label after the points (`Line 1:`, `α`, `ReLU`).
    pub label: String,
    /// 1-based line of the part's heading.
    pub line: usize,
    /// Options or statements (never nested parts).
    pub body: Body,
    /// A multiple-select part: its options are true/false cards.
    #[serde(default)]
    pub select_all: bool,
    /// A subpart's roman numeral (`i` of `3.b.i`), after the part letter.
    #[serde(default)]
    pub sub: Option<String>,
}

/// An option of a single-answer question or part.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Choice {
    /// The option's text.
    pub text: String,
    /// 1-based line of the option.
    pub line: usize,
    /// Whether its box was marked in the file (a solution file).
    pub marked: bool,
}

/// A true/false statement.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Statement {
    /// The statement's text, with any lines that follow it (display math).
    pub text: String,
    /// 1-based line of the statement.
    pub line: usize,
    /// `Some(true)` when the T box was marked, `Some(false)` for F.
    pub marked: Option<bool>,
}

/// How a question's points are computed from its cards.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rule {
    /// The exam's default: single answers earn all or nothing; T/F statements earn or lose
    /// points ÷ n each, blanks free, each question (or each part) clipped at 0.
    #[default]
    Standard,
    /// The parts form an ordering: each part earns its points when right, but the whole question
    /// scores 0 unless every part is answered and no two parts share an answer (Q30).
    Permutation,
}

/// Whether a card asks for one option, for true/false, or for a written answer.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CardKind {
    /// Choose one option.
    Single,
    /// Mark true or false.
    TrueFalse,
    /// Write an answer, then mark it against the solution.
    Free,
}

/// How the student marked a written answer against the solution.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Mark {
    /// All of it: full points.
    Right,
    /// Half of it: half the points.
    Half,
    /// Not it: no points.
    Wrong,
}

impl Mark {
    /// The share of the card's points the mark earns.
    pub fn share(self) -> f64 {
        match self {
            Mark::Right => 1.0,
            Mark::Half => 0.5,
            Mark::Wrong => 0.0,
        }
    }
}

/// A card's answer: an option (1-based), true/false, or — for a free card — "has a written
/// solution" as the key and the student's own mark as a response.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Answer {
    /// The 1-based option number.
    Choice(u32),
    /// True or false.
    Tf(bool),
    /// The key of a free card: it has a written solution to mark against.
    Written,
    /// A free card's response, as the student marked it.
    Mark(Mark),
}

impl fmt::Display for Answer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Answer::Choice(n) => write!(f, "{n}"),
            Answer::Tf(true) => f.write_str("T"),
            Answer::Tf(false) => f.write_str("F"),
            Answer::Written => f.write_str("written"),
            Answer::Mark(Mark::Right) => f.write_str("right"),
            Answer::Mark(Mark::Half) => f.write_str("half"),
            Answer::Mark(Mark::Wrong) => f.write_str("wrong"),
        }
    }
}

impl Answer {
    /// Parses the written form used by `check --json`, key files and response files: `"4"`,
    /// `"T"`, `"f"`; for a free card `right`, `half` or `wrong` (a response) or `written` (a key).
    pub fn parse(s: &str, kind: CardKind) -> Option<Answer> {
        let s = s.trim();
        match kind {
            CardKind::TrueFalse => match s.to_ascii_lowercase().as_str() {
                "t" | "true" => Some(Answer::Tf(true)),
                "f" | "false" => Some(Answer::Tf(false)),
                _ => None,
            },
            CardKind::Single => s.parse::<u32>().ok().filter(|n| *n >= 1).map(Answer::Choice),
            CardKind::Free => match s.to_ascii_lowercase().as_str() {
                "right" => Some(Answer::Mark(Mark::Right)),
                "half" => Some(Answer::Mark(Mark::Half)),
                "wrong" => Some(Answer::Mark(Mark::Wrong)),
                "written" => Some(Answer::Written),
                _ => None,
            },
        }
    }

    /// Whether a response is right for the key `key`: the same option or mark; a free card's
    /// response is right when marked Right.
    pub fn is_right_for(self, key: Answer) -> bool {
        match (self, key) {
            (Answer::Mark(m), Answer::Written) => m == Mark::Right,
            (a, k) => a == k,
        }
    }
}

/// A stable card id: `1`, `16.2`, `30.a`, `32.c.4`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct CardId(pub String);

impl CardId {
    /// Builds the id of a card from its question number, part letter and statement index.
    pub fn new(question: u32, part: Option<char>, statement: Option<usize>) -> CardId {
        let mut s = question.to_string();
        if let Some(p) = part {
            s.push('.');
            s.push(p);
        }
        if let Some(k) = statement {
            s.push('.');
            s.push_str(&k.to_string());
        }
        CardId(s)
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The question number the id starts with.
    pub fn question(&self) -> Option<u32> {
        self.0.split('.').next()?.parse().ok()
    }
}

impl fmt::Display for CardId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Where a card sits in the exam: indices into sections, questions, parts and statements. Kept
/// as `u32` (a large exam holds tens of thousands of cards); read them through the methods.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CardPos {
    /// Index of the section in `Exam::sections`.
    pub section: u32,
    /// Index of the question within its section.
    pub question: u32,
    /// Index of the part within the question, if any.
    pub part: Option<u32>,
    /// Index (0-based) of the statement, for a T/F card.
    pub statement: Option<u32>,
}

impl CardPos {
    /// The position of card `statement` of part `part` of question `question` of section `section`.
    pub fn new(section: usize, question: usize, part: Option<usize>, statement: Option<usize>) -> CardPos {
        let n = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        CardPos { section: n(section), question: n(question), part: part.map(n), statement: statement.map(n) }
    }

    /// Index of the section.
    pub fn section(&self) -> usize {
        self.section as usize
    }

    /// Index of the question within its section.
    pub fn question(&self) -> usize {
        self.question as usize
    }

    /// Index of the part, if any.
    pub fn part(&self) -> Option<usize> {
        self.part.map(|p| p as usize)
    }

    /// Index of the statement, if any.
    pub fn statement(&self) -> Option<usize> {
        self.statement.map(|p| p as usize)
    }
}

/// One flashcard: a single-answer question or part, or a T/F statement.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Card {
    /// The stable id.
    pub id: CardId,
    /// Single answer or true/false.
    pub kind: CardKind,
    /// Points the card carries: the question's or part's points for a single answer, the
    /// per-statement weight for a T/F card.
    pub points: f64,
    /// Where it sits in the exam.
    pub pos: CardPos,
    /// 1-based line of the option list's question/part or of the statement.
    pub line: usize,
    /// The answer, from marked boxes or the key file.
    pub answer: Option<Answer>,
    /// Why the answer is right, from `Solution:` lines or the key file.
    pub explanation: Option<String>,
    /// When the answer could be argued either way: the note explaining the other reading.
    pub contested: Option<String>,
    /// A free card's model solution, to mark a written answer against.
    #[serde(default)]
    pub solution: Option<String>,
}

/// An image referenced from the exam text.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ImageRef {
    /// The path as written, relative to the exam file.
    pub path: String,
    /// 1-based line where it is referenced.
    pub line: usize,
}

impl Exam {
    /// All questions in exam order.
    pub fn questions(&self) -> impl Iterator<Item = &Question> {
        self.sections.iter().flat_map(|s| s.questions.iter())
    }

    /// The question with this number.
    pub fn question(&self, number: u32) -> Option<&Question> {
        self.questions().find(|q| q.number == number)
    }

    /// The card with this id.
    pub fn card(&self, id: &str) -> Option<&Card> {
        self.cards.iter().find(|c| c.id.0 == id)
    }

    /// Index of the card with this id in `cards`.
    pub fn card_index(&self, id: &str) -> Option<usize> {
        self.cards.iter().position(|c| c.id.0 == id)
    }

    /// The maximum score: the sum of the questions' points.
    pub fn total_points(&self) -> f64 {
        self.questions().map(|q| q.points).sum()
    }

    /// Number of questions.
    pub fn question_count(&self) -> usize {
        self.sections.iter().map(|s| s.questions.len()).sum()
    }

    /// The question a card belongs to.
    pub fn card_question(&self, card: &Card) -> &Question {
        &self.sections[card.pos.section()].questions[card.pos.question()]
    }

    /// The part a card belongs to, if any.
    pub fn card_part(&self, card: &Card) -> Option<&Part> {
        let q = self.card_question(card);
        match (&q.body, card.pos.part()) {
            (Body::Parts(parts), Some(i)) => parts.get(i),
            _ => None,
        }
    }

    /// The options a single-answer card chooses from (empty for a T/F card).
    pub fn card_choices(&self, card: &Card) -> &[Choice] {
        let body = match self.card_part(card) {
            Some(p) => &p.body,
            None => &self.card_question(card).body,
        };
        match body {
            Body::Options(o) => o,
            _ => &[],
        }
    }

    /// The statement of a T/F card.
    pub fn card_statement(&self, card: &Card) -> Option<&Statement> {
        let body = match self.card_part(card) {
            Some(p) => &p.body,
            None => &self.card_question(card).body,
        };
        match (body, card.pos.statement()) {
            (Body::Statements(s), Some(i)) => s.get(i),
            _ => None,
        }
    }

    /// Indices into `cards` of the cards of question `number`, in order.
    pub fn question_cards(&self, number: u32) -> Vec<usize> {
        self.question(number).map(|q| q.cards.clone().collect()).unwrap_or_default()
    }

    /// The text a card shows to the student: the option list's prompt or the statement. Used for
    /// content hashes, so progress follows a card's text rather than its position.
    pub fn card_text(&self, card: &Card) -> String {
        let q = self.card_question(card);
        let mut s = q.stem.clone();
        if let Some(p) = self.card_part(card) {
            s.push('\n');
            s.push_str(&p.label);
        }
        match card.kind {
            CardKind::Single => {
                for c in self.card_choices(card) {
                    s.push('\n');
                    s.push_str(&c.text);
                }
            }
            CardKind::TrueFalse => {
                if let Some(st) = self.card_statement(card) {
                    s.push('\n');
                    s.push_str(&st.text);
                }
            }
            CardKind::Free => {}
        }
        s
    }
}

/// A 64-bit FNV-1a hash of `text` with all whitespace removed, so re-flowed text hashes the same.
pub fn content_hash(text: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in text.chars().filter(|c| !c.is_whitespace()).flat_map(|c| {
        let mut buf = [0u8; 4];
        let n = c.encode_utf8(&mut buf).len();
        buf.into_iter().take(n)
    }) {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn card_ids_join_with_dots() {
        assert_eq!(CardId::new(1, None, None).as_str(), "1");
        assert_eq!(CardId::new(16, None, Some(2)).as_str(), "16.2");
        assert_eq!(CardId::new(30, Some('a'), None).as_str(), "30.a");
        assert_eq!(CardId::new(32, Some('c'), Some(4)).as_str(), "32.c.4");
        assert_eq!(CardId::new(32, Some('c'), Some(4)).question(), Some(32));
    }

    #[test]
    fn answers_round_trip_their_written_form() {
        assert_eq!(Answer::Choice(4).to_string(), "4");
        assert_eq!(Answer::Tf(true).to_string(), "T");
        assert_eq!(Answer::parse("f", CardKind::TrueFalse), Some(Answer::Tf(false)));
        assert_eq!(Answer::parse("0", CardKind::Single), None);
        assert_eq!(Answer::parse("T", CardKind::Single), None);
        assert_eq!(Answer::parse("3", CardKind::Single), Some(Answer::Choice(3)));
        assert_eq!(Answer::parse("Half", CardKind::Free), Some(Answer::Mark(Mark::Half)));
        assert_eq!(Answer::Written.to_string(), "written");
        assert!(Answer::Mark(Mark::Right).is_right_for(Answer::Written));
        assert!(!Answer::Mark(Mark::Half).is_right_for(Answer::Written));
    }

    #[test]
    fn content_hash_ignores_whitespace_only() {
        assert_eq!(content_hash("a b\n c"), content_hash("abc"));
        assert_ne!(content_hash("abc"), content_hash("abd"));
    }
}
