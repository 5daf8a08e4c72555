//! `gates check`: parse reports, evaluate, print, exit by the verdict.

use std::io::{self, Write};
use std::path::PathBuf;

use gates_core::parse::{self, Format};
use gates_core::render::{json, markdown};
use gates_core::{EvaluateOptions, Metrics, evaluate};

use crate::args::{CheckArgs, OutputFormat};
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::table;

pub(crate) fn run(args: &CheckArgs, color: bool) -> Result<ExitStatus, CliError> {
    let (policy, policy_name) = super::load_policy(args.policy.policy.as_deref())?;
    let inputs: Vec<(&PathBuf, Option<Format>)> = args
        .reports
        .iter()
        .map(|path| (path, None))
        .chain(args.coverage.iter().map(|path| (path, Some(Format::Cobertura))))
        .chain(args.junit.iter().map(|path| (path, Some(Format::Junit))))
        .collect();
    if inputs.is_empty() {
        return Err(CliError::NoReports);
    }
    let mut metrics = Metrics::new();
    for (path, format) in inputs {
        let report = parse::from_path(path, format)?;
        metrics.add(path.display().to_string(), report);
    }
    let mut stderr = io::stderr().lock();
    for source in &metrics.sources {
        for note in &source.notes {
            writeln!(stderr, "note: {}: {note}", source.path)?;
        }
    }

    let evaluation = evaluate(&policy, &metrics, &EvaluateOptions::strict(args.strict));
    let mut stdout = io::stdout().lock();
    match args.format {
        OutputFormat::Table => table::write_evaluation(&mut stdout, &evaluation, &policy_name, color)?,
        OutputFormat::Json => writeln!(stdout, "{}", json::render(&evaluation, &metrics))?,
        OutputFormat::Markdown => write!(stdout, "{}", markdown::render(&evaluation, &metrics))?,
    }
    stdout.flush()?;
    Ok(ExitStatus::from(evaluation.verdict))
}
