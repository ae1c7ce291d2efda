//! The command line as a student or a script uses it: `check` and `score`, their output, JSON
//! and exit codes.

use std::path::Path;
use std::process::{Command, Output};

fn examdeck(args: &[&str], data: &Path) -> Output {
    Command::new(env!("CARGO_BIN_EXE_examdeck")).args(args).env("EXAMDECK_DATA_DIR", data).output().expect("runs")
}

fn deck() -> String {
    format!("{}/decks/cs182_midterm.md", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn check_the_builtin_deck() {
    let data = tempfile::tempdir().unwrap();
    let out = examdeck(&["check", &deck()], data.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    let first = text.lines().next().unwrap();
    for want in [
        "32 questions",
        "91 cards",
        "50 points",
        "110 minutes",
        "91 cards with answers",
        "91 with explanations",
        "0 errors",
    ] {
        assert!(first.contains(want), "{want} in {first}");
    }
    // Diagnostics are `file:line: severity: message`.
    assert!(text.lines().skip(1).all(|l| l.contains("cs182_midterm.md:") && l.contains(": warning: ")), "{text}");
}

#[test]
fn check_json_has_the_pinned_fields() {
    let data = tempfile::tempdir().unwrap();
    let out = examdeck(&["check", "--json", &deck()], data.path());
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 1);
    let v: serde_json::Value = serde_json::from_str(text.trim()).unwrap();
    assert_eq!(v["questions"], 32);
    assert_eq!(v["total_points"], 50.0);
    assert_eq!(v["duration_minutes"], 110);
    let cards = v["cards"].as_array().unwrap();
    assert_eq!(cards.len(), 91);
    assert_eq!(cards[0]["id"], "1");
    assert_eq!(cards[0]["kind"], "single");
    assert_eq!(cards[0]["answer"], "4");
    assert_eq!(cards[0]["explanation"], true);
    let c = cards.iter().find(|c| c["id"] == "32.c.4").unwrap();
    assert_eq!(
        (c["kind"].as_str(), c["points"].as_f64(), c["answer"].as_str()),
        (Some("true_false"), Some(0.25), Some("F"))
    );
    let d = &v["diagnostics"][0];
    assert!(d["line"].is_u64() && d["severity"] == "warning" && d["message"].is_string());
}

#[test]
fn bad_files_are_errors_on_line_zero_and_unreadable_ones_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let bin = dir.path().join("binary.md");
    std::fs::write(&bin, b"1. (1 point) a\n\x00\xff\xfe").unwrap();
    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, b"  \n").unwrap();
    let latin1 = dir.path().join("latin1.md");
    std::fs::write(&latin1, b"1. (1 point) caf\xe9\n").unwrap();
    for f in [&bin, &empty, &latin1] {
        let out = examdeck(&["check", "--json", f.to_str().unwrap()], dir.path());
        assert_eq!(out.status.code(), Some(1), "{}", f.display());
        let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(v["diagnostics"][0]["line"], 0);
        assert_eq!(v["diagnostics"][0]["severity"], "error");
    }
    // A missing file: message on stderr only, exit 2, and 2 wins over 1.
    let missing = dir.path().join("nope.md");
    let out = examdeck(&["check", "--json", bin.to_str().unwrap(), missing.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(String::from_utf8(out.stdout).unwrap().lines().count(), 1);
    assert!(String::from_utf8_lossy(&out.stderr).contains("nope.md"));
}

#[test]
fn check_reports_errors_with_their_lines() {
    let dir = tempfile::tempdir().unwrap();
    let f = dir.path().join("bad.md");
    std::fs::write(&f, "1. (lots of points) a\n☒ x\n☐ y\n2. (1 point) b\n☒ T ☒ F: s\n").unwrap();
    std::fs::write(dir.path().join("bad.key.ron"), "(cards: {\"9\": (answer: \"1\")})").unwrap();
    let out = examdeck(&["check", f.to_str().unwrap()], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("bad.md:1: error: question 1: unreadable points \"(lots of points)\""), "{text}");
    assert!(text.contains("bad.md:5: error: both T and F are marked"), "{text}");
    assert!(text.contains("bad.key.ron:1: error: the key has card 9"), "{text}");
}

fn write(dir: &Path, name: &str, text: &str) -> String {
    let p = dir.join(name);
    std::fs::write(&p, text).unwrap();
    p.to_str().unwrap().to_string()
}

#[test]
fn score_a_paper_attempt_by_the_exam_rules() {
    let dir = tempfile::tempdir().unwrap();
    // Q16 all right (+2), Q17 three wrong one right (clipped to 0), Q1 right, Q30 with a line
    // used twice (0), Q32(a) all right, Q32(b) all wrong (clipped per part).
    let responses = "# my attempt\n1 4\n16.1 T\n16.2 F\n16.3 t\n16.4 f\n17.1 F\n17.2 T\n17.3 T\n17.4 T\n\
        30.a 4\n30.b 4\n30.c 1\n30.d 2\n32.a.1 T\n32.a.2 T\n32.a.3 F\n32.a.4 T\n32.b.1 T\n32.b.2 T\n32.b.3 T\n32.b.4 F\n2 -\n";
    let r = write(dir.path(), "attempt.txt", responses);
    let out = examdeck(&["score", &deck(), "--responses", &r, "--json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["max"], 50.0);
    assert_eq!(v["total"], 4.0);
    let q = |n: u64| v["questions"].as_array().unwrap().iter().find(|q| q["number"] == n).unwrap().clone();
    assert_eq!(q(1)["score"], 1.0);
    assert_eq!(q(16)["score"], 2.0);
    assert_eq!(q(17)["score"], 0.0);
    assert_eq!(q(30)["score"], 0.0);
    assert_eq!(q(32)["score"], 1.0);
    assert_eq!(q(32)["max"], 3.0);
    let sections: Vec<(String, f64)> = v["sections"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| (s["title"].as_str().unwrap().to_string(), s["score"].as_f64().unwrap()))
        .collect();
    assert_eq!(sections[0], ("Multiple Choice (Single Answer)".to_string(), 1.0));
    assert_eq!(sections.iter().map(|s| s.1).sum::<f64>(), 4.0);
    // The same attempt by deck name, from the collection (the built-in deck), in text.
    let out = examdeck(&["score", "cs182_midterm", "--responses", &r], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("4 / 50"), "{text}");
    assert!(text.contains("Q30: 0 / 2  (a line is used twice"), "{text}");
}

#[test]
fn score_rejects_bad_response_files() {
    let dir = tempfile::tempdir().unwrap();
    let r = write(dir.path(), "bad.txt", "1 4\n99 T\n16.1 maybe\n1 3\n");
    let out = examdeck(&["score", &deck(), "--responses", &r], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("bad.txt:2: error: unknown card id 99"), "{err}");
    assert!(err.contains("bad.txt:3: error"), "{err}");
    assert!(err.contains("bad.txt:4: error: card 1 is given twice"), "{err}");
    let out = examdeck(&["score", &deck(), "--responses", "/nonexistent/responses.txt"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    let out = examdeck(&["score", "no_such_deck", "--responses", &r], dir.path());
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_exam_with_errors_cannot_be_scored() {
    let dir = tempfile::tempdir().unwrap();
    let e = write(dir.path(), "e.md", "1. (1 point) both marked\n☒ T ☒ F: s\n");
    let r = write(dir.path(), "r.txt", "");
    let out = examdeck(&["score", &e, "--responses", &r], dir.path());
    assert_eq!(out.status.code(), Some(1));
}

/// Runs examdeck with a deadline, so that a regression that hangs fails the test instead of
/// hanging the suite; `None` when it had to be killed.
fn examdeck_within(args: &[&str], data: &Path, secs: u64) -> Option<Output> {
    let child = Command::new(env!("CARGO_BIN_EXE_examdeck"))
        .args(args)
        .env("EXAMDECK_DATA_DIR", data)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("runs");
    let id = child.id();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(child.wait_with_output());
    });
    match rx.recv_timeout(std::time::Duration::from_secs(secs)) {
        Ok(out) => Some(out.expect("waits")),
        Err(_) => {
            let _ = Command::new("kill").args(["-9", &id.to_string()]).status();
            None
        }
    }
}

#[cfg(unix)]
#[test]
fn fifos_and_devices_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.md");
    assert!(Command::new("mkfifo").arg(&fifo).status().unwrap().success());
    let exam = deck();
    for (args, what) in [
        (vec!["check", fifo.to_str().unwrap()], "a FIFO"),
        (vec!["check", "/dev/zero"], "a device"),
        (vec!["score", &exam, "--responses", "/dev/zero"], "a device"),
        (vec!["score", &exam, "--responses", fifo.to_str().unwrap()], "a FIFO"),
    ] {
        let out = examdeck_within(&args, dir.path(), 20).unwrap_or_else(|| panic!("{args:?} hung"));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains(what) && err.contains("not a regular file"), "{args:?}: {err}");
    }
}

#[test]
fn a_response_file_over_the_limit_is_not_read_whole() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.txt");
    let f = std::fs::File::create(&big).unwrap();
    // A sparse file of 65 MiB: reading it whole would take 65 MiB; it is refused at the limit.
    f.set_len(65 * 1024 * 1024).unwrap();
    let out = examdeck_within(&["score", &deck(), "--responses", big.to_str().unwrap()], dir.path(), 60).expect("ends");
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("larger than 64 MiB"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn global_options_work_before_or_after_the_subcommand() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("collection");
    let d = data.to_str().unwrap();
    for args in [vec!["--data-dir", d, "backups"], vec!["backups", "--data-dir", d]] {
        let out = examdeck(&args, dir.path());
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", String::from_utf8_lossy(&out.stderr));
        let text = String::from_utf8(out.stdout).unwrap();
        assert!(text.contains(&format!("no backups in {d}")), "{args:?}: {text}");
    }
}

#[test]
fn a_closed_pipe_ends_quietly() {
    let dir = tempfile::tempdir().unwrap();
    // Forty copies of the seed's report: far more than a pipe holds, so the writes after the
    // first line meet the closed pipe.
    let files: Vec<String> = std::iter::repeat_n(deck(), 40).collect();
    let mut child = Command::new(env!("CARGO_BIN_EXE_examdeck"))
        .arg("check")
        .args(&files)
        .env("EXAMDECK_DATA_DIR", dir.path())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    // Like `| head -1`: read one line, then close the pipe.
    let mut stdout = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    std::io::BufRead::read_line(&mut stdout, &mut first).unwrap();
    drop(stdout);
    let out = child.wait_with_output().unwrap();
    assert!(first.contains("32 questions"), "{first}");
    assert_eq!(out.status.code(), Some(0));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(!err.contains("panicked") && !err.contains("Broken pipe"), "{err}");
}

fn exam(name: &str) -> String {
    format!("{}/tests/exams/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn import_adds_decks_keeps_progress_and_refuses_files_with_errors() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let d = data.to_str().unwrap();
    let out = examdeck(&["import", "--data-dir", d, &exam("pdf_converter.md"), &exam("no_points.md")], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let text = String::from_utf8(out.stdout).unwrap();
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(text.contains("imported as pdf_converter (pdf converter): 8 questions, 11 cards; 11 new"), "{text}");
    // Again, with a name: a re-import that keeps every card.
    let out = examdeck(&["import", "--name", "STAT 134", "--data-dir", d, &exam("pdf_converter.md")], dir.path());
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("(STAT 134)") && text.contains("0 new, 11 kept"), "{text}");
    // A file with errors: its diagnostics as check prints them, nothing imported, exit 1.
    let out = examdeck(&["import", "--data-dir", d, &exam("broken_for_editor.md")], dir.path());
    assert_eq!(out.status.code(), Some(1));
    let text = String::from_utf8(out.stdout).unwrap();
    assert!(text.contains("broken_for_editor.md:45: error: question 5 has no options"), "{text}");
    let lib = examdeck::library::Library::open(&data, examdeck::store::Mode::ReadOnly, chrono::Utc::now()).unwrap();
    assert!(lib.deck("broken_for_editor").is_none());
    assert_eq!(lib.deck("pdf_converter").unwrap().name, "STAT 134");
    // An unreadable file next to a file with errors: 2 wins over 1.
    let out = examdeck(&["import", "--data-dir", d, &exam("broken_for_editor.md"), "/nonexistent.md"], dir.path());
    assert_eq!(out.status.code(), Some(2));
    // --name with two files is a usage error.
    let out = examdeck(
        &["import", "--name", "X", "--data-dir", d, &exam("pdf_converter.md"), &exam("no_points.md")],
        dir.path(),
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn import_says_why_the_collection_cannot_be_written() {
    let dir = tempfile::tempdir().unwrap();
    // A data folder that cannot be made: the OS's reason, exit 2.
    let file = dir.path().join("a-file");
    std::fs::write(&file, "x").unwrap();
    let bad = file.join("data");
    let out = examdeck(&["import", "--data-dir", bad.to_str().unwrap(), &exam("no_points.md")], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("Not a directory"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    // A collection an open window holds: exit 2, and it says so.
    let data = dir.path().join("held");
    let _window = examdeck::library::Library::open(&data, examdeck::store::Mode::Write, chrono::Utc::now()).unwrap();
    let out = examdeck(&["import", "--data-dir", data.to_str().unwrap(), &exam("no_points.md")], dir.path());
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("window holds the collection"));
}

#[test]
fn check_json_reports_formats_and_free_cards() {
    let dir = tempfile::tempdir().unwrap();
    let out = examdeck(&["check", "--json", &exam("instructor_plain.txt")], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["format"], "markdown");
    let card = |id: &str| v["cards"].as_array().unwrap().iter().find(|c| c["id"] == id).unwrap().clone();
    assert_eq!(
        (card("8")["kind"].as_str(), card("8")["answer"].as_str(), card("8")["points"].as_f64()),
        (Some("free"), Some("written"), Some(4.0))
    );
    assert_eq!((card("9")["kind"].as_str(), card("9")["answer"].is_null()), (Some("free"), true));
    assert_eq!(card("5.1")["kind"], "true_false");
}

#[test]
fn written_answers_are_scored_as_marked() {
    let dir = tempfile::tempdir().unwrap();
    let r = write(dir.path(), "r.txt", "1 2\n8 half\n5.1 F\n");
    let out = examdeck(&["score", &exam("instructor_plain.txt"), "--responses", &r, "--json"], dir.path());
    assert_eq!(out.status.code(), Some(0), "{}", String::from_utf8_lossy(&out.stderr));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    // Q1 right (2) + Q5 right (1) + Q8 half of 4 (2); Q9 has no solution: out of the maximum.
    assert_eq!(v["total"], 5.0);
    assert_eq!(v["max"], 17.0);
    let r = write(dir.path(), "bad.txt", "8 maybe\n");
    let out = examdeck(&["score", &exam("instructor_plain.txt"), "--responses", &r], dir.path());
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("right, half or wrong"));
}
