//! The CPU cost of one frame of the study screen on Q16 (the statement with its display math),
//! with formulas already rasterised and cached: the egui pass (layout and painting) plus
//! tessellation, as the real window runs them each frame, without the GPU upload.

use criterion::{Criterion, criterion_group, criterion_main};
use egui_kittest::Harness;
use examdeck::ui::app::{App, Screen, system_clock};
use examdeck::ui::study::StudyScreen;
use std::hint::black_box;

fn study_frame(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().to_path_buf();
    let mut h = Harness::builder()
        .with_size(egui::vec2(1100.0, 780.0))
        .build_eframe(move |cc| App::new(cc, path, system_clock()));
    h.run_steps(2);
    let shared = h.state().shared().expect("collection opens");
    let deck = examdeck::builtin::NAME;
    let card = shared.decks[deck].exam.card_index("16.1").expect("card 16.1");
    let screen = StudyScreen::with_queue(shared, deck, vec![card]);
    h.state_mut().screen = Screen::Study(Box::new(screen));
    h.run_steps(4);
    let rendered = h.state().shared().expect("open").math.renders;
    assert!(rendered > 0, "Q16's formulas were rasterised");
    let ppp = h.ctx.pixels_per_point();
    c.bench_function("ui/study_q16_frame", |b| {
        b.iter(|| {
            h.step();
            let shapes = h.output().shapes.clone();
            black_box(h.ctx.tessellate(shapes, ppp))
        })
    });
    // Every frame after the first reused the cached textures.
    assert_eq!(h.state().shared().expect("open").math.renders, rendered, "no formula was rasterised again");
}

criterion_group!(benches, study_frame);
criterion_main!(benches);
