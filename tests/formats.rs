//! The exchange formats, read from files written in the manner of what instructors, LMS exports
//! and flashcard apps produce (`tests/formats/`): exact counts, ids and answers; and a deck
//! exported from the collection and read back.

use examdeck::import::Format;
use examdeck::import::file::import_file;
use std::path::{Path, PathBuf};
use std::process::Command;

fn file(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/formats").join(name)
}

/// (id, answer as `check --json` writes it, `-` for none) of every card.
fn cards(name: &str) -> (examdeck::import::file::ImportedFile, Vec<(String, String)>) {
    let f = import_file(&file(name)).unwrap();
    let c = f
        .parsed
        .exam
        .cards
        .iter()
        .map(|c| (c.id.to_string(), c.answer.map_or("-".to_string(), |a| a.to_string())))
        .collect();
    (f, c)
}

fn pairs(v: &[(&str, &str)]) -> Vec<(String, String)> {
    v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect()
}

fn lines(f: &examdeck::import::file::ImportedFile) -> Vec<usize> {
    f.parsed.diagnostics.iter().map(|d| d.line).collect()
}

#[test]
fn a_moodle_gift_export() {
    let (f, got) = cards("os_quiz.gift");
    assert_eq!(f.format, Format::Gift);
    let want = [
        ("1", "1"),
        ("2", "1"),
        ("3.1", "T"),
        ("4.1", "F"),
        ("5", "2"),
        ("6", "1"),
        ("7.1", "T"),
        ("7.2", "T"),
        ("7.3", "F"),
        ("7.4", "F"),
        ("8", "written"),
        ("9", "written"),
        ("10", "2"),
        ("11", "3"),
    ];
    assert_eq!(got, pairs(&want));
    // The matching question and the essay are skipped with a warning each, and the weights are said once.
    assert_eq!(lines(&f), [40, 48, 63]);
    assert!(!f.parsed.has_errors());
    let exam = &f.parsed.exam;
    assert_eq!(exam.card_choices(&exam.cards[5])[0].text, "$ 2^{20} $");
    assert_eq!(exam.cards[5].explanation.as_deref(), Some("32 - 12 = 20 bits of virtual page number."));
    assert_eq!(
        exam.question(2).unwrap().stem.lines().next().unwrap(),
        "During a **context switch**, what must the kernel save for the outgoing process?"
    );
    assert_eq!(exam.cards[10].solution.as_deref(), Some("TLB or translation lookaside buffer"));
    assert_eq!(exam.question(1).unwrap().topics, ["CS 350 Operating Systems/Processes and Threads"]);
}

#[test]
fn an_aiken_bank_found_by_its_content() {
    let (f, got) = cards("stats_bank.txt");
    assert_eq!(f.format, Format::Aiken);
    let want = ["2", "3", "2", "4", "2", "1", "3", "2", "4", "2", "3", "4", "2"];
    let want: Vec<(String, String)> =
        want.iter().enumerate().map(|(i, a)| ((i + 1).to_string(), a.to_string())).collect();
    assert_eq!(got, want);
    assert!(f.parsed.diagnostics.is_empty(), "{:?}", f.parsed.diagnostics);
    assert_eq!(f.parsed.exam.card_choices(&f.parsed.exam.cards[10]).len(), 5);
}

#[test]
fn a_moodle_xml_export_with_an_embedded_image() {
    let (f, got) = cards("ml_midterm.xml");
    assert_eq!(f.format, Format::MoodleXml);
    let want = [
        ("1", "2"),
        ("2.1", "T"),
        ("2.2", "T"),
        ("2.3", "T"),
        ("2.4", "F"),
        ("3.1", "F"),
        ("4", "written"),
        ("5", "written"),
        ("6", "2"),
        ("7", "written"),
    ];
    assert_eq!(got, pairs(&want));
    assert_eq!(lines(&f), [14, 52]);
    assert_eq!(f.parsed.exam.total_points(), 13.0);
    assert_eq!(f.images.len(), 1);
    assert_eq!(f.images[0].0, "plot.png");
    assert!(f.images[0].1.starts_with(b"\x89PNG"));
    assert!(f.parsed.exam.question(1).unwrap().stem.contains("![loss curves](plot.png)"));
    assert_eq!(f.parsed.exam.cards[7].solution.as_deref(), Some("0.727 ± 0.005"));
}

#[test]
fn a_latex_exam_class_file() {
    let (f, got) = cards("algorithms_final.tex");
    assert_eq!(f.format, Format::Latex);
    let want = [
        ("1", "2"),
        ("2", "3"),
        ("3.1", "T"),
        ("3.2", "F"),
        ("3.3", "T"),
        ("3.4", "F"),
        ("4.a.1", "T"),
        ("4.b", "written"),
        ("4.c.i", "written"),
        ("4.c.ii", "written"),
        ("5", "written"),
        ("6", "-"),
        ("7", "3"),
        ("8", "written"),
    ];
    assert_eq!(got, pairs(&want));
    // The macro with an argument, the question without a solution, the restarted numbering twice.
    assert_eq!(lines(&f), [10, 91, 98, 106]);
    assert_eq!(f.parsed.exam.total_points(), 27.0);
    let exam = &f.parsed.exam;
    assert!(exam.question(5).unwrap().stem.contains("\\mathbb{R}"), "the \\R macro is expanded");
    assert!(exam.cards[7].solution.as_deref().unwrap().starts_with("$$\\begin{aligned}"));
    assert!(exam.question(4).unwrap().stem.starts_with("**Recurrences**"));
}

#[test]
fn an_anki_export_and_a_quizlet_csv() {
    let (f, got) = cards("bio_flashcards.txt");
    assert_eq!(f.format, Format::Anki);
    assert_eq!(got.len(), 23);
    assert!(got.iter().enumerate().all(|(i, (id, a))| *id == (i + 1).to_string() && a == "written"));
    assert_eq!(lines(&f), [16], "the image cell.png is not beside the file");
    let exam = &f.parsed.exam;
    assert_eq!(exam.question(4).unwrap().stem, "What is meant by \"selectively permeable\"?");
    assert_eq!(exam.question(17).unwrap().stem, "Stages of mitosis\n(in order)");
    assert_eq!(exam.cards[16].solution.as_deref(), Some("Prophase\nPrometaphase\nMetaphase\nAnaphase\nTelophase"));
    assert!(exam.question(12).unwrap().stem.ends_with("![](cell.png)"));
    assert!(exam.question(1).unwrap().topics.contains(&"chapter1".to_string()));

    let (q, got) = cards("vocab_quizlet.csv");
    assert_eq!(q.format, Format::Anki);
    assert_eq!(got.len(), 12);
    assert_eq!(lines(&q), [0], "the guessed separator is said");
    assert!(q.parsed.diagnostics[0].message.contains("comma"));
    assert_eq!(q.parsed.exam.question(1).unwrap().stem, "Chirality");
    assert!(q.parsed.exam.cards[2].solution.as_deref().unwrap().contains(','));
}

#[test]
fn a_deck_exported_from_the_collection_reads_back() {
    let data = tempfile::tempdir().unwrap();
    let run = |args: &[&str]| {
        let out = Command::new(env!("CARGO_BIN_EXE_examdeck"))
            .args(args)
            .env("EXAMDECK_DATA_DIR", data.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        String::from_utf8(out.stdout).unwrap()
    };
    let gift = file("os_quiz.gift");
    run(&["import", gift.to_str().unwrap()]);
    let out = data.path().join("out/quiz.md");
    let said = run(&["export", "os_quiz", "--to", "markdown", "-o", out.to_str().unwrap()]);
    assert!(said.starts_with("os_quiz: 14 cards written as markdown: "), "{said}");
    let back = examdeck::import::file::import_file(&out).unwrap();
    assert!(!back.parsed.has_errors(), "{:?}", back.parsed.diagnostics);
    let (orig, _) = cards("os_quiz.gift");
    let view =
        |e: &examdeck::deck::Exam| e.cards.iter().map(|c| (c.id.to_string(), c.kind, c.answer)).collect::<Vec<_>>();
    assert_eq!(view(&back.parsed.exam), view(&orig.parsed.exam));
    // To standard output, and a format that does not exist is a usage error.
    let csv = run(&["export", "os_quiz", "--to", "csv"]);
    let rows = csv::Reader::from_reader(csv.as_bytes()).records().count();
    assert_eq!(rows, 14, "one row per card");
    let bad = Command::new(env!("CARGO_BIN_EXE_examdeck"))
        .args(["export", "os_quiz", "--to", "pdf"])
        .env("EXAMDECK_DATA_DIR", data.path())
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("use one of anki, gift, moodle-xml, csv, markdown"));
}
