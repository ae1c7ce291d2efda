//! Crash safety: a child process answers cards in a loop (folding the journal into a snapshot
//! now and then) and is killed with SIGKILL at random moments, 200 times. After each kill the
//! collection must load, and every answer the child reported as recorded must be there.
//!
//! This file is its own child: with `EXAMDECK_CRASH_CHILD` set it runs the answering loop.

use chrono::{NaiveDate, TimeZone, Utc};
use examdeck::model::{CardState, Record, Review, Source};
use examdeck::sm2::Grade;
use examdeck::store::{Mode, Store};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const CHILD: &str = "EXAMDECK_CRASH_CHILD";
const KILLS: usize = 200;

fn review(n: u64) -> Record {
    let after = CardState {
        due: NaiveDate::from_ymd_opt(2027, 1, 1).and_then(|d| d.checked_add_days(chrono::Days::new(n % 50))),
        reviews: (n % 1000) as u32 + 1,
        ..CardState::default()
    };
    Record::Review(Review {
        deck: "crash".into(),
        card: format!("c{n}"),
        at: Utc.timestamp_opt(1_800_000_000 + n as i64, 0).unwrap(),
        day: NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
        grade: Grade::Good,
        response_ms: n,
        before: CardState::default(),
        after,
        redrill: false,
        source: Source::Study,
    })
}

/// The child: answer forever, report each answer once it is durable.
fn child(dir: &Path) -> ! {
    let mut store = Store::open(dir, Mode::Write).expect("the collection opens after a kill");
    let mut n = store.collection().decks.get("crash").map_or(0, |d| d.cards.len() as u64);
    let mut out = std::io::stdout().lock();
    loop {
        store.commit(review(n)).expect("commit");
        // Only now is the answer on disk: report it.
        writeln!(out, "recorded {n}").expect("stdout");
        out.flush().expect("stdout");
        n += 1;
        if n.is_multiple_of(37) {
            store.fold().expect("fold");
        }
    }
}

fn main() {
    if let Some(dir) = std::env::var_os(CHILD) {
        child(Path::new(&dir));
    }
    let started = Instant::now();
    let dir = tempfile::tempdir().expect("temp dir");
    let exe = std::env::current_exe().expect("own path");
    let mut rng = fastrand::Rng::with_seed(0x5eed);
    let mut reported: Vec<u64> = Vec::new();
    let mut torn_warnings = 0;
    for kill in 0..KILLS {
        let mut child = Command::new(&exe)
            .env(CHILD, dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn child");
        let lines = Arc::new(Mutex::new(Vec::new()));
        let reader = {
            let lines = lines.clone();
            let stdout = child.stdout.take().expect("piped");
            std::thread::spawn(move || {
                for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                    if let Some(n) = line.strip_prefix("recorded ").and_then(|s| s.parse::<u64>().ok()) {
                        lines.lock().unwrap().push(n);
                    }
                }
            })
        };
        std::thread::sleep(Duration::from_micros(rng.u64(2_000..40_000)));
        child.kill().expect("SIGKILL");
        child.wait().expect("reap");
        reader.join().expect("reader");
        reported.extend(lines.lock().unwrap().iter().copied());
        // The collection loads, and nothing reported as recorded is missing.
        let store = Store::open(dir.path(), Mode::ReadOnly)
            .unwrap_or_else(|e| panic!("after kill {kill}: the collection does not load: {e}"));
        torn_warnings += store.warnings.len();
        let deck = store.collection().decks.get("crash");
        for n in &reported {
            let st = deck.and_then(|d| d.cards.get(&format!("c{n}")));
            assert!(st.is_some(), "after kill {kill}: answer c{n} was reported recorded but is missing");
            assert_eq!(st.unwrap().reviews, (n % 1000) as u32 + 1, "answer c{n} has the wrong state");
        }
    }
    assert!(reported.len() > KILLS, "the child recorded too few answers ({}) to test anything", reported.len());
    println!(
        "crash: {KILLS} kills, {} answers reported and all present, {torn_warnings} torn lines dropped, {:.1} s",
        reported.len(),
        started.elapsed().as_secs_f64()
    );
    println!("1 passed, 0 failed");
}
