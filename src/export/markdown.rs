//! examdeck's own Markdown (docs/exam-format.md): marked boxes for the key, `Solution:` lines for
//! explanations and solutions, and a key file for what the text cannot say (topics, scoring rules,
//! contested notes). Reading the export back gives the same ids, kinds, answers and explanations,
//! except for LaTeX subparts, which Markdown has no form for: they become parts of their own.

use crate::deck::{Answer, Body, Card, Exam, Question, Rule};
use crate::import::key::{CardKey, ExamKey, QuestionKey};

/// Text lines after the first, indented so they continue the line they belong to.
fn continued(text: &str) -> String {
    let mut lines = text.split('\n');
    let mut out = lines.next().unwrap_or("").to_string();
    for l in lines {
        out.push('\n');
        if !l.trim().is_empty() {
            out.push_str("  ");
        }
        out.push_str(l);
    }
    out
}

fn points(p: f64) -> String {
    format!("({})", crate::import::summary::points(p))
}

fn box_(marked: bool) -> &'static str {
    if marked { "☒" } else { "☐" }
}

fn solution(out: &mut String, label: &str, text: Option<&str>) {
    if let Some(t) = text.filter(|t| !t.trim().is_empty()) {
        out.push_str(&format!("{label} {}\n", continued(t)));
    }
}

/// The phrases by which a stem asks for every right option (as the reader knows them).
fn says_select_all(stem: &str) -> bool {
    let s = stem.to_ascii_lowercase();
    ["select all", "mark all", "all that apply", "choose all", "check all"].iter().any(|p| s.contains(p))
}

/// Writes a body (of a question or part) whose stem or label is `prompt`, with its cards.
fn body(out: &mut String, body: &Body, prompt: &str, select_all: bool, cards: &[&Card]) {
    match body {
        Body::Options(choices) => {
            let key = cards.first().and_then(|c| c.answer);
            for (i, c) in choices.iter().enumerate() {
                let marked = key == Some(Answer::Choice(i as u32 + 1));
                out.push_str(&format!("- {} {}\n", box_(marked), continued(&c.text)));
            }
            solution(out, "Solution:", cards.first().and_then(|c| c.explanation.as_deref()));
        }
        Body::Statements(sts) if sts.len() == 1 && sts[0].text.is_empty() => {
            let v = cards.first().and_then(|c| c.answer);
            out.push_str(&format!(
                "- {} True\n- {} False\n",
                box_(v == Some(Answer::Tf(true))),
                box_(v == Some(Answer::Tf(false)))
            ));
            solution(out, "Solution:", cards.first().and_then(|c| c.explanation.as_deref()));
        }
        Body::Statements(sts) => {
            let right = cards.iter().filter(|c| c.answer == Some(Answer::Tf(true))).count();
            if select_all && (right >= 2 || says_select_all(prompt)) {
                for (s, c) in sts.iter().zip(cards) {
                    out.push_str(&format!("- {} {}\n", box_(c.answer == Some(Answer::Tf(true))), continued(&s.text)));
                }
                solution(out, "Solution:", cards.first().and_then(|c| c.explanation.as_deref()));
                return;
            }
            for (s, c) in sts.iter().zip(cards) {
                let (t, f) = (c.answer == Some(Answer::Tf(true)), c.answer == Some(Answer::Tf(false)));
                out.push_str(&format!("- {} T {} F: {}\n", box_(t), box_(f), continued(&s.text)));
                if !select_all {
                    solution(out, "  Solution:", c.explanation.as_deref());
                }
            }
            if select_all {
                solution(out, "Solution:", cards.first().and_then(|c| c.explanation.as_deref()));
            }
        }
        Body::Free => {
            let Some(c) = cards.first() else { return };
            match (&c.solution, &c.explanation) {
                (Some(s), Some(e)) => {
                    out.push_str(&format!("Answer: {}\n", continued(s)));
                    solution(out, "Solution:", Some(e));
                }
                (Some(s), None) => solution(out, "Solution:", Some(s)),
                (None, e) => solution(out, "Solution:", e.as_deref()),
            }
        }
        Body::Empty | Body::Parts(_) => {}
    }
}

fn question(out: &mut String, exam: &Exam, q: &Question) {
    let cards: Vec<&Card> = exam.cards[q.cards.clone()].iter().collect();
    let mut stem = q.stem.split('\n');
    out.push_str(&format!("{}. {} {}\n", q.number, points(q.points), stem.next().unwrap_or("")));
    for l in stem {
        out.push_str(l);
        out.push('\n');
    }
    out.push('\n');
    match &q.body {
        Body::Parts(parts) => {
            let mut used: Vec<char> = parts.iter().filter(|p| p.sub.is_none()).map(|p| p.letter).collect();
            let mut last_sub_parent = None;
            for (pi, p) in parts.iter().enumerate() {
                let pcards: Vec<&Card> = cards.iter().copied().filter(|c| c.pos.part() == Some(pi)).collect();
                // A subpart takes the next letter nobody uses; its numeral leads its label.
                let letter = match &p.sub {
                    None => p.letter,
                    Some(_) if last_sub_parent != Some(p.letter) && !used.contains(&p.letter) => p.letter,
                    Some(_) => ('a'..='z').find(|l| !used.contains(l)).unwrap_or('z'),
                };
                if p.sub.is_some() {
                    last_sub_parent = Some(p.letter);
                    used.push(letter);
                }
                let label = match &p.sub {
                    Some(n) => format!("({n}) {}", p.label),
                    None => p.label.clone(),
                };
                out.push_str(&format!("({letter}) {} {}\n", points(p.points), continued(&label)));
                body(out, &p.body, &label, p.select_all, &pcards);
                out.push('\n');
            }
        }
        b => {
            body(out, b, &q.stem, q.select_all, &cards);
            out.push('\n');
        }
    }
}

/// The exam text and, when needed, its key file.
pub(super) fn write(exam: &Exam) -> (String, Option<String>) {
    let mut out = String::new();
    if !exam.instructions.trim().is_empty() {
        out.push_str(exam.instructions.trim_end());
        out.push_str("\n\n");
    }
    for s in &exam.sections {
        if !s.title.is_empty() {
            let number = s.number.map(|n| format!("{n}. ")).unwrap_or_default();
            out.push_str(&format!("## {number}{}\n\n", s.title));
            if !s.instructions.trim().is_empty() {
                out.push_str(s.instructions.trim_end());
                out.push_str("\n\n");
            }
        }
        for q in &s.questions {
            question(&mut out, exam, q);
        }
    }
    let mut key = ExamKey { version: 1, ..Default::default() };
    for q in exam.questions() {
        if !q.topics.is_empty() || q.rule != Rule::Standard {
            let rule = (q.rule != Rule::Standard).then_some(q.rule);
            key.questions.insert(q.number, QuestionKey { topics: q.topics.clone(), rule });
        }
    }
    for c in exam.cards.iter().filter(|c| c.contested.is_some()) {
        // A key entry carries its card's answer (a free card's solution).
        let (answer, solution) = match c.kind {
            crate::deck::CardKind::Free => (None, c.solution.clone()),
            _ => (c.answer.map(|a| a.to_string()), None),
        };
        let entry = CardKey { answer, solution, contested: c.contested.clone(), ..Default::default() };
        key.cards.insert(c.id.0.clone(), entry);
    }
    let key = (!key.questions.is_empty() || !key.cards.is_empty())
        .then(|| ron::ser::to_string_pretty(&key, ron::ser::PrettyConfig::default()).unwrap_or_default());
    (out.trim_end().to_string() + "\n", key)
}
