//! The window (egui/eframe): a thin layer over the core.

use std::path::PathBuf;
use std::process::ExitCode;

/// Opens the window on the collection in `data_dir`.
pub fn run(data_dir: PathBuf) -> ExitCode {
    let _ = data_dir;
    ExitCode::SUCCESS
}
