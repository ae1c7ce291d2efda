//! The second pass of the importer: classified lines assembled into sections, questions, parts,
//! options and statements, then into the exam's cards.

use super::lines::{self, Kind};
use super::{Diagnostic, Parsed, fmt_points, latex, parse_duration};
use crate::deck::{
    Answer, Body, Card, CardId, CardKind, CardPos, Choice, Exam, ImageRef, Part, Question, Rule, Section, Statement,
};

#[derive(Default)]
struct ChoiceB {
    line: usize,
    marked: bool,
    text: Vec<String>,
}

#[derive(Default)]
struct StatementB {
    line: usize,
    marked: Option<bool>,
    text: Vec<String>,
    solution: Option<Vec<String>>,
}

#[derive(Default)]
struct Items {
    options: Vec<ChoiceB>,
    statements: Vec<StatementB>,
    solution: Option<Vec<String>>,
}

#[derive(Default)]
struct PartB {
    letter: char,
    points: f64,
    line: usize,
    label: Vec<String>,
    items: Items,
}

#[derive(Default)]
struct QuestionB {
    number: u32,
    points: f64,
    line: usize,
    stem: Vec<String>,
    items: Items,
    parts: Vec<PartB>,
}

#[derive(Default)]
struct SectionB {
    number: Option<u32>,
    title: String,
    line: usize,
    intro: Vec<String>,
    questions: Vec<QuestionB>,
}

/// Where free text goes: the element that the last structure line opened.
#[derive(Clone, Copy, PartialEq)]
enum Target {
    Preamble,
    SectionIntro,
    Stem,
    PartLabel,
    Option,
    Statement,
    Solution,
}

struct Builder {
    preamble: Vec<String>,
    sections: Vec<SectionB>,
    target: Target,
    diags: Vec<Diagnostic>,
    images: Vec<ImageRef>,
    /// Question numbers seen so far (a repeat is an error).
    numbers: std::collections::HashSet<u32>,
}

impl Builder {
    fn question(&mut self) -> Option<&mut QuestionB> {
        self.sections.last_mut()?.questions.last_mut()
    }

    /// The option/statement lists that new boxes go into: the last part's, or the question's.
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
            Target::Statement => self.items().and_then(|i| i.statements.last_mut()).map(|s| &mut s.text),
            Target::Solution => self.solution_buf(),
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
        if self.question().is_none() {
            self.push_text(first);
            return;
        }
        let Some(items) = self.items() else { return };
        let slot = match items.statements.last_mut() {
            Some(s) => &mut s.solution,
            None => &mut items.solution,
        };
        if slot.is_some() {
            self.diags.push(Diagnostic::warning(line, "a second explanation for the same card; both are kept"));
        }
        let slot = match self.items().map(|i| match i.statements.last_mut() {
            Some(s) => &mut s.solution,
            None => &mut i.solution,
        }) {
            Some(s) => s,
            None => return,
        };
        let buf = slot.get_or_insert_with(Vec::new);
        if !buf.is_empty() {
            buf.push(String::new());
        }
        buf.push(first);
        self.target = Target::Solution;
    }
}

/// Parses exam text alone (no key file).
pub fn parse_exam(text: &str) -> Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut b = Builder {
        preamble: Vec::new(),
        sections: Vec::new(),
        target: Target::Preamble,
        diags: Vec::new(),
        images: Vec::new(),
        numbers: std::collections::HashSet::new(),
    };
    let mut in_fence = false;
    let mut math = latex::MathState::default();
    let mut last_question: Option<u32> = None;
    let mut last_section: u32 = 0;

    for (idx, raw) in text.split('\n').enumerate() {
        let no = idx + 1;
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let trimmed = raw.trim_start();
        let is_fence = trimmed.starts_with("```") || trimmed.starts_with("~~~");
        let rewritten;
        let line: &str = if in_fence || is_fence {
            raw
        } else {
            let (t, fixes) = latex::wrap_bare_latex(raw, &mut math);
            for f in fixes {
                b.diags.push(Diagnostic::warning(no, format!("bare LaTeX `{f}` wrapped as inline math")));
            }
            rewritten = t;
            rewritten.as_ref()
        };
        let next_q = last_question.map_or(1, |n| n + 1);
        let (text, kind) = lines::classify(line, in_fence, next_q, last_section + 1);
        if !in_fence {
            collect_images(&text, no, &mut b.images);
        }
        match kind {
            Kind::Fence => {
                in_fence = !in_fence;
                b.push_text(text);
            }
            Kind::Text => b.push_text(text),
            Kind::Section { number, title } => {
                if let Some(n) = number {
                    last_section = n;
                }
                b.sections.push(SectionB { number, title, line: no, ..Default::default() });
                b.target = Target::SectionIntro;
            }
            Kind::Question { number, points, rest } => {
                let points = points.unwrap_or_else(|msg| {
                    b.diags.push(Diagnostic::error(no, format!("question {number}: {msg}")));
                    0.0
                });
                if b.sections.is_empty() {
                    b.sections.push(SectionB::default());
                }
                let repeated = !b.numbers.insert(number);
                if repeated {
                    b.diags.push(Diagnostic::error(
                        no,
                        format!("question {number} appears twice; card ids would collide"),
                    ));
                } else if let Some(last) = last_question
                    && number != last + 1
                {
                    b.diags.push(Diagnostic::warning(
                        no,
                        format!("question {number} follows question {last}: numbers skip"),
                    ));
                } else if last_question.is_none() && number != 1 {
                    b.diags.push(Diagnostic::warning(no, format!("the first question is numbered {number}")));
                }
                last_question = Some(number);
                let stem = if rest.is_empty() { vec![] } else { vec![rest] };
                b.sections.last_mut().expect("pushed above").questions.push(QuestionB {
                    number,
                    points,
                    line: no,
                    stem,
                    ..Default::default()
                });
                b.target = Target::Stem;
            }
            // Boxes and parts before a section's first question belong to its instructions.
            _ if b.question().is_none() => b.push_text(text),
            Kind::Part { letter, points, label } => {
                let points = points.unwrap_or_else(|msg| {
                    b.diags.push(Diagnostic::error(no, format!("part ({letter}): {msg}")));
                    0.0
                });
                let q = b.question().expect("guarded by the arm above");
                if q.parts.iter().any(|p| p.letter == letter) {
                    b.diags.push(Diagnostic::error(no, format!("part ({letter}) appears twice in this question")));
                }
                let label = if label.is_empty() { vec![] } else { vec![label] };
                let q = b.question().expect("guarded by the arm above");
                q.parts.push(PartB { letter, points, line: no, label, ..Default::default() });
                b.target = Target::PartLabel;
            }
            Kind::Choice { marked, text } => {
                let items = b.items().expect("guarded by the arm above");
                items.options.push(ChoiceB { line: no, marked, text: vec![text] });
                b.target = Target::Option;
            }
            Kind::Statement { marks, text } => {
                let marked = match marks {
                    (true, true) => {
                        b.diags.push(Diagnostic::error(no, "both T and F are marked"));
                        None
                    }
                    (true, false) => Some(true),
                    (false, true) => Some(false),
                    (false, false) => None,
                };
                let items = b.items().expect("guarded by the arm above");
                items.statements.push(StatementB { line: no, marked, text: vec![text], solution: None });
                b.target = Target::Statement;
            }
            Kind::Solution { text } => b.open_solution(no, text),
        }
    }
    if in_fence {
        b.diags.push(Diagnostic::warning(text.split('\n').count(), "a code fence (```) is never closed"));
    }
    finish(b)
}

fn collect_images(text: &str, line: usize, out: &mut Vec<ImageRef>) {
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

/// Joins collected lines: blank lines at either end dropped, runs of blank lines folded into one.
fn join(lines: &[String]) -> String {
    let mut out = String::new();
    let mut pending_blank = false;
    for l in lines {
        if l.trim().is_empty() {
            pending_blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push('\n');
            if pending_blank {
                out.push('\n');
            }
        }
        pending_blank = false;
        out.push_str(l);
    }
    out
}

fn finish_items(items: Items, line: usize, what: &str, diags: &mut Vec<Diagnostic>) -> (Body, Option<String>) {
    let solution = items.solution.as_deref().map(join);
    let has_o = !items.options.is_empty();
    let has_s = !items.statements.is_empty();
    if has_o && has_s {
        diags.push(Diagnostic::error(line, format!("{what} mixes options and true/false statements")));
    }
    if has_s {
        let statements = items
            .statements
            .into_iter()
            .map(|s| Statement { text: join(&s.text), line: s.line, marked: s.marked })
            .collect();
        (Body::Statements(statements), solution)
    } else if has_o {
        let marked = items.options.iter().filter(|o| o.marked).count();
        if marked > 1 {
            diags.push(Diagnostic::error(line, format!("{what} has {marked} marked boxes; a single answer needs one")));
        }
        let options =
            items.options.into_iter().map(|o| Choice { text: join(&o.text), line: o.line, marked: o.marked }).collect();
        (Body::Options(options), solution)
    } else {
        (Body::Empty, solution)
    }
}

/// Statement explanations kept beside the body until the cards are built.
type StatementSolutions = Vec<Option<String>>;

fn statement_solutions(items: &Items) -> StatementSolutions {
    items.statements.iter().map(|s| s.solution.as_deref().map(join)).collect()
}

fn finish(b: Builder) -> Parsed {
    let mut diags = b.diags;
    let instructions = join(&b.preamble);
    // The duration is stated in the instructions, or — when the exam opens with a heading — in
    // the first section's introduction.
    let duration_minutes =
        parse_duration(&instructions).or_else(|| b.sections.first().and_then(|s| parse_duration(&join(&s.intro))));
    let mut exam = Exam { instructions, duration_minutes, images: b.images, ..Default::default() };
    for (si, sb) in b.sections.into_iter().enumerate() {
        let mut section = Section {
            number: sb.number,
            title: sb.title,
            instructions: join(&sb.intro),
            line: sb.line,
            questions: Vec::new(),
        };
        for (qi, qb) in sb.questions.into_iter().enumerate() {
            let qname = format!("question {}", qb.number);
            let mut cards: Vec<Card> = Vec::new();
            let pos = CardPos { section: si, question: qi, part: None, statement: None };
            let body = if qb.parts.is_empty() {
                let sols = statement_solutions(&qb.items);
                let (body, sol) = finish_items(qb.items, qb.line, &qname, &mut diags);
                if matches!(body, Body::Empty) {
                    diags.push(Diagnostic::error(qb.line, format!("{qname} has no options, statements or parts")));
                }
                cards_for(&body, qb.number, None, qb.points, qb.line, pos, sol, &sols, &mut cards);
                body
            } else {
                if !qb.items.options.is_empty() || !qb.items.statements.is_empty() {
                    diags.push(Diagnostic::error(
                        qb.line,
                        format!("{qname} has options or statements before its first part"),
                    ));
                }
                let sum: f64 = qb.parts.iter().map(|p| p.points).sum();
                if (sum - qb.points).abs() > 1e-9 {
                    diags.push(Diagnostic::error(
                        qb.line,
                        format!(
                            "{qname} is worth {} points but its parts add up to {}",
                            fmt_points(qb.points),
                            fmt_points(sum)
                        ),
                    ));
                }
                let mut parts = Vec::new();
                for (pi, pb) in qb.parts.into_iter().enumerate() {
                    let pname = format!("part ({}) of {qname}", pb.letter);
                    let sols = statement_solutions(&pb.items);
                    let (body, sol) = finish_items(pb.items, pb.line, &pname, &mut diags);
                    if matches!(body, Body::Empty) {
                        diags.push(Diagnostic::error(pb.line, format!("{pname} has no options or statements")));
                    }
                    let ppos = CardPos { part: Some(pi), ..pos };
                    cards_for(&body, qb.number, Some(pb.letter), pb.points, pb.line, ppos, sol, &sols, &mut cards);
                    parts.push(Part {
                        letter: pb.letter,
                        points: pb.points,
                        label: join(&pb.label),
                        line: pb.line,
                        body,
                    });
                }
                Body::Parts(parts)
            };
            let first = exam.cards.len();
            exam.cards.extend(cards);
            section.questions.push(Question {
                cards: first..exam.cards.len(),
                number: qb.number,
                points: qb.points,
                line: qb.line,
                stem: join(&qb.stem),
                body,
                topics: Vec::new(),
                rule: Rule::Standard,
            });
        }
        exam.sections.push(section);
    }
    if exam.cards.is_empty() {
        diags.push(Diagnostic::error(0, "no questions found: expected lines such as \"1. (1 point) …\""));
    }
    Parsed { exam, diagnostics: diags }
}

#[allow(clippy::too_many_arguments)]
fn cards_for(
    body: &Body,
    number: u32,
    part: Option<char>,
    points: f64,
    line: usize,
    pos: CardPos,
    solution: Option<String>,
    statement_solutions: &[Option<String>],
    out: &mut Vec<Card>,
) {
    match body {
        Body::Options(options) => {
            let marked: Vec<usize> = options.iter().enumerate().filter(|(_, o)| o.marked).map(|(i, _)| i).collect();
            let answer = match marked.as_slice() {
                [i] => Some(Answer::Choice(*i as u32 + 1)),
                _ => None,
            };
            out.push(Card {
                id: CardId::new(number, part, None),
                kind: CardKind::Single,
                points,
                pos,
                line,
                answer,
                explanation: solution,
                contested: None,
            });
        }
        Body::Statements(statements) => {
            let n = statements.len() as f64;
            for (k, s) in statements.iter().enumerate() {
                out.push(Card {
                    id: CardId::new(number, part, Some(k + 1)),
                    kind: CardKind::TrueFalse,
                    points: points / n,
                    pos: CardPos { statement: Some(k), ..pos },
                    line: s.line,
                    answer: s.marked.map(Answer::Tf),
                    explanation: statement_solutions.get(k).cloned().flatten(),
                    contested: None,
                });
            }
        }
        Body::Empty | Body::Parts(_) => {}
    }
}
