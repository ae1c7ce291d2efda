//! Store and library costs at the built-in deck alone (91 cards) and at the large collection (40
//! exams × 2,500 cards, 1M reviews of history): `cargo bench --bench store`.
//!
//! - `open/<size>`: `Library::open` read-only — the snapshot read, the journal replayed, every
//!   deck parsed and its browse rows built: what the window's loading thread does. Prints the
//!   peak resident memory of one open.
//! - `history/<size>`: reading the whole review history into the per-card index (done off the
//!   window's thread). Prints its peak memory.
//! - `answer/<size>`: one durable answer (a `Record::Review` appended to the journal and
//!   fsynced) through `Library::study_answer`.
//! - `queue/<size>`: today's queue of a deck, as computed after every change (counts are cached
//!   per revision; this is what a miss costs).
//! - `search/<size>`: a Browse search over every card (cache missed).
//!
//! When criterion only tests the benchmarks (`cargo test --benches`), the large collection
//! shrinks (`fixture::QUICK`).

#![allow(missing_docs, reason = "criterion_group! defines a public function without docs")]

#[path = "fixture/mod.rs"]
mod fixture;

use criterion::{BatchSize, Criterion, SamplingMode, criterion_group, criterion_main};
use examdeck::deck::Answer;
use examdeck::library::Library;
use examdeck::library::browse::Sort;
use examdeck::store::{Mode, OsFs};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

fn peak_since_reset(f: impl FnOnce()) -> (Duration, Option<u64>) {
    // Writing 5 to clear_refs resets VmHWM (Linux ≥ 4.0), so the peak is that of `f`.
    let _ = std::fs::write("/proc/self/clear_refs", "5");
    let started = Instant::now();
    f();
    (started.elapsed(), fixture::status_kib("VmHWM"))
}

fn bench_size(c: &mut Criterion, label: &str, dir: &Path, deck: &str) {
    let (took, peak) =
        peak_since_reset(|| drop(black_box(Library::open(dir, Mode::ReadOnly, fixture::now()).unwrap())));
    eprintln!("open/{label}: {took:.2?} once; peak RSS {} MiB", peak.unwrap_or(0) / 1024);
    let (took, peak) = peak_since_reset(|| {
        let h = examdeck::library::HistoryIndex::load(&OsFs, dir).unwrap();
        eprintln!("history/{label}: {} reviews", h.len());
    });
    eprintln!("history/{label}: {took:.2?} once; peak RSS {} MiB", peak.unwrap_or(0) / 1024);

    let mut group = c.benchmark_group("store");
    group.sample_size(10).sampling_mode(SamplingMode::Flat).measurement_time(Duration::from_secs(8));
    group.bench_function(format!("open/{label}"), |b| {
        b.iter_with_large_drop(|| Library::open(black_box(dir), Mode::ReadOnly, fixture::now()).unwrap())
    });
    group.bench_function(format!("history/{label}"), |b| {
        b.iter_with_large_drop(|| examdeck::library::HistoryIndex::load(&OsFs, black_box(dir)).unwrap())
    });
    group.sample_size(30).sampling_mode(SamplingMode::Auto).measurement_time(Duration::from_secs(4));
    let mut lib = Library::open(dir, Mode::Write, fixture::now()).unwrap();
    let today = lib.today(fixture::now());
    let mut n = 0i64;
    let session = lib.study_anyway(deck, fixture::now()).expect("cards to study");
    group.bench_function(format!("answer/{label}"), |b| {
        b.iter_batched(
            || {
                n += 1;
                (session.clone(), fixture::now() + chrono::TimeDelta::milliseconds(n))
            },
            |(mut s, at)| {
                lib.study_show(&mut s, at);
                lib.study_answer(&mut s, Answer::Choice(9), at).expect("recorded")
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function(format!("queue/{label}"), |b| b.iter(|| black_box(lib.today_queue(deck, today))));
    let mut flip = false;
    group.bench_function(format!("search/{label}"), |b| {
        b.iter(|| {
            flip = !flip;
            black_box(lib.search(if flip { "gradient" } else { "gradient descent" }, Sort::Exam, today).len())
        })
    });
    group.finish();
}

fn store(c: &mut Criterion) {
    let small = tempfile::tempdir().expect("temp dir");
    fixture::build(small.path(), fixture::SMALL);
    bench_size(c, "91", small.path(), examdeck::builtin::NAME);
    let large = tempfile::tempdir().expect("temp dir");
    let spec = if fixture::measuring() { fixture::LARGE } else { fixture::QUICK };
    let took = fixture::build(large.path(), spec);
    eprintln!("store: built {spec:?} in {took:.1?}");
    bench_size(c, "100k", large.path(), "bench_exam_00");
}

criterion_group!(benches, store);
criterion_main!(benches);
