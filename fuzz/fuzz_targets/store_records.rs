//! Journal records: one `Record` per journal line, read with `ron::from_str` and written with
//! `ron::to_string` exactly as `store::Store` does.
//!
//! Invariants for every record that parses:
//! - `Collection::apply` never panics;
//! - the serialised record is a single line (the journal is line-based; the store debug-asserts it);
//! - it parses back, and applying the round-tripped record to a fresh default collection gives a
//!   collection equal to applying the original (skipped when the result holds a NaN, which is
//!   never equal to itself).

#![no_main]

use examdeck::model::{Collection, Record};
use libfuzzer_sys::fuzz_target;

/// False when `x` contains a NaN somewhere, so `==` cannot be used to compare it.
#[allow(clippy::eq_op)]
fn reflexive<T: PartialEq>(x: &T) -> bool {
    x == x
}

fuzz_target!(|data: &[u8]| {
    let s: String = String::from_utf8_lossy(data).into_owned();
    let Ok(rec) = ron::from_str::<Record>(&s) else { return };

    let mut original = Collection::default();
    original.apply(&rec);

    let line = match ron::to_string(&rec) {
        Ok(line) => line,
        Err(e) => panic!("a parsed record does not serialise: {e}\nrecord: {rec:?}"),
    };
    assert!(!line.contains('\n'), "serialised record spans several lines: {line:?}");

    let back = match ron::from_str::<Record>(&line) {
        Ok(back) => back,
        Err(e) => panic!("a serialised record does not parse back: {e}\nline: {line}\nrecord: {rec:?}"),
    };

    let mut replayed = Collection::default();
    replayed.apply(&back);

    if reflexive(&original) {
        assert_eq!(original, replayed, "round trip through RON changed the collection\nline: {line}");
    }
});
