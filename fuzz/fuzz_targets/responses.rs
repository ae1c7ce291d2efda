//! Response files scored against a fixed exam.
//!
//! Invariants when `responses::parse` accepts the text:
//! - there is one answer slot per card, and every Choice answer is a real option;
//! - every question's score lies in [0, max] (1e-9 slack);
//! - every section's score is the sum of its questions', and the total is the sum of the sections'.

#![no_main]

use examdeck::deck::{Answer, Exam};
use libfuzzer_sys::fuzz_target;
use std::sync::OnceLock;

const EXAM: &str = "1. (1 point) a\n☐ x\n☒ y\n2. (2 points) b\n☒ T ☐ F: p\n☐ T ☒ F: q\n3. (1 point) c\n(a) (0.5 points) l1\n☒ (1)\n☐ (2)\n(b) (0.5 points) l2\n☐ (1)\n☒ (2)\n";

const EPS: f64 = 1e-9;

fn exam() -> &'static Exam {
    static EXAM_CELL: OnceLock<Exam> = OnceLock::new();
    EXAM_CELL.get_or_init(|| {
        let parsed = examdeck::import::parse(EXAM, None);
        assert!(!parsed.has_errors(), "the fixed exam does not parse cleanly: {:?}", parsed.diagnostics);
        // 1, 2.1, 2.2, 3.a, 3.b
        assert_eq!(parsed.exam.cards.len(), 5, "the fixed exam should have 5 cards");
        parsed.exam
    })
}

fuzz_target!(|data: &[u8]| {
    let exam = exam();
    let text: String = String::from_utf8_lossy(data).into_owned();
    let Ok(answers) = examdeck::responses::parse(exam, &text) else { return };

    assert_eq!(answers.len(), exam.cards.len(), "one answer slot per card");
    for (card, answer) in exam.cards.iter().zip(&answers) {
        if let Some(Answer::Choice(n)) = answer {
            let count = exam.card_choices(card).len();
            assert!(*n >= 1 && (*n as usize) <= count, "card {} accepted answer {n} of {count} options", card.id);
        }
    }

    let score = examdeck::scoring::score_exam(exam, &answers);
    assert_eq!(score.questions.len(), exam.question_count());
    assert_eq!(score.sections.len(), exam.sections.len());

    let mut section_sums = vec![0.0f64; score.sections.len()];
    for q in &score.questions {
        assert!(q.score.is_finite() && q.max.is_finite(), "question {} score not finite: {q:?}", q.number);
        assert!(q.score >= -EPS, "question {} scored {} < 0", q.number, q.score);
        assert!(q.score <= q.max + EPS, "question {} scored {} > max {}", q.number, q.score, q.max);
        section_sums[q.section] += q.score;
    }
    for (s, sum) in score.sections.iter().zip(&section_sums) {
        assert!((s.score - sum).abs() <= EPS, "section {:?} score {} != sum of questions {sum}", s.title, s.score);
    }
    let total: f64 = score.sections.iter().map(|s| s.score).sum();
    assert!((score.total - total).abs() <= EPS, "total {} != sum of sections {total}", score.total);
    assert!(score.total >= -EPS && score.total <= score.max + EPS, "total {} outside [0, {}]", score.total, score.max);
});
