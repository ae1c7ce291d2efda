//! Finds bare LaTeX outside `$…$` in converted exam text (`\mathbf{x}`, `\mathbb{R}^n`,
//! `α_{initial}`, `d^{L+1}`, `ℓ_2`) and wraps each run in `$…$` so it renders as math.
//! Inline code spans are never touched.

/// Carries `$$` display-math state from one line to the next.
#[derive(Clone, Copy, Debug, Default)]
pub struct MathState {
    in_display: bool,
}

/// Rewrites one line. Returns the text (borrowed when nothing changed) and the runs that were
/// wrapped (for warnings). Works on byte offsets: every character it looks for is ASCII, and
/// non-ASCII characters are stepped over whole.
pub fn wrap_bare_latex<'a>(line: &'a str, state: &mut MathState) -> (std::borrow::Cow<'a, str>, Vec<String>) {
    let b = line.as_bytes();
    // Every bare run has a backslash command or a script (`^`, `_`); a line without them (and
    // without `$`, which could open or close display math) has nothing to wrap.
    if !state.in_display && memchr::memchr3(b'\\', b'^', b'_', b).is_none() && memchr::memchr(b'$', b).is_none() {
        return (std::borrow::Cow::Borrowed(line), Vec::new());
    }
    let mut out: Option<String> = None;
    let mut copied = 0;
    let mut fixes = Vec::new();
    let mut i = 0;
    let mut in_inline = false;
    while i < b.len() {
        let c = b[i];
        if state.in_display {
            match memchr::memchr(b'$', &b[i..]) {
                Some(j) if b.get(i + j + 1) == Some(&b'$') => {
                    state.in_display = false;
                    i += j + 2;
                }
                Some(j) => i += j + 1,
                None => break,
            }
            continue;
        }
        match c {
            b'\\' if b.get(i + 1) == Some(&b'$') => i += 2,
            b'$' => {
                if !in_inline && b.get(i + 1) == Some(&b'$') {
                    state.in_display = true;
                    i += 2;
                } else {
                    in_inline = !in_inline;
                    i += 1;
                }
            }
            // Inside `$…$` only the closing `$` (or an escaped one) matters: jump to it.
            _ if in_inline => i += memchr2(b'$', b'\\', &b[i..]).unwrap_or(b.len() - i).max(1),
            b'`' => {
                // An inline code span: skip to its closing run of backticks.
                let ticks = b[i..].iter().take_while(|&&t| t == b'`').count();
                i = find_closing_ticks(b, i + ticks, ticks).map_or(b.len(), |j| j + ticks);
            }
            _ if c != b'\\' && c < 0x80 && !c.is_ascii_alphabetic() => i += 1,
            _ if c.is_ascii_alphabetic() && !matches!(next_after_word(b, i), Some(b'^') | Some(b'_')) => {
                // A plain ASCII word with no script after it: nothing to wrap, skip it whole.
                i = word_end_ascii(b, i);
            }
            _ => {
                // Right after a stray backslash a `$` would be read as `\$`, an escaped dollar:
                // leave such a run alone.
                let after_backslash = i > 0 && b[i - 1] == b'\\';
                if let Some(end) = bare_run(line, i).filter(|_| !after_backslash) {
                    let o = out.get_or_insert_with(|| String::with_capacity(line.len() + 8));
                    o.push_str(&line[copied..i]);
                    o.push('$');
                    o.push_str(&line[i..end]);
                    o.push('$');
                    fixes.push(line[i..end].to_string());
                    copied = end;
                    i = end;
                } else {
                    // Not a run: step over the whole word, so each word is examined once.
                    let word: usize = line[i..].chars().take_while(|c| c.is_alphanumeric()).map(char::len_utf8).sum();
                    i += word.max(utf8_len(c));
                }
            }
        }
    }
    match out {
        Some(mut o) => {
            o.push_str(&line[copied..]);
            (std::borrow::Cow::Owned(o), fixes)
        }
        None => (std::borrow::Cow::Borrowed(line), fixes),
    }
}

/// End of the run of ASCII letters and digits starting at `i`.
fn word_end_ascii(b: &[u8], i: usize) -> usize {
    i + b[i..].iter().take_while(|c| c.is_ascii_alphanumeric()).count()
}

/// The byte after the ASCII word at `i`, when the word is followed by ASCII (a non-ASCII letter
/// continuing the word returns that byte, which sends the word down the slow, exact path).
fn next_after_word(b: &[u8], i: usize) -> Option<u8> {
    b.get(word_end_ascii(b, i)).copied()
}

/// Position of the first `a` or `b` in `hay`.
fn memchr2(a: u8, b: u8, hay: &[u8]) -> Option<usize> {
    memchr::memchr2(a, b, hay)
}

/// Length in bytes of the UTF-8 character starting with byte `c`.
fn utf8_len(c: u8) -> usize {
    match c {
        0x00..=0x7f => 1,
        0xc0..=0xdf => 2,
        0xe0..=0xef => 3,
        0xf0..=0xff => 4,
        // A continuation byte never starts a character; step one to stay on boundaries.
        _ => 1,
    }
}

fn find_closing_ticks(b: &[u8], from: usize, n: usize) -> Option<usize> {
    let mut j = from;
    while j < b.len() {
        if b[j] == b'`' {
            let run = b[j..].iter().take_while(|&&t| t == b'`').count();
            if run == n {
                return Some(j);
            }
            j += run;
        } else {
            j += 1;
        }
    }
    None
}

fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn letters(b: &[u8], from: usize) -> usize {
    b.get(from..).map_or(0, |r| r.iter().take_while(|c| c.is_ascii_alphabetic()).count())
}

/// If a bare LaTeX run starts at byte `i`, returns its end.
fn bare_run(s: &str, i: usize) -> Option<usize> {
    let b = s.as_bytes();
    if b[i] == b'\\' {
        // A command: backslash and two letters or more (`\n` and `\t` in code are escapes, not
        // LaTeX).
        let n = letters(b, i + 1);
        return (n > 1).then(|| extend_run(s, i + 1 + n));
    }
    // Only a letter can start a token with a script; cheap rejections first.
    let first = s[i..].chars().next()?;
    if !first.is_alphabetic() || s[..i].chars().next_back().is_some_and(is_word) {
        return None;
    }
    // A token: a word followed by `^{…}`/`_{…}`, or a single letter followed by `^x`/`_x`.
    let word_len: usize = s[i..].chars().take_while(|c| c.is_alphanumeric()).map(char::len_utf8).sum();
    let word_end = i + word_len;
    let op = *b.get(word_end)?;
    if op != b'^' && op != b'_' {
        return None;
    }
    let single_letter = word_len == first.len_utf8();
    match b.get(word_end + 1) {
        Some(b'{') => {
            let close = matching_brace(b, word_end + 1)?;
            Some(extend_run(s, close + 1))
        }
        Some(_) if single_letter => {
            let next = s[word_end + 1..].chars().next()?;
            if !next.is_alphanumeric() {
                return None;
            }
            let after = word_end + 1 + next.len_utf8();
            if s[after..].chars().next().is_some_and(is_word) {
                return None;
            }
            Some(extend_run(s, after))
        }
        _ => None,
    }
}

/// Extends a run over brace groups, sub/superscripts and directly adjacent commands.
fn extend_run(s: &str, mut j: usize) -> usize {
    let b = s.as_bytes();
    loop {
        match b.get(j) {
            Some(b'{') => match matching_brace(b, j) {
                Some(close) => j = close + 1,
                None => return j,
            },
            Some(b'^') | Some(b'_') => match b.get(j + 1) {
                Some(b'{') => match matching_brace(b, j + 1) {
                    Some(close) => j = close + 1,
                    None => return j,
                },
                Some(b'\\') => {
                    let n = letters(b, j + 2);
                    if n == 0 {
                        return j;
                    }
                    j += 2 + n;
                }
                Some(_) => match s[j + 1..].chars().next() {
                    Some(c) if c.is_alphanumeric() => j += 1 + c.len_utf8(),
                    _ => return j,
                },
                None => return j,
            },
            Some(b'\\') => {
                let n = letters(b, j + 1);
                if n == 0 {
                    return j;
                }
                j += 1 + n;
            }
            _ => return j,
        }
    }
}

fn matching_brace(b: &[u8], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, &c) in b.iter().enumerate().skip(open) {
        match c {
            b'{' => depth += 1,
            b'}' => {
                depth -= 1;
                if depth == 0 {
                    return Some(k);
                }
            }
            _ => {}
        }
    }
    None
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_run_after_a_stray_backslash_is_left_alone() {
        let mut st = MathState::default();
        let (t, fixes) = wrap_bare_latex("\\X_{100} be i.i.d.", &mut st);
        assert_eq!((t.as_ref(), fixes.len()), ("\\X_{100} be i.i.d.", 0));
    }

    use super::*;

    fn wrap(s: &str) -> (String, Vec<String>) {
        let (t, f) = wrap_bare_latex(s, &mut MathState::default());
        (t.into_owned(), f)
    }

    #[test]
    fn wraps_commands_with_groups_and_scripts() {
        let (t, f) = wrap("the input vector \\mathbf{x} to have");
        assert_eq!(t, "the input vector $\\mathbf{x}$ to have");
        assert_eq!(f, vec!["\\mathbf{x}"]);
        assert_eq!(wrap("in \\mathbb{R}^n .").0, "in $\\mathbb{R}^n$ .");
        assert_eq!(wrap("sets \\mathcal{F}_α and").0, "sets $\\mathcal{F}_α$ and");
        assert_eq!(wrap("\\mathbf{I}_n denote").0, "$\\mathbf{I}_n$ denote");
        assert_eq!(wrap("input \\mathbf{x}_1 would").0, "input $\\mathbf{x}_1$ would");
    }

    #[test]
    fn wraps_tokens_with_scripts() {
        assert_eq!(wrap("initial α_{initial} ,").0, "initial $α_{initial}$ ,");
        assert_eq!(wrap("☐ d^{2L+1}").0, "☐ $d^{2L+1}$");
        assert_eq!(wrap("about ℓ_2 regularization").0, "about $ℓ_2$ regularization");
        assert_eq!(wrap("(0.5 points) β_1").0, "(0.5 points) $β_1$");
    }

    #[test]
    fn leaves_math_code_and_identifiers_alone() {
        let s = "$\\mathbf{x} \\in \\mathbb{R}^n$ and `betas=(β_1 , 0.999)` and snake_case and x_ab";
        assert_eq!(wrap(s), (s.to_string(), vec![]));
        let mut st = MathState::default();
        assert_eq!(wrap_bare_latex("$$a \\mathbf{x}", &mut st).1.len(), 0);
        assert_eq!(wrap_bare_latex("\\mathbf{y}$$ then \\mathbf{z}", &mut st).1, vec!["\\mathbf{z}"]);
    }

    #[test]
    fn unbalanced_braces_do_not_panic() {
        assert_eq!(wrap("\\frac{a").0, "$\\frac${a");
        assert_eq!(wrap("x^{").0, "x^{");
        assert_eq!(wrap("\\").0, "\\");
    }
}
