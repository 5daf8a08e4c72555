//! `gates check`: parse reports, evaluate, print, exit by the verdict.

use std::io::{self, Write};
use std::path::Path;

use gates_core::{Baseline, Check, Checked, Date, Diff, Evaluation, HtmlReport, Metrics, Output};

use super::INPUT_NAMES;
use crate::args::{CheckArgs, OutputFormat};
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::table;

/// Runs the check; with `html`, also writes the HTML report there.
pub(crate) fn run(
    args: &CheckArgs,
    layout: table::Layout,
    html: Option<&Path>,
) -> Result<ExitStatus, CliError> {
    let (policy, policy_name) = super::load_policy(args.policy.policy.as_deref())?;
    let diff = match read_diff(args)? {
        Some((name, text)) => Some(Diff::parse(&text).map_err(|source| CliError::Diff { name, source })?),
        None => None,
    };
    let heads = match &diff {
        Some(diff) => file_heads(&policy, diff)?,
        None => Vec::new(),
    };
    let pull_request = super::pull_request::facts(args, &policy, diff.as_ref())?;
    let other_inputs = !args.metric.is_empty()
        || !policy.custom_metrics.is_empty()
        || pull_request.is_some()
        || (diff.is_some() && (!policy.change_rules.is_empty() || policy.license_header.is_some()));
    let metrics =
        super::load_reports_or_none(&args.reports, other_inputs, policy.path_map.go_module.as_deref())?;
    let mut check = Check::with_metrics(&policy, metrics)
        .strict(args.strict)
        .today(today())
        .naming_inputs(&INPUT_NAMES)
        .policy_name(&policy_name);
    for (name, value) in super::custom::values(&policy, &args.metric)? {
        check = check.custom_metric(name, value);
    }
    if let Some(facts) = pull_request {
        check = check.pull_request(facts);
    }
    if let Some(diff) = diff {
        check = check.diff(diff);
    }
    for (path, head) in heads {
        check = check.file_head(path, head);
    }
    let mut stderr = io::stderr().lock();

    if let Some(path) = &args.baseline {
        let text = std::fs::read_to_string(path)
            .map_err(|source| CliError::ReadBaseline { path: path.clone(), source })?;
        let baseline =
            Baseline::from_json(&text).map_err(|source| CliError::Baseline { path: path.clone(), source })?;
        check = check.baseline(baseline);
    }
    if let Some(path) = &args.history {
        let history = crate::history_file::read(path)?;
        for note in &history.notes {
            writeln!(stderr, "note: {}: {note}", path.display())?;
        }
        check = super::history::baseline(check, &history, args.event.as_deref())?.history(history);
    }
    let mut bench_baseline = None;
    if let Some(path) = &args.bench_baseline {
        let run = super::load_bench_baseline(path, &args.criterion_baseline)?;
        bench_baseline = Some(run.clone());
        check = check.bench_baseline(run);
    }
    let Checked { evaluation, metrics, .. } = check.run();
    if let Some(path) = html {
        let page = HtmlReport::new(&evaluation, &metrics).bench_baseline(bench_baseline.as_ref()).render();
        std::fs::write(path, page).map_err(|source| CliError::WriteFile { path: path.to_owned(), source })?;
    }
    if let Some(origin) = &evaluation.baseline_origin {
        writeln!(stderr, "gates: {}", origin.describe())?;
    }
    if args.baseline.is_some() && !evaluation.outcomes.iter().any(|outcome| outcome.uses_baseline()) {
        writeln!(stderr, "note: no gate of this policy uses the baseline (it holds none of their metrics)")?;
    }
    if let Some(bench) = &evaluation.bench {
        for warning in bench.machine_mismatch.iter().chain(&bench.setup_mismatch).chain(&bench.notes) {
            writeln!(stderr, "warning: benchmarks: {warning}")?;
        }
    }
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
    for &at in &evaluation.expired_quarantines {
        if let Some(quarantine) = policy.quarantines.get(at) {
            let expires = quarantine.expires.map(|date| date.to_string()).unwrap_or_default();
            writeln!(
                stderr,
                "warning: quarantine of `{}` expired on {expires} and no longer applies ({})",
                quarantine.test, quarantine.reason
            )?;
        }
    }
    for &at in &evaluation.triage.unmatched_waivers {
        if let Some(waiver) = policy.waivers.get(at) {
            let path = waiver.path.as_ref().map(|path| format!(" in `{path}`")).unwrap_or_default();
            writeln!(
                stderr,
                "warning: waiver for `{}`{path} matched nothing in these reports ({})",
                waiver.id, waiver.reason
            )?;
        }
    }
    let mut stdout = io::stdout().lock();
    match &args.output {
        Some(path) => {
            let written = std::fs::File::create(path).and_then(|file| {
                let mut out = io::BufWriter::new(file);
                let layout = table::Layout::file();
                write_output(
                    args.format,
                    &evaluation,
                    &metrics,
                    &policy_name,
                    layout,
                    args.details,
                    &mut out,
                )?;
                out.flush()
            });
            written.map_err(|source| CliError::WriteFile { path: path.clone(), source })?;
            table::write_evaluation(&mut stdout, &evaluation, &metrics, &policy_name, layout, args.details)?;
        }
        None => {
            // Written as it is made: a large JSON document is never held whole.
            let mut out = io::BufWriter::with_capacity(64 * 1024, &mut stdout);
            write_output(args.format, &evaluation, &metrics, &policy_name, layout, args.details, &mut out)?;
            out.flush()?;
        }
    }
    if std::env::var_os("GITHUB_ACTIONS").is_some_and(|value| value == "true") {
        // Workflow commands go with the human output; beside a machine format they use stderr.
        let commands = gates_core::render(Output::Annotations, &evaluation, &metrics);
        if args.output.is_some() || args.format == OutputFormat::Table {
            write!(stdout, "{commands}")?;
        } else {
            write!(stderr, "{commands}")?;
        }
    }
    stdout.flush()?;
    if let Some(summary) = std::env::var_os("GITHUB_STEP_SUMMARY").filter(|path| !path.is_empty()) {
        append_job_summary(
            summary.as_ref(),
            &gates_core::render(Output::Markdown, &evaluation, &metrics),
            &mut stderr,
        )?;
    }
    if args.comment.comment || args.comment.dry_run {
        super::comment::post(&args.comment, &policy, &evaluation, &metrics, &mut stdout, &mut stderr)?;
    }
    let labelling = args.comment.label || args.comment.comment || args.comment.dry_run;
    if labelling && !policy.size_labels.is_empty() {
        super::size_label::apply(&args.comment, &policy, &metrics, &mut stdout, &mut stderr)?;
    }
    if args.track_issue {
        super::track_issue::track(&args.comment, &policy, &evaluation, &metrics, &mut stdout, &mut stderr)?;
    }
    let verdict = evaluation.verdict;
    // The process ends next and hands all its memory back at once: freeing every test and
    // finding one by one first would only add to the wall time.
    std::mem::forget(evaluation);
    std::mem::forget(metrics);
    Ok(ExitStatus::from(verdict))
}

/// Today in UTC, for waiver expiry.
fn today() -> Date {
    let now = time::OffsetDateTime::now_utc().date();
    Date { year: u16::try_from(now.year()).unwrap_or(u16::MAX), month: u8::from(now.month()), day: now.day() }
}

/// The diff named by `--diff` or made by `git diff REF...HEAD` for `--diff-base`, with a name for errors.
fn read_diff(args: &CheckArgs) -> Result<Option<(String, String)>, CliError> {
    if let Some(path) = &args.diff {
        let text = std::fs::read_to_string(path)
            .map_err(|source| CliError::ReadDiff { path: path.clone(), source })?;
        return Ok(Some((path.display().to_string(), text)));
    }
    let Some(base) = &args.diff_base else { return Ok(None) };
    let git_error = |message: String| CliError::Git { base: base.clone(), message };
    let output = std::process::Command::new("git")
        .args(["diff", "--no-color", "--no-ext-diff", &format!("{base}...HEAD")])
        .output()
        .map_err(|error| git_error(format!("cannot run git: {error}")))?;
    if !output.status.success() {
        return Err(git_error(String::from_utf8_lossy(&output.stderr).trim().to_owned()));
    }
    let text = String::from_utf8(output.stdout).map_err(|_| git_error("the diff is not UTF-8".to_owned()))?;
    Ok(Some((format!("git diff {base}...HEAD"), text)))
}

/// The first lines of each changed file the policy's licence header check needs, read from the
/// repository's root (where the diff's paths start). A file not there is left out, so the check
/// is skipped naming it; any other failure to read is an error.
fn file_heads(policy: &gates_core::Policy, diff: &Diff) -> Result<Vec<(String, String)>, CliError> {
    let (paths, lines) = policy.license_header_files(diff);
    let root = std::path::PathBuf::from(super::repository_root().unwrap_or_else(|| ".".to_owned()));
    let mut heads = Vec::with_capacity(paths.len());
    for path in paths {
        let read_error = |source| CliError::ReadChangedFile { path: path.to_owned(), source };
        let file = match std::fs::File::open(root.join(path)) {
            Ok(file) => file,
            Err(error) if error.kind() == io::ErrorKind::NotFound => continue,
            Err(error) => return Err(read_error(error)),
        };
        let mut reader = io::BufReader::new(file);
        let mut head = Vec::new();
        for _ in 0..lines {
            if io::BufRead::read_until(&mut reader, b'\n', &mut head).map_err(read_error)? == 0 {
                break;
            }
        }
        heads.push((path.to_owned(), String::from_utf8_lossy(&head).into_owned()));
    }
    Ok(heads)
}

/// Writes the evaluation in `format` into `out`: the table laid out by `layout`, or the output
/// the library renders.
fn write_output(
    format: OutputFormat,
    evaluation: &Evaluation,
    metrics: &Metrics,
    policy_name: &str,
    layout: table::Layout,
    details: bool,
    out: &mut impl Write,
) -> io::Result<()> {
    let (output, newline) = match format {
        OutputFormat::Table => {
            return table::write_evaluation(out, evaluation, metrics, policy_name, layout, details);
        }
        OutputFormat::Json => (Output::Json, true),
        OutputFormat::Markdown => (Output::Markdown, false),
        OutputFormat::Junit => (Output::Junit, false),
        OutputFormat::Sarif => (Output::Sarif, true),
        OutputFormat::Codeclimate => (Output::CodeClimate, true),
    };
    gates_core::write_rendered(output, evaluation, metrics, out)?;
    if newline {
        writeln!(out)?;
    }
    Ok(())
}

/// Appends the report to `$GITHUB_STEP_SUMMARY`; a failure there is a warning, never the verdict.
fn append_job_summary(path: &std::path::Path, report: &str, stderr: &mut impl Write) -> io::Result<()> {
    let appended = std::fs::OpenOptions::new()
        .create(true)
        .append(true)
        .open(path)
        .and_then(|mut file| writeln!(file, "{report}"));
    if let Err(error) = appended {
        writeln!(stderr, "warning: cannot append to the job summary {}: {error}", path.display())?;
    }
    Ok(())
}
