//! Response files for `examdeck score`: one `<card id> <answer>` per line (`16.2 T`, `1 4`,
//! `30.a 4`, and `right`, `half` or `wrong` for a written answer), `-` or a missing card for
//! blank, `#` starts a comment.

use crate::deck::{Answer, Exam};

/// A problem in a response file, with its 1-based line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong.
    pub message: String,
}

/// Parses a response file against an exam: one `Option<Answer>` per card, or every error found.
pub fn parse(exam: &Exam, text: &str) -> Result<Vec<Option<Answer>>, Vec<ResponseError>> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut out: Vec<Option<Answer>> = vec![None; exam.cards.len()];
    let mut seen: Vec<Option<usize>> = vec![None; exam.cards.len()];
    let mut errors = Vec::new();
    let index: std::collections::HashMap<&str, usize> =
        exam.cards.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    for (i, raw) in text.lines().enumerate() {
        let line = i + 1;
        let content = raw.split('#').next().unwrap_or("").trim();
        if content.is_empty() {
            continue;
        }
        let mut words = content.split_whitespace();
        let (Some(id), Some(ans), None) = (words.next(), words.next(), words.next()) else {
            errors
                .push(ResponseError { line, message: format!("expected \"<card id> <answer>\", found \"{content}\"") });
            continue;
        };
        let Some(&idx) = index.get(id) else {
            errors.push(ResponseError { line, message: format!("unknown card id {id}") });
            continue;
        };
        if let Some(first) = seen[idx] {
            errors.push(ResponseError { line, message: format!("card {id} is given twice (first on line {first})") });
            continue;
        }
        seen[idx] = Some(line);
        if ans == "-" {
            continue;
        }
        let card = &exam.cards[idx];
        match Answer::parse(ans, card.kind) {
            Some(Answer::Choice(n)) if n as usize > exam.card_choices(card).len() => errors.push(ResponseError {
                line,
                message: format!("card {id} has {} options; {n} is not one of them", exam.card_choices(card).len()),
            }),
            Some(Answer::Written) => errors.push(ResponseError {
                line,
                message: format!("card {id}: mark the written answer right, half or wrong"),
            }),
            Some(a) => out[idx] = Some(a),
            None => {
                let want = match card.kind {
                    crate::deck::CardKind::Single => "an option number",
                    crate::deck::CardKind::TrueFalse => "T or F",
                    crate::deck::CardKind::Free => "right, half or wrong (a written answer, as you marked it)",
                };
                errors.push(ResponseError { line, message: format!("card {id}: \"{ans}\" is not {want}") });
            }
        }
    }
    if errors.is_empty() { Ok(out) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse as parse_exam;

    fn exam() -> Exam {
        parse_exam("1. (1 point) a\n☐ x\n☐ y\n2. (1 point) b\n☐ T ☐ F: p\n☐ T ☐ F: q\n", None).exam
    }

    #[test]
    fn reads_answers_blanks_and_comments() {
        let r = parse(&exam(), "# my attempt\n1 2\n2.1 t   # sure\n2.2 -\n").unwrap();
        assert_eq!(r, vec![Some(Answer::Choice(2)), Some(Answer::Tf(true)), None]);
    }

    #[test]
    fn errors_name_their_lines() {
        let e = parse(&exam(), "1 3\n9 T\n2.1 X\n2.1 T\n2.2\n2.2 T\n2.2 F\n").unwrap_err();
        let lines: Vec<usize> = e.iter().map(|e| e.line).collect();
        assert_eq!(lines, vec![1, 2, 3, 4, 5, 7]);
        assert!(e[3].message.contains("given twice"));
    }
}
