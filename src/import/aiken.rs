//! Aiken (`.txt`): a question on one line (or several), its options `A.` or `A)`, then
//! `ANSWER: X`. Every question is single answer and worth 1 point; questions are numbered by
//! position.
//!
//! ```text
//! What does ReLU output for a negative input?
//! A. The input
//! B. Zero
//! ANSWER: B
//! ```

use super::draft::{Draft, DraftBody, DraftOption, DraftQuestion};
use super::{Diagnostic, quote};

/// `A. text` or `A) text`: the letter's index and the text.
fn option(line: &str) -> Option<(usize, &str)> {
    let b = line.as_bytes();
    if b.len() >= 2 && b[0].is_ascii_uppercase() && matches!(b[1], b'.' | b')') && b.get(2).is_none_or(|c| *c == b' ') {
        return Some(((b[0] - b'A') as usize, line[2..].trim()));
    }
    None
}

/// Reads Aiken text.
pub fn parse(text: &str) -> super::Parsed {
    let mut d = Draft {
        hint: "expected Aiken questions: a question line, options `A.` `B.` …, then `ANSWER: B`",
        ..Default::default()
    };
    let mut q: Option<(DraftQuestion, Vec<String>, Vec<DraftOption>)> = None;
    for (i, raw) in text.split('\n').enumerate() {
        let no = i + 1;
        let line = raw.strip_suffix('\r').unwrap_or(raw).trim();
        if line.is_empty() {
            continue;
        }
        if let Some(ans) = line.strip_prefix("ANSWER:").or_else(|| line.strip_prefix("ANSWER ")) {
            let Some((mut dq, stem, mut options)) = q.take() else {
                d.diags
                    .push(Diagnostic::warning(no, format!("{} has no question before it; it is skipped", quote(line))));
                continue;
            };
            let letter = ans
                .trim()
                .bytes()
                .next()
                .filter(u8::is_ascii_alphabetic)
                .map(|c| (c.to_ascii_uppercase() - b'A') as usize);
            match letter.and_then(|k| options.get_mut(k)) {
                Some(o) => o.right = true,
                None => d.diags.push(Diagnostic::error(
                    no,
                    format!(
                        "{} names no option of the question on line {}; write the letter of one of its {} options",
                        quote(line),
                        dq.line,
                        options.len()
                    ),
                )),
            }
            dq.stem = stem.join("\n");
            dq.body = DraftBody::Options { options, select_all: false };
            d.questions.push(dq);
            continue;
        }
        match (&mut q, option(line)) {
            (Some((_, _, options)), Some((k, t))) => {
                if k != options.len() {
                    d.diags.push(Diagnostic::warning(
                        no,
                        format!(
                            "option {} is out of order (expected {})",
                            quote(line),
                            (b'A' + options.len() as u8 % 26) as char
                        ),
                    ));
                }
                options.push(DraftOption { text: t.to_string(), line: no, ..Default::default() });
            }
            (Some((_, stem, options)), None) if options.is_empty() => stem.push(line.to_string()),
            (Some((_, _, options)), None) => {
                // A line after the options that is neither an option nor ANSWER: the option's text goes on.
                if let Some(last) = options.last_mut() {
                    last.text.push('\n');
                    last.text.push_str(line);
                }
            }
            (None, _) => {
                q = Some((DraftQuestion { line: no, ..Default::default() }, vec![line.to_string()], Vec::new()));
            }
        }
    }
    if let Some((mut dq, stem, options)) = q {
        d.diags.push(Diagnostic::warning(dq.line, "this question has no `ANSWER:` line, so it has no key"));
        dq.stem = stem.join("\n");
        dq.body = if options.is_empty() { DraftBody::Free } else { DraftBody::Options { options, select_all: false } };
        d.questions.push(dq);
    }
    super::draft::build(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::Answer;

    #[test]
    fn questions_options_and_keys() {
        let p = parse("What is 2+2?\nA. 3\nB) 4\nANSWER: B\n\nWhich is a prime?\nA. 4\nB. 6\nC. 7\nANSWER: C\n");
        let got: Vec<_> = p.exam.cards.iter().map(|c| (c.id.as_str(), c.answer)).collect();
        assert_eq!(got, [("1", Some(Answer::Choice(2))), ("2", Some(Answer::Choice(3)))]);
        assert_eq!(p.exam.question(2).unwrap().stem, "Which is a prime?");
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    #[test]
    fn an_answer_naming_no_option_is_an_error_on_its_line() {
        let p = parse("Q?\nA. x\nB. y\nANSWER: E\n");
        assert_eq!(p.diagnostics[0].line, 4);
        assert_eq!(p.diagnostics[0].severity, super::super::Severity::Error);
    }
}
