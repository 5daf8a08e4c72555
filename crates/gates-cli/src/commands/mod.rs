//! One module per subcommand: read inputs, call gates-core, print.

mod badge;
mod baseline;
mod check;
mod comment;
mod completions;
mod custom;
mod forge;
mod history;
mod init;
mod man;
mod metrics;
mod policy;
mod pull_request;
mod size_label;
mod track_issue;

use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::path::Path;

use gates_core::{Format, InputNames, MergeTarget, Metrics, Policy, parse_path, parse_paths};

use crate::args::{
    BaselineCommand, Cli, ColorChoice, Command, HistoryCommand, PolicyCommand, ReportArgs, SchemaCommand,
};
use crate::error::CliError;
use crate::exit::ExitStatus;

/// The inputs that are not reports, as the reasons of skipped gates name them: by their flags.
pub(crate) static INPUT_NAMES: InputNames = InputNames {
    diff: "--diff FILE or --diff-base REF",
    diff_briefly: "--diff or --diff-base",
    baseline: "--baseline FILE, written by `gates baseline save`",
    bench_baseline: "--bench-baseline FILE",
    pull_request: "--event FILE ($GITHUB_EVENT_PATH), GitLab's CI_MERGE_REQUEST_TITLE, or --pr-title",
    pull_request_title: "--event, or --pr-title",
    pull_request_description: "--event, GitLab's CI_MERGE_REQUEST_DESCRIPTION, or --pr-description",
    api_access: "a token (GITHUB_TOKEN or --token)",
    custom_value: "--metric {name}=VALUE",
    history: "--history FILE, written by `gates history add`",
};

pub(crate) fn run(cli: Cli) -> Result<ExitStatus, CliError> {
    let layout = crate::table::Layout::stdout(use_color(cli.global.color));
    match cli.command {
        Command::Check(args) => check::run(&args, layout, None),
        Command::Report(args) => check::run(&args.check, layout, Some(&args.html)),
        Command::Policy(PolicyCommand::Show(args)) => policy::show(args.policy.as_deref()),
        Command::Policy(PolicyCommand::Schema) | Command::Schema(SchemaCommand::Policy) => {
            policy::print_schema(&gates_core::policy_json_schema())
        }
        Command::Schema(SchemaCommand::Output) => policy::print_schema(&gates_core::output_json_schema()),
        Command::Metrics(args) => metrics::run(&args, layout),
        Command::Baseline(BaselineCommand::Save(args)) => baseline::save(&args),
        Command::History(HistoryCommand::Add(args)) => history::add(&args),
        Command::Badge(args) => badge::run(&args),
        Command::Init(args) => init::run(&args),
        Command::Completions(args) => completions::run(args.shell),
        Command::Man(args) => man::run(args.out_dir.as_deref()),
    }
}

/// Colour only on a terminal, and never when NO_COLOR is set to anything but the empty string.
fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
        }
    }
}

/// Where a policy is looked for when `--policy` is not given; the first that exists is used.
const DISCOVERED_POLICIES: [&str; 2] = ["gates.toml", ".config/gates.toml"];

/// The policy in `path`, else the first of [`DISCOVERED_POLICIES`] in the working directory,
/// else the built-in one; also says which, for the output.
fn load_policy(path: Option<&Path>) -> Result<(Policy, String), CliError> {
    let discovered = || DISCOVERED_POLICIES.iter().map(Path::new).find(|path| path.is_file());
    match path.or_else(discovered) {
        None => Policy::builtin()
            .map(|policy| (policy, "built-in default".to_owned()))
            .map_err(CliError::BuiltinPolicy),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|source| CliError::ReadPolicy { path: path.to_owned(), source })?;
            let policy = Policy::from_toml_str(&text)
                .map_err(|source| CliError::Policy { path: path.to_owned(), source })?;
            Ok((policy, path.display().to_string()))
        }
    }
}

/// The repository's root, found as `git rev-parse --show-toplevel` finds it but without running
/// git (a process per check would cost more than reading a typical project's reports):
/// `GIT_WORK_TREE` when set, else the nearest directory up from the working directory holding a
/// `.git` (a directory, or the file of a worktree or submodule), else the working directory.
fn repository_root() -> Option<String> {
    let cwd = std::env::current_dir().ok()?;
    if let Some(tree) = std::env::var_os("GIT_WORK_TREE").filter(|tree| !tree.is_empty()) {
        return Some(cwd.join(tree).display().to_string());
    }
    let root = cwd.ancestors().find(|dir| dir.join(".git").exists()).unwrap_or(&cwd);
    Some(root.display().to_string())
}

/// The module path of `go.mod` in the working directory, if there is one.
fn working_directory_go_module() -> Option<String> {
    std::fs::read_to_string("go.mod").ok().as_deref().and_then(gates_core::go_module_path)
}

/// Parses every report named on the command line into one set of metrics; notes go to stderr.
fn load_reports(args: &ReportArgs) -> Result<Metrics, CliError> {
    load_reports_or_none(args, false, None)
}

/// Like [`load_reports`]; with `none_is_fine`, giving no report at all is not an error (the
/// policy's other inputs, such as custom metrics, are all there is to check). Go coverprofiles'
/// import paths lose `go_module` (the policy's `[coverage] go-module`) or, without it, the module
/// path of `go.mod` in the working directory.
fn load_reports_or_none(
    args: &ReportArgs,
    none_is_fine: bool,
    go_module: Option<&str>,
) -> Result<Metrics, CliError> {
    let inputs: Vec<(&std::path::PathBuf, Option<Format>)> = args
        .reports
        .iter()
        .map(|path| (path, None))
        .chain(args.coverage.iter().map(|path| (path, Some(Format::Cobertura))))
        .chain(args.junit.iter().map(|path| (path, Some(Format::Junit))))
        .chain(args.input.iter().map(|(format, path)| (path, Some(*format))))
        .collect();
    if inputs.is_empty() && !none_is_fine {
        return Err(CliError::NoReports);
    }
    let mut metrics = Metrics::new();
    let root = repository_root();
    let go_module = go_module.map(str::to_owned).or_else(working_directory_go_module);
    let workers = std::thread::available_parallelism().unwrap_or(NonZeroUsize::MIN);
    parse_paths(&inputs, workers, |path, report| {
        let report = match &go_module {
            Some(module) => report.without_go_module(module),
            None => report,
        };
        let report = match &root {
            Some(root) => report.relative_to(root),
            None => report,
        };
        metrics.add(path.display().to_string(), report);
        Ok::<_, CliError>(MergeTarget::of(&metrics))
    })?;
    let mut stderr = std::io::stderr().lock();
    for source in &metrics.sources {
        for note in &source.notes {
            std::io::Write::write_fmt(&mut stderr, format_args!("note: {}: {note}\n", source.path))?;
        }
    }
    Ok(metrics)
}

/// The benchmark run at `path` to compare the candidate's benchmarks with: a report, or a
/// Criterion `target/criterion` directory read as its `criterion_baseline` runs.
fn load_bench_baseline(path: &Path, criterion_baseline: &str) -> Result<gates_core::BenchmarkRun, CliError> {
    let report = if path.is_dir() {
        gates_core::criterion_baseline(path, criterion_baseline)?
    } else {
        parse_path(path, None)?
    };
    match report.content {
        gates_core::ReportContent::Benchmarks(run) => Ok(*run),
        _ => Err(CliError::NotBenchmarks { path: path.to_owned() }),
    }
}
