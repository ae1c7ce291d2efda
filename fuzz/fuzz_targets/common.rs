//! The invariants every importer keeps, checked on the exam it read from fuzzed text:
//! - reading is deterministic (same exam, same diagnostics on a second run);
//! - card ids are unique unless the importer reported an error;
//! - every card's position points into the exam (the accessors index with it and must not panic);
//! - every diagnostic line is at most the number of lines + 1;
//! - every export of the exam (Anki, GIFT, Moodle XML, CSV, Markdown) is written without a panic.

use examdeck::import::{Format, read_format};
use std::collections::HashSet;

pub fn check(format: Format, data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let first = read_format(format, text);
    let second = read_format(format, text);
    assert_eq!(first.exam, second.exam, "{format} reader is not deterministic (exam)");
    assert_eq!(first.diagnostics, second.diagnostics, "{format} reader is not deterministic (diagnostics)");
    let exam = &first.exam;
    let mut ids = HashSet::new();
    for card in &exam.cards {
        if !ids.insert(card.id.as_str()) {
            assert!(first.has_errors(), "duplicate card id {} without an error diagnostic", card.id);
        }
        let _ = exam.card_question(card);
        let _ = exam.card_part(card);
        let _ = exam.card_choices(card);
        let _ = exam.card_statement(card);
        let _ = exam.card_text(card);
    }
    let lines = text.split('\n').count();
    for d in &first.diagnostics {
        assert!(d.line <= lines + 1, "diagnostic on line {} but the text has {lines} lines: {d:?}", d.line);
    }
    let src = examdeck::export::Source { name: "fuzz", exam, states: None };
    for t in examdeck::export::Target::ALL {
        let _ = examdeck::export::export(&src, t);
    }
}
