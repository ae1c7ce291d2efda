//! Moodle XML. Single answers are `multichoice` with `<single>true</single>` and the key at
//! fraction 100; multiple-select questions are `multichoice` with `<single>false</single>`, the
//! right options sharing +100 % and the wrong ones −100 %; a one-statement true/false question is
//! `truefalse`; free response is `essay` with the solution as `<graderinfo>`; explanations are
//! `<generalfeedback>`. Moodle has no question of statements that may each be left blank and
//! are clipped at 0 together: each statement becomes a `truefalse` question of its own, and a
//! comment in the file says what differs. Parts become questions of their own.

use super::{SelectGroup, is_select, prompt, statement, statements_in, tex_delimiters};
use crate::deck::{Answer, CardKind, Exam};
use quick_xml::escape::escape;

/// Markdown text as the HTML of a `<text>` element, in a CDATA section as Moodle writes it:
/// paragraphs, line breaks, images, math as `\( \)`.
fn html(md: &str) -> String {
    let paragraphs: Vec<String> = md
        .split("\n\n")
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let e = p.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;");
            let mut out = String::new();
            let mut rest = e.as_str();
            while let Some(i) = rest.find("![") {
                let Some(close) = rest[i..].find("](").map(|j| i + j) else { break };
                let Some(end) = rest[close..].find(')').map(|j| close + j) else { break };
                out.push_str(&rest[..i]);
                out.push_str(&format!("<img src=\"@@PLUGINFILE@@/{}\">", &rest[close + 2..end]));
                rest = &rest[end + 1..];
            }
            out.push_str(rest);
            format!("<p>{}</p>", tex_delimiters(&out).replace('\n', "<br>"))
        })
        .collect();
    format!("<![CDATA[{}]]>", paragraphs.concat().replace("]]>", "]]]]><![CDATA[>"))
}

fn text(tag: &str, md: &str) -> String {
    format!("    <{tag} format=\"html\"><text>{}</text></{tag}>\n", html(md))
}

fn fraction(f: f64) -> String {
    let r = (f * 100_000.0).round() / 100_000.0;
    crate::import::fmt_points(r)
}

fn open(kind: &str, name: &str, stem: &str, points: f64) -> String {
    format!(
        "  <question type=\"{kind}\">\n    <name><text>{}</text></name>\n{}    <defaultgrade>{}</defaultgrade>\n",
        escape(name),
        text("questiontext", stem),
        fraction(points)
    )
}

fn general(e: &Option<String>) -> String {
    e.as_deref().map(|e| text("generalfeedback", e)).unwrap_or_default()
}

pub(super) fn write(exam: &Exam) -> String {
    let mut out =
        String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<quiz>\n<!-- Exported from examdeck. -->\n");
    let mut topic: Option<&str> = None;
    let mut i = 0;
    while i < exam.cards.len() {
        let card = &exam.cards[i];
        let q = exam.card_question(card);
        if let Some(t) = q.topics.first().map(String::as_str)
            && topic != Some(t)
        {
            out.push_str(&format!(
                "  <question type=\"category\"><category><text>$course$/top/{}</text></category></question>\n",
                escape(t)
            ));
            topic = Some(t);
        }
        let stem = prompt(exam, card);
        let id = card.id.as_str();
        match card.kind {
            CardKind::TrueFalse if is_select(exam, card) => {
                let group = SelectGroup::at(exam, i);
                let points: f64 = group.cards.iter().map(|c| c.points).sum();
                out.push_str(&open("multichoice", group.name, &stem, points));
                out.push_str(&general(&card.explanation));
                out.push_str("    <single>false</single>\n    <shuffleanswers>0</shuffleanswers>\n    <answernumbering>ABCD</answernumbering>\n");
                for c in group.cards {
                    out.push_str(&format!(
                        "    <answer fraction=\"{}\" format=\"html\"><text>{}</text></answer>\n",
                        fraction(group.weight(c)),
                        html(&statement(exam, c).unwrap_or_default())
                    ));
                }
                out.push_str("  </question>\n");
                i += group.cards.len();
                continue;
            }
            CardKind::TrueFalse => {
                let n = statements_in(exam, card);
                if n > 1 && card.pos.statement() == Some(0) {
                    out.push_str(&format!(
                        "  <!-- Question {}: its {n} statements are {n} true/false questions here. In examdeck a statement may be left blank for 0, a wrong one costs its share, and the question is clipped at 0; Moodle scores each on its own. -->\n",
                        q.number
                    ));
                }
                let full = match statement(exam, card) {
                    Some(s) => format!("{stem}\n\n{s}"),
                    None => stem,
                };
                out.push_str(&open("truefalse", id, &full, card.points));
                out.push_str(&general(&card.explanation));
                let v = match card.answer {
                    Some(Answer::Tf(v)) => Some(v),
                    _ => None,
                };
                for (label, value) in [("true", true), ("false", false)] {
                    let f = if v == Some(value) { 100 } else { 0 };
                    out.push_str(&format!("    <answer fraction=\"{f}\"><text>{label}</text></answer>\n"));
                }
                out.push_str("  </question>\n");
            }
            CardKind::Single => {
                out.push_str(&open("multichoice", id, &stem, card.points));
                out.push_str(&general(&card.explanation));
                out.push_str("    <single>true</single>\n    <shuffleanswers>0</shuffleanswers>\n    <answernumbering>ABCD</answernumbering>\n");
                for (k, c) in exam.card_choices(card).iter().enumerate() {
                    let f = if card.answer == Some(Answer::Choice(k as u32 + 1)) { 100 } else { 0 };
                    out.push_str(&format!(
                        "    <answer fraction=\"{f}\" format=\"html\"><text>{}</text></answer>\n",
                        html(&c.text)
                    ));
                }
                out.push_str("  </question>\n");
            }
            CardKind::Free => {
                out.push_str(&open("essay", id, &stem, card.points));
                out.push_str(&general(&card.explanation));
                if let Some(s) = &card.solution {
                    out.push_str(&text("graderinfo", s));
                }
                out.push_str("  </question>\n");
            }
        }
        i += 1;
    }
    out.push_str("</quiz>\n");
    out
}
