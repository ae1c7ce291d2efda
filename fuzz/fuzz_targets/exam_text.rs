//! Exam text importer: bytes → `decode` → `parse_exam`.
//!
//! Invariants:
//! - `parse_exam` is deterministic (same exam, same diagnostics on a second run);
//! - card ids are unique unless the importer reported an error (a repeated question number or
//!   part letter is a documented error: "card ids would collide");
//! - every card's position points into the exam (the accessors index with it and must not panic);
//! - every diagnostic line is at most the number of lines + 1;
//! - every quick fix edits lines that exist, and after it is applied the exam parses again
//!   without the diagnostic it fixes coming back on that line (the first few fixes of an input).

#![no_main]

use examdeck::import::{file::decode, parse_exam};
use libfuzzer_sys::fuzz_target;
use std::collections::HashSet;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = decode(data.to_vec()) else { return };

    let first = parse_exam(&text);
    let second = parse_exam(&text);
    assert_eq!(first.exam, second.exam, "parse_exam is not deterministic (exam)");
    assert_eq!(first.diagnostics, second.diagnostics, "parse_exam is not deterministic (diagnostics)");

    let exam = &first.exam;
    let has_errors = first.has_errors();

    let mut ids = HashSet::new();
    for card in &exam.cards {
        if !ids.insert(card.id.as_str()) {
            assert!(has_errors, "duplicate card id {} without an error diagnostic", card.id);
        }
        // Positions must be valid: these index into sections/questions/parts.
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

    for d in first.diagnostics.iter().filter(|d| d.fix.is_some()).take(4) {
        let fix = d.fix.as_ref().expect("filtered");
        for e in &fix.edits {
            assert!((1..=lines).contains(&e.line), "fix {:?} edits line {} of {lines}", fix.label, e.line);
        }
        let fixed = fix.apply(&text);
        let again = parse_exam(&fixed);
        assert!(
            !again.diagnostics.iter().any(|a| a.line == d.line && a.message == d.message),
            "the fix {:?} did not fix {:?} on line {}",
            fix.label,
            d.message,
            d.line
        );
    }
});
