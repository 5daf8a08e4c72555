//! `gates metrics`.

use std::io;
use std::path::Path;

use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::table;

pub(crate) fn run(policy: Option<&Path>, color: bool) -> Result<ExitStatus, CliError> {
    let custom = match policy {
        Some(_) => super::load_policy(policy)?.0.custom_metrics,
        None => Vec::new(),
    };
    let mut stdout = io::stdout().lock();
    table::write_metric_catalogue(&mut stdout, &custom, color)?;
    Ok(ExitStatus::Success)
}
