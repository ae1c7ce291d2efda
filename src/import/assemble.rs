//! The second pass of the importer: classified lines assembled into sections, questions, parts,
//! options, statements, answer lines and explanations. `finish` then decides what each question
//! is (single answer, true/false, multiple-select, free response) and builds the cards.

use super::lines::{self, Kind, Points, PointsError};
use super::{Diagnostic, Fix, Parsed, latex, normalize, quote};
use crate::deck::ImageRef;
use std::collections::HashSet;

/// A line as the assembler keeps it: its number and its text for display.
#[derive(Clone, Debug, Default)]
pub(crate) struct Src {
    pub(crate) line: usize,
    pub(crate) text: String,
}

#[derive(Default)]
pub(crate) struct OptB {
    pub(crate) line: usize,
    pub(crate) marked: bool,
    pub(crate) text: Vec<String>,
}

/// A line that may start an option: `(A)`, `B.`, `c)`, `(1)`.
#[derive(Default)]
pub(crate) struct CandB {
    pub(crate) line: usize,
    /// The letter (0 = A) and whether it is upper case; `None` for a number.
    pub(crate) letter: Option<(u32, bool)>,
    pub(crate) number: Option<u32>,
    /// The option's text, when it is taken as one.
    pub(crate) text: Vec<String>,
    /// The lines as written, when it is not.
    pub(crate) raw: Vec<String>,
}

#[derive(Default)]
pub(crate) struct StatementB {
    pub(crate) line: usize,
    pub(crate) marked: Option<bool>,
    pub(crate) text: Vec<String>,
    pub(crate) solution: Option<Vec<String>>,
}

/// An answer line and the text after it.
pub(crate) struct AnswerB {
    pub(crate) src: Src,
    pub(crate) value: String,
    pub(crate) after: Vec<String>,
}

/// What a question or part holds besides its text.
#[derive(Default)]
pub(crate) struct Items {
    pub(crate) options: Vec<OptB>,
    pub(crate) cands: Vec<CandB>,
    pub(crate) statements: Vec<StatementB>,
    pub(crate) solution: Option<Vec<String>>,
    pub(crate) answers: Vec<AnswerB>,
}

impl Items {
    pub(crate) fn has_structure(&self) -> bool {
        !self.options.is_empty() || !self.statements.is_empty()
    }
}

#[derive(Default)]
pub(crate) struct PartB {
    pub(crate) letter: char,
    pub(crate) points: f64,
    pub(crate) line: usize,
    pub(crate) label: Vec<String>,
    pub(crate) items: Items,
}

#[derive(Default)]
pub(crate) struct QuestionB {
    pub(crate) number: u32,
    pub(crate) points: f64,
    pub(crate) src: Src,
    pub(crate) stem: Vec<String>,
    pub(crate) items: Items,
    pub(crate) parts: Vec<PartB>,
}

#[derive(Default)]
pub(crate) struct SectionB {
    pub(crate) number: Option<u32>,
    pub(crate) title: String,
    pub(crate) line: usize,
    pub(crate) intro: Vec<String>,
    /// The question being read (at most one: a question is settled when the next one starts).
    pub(crate) questions: Vec<QuestionB>,
    /// Questions already read and turned into their final form with their cards, so that a
    /// large exam is never held twice, as lines and as questions.
    pub(crate) done: Vec<super::finish::Settled>,
}

/// Where free text goes: the element that the last structure line opened.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Target {
    Preamble,
    SectionIntro,
    Stem,
    PartLabel,
    Option,
    Cand,
    Statement,
    Solution,
    AfterAnswer,
}

/// A `<details>` block being read: its lines, until `</details>` decides what they are.
struct Details {
    lines: Vec<(Src, Kind)>,
}

/// Whether any question of the file gives its points; if none does, every question is worth 1.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Points,
    NoPoints,
}

pub(crate) struct Builder {
    mode: Mode,
    pub(crate) preamble: Vec<String>,
    pub(crate) sections: Vec<SectionB>,
    target: Target,
    pub(crate) diags: Vec<Diagnostic>,
    pub(crate) images: Vec<ImageRef>,
    /// The cards of the questions settled so far, in exam order.
    pub(crate) cards: Vec<crate::deck::Card>,
    numbers: HashSet<u32>,
    highest: u32,
    last_question: Option<u32>,
    last_section: u32,
    details: Option<Details>,
}

/// Whether any question line of `text` gives points (outside code fences).
fn any_points(text: &str) -> bool {
    let mut in_fence = false;
    for raw in text.split('\n') {
        let t = raw.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            in_fence = !in_fence;
            continue;
        }
        if in_fence || t.is_empty() {
            continue;
        }
        if let (_, Kind::Question { points: Points::Given(_) | Points::Unreadable(_), .. }) =
            lines::classify(raw, false, 0)
        {
            return true;
        }
    }
    false
}

impl Builder {
    /// Turns the question being read into its final form: nothing can add to it once the next
    /// question or section starts.
    pub(crate) fn settle(&mut self) {
        let si = self.sections.len().saturating_sub(1);
        let Some(sec) = self.sections.last_mut() else { return };
        let Some(qb) = sec.questions.pop() else { return };
        let qi = sec.done.len();
        // Grown by a quarter at a time rather than doubled: for a large exam these two lists are
        // most of its memory, and doubling would leave up to half of them empty at the peak.
        if self.cards.capacity() - self.cards.len() < 256 {
            self.cards.reserve_exact((self.cards.len() / 4).max(256));
        }
        if sec.done.capacity() == sec.done.len() {
            sec.done.reserve_exact((sec.done.len() / 4).max(16));
        }
        sec.done.push(super::finish::settle(qb, si, qi, &mut self.diags, &mut self.cards));
    }

    fn question(&mut self) -> Option<&mut QuestionB> {
        self.sections.last_mut()?.questions.last_mut()
    }

    /// The items that new options go into: the last part's, or the question's.
    fn items(&mut self) -> Option<&mut Items> {
        let q = self.question()?;
        Some(match q.parts.last_mut() {
            Some(p) => &mut p.items,
            None => &mut q.items,
        })
    }

    fn push_text(&mut self, text: String) {
        let target = self.target;
        let buf: Option<&mut Vec<String>> = match target {
            Target::Preamble => Some(&mut self.preamble),
            Target::SectionIntro => self.sections.last_mut().map(|s| &mut s.intro),
            Target::Stem => self.question().map(|q| &mut q.stem),
            Target::PartLabel => self.question().and_then(|q| q.parts.last_mut()).map(|p| &mut p.label),
            Target::Option => self.items().and_then(|i| i.options.last_mut()).map(|o| &mut o.text),
            Target::Cand => {
                if let Some(c) = self.items().and_then(|i| i.cands.last_mut()) {
                    c.raw.push(text.clone());
                    Some(&mut c.text)
                } else {
                    None
                }
            }
            Target::Statement => self.items().and_then(|i| i.statements.last_mut()).map(|s| &mut s.text),
            Target::Solution => self.solution_buf(),
            Target::AfterAnswer => self.items().and_then(|i| i.answers.last_mut()).map(|a| &mut a.after),
        };
        if let Some(b) = buf {
            b.push(text);
        }
    }

    /// The explanation buffer of the nearest card before the current line.
    fn solution_buf(&mut self) -> Option<&mut Vec<String>> {
        let items = self.items()?;
        match items.statements.last_mut() {
            Some(s) => s.solution.as_mut(),
            None => items.solution.as_mut(),
        }
    }

    fn open_solution(&mut self, line: usize, first: String) {
        let Some(items) = self.items() else { return };
        let slot = match items.statements.last_mut() {
            Some(s) => &mut s.solution,
            None => &mut items.solution,
        };
        let second = slot.is_some();
        let buf = slot.get_or_insert_with(Vec::new);
        if !buf.is_empty() {
            buf.push(String::new());
        }
        buf.push(first);
        if second {
            self.diags.push(Diagnostic::warning(line, "a second explanation for the same card; both are kept"));
        }
        self.target = Target::Solution;
    }

    /// Takes a question line's number, renumbering a repeat after the highest so far.
    fn number(&mut self, printed: u32, src: &Src) -> u32 {
        let number = if self.numbers.contains(&printed) {
            let n = self.highest + 1;
            self.diags.push(Diagnostic::warning(
                src.line,
                format!(
                    "question {printed} appears twice ({}): this one is read as question {n}; renumber it to silence this",
                    quote(&src.text)
                ),
            ));
            n
        } else {
            match self.last_question {
                Some(last) if printed != last + 1 => self.diags.push(Diagnostic::warning(
                    src.line,
                    format!("question {printed} follows question {last}: numbers skip"),
                )),
                None if printed != 1 => {
                    self.diags.push(Diagnostic::warning(src.line, format!("the first question is numbered {printed}")))
                }
                _ => {}
            }
            printed
        };
        self.numbers.insert(number);
        self.highest = self.highest.max(number);
        self.last_question = Some(number);
        number
    }

    /// Whether a question line without points starts a question, and with what points.
    fn question_points(&mut self, number: u32, points: &Points, rest: &str, strong: bool, src: &Src) -> Option<f64> {
        let next = self.last_question.map_or(1, |n| n + 1);
        match (points, self.mode) {
            (Points::Given(p), _) => Some(*p),
            (Points::Unreadable(u), _) => {
                let msg = format!("question {number}: {} in {}", PointsError::Unreadable(u.clone()), quote(&src.text));
                self.diags.push(Diagnostic::error(src.line, msg));
                Some(0.0)
            }
            (Points::None, Mode::NoPoints) => (strong || number == next).then_some(1.0),
            (Points::None, Mode::Points) => {
                let fix = Fix::line("add (1 point)", src.line, add_points(&src.text, number));
                if number == next && (strong || rest.starts_with('(')) {
                    let msg = format!(
                        "question {number}: points missing in {}: write them after the number, as \"(1 point)\"",
                        quote(&src.text)
                    );
                    self.diags.push(Diagnostic::error(src.line, msg).with_fix(fix));
                    return Some(0.0);
                }
                if number == next && self.question().is_some() {
                    let msg = format!(
                        "{} looks like question {number} but gives no points, so it is read as text of the question before; if it is a question, add its points",
                        quote(&src.text)
                    );
                    self.diags.push(Diagnostic::warning(src.line, msg).with_fix(fix));
                }
                None
            }
        }
    }

    fn start_question(&mut self, printed: u32, points: f64, rest: String, src: Src) {
        if self.sections.is_empty() {
            self.sections.push(SectionB::default());
        }
        let number = self.number(printed, &src);
        let stem = if rest.is_empty() { vec![] } else { vec![rest] };
        self.settle();
        self.sections.last_mut().expect("pushed above").questions.push(QuestionB {
            number,
            points,
            src,
            stem,
            ..Default::default()
        });
        self.target = Target::Stem;
    }

    /// One classified line.
    fn line(&mut self, src: Src, kind: Kind) {
        if let Some(d) = &mut self.details {
            match kind {
                Kind::DetailsClose => self.close_details(src),
                k => d.lines.push((src, k)),
            }
            return;
        }
        let text = src.text.clone();
        match kind {
            Kind::Fence | Kind::Text => self.push_text(text),
            Kind::Section { number, title } => {
                let bare = !text.starts_with('#');
                if bare && number != Some(self.last_section + 1) {
                    return self.push_text(text);
                }
                if let Some(n) = number {
                    self.last_section = n;
                }
                self.settle();
                self.sections.push(SectionB { number, title, line: src.line, ..Default::default() });
                self.target = Target::SectionIntro;
            }
            Kind::Question { number, points, rest, strong } => {
                match self.question_points(number, &points, &rest, strong, &src) {
                    Some(p) => self.start_question(number, p, rest, src),
                    None => self.push_text(text),
                }
            }
            Kind::DetailsOpen if self.question().is_some() => {
                self.details = Some(Details { lines: vec![(src, Kind::DetailsOpen)] })
            }
            // Structure before a section's first question belongs to its instructions.
            _ if self.question().is_none() => self.push_text(text),
            k => self.item_line(src, k),
        }
    }

    /// A line inside a question: a part, an option, a statement, an answer or an explanation.
    fn item_line(&mut self, src: Src, kind: Kind) {
        let no = src.line;
        match kind {
            Kind::Part { letter, points, label } => {
                let points = points.unwrap_or_else(|e| {
                    self.diags.push(Diagnostic::error(no, format!("part ({letter}): {e} in {}", quote(&src.text))));
                    0.0
                });
                let q = self.question().expect("inside a question");
                if q.parts.iter().any(|p| p.letter == letter) {
                    self.diags.push(Diagnostic::error(no, format!("part ({letter}) appears twice in this question")));
                }
                let q = self.question().expect("inside a question");
                let label = if label.is_empty() { vec![] } else { vec![label] };
                q.parts.push(PartB { letter, points, line: no, label, ..Default::default() });
                self.target = Target::PartLabel;
            }
            Kind::Choice { marked, text } => {
                self.items().expect("inside a question").options.push(OptB { line: no, marked, text: vec![text] });
                self.target = Target::Option;
            }
            Kind::Letter { index, upper, text } => {
                let c = CandB {
                    line: no,
                    letter: Some((index, upper)),
                    text: vec![text],
                    raw: vec![src.text],
                    ..Default::default()
                };
                self.items().expect("inside a question").cands.push(c);
                self.target = Target::Cand;
            }
            Kind::Numbered { n, text } => {
                let c =
                    CandB { line: no, number: Some(n), text: vec![text], raw: vec![src.text], ..Default::default() };
                self.items().expect("inside a question").cands.push(c);
                self.target = Target::Cand;
            }
            Kind::Statement { marks, text } => {
                let marked = match marks {
                    (true, true) => {
                        let msg = format!("both T and F are marked in {}: keep the mark of one", quote(&src.text));
                        self.diags.push(Diagnostic::error(no, msg));
                        None
                    }
                    (t, f) => (t || f).then_some(t),
                };
                let st = StatementB { line: no, marked, text: vec![text], solution: None };
                self.items().expect("inside a question").statements.push(st);
                self.target = Target::Statement;
            }
            Kind::Solution { text } => self.open_solution(no, text),
            Kind::Answer { value } => {
                self.items().expect("inside a question").answers.push(AnswerB { src, value, after: Vec::new() });
                self.target = Target::AfterAnswer;
            }
            Kind::DetailsOpen | Kind::DetailsClose => self.push_text(src.text),
            Kind::Text | Kind::Fence | Kind::Section { .. } | Kind::Question { .. } => unreachable!("handled by line"),
        }
    }

    /// `</details>`: a block that holds an answer line gives the answer, and the rest of it is
    /// the explanation; any other block is text.
    fn close_details(&mut self, close: Src) {
        let Some(d) = self.details.take() else { return };
        let has_answer = d.lines.iter().any(|(_, k)| matches!(k, Kind::Answer { .. }));
        if !has_answer {
            for (src, _) in d.lines {
                self.push_text(src.text);
            }
            return self.push_text(close.text);
        }
        let mut answer: Option<AnswerB> = None;
        let mut explanation: Vec<String> = Vec::new();
        for (src, kind) in d.lines {
            match kind {
                Kind::Answer { value } if answer.is_none() => answer = Some(AnswerB { src, value, after: Vec::new() }),
                Kind::DetailsOpen => {
                    // `<details><summary>Answer</summary> text`: only the text after the tags.
                    let rest = strip_tags(&src.text);
                    if !rest.is_empty() {
                        explanation.push(rest);
                    }
                }
                _ if src.text.trim_start().starts_with("<summary") => {}
                _ => explanation.push(src.text),
            }
        }
        let Some(items) = self.items() else { return };
        if let Some(a) = answer {
            items.answers.push(a);
        }
        if explanation.iter().any(|l| !l.trim().is_empty()) {
            let buf = items.solution.get_or_insert_with(Vec::new);
            if !buf.is_empty() {
                buf.push(String::new());
            }
            buf.extend(explanation);
        }
        self.target = Target::Solution;
    }
}

/// The text of a line without its HTML tags and summary (`<details><summary>Answer</summary>`
/// → ``).
fn strip_tags(s: &str) -> String {
    let lower = s.to_ascii_lowercase();
    let s = match (lower.find("<summary"), lower.find("</summary>")) {
        (Some(a), Some(b)) if b > a => format!("{}{}", &s[..a], &s[b + "</summary>".len()..]),
        _ => s.to_string(),
    };
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.trim().to_string()
}

/// A question line with `(1 point)` added after its number.
pub(crate) fn add_points(line: &str, number: u32) -> String {
    let n = number.to_string();
    match line.find(&n) {
        Some(i) => {
            let after = &line[i + n.len()..];
            let punct = after.chars().take_while(|c| matches!(c, '.' | ')' | ':' | '*')).count();
            let (head, tail) = line.split_at(i + n.len() + punct);
            format!("{head} (1 point){}{}", if tail.starts_with(' ') { "" } else { " " }, tail)
                .replace("  ", " ")
                .trim_end()
                .to_string()
        }
        None => format!("{line} (1 point)"),
    }
}

/// Parses exam text alone (no key file).
pub fn parse_exam(text: &str) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mode = if any_points(text) { Mode::Points } else { Mode::NoPoints };
    let mut b = Builder {
        mode,
        preamble: Vec::new(),
        sections: Vec::new(),
        target: Target::Preamble,
        diags: Vec::new(),
        images: Vec::new(),
        cards: Vec::new(),
        numbers: HashSet::new(),
        highest: 0,
        last_question: None,
        last_section: 0,
        details: None,
    };
    let mut in_fence = false;
    let mut math = latex::MathState::default();
    let mut bare_lines = 0usize;
    for (idx, raw) in text.split('\n').enumerate() {
        let no = idx + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = raw.trim_start();
        let is_fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        let normalized;
        let wrapped;
        let line: &str = if in_fence || is_fence {
            raw
        } else {
            normalized = normalize::math_delimiters(raw);
            let (t, fixes) = latex::wrap_bare_latex(&normalized, &mut math);
            if !fixes.is_empty() {
                bare_lines += 1;
                if bare_lines <= BARE_LATEX_LISTED {
                    let list = fixes.iter().map(|f| format!("`{f}`")).collect::<Vec<_>>().join(", ");
                    let fix = Fix::line(format!("wrap {list} as math"), no, t.as_ref());
                    let msg = if fixes.len() == 1 {
                        format!(
                            "bare LaTeX {list} wrapped as inline math; write it as `${}$` to silence this",
                            fixes[0]
                        )
                    } else {
                        format!("bare LaTeX {list} wrapped as inline math; put each in `$…$` to silence this")
                    };
                    b.diags.push(Diagnostic::warning(no, msg).with_fix(fix));
                }
            }
            wrapped = t;
            wrapped.as_ref()
        };
        let (text, kind) = lines::classify(line, in_fence, b.last_section + 1);
        if !in_fence {
            collect_images(&text, no, &mut b.images);
        }
        if kind == Kind::Fence {
            in_fence = !in_fence;
        }
        b.line(Src { line: no, text }, kind);
    }
    if bare_lines > BARE_LATEX_LISTED {
        b.diags.push(Diagnostic::warning(
            0,
            format!(
                "bare LaTeX was wrapped as inline math on {} more lines than the {BARE_LATEX_LISTED} listed; put it in `$…$` to silence this",
                bare_lines - BARE_LATEX_LISTED
            ),
        ));
    }
    if in_fence {
        b.diags.push(Diagnostic::warning(text.split('\n').count(), "a code fence (```) is never closed"));
    }
    if let Some(d) = b.details.take() {
        let line = d.lines.first().map_or(0, |(s, _)| s.line);
        b.diags.push(Diagnostic::warning(line, "a <details> block is never closed (</details>); it is read as text"));
        for (src, _) in d.lines {
            b.push_text(src.text);
        }
    }
    if mode == Mode::NoPoints && b.sections.iter().any(|s| !s.questions.is_empty()) {
        b.diags.push(Diagnostic::warning(
            0,
            "no question gives its points, so every question is worth 1 point; write \"(P points)\" after a question's number to change it",
        ));
    }
    super::finish::finish(b)
}

/// Lines with bare LaTeX listed one by one (each with its fix); beyond them, one summary says how
/// many more there are, so a huge converted file does not carry a warning per line.
pub const BARE_LATEX_LISTED: usize = 200;

/// The `![alt](path)` images of `text`, each recorded with `line`.
pub(crate) fn collect_images(text: &str, line: usize, out: &mut Vec<ImageRef>) {
    if memchr::memchr(b'!', text.as_bytes()).is_none() {
        return;
    }
    let mut rest = text;
    while let Some(i) = rest.find("![") {
        rest = &rest[i + 2..];
        let Some(close) = rest.find("](") else { return };
        let after = &rest[close + 2..];
        let Some(end) = after.find(')') else { return };
        let path = after[..end].trim();
        let path = path.split_whitespace().next().unwrap_or("");
        if !path.is_empty() {
            out.push(ImageRef { path: path.to_string(), line });
        }
        rest = &after[end..];
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn points_are_added_after_the_number() {
        assert_eq!(add_points("4. Suppose A", 4), "4. (1 point) Suppose A");
        assert_eq!(add_points("Question 3", 3), "Question 3 (1 point)");
        assert_eq!(add_points("#### Q1. What", 1), "#### Q1. (1 point) What");
        assert_eq!(add_points("**2.** Which", 2), "**2.** (1 point) Which");
    }

    #[test]
    fn bare_latex_is_one_warning_per_line_and_capped() {
        let mut text = String::from("1. (1 point) Pick\n- ☒ a\n- ☐ b\n\n");
        for i in 0..(BARE_LATEX_LISTED + 5) {
            text.push_str(&format!("Line {i} uses \\mathbf{{x}} and \\alpha here.\n\n"));
        }
        let p = parse_exam(&text);
        let bare: Vec<&Diagnostic> = p.diagnostics.iter().filter(|d| d.message.contains("bare LaTeX")).collect();
        assert_eq!(bare.len(), BARE_LATEX_LISTED + 1, "listed lines and one summary");
        assert!(bare[0].message.contains("`\\mathbf{x}`, `\\alpha`"), "{}", bare[0].message);
        assert!(bare.iter().filter(|d| d.fix.is_some()).count() == BARE_LATEX_LISTED);
        assert!(bare.last().unwrap().message.contains("on 5 more lines"), "{}", bare.last().unwrap().message);
    }

    #[test]
    fn settled_questions_keep_their_cards_in_order() {
        let p = parse_exam(
            "# A\n1. (1 point) x\n- ☒ a\n- ☐ b\n# B\n2. (2 points) y\n- ☐ T ☒ F: s\n- ☒ T ☐ F: t\n3. (1 point) z\n- ☐ a\n- ☒ b\n",
        );
        let ids: Vec<&str> = p.exam.cards.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["1", "2.1", "2.2", "3"]);
        let q: Vec<_> = p.exam.questions().map(|q| q.cards.clone()).collect();
        assert_eq!(q, [0..1, 1..3, 3..4]);
        assert_eq!(p.exam.cards[3].pos.section(), 1);
        assert_eq!(p.exam.cards[3].pos.question(), 1);
    }
}
