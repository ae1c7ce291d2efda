//! The journal with a bad line in the middle, and the repair that skips it. A segment is made of
//! three good records, the fuzzer's line, and two more good records, on the simulated disk.
//!
//! Invariants:
//! - opening never panics: it succeeds (the line was blank or a valid record) or reports damage
//!   on exactly the fuzzer's line (line 5), or a newer schema;
//! - after "open without the damaged line", the collection opens and holds every good record;
//! - the damaged line is kept in `corrupt/`, byte for byte.

#![no_main]

use examdeck::model::{CardState, Record, Review, Source};
use examdeck::sm2::Grade;
use examdeck::store::simfs::SimFs;
use examdeck::store::{Fs, Mode, Store, StoreError, restore};
use libfuzzer_sys::fuzz_target;
use std::path::Path;
use std::sync::Arc;

fn good(n: u32) -> String {
    let r = Record::Review(Review {
        deck: "d".into(),
        card: format!("c{n}"),
        at: chrono::DateTime::from_timestamp(1_800_000_000 + i64::from(n), 0).unwrap(),
        day: chrono::NaiveDate::from_ymd_opt(2027, 1, 1).unwrap(),
        grade: Grade::Good,
        response_ms: 1,
        before: CardState::default(),
        after: CardState { reviews: n + 1, ..CardState::default() },
        redrill: false,
        source: Source::Study,
    });
    ron::to_string(&r).unwrap()
}

fuzz_target!(|data: &[u8]| {
    if data.contains(&b'\n') {
        return;
    }
    let root = Path::new("/fuzz/data");
    let fs = SimFs::new(root);
    let seg = root.join("journal/00000001.ron");
    fs.create_dir_all(&root.join("journal")).unwrap();
    let mut bytes = b"(version:2)\n".to_vec();
    for n in 0..3 {
        bytes.extend_from_slice(good(n).as_bytes());
        bytes.push(b'\n');
    }
    bytes.extend_from_slice(data);
    bytes.push(b'\n');
    for n in 3..5 {
        bytes.extend_from_slice(good(n).as_bytes());
        bytes.push(b'\n');
    }
    fs.write(&seg, &bytes).unwrap();
    let store = match Store::open_on(Arc::new(fs.clone()), root, Mode::Write) {
        Ok(s) => s,
        Err(StoreError::TooNew { .. }) => return,
        Err(StoreError::Damaged { file, line, .. }) => {
            assert_eq!((file.as_path(), line), (seg.as_path(), 5));
            let s = restore::skip_damaged_line(Arc::new(fs.clone()), root, &file, line).expect("repair opens");
            let kept: Vec<_> = fs.list(&root.join("corrupt")).unwrap();
            let dir = root.join("corrupt").join(&kept[0].name);
            let entries = fs.list(&dir).unwrap();
            assert_eq!(fs.read(&dir.join(&entries[0].name)).unwrap(), data);
            s
        }
        Err(e) => panic!("unexpected error: {e}"),
    };
    for n in 0..5 {
        assert_eq!(store.collection().card("d", &format!("c{n}")).map(|s| s.reviews), Some(n + 1), "record {n}");
    }
});
