//! Finds bare LaTeX outside `$…$` in converted exam text (`\mathbf{x}`, `\mathbb{R}^n`,
//! `α_{initial}`, `d^{L+1}`, `ℓ_2`) and wraps each run in `$…$` so it renders as math.
//! Inline code spans are never touched.

/// Carries `$$` display-math state from one line to the next.
#[derive(Clone, Copy, Debug, Default)]
pub struct MathState {
    in_display: bool,
}

/// Rewrites one line. Returns the new text and the runs that were wrapped (for warnings).
pub fn wrap_bare_latex(line: &str, state: &mut MathState) -> (String, Vec<String>) {
    let chars: Vec<char> = line.chars().collect();
    let mut out = String::with_capacity(line.len() + 8);
    let mut fixes = Vec::new();
    let mut i = 0;
    let mut in_inline = false;
    while i < chars.len() {
        let c = chars[i];
        if state.in_display {
            if c == '$' && chars.get(i + 1) == Some(&'$') {
                state.in_display = false;
                out.push_str("$$");
                i += 2;
            } else {
                out.push(c);
                i += 1;
            }
            continue;
        }
        if c == '\\' && chars.get(i + 1) == Some(&'$') {
            out.push_str("\\$");
            i += 2;
            continue;
        }
        if c == '$' {
            if !in_inline && chars.get(i + 1) == Some(&'$') {
                state.in_display = true;
                out.push_str("$$");
                i += 2;
                continue;
            }
            in_inline = !in_inline;
            out.push('$');
            i += 1;
            continue;
        }
        if in_inline {
            out.push(c);
            i += 1;
            continue;
        }
        if c == '`' {
            // An inline code span: copy through to its closing run of backticks.
            let ticks = chars[i..].iter().take_while(|&&t| t == '`').count();
            let close = find_closing_ticks(&chars, i + ticks, ticks);
            let end = close.map_or(chars.len(), |j| j + ticks);
            out.extend(&chars[i..end]);
            i = end;
            continue;
        }
        if let Some(end) = bare_run(&chars, i) {
            let run: String = chars[i..end].iter().collect();
            out.push('$');
            out.push_str(&run);
            out.push('$');
            fixes.push(run);
            i = end;
            continue;
        }
        out.push(c);
        i += 1;
    }
    (out, fixes)
}

fn find_closing_ticks(chars: &[char], from: usize, n: usize) -> Option<usize> {
    let mut j = from;
    while j < chars.len() {
        if chars[j] == '`' {
            let run = chars[j..].iter().take_while(|&&t| t == '`').count();
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

/// If a bare LaTeX run starts at `i`, returns its end.
fn bare_run(chars: &[char], i: usize) -> Option<usize> {
    let prev_is_word = i > 0 && is_word(chars[i - 1]);
    if chars[i] == '\\' {
        // A command: backslash and letters.
        let name_len = chars[i + 1..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
        if name_len == 0 {
            return None;
        }
        return Some(extend_run(chars, i + 1 + name_len));
    }
    if prev_is_word || !chars[i].is_alphabetic() {
        return None;
    }
    // A token: a word followed by `^{…}`/`_{…}`, or a single letter followed by `^x`/`_x`.
    let word_end = i + chars[i..].iter().take_while(|c| c.is_alphanumeric()).count();
    let op = *chars.get(word_end)?;
    if op != '^' && op != '_' {
        return None;
    }
    match chars.get(word_end + 1) {
        Some('{') => {
            let close = matching_brace(chars, word_end + 1)?;
            Some(extend_run(chars, close + 1))
        }
        Some(&c) if word_end - i == 1 && c.is_alphanumeric() => {
            let after = word_end + 2;
            if chars.get(after).is_some_and(|&c| is_word(c)) {
                return None;
            }
            Some(extend_run(chars, after))
        }
        _ => None,
    }
}

/// Extends a run over brace groups, sub/superscripts and directly adjacent commands.
fn extend_run(chars: &[char], mut j: usize) -> usize {
    loop {
        match chars.get(j) {
            Some('{') => match matching_brace(chars, j) {
                Some(close) => j = close + 1,
                None => return j,
            },
            Some('^') | Some('_') => match chars.get(j + 1) {
                Some('{') => match matching_brace(chars, j + 1) {
                    Some(close) => j = close + 1,
                    None => return j,
                },
                Some('\\') => {
                    let n = chars[j + 2..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
                    if n == 0 {
                        return j;
                    }
                    j += 2 + n;
                }
                Some(&c) if c.is_alphanumeric() => j += 2,
                _ => return j,
            },
            Some('\\') => {
                let n = chars[j + 1..].iter().take_while(|c| c.is_ascii_alphabetic()).count();
                if n == 0 {
                    return j;
                }
                j += 1 + n;
            }
            _ => return j,
        }
    }
}

fn matching_brace(chars: &[char], open: usize) -> Option<usize> {
    let mut depth = 0usize;
    for (k, &c) in chars.iter().enumerate().skip(open) {
        match c {
            '{' => depth += 1,
            '}' => {
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
    use super::*;

    fn wrap(s: &str) -> (String, Vec<String>) {
        wrap_bare_latex(s, &mut MathState::default())
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
