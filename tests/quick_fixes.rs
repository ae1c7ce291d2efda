//! Each one-click fix the editor offers: its diagnostic is there, applying the fix and parsing
//! again makes it go, and the exam then reads as the fix promised.

use examdeck::deck::{Answer, Body, CardKind};
use examdeck::import::{Diagnostic, Parsed, Severity, parse_exam};

/// The diagnostic whose fix has this label (the label may carry the quoted text after it).
fn with_fix<'a>(p: &'a Parsed, label: &str) -> &'a Diagnostic {
    p.diagnostics
        .iter()
        .find(|d| d.fix.as_ref().is_some_and(|f| f.label.starts_with(label)))
        .unwrap_or_else(|| panic!("no fix {label:?} in {:#?}", p.diagnostics))
}

/// Applies the fix labelled `label` and parses the result; the diagnostic it came with is gone.
fn fixed(text: &str, label: &str) -> (String, Parsed) {
    let before = parse_exam(text);
    let d = with_fix(&before, label).clone();
    let after_text = d.fix.as_ref().unwrap().apply(text);
    assert_ne!(after_text, text, "the fix changes the text");
    let after = parse_exam(&after_text);
    assert!(
        !after.diagnostics.iter().any(|e| e.line == d.line && e.message == d.message),
        "still there: {:?}\n{after_text}",
        d.message
    );
    assert!(
        !after.diagnostics.iter().any(|e| e.fix.as_ref().is_some_and(|f| f.label.starts_with(label))),
        "the fix is offered again: {:#?}",
        after.diagnostics
    );
    (after_text, after)
}

fn errors(p: &Parsed) -> Vec<&Diagnostic> {
    p.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect()
}

#[test]
fn letters_out_of_order_are_read_as_options() {
    let text = "1. (2 points) Which one is a prime?\n(A) 4\n(C) 7\n(D) 9\nAnswer: B\n";
    let before = parse_exam(text);
    let d = with_fix(&before, "read them as options");
    assert_eq!(d.line, 2);
    assert!(d.message.contains("`(A) 4`"), "{}", d.message);
    let (after_text, after) = fixed(text, "read them as options");
    assert!(after_text.contains("- ☐ 4\n- ☐ 7\n- ☐ 9"), "{after_text}");
    assert!(errors(&after).is_empty(), "{:#?}", after.diagnostics);
    let q = after.exam.questions().next().unwrap();
    let Body::Options(opts) = &q.body else { panic!("{:?}", q.body) };
    assert_eq!(opts.iter().map(|o| o.text.as_str()).collect::<Vec<_>>(), ["4", "7", "9"]);
    // `Answer: B` now names the second option.
    assert_eq!(after.exam.cards[0].answer, Some(Answer::Choice(2)));
}

#[test]
fn a_question_without_points_gets_one_point() {
    let text = "1. (1 point) First?\n- ☐ a\n- ☒ b\n\n2. (What) comes second?\n- ☒ c\n- ☐ d\n";
    let before = parse_exam(text);
    let d = with_fix(&before, "add (1 point)");
    assert_eq!((d.line, d.severity), (5, Severity::Error), "{d:?}");
    let (after_text, after) = fixed(text, "add (1 point)");
    assert!(after_text.contains("2. (1 point) (What) comes second?"), "{after_text}");
    assert!(errors(&after).is_empty(), "{:#?}", after.diagnostics);
    assert_eq!(after.exam.question_count(), 2);
    assert_eq!(after.exam.total_points(), 2.0);
    assert_eq!(after.exam.cards[1].answer, Some(Answer::Choice(1)));
}

#[test]
fn a_numbered_line_read_as_stem_text_becomes_a_question() {
    let text = "1. (1 point) First?\n- ☐ a\n- ☒ b\n\n2. Second?\n- ☒ c\n- ☐ d\n";
    let before = parse_exam(text);
    assert_eq!(before.exam.question_count(), 1);
    let (_, after) = fixed(text, "add (1 point)");
    assert_eq!(after.exam.question_count(), 2);
    assert_eq!(after.exam.cards.iter().map(|c| c.id.0.as_str()).collect::<Vec<_>>(), ["1", "2"]);
}

#[test]
fn bare_latex_is_wrapped_as_math() {
    let text = "1. (1 point) Is \\mathbf{x} a vector?\n- ☒ yes\n- ☐ no\n";
    let before = parse_exam(text);
    let d = with_fix(&before, "wrap `\\mathbf{x}` as math");
    assert_eq!((d.line, d.severity), (1, Severity::Warning));
    let (after_text, after) = fixed(text, "wrap");
    assert!(after_text.starts_with("1. (1 point) Is $\\mathbf{x}$ a vector?"), "{after_text}");
    assert!(after.diagnostics.is_empty(), "{:#?}", after.diagnostics);
    // The exam reads the same as before the fix: the importer had wrapped it already.
    assert_eq!(after.exam.questions().next().unwrap().stem, before.exam.questions().next().unwrap().stem);
}

#[test]
fn an_answer_naming_an_option_by_its_text_takes_its_letter() {
    let text = "1. (1 point) Which animal barks?\n(A) cat\n(B) dog\n(C) cow\nAnswer: dog\n";
    let before = parse_exam(text);
    assert_eq!(before.exam.cards[0].answer, None);
    let d = with_fix(&before, "take `Answer: B` as the key");
    assert_eq!(d.line, 5);
    let (after_text, after) = fixed(text, "take `Answer: B` as the key");
    assert!(after_text.ends_with("Answer: B\n"), "{after_text}");
    assert_eq!(after.exam.cards[0].kind, CardKind::Single);
    assert_eq!(after.exam.cards[0].answer, Some(Answer::Choice(2)));
    assert!(errors(&after).is_empty(), "{:#?}", after.diagnostics);
}

#[test]
fn a_fix_keeps_windows_line_endings() {
    let text = "1. (1 point) First?\r\n- ☐ a\r\n- ☒ b\r\n\r\n2. (x) Second?\r\n- ☒ c\r\n- ☐ d\r\n";
    let (after_text, after) = fixed(text, "add (1 point)");
    assert!(after_text.contains("2. (1 point) (x) Second?\r\n"), "{after_text:?}");
    assert_eq!(after.exam.question_count(), 2);
}
