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

/// The window's and the taskbar's icon (also installed with `assets/examdeck.desktop`).
const ICON: &[u8] = include_bytes!("../../assets/examdeck.png");

/// Opens the window on the collection in `data_dir`, importing `open` if given.
pub fn run(data_dir: PathBuf, open: Option<PathBuf>) -> ExitCode {
    // A window already holds the collection: it imports the file instead.
    if let Some(file) = &open {
        let fs = crate::store::fs::OsFs;
        if crate::store::inbox::is_held(&fs, &data_dir) {
            let file = std::path::absolute(file).unwrap_or_else(|_| file.clone());
            let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_nanos());
            return match crate::store::inbox::hand_over(&fs, &data_dir, &file, nanos, std::process::id()) {
                Ok(_) => {
                    eprintln!("examdeck is already open; {} was handed to its window.", file.display());
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!(
                        "examdeck is already open, and {} could not be handed to it: {e}. Open it from the window (Import).",
                        file.display()
                    );
                    ExitCode::from(1)
                }
            };
        }
    }
    let mut viewport = egui::ViewportBuilder::default()
        .with_title("examdeck")
        .with_app_id("examdeck")
        .with_inner_size([1100.0, 780.0])
        .with_min_inner_size([640.0, 480.0]);
    if let Ok(icon) = eframe::icon_data::from_png_bytes(ICON) {
        viewport = viewport.with_icon(std::sync::Arc::new(icon));
    }
    let options = eframe::NativeOptions {
        viewport,
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

#[cfg(test)]
mod tests {
    #[test]
    fn the_window_icon_is_a_square_png() {
        let icon = eframe::icon_data::from_png_bytes(super::ICON).expect("the icon decodes");
        assert_eq!((icon.width, icon.height), (256, 256));
        assert_eq!(icon.rgba.len(), 256 * 256 * 4);
    }
}
