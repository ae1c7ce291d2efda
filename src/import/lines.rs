//! The first pass of the importer: each line of the exam text becomes a classified `Line`.
//! Classification looks at one line at a time (plus whether a code fence is open), so the
//! assembler never has to re-read raw text.

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
    /// `N. (P points) stem`.
    Question {
        /// The printed number.
        number: u32,
        /// The points, or what is wrong with them.
        points: Result<f64, PointsError>,
        /// The rest of the line (the stem's start).
        rest: String,
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
    /// `☐ text` (marked when the box is ticked).
    Choice {
        /// Whether the box is ticked.
        marked: bool,
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

/// Removes one leading list marker (`- ` or `* `) and the spaces after it.
fn strip_list_marker(s: &str) -> &str {
    for m in ["- ", "* ", "+ "] {
        if let Some(rest) = s.strip_prefix(m) {
            return rest.trim_start();
        }
    }
    s
}

/// Parses `(P point)` / `(P points)` at the start of `s`. Returns the result and the rest of the
/// line, or `None` when `s` does not start with a parenthesised group mentioning points.
fn parse_points(s: &str) -> Option<(Result<f64, PointsError>, &str)> {
    let inner_end = s.strip_prefix('(')?.find(')')? + 1;
    let inner = s[1..inner_end].trim();
    let rest = s[inner_end + 1..].trim_start();
    let lower = inner.to_ascii_lowercase();
    let num = lower
        .strip_suffix("points")
        .or_else(|| lower.strip_suffix("point"))
        .or_else(|| lower.strip_suffix("pts"))
        .or_else(|| lower.strip_suffix("pt"))?
        .trim();
    let parsed = num
        .parse::<f64>()
        .ok()
        .filter(|p| p.is_finite() && *p >= 0.0)
        .ok_or_else(|| PointsError::Unreadable(inner.to_string()));
    Some((parsed, rest))
}

/// Parses the leading digits of `s`.
fn leading_number(s: &str) -> Option<(u32, &str)> {
    let end = s.find(|c: char| !c.is_ascii_digit()).unwrap_or(s.len());
    if end == 0 || end > 6 {
        return None;
    }
    Some((s[..end].parse().ok()?, &s[end..]))
}

fn classify_question(s: &str, next_expected: u32) -> Option<Kind> {
    let (number, rest) = leading_number(s)?;
    let rest = rest.strip_prefix('.').or_else(|| rest.strip_prefix(')'))?;
    if !rest.starts_with(char::is_whitespace) && !rest.starts_with('(') {
        return None;
    }
    let rest = rest.trim_start();
    if let Some((points, stem)) = parse_points(rest) {
        return Some(Kind::Question { number, points, rest: stem.to_string() });
    }
    // `N. (…)` whose parenthesis does not give points: a question with missing points when it
    // is the number that comes next. `N. text` without a parenthesis is an ordinary numbered
    // list line (preambles and stems have those), never a question.
    if number == next_expected && number > 0 && rest.starts_with('(') {
        return Some(Kind::Question { number, points: Err(PointsError::Missing), rest: rest.to_string() });
    }
    None
}

fn classify_part(s: &str) -> Option<Kind> {
    let b = s.as_bytes();
    if b.len() < 3 || b[0] != b'(' || !b[1].is_ascii_lowercase() || b[2] != b')' {
        return None;
    }
    let letter = b[1] as char;
    let rest = s[3..].trim_start();
    let (points, label) = parse_points(rest)?;
    Some(Kind::Part { letter, points, label: label.to_string() })
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

/// Classifies one line (already stripped of its line end). `in_fence` says whether a code fence is
/// open; `next_question` and `next_section` disambiguate numbered prose from headings.
pub fn classify(raw: &str, in_fence: bool, next_question: u32, next_section: u32) -> (String, Kind) {
    let trimmed_end = raw.trim_end();
    let t = trimmed_end.trim_start();
    if t.starts_with("```") || t.starts_with("~~~") {
        return (t.to_string(), Kind::Fence);
    }
    if in_fence {
        return (trimmed_end.to_string(), Kind::Text);
    }
    let text = t.to_string();
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
    if let Some(k) = classify_question(s, next_question) {
        return (text, k);
    }
    if let Some(k) = classify_section(t, next_section) {
        return (text, k);
    }
    for label in ["Solution:", "Explanation:", "**Solution:**", "**Explanation:**"] {
        if let Some(rest) = s.strip_prefix(label) {
            return (text, Kind::Solution { text: rest.trim().to_string() });
        }
    }
    (text, Kind::Text)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kind(s: &str) -> Kind {
        classify(s, false, 1, 1).1
    }

    #[test]
    fn questions_with_points() {
        assert_eq!(
            kind("12. (1 point) Consider"),
            Kind::Question { number: 12, points: Ok(1.0), rest: "Consider".into() }
        );
        assert_eq!(kind("3) (0.5 points) x"), Kind::Question { number: 3, points: Ok(0.5), rest: "x".into() });
        assert!(matches!(kind("4. (two points) x"), Kind::Question { points: Err(_), .. }));
        assert_eq!(kind("4. Something in a list"), Kind::Text);
    }

    #[test]
    fn boxes_options_and_statements() {
        assert_eq!(kind("- ☐ Mean squared"), Kind::Choice { marked: false, text: "Mean squared".into() });
        assert_eq!(kind("  * [x] Yes"), Kind::Choice { marked: true, text: "Yes".into() });
        assert_eq!(kind("- ☐ T ☐ F : For Adam"), Kind::Statement { marks: (false, false), text: "For Adam".into() });
        assert_eq!(kind("☐ True ☒ False: x"), Kind::Statement { marks: (false, true), text: "x".into() });
        assert_eq!(kind("☐ T"), Kind::Choice { marked: false, text: "T".into() });
    }

    #[test]
    fn parts_need_a_letter_and_points() {
        assert_eq!(
            kind("- (a) (0.5 points) Line 1:"),
            Kind::Part { letter: 'a', points: Ok(0.5), label: "Line 1:".into() }
        );
        assert_eq!(kind("- (1) `l.backward()`"), Kind::Text);
        assert_eq!(kind("(a) and (b) below"), Kind::Text);
    }

    #[test]
    fn sections_by_number_or_hash() {
        assert_eq!(
            kind("1 Multiple Choice (Single Answer)"),
            Kind::Section { number: Some(1), title: "Multiple Choice (Single Answer)".into() }
        );
        assert_eq!(classify("2 Multiple", false, 1, 1).1, Kind::Text);
        assert_eq!(kind("1 hour and 50 minutes"), Kind::Text);
        assert_eq!(kind("## Part B"), Kind::Section { number: None, title: "Part B".into() });
        assert_eq!(kind("# 2. Trees"), Kind::Section { number: Some(2), title: "Trees".into() });
    }

    #[test]
    fn fences_hide_structure() {
        assert_eq!(classify("  ☐ T ☐ F: x  ", true, 1, 1), ("  ☐ T ☐ F: x".into(), Kind::Text));
        assert_eq!(kind("```python").clone(), Kind::Fence);
    }

    #[test]
    fn solutions() {
        assert_eq!(kind("Solution: because"), Kind::Solution { text: "because".into() });
    }
}
