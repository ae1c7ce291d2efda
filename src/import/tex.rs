//! The LaTeX `exam` document class (`.tex`). The body between `\begin{questions}` and
//! `\end{questions}` is scanned for the commands of the class; everything else is text, kept as
//! TeX inside math and turned into Markdown outside it.
//!
//! | LaTeX | examdeck |
//! |---|---|
//! | `\question[2]`, `\titledquestion{Title}[2]` | a question worth 2 points (the title leads its stem) |
//! | `\part[1]`, `\subpart[1]` | parts `a`, `b`, … and subparts `i`, `ii`, … (cards `3.b`, `3.b.i`) |
//! | `choices`, `oneparchoices` with `\choice` / `\CorrectChoice` | single answer |
//! | `checkboxes`, `oneparcheckboxes` | multiple-select |
//! | `solution`, `solutionorbox`, `solutionordottedlines`, `solutionorlines` | the explanation; without choices, the solution |
//! | a part without choices whose solution starts with "True" or "False" | a true/false card keyed from it |
//! | `\setcounter{question}{0}` | numbering restarts; as in Markdown, it continues (with a warning) |
//! | `\newcommand{\R}{\mathbb{R}}` (no arguments) | expanded where used; macros with arguments are a warning |
//! | `\textbf`, `\emph`, `\textit`, `\texttt`, `\includegraphics`, `\\`, `~`, `\%` | Markdown |
//! | layout (`\pointsinmargin`, `\addpoints`, `\vspace`, `\newpage`, …) | ignored |

use std::borrow::Cow;

use super::Diagnostic;
use super::draft::{Draft, DraftBody, DraftOption, DraftPart, DraftQuestion, line_of, line_starts};

/// Expanded text may grow to at most this many times the input (plus 1 MiB) before expansion stops.
const MAX_GROWTH: usize = 4;

/// Text as read: a range of the source while it is one run (most texts are), copied out only
/// when a second, separate run or a text of the reader's own is added.
#[derive(Default)]
struct Text {
    range: std::ops::Range<usize>,
    owned: Option<String>,
}

impl Text {
    /// Adds `src[r]`.
    fn push(&mut self, src: &str, r: std::ops::Range<usize>) {
        if r.is_empty() {
            return;
        }
        if let Some(s) = &mut self.owned {
            s.push_str(&src[r]);
        } else if self.range.is_empty() {
            self.range = r;
        } else if self.range.end == r.start {
            self.range.end = r.end;
        } else {
            let mut s = String::with_capacity(self.range.len() + r.len());
            s.push_str(&src[self.range.clone()]);
            s.push_str(&src[r]);
            self.owned = Some(s);
        }
    }

    /// A text of the reader's own (a title).
    fn own(text: String) -> Self {
        Text { range: 0..0, owned: Some(text) }
    }

    fn get<'a>(&'a self, src: &'a str) -> &'a str {
        self.owned.as_deref().unwrap_or(&src[self.range.clone()])
    }
}

/// A choice as read.
struct Choice {
    line: usize,
    right: bool,
    text: Text,
}

/// An item being read: a question, a part or a subpart.
#[derive(Default)]
struct Item {
    line: usize,
    points: Option<f64>,
    text: Text,
    choices: Vec<Choice>,
    multi: bool,
    solution: Option<Text>,
    subs: Vec<Item>,
}

/// An open environment.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Env {
    Choices,
    Solution,
    Other,
}

/// The class's commands; every other command is text.
const OURS: [&str; 9] =
    ["question", "titledquestion", "part", "subpart", "choice", "CorrectChoice", "setcounter", "begin", "end"];

/// Which item text goes to.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Level {
    Question,
    Part,
    Sub,
}

struct Reader<'a> {
    src: &'a str,
    starts: Vec<usize>,
    d: Draft,
    question: Option<(u32, Item, Vec<Item>)>,
    level: Level,
    envs: Vec<Env>,
    counter: u32,
}

/// The `{…}` group at `i` (after spaces): its contents and the index after it.
fn group(s: &str, i: usize, open: u8, close: u8) -> Option<(&str, usize)> {
    let b = s.as_bytes();
    let mut j = i;
    while j < b.len() && (b[j] == b' ' || b[j] == b'\t') {
        j += 1;
    }
    if b.get(j) != Some(&open) {
        return None;
    }
    let mut depth = 0usize;
    let mut k = j;
    while k < b.len() {
        match b[k] {
            b'\\' => k += 1,
            c if c == open => depth += 1,
            c if c == close => {
                depth -= 1;
                if depth == 0 {
                    return Some((&s[j + 1..k], k + 1));
                }
            }
            _ => {}
        }
        k += 1;
    }
    None
}

/// Comments (`%` to the end of the line, not `\%`) removed; line breaks kept. A file without
/// comments is not copied.
fn strip_comments(s: &str) -> Cow<'_, str> {
    let b = s.as_bytes();
    let mut out = String::new();
    // `s[..copied]` has been handled; comments are searched for from `from`.
    let (mut copied, mut from) = (0, 0);
    while let Some(k) = memchr::memchr(b'%', &b[from..]) {
        let p = from + k;
        // `\%` is a percent sign, `\\%` a line break and a comment: count the backslashes.
        let slashes = b[..p].iter().rev().take_while(|&&c| c == b'\\').count();
        if slashes % 2 == 1 {
            from = p + 1;
            continue;
        }
        let eol = memchr::memchr(b'\n', &b[p..]).map_or(b.len(), |e| p + e);
        if out.capacity() == 0 {
            out.reserve(s.len());
        }
        out.push_str(&s[copied..p]);
        copied = eol;
        from = eol;
    }
    if copied == 0 {
        return Cow::Borrowed(s);
    }
    out.push_str(&s[copied..]);
    Cow::Owned(out)
}

/// Simple `\newcommand{\name}{text}` / `\def\name{text}` macros (no arguments), with a warning for
/// the others.
fn macros(preamble: &str, starts: &[usize], diags: &mut Vec<Diagnostic>) -> Vec<(String, String)> {
    let mut out = Vec::new();
    for cmd in ["\\newcommand", "\\renewcommand", "\\providecommand", "\\def"] {
        let mut from = 0;
        while let Some(i) = preamble[from..].find(cmd) {
            let at = from + i;
            from = at + cmd.len();
            if preamble[from..].starts_with(|c: char| c.is_ascii_alphabetic()) {
                continue;
            }
            let rest = &preamble[from..];
            let (name, after) = match group(preamble, from, b'{', b'}') {
                Some((n, a)) => (n.trim().to_string(), a),
                None => {
                    let t = rest.trim_start();
                    let skip = rest.len() - t.len();
                    let n: String =
                        t.chars().take(1).chain(t.chars().skip(1).take_while(|c| c.is_ascii_alphabetic())).collect();
                    (n.clone(), from + skip + n.len())
                }
            };
            let line = line_of(starts, at);
            if !name.starts_with('\\') || name.len() < 2 {
                continue;
            }
            let args =
                preamble[after..].trim_start().starts_with('[') || preamble[after..].trim_start().starts_with('#');
            match (args, group(preamble, after, b'{', b'}')) {
                (false, Some((body, end))) => {
                    // A line break in TeX text is a space; keeping it out keeps every line where
                    // it was, so diagnostics name the file's lines.
                    out.push((name, body.replace(['\r', '\n'], " ")));
                    from = end;
                }
                _ => diags.push(Diagnostic::warning(
                    line,
                    format!(
                        "the macro {name} takes arguments, so it is not expanded; write its text out where it is used"
                    ),
                )),
            }
        }
    }
    out
}

/// `text` with every macro replaced by its text (three rounds, for macros that use others).
fn expand(text: &str, macros: &[(String, String)], diags: &mut Vec<Diagnostic>) -> String {
    let mut cur = text.to_string();
    let limit = text.len() * MAX_GROWTH + (1 << 20);
    for _ in 0..3 {
        let mut changed = false;
        for (name, body) in macros {
            let mut out = String::with_capacity(cur.len());
            let mut rest = cur.as_str();
            let finder = memchr::memmem::Finder::new(name.as_bytes());
            while let Some(i) = finder.find(rest.as_bytes()) {
                let after = &rest[i + name.len()..];
                out.push_str(&rest[..i]);
                if after.starts_with(|c: char| c.is_ascii_alphabetic()) {
                    out.push_str(name);
                } else {
                    out.push_str(body);
                    changed = true;
                    if out.len() > limit {
                        diags
                            .push(Diagnostic::warning(0, "macros expand without end; they were expanded only in part"));
                        return cur;
                    }
                }
                rest = after;
            }
            out.push_str(rest);
            cur = out;
        }
        // Another round only when a macro's text may use another macro.
        if !changed || !macros.iter().any(|(_, body)| body.contains('\\')) {
            break;
        }
    }
    cur
}

/// Commands removed with their arguments: (name, number of `{…}` arguments).
const DROPPED: [(&str, usize); 22] = [
    ("vspace", 1),
    ("vspace*", 1),
    ("hspace", 1),
    ("hspace*", 1),
    ("pointsinmargin", 0),
    ("pointsinrightmargin", 0),
    ("addpoints", 0),
    ("noaddpoints", 0),
    ("printanswers", 0),
    ("noprintanswers", 0),
    ("newpage", 0),
    ("clearpage", 0),
    ("pagebreak", 0),
    ("vfill", 0),
    ("medskip", 0),
    ("bigskip", 0),
    ("smallskip", 0),
    ("noindent", 0),
    ("fillin", 0),
    ("droppoints", 0),
    ("centering", 0),
    ("label", 1),
];

/// Commands whose argument becomes Markdown: (name, before, after).
const WRAPPED: [(&str, &str, &str); 8] = [
    ("textbf", "**", "**"),
    ("emph", "*", "*"),
    ("textit", "*", "*"),
    ("texttt", "`", "`"),
    ("underline", "", ""),
    ("text", "", ""),
    ("mbox", "", ""),
    ("textrm", "", ""),
];

/// Text of the exam class turned into examdeck Markdown: math untouched, the commands of the
/// tables above rewritten outside it, blank-line runs folded.
fn clean(s: &str) -> String {
    let b = s.as_bytes();
    let mut out = String::with_capacity(s.len());
    let mut i = 0;
    let mut math: Option<&str> = None;
    while i < b.len() {
        // Runs of plain text (no `$`, `\\`, `~`) are copied whole.
        if !matches!(b[i], b'$' | b'\\' | b'~') {
            let run = memchr::memchr3(b'$', b'\\', b'~', &b[i..]).unwrap_or(b.len() - i);
            out.push_str(&s[i..i + run]);
            i += run;
            continue;
        }
        let rest = &s[i..];
        if let Some(close) = math {
            if rest.starts_with(close) && !(close == "$" && rest.starts_with("$$")) {
                out.push_str(close);
                i += close.len();
                math = None;
            } else if b[i] == b'\\' && i + 1 < b.len() {
                let n = 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
                out.push_str(&rest[..n]);
                i += n;
            } else {
                let c = rest.chars().next().map_or(1, char::len_utf8);
                out.push_str(&rest[..c]);
                i += c;
            }
            continue;
        }
        for (open, close) in [("$$", "$$"), ("$", "$"), ("\\(", "\\)"), ("\\[", "\\]")] {
            if rest.starts_with(open) {
                math = Some(close);
                out.push_str(open);
                i += open.len();
                break;
            }
        }
        if math.is_some() {
            continue;
        }
        if let Some(env) = rest.strip_prefix("\\begin{").and_then(|r| {
            ["equation*", "equation", "align*", "align", "gather*"]
                .into_iter()
                .find(|e| r.starts_with(e) && r[e.len()..].starts_with('}'))
        }) {
            let end = format!("\\end{{{env}}}");
            let open = 8 + env.len();
            let inner_end = rest.find(&end).unwrap_or(rest.len());
            let inner = &rest[open.min(inner_end)..inner_end];
            let aligned = env.starts_with("align") || env.starts_with("gather");
            if aligned {
                out.push_str(&format!("\n$$\\begin{{aligned}}{inner}\\end{{aligned}}$$\n"));
            } else {
                out.push_str(&format!("\n$${inner}$$\n"));
            }
            i += (inner_end + end.len()).min(rest.len());
            continue;
        }
        match b[i] {
            b'~' => {
                out.push(' ');
                i += 1;
            }
            b'\\' => {
                let name_len = rest[1..].bytes().take_while(|c| c.is_ascii_alphabetic() || *c == b'*').count();
                let name = &rest[1..1 + name_len];
                if name.is_empty() {
                    // `\\`, `\%`, `\&`, `\_`, `\$`, `\#`, `\{`.
                    match rest[1..].chars().next() {
                        Some('\\') => out.push('\n'),
                        Some(c @ ('%' | '&' | '#' | '{' | '}')) => out.push(c),
                        Some(c @ ('_' | '$')) => {
                            out.push('\\');
                            out.push(c);
                        }
                        Some(' ') => out.push(' '),
                        Some(c) => {
                            out.push('\\');
                            out.push(c);
                        }
                        None => {}
                    }
                    i += 1 + rest[1..].chars().next().map_or(0, char::len_utf8);
                    continue;
                }
                let after = i + 1 + name.len();
                if let Some((_, n)) = DROPPED.iter().find(|(d, _)| *d == name) {
                    let mut j = after;
                    if let Some((_, e)) = group(s, j, b'[', b']') {
                        j = e;
                    }
                    for _ in 0..*n {
                        if let Some((_, e)) = group(s, j, b'{', b'}') {
                            j = e;
                        }
                    }
                    i = j;
                    continue;
                }
                if let Some((_, pre, post)) = WRAPPED.iter().find(|(w, _, _)| *w == name)
                    && let Some((arg, e)) = group(s, after, b'{', b'}')
                {
                    out.push_str(pre);
                    out.push_str(&clean(arg));
                    out.push_str(post);
                    i = e;
                    continue;
                }
                if name == "includegraphics" {
                    let mut j = after;
                    if let Some((_, e)) = group(s, j, b'[', b']') {
                        j = e;
                    }
                    if let Some((file, e)) = group(s, j, b'{', b'}') {
                        out.push_str(&format!("![]({})", file.trim()));
                        i = e;
                        continue;
                    }
                }
                if name == "item" {
                    out.push_str("\n- ");
                    i = after;
                    continue;
                }
                if name == "begin" || name == "end" {
                    // Other environments (center, enumerate, …): their markers go, their text stays.
                    if let Some((_, e)) = group(s, after, b'{', b'}') {
                        out.push('\n');
                        i = e;
                        continue;
                    }
                }
                out.push('\\');
                out.push_str(name);
                i = after;
            }
            _ => {
                let c = rest.chars().next().map_or(1, char::len_utf8);
                out.push_str(&rest[..c]);
                i += c;
            }
        }
    }
    // Most texts are one line (often with a line break after it) with nothing to fold: trimmed
    // in place, without another copy.
    out.truncate(out.trim_end().len());
    let lead = out.len() - out.trim_start().len();
    if lead > 0 {
        out.drain(..lead);
    }
    if !out.contains('\n') {
        return out;
    }
    tidy(&out)
}

/// Lines trimmed, runs of blank lines folded, ends trimmed.
fn tidy(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut blank = false;
    for line in s.split('\n').map(str::trim) {
        if line.is_empty() {
            blank = !out.is_empty();
            continue;
        }
        if !out.is_empty() {
            out.push_str(if blank { "\n\n" } else { "\n" });
        }
        blank = false;
        out.push_str(line);
    }
    out
}

/// `i`, `ii`, `iii`, … for 1, 2, 3.
fn roman(mut n: usize) -> String {
    const T: [(usize, &str); 9] =
        [(100, "c"), (90, "xc"), (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")];
    let mut s = String::new();
    for (v, r) in T {
        while n >= v {
            s.push_str(r);
            n -= v;
        }
    }
    s
}

/// A solution that starts with "True" or "False": its value and the rest.
fn truth(solution: &str) -> Option<(bool, String)> {
    let t = solution.trim_start().trim_start_matches("**").trim_start();
    let lower = t.to_ascii_lowercase();
    let (v, n) = if lower.starts_with("true") {
        (true, 4)
    } else if lower.starts_with("false") {
        (false, 5)
    } else {
        return None;
    };
    if t[n..].starts_with(|c: char| c.is_alphanumeric()) {
        return None;
    }
    let rest = t[n..].trim_start_matches("**").trim_start_matches(['.', ',', ':', ';', '!']).trim();
    Some((v, rest.to_string()))
}

/// An item's body and explanation.
fn body(src: &str, item: Item, is_part: bool) -> (DraftBody, Option<String>) {
    let solution = item.solution.map(|s| clean(s.get(src))).filter(|s| !s.is_empty());
    if !item.choices.is_empty() {
        let options = item
            .choices
            .into_iter()
            .map(|o| DraftOption { text: clean(o.text.get(src)), line: o.line, right: o.right, feedback: None })
            .collect();
        return (DraftBody::Options { options, select_all: item.multi }, solution);
    }
    match solution {
        Some(s) if is_part => match truth(&s) {
            Some((v, rest)) => (DraftBody::TrueFalse(Some(v)), Some(rest).filter(|r| !r.is_empty())),
            None => (DraftBody::Solved(s), None),
        },
        Some(s) => (DraftBody::Solved(s), None),
        None => (DraftBody::Free, None),
    }
}

impl Reader<'_> {
    fn line(&self, pos: usize) -> usize {
        line_of(&self.starts, pos)
    }

    /// The item text goes to now.
    fn item(&mut self) -> Option<&mut Item> {
        let (_, q, parts) = self.question.as_mut()?;
        match self.level {
            Level::Question => Some(q),
            Level::Part => parts.last_mut().or(Some(q)),
            Level::Sub => match parts.last_mut() {
                Some(p) if !p.subs.is_empty() => p.subs.last_mut(),
                Some(p) => Some(p),
                None => Some(q),
            },
        }
    }

    /// Adds `src[r]` to the text of what is being read.
    fn text(&mut self, r: std::ops::Range<usize>) {
        let env = self.envs.iter().rev().find(|e| **e != Env::Other).copied();
        let src = self.src;
        let Some(item) = self.item() else { return };
        match env {
            Some(Env::Solution) => item.solution.get_or_insert_with(Text::default).push(src, r),
            Some(Env::Choices) if !item.choices.is_empty() => {
                item.choices.last_mut().expect("checked").text.push(src, r)
            }
            _ => item.text.push(src, r),
        }
    }

    fn finish_question(&mut self) {
        let Some((number, q, parts)) = self.question.take() else { return };
        let src = self.src;
        let stem = clean(q.text.get(src));
        let line = q.line;
        let mut dq = DraftQuestion { number: Some(number), points: q.points, line, stem, ..Default::default() };
        if parts.is_empty() {
            let (b, e) = body(src, q, false);
            dq.body = b;
            dq.explanation = e;
        } else {
            if !q.choices.is_empty() {
                self.d.diags.push(Diagnostic::warning(
                    line,
                    format!("question {number} has choices before its parts; they are dropped"),
                ));
            }
            let mut out = Vec::new();
            if parts.len() > 26 {
                self.d.diags.push(Diagnostic::error(
                    parts[26].line,
                    format!("question {number} has more than 26 parts: parts are lettered a to z; split it into two questions"),
                ));
            }
            for (pi, mut p) in parts.into_iter().take(26).enumerate() {
                let letter = (b'a' + pi as u8) as char;
                let subs = std::mem::take(&mut p.subs);
                if subs.is_empty() {
                    let (line, points, label) = (p.line, p.points, clean(p.text.get(src)));
                    let (b, e) = body(src, p, true);
                    out.push(DraftPart { letter, sub: None, points, line, label, body: b, explanation: e });
                    continue;
                }
                let intro = clean(p.text.get(src));
                for (si, s) in subs.into_iter().enumerate() {
                    let (line, points) = (s.line, s.points);
                    let text = clean(s.text.get(src));
                    let label = if intro.is_empty() { text } else { format!("{intro}\n\n{text}") };
                    let (b, e) = body(src, s, true);
                    out.push(DraftPart {
                        letter,
                        sub: Some(roman(si + 1)),
                        points,
                        line,
                        label,
                        body: b,
                        explanation: e,
                    });
                }
            }
            let sum: f64 = out.iter().filter_map(|p| p.points).sum();
            if out.iter().all(|p| p.points.is_some()) {
                if let Some(given) = dq.points
                    && (given - sum).abs() > 1e-9
                {
                    self.d.diags.push(Diagnostic::warning(
                        line,
                        format!(
                            "question {number} is worth {} points but its parts add up to {}; the parts' sum is used",
                            super::fmt_points(given),
                            super::fmt_points(sum)
                        ),
                    ));
                }
                dq.points = Some(sum);
            }
            dq.body = DraftBody::Parts(out);
        }
        self.d.questions.push(dq);
    }

    /// Optional `[points]` at `i`: the points and the index after.
    fn points(&mut self, i: usize) -> (Option<f64>, usize) {
        match group(self.src, i, b'[', b']') {
            Some((p, e)) => {
                let v = p.trim().parse::<f64>().ok().filter(|v| v.is_finite() && *v >= 0.0);
                if v.is_none() {
                    let line = self.line(i);
                    self.d.diags.push(Diagnostic::warning(
                        line,
                        format!("the points [{p}] are not a number; they are left off"),
                    ));
                }
                (v, e)
            }
            None => (None, i),
        }
    }

    /// Handles the command `name` at `at` (its name ends at `after`); returns where text resumes,
    /// or `None` when the command is text.
    fn command(&mut self, name: &str, at: usize, after: usize) -> Option<usize> {
        let line = self.line(at);
        match name {
            "question" | "titledquestion" => {
                self.finish_question();
                let mut j = after;
                let mut title = None;
                if name == "titledquestion"
                    && let Some((t, e)) = group(self.src, j, b'{', b'}')
                {
                    title = Some(t.to_string());
                    j = e;
                }
                let (points, j) = self.points(j);
                self.counter = self.counter.saturating_add(1);
                let mut q = Item { line, points, ..Default::default() };
                if let Some(t) = title {
                    q.text = Text::own(format!("\\textbf{{{t}}}\n\n"));
                }
                self.question = Some((self.counter, q, Vec::new()));
                self.level = Level::Question;
                Some(j)
            }
            "part" | "subpart" if self.question.is_some() => {
                let (points, j) = self.points(after);
                let item = Item { line, points, ..Default::default() };
                let (_, _, parts) = self.question.as_mut().expect("checked");
                if name == "part" || parts.is_empty() {
                    parts.push(item);
                    self.level = Level::Part;
                } else {
                    parts.last_mut().expect("checked").subs.push(item);
                    self.level = Level::Sub;
                }
                Some(j)
            }
            "choice" | "CorrectChoice" => {
                let right = name == "CorrectChoice";
                let item = self.item()?;
                item.choices.push(Choice { line, right, text: Text::default() });
                Some(after)
            }
            "setcounter" => {
                let (c, e) = group(self.src, after, b'{', b'}')?;
                let (v, e2) = group(self.src, e, b'{', b'}')?;
                if c.trim() == "question" {
                    self.counter = v.trim().parse().unwrap_or(self.counter);
                }
                Some(e2)
            }
            "begin" | "end" => {
                let (env, e) = group(self.src, after, b'{', b'}')?;
                let env = env.trim();
                let kind = match env {
                    "choices" | "oneparchoices" | "checkboxes" | "oneparcheckboxes" => Env::Choices,
                    "solution" | "solutionorbox" | "solutionordottedlines" | "solutionorlines" | "solutionorgrid" => {
                        Env::Solution
                    }
                    "parts" | "subparts" => {
                        if name == "end" {
                            self.level = if env == "subparts" { Level::Part } else { Level::Question };
                        }
                        return Some(e);
                    }
                    "questions" => {
                        if name == "end" {
                            self.finish_question();
                        }
                        return Some(e);
                    }
                    _ => Env::Other,
                };
                if name == "begin" {
                    if kind == Env::Choices
                        && env.contains("checkboxes")
                        && let Some(item) = self.item()
                    {
                        item.multi = true;
                    }
                    if kind == Env::Other {
                        // Text environments keep their markers for `clean`.
                        self.envs.push(kind);
                        return None;
                    }
                    self.envs.push(kind);
                    // A solution environment's optional height `[2in]`.
                    let e = if kind == Env::Solution { group(self.src, e, b'[', b']').map_or(e, |g| g.1) } else { e };
                    return Some(e);
                }
                if let Some(k) = self.envs.iter().rposition(|x| *x == kind) {
                    self.envs.truncate(k);
                }
                if kind == Env::Other { None } else { Some(e) }
            }
            _ => None,
        }
    }

    fn run(&mut self, start: usize, end: usize) {
        let b = self.src.as_bytes();
        let mut i = start;
        let mut text_from = start;
        while i < end {
            if b[i] != b'\\' {
                i += memchr::memchr(b'\\', &b[i..end]).unwrap_or(end - i);
                continue;
            }
            let name_len = b[i + 1..end].iter().take_while(|c| c.is_ascii_alphabetic()).count();
            if name_len == 0 {
                i += 2;
                continue;
            }
            let name = &self.src[i + 1..i + 1 + name_len];
            let after = i + 1 + name_len;
            // Most backslashes are TeX inside text (`\\frac`): they stay in the run of text.
            if !OURS.contains(&name) {
                i = after;
                continue;
            }
            // The text before a command belongs where things stood before it.
            self.text(text_from..i);
            text_from = i;
            if let Some(resume) = self.command(name, i, after) {
                i = resume.max(after);
                text_from = i;
            } else {
                i = after;
            }
        }
        // A command's arguments may run past the end of the questions (an unclosed group).
        let end = end.min(self.src.len());
        self.text(text_from.min(end)..end);
        self.finish_question();
    }
}

/// Reads a LaTeX `exam` class file.
pub fn parse(text: &str) -> super::Parsed {
    let mut d = Draft {
        hint: "expected `\\begin{questions}` with `\\question[2] …` and `\\choice` / `\\CorrectChoice` lines",
        ..Default::default()
    };
    let stripped = strip_comments(text);
    let body_at = stripped.find("\\begin{document}").unwrap_or(0);
    let preamble = &stripped[..body_at];
    let defs = macros(preamble, &line_starts(preamble), &mut d.diags);
    // Macro texts hold no line breaks, so the expanded text has the file's lines.
    let src = if defs.is_empty() { stripped } else { Cow::Owned(expand(&stripped, &defs, &mut d.diags)) };
    let starts: Vec<usize> = line_starts(&src);
    let start = src.find("\\begin{questions}").map(|i| i + "\\begin{questions}".len()).unwrap_or(0);
    let end = src[start..].find("\\end{questions}").map_or(src.len(), |j| start + j + "\\end{questions}".len());
    let mut r = Reader { src: &src, starts, d, question: None, level: Level::Question, envs: Vec::new(), counter: 0 };
    r.run(start, end);
    let d = r.d;
    super::draft::build(d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::deck::{Answer, CardKind};

    const EXAM: &str = r"\documentclass[answers]{exam}
\newcommand{\R}{\mathbb{R}}
\newcommand{\norm}[1]{\lVert #1 \rVert}
\begin{document}
\pointsinmargin
\begin{questions}
\question[2] Which set is $\R$? % a comment
\begin{oneparchoices}
\choice $\mathbb{N}$ \CorrectChoice the reals \choice $\emptyset$
\end{oneparchoices}
\begin{solution}Real numbers.\end{solution}

\titledquestion{Backprop}[3]
Consider a network.
\begin{parts}
\part[1] True or false: ReLU is differentiable at 0.
\begin{solution}False. It has a kink.\end{solution}
\part Explain \textbf{vanishing} gradients.
\begin{solution}Products of small derivatives.\end{solution}
\part[1]
\begin{subparts}
\subpart[0.5] Which are convex?
\begin{checkboxes}
\CorrectChoice $x^2$
\choice $\sin x$
\CorrectChoice $|x|$
\end{checkboxes}
\subpart[0.5] Name one optimizer.
\end{subparts}
\end{parts}
\setcounter{question}{0}
\question[1] Restarted.
\begin{choices}\choice a \CorrectChoice b\end{choices}
\end{questions}
\end{document}
";

    #[test]
    fn reads_questions_parts_subparts_and_solutions() {
        let p = parse(EXAM);
        let got: Vec<_> = p.exam.cards.iter().map(|c| (c.id.as_str(), c.kind, c.answer, c.points)).collect();
        assert_eq!(
            got,
            [
                ("1", CardKind::Single, Some(Answer::Choice(2)), 2.0),
                ("2.a.1", CardKind::TrueFalse, Some(Answer::Tf(false)), 1.0),
                ("2.b", CardKind::Free, Some(Answer::Written), 1.0),
                ("2.c.i.1", CardKind::TrueFalse, Some(Answer::Tf(true)), 0.5 / 3.0),
                ("2.c.i.2", CardKind::TrueFalse, Some(Answer::Tf(false)), 0.5 / 3.0),
                ("2.c.i.3", CardKind::TrueFalse, Some(Answer::Tf(true)), 0.5 / 3.0),
                ("2.c.ii", CardKind::Free, None, 0.5),
                ("3", CardKind::Single, Some(Answer::Choice(2)), 1.0),
            ]
        );
        let q1 = p.exam.question(1).unwrap();
        assert_eq!(q1.stem, "Which set is $\\mathbb{R}$?");
        assert_eq!(p.exam.card_choices(&p.exam.cards[0])[1].text, "the reals");
        assert_eq!(p.exam.cards[0].explanation.as_deref(), Some("Real numbers."));
        assert_eq!(p.exam.cards[1].explanation.as_deref(), Some("It has a kink."));
        assert_eq!(p.exam.cards[2].solution.as_deref(), Some("Products of small derivatives."));
        assert_eq!(p.exam.question(2).unwrap().stem, "**Backprop**\n\nConsider a network.");
        let msgs: Vec<_> = p.diagnostics.iter().map(|d| (d.line, d.message.as_str())).collect();
        assert!(msgs.iter().any(|(l, m)| *l == 3 && m.contains("\\norm")), "{msgs:?}");
        assert!(msgs.iter().any(|(_, m)| m.contains("question 1 was numbered already")), "{msgs:?}");
        assert!(msgs.iter().any(|(_, m)| m.contains("part without points")), "{msgs:?}");
    }

    #[test]
    fn a_group_running_past_the_end_of_the_questions_is_not_a_crash() {
        // Found by the fuzzer: `\\setcounter`'s groups were read beyond `\\end{questions}`.
        let p = parse(include_str!("../../fuzz/seeds/import_latex/regression_group_past_end.tex"));
        assert!(p.exam.cards.len() <= 2);
        let p = parse("\\begin{questions}\\question[1] a \\setcounter{question}\\end{questions}{3}\n");
        assert_eq!(p.exam.cards.len(), 1);
    }

    #[test]
    fn a_macro_over_several_lines_keeps_the_lines_of_the_file() {
        let src = "\\newcommand{\\two}{a\nb\nc}\n\\begin{document}\n\\begin{questions}\n\\question[1] \\two \\two\n\\end{questions}\n";
        let p = parse(src);
        let q = p.exam.question(1).unwrap();
        assert_eq!(q.line, 6);
        assert_eq!(q.stem, "a b c a b c");
        assert!(p.diagnostics.iter().all(|d| d.line <= 8), "{:?}", p.diagnostics);
    }

    #[test]
    fn card_ids_stay_unique_in_the_fuzzers_input() {
        let text =
            std::str::from_utf8(include_bytes!("../../fuzz/seeds/import_latex/regression_duplicate_part.tex")).unwrap();
        let p = parse(text);
        let mut ids: Vec<_> = p.exam.cards.iter().map(|c| c.id.0.clone()).collect();
        let n = ids.len();
        ids.sort();
        ids.dedup();
        let dup: Vec<_> = p.exam.cards.iter().map(|c| c.id.0.clone()).collect();
        assert!(ids.len() == n || p.has_errors(), "{dup:?}");
    }

    #[test]
    fn roman_numerals() {
        assert_eq!([1, 2, 3, 4, 9, 14].map(roman), ["i", "ii", "iii", "iv", "ix", "xiv"]);
    }
}
