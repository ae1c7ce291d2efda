//! What the readers of other formats (GIFT, Aiken, Moodle XML, LaTeX, Anki text) produce: questions
//! as the format states them, before numbering, points and cards. `build` turns them into an
//! `Exam` by the same rules as the Markdown reader: numbering that restarts continues, a question
//! with several right options is multiple-select (one true/false card per option), a question
//! whose options are True and False is a one-statement true/false question, a question with no
//! options is free response; and the cards themselves are made by `cards::make`, which the
//! Markdown reader uses too.

use super::cards::{self, CardSpec};
use super::{Diagnostic, Parsed, fmt_points};
use crate::deck::{Answer, Body, Choice, Exam, ImageRef, Part, Question, Rule, Section, Statement};

/// Where each line of `text` starts (byte offsets), for `line_of`.
pub(crate) fn line_starts(text: &str) -> Vec<usize> {
    std::iter::once(0).chain(memchr::memchr_iter(b'\n', text.as_bytes()).map(|i| i + 1)).collect()
}

/// The 1-based line of byte `pos`, given `line_starts`.
pub(crate) fn line_of(starts: &[usize], pos: usize) -> usize {
    starts.partition_point(|&s| s <= pos)
}

/// An exam as a reader found it.
#[derive(Debug, Default)]
pub(crate) struct Draft {
    /// Text before the first question.
    pub instructions: String,
    /// The questions, in file order.
    pub questions: Vec<DraftQuestion>,
    /// What the reader skipped or guessed.
    pub diags: Vec<Diagnostic>,
    /// Images the text references.
    pub images: Vec<ImageRef>,
    /// Said when the file holds no question: how a question of this format looks.
    pub hint: &'static str,
    /// Images carried inside the file, by name.
    pub embedded: Vec<(String, Vec<u8>)>,
}

/// A question as read.
#[derive(Debug, Default)]
pub(crate) struct DraftQuestion {
    /// The number the file gives it; `None` numbers it by position.
    pub number: Option<u32>,
    /// Its points; `None` is 1 point.
    pub points: Option<f64>,
    /// 1-based line where it starts.
    pub line: usize,
    /// The stem, Markdown with `$…$` math.
    pub stem: String,
    /// Topics (a GIFT category, Anki tags).
    pub topics: Vec<String>,
    /// What it asks for.
    pub body: DraftBody,
    /// Why the answer is right (general feedback, a solution environment).
    pub explanation: Option<String>,
}

/// A part of a question (LaTeX `\part`, `\subpart`).
#[derive(Debug, Default)]
pub(crate) struct DraftPart {
    /// Its letter.
    pub letter: char,
    /// A subpart's roman numeral (`i`, `ii`).
    pub sub: Option<String>,
    /// Its points; `None` takes an equal share of what the question's parts leave.
    pub points: Option<f64>,
    /// 1-based line.
    pub line: usize,
    /// Its text.
    pub label: String,
    /// What it asks for.
    pub body: DraftBody,
    /// Its solution or explanation.
    pub explanation: Option<String>,
}

/// What a question or part asks the student to give.
#[derive(Debug, Default)]
pub(crate) enum DraftBody {
    /// Options, of which those marked right are the key: one right is a single answer, several
    /// (or `select_all`) a multiple-select question.
    Options {
        /// The options.
        options: Vec<DraftOption>,
        /// The format says several may be right (GIFT weights, Moodle `single=false`).
        select_all: bool,
    },
    /// One statement to mark true or false (the stem); `None` when the file gives no key.
    TrueFalse(Option<bool>),
    /// A written answer without a solution.
    #[default]
    Free,
    /// A written answer with its solution.
    Solved(String),
    /// Parts.
    Parts(Vec<DraftPart>),
}

/// An option as read.
#[derive(Debug, Default)]
pub(crate) struct DraftOption {
    /// Its text.
    pub text: String,
    /// 1-based line.
    pub line: usize,
    /// The file marks it right.
    pub right: bool,
    /// Feedback the file gives for choosing it.
    pub feedback: Option<String>,
}

/// A body read into examdeck's form: the body, whether it is multiple-select, its cards' specs,
/// and whether it is a free question without a solution.
struct Read {
    body: Body,
    select_all: bool,
    specs: Vec<CardSpec>,
    unsolved: bool,
}

fn read(body: DraftBody, line: usize, explanation: Option<String>) -> Read {
    match body {
        DraftBody::Options { options, select_all } => options_read(options, select_all, line, explanation),
        DraftBody::TrueFalse(v) => Read {
            body: Body::Statements(vec![Statement { text: String::new(), line, marked: v }]),
            select_all: false,
            specs: vec![(line, v.map(Answer::Tf), explanation, None)],
            unsolved: false,
        },
        DraftBody::Free => {
            Read { body: Body::Free, select_all: false, specs: vec![(line, None, explanation, None)], unsolved: true }
        }
        DraftBody::Solved(solution) => Read {
            body: Body::Free,
            select_all: false,
            specs: vec![(line, Some(Answer::Written), explanation, Some(solution))],
            unsolved: false,
        },
        DraftBody::Parts(_) => unreachable_parts(),
    }
}

/// Parts never nest (a subpart is its own part with a numeral); reaching here is a reader's bug,
/// read as an empty free question rather than a panic.
fn unreachable_parts() -> Read {
    Read { body: Body::Free, select_all: false, specs: vec![(0, None, None, None)], unsolved: true }
}

/// The feedback of the right options, then the explanation.
fn explain(options: &[DraftOption], explanation: Option<String>) -> Option<String> {
    let mut parts: Vec<String> = options.iter().filter(|o| o.right).filter_map(|o| o.feedback.clone()).collect();
    parts.extend(explanation);
    parts.retain(|p| !p.trim().is_empty());
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}

fn options_read(options: Vec<DraftOption>, select_all: bool, line: usize, explanation: Option<String>) -> Read {
    let expl = explain(&options, explanation);
    let right: Vec<usize> = options.iter().enumerate().filter(|(_, o)| o.right).map(|(i, _)| i).collect();
    let t = |o: &DraftOption| o.text.trim().trim_end_matches('.').to_ascii_lowercase();
    if let [a, b] = options.as_slice()
        && !select_all
        && matches!((t(a).as_str(), t(b).as_str()), ("true", "false") | ("false", "true"))
    {
        let v = right.first().map(|&i| t(&options[i]) == "true");
        return read(DraftBody::TrueFalse(v), line, expl);
    }
    if select_all || right.len() >= 2 {
        let specs = options.iter().map(|o| (o.line, Some(Answer::Tf(o.right)), expl.clone(), None)).collect();
        let sts =
            options.into_iter().map(|o| Statement { text: o.text, line: o.line, marked: Some(o.right) }).collect();
        return Read { body: Body::Statements(sts), select_all: true, specs, unsolved: false };
    }
    let answer = right.first().map(|&i| Answer::Choice(i as u32 + 1));
    let choices = options.into_iter().map(|o| Choice { text: o.text, line: o.line, marked: o.right }).collect();
    Read { body: Body::Options(choices), select_all: false, specs: vec![(line, answer, expl, None)], unsolved: false }
}

/// Numbers questions as the Markdown reader does: a number the file gives is kept unless it was
/// used already, then the question takes the number after the highest so far (with a warning).
struct Numbers {
    used: std::collections::HashSet<u32>,
    highest: u32,
}

impl Numbers {
    fn next(&mut self, wanted: Option<u32>, line: usize, diags: &mut Vec<Diagnostic>) -> u32 {
        let n = match wanted {
            Some(n) if n > 0 && !self.used.contains(&n) => n,
            Some(n) => {
                let next = self.highest.saturating_add(1);
                diags.push(Diagnostic::warning(
                    line,
                    format!("question {n} was numbered already; this one is numbered {next}"),
                ));
                next
            }
            None => self.highest.saturating_add(1),
        };
        self.used.insert(n);
        self.highest = self.highest.max(n);
        n
    }
}

/// Builds the exam from a draft.
pub(crate) fn build(draft: Draft) -> Parsed {
    let Draft { instructions, questions, mut diags, images, hint, embedded } = draft;
    let mut exam =
        Exam { duration_minutes: super::parse_duration(&instructions), instructions, images, ..Default::default() };
    // Sized once: a large file's cards would otherwise be copied each time the list doubles.
    fn cards_of(b: &DraftBody) -> usize {
        match b {
            DraftBody::Options { options, select_all }
                if *select_all || options.iter().filter(|o| o.right).count() >= 2 =>
            {
                options.len()
            }
            DraftBody::Parts(ps) => ps.iter().map(|p| cards_of(&p.body)).sum(),
            _ => 1,
        }
    }
    exam.cards.reserve_exact(questions.iter().map(|q| cards_of(&q.body)).sum());
    let mut section = Section { questions: Vec::with_capacity(questions.len()), ..Default::default() };
    let mut numbers = Numbers { used: std::collections::HashSet::with_capacity(questions.len()), highest: 0 };
    for (qi, dq) in questions.into_iter().enumerate() {
        let number = numbers.next(dq.number, dq.line, &mut diags);
        let first = exam.cards.len();
        let pos = crate::deck::CardPos::new(0, qi, None, None);
        let mut q = Question {
            number,
            points: dq.points.unwrap_or(1.0),
            line: dq.line,
            stem: dq.stem,
            topics: dq.topics,
            rule: Rule::Standard,
            ..Default::default()
        };
        match dq.body {
            DraftBody::Parts(parts) => {
                let shares = part_points(&parts, dq.points, number, dq.line, &mut diags);
                if dq.points.is_none() {
                    q.points = shares.iter().sum();
                }
                let mut built = Vec::with_capacity(parts.len());
                for (pi, (p, points)) in parts.into_iter().zip(shares).enumerate() {
                    let r = read(p.body, p.line, p.explanation);
                    let ppos = crate::deck::CardPos { part: Some(pi as u32), ..pos };
                    let id = cards::Base { number, part: Some(p.letter), sub: p.sub.as_deref() };
                    cards::make(&r.body, &r.specs, id, points, ppos, &mut exam.cards);
                    if r.unsolved {
                        diags.push(unsolved(p.line, &format!("part ({}) of question {number}", p.letter)));
                    }
                    built.push(Part {
                        letter: p.letter,
                        sub: p.sub,
                        points,
                        label: p.label,
                        line: p.line,
                        body: r.body,
                        select_all: r.select_all,
                    });
                }
                q.body = Body::Parts(built);
            }
            body => {
                let r = read(body, dq.line, dq.explanation);
                if r.unsolved {
                    diags.push(unsolved(dq.line, &format!("question {number}")));
                }
                let id = cards::Base { number, part: None, sub: None };
                cards::make(&r.body, &r.specs, id, q.points, pos, &mut exam.cards);
                q.select_all = r.select_all;
                q.body = r.body;
            }
        }
        q.cards = first..exam.cards.len();
        section.questions.push(q);
    }
    if exam.cards.is_empty() && !diags.iter().any(|d| d.severity == super::Severity::Error) {
        diags.push(Diagnostic::error(0, format!("no questions found: {hint}")));
    }
    if !section.questions.is_empty() {
        exam.sections.push(section);
    }
    normalize_math(&mut exam);
    collect_images(&mut exam);
    // No `shrink()` here: the cards and questions were sized exactly, and the texts are the
    // readers' own, about as long as the file's; shrinking would copy every one of them again.
    Parsed { exam, diagnostics: diags, embedded }
}

fn unsolved(line: usize, what: &str) -> Diagnostic {
    Diagnostic::warning(
        line,
        format!("{what} has no options and no solution: it is a free-response card without a solution"),
    )
}

/// The points of each part: those given, and for the others an equal share of what the
/// question's points leave (1 point each when the question has none), with a warning.
fn part_points(
    parts: &[DraftPart],
    total: Option<f64>,
    number: u32,
    line: usize,
    diags: &mut Vec<Diagnostic>,
) -> Vec<f64> {
    let given: f64 = parts.iter().filter_map(|p| p.points).sum();
    let missing = parts.iter().filter(|p| p.points.is_none()).count();
    let share = match total {
        Some(t) if missing > 0 => ((t - given) / missing as f64).max(0.0),
        _ => 1.0,
    };
    if missing > 0 {
        diags.push(Diagnostic::warning(
            line,
            format!(
                "question {number}: {} without points, given {} each",
                super::summary::count(missing, "part", "parts"),
                fmt_points(share)
            ),
        ));
    }
    parts.iter().map(|p| p.points.unwrap_or(share)).collect()
}

/// The images every question's texts reference, on the question's line.
fn collect_images(exam: &mut Exam) {
    let mut found = std::mem::take(&mut exam.images);
    let collect = super::assemble::collect_images;
    for q in exam.sections.iter().flat_map(|s| s.questions.iter()) {
        collect(&q.stem, q.line, &mut found);
        let bodies: Vec<&Body> = match &q.body {
            Body::Parts(ps) => ps.iter().map(|p| &p.body).collect(),
            b => vec![b],
        };
        for b in bodies {
            match b {
                Body::Options(cs) => cs.iter().for_each(|c| collect(&c.text, c.line, &mut found)),
                Body::Statements(ss) => ss.iter().for_each(|s| collect(&s.text, s.line, &mut found)),
                _ => {}
            }
        }
        for c in &exam.cards[q.cards.clone()] {
            c.explanation.iter().chain(c.solution.iter()).for_each(|t| collect(t, c.line, &mut found));
        }
    }
    found.dedup_by(|a, b| a.path == b.path);
    exam.images = found;
}

/// Every text's `\( \)` and `\[ \]` as `$` and `$$`, as the Markdown reader writes them.
fn normalize_math(exam: &mut Exam) {
    fn m(s: &mut String) {
        let b = s.as_bytes();
        let delimiter = memchr::memchr_iter(b'\\', b).any(|i| matches!(b.get(i + 1), Some(b'(' | b')' | b'[' | b']')));
        if delimiter {
            *s = s.split('\n').map(super::normalize::math_delimiters).collect::<Vec<_>>().join("\n");
        }
    }
    fn body(b: &mut Body) {
        match b {
            Body::Options(cs) => cs.iter_mut().for_each(|c| m(&mut c.text)),
            Body::Statements(ss) => ss.iter_mut().for_each(|s| m(&mut s.text)),
            Body::Parts(ps) => ps.iter_mut().for_each(|p| {
                m(&mut p.label);
                body(&mut p.body)
            }),
            Body::Empty | Body::Free => {}
        }
    }
    m(&mut exam.instructions);
    for q in exam.sections.iter_mut().flat_map(|s| s.questions.iter_mut()) {
        m(&mut q.stem);
        body(&mut q.body);
    }
    for c in &mut exam.cards {
        c.explanation.iter_mut().chain(c.solution.iter_mut()).for_each(m);
    }
}
