//! The Anki reader on fuzzed text: see `common.rs` for the invariants.

#![no_main]

#[path = "common.rs"]
mod common;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| common::check(examdeck::import::Format::Anki, data));
