//! `gates baseline save`.

use std::io::{self, Write};

use gates_core::Baseline;

use crate::args::BaselineSaveArgs;
use crate::error::CliError;
use crate::exit::ExitStatus;

pub(crate) fn save(args: &BaselineSaveArgs) -> Result<ExitStatus, CliError> {
    let metrics = super::load_reports(&args.reports)?;
    let baseline = Baseline::of(&metrics, &metrics.values());
    std::fs::write(&args.out, baseline.to_json() + "\n")
        .map_err(|source| CliError::WriteFile { path: args.out.clone(), source })?;
    writeln!(
        io::stderr(),
        "gates: wrote {} ({} metrics, {} findings, {} vulnerabilities)",
        args.out.display(),
        baseline.metrics.len(),
        baseline.findings.len(),
        baseline.vulnerabilities.len()
    )?;
    Ok(ExitStatus::Success)
}
