//! Moodle GIFT. Single answers export with their key (`=` right, `~` wrong), explanations as
//! general feedback (`####`). GIFT cannot express a question of several true/false statements
//! scored together and clipped at 0, so each statement becomes a true/false question of its own,
//! and a comment says so. Multiple-select questions export with weights (right options share
//! +100 %, wrong ones −100 %); free-response questions as essays with the solution as feedback;
//! parts as questions of their own.

use super::{SelectGroup, answer_text, is_select, prompt, statement, statements_in, tex_delimiters};
use crate::deck::{Answer, CardKind, Exam};

/// GIFT's special characters escaped, line breaks as `\n`, math as `\( \)`.
fn esc(s: &str) -> String {
    let t = tex_delimiters(s);
    let mut out = String::with_capacity(t.len() + 8);
    let mut chars = t.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            // A backslash before a special character (TeX's `\{`, `\\`) is escaped itself; others
            // (`\frac`) stay as they are, as GIFT files write them.
            '\\' if chars.peek().is_some_and(|n| matches!(n, '~' | '=' | '#' | '{' | '}' | ':' | '\\' | 'n')) => {
                out.push_str("\\\\")
            }
            '~' | '=' | '#' | '{' | '}' | ':' => {
                out.push('\\');
                out.push(c);
            }
            '\n' => out.push_str("\\n"),
            '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn feedback(e: &Option<String>) -> String {
    e.as_deref().map(|e| format!(" ####{}", esc(e))).unwrap_or_default()
}

/// A weight Moodle accepts, as `%…%` text.
fn weight(w: f64) -> String {
    let r = (w * 100_000.0).round() / 100_000.0;
    format!("%{}%", crate::import::fmt_points(r))
}

pub(super) fn write(exam: &Exam) -> String {
    let mut out = String::from(
        "// Exported from examdeck. Points are not part of GIFT: every question is worth 1 in Moodle.\n\n",
    );
    let mut topic: Option<&str> = None;
    let mut i = 0;
    while i < exam.cards.len() {
        let card = &exam.cards[i];
        let q = exam.card_question(card);
        if let Some(t) = q.topics.first().map(String::as_str)
            && topic != Some(t)
        {
            out.push_str(&format!("$CATEGORY: $course$/top/{t}\n\n"));
            topic = Some(t);
        }
        let title = card.id.as_str();
        let stem = esc(&prompt(exam, card));
        match card.kind {
            CardKind::TrueFalse if is_select(exam, card) => {
                // The whole option list is one question.
                let group = SelectGroup::at(exam, i);
                out.push_str(&format!("::{}:: {stem} {{\n", esc(group.name)));
                for c in group.cards {
                    let w = weight(group.weight(c));
                    out.push_str(&format!("\t~{w}{}\n", esc(&statement(exam, c).unwrap_or_default())));
                }
                out.push_str(&format!("{}}}\n\n", feedback(&card.explanation).trim_start()));
                i += group.cards.len();
                continue;
            }
            CardKind::TrueFalse => {
                let n = statements_in(exam, card);
                if n > 1 && card.pos.statement() == Some(0) {
                    out.push_str(&format!(
                        "// Question {}: its {n} statements are exported as {n} true/false questions; GIFT cannot score them together clipped at 0.\n",
                        q.number
                    ));
                }
                let text = match statement(exam, card) {
                    Some(s) => format!("{stem}\\n\\n{}", esc(&s)),
                    None => stem,
                };
                let v = match card.answer {
                    Some(Answer::Tf(true)) => "TRUE",
                    Some(Answer::Tf(false)) => "FALSE",
                    _ => {
                        out.push_str(&format!("// Card {title} has no answer in the exam; it is left out.\n\n"));
                        i += 1;
                        continue;
                    }
                };
                out.push_str(&format!("::{}:: {text} {{{v}{}}}\n\n", esc(title), feedback(&card.explanation)));
            }
            CardKind::Single => {
                out.push_str(&format!("::{}:: {stem} {{\n", esc(title)));
                for (k, c) in exam.card_choices(card).iter().enumerate() {
                    let mark = if card.answer == Some(Answer::Choice(k as u32 + 1)) { '=' } else { '~' };
                    out.push_str(&format!("\t{mark}{}\n", esc(&c.text)));
                }
                out.push_str(&format!("{}}}\n\n", feedback(&card.explanation).trim_start()));
            }
            CardKind::Free => {
                let mut fb = answer_text(exam, card).unwrap_or_default();
                if let Some(e) = &card.explanation {
                    fb = if fb.is_empty() { e.clone() } else { format!("{fb}\n\n{e}") };
                }
                let fb = if fb.is_empty() { String::new() } else { format!("####{}", esc(&fb)) };
                out.push_str(&format!("::{}:: {stem} {{{fb}}}\n\n", esc(title)));
            }
        }
        i += 1;
    }
    out
}
