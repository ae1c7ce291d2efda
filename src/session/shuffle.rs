//! Shuffled option order for quizzes and mock exams. Options that refer to the others ("None of
//! the above", "All of the above", "Both …") keep their place; a question whose options name
//! others by their letter ("A and C") is not shuffled at all, since its letters would then point
//! at the wrong options. Answers are always recorded by the original option number: the order
//! only changes where an option is drawn and which key chooses it.

use crate::deck::{CardKind, Exam};
use std::collections::BTreeMap;

/// Option order by card id: `order[k]` is the original (1-based) number of the option shown at
/// place `k`. Cards without an entry show their options as written.
pub type Order = BTreeMap<String, Vec<u32>>;

/// Whether an option refers to the other options and so keeps its place.
pub fn keeps_place(text: &str) -> bool {
    let t = plain_lower(text);
    let t = t.trim();
    // The word itself, not a longer one ("Nonetheless").
    let starts = |w: &str| t.strip_prefix(w).is_some_and(|r| r.is_empty() || r.starts_with([' ', '.', ',', '!', ':']));
    ["the above", "the below", "the others", "the other options", "the other answers"].iter().any(|p| t.contains(p))
        || ["none", "both", "neither"].into_iter().any(starts)
        || ["all of", "all the", "any of"].iter().any(|p| t.starts_with(p))
        || t == "all"
}

/// Whether an option names other options by their letter or number: "A and C", "(a) or (b)",
/// "1 & 2", "B, C".
pub fn refers_by_label(text: &str) -> bool {
    let t = plain_lower(text);
    let words: Vec<&str> = t.split(|c: char| c.is_whitespace() || c == ',').filter(|w| !w.is_empty()).collect();
    let label = |w: &str| {
        let w = w.trim_matches(|c: char| matches!(c, '(' | ')' | '.' | ':' | ';'));
        w.len() == 1 && w.chars().all(|c| matches!(c, 'a'..='h' | '1'..='9'))
    };
    let joined = |w: &str| matches!(w, "and" | "or" | "&" | "nor");
    words.windows(3).any(|w| label(w[0]) && joined(w[1]) && label(w[2]))
        || t.split(',').filter(|w| label(w.trim())).count() >= 2
}

/// Lower case, with Markdown emphasis and math dollars left out.
fn plain_lower(text: &str) -> String {
    text.chars().filter(|c| !matches!(c, '*' | '_' | '`' | '$')).flat_map(char::to_lowercase).collect()
}

/// The order to show `options` in, drawn with `rng`; `None` when it stays as written (fewer than
/// two options can move, or an option names others by their letter).
pub fn option_order(options: &[&str], rng: &mut fastrand::Rng) -> Option<Vec<u32>> {
    if options.iter().any(|o| refers_by_label(o)) {
        return None;
    }
    let movable: Vec<usize> = (0..options.len()).filter(|&i| !keeps_place(options[i])).collect();
    if movable.len() < 2 {
        return None;
    }
    let mut moved = movable.clone();
    rng.shuffle(&mut moved);
    let mut order: Vec<u32> = (1..=options.len() as u32).collect();
    for (slot, from) in movable.iter().zip(&moved) {
        order[*slot] = *from as u32 + 1;
    }
    Some(order)
}

/// A shuffled order for every one-answer card among `cards` (exam card indices). The same seed
/// gives the same order.
pub fn orders(exam: &Exam, cards: impl IntoIterator<Item = usize>, seed: u64) -> Order {
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut out = Order::new();
    for i in cards {
        let Some(card) = exam.cards.get(i) else { continue };
        if card.kind != CardKind::Single {
            continue;
        }
        let texts: Vec<&str> = exam.card_choices(card).iter().map(|c| c.text.as_str()).collect();
        if let Some(o) = option_order(&texts, &mut rng) {
            out.insert(card.id.0.clone(), o);
        }
    }
    out
}

/// The original option numbers of a card in the order shown: its entry in `order`, checked to be
/// a permutation of `1..=n`, else `1..=n` as written.
pub fn shown(order: &Order, card: &str, n: usize) -> Vec<u32> {
    match order.get(card) {
        Some(o) if is_permutation(o, n) => o.clone(),
        _ => (1..=n as u32).collect(),
    }
}

fn is_permutation(o: &[u32], n: usize) -> bool {
    let mut seen = vec![false; n];
    o.len() == n
        && o.iter().all(|&k| {
            let i = (k as usize).wrapping_sub(1);
            i < n && !std::mem::replace(&mut seen[i], true)
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn options_that_refer_to_the_others_keep_their_place() {
        for t in [
            "None of the above",
            "**All of the above**",
            "Both",
            "Both of them",
            "Neither",
            "none",
            "Any of the above answers",
            "It depends on the others",
        ] {
            assert!(keeps_place(t), "{t}");
        }
        for t in ["All eigenvalues are positive", "Nonetheless it converges", "Anything else", "$\\theta$ itself"] {
            assert!(!keeps_place(t), "{t}");
        }
    }

    #[test]
    fn options_naming_others_by_letter_stop_the_shuffle() {
        for t in ["A and C", "(a) or (b)", "Only 1 & 2", "B, C", "both a and b"] {
            assert!(refers_by_label(t), "{t}");
        }
        for t in ["a big step", "and so on", "Both", "x and y"] {
            assert!(!refers_by_label(t), "{t}");
        }
        let mut rng = fastrand::Rng::with_seed(1);
        assert_eq!(option_order(&["x", "y", "z", "A and B"], &mut rng), None);
    }

    #[test]
    fn fixed_options_stay_and_the_rest_move() {
        let texts = ["one", "two", "three", "four", "None of the above"];
        let mut seen_moved = false;
        for seed in 0..20 {
            let o = option_order(&texts, &mut fastrand::Rng::with_seed(seed)).expect("shuffled");
            assert_eq!(o[4], 5, "seed {seed}: {o:?}");
            assert!(is_permutation(&o, 5));
            seen_moved |= o != [1, 2, 3, 4, 5];
        }
        assert!(seen_moved, "twenty seeds never moved an option");
        // One movable option: nothing to shuffle.
        assert_eq!(option_order(&["only", "All of the above"], &mut fastrand::Rng::with_seed(3)), None);
    }

    #[test]
    fn a_stored_order_that_is_not_a_permutation_is_ignored() {
        let mut order = Order::new();
        order.insert("1".into(), vec![2, 2, 1]);
        order.insert("2".into(), vec![3, 1, 2]);
        order.insert("3".into(), vec![0, 1, 2]);
        assert_eq!(shown(&order, "1", 3), [1, 2, 3]);
        assert_eq!(shown(&order, "2", 3), [3, 1, 2]);
        assert_eq!(shown(&order, "3", 3), [1, 2, 3]);
        assert_eq!(shown(&order, "2", 4), [1, 2, 3, 4]);
    }

    proptest! {
        #[test]
        fn every_order_is_a_permutation_that_keeps_fixed_options(
            texts in proptest::collection::vec(prop_oneof![
                "[a-z]{1,8}",
                Just("None of the above".to_string()),
                Just("All of the above".to_string()),
            ], 0..8),
            seed: u64,
        ) {
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            if let Some(o) = option_order(&refs, &mut fastrand::Rng::with_seed(seed)) {
                prop_assert!(is_permutation(&o, texts.len()));
                for (slot, t) in texts.iter().enumerate() {
                    if keeps_place(t) {
                        prop_assert_eq!(o[slot] as usize, slot + 1);
                    }
                }
            }
        }
    }
}
