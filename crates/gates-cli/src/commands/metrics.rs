//! `gates metrics`.

use std::io;

use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::table;

pub(crate) fn run(color: bool) -> Result<ExitStatus, CliError> {
    let mut stdout = io::stdout().lock();
    table::write_metric_catalogue(&mut stdout, color)?;
    Ok(ExitStatus::Success)
}
