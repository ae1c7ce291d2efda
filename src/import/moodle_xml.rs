//! Moodle XML (`.xml`), read with `quick-xml` into a small element tree, then question by
//! question:
//!
//! | `<question type=…>` | examdeck |
//! |---|---|
//! | `multichoice` | single answer (`<single>true</single>`) or multiple-select; an answer with a `fraction` above 0 is right |
//! | `truefalse` | a one-statement true/false question, keyed by the answer with fraction 100 |
//! | `shortanswer`, `numerical` | free response; the accepted answers (fraction > 0, with `<tolerance>`) are the solution |
//! | `essay` | free response; `<graderinfo>` is the solution |
//! | `category` | the topic of the questions after it |
//! | anything else (`matching`, `cloze`, `description`, …) | skipped, one warning each |
//!
//! Question text is HTML, read as Markdown (paragraphs, emphasis, `\( \)` math kept);
//! `<generalfeedback>` and the right answer's `<feedback>` are the explanation; `<defaultgrade>`
//! is the points. Images embedded as base64 `<file>` elements are decoded into the deck and the
//! text's `@@PLUGINFILE@@/name` references point at them.

use super::Diagnostic;
use super::draft::{Draft, DraftBody, DraftOption, DraftQuestion, line_of, line_starts};
use super::html;
use base64::Engine;
use quick_xml::events::Event;

/// Elements deeper than this are refused (a tree is walked recursively).
const MAX_DEPTH: usize = 64;

/// An element: its name, attributes, text (its own, not its children's) and children.
#[derive(Default, Debug)]
struct El {
    name: String,
    attrs: Vec<(String, String)>,
    text: String,
    children: Vec<El>,
    line: usize,
}

impl El {
    fn child(&self, name: &str) -> Option<&El> {
        self.children.iter().find(|c| c.name == name)
    }

    fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a El> + 'a {
        self.children.iter().filter(move |c| c.name == name)
    }

    fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }

    /// The text of `<name><text>…</text></name>`, trimmed.
    fn text_of(&self, name: &str) -> Option<&str> {
        self.child(name).and_then(|c| c.child("text")).map(|t| t.text.trim())
    }
}

/// The element tree, or the error with its line.
fn tree(text: &str) -> Result<El, Diagnostic> {
    let starts: Vec<usize> = line_starts(text);
    let mut reader = quick_xml::Reader::from_str(text);
    let mut stack: Vec<El> = vec![El::default()];
    loop {
        let pos = reader.buffer_position() as usize;
        let line = line_of(&starts, pos);
        let bad = |e: &dyn std::fmt::Display| {
            Diagnostic::error(line, format!("the XML cannot be read here: {e}; check that every tag is closed"))
        };
        let ev = reader.read_event().map_err(|e| bad(&e))?;
        match ev {
            Event::Start(s) | Event::Empty(s) if stack.len() > MAX_DEPTH => {
                let _ = s;
                return Err(Diagnostic::error(line, "the XML is nested too deeply to be a Moodle quiz"));
            }
            Event::Start(s) => stack.push(element(&s, line)),
            Event::Empty(s) => {
                let el = element(&s, line);
                stack.last_mut().expect("root").children.push(el);
            }
            Event::End(_) => {
                if stack.len() == 1 {
                    return Err(bad(&"a closing tag with no opening tag"));
                }
                let el = stack.pop().expect("checked");
                stack.last_mut().expect("root").children.push(el);
            }
            Event::Text(t) => stack.last_mut().expect("root").text.push_str(&t.decode().map_err(|e| bad(&e))?),
            Event::CData(t) => stack.last_mut().expect("root").text.push_str(&t.decode().map_err(|e| bad(&e))?),
            Event::GeneralRef(r) => {
                let text = &mut stack.last_mut().expect("root").text;
                match r.resolve_char_ref().map_err(|e| bad(&e))? {
                    Some(c) => text.push(c),
                    None => {
                        let name = r.decode().map_err(|e| bad(&e))?;
                        match quick_xml::escape::resolve_predefined_entity(&name) {
                            Some(v) => text.push_str(v),
                            None => {
                                text.push('&');
                                text.push_str(&name);
                                text.push(';');
                            }
                        }
                    }
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    if stack.len() > 1 {
        return Err(Diagnostic::error(line_of(&starts, text.len()), "the XML ends before every tag is closed"));
    }
    Ok(stack.pop().expect("root"))
}

fn element(s: &quick_xml::events::BytesStart<'_>, line: usize) -> El {
    let name = String::from_utf8_lossy(s.local_name().as_ref()).into_owned();
    let attrs = s
        .attributes()
        .flatten()
        .map(|a| {
            let k = String::from_utf8_lossy(a.key.local_name().as_ref()).into_owned();
            let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).map(|v| v.into_owned()).unwrap_or_default();
            (k, v)
        })
        .collect();
    El { name, attrs, line, ..Default::default() }
}

/// A `<text>` read as Markdown, with `@@PLUGINFILE@@/` references made plain names.
fn markdown(s: &str) -> String {
    let md = html::to_markdown(s);
    if md.contains("@@PLUGINFILE@@/") { md.replace("@@PLUGINFILE@@/", "") } else { md }
}

/// Reads Moodle XML.
pub fn parse(text: &str) -> super::Parsed {
    let mut d = Draft {
        hint: "expected a Moodle XML `<quiz>` of `<question type=\"multichoice\">` (and the like) elements",
        ..Default::default()
    };
    let root = match tree(text) {
        Ok(r) => r,
        Err(e) => {
            d.diags.push(e);
            return super::draft::build(d);
        }
    };
    let Some(quiz) = root.child("quiz") else {
        d.diags.push(Diagnostic::error(1, "this XML has no `<quiz>` element: it is not a Moodle XML export"));
        return super::draft::build(d);
    };
    let mut category: Option<String> = None;
    for q in quiz.all("question") {
        let kind = q.attr("type").unwrap_or("");
        if kind == "category" {
            category = q.text_of("category").map(|c| {
                let c = c.strip_prefix("$course$/").unwrap_or(c);
                c.strip_prefix("top/").unwrap_or(c).to_string()
            });
            continue;
        }
        images(q, &mut d);
        let mut dq = DraftQuestion {
            line: q.line,
            stem: q.text_of("questiontext").map(markdown).unwrap_or_default(),
            points: q.child("defaultgrade").and_then(|g| g.text.trim().parse::<f64>().ok()).filter(|p| *p > 0.0),
            explanation: q.text_of("generalfeedback").map(markdown).filter(|f| !f.is_empty()),
            topics: category.iter().filter(|c| !c.is_empty()).cloned().collect(),
            ..Default::default()
        };
        let answers: Vec<Ans> = q.all("answer").map(answer).collect();
        dq.body = match kind {
            "multichoice" => {
                let single = q.child("single").is_none_or(|s| s.text.trim() != "false");
                let options = answers
                    .into_iter()
                    .map(|a| DraftOption { text: a.text, line: a.line, right: a.fraction > 0.0, feedback: a.feedback })
                    .collect();
                DraftBody::Options { options, select_all: !single }
            }
            "truefalse" => {
                let right =
                    answers.iter().find(|a| a.fraction >= 100.0).map(|a| a.text.trim().eq_ignore_ascii_case("true"));
                if let Some(fb) = answers.iter().find(|a| a.fraction >= 100.0).and_then(|a| a.feedback.clone()) {
                    dq.explanation = Some(dq.explanation.map_or(fb.clone(), |e| format!("{fb}\n\n{e}")));
                }
                DraftBody::TrueFalse(right)
            }
            "shortanswer" | "numerical" => {
                let accepted: Vec<String> = answers
                    .iter()
                    .filter(|a| a.fraction > 0.0)
                    .map(|a| match &a.tolerance {
                        Some(t) if t.parse::<f64>().is_ok_and(|t| t > 0.0) => format!("{} ± {t}", a.text),
                        _ => a.text.clone(),
                    })
                    .collect();
                if accepted.is_empty() { DraftBody::Free } else { DraftBody::Solved(accepted.join(" or ")) }
            }
            "essay" => match q.text_of("graderinfo").map(markdown).filter(|s| !s.is_empty()) {
                Some(s) => DraftBody::Solved(s),
                None => DraftBody::Free,
            },
            other => {
                d.diags.push(Diagnostic::warning(
                    q.line,
                    format!("a `{other}` question: examdeck cannot hold it, so it is skipped"),
                ));
                continue;
            }
        };
        d.questions.push(dq);
    }
    if d.questions.len() >= 2
        && let Some(first) =
            d.questions.iter().position(|q| matches!(q.body, DraftBody::Options { select_all: true, .. }))
        && quiz
            .all("question")
            .any(|q| q.all("answer").any(|a| a.attr("fraction").is_some_and(|f| !matches!(f, "0" | "100"))))
    {
        d.diags.push(Diagnostic::warning(
            d.questions[first].line,
            "partial-credit fractions are not kept: multiple-select questions are scored by examdeck's rule (± points ÷ options, clipped at 0)",
        ));
    }
    super::draft::build(d)
}

/// An `<answer>`.
struct Ans {
    text: String,
    fraction: f64,
    feedback: Option<String>,
    tolerance: Option<String>,
    line: usize,
}

fn answer(a: &El) -> Ans {
    let text = a.child("text").map(|t| markdown(&t.text)).unwrap_or_else(|| markdown(&a.text));
    Ans {
        text,
        fraction: a.attr("fraction").and_then(|f| f.trim().parse().ok()).unwrap_or(0.0),
        feedback: a.text_of("feedback").map(markdown).filter(|f| !f.is_empty()),
        tolerance: a.child("tolerance").map(|t| t.text.trim().to_string()),
        line: a.line,
    }
}

/// Decodes the base64 `<file>` elements anywhere in a question into the draft's images.
fn images(el: &El, d: &mut Draft) {
    for f in el.children.iter() {
        if f.name == "file" && f.attr("encoding") == Some("base64") {
            let name = f.attr("name").unwrap_or("").to_string();
            let clean: String = f.text.chars().filter(|c| !c.is_whitespace()).collect();
            match base64::engine::general_purpose::STANDARD.decode(clean.as_bytes()) {
                Ok(bytes) if !name.is_empty() => {
                    if !d.embedded.iter().any(|(n, _)| *n == name) {
                        d.embedded.push((name, bytes));
                    }
                }
                _ => d.diags.push(Diagnostic::warning(
                    f.line,
                    format!("the embedded file {name:?} cannot be decoded; it is not shown"),
                )),
            }
        } else {
            images(f, d);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Answer, CardKind};

    const QUIZ: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<quiz>
  <question type="category"><category><text>$course$/top/Week 2</text></category></question>
  <question type="multichoice">
    <name><text>Sigmoid</text></name>
    <questiontext format="html"><text><![CDATA[<p>What is \(\sigma(0)\)?</p><img src="@@PLUGINFILE@@/s.png">]]></text>
      <file name="s.png" path="/" encoding="base64">aGVsbG8=</file></questiontext>
    <generalfeedback format="html"><text>&lt;p&gt;Half way.&lt;/p&gt;</text></generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <single>true</single>
    <answer fraction="0"><text>0</text></answer>
    <answer fraction="100"><text>0.5</text><feedback><text>Yes.</text></feedback></answer>
  </question>
  <question type="truefalse">
    <questiontext format="html"><text>ReLU is smooth.</text></questiontext>
    <answer fraction="0"><text>true</text></answer>
    <answer fraction="100"><text>false</text></answer>
  </question>
  <question type="multichoice">
    <questiontext><text>Which are convex?</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>x^2</text></answer>
    <answer fraction="50"><text>|x|</text></answer>
    <answer fraction="-100"><text>sin x</text></answer>
  </question>
  <question type="numerical">
    <questiontext><text>e to 2 places?</text></questiontext>
    <answer fraction="100"><text>2.72</text><tolerance>0.005</tolerance></answer>
  </question>
  <question type="essay"><questiontext><text>Explain dropout.</text></questiontext></question>
  <question type="matching"><questiontext><text>Match.</text></questiontext></question>
</quiz>
"#;

    #[test]
    fn reads_each_question_type() {
        let p = parse(QUIZ);
        let got: Vec<_> = p.exam.cards.iter().map(|c| (c.id.as_str(), c.kind, c.answer)).collect();
        assert_eq!(
            got,
            [
                ("1", CardKind::Single, Some(Answer::Choice(2))),
                ("2.1", CardKind::TrueFalse, Some(Answer::Tf(false))),
                ("3.1", CardKind::TrueFalse, Some(Answer::Tf(true))),
                ("3.2", CardKind::TrueFalse, Some(Answer::Tf(true))),
                ("3.3", CardKind::TrueFalse, Some(Answer::Tf(false))),
                ("4", CardKind::Free, Some(Answer::Written)),
                ("5", CardKind::Free, None),
            ]
        );
        let q1 = p.exam.question(1).unwrap();
        assert_eq!(q1.stem, "What is $\\sigma(0)$?\n\n![](s.png)");
        assert_eq!(q1.points, 2.0);
        assert_eq!(q1.topics, ["Week 2"]);
        assert_eq!(p.exam.cards[0].explanation.as_deref(), Some("Yes.\n\nHalf way."));
        assert_eq!(p.exam.cards[5].solution.as_deref(), Some("2.72 ± 0.005"));
        assert_eq!(p.embedded, [("s.png".to_string(), b"hello".to_vec())]);
        let mut lines: Vec<_> = p.diagnostics.iter().map(|d| d.line).collect();
        lines.sort();
        // the partial-credit note (Q3, line 19), the essay without a solution (line 30), the matching question (line 31)
        assert_eq!(lines, [19, 30, 31], "{:?}", p.diagnostics);
    }

    #[test]
    fn broken_xml_is_an_error_with_its_line() {
        let p = parse("<quiz>\n<question type=\"essay\">\n</quiz>\n");
        assert_eq!(p.diagnostics.len(), 1, "{:?}", p.diagnostics);
        assert_eq!(p.diagnostics[0].severity, super::super::Severity::Error);
        assert_eq!(p.diagnostics[0].line, 3);
        let deep = "<a>".repeat(10_000);
        assert!(parse(&deep).has_errors());
    }
}
