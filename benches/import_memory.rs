//! Memory taken by importing (`cargo bench --bench import_memory`): each generated exam of
//! `benches/parse.rs` (1, 4 and 10 MB) is written to a file and imported as `examdeck import`
//! does — bounded read, decoding, parsing — under a counting allocator. The bench prints the peak
//! heap as a multiple of the file's size. Target: at most 4×.

#![allow(missing_docs, reason = "a bench binary")]
#![allow(dead_code, reason = "the parse bench's items that this bench does not use")]

#[path = "parse.rs"]
#[allow(unused_imports, unused_macros, reason = "only the generator is used")]
mod parse_bench;

use std::alloc::{GlobalAlloc, Layout, System};
use std::hint::black_box;
use std::sync::atomic::{AtomicUsize, Ordering};

const MIB: usize = 1 << 20;

/// The system allocator, counting the bytes in use and their peak.
struct Counting;

static IN_USE: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded to the system allocator unchanged; only counters are added.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            let now = IN_USE.fetch_add(layout.size(), Ordering::Relaxed) + layout.size();
            PEAK.fetch_max(now, Ordering::Relaxed);
        }
        p
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        // SAFETY: forwarded as is.
        unsafe { System.dealloc(ptr, layout) };
        IN_USE.fetch_sub(layout.size(), Ordering::Relaxed);
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: forwarded as is.
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            if new_size >= layout.size() {
                let now = IN_USE.fetch_add(new_size - layout.size(), Ordering::Relaxed) + new_size - layout.size();
                PEAK.fetch_max(now, Ordering::Relaxed);
            } else {
                IN_USE.fetch_sub(layout.size() - new_size, Ordering::Relaxed);
            }
        }
        p
    }
}

#[global_allocator]
static ALLOC: Counting = Counting;

/// Imports `text` from a file as `examdeck import` does and prints the peak heap it took, as a
/// multiple of the file's size.
fn import_memory(text: &str, mb: usize) {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let path = dir.path().join("generated.md");
    std::fs::write(&path, text).expect("write the exam");
    let base = IN_USE.load(Ordering::Relaxed);
    PEAK.store(base, Ordering::Relaxed);
    let file = examdeck::import::file::import_file(&path).expect("read the exam");
    let peak = PEAK.load(Ordering::Relaxed) - base;
    let kept = IN_USE.load(Ordering::Relaxed) - base;
    drop(black_box(file));
    eprintln!(
        "import/memory/{mb}: peak heap {:.1} MiB ({:.1} MiB kept) for a {:.1} MiB file: {:.2}× (target ≤ 4×)",
        peak as f64 / MIB as f64,
        kept as f64 / MIB as f64,
        text.len() as f64 / MIB as f64,
        peak as f64 / text.len() as f64
    );
}

fn main() {
    for mb in [1, 4, 10] {
        import_memory(&parse_bench::generate(mb * MIB), mb);
    }
}
