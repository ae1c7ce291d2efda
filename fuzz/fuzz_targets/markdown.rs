//! The exam-text renderer's parsers (`ui::text`).
//!
//! Invariants:
//! - `parse_blocks` and `parse_inline` are deterministic;
//! - `parse_blocks` never starts or ends with `Block::Gap` and never yields two gaps in a row;
//! - `parse_inline` never yields an empty `Text` piece, and a line without `$`, `` ` ``, `*` or
//!   `\` comes back as exactly one plain `Text` piece equal to the line (none for an empty line).

#![no_main]

use examdeck::markup::{Block, Inline, parse_blocks, parse_inline};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let s: String = String::from_utf8_lossy(data).into_owned();

    let blocks = parse_blocks(&s);
    assert_eq!(blocks, parse_blocks(&s), "parse_blocks is not deterministic");
    assert!(!matches!(blocks.last(), Some(Block::Gap)), "trailing Gap: {blocks:?}");
    assert!(!matches!(blocks.first(), Some(Block::Gap)), "leading Gap: {blocks:?}");
    assert!(!blocks.windows(2).any(|w| matches!(w, [Block::Gap, Block::Gap])), "two Gaps in a row: {blocks:?}");

    for line in s.lines() {
        let pieces = parse_inline(line);
        assert_eq!(pieces, parse_inline(line), "parse_inline is not deterministic for {line:?}");
        for piece in &pieces {
            if let Inline::Text { s: text, .. } = piece {
                assert!(!text.is_empty(), "empty Text piece for {line:?}: {pieces:?}");
            }
        }
        if !line.contains(['$', '`', '*', '\\']) {
            let expected = if line.is_empty() {
                Vec::new()
            } else {
                vec![Inline::Text { s: line.to_string(), bold: false, italic: false }]
            };
            assert_eq!(pieces, expected, "plain line was not kept as one Text piece");
        }
    }
});
