//! The exam's duration, read from its instructions.

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
