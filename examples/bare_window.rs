//! A bare eframe window built with the same eframe features as examdeck, for the start-up
//! comparison in docs/BENCHMARKS.md. With `EXAMDECK_FIRST_FRAME_EXIT=1` it closes after its first
//! frame, as examdeck does.

struct Bare {
    frames: u32,
}

impl eframe::App for Bare {
    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        egui::CentralPanel::default_margins().show(ui, |ui| {
            ui.label("bare eframe window");
        });
        self.frames += 1;
        if self.frames == 1 && std::env::var_os("EXAMDECK_FIRST_FRAME_EXIT").is_some() {
            ui.ctx().send_viewport_cmd(egui::ViewportCommand::Close);
        }
    }
}

fn main() -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default().with_inner_size([1100.0, 780.0]),
        ..Default::default()
    };
    eframe::run_native("bare", options, Box::new(|_cc| Ok(Box::new(Bare { frames: 0 }))))
}
