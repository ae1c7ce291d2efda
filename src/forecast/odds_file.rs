//! The odds file of `examdeck forecast EXAM --odds FILE`: one line per card,
//! `<card id> <p_right> [<p_wrong>]`. Probabilities are decimals in [0, 1]; `p_wrong` defaults to
//! 1 − `p_right`, and what is left is a blank. A card not listed is blank. `#` starts a comment
//! anywhere on a line. Pure: text in, odds (or every error, by line) out.

use super::dist::Odds;
use crate::deck::Exam;
use std::collections::HashMap;

/// A problem on one line of the file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LineError {
    /// 1-based line.
    pub line: usize,
    /// What is wrong and how to fix it.
    pub message: String,
}

/// What the file gives.
#[derive(Clone, Debug, PartialEq)]
pub struct OddsFile {
    /// One entry per card of the exam (`odds[i]` for `exam.cards[i]`).
    pub odds: Vec<Odds>,
    /// Lines that were read but do not count (a card without a key).
    pub warnings: Vec<LineError>,
}

/// Whether `s` is a plain decimal: digits with at most one point (`1`, `0.25`, `.5`, `1.`).
fn is_decimal(s: &str) -> bool {
    let digits = s.bytes().filter(u8::is_ascii_digit).count();
    let points = s.bytes().filter(|&b| b == b'.').count();
    digits > 0 && points <= 1 && digits + points == s.len()
}

fn probability(s: &str) -> Result<f64, String> {
    let v = if is_decimal(s) { s.parse::<f64>().ok() } else { None };
    match v {
        Some(p) if (0.0..=1.0).contains(&p) => Ok(p),
        _ => Err(format!("{s:?} is not a probability: write a decimal from 0 to 1, such as 0.75")),
    }
}

/// Reads an odds file for `exam`. Errors: an unknown id, a card given twice, a probability that
/// is not a decimal in [0, 1], `p_right + p_wrong > 1` (beyond 1e-9), a line of the wrong shape.
pub fn parse(exam: &Exam, text: &str) -> Result<OddsFile, Vec<LineError>> {
    let index: HashMap<&str, usize> = exam.cards.iter().enumerate().map(|(i, c)| (c.id.as_str(), i)).collect();
    let mut odds = vec![Odds::BLANK; exam.cards.len()];
    let mut seen: HashMap<usize, usize> = HashMap::new();
    let mut errors = Vec::new();
    let mut warnings = Vec::new();
    for (n, raw) in text.lines().enumerate() {
        let line = n + 1;
        let content = raw.split('#').next().unwrap_or("");
        let fields: Vec<&str> = content.split_whitespace().collect();
        if fields.is_empty() {
            continue;
        }
        let mut err = |message: String| errors.push(LineError { line, message });
        if fields.len() > 3 || fields.len() < 2 {
            err(format!("expected `<card id> <p_right> [<p_wrong>]`, found {:?}", content.trim()));
            continue;
        }
        let Some(&i) = index.get(fields[0]) else {
            err(format!("no card {:?} in this exam (ids look like 1, 16.2, 31.b)", fields[0]));
            continue;
        };
        if let Some(first) = seen.insert(i, line) {
            err(format!("card {} is given twice (first on line {first})", fields[0]));
            continue;
        }
        let right = match probability(fields[1]) {
            Ok(p) => p,
            Err(m) => {
                err(m);
                continue;
            }
        };
        let wrong = match fields.get(2).map(|s| probability(s)) {
            None => 1.0 - right,
            Some(Ok(p)) => p,
            Some(Err(m)) => {
                err(m);
                continue;
            }
        };
        if right + wrong > 1.0 + 1e-9 {
            err(format!("p_right + p_wrong is {}, more than 1: lower one of them", right + wrong));
            continue;
        }
        if exam.cards[i].answer.is_none() {
            warnings.push(LineError {
                line,
                message: format!("card {} has no answer key: it is left out of the forecast", fields[0]),
            });
            continue;
        }
        odds[i] = Odds { right, wrong };
    }
    if errors.is_empty() { Ok(OddsFile { odds, warnings }) } else { Err(errors) }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::parse as parse_exam;

    fn exam() -> Exam {
        parse_exam(
            "1. (1 point) Q\n- ☐ a\n- ☐ b\n2. (1 point) R\n- ☐ a\n- ☐ b\n",
            Some(r#"(cards: {"1": (answer: "1")})"#),
        )
        .exam
    }

    #[test]
    fn reads_lines_comments_and_defaults() {
        let f = parse(&exam(), "# odds\n1 0.75   # mostly known\n\n").unwrap();
        assert_eq!(f.odds[0], Odds { right: 0.75, wrong: 0.25 });
        assert_eq!(f.odds[1], Odds::BLANK);
        let f = parse(&exam(), "1 .5 0.1\n").unwrap();
        assert_eq!(f.odds[0], Odds { right: 0.5, wrong: 0.1 });
    }

    #[test]
    fn unkeyed_cards_are_a_warning() {
        let f = parse(&exam(), "2 1\n").unwrap();
        assert_eq!(f.warnings.len(), 1);
        assert_eq!(f.odds[1], Odds::BLANK);
    }

    #[test]
    fn every_error_names_its_line() {
        let e = parse(&exam(), "9 0.5\n1 0.5\n1 0.4\nx\n1 1.5\n").unwrap_err();
        let lines: Vec<usize> = e.iter().map(|e| e.line).collect();
        assert_eq!(lines, [1, 3, 4, 5]);
        for bad in ["1 nan", "1 -0.1", "1 1e-3", "1 0.5 0.6", "1 0.5 x", "1 2"] {
            let e = parse(&exam(), bad).unwrap_err();
            assert_eq!(e[0].line, 1, "{bad}");
        }
        assert!(parse(&exam(), "1 0.6 0.4").is_ok(), "sums to 1 exactly");
    }
}
