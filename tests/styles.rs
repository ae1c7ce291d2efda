//! Exams in the styles students actually have, written for the purpose in the manner of real
//! converters, quiz banks and instructors (`tests/exams/`): each parsed, and its questions, card
//! ids, kinds, answers and points checked against the file's `.expected.json`, verbatim; then a
//! few texts and diagnostics of each style by hand.

use examdeck::deck::{Answer, Body, CardKind};
use examdeck::import::{Parsed, Severity, file::import_file};
use std::path::Path;

fn exams() -> &'static Path {
    Path::new(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/exams"))
}

fn read(name: &str) -> Parsed {
    import_file(&exams().join(name)).expect("reads").parsed
}

fn errors(p: &Parsed) -> Vec<(usize, String)> {
    p.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| (d.line, d.message.clone())).collect()
}

/// Checks a parsed exam against its `.expected.json`.
fn matches_expected(name: &str) -> Parsed {
    let p = read(name);
    let stem = name.rsplit_once('.').unwrap().0;
    let text = std::fs::read_to_string(exams().join(format!("{stem}.expected.json"))).unwrap();
    let want: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(p.exam.question_count() as u64, want["questions"].as_u64().unwrap(), "{name}: questions");
    assert!((p.exam.total_points() - want["total_points"].as_f64().unwrap()).abs() < 1e-9, "{name}: points");
    let Some(cards) = want["cards"].as_array() else { return p };
    let got: Vec<(String, String, Option<String>, f64)> = p
        .exam
        .cards
        .iter()
        .map(|c| {
            let kind = serde_json::to_value(c.kind).unwrap().as_str().unwrap().to_string();
            (c.id.0.clone(), kind, c.answer.map(|a| a.to_string()), c.points)
        })
        .collect();
    let want: Vec<(String, String, Option<String>, f64)> = cards
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["kind"].as_str().unwrap().to_string(),
                c["answer"].as_str().map(str::to_string),
                c["points"].as_f64().unwrap(),
            )
        })
        .collect();
    assert_eq!(got, want, "{name}: cards");
    p
}

#[test]
fn a_pdf_converter_midterm() {
    let p = matches_expected("pdf_converter.md");
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
    // `\( … \)` read as math, `(A)` … `(D)` as options, `Answer: C` as the key.
    let Body::Options(o) = &p.exam.question(1).unwrap().body else { panic!("Q1 has options") };
    assert_eq!(o[0].text, r"$ \frac{1}{12} $");
    assert_eq!(p.exam.duration_minutes, Some(50));
    // The repeated 5 is read as 6, with a warning that says so.
    assert!(p.diagnostics.iter().any(|d| d.line == 91 && d.message.contains("read as question 6")));
    assert!(p.exam.question(4).unwrap().select_all);
    // Display math opened with `\[` on its own line stays display math in the stem.
    assert!(p.exam.question(3).unwrap().stem.contains("$$\nP(D \\mid +)"), "{}", p.exam.question(3).unwrap().stem);
}

#[test]
fn a_task_list_quiz_bank() {
    let p = matches_expected("quizbank_tasklist.md");
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
    // One warning for the whole file: no question gives points.
    assert_eq!(p.diagnostics.iter().filter(|d| d.message.contains("worth 1 point")).count(), 1);
    // `- [x] B` followed by the code it stands for.
    let Body::Options(o) = &p.exam.question(3).unwrap().body else { panic!("Q3 has options") };
    assert!(o[1].text.starts_with("B\n\n```python\ndef binary_search"), "{}", o[1].text);
    // The <details> block gives the answer and its explanation.
    let q4 = p.exam.card("4").unwrap();
    assert_eq!(q4.answer, Some(Answer::Choice(3)));
    assert!(q4.explanation.as_deref().unwrap().starts_with("Sifting down a node"), "{:?}", q4.explanation);
    assert!(
        p.exam.instructions.contains("- [x] Sorting and recurrences")
            || p.exam.sections[1].instructions.contains("- [x] Sorting")
    );
}

#[test]
fn an_instructors_plain_text_quiz() {
    let p = matches_expected("instructor_plain.txt");
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
    let q8 = p.exam.card("8").unwrap();
    assert_eq!(q8.kind, CardKind::Free);
    assert!(q8.solution.as_deref().unwrap().starts_with("The TLB is only a cache"), "{:?}", q8.solution);
    assert!(q8.solution.as_deref().unwrap().contains("Grading: 2 points"));
    let q5 = p.exam.card("5.1").unwrap();
    assert!(q5.explanation.as_deref().unwrap().starts_with("This is Belady's anomaly."));
    // Question 9 has nothing to mark and no solution: a warning, not an error (question 8 of
    // its section is free-response too).
    assert!(
        p.diagnostics
            .iter()
            .any(|d| d.line == 112 && d.severity == Severity::Warning && d.message.contains("no solution"))
    );
    assert!(!p.diagnostics.iter().any(|d| d.message.contains("bare LaTeX")), "`\\n` in code is not LaTeX");
}

#[test]
fn a_worksheet_without_points() {
    let p = matches_expected("no_points.md");
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
    // The numbered list in question 4's stem stays in the stem.
    assert!(p.exam.question(4).unwrap().stem.contains("1. "), "{}", p.exam.question(4).unwrap().stem);
}

#[test]
fn an_exam_of_problems_parts_and_headings() {
    let p = matches_expected("mixed_problem.md");
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
    let titles: Vec<_> = p.exam.sections.iter().map(|s| (s.number, s.title.as_str())).collect();
    assert!(titles.contains(&(Some(2), "Game Trees")), "{titles:?}");
    // `\$5` is a dollar amount, not math.
    assert!(p.exam.questions().any(|q| q.stem.contains("\\$5")));
    assert_eq!(p.exam.duration_minutes, Some(80));
}

#[test]
fn a_broken_file_gets_a_diagnostic_for_each_planted_problem() {
    let p = matches_expected("broken_for_editor.md");
    let at = |line: usize, what: &str| p.diagnostics.iter().any(|d| d.line == line && d.message.contains(what));
    assert!(at(18, "card 2 has no answer") || at(16, "card 2 has no answer"), "{:#?}", p.diagnostics);
    assert!(at(23, "bare LaTeX `\\mathbf{x}`"));
    assert!(at(36, "looks like question 4 but gives no points"));
    assert!(at(45, "no options, statements or parts"));
    assert_eq!(errors(&p).len(), 1, "{:?}", errors(&p));
    // The mechanical ones come with a fix.
    for line in [23, 36] {
        assert!(p.diagnostics.iter().any(|d| d.line == line && d.fix.is_some()), "line {line}");
    }
}
