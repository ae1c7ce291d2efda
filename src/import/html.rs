//! HTML question text (Moodle XML, GIFT `[html]`) read as Markdown: paragraphs and line breaks,
//! bold, italics, code, list items and images kept; every other tag dropped; entities decoded.
//! `\( … \)` math is text and passes through untouched.

/// The Markdown reading of an HTML fragment.
pub fn to_markdown(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        out.push_str(&decode_entities(&rest[..lt]));
        let Some(gt) = rest[lt..].find('>') else {
            out.push_str(&decode_entities(&rest[lt..]));
            rest = "";
            break;
        };
        let tag = &rest[lt + 1..lt + gt];
        rest = &rest[lt + gt + 1..];
        let closing = tag.starts_with('/');
        // The tag's name, lower-cased in place (names of interest are short).
        let raw = tag.trim_start_matches('/').as_bytes();
        let n = raw.iter().take_while(|c| c.is_ascii_alphanumeric()).count().min(12);
        let mut buf = [0u8; 12];
        for (d, s) in buf.iter_mut().zip(&raw[..n]) {
            *d = s.to_ascii_lowercase();
        }
        let name = std::str::from_utf8(&buf[..n]).unwrap_or("");
        match (name, closing) {
            ("p" | "div" | "table" | "ul" | "ol" | "pre" | "h1" | "h2" | "h3" | "h4" | "h5" | "h6", _) => {
                out.push_str("\n\n")
            }
            ("br" | "tr", _) => out.push('\n'),
            ("li", false) => out.push_str("\n- "),
            ("b" | "strong", _) => out.push_str("**"),
            ("i" | "em", _) => out.push('*'),
            ("code" | "tt", _) => out.push('`'),
            ("td" | "th", true) => out.push(' '),
            ("img", false) => {
                if let Some(src) = attribute(tag, "src") {
                    let alt = attribute(tag, "alt").unwrap_or_default();
                    out.push_str(&format!("![{}]({})", decode_entities(&alt), decode_entities(&src)));
                }
            }
            _ => {}
        }
    }
    out.push_str(&decode_entities(rest));
    tidy(&out)
}

/// Blank-line runs folded, trailing spaces dropped, ends trimmed.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = 0;
    let nbsp = s.contains('\u{a0}');
    for line in s.split('\n') {
        let line = line.trim_matches(|c: char| c.is_whitespace());
        if line.is_empty() {
            blank += 1;
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank > 0 { "\n\n" } else { "\n" });
        }
        blank = 0;
        if nbsp {
            out.push_str(&line.replace('\u{a0}', " "));
        } else {
            out.push_str(line);
        }
    }
    out
}

/// The value of attribute `name` in a tag's text (`img src="a.png" alt='x'`).
pub fn attribute(tag: &str, name: &str) -> Option<String> {
    let lower = tag.to_ascii_lowercase();
    let mut from = 0;
    while let Some(i) = lower[from..].find(name) {
        let at = from + i;
        from = at + name.len();
        let before_ok = at == 0 || lower.as_bytes()[at - 1].is_ascii_whitespace();
        let rest = tag[from..].trim_start();
        if !before_ok || !rest.starts_with('=') {
            continue;
        }
        let v = rest[1..].trim_start();
        return Some(match v.chars().next() {
            Some(q @ ('"' | '\'')) => v[1..].split(q).next().unwrap_or("").to_string(),
            _ => v.split(|c: char| c.is_whitespace() || c == '/').next().unwrap_or("").to_string(),
        });
    }
    None
}

/// `&amp;`, `&lt;`, `&#39;`, `&#x3C;`, `&nbsp;` and the like decoded; unknown ones kept.
pub fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..].find(';').map(|j| j + 1).filter(|&j| j <= 10);
        let decoded = end.and_then(|j| entity(&rest[1..j]).map(|c| (c, j)));
        match decoded {
            Some((c, j)) => {
                out.push(c);
                rest = &rest[j + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

fn entity(name: &str) -> Option<char> {
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => '\u{a0}',
        "minus" => '−',
        "times" => '×',
        "le" => '≤',
        "ge" => '≥',
        _ => {
            let n = name.strip_prefix('#')?;
            let code = match n.strip_prefix(['x', 'X']) {
                Some(h) => u32::from_str_radix(h, 16).ok()?,
                None => n.parse().ok()?,
            };
            char::from_u32(code)?
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraphs_emphasis_math_and_images_are_kept() {
        let h =
            r#"<p>Let <b>x</b> &gt; 0 and \(x^2\).</p><p>See <img src="@@PLUGINFILE@@/a.png" alt="plot"><br>then</p>"#;
        assert_eq!(to_markdown(h), "Let **x** > 0 and \\(x^2\\).\n\nSee ![plot](@@PLUGINFILE@@/a.png)\nthen");
        assert_eq!(decode_entities("a &#39;b&#x27; &unknown; &"), "a 'b' &unknown; &");
        assert_eq!(to_markdown("<ul><li>one</li><li>two</li></ul>"), "- one\n- two");
    }
}
