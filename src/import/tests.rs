use super::*;
use crate::deck::{Answer, Body, CardKind, Rule};

fn errors(p: &Parsed) -> Vec<(usize, String)> {
    p.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| (d.line, d.message.clone())).collect()
}

fn warnings(p: &Parsed) -> Vec<(usize, String)> {
    p.diagnostics.iter().filter(|d| d.severity == Severity::Warning).map(|d| (d.line, d.message.clone())).collect()
}

#[test]
fn preamble_duration_and_course_boxes() {
    let p = parse_exam(
        "\u{feff}Instructions.\r\nYou have 1 hour and 50 minutes.\r\n\r\n☐ CS 182\r\n☐ CS 282A\r\n\
         1 Multiple Choice (Single Answer)\r\nPick one.\r\n1. (1 point) Q?\r\n- ☐ a\r\n- ☐ b\r\n",
    );
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
    assert_eq!(p.exam.duration_minutes, Some(110));
    assert!(p.exam.instructions.contains("☐ CS 182"));
    assert_eq!(p.exam.sections.len(), 1);
    assert_eq!(p.exam.sections[0].title, "Multiple Choice (Single Answer)");
    assert_eq!(p.exam.sections[0].number, Some(1));
    assert_eq!(p.exam.sections[0].instructions, "Pick one.");
    assert_eq!(p.exam.cards.len(), 1);
}

#[test]
fn durations() {
    assert_eq!(parse_duration("You have 80 minutes."), Some(80));
    assert_eq!(parse_duration("Time: 2 hours"), Some(120));
    assert_eq!(parse_duration("1.5 hours"), Some(90));
    assert_eq!(parse_duration("1 hour 10 minutes"), Some(70));
    assert_eq!(parse_duration("no time given"), None);
}

#[test]
fn markdown_headings_make_sections() {
    let p =
        parse_exam("# Exam\nIntro\n## 2 Trees\nAbout trees\n1. (1 point) x\n☐ a\n☐ b\n## Other\n2. (1 point) y\n☐ a\n");
    let titles: Vec<_> = p.exam.sections.iter().map(|s| (s.number, s.title.as_str())).collect();
    assert_eq!(titles, vec![(None, "Exam"), (Some(2), "Trees"), (None, "Other")]);
    assert_eq!(p.exam.sections[1].instructions, "About trees");
    assert_eq!(p.exam.instructions, "");
}

#[test]
fn questions_need_points() {
    let p = parse_exam("1. (1 point) a\n☐ x\n2) (0.5 points) b\n☐ y\n3. (lots of points) c\n☐ z\n");
    assert_eq!(p.exam.question_count(), 3);
    assert_eq!(p.exam.question(2).unwrap().points, 0.5);
    assert_eq!(errors(&p).len(), 1);
    assert_eq!(errors(&p)[0].0, 5);
    assert!(errors(&p)[0].1.contains("unreadable points"));
}

#[test]
fn stem_keeps_line_breaks_display_math_and_fences() {
    let text = "1. (1 point) First line\nsecond line\n\n$$x^2$$\n\n```\n  ☐ T ☐ F: not a statement   \n2. (1 point) not a question\n```\n☐ a\n";
    let p = parse_exam(text);
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
    let q = p.exam.question(1).unwrap();
    assert_eq!(
        q.stem,
        "First line\nsecond line\n\n$$x^2$$\n\n```\n  ☐ T ☐ F: not a statement\n2. (1 point) not a question\n```"
    );
    assert_eq!(p.exam.cards.len(), 1);
}

#[test]
fn structure_lines_start_new_elements_without_blank_lines() {
    let p = parse_exam("1. (1 point) a\n - ☐ x\n - ☐ y\n2. (1 point) b\n- ☐ z\n");
    assert_eq!(p.exam.question_count(), 2);
    match &p.exam.question(1).unwrap().body {
        Body::Options(o) => assert_eq!(o.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["x", "y"]),
        b => panic!("{b:?}"),
    }
}

#[test]
fn text_after_a_statement_belongs_to_it() {
    let p = parse_exam("1. (2 points) s\n- ☐ T ☐ F: one\n\n$$F_a$$\n\n- ☐ T ☐ F : two\n");
    let st = p.exam.card_statement(&p.exam.cards[0]).unwrap();
    assert_eq!(st.text, "one\n\n$$F_a$$");
    assert_eq!(p.exam.cards[1].points, 1.0);
}

#[test]
fn empty_and_marked_boxes() {
    let p = parse_exam("1. (1 point) a\n□ x\n[ ] y\n[x] z\n2. (1 point) b\n☐ p\n■ q\n");
    assert_eq!(p.exam.cards[0].answer, Some(Answer::Choice(3)));
    assert_eq!(p.exam.cards[1].answer, Some(Answer::Choice(2)));
    for marked in ["☒", "☑", "■", "✓", "✔", "[x]", "[X]"] {
        let p = parse_exam(&format!("1. (1 point) a\n☐ x\n{marked} y\n"));
        assert_eq!(p.exam.cards[0].answer, Some(Answer::Choice(2)), "{marked}");
    }
}

#[test]
fn true_false_forms_and_marks() {
    let p = parse_exam("1. (2 points) s\n☐ T ☐ F: a\n☒ T ☐ F : b\n☐ True ☑ False: c\n☐ T ✔ F: d\n");
    let kinds: Vec<_> = p.exam.cards.iter().map(|c| (c.id.as_str(), c.kind, c.answer)).collect();
    assert_eq!(
        kinds,
        vec![
            ("1.1", CardKind::TrueFalse, None),
            ("1.2", CardKind::TrueFalse, Some(Answer::Tf(true))),
            ("1.3", CardKind::TrueFalse, Some(Answer::Tf(false))),
            ("1.4", CardKind::TrueFalse, Some(Answer::Tf(false))),
        ]
    );
    assert_eq!(p.exam.cards[0].points, 0.5);
}

#[test]
fn both_boxes_marked_is_an_error() {
    let p = parse_exam("1. (1 point) s\n☒ T ☒ F: a\n");
    let e = errors(&p);
    assert_eq!(e.len(), 1);
    assert_eq!(e[0].0, 2);
    assert!(e[0].1.starts_with("both T and F are marked in `[x] T [x] F: a`"), "{e:?}");
}

#[test]
fn two_marked_boxes_make_a_multiple_select_question() {
    // Once "two marked boxes in a single-answer question" was an error; now each option is a
    // true/false card ("is this option right?"), scored ± points ÷ options.
    let p = parse_exam("1. (1 point) s\n☒ a\n☒ b\n☐ c\n☐ d\n");
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
    let cards: Vec<_> = p.exam.cards.iter().map(|c| (c.id.as_str(), c.kind, c.answer, c.points)).collect();
    assert_eq!(
        cards,
        vec![
            ("1.1", CardKind::TrueFalse, Some(Answer::Tf(true)), 0.25),
            ("1.2", CardKind::TrueFalse, Some(Answer::Tf(true)), 0.25),
            ("1.3", CardKind::TrueFalse, Some(Answer::Tf(false)), 0.25),
            ("1.4", CardKind::TrueFalse, Some(Answer::Tf(false)), 0.25),
        ]
    );
    assert!(p.exam.question(1).unwrap().select_all);
}

#[test]
fn parts_with_options_and_statements() {
    let text = "30. (2 points) Order\n```\nx,y = batch\n```\n- (1) `a`\n- (2) `b`\n\
                - (a) (1 point) Line 1:\n- ☐ (1)\n- ☐ (2)\n- (b) (1 point) Line 2:\n- ☐ (1)\n- ☒ (2)\n\
                31. (2 points) Props\n(a) (1 point) ReLU\n☐ T ☐ F : Convex\n☐ T ☐ F : Monotone\n(b) (1 point) GELU\n☐ T ☐ F : Convex\n";
    let p = parse_exam(text);
    let ids: Vec<_> = p.exam.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["30.a", "30.b", "31.a.1", "31.a.2", "31.b.1"]);
    assert_eq!(p.exam.cards[1].answer, Some(Answer::Choice(2)));
    assert_eq!(p.exam.cards[2].points, 0.5);
    assert_eq!(p.exam.cards[4].points, 1.0);
    assert!(p.exam.question(30).unwrap().stem.contains("- (2) `b`"));
    match &p.exam.question(30).unwrap().body {
        Body::Parts(parts) => assert_eq!(parts[0].label, "Line 1:"),
        b => panic!("{b:?}"),
    }
    // Warnings only: question numbering starts at 30.
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
}

#[test]
fn parts_must_add_up_and_not_be_empty() {
    let p = parse_exam("1. (2 points) q\n(a) (0.5 points) x\n☐ a\n(b) (1 point) y\n");
    let e = errors(&p);
    assert!(e.iter().any(|(l, m)| *l == 1 && m.contains("add up to 1.5")), "{e:?}");
    assert!(e.iter().any(|(l, m)| *l == 4 && m.contains("part (b)")), "{e:?}");
}

#[test]
fn a_question_with_nothing_to_mark_is_free_response_or_an_error_among_options() {
    // Alone (or beside other free questions): a free-response question without a solution.
    let p = parse_exam("1. (1 point) nothing to mark\n");
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
    assert_eq!((p.exam.cards[0].kind, p.exam.cards[0].answer), (CardKind::Free, None));
    assert!(warnings(&p).iter().any(|(l, m)| *l == 1 && m.contains("no solution")));
    // In a section whose other questions all have options, its options were lost: an error.
    let p = parse_exam("1. (1 point) a\n☐ x\n☒ y\n2. (1 point) nothing to mark\n");
    assert_eq!(errors(&p)[0].0, 4);
    assert!(errors(&p)[0].1.contains("no options, statements or parts"));
}

#[test]
fn repeated_and_skipped_numbers() {
    // A repeated number is a warning: the later question takes the number after the highest
    // so far, so numbering that restarts continues.
    let p = parse_exam("1. (1 point) a\n☐ x\n1. (1 point) b\n☐ y\n4. (1 point) c\n☐ z\n");
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
    assert!(warnings(&p).iter().any(|(l, m)| *l == 3 && m.contains("appears twice") && m.contains("question 2")));
    assert!(warnings(&p).iter().any(|(l, m)| *l == 5 && m.contains("skip")));
    let ids: Vec<_> = p.exam.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, ["1", "2", "4"]);
}

#[test]
fn solutions_attach_to_the_nearest_card() {
    let text = "1. (1 point) a\n☐ x\n☒ y\nSolution: because y.\nmore why\n2. (1 point) b\n☐ T ☐ F: s1\nExplanation: s1 is false\n☐ T ☐ F: s2\n";
    let p = parse_exam(text);
    assert_eq!(p.exam.cards[0].explanation.as_deref(), Some("because y.\nmore why"));
    assert_eq!(p.exam.cards[1].explanation.as_deref(), Some("s1 is false"));
    assert_eq!(p.exam.cards[2].explanation, None);
}

#[test]
fn images_are_collected() {
    let p = parse_exam("1. (1 point) see ![plot](img/a.png) and ![b](b.jpg \"t\")\n☐ x\n");
    let paths: Vec<_> = p.exam.images.iter().map(|i| (i.path.as_str(), i.line)).collect();
    assert_eq!(paths, [("img/a.png", 1), ("b.jpg", 1)]);
}

#[test]
fn bare_latex_is_wrapped_with_a_warning_but_not_in_code() {
    let p = parse_exam("1. (1 point) input \\mathbf{x} and `β_1` here\n```\n\\mathbf{y}\n```\n☐ d^{L+1}\n");
    let q = p.exam.question(1).unwrap();
    assert_eq!(q.stem, "input $\\mathbf{x}$ and `β_1` here\n```\n\\mathbf{y}\n```");
    let w = warnings(&p);
    assert_eq!(w.len(), 2, "{w:?}");
    assert_eq!(p.exam.card_choices(&p.exam.cards[0])[0].text, "$d^{L+1}$");
}

#[test]
fn key_file_supplies_answers_topics_rules_and_contested_marks() {
    let exam = "1. (1 point) a\n☐ x\n☐ y\n2. (1 point) b\n☐ T ☐ F: s\n3. (1 point) c\n(a) (0.5 points) l1\n☐ (1)\n☐ (2)\n(b) (0.5 points) l2\n☐ (1)\n☐ (2)\n";
    let key = r#"// comment
ExamKey(
    version: 1,
    questions: { 1: (topics: ["losses"]), 3: (rule: Permutation) },
    cards: {
        "1": (answer: "2", explanation: r"Because $y$."),
        "2.1": (answer: "f", contested: "Could be read as true."),
        "3.a": (answer: "1"),
        "3.b": (answer: "2"),
    },
)"#;
    let p = parse(exam, Some(key));
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
    assert_eq!(p.exam.cards[0].answer, Some(Answer::Choice(2)));
    assert_eq!(p.exam.cards[0].explanation.as_deref(), Some("Because $y$."));
    assert_eq!(p.exam.cards[1].answer, Some(Answer::Tf(false)));
    assert_eq!(p.exam.cards[1].contested.as_deref(), Some("Could be read as true."));
    assert_eq!(p.exam.question(1).unwrap().topics, ["losses"]);
    assert_eq!(p.exam.question(3).unwrap().rule, Rule::Permutation);
}

#[test]
fn key_errors_name_their_lines() {
    let exam = "1. (1 point) a\n☐ x\n☒ y\n2. (1 point) b\n☐ T ☐ F: s\n";
    let key =
        "(\n cards: {\n  \"1\": (answer: \"1\"),\n  \"9.1\": (answer: \"T\"),\n  \"2.1\": (answer: \"7\"),\n },\n)";
    let p = parse(exam, Some(key));
    let e: Vec<_> =
        p.diagnostics.iter().filter(|d| d.severity == Severity::Error).map(|d| (d.origin, d.line)).collect();
    // Disagreement with the marked box (at the question, exam line 1), unknown card (key line 4),
    // bad answer (key line 5).
    assert_eq!(e, vec![(Origin::Exam, 1), (Origin::Key, 4), (Origin::Key, 5)]);
    // A card the key leaves out (2.1, rejected) has no answer: a warning.
    assert!(warnings(&p).iter().any(|(l, m)| *l == 5 && m.contains("2.1")));
}

#[test]
fn invalid_key_ron_reports_its_position() {
    let p = parse("1. (1 point) a\n☐ x\n", Some("(\n cards: {\n  \"1\": (answer: ),\n }\n)"));
    let d = p.diagnostics.iter().find(|d| d.origin == Origin::Key).unwrap();
    assert_eq!((d.line, d.severity), (3, Severity::Error));
    assert!(d.message.contains("column"), "{}", d.message);
}

#[test]
fn text_with_no_questions_is_an_error() {
    let p = parse_exam("just some notes\n");
    assert_eq!(errors(&p).len(), 1);
}

#[test]
fn boxes_between_a_heading_and_its_first_question_are_instructions() {
    let p = parse_exam(
        "1. (1 point) a\n☐ x\n## Second part\n☐ T ☐ F: not a card\n(a) (1 point) nor this\n☐ stray\nSolution: none\n2. (1 point) b\n☐ y\n",
    );
    assert!(errors(&p).is_empty(), "{:?}", errors(&p));
    assert_eq!(p.exam.cards.len(), 2);
    assert!(p.exam.sections[1].instructions.contains("☐ stray"));
}

#[test]
fn duration_can_come_from_the_first_section_intro() {
    let p = parse_exam("# Midterm\nYou have 80 minutes.\n1. (1 point) a\n☐ x\n");
    assert_eq!(p.exam.duration_minutes, Some(80));
}

#[test]
fn key_lines_match_whole_tokens() {
    let exam = "1. (1 point) a\n☐ x\n";
    let key = "(\n questions: {\n  11: (topics: []),\n  1: (topics: []),\n },\n)";
    let p = parse(exam, Some(key));
    let d: Vec<_> = p.diagnostics.iter().filter(|d| d.origin == Origin::Key).map(|d| d.line).collect();
    assert_eq!(d, vec![3]);
}

#[test]
fn every_quick_fix_of_the_fuzzers_finding_fixes_its_diagnostic() {
    // Found by the fuzzer: a stray `$` inside `\( … \)` made the first reading skip the second
    // `\(`, so the fixed line read differently the second time and the warning came back.
    let text = include_str!("../../fuzz/seeds/exam_text/regression_wrap_mid.md");
    let p = parse_exam(text);
    let fixes: Vec<_> = p.diagnostics.iter().filter(|d| d.fix.is_some()).collect();
    assert!(!fixes.is_empty(), "{:?}", p.diagnostics);
    for d in fixes {
        let fixed = d.fix.as_ref().unwrap().apply(text);
        let again = parse_exam(&fixed);
        assert!(
            !again.diagnostics.iter().any(|a| a.line == d.line && a.message == d.message),
            "{:?} on line {} came back after its fix",
            d.message,
            d.line
        );
    }
    // Reading delimiters twice changes nothing the first reading did not.
    let line = "For \\( s, (b) $ f_, then \\( P(T \\mid T > s) \\) is";
    let once = crate::import::normalize::math_delimiters(line).into_owned();
    assert_eq!(once, "For $ s, (b) $ f_, then $ P(T \\mid T > s) $ is");
    assert_eq!(crate::import::normalize::math_delimiters(&once), once);
}

#[test]
fn a_part_with_a_solution_is_free_response_and_one_without_is_an_error() {
    let p = parse_exam("1. (2 points) Explain.\n(a) (1 point) Why?\nSolution: Because.\n(b) (1 point) How?\n");
    let kinds: Vec<_> = p.exam.cards.iter().map(|c| (c.id.as_str(), c.kind, c.solution.as_deref())).collect();
    assert_eq!(
        kinds,
        [("1.a", crate::deck::CardKind::Free, Some("Because.")), ("1.b", crate::deck::CardKind::Free, None)]
    );
    let e = errors(&p);
    assert_eq!(e.len(), 1, "{e:?}");
    assert_eq!(e[0].0, 4);
    assert!(e[0].1.contains("part (b)"), "{e:?}");
}

#[test]
fn a_numeric_answer_to_a_free_question_is_its_solution() {
    let p =
        parse_exam("1. (2 points) How many layers does the network have?\nAnswer: 42\nCount the hidden ones too.\n");
    let c = &p.exam.cards[0];
    assert_eq!(c.kind, crate::deck::CardKind::Free);
    assert_eq!(c.solution.as_deref(), Some("42"));
    assert_eq!(c.explanation.as_deref(), Some("Count the hidden ones too."));
    assert!(warnings(&p).is_empty(), "{:?}", p.diagnostics);
}
