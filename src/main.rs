//! The `examdeck` binary: with no subcommand it opens the window; subcommands are the CLI.

use clap::Parser;

fn main() -> std::process::ExitCode {
    let cli = examdeck::cli::Cli::parse();
    examdeck::cli::run(cli)
}
