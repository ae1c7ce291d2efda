//! The key file (`<exam stem>.key.ron`): answers, explanations, topics, contested marks and
//! scoring overrides, merged into a parsed exam. Documented in docs/exam-format.md.

use super::{Diagnostic, Parsed, Severity};
use crate::deck::{Answer, Body, CardKind, Rule};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The whole key file.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExamKey {
    /// Format version; 1 is the only one so far.
    #[serde(default = "one")]
    pub version: u32,
    /// Per-question entries, by question number.
    #[serde(default)]
    pub questions: BTreeMap<u32, QuestionKey>,
    /// Per-card entries, by card id (`"16.2"`).
    #[serde(default)]
    pub cards: BTreeMap<String, CardKey>,
}

fn one() -> u32 {
    1
}

/// What the key says about a question.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct QuestionKey {
    /// Topic tags.
    #[serde(default)]
    pub topics: Vec<String>,
    /// A scoring rule other than the exam's default.
    #[serde(default)]
    pub rule: Option<Rule>,
}

/// What the key says about a card.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CardKey {
    /// `"4"` (option number from 1) or `"T"` / `"F"`; left out for a free card.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub answer: Option<String>,
    /// A free card's model solution, to mark written answers against.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub solution: Option<String>,
    /// Why the answer is right.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub explanation: Option<String>,
    /// Present when the answer could be argued either way: the other reading.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contested: Option<String>,
}

fn key_diag(line: usize, severity: Severity, message: impl Into<String>) -> Diagnostic {
    Diagnostic::key(line, severity, message)
}

/// The RON options used for key files: `Some(…)` may be left out around optional values.
pub fn ron_options() -> ron::Options {
    ron::Options::default().with_default_extension(ron::extensions::Extensions::IMPLICIT_SOME)
}

/// Parses key text; the error names the line and column of the RON error.
pub fn parse_key(text: &str) -> Result<ExamKey, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    ron_options().from_str::<ExamKey>(text).map_err(|e| {
        key_diag(
            e.span.start.line,
            Severity::Error,
            format!("invalid key file at column {}: {}", e.span.start.col, e.code),
        )
    })
}

/// Where the key's entries are: the first line of each quoted card id (`"16.2"`) and of each
/// question number followed by a colon (`16:`), as whole tokens outside `//` comments. Built once,
/// so diagnostics cost no rescans of the key text.
struct KeyLines {
    cards: std::collections::HashMap<String, usize>,
    numbers: std::collections::HashMap<u32, usize>,
    version: usize,
}

impl KeyLines {
    fn new(text: &str) -> Self {
        let mut k = KeyLines { cards: Default::default(), numbers: Default::default(), version: 0 };
        for (no, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            if k.version == 0 && code.contains("version") {
                k.version = no + 1;
            }
            let bytes = code.as_bytes();
            let mut i = 0;
            while i < bytes.len() {
                let before_ok = i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.');
                if bytes[i] == b'"' {
                    if let Some(end) = code[i + 1..].find('"') {
                        k.cards.entry(code[i + 1..i + 1 + end].to_string()).or_insert(no + 1);
                        i += end + 2;
                        continue;
                    }
                } else if bytes[i].is_ascii_digit() && before_ok {
                    let len = bytes[i..].iter().take_while(|b| b.is_ascii_digit()).count();
                    if bytes.get(i + len) == Some(&b':')
                        && let Ok(n) = code[i..i + len].parse::<u32>()
                    {
                        k.numbers.entry(n).or_insert(no + 1);
                    }
                    i += len;
                    continue;
                }
                i += 1;
            }
        }
        k
    }
}

/// Merges the key into the parsed exam, adding diagnostics for every disagreement.
pub fn apply(parsed: &mut Parsed, key_text: &str) {
    let key = match parse_key(key_text) {
        Ok(k) => k,
        Err(d) => {
            parsed.diagnostics.push(d);
            return;
        }
    };
    let lines = KeyLines::new(key_text);
    let diags = &mut parsed.diagnostics;
    let exam = &mut parsed.exam;
    if key.version != 1 {
        diags.push(key_diag(lines.version, Severity::Error, format!("unknown key format version {}", key.version)));
        return;
    }
    for (number, qk) in &key.questions {
        let line = lines.numbers.get(number).copied().unwrap_or(0);
        let Some(q) = exam.sections.iter_mut().flat_map(|s| s.questions.iter_mut()).find(|q| q.number == *number)
        else {
            diags.push(key_diag(
                line,
                Severity::Error,
                format!("the key has question {number}, which the exam does not have"),
            ));
            continue;
        };
        q.topics = qk.topics.clone();
        if let Some(rule) = qk.rule {
            if rule == Rule::Permutation {
                let ok = match &q.body {
                    Body::Parts(parts) => parts.iter().all(|p| matches!(p.body, Body::Options(_))),
                    _ => false,
                };
                if !ok {
                    diags.push(key_diag(
                        line,
                        Severity::Error,
                        format!("rule Permutation needs question {number} to have parts made of options"),
                    ));
                    continue;
                }
            }
            q.rule = rule;
        }
    }
    let index: std::collections::HashMap<String, usize> =
        exam.cards.iter().enumerate().map(|(i, c)| (c.id.0.clone(), i)).collect();
    for (id, ck) in &key.cards {
        let line = lines.cards.get(id.as_str()).copied().unwrap_or(0);
        let Some(&idx) = index.get(id.as_str()) else {
            diags.push(key_diag(line, Severity::Error, format!("the key has card {id}, which the exam does not have")));
            continue;
        };
        let card = &exam.cards[idx];
        // `None`: an entry with only an explanation or a note; the answer stays as the exam gives it.
        let answer = match (card.kind, &ck.answer, &ck.solution) {
            (CardKind::Free, None, Some(_)) => Some(Answer::Written),
            (_, None, None) if ck.explanation.is_some() || ck.contested.is_some() => None,
            (_, Some(a), _) if Answer::parse(a, card.kind).is_some() => Answer::parse(a, card.kind),
            (kind, a, _) => {
                let expected = match kind {
                    CardKind::Single => "an option number such as \"2\"",
                    CardKind::TrueFalse => "\"T\" or \"F\"",
                    CardKind::Free => "a `solution` (it is a free-response card)",
                };
                let found = a.as_deref().map_or("nothing".to_string(), |a| format!("answer \"{a}\""));
                diags.push(key_diag(line, Severity::Error, format!("card {id}: {found} is not {expected}")));
                continue;
            }
        };
        if let Some(Answer::Choice(n)) = answer {
            let count = exam.card_choices(card).len();
            if n as usize > count {
                diags.push(key_diag(
                    line,
                    Severity::Error,
                    format!("card {id}: answer {n} but it has only {count} options"),
                ));
                continue;
            }
        }
        if let (Some(marked), Some(answer)) = (card.answer, answer)
            && marked != answer
        {
            diags.push(Diagnostic::error(
                card.line,
                format!("card {id}: the key says {answer} but the marked box says {marked}"),
            ));
            continue;
        }
        let card = &mut exam.cards[idx];
        card.answer = answer.or(card.answer);
        if let Some(sol) = &ck.solution {
            card.solution = Some(sol.trim().to_string());
        }
        if let Some(e) = &ck.explanation {
            card.explanation = Some(e.trim().to_string());
        }
        card.contested = ck.contested.as_ref().map(|c| c.trim().to_string());
    }
    for card in &exam.cards {
        if card.answer.is_none() {
            diags.push(Diagnostic::warning(card.line, format!("card {} has no answer in the key", card.id)));
        }
    }
}
