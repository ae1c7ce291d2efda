//! The first pass of the importer: each line of the exam text becomes a classified `Kind`.
//! Classification looks at one line at a time (plus whether a code fence is open), so the
//! assembler never has to re-read raw text. Lines that may or may not be structure — a letter
//! such as `(A)`, `A.`, `a)` or a number such as `(1)` that could start an option — are
//! classified as candidates; the assembler decides once it has seen the whole question.

/// What a line is, structurally.
#[derive(Clone, Debug, PartialEq)]
pub enum Kind {
    /// Free text: continues the element before it. Blank lines are text too.
    Text,
    /// A fence line (```...), kept verbatim as text but toggling structure detection.
    Fence,
    /// `1 Title` or `# Title` / `## 2 Title`.
    Section {
        /// The number before the title.
        number: Option<u32>,
        /// The title.
        title: String,
    },
    /// A question line: `1.`, `1)`, `Q1.`, `Q1:`, `Question 1`, `Problem 1`, `**1.**`, or a
    /// heading whose text is one of these, with its points if it gives them.
    Question {
        /// The printed number.
        number: u32,
        /// The points it gives.
        points: Points,
        /// The rest of the line (the stem's start).
        rest: String,
        /// Written in a form that is always a question (`Question 1`, `Q1.`, `**1.**`, a
        /// heading); a plain `1.` without points may be a numbered list in a stem.
        strong: bool,
    },
    /// `(a) (P points) label`.
    Part {
        /// The part's letter.
        letter: char,
        /// The points, or what is wrong with them.
        points: Result<f64, PointsError>,
        /// The rest of the line.
        label: String,
    },
    /// `☐ text` or `- [x] text` (marked when the box is ticked).
    Choice {
        /// Whether the box is ticked.
        marked: bool,
        /// The option's text.
        text: String,
    },
    /// `(A) text`, `A. text`, `A) text`, `a) text` or `A: text`: an option, if the question turns
    /// out to have a run of them starting at A.
    Letter {
        /// 0 for A, 1 for B, ….
        index: u32,
        /// Whether the letter is upper case.
        upper: bool,
        /// The option's text.
        text: String,
    },
    /// `(1) text`: an option, if the question or part has nothing else to answer with.
    Numbered {
        /// The number.
        n: u32,
        /// The option's text.
        text: String,
    },
    /// `☐ T ☐ F: text`.
    Statement {
        /// (T marked, F marked).
        marks: (bool, bool),
        /// The statement's text.
        text: String,
    },
    /// `Solution: text` or `Explanation: text`.
    Solution {
        /// The rest of the line.
        text: String,
    },
    /// `Answer: B`, `Correct answer: 2`, `**Answer:** True`, `ANSWER: A, C`, or prose such as
    /// "The correct answer is b)".
    Answer {
        /// What follows the label, as written.
        value: String,
    },
    /// `<details>` (with its `<summary>` on the same line or not).
    DetailsOpen,
    /// `</details>`.
    DetailsClose,
}

/// The points a question line gives.
#[derive(Clone, Debug, PartialEq)]
pub enum Points {
    /// Points written: `(2 points)`, `[2 pts]`, `(2)`, `— 2 points`.
    Given(f64),
    /// A points group that is not a number: `(two points)`.
    Unreadable(String),
    /// No points on the line.
    None,
}

/// What is wrong with a question's or part's points.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum PointsError {
    /// No points after the number.
    #[error("points missing: expected \"(P points)\" after the number")]
    Missing,
    /// Points that are not a number.
    #[error("unreadable points \"({0})\"")]
    Unreadable(String),
}

const EMPTY_BOXES: [&str; 3] = ["☐", "□", "[ ]"];
const MARKED_BOXES: [&str; 7] = ["☒", "☑", "■", "✓", "✔", "[x]", "[X]"];

/// If `s` starts with a box, returns (marked, rest after the box).
pub fn strip_box(s: &str) -> Option<(bool, &str)> {
    for b in EMPTY_BOXES {
        if let Some(rest) = s.strip_prefix(b) {
            return Some((false, rest));
        }
    }
    for b in MARKED_BOXES {
        if let Some(rest) = s.strip_prefix(b) {
            return Some((true, rest));
        }
    }
    None
}

/// Removes one leading list marker (`- `, `* `, `+ `) and the spaces after it.
fn strip_list_marker(s: &str) -> &str {
    for m in ["- ", "* ", "+ "] {
        if let Some(rest) = s.strip_prefix(m) {
            return rest.trim_start();
        }
    }
    s
}

const UNITS: [&str; 6] = ["points", "point", "pts", "pt", "marks", "mark"];

/// `P points` (or pts, marks…) as a number; `None` when the unit is missing.
fn points_with_unit(inner: &str) -> Option<Result<f64, String>> {
    let lower = inner.trim().to_ascii_lowercase();
    let num = UNITS.iter().find_map(|u| lower.strip_suffix(u))?.trim();
    Some(num.parse::<f64>().ok().filter(|p| p.is_finite() && *p >= 0.0).ok_or_else(|| inner.trim().to_string()))
}

/// A points group at the start of `s`: `(P points)`, `[P points]`, `(P)`. Returns the points
/// and the rest of the line, or `None` when `s` does not start with one.
fn leading_points(s: &str) -> Option<(Points, &str)> {
    let close = match s.as_bytes().first()? {
        b'(' => ')',
        b'[' => ']',
        _ => return None,
    };
    let end = s[1..].find(close)? + 1;
    let inner = &s[1..end];
    let rest = s[end + 1..].trim_start();
    let points = match points_with_unit(inner) {
        Some(Ok(p)) => Points::Given(p),
        Some(Err(u)) => Points::Unreadable(u),
        // A bare number `(2)`: points, as exams write them.
        None => match inner.trim().parse::<f64>() {
            Ok(p) if p.is_finite() && p >= 0.0 && !inner.trim().is_empty() => Points::Given(p),
            _ => return None,
        },
    };
    Some((points, rest))
}

/// A points group at the end of `s`: `(P points)`, `[P points]`, `— P points`, `- P points`.
fn trailing_points(s: &str) -> Option<(f64, &str)> {
    let t = s.trim_end().trim_end_matches('.');
    if let Some(open_close) = [('(', ')'), ('[', ']')].iter().find(|(_, c)| t.ends_with(*c)) {
        let start = t.rfind(open_close.0)?;
        let p = points_with_unit(&t[start + 1..t.len() - 1])?.ok()?;
        return Some((p, t[..start].trim_end()));
    }
    for dash in ["—", "–", " - "] {
        if let Some(i) = t.rfind(dash) {
            let p = points_with_unit(&t[i + dash.len()..])?.ok()?;
            return Some((p, t[..i].trim_end()));
        }
    }
    None
}

/// Parses the leading digits of `s`.
fn leading_number(s: &str) -> Option<(u32, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 6 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

/// `Question 3`, `Problem 3`, `Q3`: the number and what follows it, with any `.`, `:` or `)`
/// after the number removed.
fn labelled_number(s: &str) -> Option<(u32, &str)> {
    let lower_prefix = |p: &str| s.get(..p.len()).filter(|h| h.eq_ignore_ascii_case(p)).map(|_| &s[p.len()..]);
    let after = ["question ", "problem ", "exercise "].iter().find_map(|p| lower_prefix(p)).map(str::trim_start);
    let after = match after {
        Some(a) => a,
        None => {
            let a = s.strip_prefix('Q').or_else(|| s.strip_prefix('q'))?;
            a.starts_with(|c: char| c.is_ascii_digit()).then_some(a)?
        }
    };
    let (n, rest) = leading_number(after)?;
    let rest = rest.strip_prefix(['.', ':', ')']).unwrap_or(rest);
    (rest.is_empty() || rest.starts_with(char::is_whitespace) || rest.starts_with(['(', '['])).then_some((n, rest))
}

/// `N.` or `N)` then a space or a points group.
fn plain_number(s: &str) -> Option<(u32, &str)> {
    let (n, rest) = leading_number(s)?;
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    (rest.starts_with(char::is_whitespace) || rest.starts_with(['(', '['])).then_some((n, rest))
}

/// Text inside `**…**` at the start: `**1.** rest` → `1. rest`.
fn unbold(s: &str) -> Option<String> {
    let inner = s.strip_prefix("**")?;
    let end = inner.find("**")?;
    let rest = inner[end + 2..].trim_start();
    Some(format!("{} {rest}", inner[..end].trim()).trim_end().to_string())
}

/// A question line of any form; headings and bold are tried by `classify_question`.
fn question_line(s: &str) -> Option<Kind> {
    let (number, rest, strong) = match labelled_number(s) {
        Some((n, r)) => (n, r, true),
        None => {
            let (n, r) = plain_number(s)?;
            (n, r, false)
        }
    };
    let rest = rest.trim_start();
    let (points, rest) = match leading_points(rest) {
        Some((p, r)) => (p, r.to_string()),
        None => match trailing_points(rest) {
            Some((p, r)) => (Points::Given(p), r.to_string()),
            None => (Points::None, rest.to_string()),
        },
    };
    Some(Kind::Question { number, points, rest, strong })
}

fn classify_question(s: &str) -> Option<Kind> {
    if s.starts_with('#') {
        let level = s.bytes().take_while(|&b| b == b'#').count();
        let text = s.trim_start_matches('#');
        if !text.starts_with(' ') {
            return None;
        }
        let text = text.trim();
        // `## 2. Trees` is a section; `###### 1.`, `#### Q1.` and `## 3. (3 points)` are questions.
        let labelled = labelled_number(text).is_some();
        return match question_line(text)? {
            Kind::Question { number, points, rest, .. } if labelled || level >= 4 || points != Points::None => {
                Some(Kind::Question { number, points, rest, strong: true })
            }
            _ => None,
        };
    }
    if let Some(inner) = unbold(s)
        && let Some(Kind::Question { number, points, rest, .. }) = question_line(&inner)
    {
        return Some(Kind::Question { number, points, rest, strong: true });
    }
    question_line(s)
}

fn classify_part(s: &str) -> Option<Kind> {
    let b = s.as_bytes();
    if b.len() < 3 || b[0] != b'(' || !b[1].is_ascii_lowercase() || b[2] != b')' {
        return None;
    }
    let letter = b[1] as char;
    let rest = s[3..].trim_start();
    let (points, label) = leading_points(rest)?;
    let points = match points {
        Points::Given(p) => Ok(p),
        Points::Unreadable(u) => Err(PointsError::Unreadable(u)),
        Points::None => Err(PointsError::Missing),
    };
    Some(Kind::Part { letter, points, label: label.to_string() })
}

/// `(A) text`, `A. text`, `A) text`, `a) text`, `A: text`.
fn classify_letter(s: &str) -> Option<Kind> {
    let b = s.as_bytes();
    let (letter, after) = if b.first() == Some(&b'(') && b.len() >= 3 && b[2] == b')' && b[1].is_ascii_uppercase() {
        (b[1], &s[3..])
    } else if b.len() >= 2 && b[0].is_ascii_alphabetic() && matches!(b[1], b'.' | b')' | b':') {
        // `a.` and `a:` in lower case are too often prose ("i.e.", "a: …"): only `a)` is taken.
        if b[0].is_ascii_lowercase() && b[1] != b')' {
            return None;
        }
        (b[0], &s[2..])
    } else {
        return None;
    };
    if !(after.is_empty() || after.starts_with(char::is_whitespace)) {
        return None;
    }
    let upper = letter.is_ascii_uppercase();
    Some(Kind::Letter { index: u32::from(letter.to_ascii_uppercase() - b'A'), upper, text: after.trim().to_string() })
}

/// `(1) text`.
fn classify_numbered(s: &str) -> Option<Kind> {
    let inner = s.strip_prefix('(')?;
    let (n, rest) = leading_number(inner)?;
    let rest = rest.strip_prefix(')')?;
    (rest.is_empty() || rest.starts_with(char::is_whitespace))
        .then(|| Kind::Numbered { n, text: rest.trim().to_string() })
}

fn classify_statement(after_first_box: &str, first_marked: bool) -> Option<Kind> {
    let s = after_first_box.trim_start();
    let s = s.strip_prefix("True").or_else(|| s.strip_prefix('T'))?;
    let s = s.trim_start();
    let (f_marked, s) = strip_box(s)?;
    let s = s.trim_start();
    let s = s.strip_prefix("False").or_else(|| s.strip_prefix('F'))?;
    let s = s.trim_start();
    let s = s.strip_prefix(':').map(str::trim_start).unwrap_or(s);
    Some(Kind::Statement { marks: (first_marked, f_marked), text: s.to_string() })
}

fn classify_section(s: &str, next_section: u32) -> Option<Kind> {
    if s.starts_with('#') {
        let title = s.trim_start_matches('#');
        if !title.starts_with(' ') && !title.is_empty() {
            return None;
        }
        let title = title.trim();
        if let Some((n, rest)) = leading_number(title) {
            let rest = rest.strip_prefix('.').unwrap_or(rest);
            if rest.starts_with(' ') {
                return Some(Kind::Section { number: Some(n), title: rest.trim().to_string() });
            }
        }
        return Some(Kind::Section { number: None, title: title.to_string() });
    }
    // `1 Multiple Choice (Single Answer)`: a bare number is only a heading when it is the next
    // section's number and a capitalised title follows, so `2 hours` in prose is never one.
    let (n, rest) = leading_number(s)?;
    let title = rest.strip_prefix(' ')?.trim();
    if n != next_section || !title.starts_with(|c: char| c.is_uppercase()) || title.len() > 80 || title.ends_with('.') {
        return None;
    }
    let first_word = title.split_whitespace().next().unwrap_or("");
    if matches!(first_word, "Hour" | "Hours" | "Minute" | "Minutes" | "Point" | "Points") {
        return None;
    }
    Some(Kind::Section { number: Some(n), title: title.to_string() })
}

/// Strips `**` around a label at the start: `**Answer:** x` → `Answer: x`.
fn unbold_label(s: &str) -> std::borrow::Cow<'_, str> {
    match s.strip_prefix("**").and_then(|r| r.find("**").map(|i| (r, i))) {
        Some((r, i)) => format!("{}{}", &r[..i], &r[i + 2..]).into(),
        None => s.into(),
    }
}

/// An answer line: `Answer: B`, `Answers: A, C`, `Correct answer: 2`, `ANSWER: B`, or "The
/// correct answer is b)". Returns what follows the label.
fn classify_answer(s: &str) -> Option<Kind> {
    let s = s.trim_start_matches('#').trim_start();
    let s = unbold_label(s);
    let lower = s.to_ascii_lowercase();
    for label in ["correct answers:", "correct answer:", "answers:", "answer:", "ans:"] {
        if lower.starts_with(label) {
            let value = s[label.len()..].trim().trim_start_matches("**").trim();
            return Some(Kind::Answer { value: value.to_string() });
        }
    }
    for prose in ["the correct answer is ", "the answer is ", "correct answer is "] {
        if lower.starts_with(prose) {
            let value = s[prose.len()..].trim().trim_end_matches('.').trim();
            return Some(Kind::Answer { value: value.to_string() });
        }
    }
    None
}

/// Classifies one line (already stripped of its line end). `in_fence` says whether a code fence is
/// open; `next_section` tells a bare-number section heading from numbered prose.
pub fn classify(raw: &str, in_fence: bool, next_section: u32) -> (String, Kind) {
    let trimmed_end = raw.trim_end();
    let t = trimmed_end.trim_start();
    if t.starts_with("```") || t.starts_with("~~~") {
        return (t.to_string(), Kind::Fence);
    }
    if in_fence {
        return (trimmed_end.to_string(), Kind::Text);
    }
    let text = t.to_string();
    let lower = t.to_ascii_lowercase();
    if lower.starts_with("<details") {
        return (text, Kind::DetailsOpen);
    }
    if lower.starts_with("</details") {
        return (text, Kind::DetailsClose);
    }
    let s = strip_list_marker(t);
    if let Some((marked, rest)) = strip_box(s) {
        if let Some(k) = classify_statement(rest, marked) {
            return (text, k);
        }
        return (text, Kind::Choice { marked, text: rest.trim().to_string() });
    }
    if let Some(k) = classify_part(s) {
        return (text, k);
    }
    if let Some(k) = classify_answer(s) {
        return (text, k);
    }
    if let Some(k) = classify_question(s) {
        return (text, k);
    }
    if let Some(k) = classify_section(t, next_section) {
        return (text, k);
    }
    let label = unbold_label(s);
    for name in ["Solution:", "Explanation:", "Solution.", "Explanation."] {
        if let Some(rest) = label.strip_prefix(name) {
            return (text, Kind::Solution { text: rest.trim().to_string() });
        }
    }
    if let Some(k) = classify_letter(s).or_else(|| classify_numbered(s)) {
        return (text, k);
    }
    (text, Kind::Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Kind {
        classify(s, false, 1).1
    }

    fn q(number: u32, points: Points, rest: &str, strong: bool) -> Kind {
        Kind::Question { number, points, rest: rest.into(), strong }
    }

    #[test]
    fn questions_in_every_form() {
        assert_eq!(kind("12. (1 point) Consider"), q(12, Points::Given(1.0), "Consider", false));
        assert_eq!(kind("3) (0.5 points) x"), q(3, Points::Given(0.5), "x", false));
        assert_eq!(kind("4. (two points) x"), q(4, Points::Unreadable("two points".into()), "x", false));
        assert_eq!(kind("4. Something in a list"), q(4, Points::None, "Something in a list", false));
        assert_eq!(kind("Question 3 (2 pts)"), q(3, Points::Given(2.0), "", true));
        assert_eq!(kind("## Question 3 (2 pts)"), q(3, Points::Given(2.0), "", true));
        assert_eq!(kind("#### Q1. What is x?"), q(1, Points::None, "What is x?", true));
        assert_eq!(kind("###### 3. (3 points) y"), q(3, Points::Given(3.0), "y", true));
        assert_eq!(kind("Q5: text"), q(5, Points::None, "text", true));
        assert_eq!(kind("Problem 1 (2 points)"), q(1, Points::Given(2.0), "", true));
        assert_eq!(kind("**2.** (2 points) z"), q(2, Points::Given(2.0), "z", true));
        assert_eq!(kind("1) [2 points] Which"), q(1, Points::Given(2.0), "Which", false));
        assert_eq!(kind("3) Deadlock — 2 points"), q(3, Points::Given(2.0), "Deadlock", false));
        assert_eq!(kind("7. (2 marks) m"), q(7, Points::Given(2.0), "m", false));
        assert_eq!(kind("8. (2) n"), q(8, Points::Given(2.0), "n", false));
        assert_eq!(kind("5. What is it? (3 pts)"), q(5, Points::Given(3.0), "What is it?", false));
        // A heading that is not a question line stays a section.
        assert_eq!(kind("# 2. Trees"), Kind::Section { number: Some(2), title: "Trees".into() });
        assert_eq!(kind("Quarterly"), Kind::Text);
        assert_eq!(kind("Questions 1-3 share a figure."), Kind::Text);
    }

    #[test]
    fn boxes_options_and_statements() {
        assert_eq!(kind("- ☐ Mean squared"), Kind::Choice { marked: false, text: "Mean squared".into() });
        assert_eq!(kind("  * [x] Yes"), Kind::Choice { marked: true, text: "Yes".into() });
        assert_eq!(kind("- [ ] No"), Kind::Choice { marked: false, text: "No".into() });
        assert_eq!(kind("- ☐ T ☐ F : For Adam"), Kind::Statement { marks: (false, false), text: "For Adam".into() });
        assert_eq!(kind("☐ True ☒ False: x"), Kind::Statement { marks: (false, true), text: "x".into() });
        assert_eq!(kind("☐ T"), Kind::Choice { marked: false, text: "T".into() });
    }

    #[test]
    fn letters_and_numbers_are_candidates() {
        let l = |index, upper, text: &str| Kind::Letter { index, upper, text: text.into() };
        assert_eq!(kind("(A) \\( x \\)"), l(0, true, "\\( x \\)"));
        assert_eq!(kind("B. two"), l(1, true, "two"));
        assert_eq!(kind("- C) three"), l(2, true, "three"));
        assert_eq!(kind("   d) four"), l(3, false, "four"));
        assert_eq!(kind("- A: $O(n)$"), l(0, true, "$O(n)$"));
        assert_eq!(kind("a. not an option"), Kind::Text);
        assert_eq!(kind("e.g. this"), Kind::Text);
        assert_eq!(kind("- (1) `l.backward()`"), Kind::Numbered { n: 1, text: "`l.backward()`".into() });
        assert_eq!(kind("(a) and (b) below"), Kind::Text);
    }

    #[test]
    fn parts_need_a_letter_and_points() {
        assert_eq!(
            kind("- (a) (0.5 points) Line 1:"),
            Kind::Part { letter: 'a', points: Ok(0.5), label: "Line 1:".into() }
        );
    }

    #[test]
    fn answer_lines() {
        let a = |v: &str| Kind::Answer { value: v.into() };
        assert_eq!(kind("Answer: B"), a("B"));
        assert_eq!(kind("**Answer:** True"), a("True"));
        assert_eq!(kind("ANSWER: A, C"), a("A, C"));
        assert_eq!(kind("Correct answer: 2"), a("2"));
        assert_eq!(kind("The correct answer is b)."), a("b)"));
        assert_eq!(kind("#### Answer: D"), a("D"));
        assert_eq!(kind("<details><summary>Answer</summary>"), Kind::DetailsOpen);
    }

    #[test]
    fn sections_by_number_or_hash() {
        assert_eq!(
            kind("1 Multiple Choice (Single Answer)"),
            Kind::Section { number: Some(1), title: "Multiple Choice (Single Answer)".into() }
        );
        assert_eq!(classify("2 Multiple", false, 1).1, Kind::Text);
        assert_eq!(kind("1 hour and 50 minutes"), Kind::Text);
        assert_eq!(kind("## Part B"), Kind::Section { number: None, title: "Part B".into() });
    }

    #[test]
    fn fences_hide_structure() {
        assert_eq!(classify("  ☐ T ☐ F: x  ", true, 1), ("  ☐ T ☐ F: x".into(), Kind::Text));
        assert_eq!(kind("```python"), Kind::Fence);
    }

    #[test]
    fn solutions() {
        assert_eq!(kind("Solution: because"), Kind::Solution { text: "because".into() });
        assert_eq!(kind("**Explanation:** why"), Kind::Solution { text: "why".into() });
    }
}
