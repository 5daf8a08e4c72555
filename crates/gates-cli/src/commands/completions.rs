//! `gates completions SHELL`: generated from the same clap definitions as `--help`.

use std::io::{self, Write};

use clap::CommandFactory;
use clap_complete::Shell;

use crate::args::Cli;
use crate::error::CliError;
use crate::exit::ExitStatus;

pub(crate) fn run(shell: Shell) -> Result<ExitStatus, CliError> {
    let mut command = Cli::command();
    let name = command.get_name().to_owned();
    // clap_complete panics when a write fails, so it writes to memory and we to stdout.
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut command, name, &mut script);
    io::stdout().lock().write_all(&script)?;
    Ok(ExitStatus::Success)
}
