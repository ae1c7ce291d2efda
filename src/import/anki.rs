//! Anki and Quizlet text (`.txt`, `.tsv`, `.csv`): one note per row, front then back. Each row is
//! a free-response card: the front is the stem, the back the solution; a tags column gives its
//! topics. Read with the `csv` crate (quoted fields, separators inside quotes).
//!
//! Anki's header lines are honoured: `#separator:` (`tab`, `comma`, `semicolon`, `pipe`, `space`,
//! `colon` or the character), `#html:` (`true` reads fields as HTML), `#tags:` (topics for every
//! row), `#columns:` (names; a column called `Tags` holds tags), `#tags column:N`, `#deck:`
//! (the deck's name, kept in the instructions) and `#notetype:`. Without `#separator:` the
//! separator is guessed from the first lines (tab, then semicolon or comma, whichever splits
//! them more evenly) and the guess is said. Math `\( \)`, `\[ \]`, `[$]…[/$]`, `[$$]…[/$$]` and
//! `[latex]…[/latex]` becomes `$…$`; `<img src>` becomes a Markdown image.

use super::Diagnostic;
use super::draft::{Draft, DraftBody, DraftQuestion};
use super::html;

/// What the header lines say.
#[derive(Default)]
struct Header {
    separator: Option<u8>,
    html: Option<bool>,
    tags: Vec<String>,
    tags_column: Option<usize>,
    deck: Option<String>,
    /// Lines the header takes.
    lines: usize,
}

fn separator(v: &str) -> Option<u8> {
    Some(match v.trim().to_ascii_lowercase().as_str() {
        "tab" | "\\t" => b'\t',
        "comma" | "," => b',',
        "semicolon" | ";" => b';',
        "pipe" | "|" => b'|',
        "space" | " " => b' ',
        "colon" | ":" => b':',
        s if s.len() == 1 && s.is_ascii() => s.as_bytes()[0],
        _ => return None,
    })
}

fn header(text: &str, diags: &mut Vec<Diagnostic>) -> Header {
    let mut h = Header::default();
    for (i, line) in text.split('\n').enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        let Some(rest) = line.strip_prefix('#') else { break };
        h.lines = i + 1;
        let Some((k, v)) = rest.split_once(':') else { continue };
        match k.trim().to_ascii_lowercase().as_str() {
            "separator" => {
                h.separator = separator(v);
                if h.separator.is_none() {
                    diags.push(Diagnostic::warning(i + 1, format!("unknown separator {v:?}; it is guessed instead")));
                }
            }
            "html" => h.html = Some(v.trim().eq_ignore_ascii_case("true")),
            "tags" => h.tags = v.split_whitespace().map(str::to_string).collect(),
            "tags column" => h.tags_column = v.trim().parse::<usize>().ok().filter(|&n| n >= 1).map(|n| n - 1),
            "columns" => {
                let sep = h.separator.unwrap_or(b'\t') as char;
                h.tags_column = h.tags_column.or(v.split(sep).position(|c| c.trim().eq_ignore_ascii_case("tags")));
            }
            "deck" => h.deck = Some(v.trim().to_string()).filter(|d| !d.is_empty()),
            _ => {}
        }
    }
    h
}

/// The separator that splits the first lines most evenly: tab when any has one, else `;` or `,`.
fn guess(body: &str) -> u8 {
    let first: Vec<&str> = body.lines().filter(|l| !l.trim().is_empty()).take(20).collect();
    if first.iter().any(|l| l.contains('\t')) {
        return b'\t';
    }
    let score = |c: char| first.iter().filter(|l| l.contains(c)).count();
    if score(';') > score(',') { b';' } else { b',' }
}

fn name(sep: u8) -> &'static str {
    match sep {
        b'\t' => "tab",
        b',' => "comma",
        b';' => "semicolon",
        b'|' => "pipe",
        b' ' => "space",
        b':' => "colon",
        _ => "the character given",
    }
}

/// Anki's math and media forms as examdeck's Markdown.
fn field(s: &str, html_on: bool) -> String {
    let t: std::borrow::Cow<'_, str> = if s.contains("[$") || s.contains("[/$") || s.contains("latex]") {
        let t = s.replace("[$$]", "$$").replace("[/$$]", "$$").replace("[$]", "$").replace("[/$]", "$");
        t.replace("[latex]", "$").replace("[/latex]", "$").into()
    } else {
        s.into()
    };
    let looks_html = t.contains('<') && t.contains('>') || t.contains('&');
    if html_on || looks_html { html::to_markdown(&t) } else { t.trim().to_string() }
}

/// Reads Anki or Quizlet text.
pub fn parse(text: &str) -> super::Parsed {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut d = Draft {
        hint: "expected one note per line: the front, a tab (or `,` `;`), then the back",
        ..Default::default()
    };
    let h = header(text, &mut d.diags);
    let body_start = text.split('\n').take(h.lines).map(|l| l.len() + 1).sum::<usize>().min(text.len());
    let body = &text[body_start..];
    let sep = h.separator.unwrap_or_else(|| {
        let g = guess(body);
        d.diags.push(Diagnostic::warning(
            0,
            format!(
                "no `#separator:` header: fields are read as separated by {} (guessed from the first lines)",
                name(g)
            ),
        ));
        g
    });
    if let Some(deck) = &h.deck {
        d.instructions = format!("Anki deck: {deck}");
    }
    let mut reader =
        csv::ReaderBuilder::new().has_headers(false).flexible(true).delimiter(sep).from_reader(body.as_bytes());
    let html_on = h.html.unwrap_or(false);
    let mut record = csv::StringRecord::new();
    loop {
        let line = h.lines + reader.position().line() as usize;
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(e) => {
                d.diags.push(Diagnostic::error(line, format!("this row cannot be read: {e}")));
                break;
            }
        }
        let fields: Vec<&str> = record.iter().collect();
        if fields.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let front = field(fields[0], html_on);
        let back = fields.get(1).map(|b| field(b, html_on)).unwrap_or_default();
        let mut topics = h.tags.clone();
        if let Some(t) = h.tags_column.and_then(|c| fields.get(c)) {
            topics.extend(t.split_whitespace().map(str::to_string));
        }
        if fields.len() < 2 {
            d.diags.push(Diagnostic::warning(line, "this row has a front but no back: its card has no solution"));
        }
        let body = if back.is_empty() { DraftBody::Free } else { DraftBody::Solved(back) };
        d.questions.push(DraftQuestion { line, stem: front, topics, body, ..Default::default() });
    }
    super::draft::build(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Answer, CardKind};

    #[test]
    fn headers_tags_and_html_are_read() {
        let src = "#separator:tab\n#html:true\n#tags column:3\n#deck:Deep learning\nWhat is \\(\\sigma\\)?\tThe <b>sigmoid</b>\tact week1\n\"Two\nlines\"\tback\t\n";
        let p = parse(src);
        let got: Vec<_> = p.exam.cards.iter().map(|c| (c.id.as_str(), c.kind, c.answer, c.line)).collect();
        assert_eq!(
            got,
            [("1", CardKind::Free, Some(Answer::Written), 5), ("2", CardKind::Free, Some(Answer::Written), 6)]
        );
        assert_eq!(p.exam.cards[0].solution.as_deref(), Some("The **sigmoid**"));
        assert_eq!(p.exam.question(1).unwrap().topics, ["act", "week1"]);
        assert_eq!(p.exam.question(2).unwrap().stem, "Two\nlines");
        assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    }

    #[test]
    fn the_separator_is_guessed_and_said() {
        let p = parse("term;definition\n\"a;b\";c\n");
        assert_eq!(p.exam.cards.len(), 2);
        assert_eq!(p.exam.question(2).unwrap().stem, "a;b");
        assert!(p.diagnostics[0].message.contains("semicolon"), "{:?}", p.diagnostics);
        let p = parse("[$]x^2[/$]\tsquare\n");
        assert_eq!(p.exam.question(1).unwrap().stem, "$x^2$");
    }
}
