//! Cards from a question or part read into examdeck's form, for every reader: one card for a
//! single answer or a free response, one per statement (or per option of a multiple-select
//! question) for true/false.

use crate::deck::{Answer, Body, Card, CardId, CardKind, CardPos};

/// What a card needs besides its place: (line, answer, explanation, solution).
pub(crate) type CardSpec = (usize, Option<Answer>, Option<String>, Option<String>);

/// What a card id starts with: `3`, `3.b`, `3.b.i`.
#[derive(Clone, Copy)]
pub(crate) struct Base<'a> {
    /// The question's number.
    pub number: u32,
    /// The part's letter.
    pub part: Option<char>,
    /// A subpart's numeral (after the part letter).
    pub sub: Option<&'a str>,
}

impl Base<'_> {
    /// The id of the card, with the 1-based statement index for a true/false card.
    fn id(&self, statement: Option<usize>) -> CardId {
        let mut id = CardId::new(self.number, self.part, None).0;
        if let Some(s) = self.sub {
            id.push('.');
            id.push_str(s);
        }
        if let Some(k) = statement {
            id.push('.');
            id.push_str(&k.to_string());
        }
        CardId(id)
    }
}

/// Pushes the cards of a question or part with body `body` and one spec per card onto `out`.
/// A true/false body shares `points` among its statements.
pub(crate) fn make(body: &Body, specs: &[CardSpec], base: Base<'_>, points: f64, pos: CardPos, out: &mut Vec<Card>) {
    let (kind, per_card) = match body {
        Body::Statements(s) => (CardKind::TrueFalse, points / s.len().max(1) as f64),
        Body::Options(_) => (CardKind::Single, points),
        Body::Free => (CardKind::Free, points),
        Body::Empty | Body::Parts(_) => return,
    };
    for (k, (line, answer, explanation, solution)) in specs.iter().cloned().enumerate() {
        let statement = (kind == CardKind::TrueFalse).then_some(k);
        out.push(Card {
            id: base.id(statement.map(|k| k + 1)),
            kind,
            points: per_card,
            pos: CardPos { statement: statement.map(|k| k as u32), ..pos },
            line,
            answer,
            explanation,
            contested: None,
            solution,
        });
    }
}
