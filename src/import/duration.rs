//! The exam's duration and date, read from its instructions.

/// Reads the exam's duration from its instructions: "1 hour and 50 minutes", "80 minutes",
/// "2 hours", "1.5 hours".
pub fn parse_duration(text: &str) -> Option<u32> {
    let lower = text.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '(' | ')' | ';'))
        .filter(|w| !w.is_empty())
        .collect();
    for (i, w) in words.iter().enumerate() {
        let Ok(n) = w.parse::<f64>() else { continue };
        if !n.is_finite() || n < 0.0 {
            continue;
        }
        let unit = words.get(i + 1).map(|u| u.trim_end_matches('.')).unwrap_or("");
        if unit.starts_with("hour") || unit == "hr" || unit == "hrs" || unit == "h" {
            let mut minutes = n * 60.0;
            // "1 hour and 50 minutes" / "1 hour 50 minutes"
            let mut j = i + 2;
            if words.get(j) == Some(&"and") {
                j += 1;
            }
            if let (Some(m), Some(u)) = (words.get(j), words.get(j + 1))
                && let Ok(m) = m.parse::<f64>()
                && u.starts_with("min")
            {
                minutes += m;
            }
            return Some(minutes.round() as u32);
        }
        if unit.starts_with("minute") || unit == "min" || unit == "mins" {
            return Some(n.round() as u32);
        }
    }
    None
}

/// Reads the exam's date from a line `Exam date: YYYY-MM-DD` of its instructions (the words in
/// any case, Markdown emphasis around them allowed). `Err` carries the text after the colon
/// when it is not such a date.
pub fn parse_exam_date(text: &str) -> Option<Result<chrono::NaiveDate, String>> {
    for line in text.lines() {
        let t = line.trim().trim_start_matches(['-', '*', '_', ' ']);
        let Some(colon) = t.find(':') else { continue };
        let key: String = t[..colon].chars().filter(|c| c.is_alphanumeric() || *c == ' ').collect();
        if !key.trim().eq_ignore_ascii_case("exam date") {
            continue;
        }
        let value = t[colon + 1..].trim().trim_matches(['*', '_', ' ']);
        return Some(chrono::NaiveDate::parse_from_str(value, "%Y-%m-%d").map_err(|_| value.to_string()));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exam_dates_are_read_from_their_line() {
        let d = chrono::NaiveDate::from_ymd_opt(2026, 12, 14).unwrap();
        assert_eq!(parse_exam_date("Closed book.\nExam date: 2026-12-14\n"), Some(Ok(d)));
        assert_eq!(parse_exam_date("- **Exam date:** 2026-12-14"), Some(Ok(d)));
        assert_eq!(parse_exam_date("EXAM DATE: 14/12/2026"), Some(Err("14/12/2026".into())));
        assert_eq!(parse_exam_date("The exam is on a date to be announced."), None);
    }

    #[test]
    fn durations_in_words() {
        assert_eq!(parse_duration("You have 1 hour and 50 minutes"), Some(110));
        assert_eq!(parse_duration("80 minutes"), Some(80));
    }
}
