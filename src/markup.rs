//! The Markdown subset exam text uses — emphasis, inline code, lists, code fences, images, and
//! `$…$` / `$$…$$` math — split into blocks and inline pieces. Pure; the window draws the result.

/// A piece of a line.
#[derive(Clone, Debug, PartialEq)]
pub enum Inline {
    /// Plain text with emphasis.
    Text {
        /// The text.
        s: String,
        /// `**bold**`.
        bold: bool,
        /// `*italic*`.
        italic: bool,
    },
    /// `` `code` ``.
    Code(String),
    /// `$…$` (or `$$…$$` inside a line).
    Math {
        /// The TeX source.
        tex: String,
        /// Display style.
        display: bool,
    },
}

/// A block of text.
#[derive(Clone, Debug, PartialEq)]
pub enum Block {
    /// One source line of prose.
    Line(Vec<Inline>),
    /// A `- ` list item.
    Item(Vec<Inline>),
    /// `$$…$$` on its own line(s).
    Display(String),
    /// A fenced code block.
    Code(String),
    /// `![alt](path)` on its own line.
    Image {
        /// Alt text.
        alt: String,
        /// Path relative to the exam.
        path: String,
    },
    /// A blank line (paragraph gap).
    Gap,
}

/// Splits a line into text, code and math pieces.
pub fn parse_inline(line: &str) -> Vec<Inline> {
    let mut out: Vec<Inline> = Vec::new();
    let mut buf = String::new();
    let (mut bold, mut italic) = (false, false);
    let chars: Vec<char> = line.chars().collect();
    let flush = |buf: &mut String, out: &mut Vec<Inline>, bold: bool, italic: bool| {
        if !buf.is_empty() {
            out.push(Inline::Text { s: std::mem::take(buf), bold, italic });
        }
    };
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c == '\\' && matches!(chars.get(i + 1), Some('$') | Some('*') | Some('`')) {
            buf.push(chars[i + 1]);
            i += 2;
            continue;
        }
        if c == '$' {
            let display = chars.get(i + 1) == Some(&'$');
            let open = if display { 2 } else { 1 };
            let close = find_seq(&chars, i + open, if display { "$$" } else { "$" });
            if let Some(j) = close {
                flush(&mut buf, &mut out, bold, italic);
                out.push(Inline::Math { tex: chars[i + open..j].iter().collect(), display });
                i = j + open;
                continue;
            }
        }
        if c == '`' {
            let ticks = chars[i..].iter().take_while(|&&t| t == '`').count();
            let marker: String = "`".repeat(ticks);
            if let Some(j) = find_seq(&chars, i + ticks, &marker) {
                flush(&mut buf, &mut out, bold, italic);
                out.push(Inline::Code(chars[i + ticks..j].iter().collect::<String>().trim().to_string()));
                i = j + ticks;
                continue;
            }
        }
        if c == '*' && chars.get(i + 1) == Some(&'*') {
            if bold || find_seq(&chars, i + 2, "**").is_some() {
                flush(&mut buf, &mut out, bold, italic);
                bold = !bold;
                i += 2;
                continue;
            }
        } else if c == '*'
            && (italic || (find_seq(&chars, i + 1, "*").is_some() && !matches!(chars.get(i + 1), Some(' ') | None)))
        {
            flush(&mut buf, &mut out, bold, italic);
            italic = !italic;
            i += 1;
            continue;
        }
        buf.push(c);
        i += 1;
    }
    flush(&mut buf, &mut out, bold, italic);
    out
}

fn find_seq(chars: &[char], from: usize, seq: &str) -> Option<usize> {
    let pat: Vec<char> = seq.chars().collect();
    (from..chars.len().saturating_sub(pat.len() - 1)).find(|&j| chars[j..j + pat.len()] == pat[..])
}

/// Splits text into blocks: each prose line on its own, display math, fences, images.
pub fn parse_blocks(text: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut lines = text.lines().peekable();
    while let Some(line) = lines.next() {
        let t = line.trim();
        if t.starts_with("```") || t.starts_with("~~~") {
            let fence = &t[..3];
            let mut code = Vec::new();
            for l in lines.by_ref() {
                if l.trim().starts_with(fence) {
                    break;
                }
                code.push(l);
            }
            out.push(Block::Code(code.join("\n")));
        } else if let Some(rest) = t.strip_prefix("$$") {
            // Display math, possibly over several lines.
            let mut tex = String::new();
            let mut after = String::new();
            if let Some(end) = rest.find("$$") {
                tex.push_str(&rest[..end]);
                after.push_str(&rest[end + 2..]);
            } else {
                tex.push_str(rest);
                for l in lines.by_ref() {
                    if let Some(end) = l.find("$$") {
                        tex.push('\n');
                        tex.push_str(&l[..end]);
                        after.push_str(&l[end + 2..]);
                        break;
                    }
                    tex.push('\n');
                    tex.push_str(l);
                }
            }
            out.push(Block::Display(tex.trim().to_string()));
            if !after.trim().is_empty() {
                out.push(Block::Line(parse_inline(after.trim())));
            }
        } else if t.is_empty() {
            if !matches!(out.last(), Some(Block::Gap) | None) {
                out.push(Block::Gap);
            }
        } else if let Some(img) = whole_line_image(t) {
            out.push(img);
        } else if let Some(item) = t.strip_prefix("- ").or_else(|| t.strip_prefix("* ")) {
            out.push(Block::Item(parse_inline(item.trim_start())));
        } else {
            out.push(Block::Line(parse_inline(t)));
        }
    }
    while matches!(out.last(), Some(Block::Gap)) {
        out.pop();
    }
    out
}

fn whole_line_image(t: &str) -> Option<Block> {
    let rest = t.strip_prefix("![")?;
    let close = rest.find("](")?;
    let after = &rest[close + 2..];
    let end = after.find(')')?;
    if !after[end + 1..].trim().is_empty() {
        return None;
    }
    let path = after[..end].split_whitespace().next()?.to_string();
    Some(Block::Image { alt: rest[..close].to_string(), path })
}

/// What a screen reader says for exam text: the text without its markup, formulas as their TeX
/// source (`$x^2$` → `x^2`), lines joined with spaces.
pub fn spoken(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut prev_space = true;
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        let c = match c {
            '\\' if chars.peek() == Some(&'$') => chars.next().unwrap_or('$'),
            '$' | '*' | '`' => continue,
            c if c.is_whitespace() => ' ',
            c => c,
        };
        if c == ' ' && prev_space {
            continue;
        }
        prev_space = c == ' ';
        out.push(c);
    }
    out.trim_end().to_string()
}

/// TeX commands shown as their symbol in previews (every symbol is in the KaTeX fonts).
const SYMBOLS: [(&str, &str); 66] = [
    ("alpha", "α"),
    ("beta", "β"),
    ("gamma", "γ"),
    ("delta", "δ"),
    ("epsilon", "ε"),
    ("varepsilon", "ε"),
    ("zeta", "ζ"),
    ("eta", "η"),
    ("theta", "θ"),
    ("kappa", "κ"),
    ("lambda", "λ"),
    ("mu", "μ"),
    ("nu", "ν"),
    ("xi", "ξ"),
    ("pi", "π"),
    ("rho", "ρ"),
    ("sigma", "σ"),
    ("tau", "τ"),
    ("phi", "φ"),
    ("varphi", "φ"),
    ("chi", "χ"),
    ("psi", "ψ"),
    ("omega", "ω"),
    ("Gamma", "Γ"),
    ("Delta", "Δ"),
    ("Theta", "Θ"),
    ("Lambda", "Λ"),
    ("Pi", "Π"),
    ("Sigma", "Σ"),
    ("Phi", "Φ"),
    ("Psi", "Ψ"),
    ("Omega", "Ω"),
    ("in", "∈"),
    ("notin", "∉"),
    ("times", "×"),
    ("cdot", "·"),
    ("pm", "±"),
    ("to", "→"),
    ("rightarrow", "→"),
    ("leftarrow", "←"),
    ("Rightarrow", "⇒"),
    ("top", "⊤"),
    ("leq", "≤"),
    ("le", "≤"),
    ("geq", "≥"),
    ("ge", "≥"),
    ("neq", "≠"),
    ("ne", "≠"),
    ("approx", "≈"),
    ("sim", "∼"),
    ("propto", "∝"),
    ("sum", "Σ"),
    ("prod", "∏"),
    ("int", "∫"),
    ("partial", "∂"),
    ("nabla", "∇"),
    ("infty", "∞"),
    ("ell", "ℓ"),
    ("sqrt", "√"),
    ("forall", "∀"),
    ("exists", "∃"),
    ("odot", "⊙"),
    ("otimes", "⊗"),
    ("circ", "∘"),
    ("ldots", "…"),
    ("cdots", "⋯"),
];

/// Font commands whose argument is shown without them (`\mathbf{x}` → `x`).
const FONTS: [&str; 12] = [
    "mathbf",
    "mathrm",
    "mathit",
    "mathcal",
    "mathbb",
    "mathsf",
    "boldsymbol",
    "bm",
    "text",
    "textbf",
    "textit",
    "operatorname",
];

/// A one-line preview of exam text for tables: markup removed, math kept readable — common TeX
/// commands become their symbols, font commands leave their argument (`\mathbf{x}` → `x`), and
/// everything else stays as TeX source, so no symbol is ever dropped.
pub fn plain_preview(text: &str, max_chars: usize) -> String {
    let line = text.lines().find(|l| !l.trim().is_empty()).unwrap_or("");
    let mut out = String::new();
    let mut chars = line.chars().peekable();
    let mut in_math = false;
    // Braces opened by a font command, to drop their closing brace too; one flag per open brace.
    let mut braces: Vec<bool> = Vec::new();
    let mut font_arg = false;
    while let Some(c) = chars.next() {
        match c {
            '\\' if chars.peek() == Some(&'$') => {
                chars.next();
                out.push('$');
            }
            '$' => in_math = !in_math,
            '*' | '`' if !in_math => {}
            '\\' if in_math => {
                let mut name = String::new();
                while let Some(&n) = chars.peek().filter(|n| n.is_ascii_alphabetic()) {
                    name.push(n);
                    chars.next();
                }
                if let Some((_, sym)) = SYMBOLS.iter().find(|(n, _)| *n == name) {
                    out.push_str(sym);
                } else if FONTS.contains(&name.as_str()) {
                    font_arg = true;
                } else if name.is_empty() {
                    // `\{`, `\|`, `\,`: the character itself, or nothing for a space command.
                    if let Some(n) = chars.next().filter(|n| !matches!(n, ',' | ';' | '!' | ' ')) {
                        out.push(if n == '|' { '∥' } else { n });
                    }
                } else {
                    out.push('\\');
                    out.push_str(&name);
                }
            }
            '{' if in_math => {
                braces.push(font_arg);
                if !font_arg {
                    out.push('{');
                }
                font_arg = false;
            }
            '}' if in_math => {
                if !braces.pop().unwrap_or(false) {
                    out.push('}');
                }
            }
            _ => {
                font_arg = false;
                out.push(c);
            }
        }
        if out.chars().count() >= max_chars {
            out.push('…');
            break;
        }
    }
    out.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inline_math_code_and_emphasis() {
        let p = parse_inline("a **two** $x^2$ and `b=(β_1)` *it* \\$5");
        assert_eq!(
            p,
            vec![
                Inline::Text { s: "a ".into(), bold: false, italic: false },
                Inline::Text { s: "two".into(), bold: true, italic: false },
                Inline::Text { s: " ".into(), bold: false, italic: false },
                Inline::Math { tex: "x^2".into(), display: false },
                Inline::Text { s: " and ".into(), bold: false, italic: false },
                Inline::Code("b=(β_1)".into()),
                Inline::Text { s: " ".into(), bold: false, italic: false },
                Inline::Text { s: "it".into(), bold: false, italic: true },
                Inline::Text { s: " $5".into(), bold: false, italic: false },
            ]
        );
    }

    #[test]
    fn spoken_text_keeps_words_and_tex() {
        assert_eq!(spoken("Is **this** $x^2$?\n\n- `code` costs \\$5"), "Is this x^2? - code costs $5");
    }

    #[test]
    fn previews_are_plain() {
        assert_eq!(
            plain_preview("input $\\mathbf{x} \\in \\mathbb{R}^{100}$ and **two**\nmore", 80),
            "input x ∈ R^{100} and two"
        );
        // Unknown commands stay as TeX; nothing is dropped.
        assert_eq!(
            plain_preview(r"$\frac{\partial L}{\partial \mathbf{W}} = \mathbf{x}^\top \delta$ costs \$5", 80),
            r"\frac{∂ L}{∂ W} = x^⊤ δ costs $5"
        );
    }

    #[test]
    fn unclosed_markers_stay_text() {
        assert_eq!(parse_inline("5 * 3 $ a"), vec![Inline::Text { s: "5 * 3 $ a".into(), bold: false, italic: false }]);
    }

    #[test]
    fn blocks_keep_lines_and_find_display_math_fences_and_lists() {
        let b = parse_blocks("first\nsecond\n\n$$a\n+b$$\n```\ncode  x\n```\n- item\n![plot](p.png)\n\n");
        assert_eq!(b.len(), 7);
        assert!(matches!(&b[0], Block::Line(_)));
        assert!(matches!(&b[1], Block::Line(_)));
        assert_eq!(b[2], Block::Gap);
        assert_eq!(b[3], Block::Display("a\n+b".into()));
        assert_eq!(b[4], Block::Code("code  x".into()));
        assert!(matches!(&b[5], Block::Item(_)));
        assert_eq!(b[6], Block::Image { alt: "plot".into(), path: "p.png".into() });
    }
}

/// Straight quotes as typographic ones, for display: `"` and `'` after a space, an opening
/// bracket or at the start open (“ ‘); elsewhere they close (” ’), so `don't` keeps an
/// apostrophe. The exam fonts draw a straight `"` as a closing quote, which read wrongly before
/// a quotation.
pub fn typographic_quotes(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains(['"', '\'']) {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len() + 8);
    let mut prev: Option<char> = None;
    for c in s.chars() {
        let opens = prev.is_none_or(|p| p.is_whitespace() || matches!(p, '(' | '[' | '{' | '—' | '–'));
        out.push(match (c, opens) {
            ('"', true) => '“',
            ('"', false) => '”',
            ('\'', true) => '‘',
            ('\'', false) => '’',
            (c, _) => c,
        });
        prev = Some(c);
    }
    std::borrow::Cow::Owned(out)
}

#[cfg(test)]
mod quote_tests {
    use super::typographic_quotes;

    #[test]
    fn quotes_open_after_spaces_and_close_elsewhere() {
        assert_eq!(typographic_quotes(r#"the "softmax" of (x) isn't 'hard'"#), "the “softmax” of (x) isn’t ‘hard’");
        assert_eq!(typographic_quotes(r#""Yes," she said"#), "“Yes,” she said");
        assert_eq!(typographic_quotes("no quotes"), "no quotes");
    }
}
