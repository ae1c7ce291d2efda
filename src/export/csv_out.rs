//! One row per card: `id, question, kind, answer, explanation, topics, due, interval, ease,
//! lapses`, written with the `csv` crate. The answer is written as `check --json` writes it
//! (`2`, `T`, `written`); the schedule columns are empty for a card never studied.

use super::Source;

pub(super) fn write(src: &Source<'_>) -> String {
    let exam = src.exam;
    let mut w = csv::Writer::from_writer(Vec::new());
    let header = ["id", "question", "kind", "answer", "explanation", "topics", "due", "interval", "ease", "lapses"];
    // Writing to a Vec cannot fail.
    let _ = w.write_record(header);
    for card in &exam.cards {
        let state = src.states.and_then(|s| s.get(card.id.as_str()));
        let kind = match card.kind {
            crate::deck::CardKind::Single => "single",
            crate::deck::CardKind::TrueFalse => "true_false",
            crate::deck::CardKind::Free => "free",
        };
        let answer = match (card.kind, &card.solution) {
            (crate::deck::CardKind::Free, Some(s)) => s.clone(),
            _ => card.answer.map(|a| a.to_string()).unwrap_or_default(),
        };
        let studied = state.filter(|s| s.due.is_some());
        let row = [
            card.id.to_string(),
            exam.card_text(card),
            kind.to_string(),
            answer,
            card.explanation.clone().unwrap_or_default(),
            exam.card_question(card).topics.join(" "),
            studied.and_then(|s| s.due).map(|d| d.to_string()).unwrap_or_default(),
            studied.map(|s| s.sm2.interval_days.to_string()).unwrap_or_default(),
            studied.map(|s| format!("{:.2}", s.sm2.easiness)).unwrap_or_default(),
            state.map(|s| s.lapses.to_string()).unwrap_or_default(),
        ];
        let _ = w.write_record(&row);
    }
    String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
}
