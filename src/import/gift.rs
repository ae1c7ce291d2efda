//! Moodle GIFT (`.gift`): questions separated by blank lines, each `::title:: text { answers }`.
//!
//! | GIFT | examdeck |
//! |---|---|
//! | `{=right ~wrong ~wrong}` | single answer; `#feedback` after an answer, `####` general feedback: the explanation |
//! | `{~%50%a ~%50%b ~%-100%c}` | multiple-select (options with a positive weight are right) |
//! | `{T}`, `{TRUE}`, `{F}`, `{FALSE}` | a one-statement true/false question |
//! | `{=text =other}` (short answer), `{#3.14:0.01}` (numerical) | free response; the accepted answers are the solution |
//! | `$CATEGORY: path` | the topic of the questions after it |
//! | `[markdown]`, `[html]`, `[plain]`, `[moodle]` | the text's format (HTML is read as text) |
//! | `{####solution}` (an essay with general feedback) | free response with that solution |
//! | matching (`=a -> b`), missing word (text after `}`), essay without feedback (`{}`) | skipped, one warning each |
//!
//! Escapes `\~ \= \# \{ \} \:` and `\\` stand for the character itself; `\n` is a line break
//! (other backslashes, as in `\frac`, are text). GIFT has no
//! points: every question is worth 1. Questions are numbered by position.

use super::Diagnostic;
use super::draft::{Draft, DraftBody, DraftOption, DraftQuestion};
use super::html;

/// Reads GIFT text.
pub fn parse(text: &str) -> super::Parsed {
    let mut d = Draft {
        hint: "expected GIFT questions such as `What is 2+2? {=4 ~3 ~5}`, separated by blank lines",
        ..Default::default()
    };
    let mut category: Option<String> = None;
    let mut weights_warned = false;
    for block in blocks(text) {
        let joined: String = block.iter().map(|(_, l)| *l).collect::<Vec<_>>().join("\n");
        let line = block[0].0;
        if let Some(rest) = joined.trim_start().strip_prefix("$CATEGORY:") {
            let path = rest.trim();
            let path = path.strip_prefix("$course$/").unwrap_or(path);
            let path = path.strip_prefix("top/").unwrap_or(path);
            category = (!path.is_empty()).then(|| path.to_string());
            continue;
        }
        match question(&joined, line, &mut d.diags) {
            Some((mut q, weighted)) => {
                if weighted && !weights_warned {
                    weights_warned = true;
                    d.diags.push(Diagnostic::warning(
                        line,
                        "partial-credit weights (`%50%`) are not kept: multiple-select questions are scored by examdeck's rule (± points ÷ options, clipped at 0)",
                    ));
                }
                q.topics.extend(category.clone());
                d.questions.push(q);
            }
            None => continue,
        }
    }
    super::draft::build(d)
}

/// Non-blank runs of lines, comments (`//`) dropped, each line with its 1-based number.
fn blocks(text: &str) -> Vec<Vec<(usize, &str)>> {
    let mut out = Vec::new();
    let mut cur: Vec<(usize, &str)> = Vec::new();
    for (i, raw) in text.split('\n').enumerate() {
        let l = raw.strip_suffix('\r').unwrap_or(raw);
        let t = l.trim_start();
        if t.starts_with("//") {
            continue;
        }
        if t.is_empty() {
            if !cur.is_empty() {
                out.push(std::mem::take(&mut cur));
            }
            continue;
        }
        cur.push((i + 1, l));
    }
    if !cur.is_empty() {
        out.push(cur);
    }
    out
}

/// Byte index of the first unescaped `c` in `s` at or after `from`.
fn find_unescaped(s: &str, c: u8, from: usize) -> Option<usize> {
    let b = s.as_bytes();
    let mut i = from;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            x if x == c => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// `s` split at each unescaped `c` (at least one piece).
fn split_unescaped(s: &str, c: u8) -> Vec<&str> {
    let mut out = Vec::new();
    let mut from = 0;
    while let Some(i) = find_unescaped(s, c, from) {
        out.push(&s[from..i]);
        from = i + 1;
    }
    out.push(&s[from..]);
    out
}

/// GIFT escapes resolved.
fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut chars = s.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('\\') => out.push('\\'),
            Some(e @ ('~' | '=' | '#' | '{' | '}' | ':')) => out.push(e),
            Some(e) => {
                out.push('\\');
                out.push(e);
            }
            None => out.push('\\'),
        }
    }
    out
}

/// The text of a question or answer in Markdown: its `[format]` prefix read, escapes resolved.
fn text(s: &str) -> String {
    let s = s.trim();
    let (fmt, body) = match s.strip_prefix('[').and_then(|r| r.split_once(']')) {
        Some((f @ ("html" | "markdown" | "plain" | "moodle"), rest)) => (f, rest),
        _ => ("moodle", s),
    };
    let t = unescape(body.trim());
    if fmt == "html" || (fmt == "moodle" && t.contains('<') && t.contains('>')) { html::to_markdown(&t) } else { t }
}

/// One answer of a `{…}` block.
struct Ans {
    right: bool,
    weight: Option<f64>,
    text: String,
    feedback: Option<String>,
}

/// Reads one block; `None` (with a warning) for what examdeck cannot hold. The flag says it had
/// partial-credit weights.
fn question(block: &str, line: usize, diags: &mut Vec<Diagnostic>) -> Option<(DraftQuestion, bool)> {
    let mut rest = block.trim();
    if let Some(r) = rest.strip_prefix("::")
        && let Some(end) = find_title_end(r)
    {
        rest = r[end + 2..].trim_start();
    }
    let Some(open) = find_unescaped(rest, b'{', 0) else {
        // A description: text with no answers.
        diags.push(Diagnostic::warning(line, "a text without `{…}` answers is not a question; it is skipped"));
        return None;
    };
    let Some(close) = find_unescaped(rest, b'}', open + 1) else {
        diags.push(Diagnostic::error(line, "a `{` opens answers that are never closed with `}`"));
        return None;
    };
    let stem = text(&rest[..open]);
    let inner = rest[open + 1..close].trim();
    let after = rest[close + 1..].trim();
    let skip = |diags: &mut Vec<Diagnostic>, what: &str| {
        diags.push(Diagnostic::warning(line, format!("{what} question: examdeck cannot hold it, so it is skipped")));
        None
    };
    if !after.is_empty() {
        return skip(diags, "a missing-word");
    }
    let mut q = DraftQuestion { line, stem, ..Default::default() };
    let (answers_part, general) = match inner.find("####") {
        Some(i) => (&inner[..i], Some(text(&inner[i + 4..]))),
        None => (inner, None),
    };
    q.explanation = general.filter(|g| !g.is_empty());
    let a = answers_part.trim();
    if a.is_empty() {
        // An essay: with general feedback (what examdeck's export writes), that is its solution.
        return match q.explanation.take() {
            Some(solution) => {
                q.body = DraftBody::Solved(solution);
                Some((q, false))
            }
            None => skip(diags, "an essay"),
        };
    }
    if let Some(num) = a.strip_prefix('#') {
        let accepted: Vec<String> = num.split(['=', '~']).map(numerical).filter(|s| !s.is_empty()).collect();
        q.body = DraftBody::Solved(accepted.join(" or "));
        return Some((q, false));
    }
    // `{TRUE#feedback if wrong#feedback if right}`.
    let mut feedback = split_unescaped(a, b'#');
    let head = feedback.remove(0);
    let upper = head.trim().to_ascii_uppercase();
    if matches!(upper.as_str(), "T" | "TRUE" | "F" | "FALSE") {
        q.body = DraftBody::TrueFalse(Some(upper.starts_with('T')));
        let said = feedback.pop().map(text).filter(|f| !f.is_empty());
        q.explanation = join_some(said, q.explanation);
        return Some((q, false));
    }
    let answers = split_answers(a);
    if answers.iter().any(|x| x.text.contains("->")) {
        return skip(diags, "a matching");
    }
    if answers.is_empty() {
        return skip(diags, "an unreadable");
    }
    let weighted = answers.iter().any(|x| x.weight.is_some());
    if answers.iter().all(|x| x.right) {
        // Short answer: every accepted answer is a solution.
        let accepted: Vec<String> = answers.into_iter().map(|x| x.text).collect();
        q.body = DraftBody::Solved(accepted.join(" or "));
        return Some((q, false));
    }
    let select_all = answers.iter().filter(|x| x.weight.is_some_and(|w| w > 0.0)).count() >= 2
        || answers.iter().filter(|x| x.right).count() >= 2;
    let options = answers
        .into_iter()
        .map(|x| DraftOption { text: x.text, line, right: x.right, feedback: x.feedback.filter(|f| !f.is_empty()) })
        .collect();
    q.body = DraftBody::Options { options, select_all };
    Some((q, weighted && select_all))
}

fn join_some(a: Option<String>, b: Option<String>) -> Option<String> {
    match (a, b) {
        (Some(a), Some(b)) => Some(format!("{a}\n\n{b}")),
        (a, b) => a.or(b),
    }
}

/// The end of a `::title::` (the index of its closing `::` in `r`).
fn find_title_end(r: &str) -> Option<usize> {
    let mut from = 0;
    loop {
        let i = find_unescaped(r, b':', from)?;
        if r.as_bytes().get(i + 1) == Some(&b':') {
            return Some(i);
        }
        from = i + 1;
    }
}

/// A numerical answer written out: `3.14:0.01` → `3.14 ± 0.01`, `1..5` → `1 to 5`.
fn numerical(s: &str) -> String {
    let s = s.split('#').next().unwrap_or("").trim();
    let s = s.strip_prefix('%').and_then(|r| r.split_once('%')).map_or(s, |(_, v)| v).trim();
    if let Some((v, tol)) = s.split_once(':') {
        format!("{} ± {}", v.trim(), tol.trim())
    } else if let Some((lo, hi)) = s.split_once("..") {
        format!("{} to {}", lo.trim(), hi.trim())
    } else {
        s.to_string()
    }
}

/// Splits `=a#fb ~b ~%50%c` at each unescaped `=` or `~`.
fn split_answers(a: &str) -> Vec<Ans> {
    let b = a.as_bytes();
    let mut starts = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'=' | b'~' => {
                // `->` inside a matching pair is not a new answer.
                if !(b[i] == b'=' && i > 0 && b[i - 1] == b'-') {
                    starts.push(i);
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    let mut out = Vec::new();
    for (k, &s) in starts.iter().enumerate() {
        let end = starts.get(k + 1).copied().unwrap_or(a.len());
        let right = b[s] == b'=';
        let mut body = a[s + 1..end].trim();
        let mut weight = None;
        if let Some(r) = body.strip_prefix('%')
            && let Some((w, rest)) = r.split_once('%')
        {
            weight = w.trim().parse::<f64>().ok();
            body = rest.trim();
        }
        let (t, fb) = match find_unescaped(body, b'#', 0) {
            Some(j) => (&body[..j], Some(text(&body[j + 1..]))),
            None => (body, None),
        };
        let right = right || weight.is_some_and(|w| w > 0.0);
        out.push(Ans { right, weight, text: text(t), feedback: fb });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Answer, CardKind};

    #[test]
    fn reads_each_kind_of_question() {
        let src = "// A quiz bank\n$CATEGORY: $course$/Week 1\n\n::Q1:: What is 2+2? {=4 #Yes. ~3 ~5 ####Add them.}\n\n\
                   The sky is blue.{T}\n\n::MS:: Which are primes? {~%50%2 ~%50%3 ~%-100%4}\n\n\
                   Name a prime. {=2 =3}\n\nPi to two places? {#3.14:0.01}\n\nWrite an essay. {}\n";
        let p = parse(src);
        let ids: Vec<_> = p.exam.cards.iter().map(|c| (c.id.as_str(), c.kind, c.answer)).collect();
        assert_eq!(
            ids,
            [
                ("1", CardKind::Single, Some(Answer::Choice(1))),
                ("2.1", CardKind::TrueFalse, Some(Answer::Tf(true))),
                ("3.1", CardKind::TrueFalse, Some(Answer::Tf(true))),
                ("3.2", CardKind::TrueFalse, Some(Answer::Tf(true))),
                ("3.3", CardKind::TrueFalse, Some(Answer::Tf(false))),
                ("4", CardKind::Free, Some(Answer::Written)),
                ("5", CardKind::Free, Some(Answer::Written)),
            ]
        );
        let q1 = p.exam.question(1).unwrap();
        assert_eq!(q1.stem, "What is 2+2?");
        assert_eq!(q1.topics, ["Week 1"]);
        assert_eq!(p.exam.cards[0].explanation.as_deref(), Some("Yes.\n\nAdd them."));
        assert_eq!(p.exam.cards[5].solution.as_deref(), Some("2 or 3"));
        assert_eq!(p.exam.cards[6].solution.as_deref(), Some("3.14 ± 0.01"));
        let warnings: Vec<_> = p.diagnostics.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert_eq!(warnings.len(), 2, "{warnings:?}");
        assert!(warnings[0].1.starts_with("partial-credit weights"), "{warnings:?}");
        assert_eq!(warnings[1].0, 14);
        assert!(warnings[1].1.starts_with("an essay question"), "{warnings:?}");
    }

    #[test]
    fn escapes_and_formats_are_read() {
        let p = parse("[markdown]What is \\{x\\} \\= 1\\#? {=\\~yes ~no}\n");
        assert_eq!(p.exam.question(1).unwrap().stem, "What is {x} = 1#?");
        assert_eq!(p.exam.card_choices(&p.exam.cards[0])[0].text, "~yes");
        let p = parse("[html]<p>Is <b>this</b> &amp; that?</p>{FALSE}\n");
        assert_eq!(p.exam.question(1).unwrap().stem, "Is **this** & that?");
        assert_eq!(p.exam.cards[0].answer, Some(Answer::Tf(false)));
    }

    #[test]
    fn matching_and_missing_word_are_skipped_with_a_warning_each() {
        let p = parse("Match. {=a -> 1 =b -> 2}\n\nThe {=cat ~dog} sat.\n\nOK? {T}\n");
        assert_eq!(p.exam.cards.len(), 1);
        let lines: Vec<_> = p.diagnostics.iter().map(|d| d.line).collect();
        assert_eq!(lines, [1, 3]);
    }

    #[test]
    fn an_unclosed_brace_is_an_error_on_its_line() {
        let p = parse("OK? {T}\n\nBroken {=a ~b\n");
        assert!(p.diagnostics.iter().any(|d| d.line == 3 && d.severity == super::super::Severity::Error));
    }
}
