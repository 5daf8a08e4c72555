//! `gates report --html`: one self-contained HTML file of a check, with trends from a history.

use std::io::{self, Write};

use gates_core::Check;

use crate::args::ReportCommandArgs;
use crate::error::CliError;
use crate::exit::ExitStatus;

pub(crate) fn run(args: &ReportCommandArgs) -> Result<ExitStatus, CliError> {
    let (policy, policy_name) = super::load_policy(args.policy.policy.as_deref())?;
    let metrics = super::load_reports(&args.reports)?;
    let history = args.history.as_deref().map(crate::history_file::read).transpose()?;
    let mut check =
        Check::with_metrics(&policy, metrics).naming_inputs(&super::INPUT_NAMES).policy_name(policy_name);
    if let Some(history) = &history {
        check = check.history(history.clone());
    }
    let bench_baseline = args.bench_baseline.as_deref().map(super::load_bench_baseline).transpose()?;
    if let Some(run) = &bench_baseline {
        check = check.bench_baseline(run.clone());
    }
    let checked = check.run();
    let html = gates_core::render_html(
        &checked.evaluation,
        &checked.metrics,
        history.as_ref(),
        bench_baseline.as_ref(),
    );
    std::fs::write(&args.html, html)
        .map_err(|source| CliError::WriteFile { path: args.html.clone(), source })?;
    writeln!(io::stderr(), "gates: wrote {}", args.html.display())?;
    Ok(ExitStatus::from(checked.evaluation.verdict))
}
