//! `gates man`: the man page, generated from the same clap definitions as `--help`.

use std::io::{self, Write};
use std::path::Path;

use clap::CommandFactory;

use crate::args::Cli;
use crate::error::CliError;
use crate::exit::ExitStatus;

pub(crate) fn run(out_dir: Option<&Path>) -> Result<ExitStatus, CliError> {
    match out_dir {
        None => {
            let mut stdout = io::stdout().lock();
            clap_mangen::Man::new(Cli::command()).render(&mut stdout)?;
            stdout.flush()?;
        }
        Some(dir) => clap_mangen::generate_to(Cli::command(), dir)
            .map_err(|source| CliError::WriteFile { path: dir.to_owned(), source })?,
    }
    Ok(ExitStatus::Success)
}
