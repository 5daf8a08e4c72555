//! `gates check`: parse reports, evaluate, print, exit by the verdict.

use std::io::{self, Write};
use std::path::PathBuf;

use gates_core::parse::{self, Format};
use gates_core::policy::Date;
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
        .chain(args.input.iter().map(|(format, path)| (path, Some(*format))))
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

    let evaluation = evaluate(&policy, &metrics, &EvaluateOptions::strict(args.strict).on(today()));
    for &at in &evaluation.expired_waivers {
        if let Some(waiver) = policy.waivers.get(at) {
            let expires = waiver.expires.map(|date| date.to_string()).unwrap_or_default();
            writeln!(
                stderr,
                "warning: waiver for `{}` expired on {expires} and no longer applies ({})",
                waiver.id, waiver.reason
            )?;
        }
    }
    let mut stdout = io::stdout().lock();
    match args.format {
        OutputFormat::Table => table::write_evaluation(&mut stdout, &evaluation, &policy_name, color)?,
        OutputFormat::Json => writeln!(stdout, "{}", json::render(&evaluation, &metrics))?,
        OutputFormat::Markdown => write!(stdout, "{}", markdown::render(&evaluation, &metrics))?,
    }
    stdout.flush()?;
    Ok(ExitStatus::from(evaluation.verdict))
}

/// Today in UTC, for waiver expiry.
fn today() -> Date {
    let now = time::OffsetDateTime::now_utc().date();
    Date { year: u16::try_from(now.year()).unwrap_or(u16::MAX), month: u8::from(now.month()), day: now.day() }
}
