//! The review history indexed per card, for Browse's card details, statistics and the memory
//! model. It is read once, off the window's thread (a large history takes a while), and then kept
//! up to date as answers are recorded.

use crate::model::HistoryEvent;
pub use crate::model::Past;
use crate::store::history::HistoryReport;
use crate::store::{Fs, Result as StoreResult, history};
use chrono::{DateTime, NaiveDate, Utc};
use std::collections::{BTreeMap, HashMap};
use std::path::Path;

/// The history by deck and card, oldest first, without reviews that were undone.
#[derive(Debug, Default)]
pub struct HistoryIndex {
    decks: HashMap<String, HashMap<String, Vec<Past>>>,
    reviews: usize,
    /// What could not be read.
    pub report: HistoryReport,
}

impl HistoryIndex {
    /// Reads the whole history of the collection in `dir`.
    ///
    /// Reviews are first gathered in one flat list, then each card's list is allocated once at
    /// its final size: growing a hundred thousand vectors side by side would leave the heap
    /// fragmented, and a million reviews hold tens of megabytes that way.
    pub fn load(fs: &dyn Fs, dir: &Path) -> StoreResult<HistoryIndex> {
        let mut slots: HashMap<String, HashMap<String, u32>> = HashMap::new();
        let mut staged: Vec<(u32, Past)> = Vec::new();
        let mut next = 0u32;
        let report = history::read_all(fs, dir, &mut |e| match e {
            HistoryEvent::Review(p) => {
                let cards = slots.entry(p.deck.clone()).or_default();
                let slot = *cards.entry(p.card.clone()).or_insert_with(|| {
                    next += 1;
                    next - 1
                });
                staged.push((slot, Past::from(&p)));
            }
            HistoryEvent::Undo { deck, card, at } => {
                let Some(&slot) = slots.get(&deck).and_then(|c| c.get(&card)) else { return };
                if let Some(pos) = staged.iter().rposition(|(s, p)| *s == slot && same_moment(p.at, at)) {
                    staged.remove(pos);
                }
            }
        })?;
        let mut counts = vec![0usize; next as usize];
        staged.iter().for_each(|(s, _)| counts[*s as usize] += 1);
        let mut lists: Vec<Vec<Past>> = counts.iter().map(|&n| Vec::with_capacity(n)).collect();
        let reviews = staged.len();
        for (s, p) in staged {
            lists[s as usize].push(p);
        }
        let mut lists: Vec<Option<Vec<Past>>> = lists.into_iter().map(Some).collect();
        let decks = slots
            .into_iter()
            .map(|(deck, cards)| {
                let cards = cards
                    .into_iter()
                    .map(|(card, slot)| (card, lists[slot as usize].take().unwrap_or_default()))
                    .filter(|(_, l)| !l.is_empty())
                    .collect();
                (deck, cards)
            })
            .collect();
        Ok(HistoryIndex { decks, reviews, report })
    }

    /// Adds one event.
    pub fn apply(&mut self, e: &HistoryEvent) {
        match e {
            HistoryEvent::Review(p) => {
                let cards = match self.decks.get_mut(p.deck.as_str()) {
                    Some(c) => c,
                    None => self.decks.entry(p.deck.clone()).or_default(),
                };
                let list = match cards.get_mut(p.card.as_str()) {
                    Some(l) => l,
                    None => cards.entry(p.card.clone()).or_default(),
                };
                list.push(p.into());
                self.reviews += 1;
            }
            HistoryEvent::Undo { deck, card, at } => {
                if let Some(list) = self.decks.get_mut(deck.as_str()).and_then(|c| c.get_mut(card.as_str()))
                    && let Some(pos) = list.iter().rposition(|p| same_moment(p.at, *at))
                {
                    list.remove(pos);
                    self.reviews -= 1;
                }
            }
        }
    }

    /// Whether the index already holds this event's effect (for events recorded while it loaded).
    fn has(&self, e: &HistoryEvent) -> bool {
        let (deck, card, at) = match e {
            HistoryEvent::Review(p) => (&p.deck, &p.card, p.at),
            HistoryEvent::Undo { deck, card, at } => (deck, card, *at),
        };
        let found = self.card(deck, card).iter().any(|p| same_moment(p.at, at));
        match e {
            HistoryEvent::Review(_) => found,
            HistoryEvent::Undo { .. } => !found,
        }
    }

    /// Adds events recorded while the index was being read, unless it already saw them.
    pub fn catch_up(&mut self, events: &[HistoryEvent]) {
        for e in events {
            if !self.has(e) {
                self.apply(e);
            }
        }
    }

    /// A card's reviews, oldest first.
    pub fn card(&self, deck: &str, card: &str) -> &[Past] {
        self.decks.get(deck).and_then(|c| c.get(card)).map_or(&[], Vec::as_slice)
    }

    /// Every card of a deck with its reviews.
    pub fn deck(&self, deck: &str) -> impl Iterator<Item = (&str, &[Past])> {
        self.decks.get(deck).into_iter().flat_map(|c| c.iter().map(|(k, v)| (k.as_str(), v.as_slice())))
    }

    /// Reviews in the whole history.
    pub fn len(&self) -> usize {
        self.reviews
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.reviews == 0
    }

    /// Reviews per study day for one deck (or all decks).
    pub fn per_day(&self, deck: Option<&str>) -> BTreeMap<NaiveDate, u32> {
        let mut out = BTreeMap::new();
        for (id, cards) in &self.decks {
            if deck.is_some_and(|d| d != id) {
                continue;
            }
            for p in cards.values().flatten() {
                *out.entry(p.day).or_insert(0) += 1;
            }
        }
        out
    }
}

/// Two review times as the history compares them: to the millisecond, as compacted history keeps
/// them.
fn same_moment(a: DateTime<Utc>, b: DateTime<Utc>) -> bool {
    a.timestamp_millis() == b.timestamp_millis()
}

/// Where the history stands in the library.
#[derive(Debug, Default)]
pub(crate) enum HistoryState {
    /// Not asked for yet.
    #[default]
    NotLoaded,
    /// Being read elsewhere; events recorded meanwhile.
    Loading(Vec<HistoryEvent>),
    /// Read.
    Ready(HistoryIndex),
}
