//! The key file (`<exam stem>.key.ron`): answers, explanations, topics, contested marks and
//! scoring overrides, merged into a parsed exam. Documented in docs/exam-format.md.

use super::{Diagnostic, Origin, Parsed, Severity};
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
    /// `"4"` (option number from 1) or `"T"` / `"F"`.
    pub answer: String,
    /// Why the answer is right.
    #[serde(default)]
    pub explanation: Option<String>,
    /// Present when the answer could be argued either way: the other reading.
    #[serde(default)]
    pub contested: Option<String>,
}

fn key_diag(line: usize, severity: Severity, message: impl Into<String>) -> Diagnostic {
    Diagnostic { origin: Origin::Key, line, severity, message: message.into() }
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

/// The 1-based line where `needle` first appears in `text` as a whole token (not inside a longer
/// number or id, not in a `//` comment); 0 if nowhere.
fn line_of(text: &str, needle: &str) -> usize {
    for (no, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut from = 0;
        while let Some(i) = code[from..].find(needle) {
            let at = from + i;
            let before = code[..at].chars().next_back();
            if !before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '.') {
                return no + 1;
            }
            from = at + needle.len();
        }
    }
    0
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
    let diags = &mut parsed.diagnostics;
    let exam = &mut parsed.exam;
    if key.version != 1 {
        diags.push(key_diag(
            line_of(key_text, "version"),
            Severity::Error,
            format!("unknown key format version {}", key.version),
        ));
        return;
    }
    for (number, qk) in &key.questions {
        let line = line_of(key_text, &format!("{number}:"));
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
    for (id, ck) in &key.cards {
        let line = line_of(key_text, &format!("\"{id}\""));
        let Some(idx) = exam.card_index(id) else {
            diags.push(key_diag(line, Severity::Error, format!("the key has card {id}, which the exam does not have")));
            continue;
        };
        let card = &exam.cards[idx];
        let Some(answer) = Answer::parse(&ck.answer, card.kind) else {
            let expected = match card.kind {
                CardKind::Single => "an option number such as \"2\"",
                CardKind::TrueFalse => "\"T\" or \"F\"",
            };
            diags.push(key_diag(
                line,
                Severity::Error,
                format!("card {id}: answer \"{}\" is not {expected}", ck.answer),
            ));
            continue;
        };
        if let Answer::Choice(n) = answer {
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
        if let Some(marked) = card.answer
            && marked != answer
        {
            diags.push(Diagnostic::error(
                card.line,
                format!("card {id}: the key says {answer} but the marked box says {marked}"),
            ));
            continue;
        }
        let card = &mut exam.cards[idx];
        card.answer = Some(answer);
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
