//! The `examdeck` binary: with no subcommand it opens the window; subcommands are the CLI.

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let cli = examdeck::cli::Cli::parse();
    match cli.command {
        Some(command) => examdeck::cli::run(command, cli.data_dir.as_deref()),
        None => window(cli.data_dir.as_deref(), cli.open),
    }
}

#[cfg(feature = "gui")]
fn window(data_dir: Option<&std::path::Path>, open: Option<std::path::PathBuf>) -> ExitCode {
    examdeck::ui::run(examdeck::store::data_dir(data_dir), open)
}

#[cfg(not(feature = "gui"))]
fn window(_data_dir: Option<&std::path::Path>, _open: Option<std::path::PathBuf>) -> ExitCode {
    eprintln!("examdeck: this build has no window (built without the `gui` feature); see `examdeck --help`");
    ExitCode::from(2)
}
