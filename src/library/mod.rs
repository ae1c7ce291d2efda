//! The library: the one boundary between the window (or the command line) and the core, as
//! Anki's `Collection` is. It owns the store, the parsed decks (the built-in one included) and
//! the caches screens read — counts per deck, browse rows, the review history indexed per card —
//! and offers typed operations that record changes durably. An operation either succeeds and
//! returns what changed, or fails and leaves both the collection and the caller's session as
//! they were.
//!
//! Caches are keyed by a revision that every committed change bumps, so no frame has to walk
//! the collection.

pub mod browse;
pub mod decks;
pub mod error;
pub mod exam_day;
pub mod history;
pub mod manage;
pub mod ops;
pub mod reimport;

pub use decks::{Deck, slug};
pub use error::LibraryError;
pub use history::{HistoryIndex, Past};

use crate::model::{CardState, Collection, Record, Settings};
use crate::queue::{self, DoneToday, Limits, QueueCard};
use crate::store::backups::{self, Backup};
use crate::store::{Mode, OsFs, SharedFs, Store};
use browse::{DeckRows, Query, Sort};
use chrono::{DateTime, NaiveDate, Utc};
use history::HistoryState;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::sync::Arc;

/// Result type of the library.
pub type Result<T> = std::result::Result<T, LibraryError>;

/// Today's figures of one deck.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct DeckCounts {
    /// Due today (before limits), relearning included.
    pub due: usize,
    /// Never studied.
    pub new: usize,
    /// Cards that can be studied (answered, not suspended or retired).
    pub total: usize,
    /// Cards in today's queue, within the limits.
    pub queue: usize,
    /// Cards without an answer in the key (left out of study and scores).
    pub unanswered: usize,
}

struct SearchCache {
    key: (String, Sort, u64, NaiveDate),
    result: Arc<Vec<(u32, u32)>>,
}

/// The collection, opened, with its decks parsed.
pub struct Library {
    store: Store,
    decks: BTreeMap<String, Arc<Deck>>,
    rows: BTreeMap<String, Arc<DeckRows>>,
    revision: u64,
    counts: RefCell<HashMap<String, (u64, NaiveDate, DeckCounts)>>,
    search: RefCell<Option<SearchCache>>,
    backups: Vec<Backup>,
    history: HistoryState,
    forecasts: RefCell<HashMap<(String, NaiveDate), exam_day::CachedForecast>>,
    trends: RefCell<HashMap<(String, NaiveDate, u32), exam_day::Trend>>,
    /// What the student should be told about opening (a torn journal line, a healed deck).
    pub notices: Vec<String>,
}

impl Library {
    /// Opens the collection in `dir` on the real disk.
    pub fn open(dir: &Path, mode: Mode, now: DateTime<Utc>) -> Result<Library> {
        Library::open_on(OsFs::shared(), dir, mode, now)
    }

    /// Opens the collection in `dir` on `fs`.
    pub fn open_on(fs: SharedFs, dir: &Path, mode: Mode, now: DateTime<Utc>) -> Result<Library> {
        Ok(Library::from_store(Store::open_on(fs, dir, mode)?, now))
    }

    /// Wraps an open store: sets up or heals the built-in deck and parses every deck.
    pub fn from_store(mut store: Store, now: DateTime<Utc>) -> Library {
        let mut notices = std::mem::take(&mut store.warnings);
        match decks::ensure_builtin(&mut store, now) {
            Ok(Some((_, Some(n)))) => notices.push(n),
            Ok(_) => {}
            Err(e) => notices.push(format!("The built-in deck could not be set up: {e}")),
        }
        let backups = backups::list(&**store.fs(), store.dir());
        let mut lib = Library {
            store,
            decks: BTreeMap::new(),
            rows: BTreeMap::new(),
            revision: 0,
            counts: RefCell::default(),
            search: RefCell::default(),
            backups,
            history: HistoryState::NotLoaded,
            forecasts: RefCell::default(),
            trends: RefCell::default(),
            notices,
        };
        let ids: Vec<String> = lib.store.collection().decks.keys().cloned().collect();
        for id in ids {
            lib.load_deck(&id, now);
        }
        lib.add_builtin_if_missing();
        lib
    }

    /// A collection that could not store the built-in deck (read-only) still offers it, from the
    /// binary, with every card new.
    fn add_builtin_if_missing(&mut self) {
        if self.decks.contains_key(crate::builtin::NAME) {
            return;
        }
        let meta = crate::model::DeckMeta {
            id: crate::builtin::NAME.into(),
            name: "CS 182/282A Midterm".into(),
            builtin: true,
            ..Default::default()
        };
        let deck = Arc::new(decks::make(&self.store, &meta, crate::builtin::parse()));
        self.rows.insert(meta.id.clone(), Arc::new(DeckRows::build(&deck)));
        self.decks.insert(meta.id, deck);
    }

    /// The collection's state.
    pub fn collection(&self) -> &Collection {
        self.store.collection()
    }

    /// The settings.
    pub fn settings(&self) -> &Settings {
        &self.store.collection().settings
    }

    /// The data directory.
    pub fn dir(&self) -> &Path {
        self.store.dir()
    }

    /// Whether changes can be recorded (false for a second window or a disk that refuses writes).
    pub fn writable(&self) -> bool {
        self.store.writable()
    }

    /// Bumped by every recorded change: caches and screens compare it.
    pub fn revision(&self) -> u64 {
        self.revision
    }

    /// The study day of `now`.
    pub fn today(&self, now: DateTime<Utc>) -> NaiveDate {
        queue::local_study_day(now, self.settings().day_start_hour)
    }

    /// A deck by id.
    pub fn deck(&self, id: &str) -> Option<&Arc<Deck>> {
        self.decks.get(id)
    }

    /// A deck by id, or `NoDeck`.
    pub(crate) fn need_deck(&self, id: &str) -> Result<Arc<Deck>> {
        self.decks.get(id).cloned().ok_or_else(|| LibraryError::NoDeck(id.to_string()))
    }

    /// Every deck, by id.
    pub fn decks(&self) -> impl Iterator<Item = &Arc<Deck>> {
        self.decks.values()
    }

    /// The deck to show first: the built-in one when present, else the first.
    pub fn default_deck(&self) -> Option<String> {
        if self.decks.contains_key(crate::builtin::NAME) {
            return Some(crate::builtin::NAME.to_string());
        }
        self.decks.keys().next().cloned()
    }

    /// Finds a deck by id or by the name shown (case-insensitive).
    pub fn find(&self, name: &str) -> Option<String> {
        if self.decks.contains_key(name) {
            return Some(name.to_string());
        }
        self.decks.values().find(|d| d.name.eq_ignore_ascii_case(name)).map(|d| d.id.clone())
    }

    /// The stored state of card `index` of deck `deck`.
    pub fn state(&self, deck: &str, index: usize) -> Option<&CardState> {
        let d = self.decks.get(deck)?;
        self.store.collection().card(deck, &d.exam.cards.get(index)?.id.0)
    }

    /// The daily limits that apply to a deck: its own, else the global ones.
    pub fn limits(&self, deck: &str) -> Limits {
        let s = self.settings();
        let own = self.collection().decks.get(deck).map(|d| &d.settings);
        Limits {
            new_per_day: own.and_then(|o| o.new_per_day).unwrap_or(s.new_per_day),
            reviews_per_day: own.and_then(|o| o.reviews_per_day).unwrap_or(s.reviews_per_day),
        }
    }

    fn queue_cards<'a>(&'a self, deck: &'a Deck) -> impl Iterator<Item = QueueCard<'a>> + 'a {
        let meta = self.store.collection().decks.get(&deck.id);
        // Cards without an answer cannot be studied: the queue and the counts leave them out.
        deck.exam.cards.iter().enumerate().filter(|(_, c)| c.answer.is_some()).map(move |(i, c)| QueueCard {
            index: i,
            question: c.id.question().unwrap_or(0),
            state: meta.and_then(|m| m.cards.get(&c.id.0)),
        })
    }

    /// Today's queue for a deck, within its limits and what was done already today.
    pub fn today_queue(&self, deck: &str, today: NaiveDate) -> Vec<usize> {
        self.planned_queue(deck, today).0
    }

    /// Today's queue for a deck and how many of its cards the final week before the exam adds
    /// beyond the daily limits.
    pub fn planned_queue(&self, deck: &str, today: NaiveDate) -> (Vec<usize>, usize) {
        let Some(d) = self.decks.get(deck) else { return (Vec::new(), 0) };
        let day = self.collection().day(today);
        let done = DoneToday { new: day.new, reviews: day.reviews };
        let week = self.final_week_recall(deck, today);
        let recall = |i: usize| week.as_ref().and_then(|(_, r)| r.get(i).copied()).unwrap_or(0.0);
        let plan = week.as_ref().map(|(exam, _)| queue::FinalWeek { exam: *exam, recall: &recall });
        queue::build_planned(self.queue_cards(d), today, self.limits(deck), done, plan.as_ref())
    }

    /// Today's figures for a deck, computed once per revision and day.
    pub fn counts(&self, deck: &str, today: NaiveDate) -> DeckCounts {
        if let Some((rev, day, c)) = self.counts.borrow().get(deck)
            && *rev == self.revision
            && *day == today
        {
            return *c;
        }
        let Some(d) = self.decks.get(deck) else { return DeckCounts::default() };
        let c = queue::counts(self.queue_cards(d), today);
        let counts = DeckCounts {
            due: c.due,
            new: c.new,
            total: c.total,
            queue: self.today_queue(deck, today).len(),
            unanswered: d.exam.cards.iter().filter(|c| c.answer.is_none()).count(),
        };
        self.counts.borrow_mut().insert(deck.to_string(), (self.revision, today, counts));
        counts
    }

    /// The backups, newest first (read when the library opens and after each backup or restore).
    pub fn backups(&self) -> &[Backup] {
        &self.backups
    }

    /// The rows of a deck for Browse.
    pub fn rows(&self, deck: &str) -> Option<&Arc<DeckRows>> {
        self.rows.get(deck)
    }

    /// A Browse search over every deck: (deck id, row) pairs, cached until the query, the sort,
    /// the day or the collection changes.
    pub fn search(&self, text: &str, sort: Sort, today: NaiveDate) -> Arc<Vec<(u32, u32)>> {
        let key = (text.to_string(), sort, self.revision, today);
        if let Some(c) = self.search.borrow().as_ref()
            && c.key == key
        {
            return c.result.clone();
        }
        let query = Query::parse(text);
        let decks: Vec<(&Deck, &DeckRows)> =
            self.decks.iter().filter_map(|(id, d)| Some((&**d, &**self.rows.get(id)?))).collect();
        let result = Arc::new(browse::search(&decks, self.collection(), &query, sort, today));
        *self.search.borrow_mut() = Some(SearchCache { key, result: result.clone() });
        result
    }

    /// The row a search result points at.
    pub fn search_row(&self, hit: (u32, u32)) -> Option<&browse::Row> {
        let rows = self.rows.values().nth(hit.0 as usize)?;
        rows.rows.get(hit.1 as usize)
    }

    /// Parses a deck's files again and rebuilds its caches (after an import, a key edit, a
    /// restore). A deck whose files are damaged is kept, broken, with its diagnostics.
    fn load_deck(&mut self, id: &str, now: DateTime<Utc>) {
        let Some(meta) = self.store.collection().decks.get(id).cloned() else {
            self.decks.remove(id);
            self.rows.remove(id);
            return;
        };
        let parsed = match decks::read_texts(&self.store, id) {
            Ok(texts) => {
                let parsed = decks::parse_texts(&texts, meta.format);
                self.heal_mismatch(&meta, &texts, &parsed, now);
                parsed
            }
            Err(e) => crate::import::Parsed {
                diagnostics: vec![crate::import::Diagnostic::error(0, format!("the deck's files cannot be read: {e}"))],
                ..Default::default()
            },
        };
        let meta = self.store.collection().decks.get(id).cloned().unwrap_or(meta);
        let deck = Arc::new(decks::make(&self.store, &meta, parsed));
        self.rows.insert(id.to_string(), Arc::new(DeckRows::build(&deck)));
        self.decks.insert(id.to_string(), deck);
        self.revision += 1;
    }

    /// Files that differ from what the metadata was merged from (a write cut short between the
    /// files and the snapshot, or files edited by hand) are taken as a re-import.
    fn heal_mismatch(
        &mut self,
        meta: &crate::model::DeckMeta,
        texts: &decks::Texts,
        parsed: &crate::import::Parsed,
        now: DateTime<Utc>,
    ) {
        let (Ok(exam), key) = (&texts.exam, texts.key.as_ref().and_then(|k| k.as_ref().ok())) else { return };
        if parsed.has_errors() || !self.store.writable() {
            return;
        }
        if reimport::source_hash(exam, key.map(String::as_str)) == meta.source_hash {
            return;
        }
        let new = reimport::NewDeck {
            id: &meta.id,
            name: &meta.name,
            builtin: meta.builtin,
            exam_text: exam,
            key_text: key.map(String::as_str),
            exam: &parsed.exam,
            now,
            builtin_hash: None,
            format: meta.format,
        };
        let (merged, _) = reimport::merge(Some(meta), &new);
        if let Err(e) = self.store.put_deck(
            merged,
            crate::store::DeckFiles { exam_text: exam, key_text: key.map(String::as_str), images: &[] },
        ) {
            self.notices
                .push(format!("The deck {} changed on disk but could not be brought up to date: {e}", meta.name));
        }
    }

    /// Records changes durably, all or nothing, and keeps the caches in step.
    pub(crate) fn commit(&mut self, records: Vec<Record>) -> Result<()> {
        let mut records = self.plan_records(records);
        let record = match records.len() {
            0 => return Ok(()),
            1 => records.pop().expect("one"),
            _ => Record::Batch(records),
        };
        let mut events = Vec::new();
        crate::store::history::events(&record, &mut events);
        self.store.commit(record)?;
        self.revision += 1;
        match &mut self.history {
            HistoryState::Loading(pending) => pending.extend(events),
            HistoryState::Ready(index) => events.iter().for_each(|e| index.apply(e)),
            HistoryState::NotLoaded => {}
        }
        Ok(())
    }

    /// The review history, once it has been read.
    pub fn history(&self) -> Option<&HistoryIndex> {
        match &self.history {
            HistoryState::Ready(h) => Some(h),
            _ => None,
        }
    }

    /// Whether the history is being read.
    pub fn history_loading(&self) -> bool {
        matches!(self.history, HistoryState::Loading(_))
    }

    /// Starts reading the history elsewhere: the returned job reads it (it may take seconds on
    /// a large collection) and its result goes to `install_history`. `None` when it is read or
    /// being read already.
    pub fn history_job(&mut self) -> Option<impl FnOnce() -> crate::store::Result<HistoryIndex> + Send + 'static> {
        if !matches!(self.history, HistoryState::NotLoaded) {
            return None;
        }
        self.history = HistoryState::Loading(Vec::new());
        let fs = self.store.fs().clone();
        let dir = self.store.dir().to_path_buf();
        Some(move || HistoryIndex::load(&*fs, &dir))
    }

    /// Takes the history a job read, with what was recorded meanwhile.
    pub fn install_history(&mut self, read: crate::store::Result<HistoryIndex>) {
        let pending = match std::mem::take(&mut self.history) {
            HistoryState::Loading(p) => p,
            _ => Vec::new(),
        };
        let mut index = match read {
            Ok(i) => i,
            Err(e) => {
                let mut i = HistoryIndex::default();
                i.report.problems.push(e.to_string());
                i
            }
        };
        index.catch_up(&pending);
        self.history = HistoryState::Ready(index);
    }

    /// Reads the history now (the command line; tests).
    pub fn load_history_now(&mut self) -> &HistoryIndex {
        if let Some(job) = self.history_job() {
            let read = job();
            self.install_history(read);
        }
        match &self.history {
            HistoryState::Ready(h) => h,
            _ => unreachable!("installed above"),
        }
    }

    /// Folds the journal and takes the day's backup; call on exit.
    pub fn close(&mut self, now: DateTime<Utc>) -> Result<()> {
        let today = self.today(now);
        self.store.close(today, now)?;
        Ok(())
    }

    /// The store, for tests that need to reach under the library.
    #[doc(hidden)]
    pub fn store(&self) -> &Store {
        &self.store
    }
}

#[cfg(test)]
mod tests;
