//! Store costs (`cargo bench --bench store`).
//!
//! - `store/load`: `Store::open(dir, Mode::ReadOnly)` on a collection of 100k card states with 1M
//!   reviews of history (start-up: the snapshot is read; history segments are not replayed).
//!   Prints the peak RSS of one load first.
//! - `store/queue`: `queue::build` over the 100k card states of that collection (a third due,
//!   a third due later, a third new), limits 20 new / 200 reviews. `store/queue_by_id` builds
//!   the same queue the way the app does, looking each card's state up by its id.
//! - `store/answer/100`, `store/answer/100k_1M`: one durable answer, a `Record::Review` appended
//!   to the journal and fsynced, on a collection of 100 cards and no history, and on the large one.
//!
//! The large collection is written straight to disk in the store's format (docs/storage.md)
//! rather than through `Store::commit`, which fsyncs every record: the snapshot holds the card
//! states, and the reviews sit in journal segments numbered below the snapshot's `replay_from`,
//! so they are history that opening does not replay. Everything lives in temporary directories
//! (under `TMPDIR`, so the answer times are those of that file system's fsync).
//!
//! When criterion only tests the benchmarks (`cargo test --benches`, `-- --test`, `--list`), the
//! large collection shrinks to 1k cards and 10k reviews.

use chrono::{DateTime, Days, NaiveDate, TimeDelta, Utc};
use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, criterion_group, criterion_main};
use examdeck::deck::CardId;
use examdeck::queue::{self, DoneToday, Limits, QueueCard};
use examdeck::session::study::schedule;
use examdeck::sm2::{Grade, Sm2State};
use examdeck::store::collection::{CardState, Collection, DayStats, DeckMeta, Record, Review, SCHEMA_VERSION, Source};
use examdeck::store::{JOURNAL_DIR, Mode, SNAPSHOT, Store};
use serde::Serialize;
use std::collections::BTreeMap;
use std::fs::{self, File};
use std::hint::black_box;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// The deck's id.
const DECK: &str = "bench";
/// Journal lines per history segment.
const LINES_PER_SEGMENT: usize = 100_000;
/// Seconds between two reviews of the history (1M reviews span about 350 days).
const SECONDS_BETWEEN_REVIEWS: i64 = 30;

/// The store's snapshot file, `collection.ron` (the store's own struct is private; the field names
/// are what matters to RON).
#[derive(Serialize)]
struct Snapshot<'a> {
    version: u32,
    replay_from: u64,
    collection: &'a Collection,
}

/// The study day the benchmarks run on.
fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 5, 10).expect("a valid date")
}

/// The benchmarks' "now": 09:00 UTC on `today()`.
fn now() -> DateTime<Utc> {
    today().and_hms_opt(9, 0, 0).expect("a valid time").and_utc()
}

/// The id of card `i` in exam order: questions of four true/false statements, `1.1` … `1.4`,
/// `2.1` …, as the importer names them.
fn card_id(i: usize) -> CardId {
    CardId::new((i / 4 + 1) as u32, None, Some(i % 4 + 1))
}

fn text_hash(i: usize) -> u64 {
    (i as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15)
}

/// The state of card `i`: due on or before today (`i % 3 == 0`), due later (`1`), or new (`2`).
fn card_state(i: usize, today: NaiveDate) -> CardState {
    let due = match i % 3 {
        0 => Some(today.checked_sub_days(Days::new((i % 30) as u64)).expect("a valid date")),
        1 => Some(queue::add_days(today, (1 + i % 60) as u32)),
        _ => None,
    };
    let answer = Some(if i.is_multiple_of(2) { "T" } else { "F" }.to_string());
    match due {
        None => CardState { text_hash: text_hash(i), answer, ..CardState::default() },
        Some(_) => CardState {
            sm2: Sm2State { repetitions: 3, easiness: 2.5, interval_days: 15 },
            due,
            lapses: (i % 2) as u32,
            reviews: 3 + (i % 5) as u32,
            last_review: Some(now() - TimeDelta::days(15)),
            text_hash: text_hash(i),
            answer,
            ..CardState::default()
        },
    }
}

/// Review `j` of the history, of one of `cards` cards, at `start` + 30 s × `j`.
fn history_review(j: usize, cards: usize, start: DateTime<Utc>) -> Review {
    let card = j % cards;
    let at = start + TimeDelta::seconds(SECONDS_BETWEEN_REVIEWS * j as i64);
    let day = at.date_naive();
    let grade = match j % 5 {
        0 => Grade::Wrong,
        1 => Grade::Hard,
        2 | 3 => Grade::Good,
        _ => Grade::Easy,
    };
    let before = CardState {
        sm2: Sm2State { repetitions: 2, easiness: 2.5, interval_days: 6 },
        due: Some(day),
        reviews: 2,
        last_review: Some(at - TimeDelta::days(6)),
        text_hash: text_hash(card),
        answer: Some("T".to_string()),
        ..CardState::default()
    };
    let after = schedule(&before, grade, day, at);
    Review {
        deck: DECK.to_string(),
        card: card_id(card).0,
        at,
        day,
        grade,
        response_ms: 2_000 + (j % 7_000) as u64,
        before,
        after,
        redrill: j.is_multiple_of(10),
        source: Source::Study,
    }
}

/// Writes, in the store's format, a collection of one deck with `cards` card states and `reviews`
/// reviews of history: segments `00000001.ron` … of `LINES_PER_SEGMENT` reviews each (the
/// `(version:1)` header, then one `Record` per line), and a snapshot whose `replay_from` is the
/// next segment number, so that opening replays none of them. Every file is fsynced, so no
/// write-back is left to disturb the benchmarks that follow.
fn write_dataset(dir: &Path, cards: usize, reviews: usize) {
    assert!(cards > 0, "a deck needs cards");
    let today = today();
    let journal = dir.join(JOURNAL_DIR);
    fs::create_dir_all(&journal).unwrap_or_else(|e| panic!("{}: {e}", journal.display()));
    let start = now() - TimeDelta::seconds(SECONDS_BETWEEN_REVIEWS * reviews as i64);
    let segments = reviews.div_ceil(LINES_PER_SEGMENT);
    let mut days: BTreeMap<NaiveDate, DayStats> = BTreeMap::new();
    let mut line = String::new();
    for segment in 0..segments {
        let path = journal.join(format!("{:08}.ron", segment + 1));
        let file = File::create(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let mut w = BufWriter::with_capacity(1 << 20, file);
        w.write_all(b"(version:1)\n").expect("write the segment header");
        for j in segment * LINES_PER_SEGMENT..((segment + 1) * LINES_PER_SEGMENT).min(reviews) {
            let review = history_review(j, cards, start);
            let stats = days.entry(review.day).or_default();
            stats.answers += 1;
            if review.grade.quality() >= 3 {
                stats.right += 1;
            }
            if !review.redrill {
                stats.reviews += 1;
            }
            line.clear();
            ron::ser::to_writer(&mut line, &Record::Review(review)).expect("a record serialises");
            line.push('\n');
            w.write_all(line.as_bytes()).expect("write a journal line");
        }
        w.into_inner().expect("flush a journal segment").sync_all().expect("fsync a journal segment");
    }

    let deck = DeckMeta {
        id: DECK.to_string(),
        name: "Benchmark deck".to_string(),
        builtin: false,
        source_hash: 42,
        builtin_hash: 0,
        imported_at: Some(start),
        cards: (0..cards).map(|i| (card_id(i).0, card_state(i, today))).collect(),
    };
    let collection = Collection { decks: BTreeMap::from([(DECK.to_string(), deck)]), days, ..Collection::default() };
    let snapshot = Snapshot { version: SCHEMA_VERSION, replay_from: segments as u64 + 1, collection: &collection };
    let path = dir.join(SNAPSHOT);
    let file = File::create(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut w = BufWriter::with_capacity(1 << 20, file);
    // The store's own snapshot layout (`Store::fold`).
    let pretty = ron::ser::PrettyConfig::new().depth_limit(3).indentor(" ".to_string());
    ron::Options::default().to_io_writer_pretty(&mut w, &snapshot, pretty).expect("the snapshot serialises");
    w.into_inner().expect("flush the snapshot").sync_all().expect("fsync the snapshot");
}

/// A writable store over a collection of one deck with `cards` card states and `reviews` reviews
/// of history, written directly in the store's format (`write_dataset`), not answer by answer.
fn populated(dir: &Path, cards: usize, reviews: usize) -> Store {
    write_dataset(dir, cards, reviews);
    open(dir, Mode::Write)
}

fn open(dir: &Path, mode: Mode) -> Store {
    Store::open(dir, mode).unwrap_or_else(|e| panic!("opening {}: {e}", dir.display()))
}

/// A `kB` field of /proc/self/status (`VmRSS`, `VmHWM`), in KiB; `None` where there is none.
fn status_kib(field: &str) -> Option<u64> {
    let status = fs::read_to_string("/proc/self/status").ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':')?.trim().strip_suffix("kB")?.trim().parse().ok())
}

/// The process's peak resident set size (`VmHWM`), in KiB; `None` off Linux.
fn peak_rss_kib() -> Option<u64> {
    status_kib("VmHWM")
}

fn show_kib(kib: Option<u64>) -> String {
    kib.map_or_else(|| "unknown".to_string(), |k| format!("{k} KiB ({} MiB)", k / 1024))
}

/// Total size of the files under `dir`.
fn dir_bytes(dir: &Path) -> u64 {
    let Ok(entries) = fs::read_dir(dir) else { return 0 };
    entries
        .flatten()
        .map(|e| match e.metadata() {
            Ok(m) if m.is_dir() => dir_bytes(&e.path()),
            Ok(m) => m.len(),
            Err(_) => 0,
        })
        .sum()
}

/// Whether criterion measures (`cargo bench`) rather than running each benchmark once.
fn measuring() -> bool {
    let args: Vec<String> = std::env::args().collect();
    args.iter().any(|a| a == "--bench") && !args.iter().any(|a| a == "--test" || a == "--list")
}

fn temp_dir() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("examdeck-bench-").tempdir().expect("a temporary directory")
}

/// The deck's card states as the queue sees them, in the order of the deck's map.
fn queue_cards(deck: &DeckMeta) -> impl Iterator<Item = QueueCard<'_>> {
    deck.cards.iter().enumerate().map(|(index, (id, state))| QueueCard {
        index,
        question: id.split('.').next().and_then(|q| q.parse().ok()).unwrap_or(0),
        state: Some(state),
    })
}

fn bench_load(group: &mut BenchmarkGroup<'_, WallTime>, dir: &Path) {
    // Writing 5 to clear_refs resets VmHWM (Linux ≥ 4.0), so the peak below is that of the load.
    let reset = fs::write("/proc/self/clear_refs", "5").is_ok();
    let before = status_kib("VmRSS");
    let started = Instant::now();
    let store = open(dir, Mode::ReadOnly);
    let took = started.elapsed();
    let peak = peak_rss_kib();
    let cards = store.collection().decks.get(DECK).map_or(0, |d| d.cards.len());
    drop(store);
    eprintln!(
        "store/load: {cards} cards opened once in {took:.2?}; peak RSS {} (RSS before opening: {}){}",
        show_kib(peak),
        show_kib(before),
        if reset { "" } else { " [VmHWM could not be reset: the peak is the process's so far]" }
    );

    group.bench_function("load", |b| b.iter_with_large_drop(|| open(black_box(dir), Mode::ReadOnly)));
}

fn bench_queue(group: &mut BenchmarkGroup<'_, WallTime>, dir: &Path) {
    let store = open(dir, Mode::ReadOnly);
    let collection = store.collection();
    let deck = &collection.decks[DECK];
    let today = today();
    let limits = Limits { new_per_day: 20, reviews_per_day: 200 };
    let counts = queue::counts(queue_cards(deck), today);
    let built = queue::build(queue_cards(deck), today, limits, DoneToday::default());
    eprintln!(
        "store/queue: {} cards, {} due, {} new; the queue holds {}",
        counts.total,
        counts.due,
        counts.new,
        built.len()
    );

    group.bench_function("queue", |b| {
        b.iter(|| queue::build(queue_cards(black_box(deck)), today, limits, DoneToday::default()))
    });

    // As the app does (`ui::study::today_queue`): the exam's cards in exam order, each card's
    // question from its id and its state looked up by id.
    let ids: Vec<CardId> = (0..deck.cards.len()).map(card_id).collect();
    group.bench_function("queue_by_id", |b| {
        b.iter(|| {
            let cards = black_box(&ids).iter().enumerate().map(|(index, id)| QueueCard {
                index,
                question: id.question().unwrap_or(0),
                state: collection.card(DECK, id.as_str()),
            });
            queue::build(cards, today, limits, DoneToday::default())
        })
    });
}

/// Answer `n`: a Good grade on one of the cards `ids`, `n` ms after `now()`.
fn answer(ids: &[CardId], n: u64) -> Record {
    let card = &ids[(n % ids.len() as u64) as usize];
    let at = now() + TimeDelta::milliseconds(n as i64);
    let day = today();
    let before = CardState {
        sm2: Sm2State { repetitions: 2, easiness: 2.5, interval_days: 6 },
        due: Some(day),
        reviews: 2,
        text_hash: 7,
        answer: Some("T".to_string()),
        ..CardState::default()
    };
    let after = schedule(&before, Grade::Good, day, at);
    Record::Review(Review {
        deck: DECK.to_string(),
        card: card.0.clone(),
        at,
        day,
        grade: Grade::Good,
        response_ms: 3_000,
        before,
        after,
        redrill: false,
        source: Source::Study,
    })
}

/// `store/answer/<label>`: each iteration commits a fresh review (its own `at`) to `store`.
fn bench_answer(group: &mut BenchmarkGroup<'_, WallTime>, label: &str, store: &mut Store, cards: usize) {
    let ids: Vec<CardId> = (0..cards).map(card_id).collect();
    let mut n: u64 = 0;
    group.bench_function(BenchmarkId::new("answer", label), |b| {
        b.iter_batched(
            || {
                n += 1;
                answer(&ids, n)
            },
            |record| store.commit(record).expect("commit an answer"),
            BatchSize::SmallInput,
        )
    });
}

fn store(c: &mut Criterion) {
    let (cards, reviews) = if measuring() { (100_000, 1_000_000) } else { (1_000, 10_000) };
    let big_dir = temp_dir();
    let small_dir = temp_dir();

    let started = Instant::now();
    write_dataset(big_dir.path(), cards, reviews);
    eprintln!(
        "store: wrote {cards} cards and {reviews} reviews in {:.1?} to {}: snapshot {} MiB, journal {} MiB",
        started.elapsed(),
        big_dir.path().display(),
        fs::metadata(big_dir.path().join(SNAPSHOT)).map_or(0, |m| m.len()) >> 20,
        dir_bytes(&big_dir.path().join(JOURNAL_DIR)) >> 20
    );

    let mut group = c.benchmark_group("store");

    // Load first, before anything else has grown the heap, so that its peak RSS means something.
    group
        .sample_size(10)
        .sampling_mode(SamplingMode::Flat)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(5));
    bench_load(&mut group, big_dir.path());

    group
        .sample_size(50)
        .sampling_mode(SamplingMode::Auto)
        .warm_up_time(Duration::from_secs(1))
        .measurement_time(Duration::from_secs(3));
    bench_queue(&mut group, big_dir.path());

    group.sample_size(30).measurement_time(Duration::from_secs(5));
    let mut small = populated(small_dir.path(), 100, 0);
    bench_answer(&mut group, "100", &mut small, 100);
    // The large collection's files are already written: open them for writing as `populated` does.
    let mut big = open(big_dir.path(), Mode::Write);
    bench_answer(&mut group, "100k_1M", &mut big, cards);
    group.finish();

    // Closing folds the answers into a new snapshot (about a second for 100k cards), untimed.
    drop(big);
    drop(small);
}

criterion_group!(benches, store);
criterion_main!(benches);
