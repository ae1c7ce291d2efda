//! The window (egui/eframe): a thin layer over the library. One file per screen; each screen
//! reads the library through a `Cx` and returns an `Action`, which only the app applies.

pub mod action;
pub mod app;
pub mod browse;
pub mod editor;
pub mod guide;
pub mod help;
pub mod home;
pub mod import;
pub mod keys;
pub mod math;
pub mod mock;
pub mod navigator;
pub mod question;
pub mod quiz;
pub mod results;
pub mod settings;
pub mod stats;
pub mod study;
pub mod submit;
pub mod text;
pub mod theme;
pub mod view;

use std::path::PathBuf;
use std::process::ExitCode;

/// Opens the window on the collection in `data_dir`, importing `open` if given.
pub fn run(data_dir: PathBuf, open: Option<PathBuf>) -> ExitCode {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_title("examdeck")
            .with_app_id("examdeck")
            .with_inner_size([1100.0, 780.0])
            .with_min_inner_size([640.0, 480.0]),
        persist_window: true,
        // The window's size and place live with the collection, not in a folder of their own.
        persistence_path: Some(data_dir.join("app.ron")),
        ..Default::default()
    };
    let result = eframe::run_native(
        "examdeck",
        options,
        Box::new(move |cc| {
            let mut app = app::App::new(cc, data_dir, app::system_clock());
            if let Some(path) = open {
                app.open_file(path);
            }
            Ok(Box::new(app))
        }),
    );
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("examdeck: could not open the window: {e}");
            ExitCode::from(2)
        }
    }
}
