//! `gates metrics`: the catalogue, with the values of the reports given.

use std::io;

use crate::args::MetricsArgs;
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::table;

pub(crate) fn run(args: &MetricsArgs, layout: table::Layout) -> Result<ExitStatus, CliError> {
    let policy = match &args.policy.policy {
        Some(path) => Some(super::load_policy(Some(path))?.0),
        None => None,
    };
    let go_module = policy.as_ref().and_then(|policy| policy.path_map.go_module.as_deref());
    let values = match super::load_reports_or_none(&args.reports, true, go_module)? {
        metrics if metrics.sources.is_empty() => None,
        metrics => Some(metrics.values()),
    };
    let mut stdout = io::stdout().lock();
    table::write_metric_catalogue(&mut stdout, policy.as_ref(), values.as_deref(), layout)?;
    Ok(ExitStatus::Success)
}
