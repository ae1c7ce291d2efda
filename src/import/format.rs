//! Which reader reads a file: named with `--format`, else from the extension, else (for `.txt`
//! and anything unknown) from the content, in the order `detect` documents.

use std::path::Path;

/// An exam file format examdeck reads.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Format {
    /// examdeck's own Markdown (`docs/exam-format.md`).
    #[default]
    Markdown,
    /// Moodle GIFT.
    Gift,
    /// Aiken.
    Aiken,
    /// Moodle XML.
    MoodleXml,
    /// The LaTeX `exam` document class.
    Latex,
    /// Anki or Quizlet text (tab, comma or semicolon separated).
    Anki,
}

impl Format {
    /// Every format, in the order the import screen lists them.
    pub const ALL: [Format; 6] =
        [Format::Markdown, Format::Gift, Format::Aiken, Format::MoodleXml, Format::Latex, Format::Anki];

    /// The name `--format` takes and `check --json` reports.
    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "markdown",
            Format::Gift => "gift",
            Format::Aiken => "aiken",
            Format::MoodleXml => "moodle-xml",
            Format::Latex => "latex",
            Format::Anki => "anki",
        }
    }

    /// The name as the window shows it.
    pub fn label(self) -> &'static str {
        match self {
            Format::Markdown => "Markdown",
            Format::Gift => "Moodle GIFT",
            Format::Aiken => "Aiken",
            Format::MoodleXml => "Moodle XML",
            Format::Latex => "LaTeX exam class",
            Format::Anki => "Anki / Quizlet text",
        }
    }

    /// The format named `s` (`markdown`, `gift`, …).
    pub fn from_name(s: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.name() == s.trim().to_ascii_lowercase())
    }

    /// The format an extension says, when it says one (`.txt` does not).
    pub fn from_extension(path: &Path) -> Option<Format> {
        let ext = path.extension()?.to_str()?.to_ascii_lowercase();
        Some(match ext.as_str() {
            "md" | "markdown" => Format::Markdown,
            "gift" => Format::Gift,
            "xml" => Format::MoodleXml,
            "tex" => Format::Latex,
            "csv" | "tsv" => Format::Anki,
            _ => return None,
        })
    }
}

impl std::fmt::Display for Format {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// The format of a file: its extension's, else the content's.
pub fn detect(path: &Path, text: &str) -> Format {
    Format::from_extension(path).unwrap_or_else(|| from_content(text))
}

/// The format the content looks like, tested in this order (the first that holds wins):
/// 1. `<?xml` or `<quiz` at the start → Moodle XML;
/// 2. `\documentclass` or `\begin{questions}` → LaTeX;
/// 3. an Anki header line (`#separator:`, `#html:`, `#notetype:`, `#deck:`, `#columns:`, `#tags`) at the
///    start → Anki;
/// 4. a line that is a Markdown question (`1.`, `Question 1`, `Q1.`) → Markdown;
/// 5. a `{…}` answer block with `=`, `~`, `#`, `T` or `F` inside, or a `::title::` → GIFT;
/// 6. a line `ANSWER: X` → Aiken;
/// 7. most lines holding a tab → Anki;
/// 8. otherwise Markdown (whose diagnostics then say what was expected).
pub fn from_content(text: &str) -> Format {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let head = text.trim_start();
    if head.starts_with("<?xml") || head.starts_with("<quiz") {
        return Format::MoodleXml;
    }
    if text.contains("\\documentclass") || text.contains("\\begin{questions}") {
        return Format::Latex;
    }
    const ANKI: [&str; 6] = ["#separator:", "#html:", "#notetype", "#deck:", "#columns:", "#tags"];
    if ANKI.iter().any(|h| head.starts_with(h)) {
        return Format::Anki;
    }
    let lines: Vec<&str> = text.lines().take(2000).collect();
    if lines.iter().any(|l| is_markdown_question(l)) {
        return Format::Markdown;
    }
    if lines.iter().any(|l| is_gift(l)) {
        return Format::Gift;
    }
    if lines.iter().any(|l| is_aiken_answer(l)) {
        return Format::Aiken;
    }
    let filled: Vec<&&str> = lines.iter().filter(|l| !l.trim().is_empty()).collect();
    if !filled.is_empty() && filled.iter().filter(|l| l.contains('\t')).count() * 2 > filled.len() {
        return Format::Anki;
    }
    Format::Markdown
}

fn is_markdown_question(l: &str) -> bool {
    let t = l.trim_start().trim_start_matches('#').trim_start().trim_start_matches("**");
    let t =
        t.strip_prefix("Question ").or_else(|| t.strip_prefix("Problem ")).or_else(|| t.strip_prefix('Q')).unwrap_or(t);
    let digits = t.bytes().take_while(u8::is_ascii_digit).count();
    digits > 0
        && {
            let rest = &t[digits..];
            rest.starts_with(". ") || rest.starts_with(") ") || rest.starts_with(": ") || rest.starts_with(" (")
        }
        && (l.contains("point") || l.contains("pts") || l.contains("mark") || l.trim_start().starts_with('#'))
}

fn is_gift(l: &str) -> bool {
    let t = l.trim();
    if t.starts_with("::") && t[2..].contains("::") {
        return true;
    }
    let Some(open) = t.find('{') else { return false };
    let inner = t[open + 1..].trim_start();
    inner.starts_with(['=', '~', '#'])
        || ["T}", "F}", "TRUE}", "FALSE}"].iter().any(|v| inner.to_ascii_uppercase().starts_with(v))
}

fn is_aiken_answer(l: &str) -> bool {
    l.trim().strip_prefix("ANSWER:").is_some_and(|r| {
        let r = r.trim();
        r.len() == 1 && r.as_bytes()[0].is_ascii_uppercase()
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn extension_first_then_content_in_the_documented_order() {
        assert_eq!(detect(Path::new("a.gift"), ""), Format::Gift);
        assert_eq!(detect(Path::new("a.XML"), ""), Format::MoodleXml);
        assert_eq!(detect(Path::new("a.tsv"), ""), Format::Anki);
        assert_eq!(from_content("<?xml version=\"1.0\"?>\n<quiz>"), Format::MoodleXml);
        assert_eq!(from_content("\\documentclass{exam}\n"), Format::Latex);
        assert_eq!(from_content("#separator:tab\nfront\tback\n"), Format::Anki);
        assert_eq!(from_content("Question 1 (2 pts)\nWhat? {=a ~b}\n"), Format::Markdown);
        assert_eq!(from_content("::Q1:: What? {=a ~b}\n"), Format::Gift);
        assert_eq!(from_content("Sky blue? {T}\n"), Format::Gift);
        assert_eq!(from_content("What?\nA. x\nB. y\nANSWER: B\n"), Format::Aiken);
        assert_eq!(from_content("front\tback\nf2\tb2\n"), Format::Anki);
        assert_eq!(from_content("just text"), Format::Markdown);
        for f in Format::ALL {
            assert_eq!(Format::from_name(f.name()), Some(f));
        }
    }
}
