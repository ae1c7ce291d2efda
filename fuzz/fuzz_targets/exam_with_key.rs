//! Exam text plus key file: `data` is split at the first 0xFF byte into exam bytes and key bytes.
//!
//! Invariants after `import::parse(exam, Some(key))`:
//! - every `Answer::Choice(n)` is a real option: 1 <= n <= number of the card's options;
//! - the answer's kind matches the card's kind (Choice for single-answer, Tf for true/false).

#![no_main]

use examdeck::deck::{Answer, CardKind};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (exam_bytes, key_bytes) = match data.iter().position(|&b| b == 0xFF) {
        Some(i) => (&data[..i], &data[i + 1..]),
        None => (data, &data[data.len()..]),
    };
    let exam: String = String::from_utf8_lossy(exam_bytes).into_owned();
    let key: String = String::from_utf8_lossy(key_bytes).into_owned();

    let parsed = examdeck::import::parse(&exam, Some(key.as_str()));

    for card in &parsed.exam.cards {
        match card.answer {
            Some(Answer::Choice(n)) => {
                let count = parsed.exam.card_choices(card).len();
                assert!(
                    n >= 1 && (n as usize) <= count,
                    "card {} has answer {n} but {count} options",
                    card.id
                );
                assert_eq!(card.kind, CardKind::Single, "card {} has a Choice answer but is not single-answer", card.id);
            }
            Some(Answer::Tf(_)) => {
                assert_eq!(card.kind, CardKind::TrueFalse, "card {} has a T/F answer but is not true/false", card.id);
            }
            Some(Answer::Written) => {
                assert_eq!(card.kind, CardKind::Free, "card {} has a written key but is not free response", card.id);
                assert!(card.solution.is_some(), "card {} has a written key but no solution", card.id);
            }
            Some(Answer::Mark(_)) => panic!("card {} has a student's mark as its key", card.id),
            None => {}
        }
    }
});
