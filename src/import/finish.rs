//! From what the assembler collected to the exam: each question or part becomes single answer,
//! true/false statements, multiple-select, a one-statement true/false question or free response,
//! and its cards are built. Candidate options (`(A)`, `B.`, `(1)`) become options here when they
//! form a run starting at A (or 1) in a question or part that has nothing else to answer with;
//! otherwise their lines go back to the text, exactly as written.

use super::answers::{Token, tokens};
use super::assemble::{AnswerB, Builder, CandB, Items, OptB, QuestionB};
use super::cards::{self, Base, CardSpec};
use super::{Diagnostic, Edit, Fix, Parsed, fmt_points, parse_duration, parse_exam_date, quote};
use crate::deck::{Answer, Body, Card, CardPos, Choice, Exam, Part, Question, Rule, Section, Statement};

/// Joins collected lines: blank lines at either end dropped, runs of blank lines folded into one.
pub(crate) fn join(lines: &[String]) -> String {
    // Sized once: a large exam's texts would otherwise keep the slack of doubling.
    let mut out = String::with_capacity(lines.iter().map(|l| l.len() + 2).sum());
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
    out.shrink_to_fit();
    out
}

fn join_opt(lines: &[String]) -> Option<String> {
    Some(join(lines)).filter(|s| !s.is_empty())
}

/// Phrases by which a stem asks for every right option.
const SELECT_ALL: [&str; 5] = ["select all", "mark all", "all that apply", "choose all", "check all"];

/// How a question or part is read, with what its cards need.
struct Resolved {
    body: Body,
    select_all: bool,
    /// Candidate lines that were not options: they go back to the stem.
    text_back: Vec<String>,
    /// One entry per card.
    cards: Vec<CardSpec>,
    /// A free-response question with no solution (an error or a warning, by its section).
    unsolved: bool,
    /// It has lines that look like options, whether or not they were taken as options.
    option_lines: bool,
}

/// Who the items belong to, for messages and for the rules that depend on it.
struct Ctx<'a> {
    name: String,
    line: usize,
    stem: &'a str,
    /// `(1)` lines may be options (not in a question that has parts).
    numbers_allowed: bool,
}

/// The candidates as options when they form a run starting at A (or 1) and nothing else is there.
fn take_cands(items: &mut Items, cx: &Ctx<'_>, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    let cands = std::mem::take(&mut items.cands);
    if cands.is_empty() {
        return Vec::new();
    }
    let letters = cands.iter().all(|c| c.letter.is_some());
    let numbers = cands.iter().all(|c| c.number.is_some());
    let run = cands.len() >= 2
        && ((letters
            && cands.iter().enumerate().all(|(i, c)| c.letter.is_some_and(|(l, _)| l == i as u32))
            && cands.iter().all(|c| c.letter.map(|(_, u)| u) == cands[0].letter.map(|(_, u)| u)))
            || (numbers
                && cx.numbers_allowed
                && cands.iter().enumerate().all(|(i, c)| c.number == Some(i as u32 + 1))));
    if run && !items.has_structure() {
        items.options = cands.into_iter().map(|c| OptB { line: c.line, marked: false, text: c.text }).collect();
        return Vec::new();
    }
    if letters && cands.len() >= 2 && !items.has_structure() {
        diags.push(offer_boxes(&cands, cx));
    }
    cands.into_iter().flat_map(|c| c.raw).collect()
}

/// Letter lines that did not form a clean run (a letter missing, cases mixed): offer to read them
/// as options by turning each into a box.
fn offer_boxes(cands: &[CandB], cx: &Ctx<'_>) -> Diagnostic {
    let first = &cands[0];
    let edits = cands
        .iter()
        .map(|c| Edit { line: c.line, text: format!("- ☐ {}", c.text.first().map_or("", String::as_str)) })
        .collect();
    let msg = format!(
        "{} and the lines like it look like options but do not run A, B, C… in order, so they are read as text of {}; fix the letters, or read them as options",
        quote(first.raw.first().map_or("", String::as_str)),
        cx.name
    );
    Diagnostic::warning(first.line, msg).with_fix(Fix { label: "read them as options".into(), edits })
}

/// What the answer lines say.
struct Said {
    tokens: Option<Vec<Token>>,
    written: Option<String>,
    /// The value as written (a free question's `Answer: 42`).
    raw: Option<String>,
    after: Vec<String>,
    line: usize,
}

fn answers(list: Vec<AnswerB>, cx: &Ctx<'_>, diags: &mut Vec<Diagnostic>) -> Option<Said> {
    let mut it = list.into_iter();
    let first = it.next()?;
    for extra in it {
        diags.push(Diagnostic::warning(
            extra.src.line,
            format!("a second answer line for {} ({}); the first is used", cx.name, quote(&extra.src.text)),
        ));
    }
    let toks = tokens(&first.value);
    // Numbers only: a letter (`Answer: B`) with no options most likely lost its options in
    // conversion, and must stay unsolved so the section's check can say so.
    let numbers = toks.as_ref().is_some_and(|t| t.iter().all(|x| matches!(x, Token::Number(_))));
    let raw = Some(first.value.trim().to_string()).filter(|v| numbers && !v.is_empty());
    let written = if toks.is_none() {
        let mut lines = vec![first.value.clone()];
        lines.extend(first.after.iter().cloned());
        join_opt(&lines)
    } else {
        None
    };
    let after = if toks.is_some() { first.after } else { Vec::new() };
    Some(Said { tokens: toks, written, raw, after, line: first.src.line })
}

fn is_true_false_pair(options: &[OptB]) -> Option<usize> {
    let t = |o: &OptB| join(&o.text).trim().trim_end_matches('.').to_ascii_lowercase();
    match options {
        [a, b] if t(a) == "true" && t(b) == "false" => Some(0),
        [a, b] if t(a) == "false" && t(b) == "true" => Some(1),
        _ => None,
    }
}

fn starts_true_or_false(stem: &str) -> bool {
    let l = stem.trim_start().to_ascii_lowercase();
    ["true or false", "true/false", "t/f", "true-false"].iter().any(|p| l.starts_with(p))
}

/// The explanation: the `Solution:` block, then the text after an answer line.
fn explanation(items_solution: &Option<Vec<String>>, said: &Option<Said>) -> Option<String> {
    let mut lines = items_solution.clone().unwrap_or_default();
    if let Some(s) = said {
        if !lines.is_empty() && !s.after.is_empty() {
            lines.push(String::new());
        }
        lines.extend(s.after.iter().cloned());
    }
    join_opt(&lines)
}

/// Reads one question's or part's items.
fn resolve(mut items: Items, cx: &Ctx<'_>, diags: &mut Vec<Diagnostic>) -> Resolved {
    let option_lines = !items.options.is_empty() || items.cands.len() >= 2;
    let text_back = take_cands(&mut items, cx, diags);
    let said = answers(std::mem::take(&mut items.answers), cx, diags);
    let expl = explanation(&items.solution, &said);
    let mut r =
        Resolved { body: Body::Empty, select_all: false, text_back, cards: Vec::new(), unsolved: false, option_lines };
    if !items.statements.is_empty() {
        if !items.options.is_empty() {
            diags.push(Diagnostic::error(cx.line, format!("{} mixes options and true/false statements", cx.name)));
        }
        statements(items, &said, cx, diags, &mut r);
    } else if !items.options.is_empty() {
        options(items, said, expl, cx, diags, &mut r);
    } else {
        no_options(&said, expl, cx, &mut r);
    }
    r
}

fn statements(items: Items, said: &Option<Said>, cx: &Ctx<'_>, diags: &mut Vec<Diagnostic>, r: &mut Resolved) {
    let n = items.statements.len();
    // "Answer: T, F, F, T" gives the statements' answers in order.
    let listed: Option<Vec<bool>> = said
        .as_ref()
        .and_then(|s| s.tokens.as_ref())
        .and_then(|t| t.iter().map(|x| x.truth()).collect::<Option<Vec<_>>>())
        .filter(|v| v.len() == n);
    if let (Some(s), None) = (said, &listed) {
        diags.push(Diagnostic::warning(
            s.line,
            format!("the answer line of {} does not give one True or False per statement; it is not used", cx.name),
        ));
    }
    let mut sts = Vec::new();
    for (k, s) in items.statements.into_iter().enumerate() {
        let mut marked = s.marked;
        if let Some(v) = listed.as_ref().map(|l| l[k]) {
            if marked.is_some_and(|m| m != v) {
                diags.push(Diagnostic::error(
                    s.line,
                    format!("statement {} is marked one way and the answer line says the other", k + 1),
                ));
            }
            marked = Some(v);
        }
        let expl = s.solution.as_deref().map(join).filter(|e| !e.is_empty());
        r.cards.push((s.line, marked.map(Answer::Tf), expl, None));
        sts.push(Statement { text: join(&s.text), line: s.line, marked });
    }
    if said.as_ref().is_some_and(|s| !s.after.is_empty())
        && let Some(last) = r.cards.last_mut()
    {
        let after = said.as_ref().map(|s| join(&s.after)).unwrap_or_default();
        last.2 = Some(last.2.take().map_or(after.clone(), |e| format!("{e}\n\n{after}")));
    }
    r.body = Body::Statements(sts);
}

fn options(
    items: Items,
    said: Option<Said>,
    expl: Option<String>,
    cx: &Ctx<'_>,
    diags: &mut Vec<Diagnostic>,
    r: &mut Resolved,
) {
    let opts = items.options;
    let marked: Vec<usize> = opts.iter().enumerate().filter(|(_, o)| o.marked).map(|(i, _)| i).collect();
    let toks = said.as_ref().and_then(|s| s.tokens.clone());
    let named: Option<Vec<usize>> = toks.as_ref().map(|t| {
        t.iter()
            .filter_map(|x| x.option().or_else(|| x.truth().map(|b| if b { 1 } else { 2 })))
            .map(|n| n as usize - 1)
            .collect()
    });
    if let Some(s) = &said
        && s.tokens.is_none()
    {
        let fix = written_names_option(s, &opts);
        let mut d = Diagnostic::warning(
            s.line,
            format!(
                "the answer line of {} names no option (write a letter such as `Answer: B`); it is kept as the explanation",
                cx.name
            ),
        );
        if let Some(f) = fix {
            d = d.with_fix(f);
        }
        diags.push(d);
    }
    if let Some(n) = &named
        && let Some(bad) = n.iter().find(|&&i| i >= opts.len())
    {
        diags.push(Diagnostic::error(
            said.as_ref().map_or(cx.line, |s| s.line),
            format!("the answer names option {} of {}, which has only {} options", bad + 1, cx.name, opts.len()),
        ));
    }
    let named: Option<Vec<usize>> = named.map(|n| n.into_iter().filter(|&i| i < opts.len()).collect());
    if let Some(n) = &named
        && !marked.is_empty()
        && *n != marked
    {
        diags.push(Diagnostic::error(cx.line, format!("{}: the marked boxes and the answer line disagree", cx.name)));
    }
    let right: Option<Vec<usize>> = named.clone().filter(|n| !n.is_empty()).or((!marked.is_empty()).then_some(marked));
    let expl = expl.or_else(|| said.as_ref().and_then(|s| s.written.clone()));
    if let Some(true_first) = is_true_false_pair(&opts) {
        // ☐ True ☐ False: one statement, the stem.
        let value = right.as_ref().and_then(|r| r.first()).map(|&i| (i == 0) == (true_first == 0));
        r.cards.push((cx.line, value.map(Answer::Tf), expl, None));
        r.body = Body::Statements(vec![Statement { text: String::new(), line: cx.line, marked: value }]);
        return;
    }
    let stem = cx.stem.to_ascii_lowercase();
    let multi = right.as_ref().is_some_and(|r| r.len() >= 2) || SELECT_ALL.iter().any(|p| stem.contains(p));
    if multi {
        // One true/false card per option: "is this option right?"
        r.select_all = true;
        let mut sts = Vec::new();
        for (i, o) in opts.iter().enumerate() {
            let value = right.as_ref().map(|r| r.contains(&i));
            r.cards.push((o.line, value.map(Answer::Tf), expl.clone(), None));
            sts.push(Statement { text: join(&o.text), line: o.line, marked: value });
        }
        r.body = Body::Statements(sts);
        return;
    }
    let answer = right.and_then(|r| r.first().map(|&i| Answer::Choice(i as u32 + 1)));
    r.cards.push((cx.line, answer, expl, None));
    r.body = Body::Options(
        opts.into_iter().map(|o| Choice { text: join(&o.text), line: o.line, marked: o.marked }).collect(),
    );
}

/// An answer line whose text is one option's text: offer to write its letter.
fn written_names_option(s: &Said, opts: &[OptB]) -> Option<Fix> {
    let w = s.written.as_deref()?.lines().next()?.trim().to_ascii_lowercase();
    let i = opts.iter().position(|o| join(&o.text).trim().to_ascii_lowercase() == w)?;
    let letter = (b'A' + i as u8) as char;
    Some(Fix::line(format!("take `Answer: {letter}` as the key"), s.line, format!("Answer: {letter}")))
}

fn no_options(said: &Option<Said>, expl: Option<String>, cx: &Ctx<'_>, r: &mut Resolved) {
    let truth = said.as_ref().and_then(|s| s.tokens.as_ref()).and_then(|t| match t.as_slice() {
        [x] => x.truth(),
        _ => None,
    });
    // `True or False: …` with an answer line (or none yet), or a bare `Answer: True`.
    if starts_true_or_false(cx.stem) || truth.is_some() {
        r.cards.push((cx.line, truth.map(Answer::Tf), expl, None));
        r.body = Body::Statements(vec![Statement { text: String::new(), line: cx.line, marked: truth }]);
        return;
    }
    // With nothing to choose from, a numeric answer (`Answer: 42`) is the written solution itself.
    let given = said.as_ref().and_then(|s| s.written.clone().or_else(|| s.raw.clone()));
    let explanation = if given.is_some() { expl.clone() } else { None };
    let solution = given.or(expl);
    r.unsolved = solution.is_none();
    r.cards.push((cx.line, solution.as_ref().map(|_| Answer::Written), explanation, solution));
    r.body = Body::Free;
}

/// Builds one question: its body (or parts) and its cards.
/// How a built question stands for its section's rule on free-response questions.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Standing {
    /// It has options, statements or parts (or lines that look like options).
    Options,
    /// A free-response question with a solution.
    Free,
    /// A free-response question without a solution.
    Unsolved,
}

fn question(
    qb: QuestionB,
    si: usize,
    qi: usize,
    diags: &mut Vec<Diagnostic>,
    cards: &mut Vec<Card>,
) -> (Question, Standing) {
    let qname = format!("question {}", qb.number);
    let mut stem_lines = qb.stem;
    let pos = CardPos::new(si, qi, None, None);
    let mut standing = Standing::Options;
    let mut select_all = false;
    let body = if qb.parts.is_empty() {
        let stem = join(&stem_lines);
        let cx = Ctx { name: qname.clone(), line: qb.src.line, stem: &stem, numbers_allowed: true };
        let r = resolve(qb.items, &cx, diags);
        stem_lines.extend(r.text_back.iter().cloned());
        cards::make(&r.body, &r.cards, Base { number: qb.number, part: None, sub: None }, qb.points, pos, cards);
        if matches!(r.body, Body::Free) && !r.option_lines {
            standing = if r.unsolved { Standing::Unsolved } else { Standing::Free };
        }
        select_all = r.select_all;
        r.body
    } else {
        let mut items = qb.items;
        // Question-level candidates before the parts are text (Q30's `(1)`…`(4)`).
        stem_lines.extend(std::mem::take(&mut items.cands).into_iter().flat_map(|c| c.raw));
        if items.has_structure() {
            diags.push(Diagnostic::error(
                qb.src.line,
                format!("{qname} has options or statements before its first part"),
            ));
        }
        let sum: f64 = qb.parts.iter().map(|p| p.points).sum();
        if (sum - qb.points).abs() > 1e-9 {
            diags.push(Diagnostic::error(
                qb.src.line,
                format!(
                    "{qname} is worth {} points but its parts add up to {}",
                    fmt_points(qb.points),
                    fmt_points(sum)
                ),
            ));
        }
        let mut parts = Vec::new();
        for (pi, pb) in qb.parts.into_iter().enumerate() {
            let label = join(&pb.label);
            let cx = Ctx {
                name: format!("part ({}) of {qname}", pb.letter),
                line: pb.line,
                stem: &label,
                numbers_allowed: true,
            };
            let r = resolve(pb.items, &cx, diags);
            let mut label_lines = pb.label;
            label_lines.extend(r.text_back.iter().cloned());
            // A part with a written solution is free response (the LaTeX exam class has them);
            // one with nothing to answer was most likely cut short.
            if matches!(r.body, Body::Free) && r.unsolved {
                diags.push(Diagnostic::error(
                    pb.line,
                    format!(
                        "part ({}) of {qname} has no options or statements (nor a `Solution:` to make it free response)",
                        pb.letter
                    ),
                ));
            }
            let base = Base { number: qb.number, part: Some(pb.letter), sub: None };
            cards::make(&r.body, &r.cards, base, pb.points, CardPos { part: Some(pi as u32), ..pos }, cards);
            parts.push(Part {
                letter: pb.letter,
                points: pb.points,
                label: join(&label_lines),
                line: pb.line,
                body: r.body,
                select_all: r.select_all,
                sub: None,
            });
        }
        Body::Parts(parts)
    };
    let q = Question {
        number: qb.number,
        points: qb.points,
        line: qb.src.line,
        stem: join(&stem_lines),
        body,
        topics: Vec::new(),
        rule: Rule::Standard,
        cards: 0..0,
        select_all,
    };
    (q, standing)
}

/// A free-response question without a solution: an error in a section whose other questions all
/// have options (they were most likely lost in conversion), else a warning.
fn unsolved_diagnostic(section: &Section, standing: &[Standing], qi: usize) -> Diagnostic {
    let q = &section.questions[qi];
    let all_options =
        standing.len() > 1 && standing.iter().enumerate().all(|(i, s)| i == qi || *s == Standing::Options);
    if all_options {
        return Diagnostic::error(
            q.line,
            format!(
                "question {} has no options, statements or parts, although every other question of its section has: its options were probably lost in conversion; add them",
                q.number
            ),
        );
    }
    Diagnostic::warning(
        q.line,
        format!(
            "question {} has no options: it is read as a free-response question, but it has no solution; add a `Solution:` line to study it",
            q.number
        ),
    )
}

/// A question read to the end: its final form, its cards and how it stands.
pub(crate) struct Settled {
    question: Question,
    standing: Standing,
}

/// Turns a question that has been read to the end into its final form (question `qi` of section
/// `si`).
/// Its cards go straight to the end of `cards`, the exam's card list.
pub(crate) fn settle(
    qb: QuestionB,
    si: usize,
    qi: usize,
    diags: &mut Vec<Diagnostic>,
    cards: &mut Vec<Card>,
) -> Settled {
    let first = cards.len();
    let (mut question, standing) = question(qb, si, qi, diags, cards);
    question.cards = first..cards.len();
    Settled { question, standing }
}

pub(crate) fn finish(mut b: Builder) -> Parsed {
    b.settle();
    let mut diags = b.diags;
    let instructions = join(&b.preamble);
    // The duration is stated in the instructions, or — when the exam opens with a heading — in
    // the first section's introduction.
    let duration_minutes =
        parse_duration(&instructions).or_else(|| b.sections.first().and_then(|s| parse_duration(&join(&s.intro))));
    let exam_date = match parse_exam_date(&instructions) {
        Some(Ok(d)) => Some(d),
        Some(Err(value)) => {
            let line = b.preamble.iter().position(|l| l.contains(value.as_str())).map_or(0, |i| i + 1);
            diags.push(Diagnostic::warning(
                line,
                format!("the exam date {} is not a date: write it as `Exam date: YYYY-MM-DD`", quote(&value)),
            ));
            None
        }
        None => None,
    };
    let mut exam = Exam { instructions, duration_minutes, exam_date, images: b.images, ..Default::default() };
    exam.cards = b.cards;
    exam.sections.reserve_exact(b.sections.len());
    for sb in b.sections {
        let mut section = Section {
            number: sb.number,
            title: sb.title,
            instructions: join(&sb.intro),
            line: sb.line,
            questions: Vec::with_capacity(sb.done.len()),
        };
        let mut standing = Vec::new();
        for Settled { question, standing: s } in sb.done {
            standing.push(s);
            section.questions.push(question);
        }
        for (qi, s) in standing.iter().enumerate() {
            if *s == Standing::Unsolved {
                diags.push(unsolved_diagnostic(&section, &standing, qi));
            }
        }
        exam.sections.push(section);
    }
    if exam.cards.is_empty() {
        diags.push(Diagnostic::error(
            0,
            "no questions found: expected question lines such as \"1. (1 point) …\", \"Question 1 (2 pts)\" or \"#### Q1.\"",
        ));
    }
    let mut parsed = Parsed { exam, diagnostics: diags, embedded: Vec::new() };
    parsed.shrink();
    parsed
}
