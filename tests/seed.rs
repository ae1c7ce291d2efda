//! The built-in CS 182 midterm, parsed: the counts the issues pin, several stems, options and
//! statements verbatim, and the key checked against the exam's own promises.

use examdeck::deck::{Answer, Body, CardKind, Rule};
use examdeck::import::Severity;

fn exam() -> examdeck::import::Parsed {
    examdeck::builtin::parse()
}

#[test]
fn counts_points_duration_and_no_errors() {
    let p = exam();
    let errors: Vec<_> = p.diagnostics.iter().filter(|d| d.severity == Severity::Error).collect();
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(p.exam.question_count(), 32);
    assert_eq!(p.exam.cards.len(), 91);
    assert_eq!(p.exam.total_points(), 50.0);
    assert_eq!(p.exam.duration_minutes, Some(110));
    assert_eq!(p.exam.cards.iter().filter(|c| c.answer.is_some()).count(), 91);
    assert_eq!(p.exam.cards.iter().filter(|c| c.explanation.is_some()).count(), 91);
    let titles: Vec<_> = p.exam.sections.iter().map(|s| s.title.as_str()).collect();
    assert_eq!(
        titles,
        ["Multiple Choice (Single Answer)", "Multiple Choice (True False)", "Multiple Choice (Multiple Part)"]
    );
    // The course-choice boxes are preamble, not a question.
    assert!(p.exam.instructions.contains("☐ CS 182\n\n☐ CS 282A"));
    // 15 lines with bare LaTeX (about 25 commands), one warning with its fix per line.
    let fixes: Vec<_> = p.diagnostics.iter().filter(|d| d.message.starts_with("bare LaTeX")).collect();
    assert_eq!(fixes.len(), 15, "{fixes:?}");
    assert!(fixes.iter().all(|d| d.fix.is_some()));
    let mut lines: Vec<usize> = fixes.iter().map(|d| d.line).collect();
    lines.dedup();
    assert_eq!(lines.len(), 15, "one warning per line");
}

#[test]
fn card_ids_kinds_and_weights() {
    let p = exam();
    let ids: Vec<&str> = p.exam.cards.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(&ids[..3], ["1", "2", "3"]);
    assert_eq!(ids[15], "16.1");
    assert!(ids.contains(&"30.a") && ids.contains(&"31.d") && ids.contains(&"32.c.4"));
    assert_eq!(*ids.last().unwrap(), "32.c.4");
    let c = p.exam.card("32.c.4").unwrap();
    assert_eq!((c.kind, c.points), (CardKind::TrueFalse, 0.25));
    assert_eq!(p.exam.card("16.2").unwrap().points, 0.5);
    assert_eq!(p.exam.card("30.b").unwrap().kind, CardKind::Single);
    assert_eq!(p.exam.card("30.b").unwrap().points, 0.5);
    assert_eq!(p.exam.question(30).unwrap().rule, Rule::Permutation);
}

#[test]
fn q1_options_verbatim() {
    let p = exam();
    let Body::Options(o) = &p.exam.question(1).unwrap().body else { panic!("Q1 has options") };
    let texts: Vec<&str> = o.iter().map(|c| c.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            r"$\frac{n}{\sum_{i=1}^n x_i} (\mathbf{I}_n * (\sum_{i=1}^n x_i) - \mathbf{x}\mathbf{x}^\top)$",
            r"$\frac{n}{\sum_{i=1}^n x_i} (\mathbf{I}_n * (\sum_{i=1}^n x_i)^2 - \mathbf{x}\mathbf{1}_n^\top)$",
            r"$\frac{n}{(\sum_{i=1}^n x_i)^2} (\mathbf{I}_n * (\sum_{i=1}^n x_i) - \mathbf{x}\mathbf{x}^\top)$",
            r"$\frac{n}{(\sum_{i=1}^n x_i)^2} (\mathbf{I}_n * (\sum_{i=1}^n x_i) - \mathbf{x}\mathbf{1}_n^\top)$",
        ]
    );
    let stem = &p.exam.question(1).unwrap().stem;
    assert!(stem.starts_with("Consider the vector-valued function $f : \\mathbb{R}^n \\rightarrow \\mathbb{R}^n$\n\n$$f(\\mathbf{x}) = \\frac{n\\mathbf{x}}{\\sum_{i=1}^n x_i}$$\n\nwhere"));
    // Bare LaTeX in the stem was wrapped.
    assert!(stem.contains("normalizes the input vector $\\mathbf{x}$ to have mean 1"));
    assert!(stem.contains("Let $\\mathbf{I}_n$ denote"));
}

#[test]
fn q16_statements_keep_their_display_math() {
    let p = exam();
    let Body::Statements(s) = &p.exam.question(16).unwrap().body else { panic!("Q16 has statements") };
    assert_eq!(s.len(), 4);
    assert_eq!(
        s[0].text,
        "Two linear layers, **RELU**, two linear layers.\n\n$$\\mathcal{F}_a = \\{f \\mid f(\\mathbf{x}) = \\mathbf{W}_4 \\mathbf{W}_3 \\mathbf{RELU}(\\mathbf{W}_2 \\mathbf{W}_1 \\mathbf{x}), \\mathbf{x} \\in \\mathbb{R}^{100}, \\mathbf{W}_1 \\in \\mathbb{R}^{60 \\times 100}, \\mathbf{W}_2 \\in \\mathbb{R}^{40 \\times 60}, \\mathbf{W}_3 \\in \\mathbb{R}^{32 \\times 40}, \\mathbf{W}_4 \\in \\mathbb{R}^{24 \\times 32}\\}$$"
    );
    assert_eq!(
        s[2].text,
        "One linear layer, **RELU**, two linear layers\n\n$$\\mathcal{F}_c = \\{f \\mid f(\\mathbf{x}) = \\mathbf{W}_3 \\mathbf{W}_2 \\mathbf{RELU}(\\mathbf{W}_1 \\mathbf{x}), \\mathbf{x} \\in \\mathbb{R}^{100}, \\mathbf{W}_1 \\in \\mathbb{R}^{40 \\times 100}, \\mathbf{W}_2 \\in \\mathbb{R}^{39 \\times 40}, \\mathbf{W}_3 \\in \\mathbb{R}^{24 \\times 39}\\}$$"
    );
    assert!(s[3].text.starts_with("Two linear layers, **RELU**, one linear layer, **RELU**\n\n$$\\mathcal{F}_d"));
    let stem = &p.exam.question(16).unwrap().stem;
    assert!(stem.contains("the set of functions $\\mathcal{F}_α$ and $\\mathcal{F}_β$ which"));
}

#[test]
fn q30_keeps_its_code_block_and_line_list() {
    let p = exam();
    let q = p.exam.question(30).unwrap();
    assert!(
        q.stem.contains(
            "You start with the following lines:\n\n```\nx,y = batch\noptimizer.zero_grad()\n```\n\nConsider"
        )
    );
    assert!(q.stem.contains(
        "- (1) `l.backward()`\n- (2) `optimizer.step()`\n- (3) `l = loss(output,y)`\n- (4) `output = model(x)`"
    ));
    let Body::Parts(parts) = &q.body else { panic!("Q30 has parts") };
    let labels: Vec<&str> = parts.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["Line 1:", "Line 2:", "Line 3:", "Line 4:"]);
    for part in parts {
        let Body::Options(o) = &part.body else { panic!("parts of Q30 have options") };
        assert_eq!(o.iter().map(|c| c.text.as_str()).collect::<Vec<_>>(), ["(1)", "(2)", "(3)", "(4)"]);
    }
}

#[test]
fn q31_parts_and_untouched_inline_code() {
    let p = exam();
    let q = p.exam.question(31).unwrap();
    assert!(q.stem.contains("`torch.optim.Adam(params, lr= α , betas=(β_1 , 0.999), eps= ϵ)`"));
    assert!(q.stem.contains("- Your batch size is typical (e.g., 32)"));
    let Body::Parts(parts) = &q.body else { panic!("Q31 has parts") };
    let labels: Vec<&str> = parts.iter().map(|p| p.label.as_str()).collect();
    assert_eq!(labels, ["α", "$β_1$", "ϵ", "p"]);
    let opts = |i: usize| match &parts[i].body {
        Body::Options(o) => o.iter().map(|c| c.text.clone()).collect::<Vec<_>>(),
        b => panic!("{b:?}"),
    };
    assert_eq!(opts(0), ["3", "1", "$3e-3$", "$1e-8$"]);
    assert_eq!(opts(1), ["0", "0.001", "0.9", "0.999", "1"]);
    assert_eq!(opts(2), ["3", "1", "$3e-3$", "$1e-08$"]);
    assert_eq!(opts(3), ["0.2", "0.8", "0.9", "0.999", "1"]);
}

#[test]
fn q32_parts_are_scored_separately() {
    let p = exam();
    let q = p.exam.question(32).unwrap();
    let Body::Parts(parts) = &q.body else { panic!("Q32 has parts") };
    assert_eq!(
        parts.iter().map(|p| (p.letter, p.label.as_str(), p.points)).collect::<Vec<_>>(),
        [('a', "ReLU", 1.0), ('b', "GELU", 1.0), ('c', "Sigmoid", 1.0)]
    );
    let Body::Statements(s) = &parts[1].body else { panic!("statements") };
    let texts: Vec<&str> = s.iter().map(|s| s.text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "Convex",
            "Monotonically nondecreasing",
            "Invertible",
            "At least one value for which the function has a zero gradient"
        ]
    );
    assert!(q.stem.contains("$$\\sigma(x) = (1 + e^{-x})^{-1}$$"));
}

#[test]
fn the_key_keeps_the_exams_promises() {
    let p = exam();
    let section2 = &p.exam.sections[1];
    for q in &section2.questions {
        let trues = p
            .exam
            .question_cards(q.number)
            .into_iter()
            .filter(|&i| p.exam.cards[i].answer == Some(Answer::Tf(true)))
            .count();
        assert!(trues >= 1, "Q{} needs at least one true statement", q.number);
        if q.number == 16 || q.number == 29 {
            assert_eq!(trues, 2, "Q{} says exactly two are true", q.number);
        }
    }
    // Q30: each line used exactly once.
    let lines: std::collections::HashSet<_> =
        ["30.a", "30.b", "30.c", "30.d"].iter().map(|id| p.exam.card(id).unwrap().answer).collect();
    assert_eq!(lines.len(), 4);
    // Topic tags on every question; contested cards have a note explaining the other reading.
    assert!(p.exam.questions().all(|q| !q.topics.is_empty()));
    for id in ["21.2", "25.3"] {
        assert!(p.exam.card(id).unwrap().contested.as_deref().is_some_and(|n| n.len() > 40), "{id} is contested");
    }
}

#[test]
fn explanations_are_substantial() {
    let p = exam();
    for c in &p.exam.cards {
        let e = c.explanation.as_deref().unwrap_or("");
        let sentences = e.matches(". ").count() + 1;
        assert!(e.len() >= 120 && (2..=12).contains(&sentences), "card {}: {e}", c.id);
    }
}

/// FNV-1a over bytes: a fingerprint of the file, byte for byte.
fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3))
}

#[test]
fn the_decks_file_is_the_seed_exam_unchanged() {
    // The seed exam as handed over (26,602 bytes, SHA-256 c2b6f272…61154bc): the built-in deck is
    // that file byte for byte, so a fresh clone checks it without the original beside it.
    assert_eq!(examdeck::builtin::EXAM.len(), 26_602);
    assert_eq!(fnv1a(examdeck::builtin::EXAM.as_bytes()), 0x2014_027a_00aa_ac5d);
}
