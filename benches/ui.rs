//! The CPU cost of one frame of each screen, with the built-in deck alone (91 cards) and with the
//! large collection (40 exams × 2,500 cards, 1M reviews of history, plus the built-in deck): the
//! egui pass (layout and painting) plus tessellation, as the real window runs them each frame,
//! without the GPU upload. Formulas are rasterised and cached before measuring.
//!
//! `ui/<screen>/<size>` for Home, Study (card 16.1 with its display math), Browse (all cards, and
//! with a search typed), Settings and a running mock exam of the built-in deck; and
//! `ui/browse_typing/<size>`: the frame right after the search text changed, which runs the
//! search. Also prints the resident memory once the large collection and its history are loaded.

#![allow(missing_docs, reason = "criterion_group! defines a public function without docs")]

#[path = "fixture/mod.rs"]
mod fixture;

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use examdeck::ui::action::Nav;
use examdeck::ui::app::{App, Screen};
use std::hint::black_box;
use std::path::Path;
use std::sync::Arc;

fn harness(dir: &Path) -> Harness<'static, App> {
    let path = dir.to_path_buf();
    let clock: examdeck::ui::app::Clock = Arc::new(fixture::now);
    let mut h =
        Harness::builder().with_size(egui::vec2(1100.0, 780.0)).build_eframe(move |cc| App::new(cc, path, clock));
    h.state_mut().finish_opening();
    // Wait for the history, read on another thread.
    for _ in 0..2_000 {
        h.step();
        if h.state().library().is_some_and(|l| l.history().is_some()) {
            break;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    }
    assert!(h.state().library().unwrap().history().is_some(), "the history was read");
    h.run_steps(2);
    h
}

/// Puts a screen on show.
type SetScreen = Box<dyn Fn(&mut Harness<'static, App>)>;

fn frame(h: &mut Harness<'static, App>) {
    h.step();
    let shapes = h.output().shapes.clone();
    black_box(h.ctx.tessellate(shapes, h.ctx.pixels_per_point()));
}

fn bench_screens(c: &mut Criterion, label: &str, dir: &Path) {
    let mut h = harness(dir);
    if label != "91" {
        eprintln!(
            "ui/{label}: resident memory with the collection and its history loaded: {} MiB",
            fixture::status_kib("VmRSS").unwrap_or(0) / 1024
        );
    }
    let mut group = c.benchmark_group("ui");
    let deck = examdeck::builtin::NAME;
    let screens: [(&str, SetScreen); 6] = [
        ("home", Box::new(|h| h.state_mut().go(Nav::Home))),
        (
            "study",
            Box::new(move |h| {
                let lib = h.state().library().unwrap();
                let card = lib.deck(deck).unwrap().exam.card_index("16.1").unwrap();
                let session = lib.study_cards(deck, vec![card], fixture::now());
                h.state_mut().screen = Screen::Study(Box::new(examdeck::ui::study::StudyScreen::new(session)));
            }),
        ),
        ("browse", Box::new(|h| h.state_mut().go(Nav::Browse))),
        (
            "browse_search",
            Box::new(|h| {
                h.state_mut().screen =
                    Screen::Browse(Box::new(examdeck::ui::browse::BrowseScreen::with_search("gradient is:due")))
            }),
        ),
        ("settings", Box::new(|h| h.state_mut().go(Nav::Settings))),
        (
            "mock",
            Box::new(|h| {
                h.state_mut().go(Nav::MockSetup);
                h.run_steps(2);
                h.key_press(egui::Key::Enter);
                h.run_steps(3);
                assert!(h.state().screen.in_mock(), "the mock exam runs");
            }),
        ),
    ];
    for (name, set) in screens {
        set(&mut h);
        h.run_steps(4);
        group.bench_function(format!("{name}/{label}"), |b| b.iter(|| frame(&mut h)));
    }
    h.state_mut().screen = Screen::Browse(Box::new(examdeck::ui::browse::BrowseScreen::with_search("")));
    h.run_steps(3);
    let mut flip = false;
    group.bench_function(format!("browse_typing/{label}"), |b| {
        b.iter(|| {
            flip = !flip;
            if let Screen::Browse(s) = &mut h.state_mut().screen {
                s.set_search(if flip { "convolution statement" } else { "convolution statement 3" });
            }
            frame(&mut h)
        })
    });
    group.finish();
}

fn ui(c: &mut Criterion) {
    let small = tempfile::tempdir().expect("temp dir");
    fixture::build(small.path(), fixture::SMALL);
    bench_screens(c, "91", small.path());
    let large = tempfile::tempdir().expect("temp dir");
    let spec = if fixture::measuring() { fixture::LARGE } else { fixture::QUICK };
    let took = fixture::build(large.path(), spec);
    eprintln!("ui: built {spec:?} in {took:.1?}");
    bench_screens(c, "100k", large.path());
}

criterion_group!(benches, ui);
criterion_main!(benches);
