//! Math delimiters as examdeck reads them: `\( … \)` becomes `$ … $` and `\[ … \]` becomes
//! `$$ … $$`, outside inline code (inside `$…$` too: TeX has no use for them there, and a line
//! this has rewritten must read the same when rewritten again). A `\$` is a dollar
//! sign and is left as it is, and so is an escaped backslash (`\\(` is not math).

use std::borrow::Cow;

/// Rewrites one line's `\(`, `\)`, `\[` and `\]` as `$` and `$$`.
pub fn math_delimiters(line: &str) -> Cow<'_, str> {
    let bytes = line.as_bytes();
    let delimiter =
        memchr::memchr_iter(b'\\', bytes).any(|i| matches!(bytes.get(i + 1), Some(b'(' | b')' | b'[' | b']')));
    if !delimiter {
        return Cow::Borrowed(line);
    }
    let b = line.as_bytes();
    let mut out = String::with_capacity(line.len());
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        match b[i] {
            b'`' => {
                let ticks = b[i..].iter().take_while(|&&c| c == b'`').count();
                let close = line[i + ticks..].find(&"`".repeat(ticks)).map(|j| i + ticks + j + ticks);
                i = close.unwrap_or(b.len());
            }
            b'\\' if i + 1 < b.len() => {
                let next = b[i + 1];
                // Every `\(` becomes `$`, even after a stray `$`: the result then holds no
                // delimiter this function would change, so reading it again changes nothing
                // (a quick fix writes this text back, and it must read the same).
                let swap = match next {
                    b'(' | b')' => Some("$"),
                    b'[' | b']' => Some("$$"),
                    _ => None,
                };
                if let Some(d) = swap {
                    out.push_str(&line[copied..i]);
                    out.push_str(d);
                    copied = i + 2;
                }
                // `\\`, `\$` and every other escape: step over both characters.
                i += 2;
            }
            _ => i += 1,
        }
    }
    if copied == 0 {
        return Cow::Borrowed(line);
    }
    out.push_str(&line[copied..]);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parens_and_brackets_become_dollars() {
        assert_eq!(math_delimiters(r"(A) \( \frac{1}{12} \)"), r"(A) $ \frac{1}{12} $");
        assert_eq!(math_delimiters(r"\["), "$$");
        assert_eq!(math_delimiters(r"P(D) = \[ x \]"), "P(D) = $$ x $$");
        assert_eq!(math_delimiters(r"costs \$5 and \\(not math)"), r"costs \$5 and \\(not math)");
        assert_eq!(math_delimiters(r"`\(code\)` \(x\)"), r"`\(code\)` $x$");
        assert_eq!(math_delimiters(r"$\left( x \right)$ and \(y\)"), r"$\left( x \right)$ and $y$");
    }
}
