//! What an answer line says: `B`, `(b)`, `2`, `True`, `A, C`, `A and C`. A value that is none of
//! these is written text: the solution of a free-response question.

/// One answer named by an answer line.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Token {
    /// A letter: 0 for A. `T` and `F` on their own are letters too; a true/false question
    /// reads them as True and False.
    Letter(u32),
    /// An option number (1-based).
    Number(u32),
    /// True or False.
    Bool(bool),
}

/// The answers an answer line names, or `None` when its value is not a list of letters, numbers
/// or True/False (then it is written text).
pub fn tokens(value: &str) -> Option<Vec<Token>> {
    let v = value.trim().trim_end_matches('.').trim();
    if v.is_empty() {
        return None;
    }
    let mut out = Vec::new();
    for w in v.split([',', ';', '/', '&']).flat_map(|p| p.split(" and ")).flat_map(str::split_whitespace) {
        let w = w.trim_matches(|c: char| matches!(c, '(' | ')' | '.' | '*' | '`' | '[' | ']'));
        if w.is_empty() {
            continue;
        }
        let lower = w.to_ascii_lowercase();
        let t = match lower.as_str() {
            "true" => Token::Bool(true),
            "false" => Token::Bool(false),
            _ if w.len() == 1 && w.as_bytes()[0].is_ascii_alphabetic() => {
                Token::Letter(u32::from(w.as_bytes()[0].to_ascii_uppercase() - b'A'))
            }
            _ => match w.parse::<u32>() {
                Ok(n) if n >= 1 => Token::Number(n),
                _ => return None,
            },
        };
        out.push(t);
    }
    (!out.is_empty()).then_some(out)
}

impl Token {
    /// The true/false value this token names: True, False, T or F.
    pub fn truth(self) -> Option<bool> {
        match self {
            Token::Bool(b) => Some(b),
            Token::Letter(19) => Some(true),
            Token::Letter(5) => Some(false),
            _ => None,
        }
    }

    /// The 1-based option this token names.
    pub fn option(self) -> Option<u32> {
        match self {
            Token::Letter(i) => Some(i + 1),
            Token::Number(n) => Some(n),
            Token::Bool(_) => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_numbers_lists_and_text() {
        assert_eq!(tokens("B"), Some(vec![Token::Letter(1)]));
        assert_eq!(tokens("(b)"), Some(vec![Token::Letter(1)]));
        assert_eq!(tokens("b)"), Some(vec![Token::Letter(1)]));
        assert_eq!(tokens("2"), Some(vec![Token::Number(2)]));
        assert_eq!(tokens("True"), Some(vec![Token::Bool(true)]));
        assert_eq!(tokens("A, C"), Some(vec![Token::Letter(0), Token::Letter(2)]));
        assert_eq!(tokens("A and C."), Some(vec![Token::Letter(0), Token::Letter(2)]));
        assert_eq!(tokens("42 apples"), None);
        assert_eq!(tokens("The TLB is a cache"), None);
        assert_eq!(tokens(""), None);
    }
}
