//! Anki's text import, read with no settings changed: `#separator:tab`, `#html:true`,
//! `#notetype:Basic`, `#deck:` and `#tags column:3`. One note per card: the front holds the
//! stem and the options (or the statement), the back the answer and the explanation. Math is
//! written `\( \)` / `\[ \]`, images as `<img src="name">` with the files beside the export.
//! With the schedule included, each note is tagged `due::YYYY-MM-DD` (and `new` when never
//! studied).

use super::{Source, answer_text, letter, prompt, statement, tex_delimiters};
use crate::deck::CardKind;

/// Markdown text as the HTML of an Anki field: escaped, images as `<img>`, math as TeX
/// delimiters, line breaks as `<br>`.
fn html(md: &str) -> String {
    let escaped = md.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
    let mut out = String::with_capacity(escaped.len());
    let mut rest = escaped.as_str();
    // `![alt](path)` as `<img src="path">`.
    while let Some(i) = rest.find("![") {
        let Some(close) = rest[i..].find("](").map(|j| i + j) else { break };
        let Some(end) = rest[close..].find(')').map(|j| close + j) else { break };
        out.push_str(&rest[..i]);
        out.push_str(&format!("<img src=\"{}\">", rest[close + 2..end].replace('"', "&quot;")));
        rest = &rest[end + 1..];
    }
    out.push_str(rest);
    tex_delimiters(&out).replace("\r\n", "\n").replace('\n', "<br>").replace('\t', " ")
}

/// A field quoted when it holds a quote (Anki reads fields as CSV).
fn field(s: &str) -> String {
    if s.contains('"') { format!("\"{}\"", s.replace('"', "\"\"")) } else { s.to_string() }
}

pub(super) fn write(src: &Source<'_>) -> String {
    let exam = src.exam;
    let mut out = format!(
        "#separator:tab\n#html:true\n#notetype:Basic\n#deck:{}\n#tags column:3\n",
        src.name.replace(['\n', '\t'], " ")
    );
    for card in &exam.cards {
        let mut front = html(&prompt(exam, card));
        match card.kind {
            CardKind::Single => {
                for (i, c) in exam.card_choices(card).iter().enumerate() {
                    front.push_str(&format!("<br>{}. {}", letter(i + 1), html(&c.text)));
                }
            }
            CardKind::TrueFalse => {
                if let Some(s) = statement(exam, card) {
                    front.push_str(&format!("<br><br>{}", html(&s)));
                }
                front.push_str("<br><br><i>True or false?</i>");
            }
            CardKind::Free => {}
        }
        let mut back =
            answer_text(exam, card).map(|a| html(&a)).unwrap_or_else(|| "<i>(no answer in the exam)</i>".into());
        if let Some(e) = &card.explanation {
            back.push_str(&format!("<br><br>{}", html(e)));
        }
        let q = exam.card_question(card);
        let mut tags: Vec<String> =
            q.topics.iter().map(|t| t.split_whitespace().collect::<Vec<_>>().join("_")).collect();
        tags.push(format!("examdeck::{}", card.id));
        if let Some(states) = src.states {
            match states.get(card.id.as_str()).and_then(|s| s.due) {
                Some(d) => tags.push(format!("due::{d}")),
                None => tags.push("new".into()),
            }
        }
        out.push_str(&format!("{}\t{}\t{}\n", field(&front), field(&back), tags.join(" ")));
    }
    out
}
