//! Command-line arguments. Doc comments here are the `--help` text.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use gates_core::Format;

use crate::sticky::CommentMode;

/// Decide whether a change may merge: parse coverage and test reports, apply a policy of
/// quality gates, print the verdict and exit 0 (pass), 1 (a gate failed) or 2 (could not evaluate).
#[derive(Debug, Parser)]
#[command(name = "gates", version, propagate_version = true)]
pub(crate) struct Cli {
    #[command(subcommand)]
    pub(crate) command: Command,
    #[command(flatten)]
    pub(crate) global: GlobalArgs,
}

#[derive(Debug, Args)]
pub(crate) struct GlobalArgs {
    /// When to colour the output: auto (only on a terminal, and never when NO_COLOR is set), always, never.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto, global = true)]
    pub(crate) color: ColorChoice,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum ColorChoice {
    Auto,
    Always,
    Never,
}

/// The examples of `gates help check` and the man page, as the README's "Use" section has them.
pub(crate) const CHECK_EXAMPLES: &str = "\
Examples:
  gates check coverage.xml junit*.xml                  # kinds told from content
  gates check --coverage cov.xml --junit results.xml   # or named explicitly
  gates check --policy gates.toml reports/*.xml         # your own policy (default: ./gates.toml, ./.config/gates.toml, built-in)
  gates check --format json reports/*.xml               # for other tools
  gates check --format markdown reports/*.xml >> \"$GITHUB_STEP_SUMMARY\"
  gates check --strict reports/*.xml                    # warnings fail too
  gates check --diff-base origin/main coverage.xml      # patch coverage of `git diff origin/main...HEAD`
  gates check --diff change.diff coverage.xml           # or of a saved unified diff
  gates check --input ruff=ruff.json --input mypy=mypy.txt  # name a format when content can't tell
  gates check --metric eval.pass_rate=43.5 reports/*    # a custom metric the policy declares
";

#[derive(Debug, Subcommand)]
pub(crate) enum Command {
    /// Parse reports, evaluate the policy's gates and print the verdict.
    #[command(after_help = CHECK_EXAMPLES)]
    Check(Box<CheckArgs>),
    /// `gates check`, and also write one self-contained HTML page of it: the verdict and gates,
    /// coverage per file and by directory, benchmark distributions, failing tests and findings.
    Report(Box<HtmlReportArgs>),
    /// Inspect policies.
    #[command(subcommand)]
    Policy(PolicyCommand),
    /// Print a JSON Schema: of policy files, or of `gates check --format json` output.
    #[command(subcommand)]
    Schema(SchemaCommand),
    /// List every metric a gate can test, with its unit and meaning (and a policy's custom ones);
    /// given reports, the metrics they feed with their values.
    Metrics(MetricsArgs),
    /// Snapshots of every metric, for change gates on later runs.
    #[command(subcommand)]
    Baseline(BaselineCommand),
    /// A history of runs, one JSON line each, kept in a file (a CI cache, an artifact or a
    /// branch): `gates check --history` takes its baseline from it.
    #[command(subcommand)]
    History(HistoryCommand),
    /// Write a badge of a metric's value or of the verdict, coloured by the policy's bounds: an
    /// SVG, or a shields.io endpoint JSON (`https://img.shields.io/endpoint?url=…`).
    Badge(BadgeArgs),
    /// Find the reports under the current directory and write a starter gates.toml with gates for them.
    Init(InitArgs),
    /// Print a shell completion script, e.g. `gates completions bash > ~/.local/share/bash-completion/completions/gates`.
    Completions(CompletionsArgs),
    /// Print the man page (roff), e.g. `gates man > gates.1`; `--out-dir` writes one page per subcommand.
    Man(ManArgs),
}

#[derive(Debug, Args)]
pub(crate) struct InitArgs {
    /// Overwrite an existing gates.toml.
    #[arg(long)]
    pub(crate) force: bool,
}

#[derive(Debug, Args)]
pub(crate) struct CompletionsArgs {
    /// The shell to complete for.
    #[arg(value_enum)]
    pub(crate) shell: clap_complete::Shell,
}

#[derive(Debug, Args)]
pub(crate) struct ManArgs {
    /// Write gates.1 and a page per subcommand (gates-check.1, …) into this directory instead.
    #[arg(long, value_name = "DIR")]
    pub(crate) out_dir: Option<PathBuf>,
}

#[derive(Debug, Subcommand)]
pub(crate) enum BaselineCommand {
    /// Parse reports and write a versioned JSON snapshot of every metric and finding.
    Save(BaselineSaveArgs),
}

#[derive(Debug, Args)]
pub(crate) struct BaselineSaveArgs {
    /// Where to write the snapshot.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: PathBuf,
    #[command(flatten)]
    pub(crate) reports: ReportArgs,
}

#[derive(Debug, Subcommand)]
pub(crate) enum HistoryCommand {
    /// Parse reports and append this run (HEAD's commit, every metric, failing and flaky tests,
    /// benchmark statistics) to the history file, atomically.
    Add(HistoryAddArgs),
}

#[derive(Debug, Args)]
pub(crate) struct HistoryAddArgs {
    /// The history file (JSON Lines); created when it does not exist.
    #[arg(long, value_name = "FILE")]
    pub(crate) history: PathBuf,
    /// How many entries to keep; the oldest are dropped.
    #[arg(long, value_name = "N", default_value_t = gates_core::DEFAULT_KEEP)]
    pub(crate) keep: usize,
    #[command(flatten)]
    pub(crate) reports: ReportArgs,
}

#[derive(Debug, Args)]
pub(crate) struct HtmlReportArgs {
    /// Where to write the HTML page (no network fetch: it opens from disk, e.g. as a CI artifact).
    #[arg(long, value_name = "FILE")]
    pub(crate) html: PathBuf,
    #[command(flatten)]
    pub(crate) check: CheckArgs,
}

#[derive(Debug, Args)]
pub(crate) struct BadgeArgs {
    /// The metric shown (e.g. coverage.total), or `verdict`.
    #[arg(long, value_name = "METRIC")]
    pub(crate) metric: String,
    /// Where to write the badge.
    #[arg(long, value_name = "FILE")]
    pub(crate) out: PathBuf,
    /// svg: the badge itself; shields: a shields.io endpoint document.
    #[arg(long, value_enum, default_value_t = BadgeFormat::Svg)]
    pub(crate) format: BadgeFormat,
    /// The left-hand text (default: the metric's name, or "gates").
    #[arg(long, value_name = "TEXT")]
    pub(crate) label: Option<String>,
    #[command(flatten)]
    pub(crate) policy: PolicyArg,
    #[command(flatten)]
    pub(crate) reports: ReportArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum BadgeFormat {
    Svg,
    Shields,
}

#[derive(Debug, Args)]
pub(crate) struct CheckArgs {
    #[command(flatten)]
    pub(crate) reports: ReportArgs,
    /// A unified diff of the change (e.g. `git diff main...HEAD > change.diff`), for patch coverage.
    #[arg(long, value_name = "FILE", conflicts_with = "diff_base")]
    pub(crate) diff: Option<PathBuf>,
    /// Compute patch coverage against this git ref: runs `git diff REF...HEAD` in the current directory.
    #[arg(long, value_name = "REF")]
    pub(crate) diff_base: Option<String>,
    #[command(flatten)]
    pub(crate) policy: PolicyArg,
    /// Output format.
    #[arg(long, value_enum, default_value_t = OutputFormat::Table)]
    pub(crate) format: OutputFormat,
    /// A baseline written by `gates baseline save` (e.g. from the main branch): enables change
    /// gates (`max-decrease`, `max-increase`) and `security.new_findings`.
    #[arg(long, value_name = "FILE", conflicts_with = "history")]
    pub(crate) baseline: Option<PathBuf>,
    /// A history written by `gates history add`: the baseline is the entry of
    /// `git merge-base HEAD TARGET`, or of its nearest first-parent ancestor that has one.
    /// TARGET: the pull request's base branch (the event, GITHUB_BASE_REF, GitLab's
    /// CI_MERGE_REQUEST_TARGET_BRANCH_NAME) on origin, else origin/HEAD.
    #[arg(long, value_name = "FILE")]
    pub(crate) history: Option<PathBuf>,
    /// A benchmark report to compare the given one with (e.g. main's): fills bench.regressions,
    /// bench.warnings and bench.max_slowdown. A Criterion `target/criterion` directory is read
    /// as the runs saved under --criterion-baseline.
    #[arg(long, value_name = "FILE")]
    pub(crate) bench_baseline: Option<PathBuf>,
    /// The Criterion baseline a --bench-baseline directory is read as: `base` (Criterion's
    /// default) or the name given to `--save-baseline`.
    #[arg(long, value_name = "NAME", default_value = "base")]
    pub(crate) criterion_baseline: String,
    /// Write the --format output to FILE; the table still goes to the terminal.
    #[arg(long, value_name = "FILE")]
    pub(crate) output: Option<PathBuf>,
    /// Treat warnings as failures (exit 1).
    #[arg(long)]
    pub(crate) strict: bool,
    /// Under the table, list every fact behind each failed or warned gate (failing tests,
    /// findings, files, benchmarks) in whole lines, not the first few of each.
    #[arg(long)]
    pub(crate) details: bool,
    /// The value of a custom metric the policy declares, e.g. `--metric eval.pass_rate=43.5`
    /// (`43.5%` and `"43.5"` are read too). Repeatable; overrides the metric's `file`.
    #[arg(long, value_name = "NAME=VALUE", value_parser = parse_metric)]
    pub(crate) metric: Vec<(String, f64)>,
    /// A GitHub event payload holding a pull request (default: $GITHUB_EVENT_PATH on
    /// pull_request events): its title and size feed the pr.* metrics.
    #[arg(long, value_name = "FILE")]
    pub(crate) event: Option<PathBuf>,
    /// The pull-request title to check (default: from the event, or GitLab's CI_MERGE_REQUEST_TITLE).
    #[arg(long, value_name = "TEXT")]
    pub(crate) pr_title: Option<String>,
    /// The pull-request description to measure (default: the event's body, or GitLab's
    /// CI_MERGE_REQUEST_DESCRIPTION).
    #[arg(long, value_name = "TEXT")]
    pub(crate) pr_description: Option<String>,
    /// For scheduled runs: when the verdict fails, open one issue (titled by the policy's
    /// `[track-issue] title`) with the report, comment on it while the run keeps failing, and
    /// close it once the run passes (GitHub: GITHUB_TOKEN with `issues: write`, GITHUB_REPOSITORY;
    /// GitLab CI: GITLAB_TOKEN with the `api` scope, CI_API_V4_URL, CI_PROJECT_ID).
    /// With --dry-run, prints what it would post.
    #[arg(long)]
    pub(crate) track_issue: bool,
    #[command(flatten)]
    pub(crate) comment: CommentArgs,
}

/// The sticky pull-request comment (GitHub) or merge-request note (GitLab). A failure to post is a
/// warning: the exit code stays the verdict's.
#[derive(Debug, Args)]
#[command(next_help_heading = "Pull-request comment")]
pub(crate) struct CommentArgs {
    /// Create or update one comment on the pull request (GitHub Actions: GITHUB_TOKEN,
    /// GITHUB_REPOSITORY, GITHUB_EVENT_PATH and GITHUB_API_URL are read from the environment), or
    /// one note on the merge request under GitLab CI (GITLAB_CI=true: GITLAB_TOKEN, CI_API_V4_URL,
    /// CI_PROJECT_ID, CI_MERGE_REQUEST_IID).
    #[arg(long)]
    pub(crate) comment: bool,
    /// always: create or update; changed: update only when the report changed;
    /// delete-on-pass: delete the comment once every gate passes.
    #[arg(long, value_enum, default_value_t = CommentMode::Always)]
    pub(crate) comment_mode: CommentMode,
    /// Names the comment's hidden marker, so several gates jobs keep separate comments
    /// (default: the policy's `[comment] marker`, else "gates").
    #[arg(long, value_name = "NAME")]
    pub(crate) comment_marker: Option<String>,
    /// The API token (default: $GITHUB_TOKEN, or $GITLAB_TOKEN under GitLab CI).
    #[arg(long, value_name = "TOKEN")]
    pub(crate) token: Option<String>,
    /// The pull request number (default: from the event payload in $GITHUB_EVENT_PATH), or the
    /// merge request IID under GitLab CI (default: $CI_MERGE_REQUEST_IID).
    #[arg(long, value_name = "N")]
    pub(crate) pr: Option<u64>,
    /// Set the pull request's (under GitLab CI: the merge request's) size label from the
    /// policy's `[pr.size-labels]` and remove the other labels listed there (also done by --comment).
    #[arg(long)]
    pub(crate) label: bool,
    /// Print the comment (and size label, and tracked issue) that would be posted, and post nothing.
    #[arg(long)]
    pub(crate) dry_run: bool,
}

/// The reports to read.
#[derive(Debug, Args)]
pub(crate) struct ReportArgs {
    /// Report files; the kind of each is told from its content (Cobertura, JaCoCo or JUnit XML,
    /// LCOV, coverage.py JSON, …: see the README's supported formats).
    #[arg(value_name = "REPORT")]
    pub(crate) reports: Vec<PathBuf>,
    /// A Cobertura XML coverage report, read as such whatever its content looks like.
    #[arg(long, value_name = "FILE")]
    pub(crate) coverage: Vec<PathBuf>,
    /// A JUnit XML test report, read as such whatever its content looks like.
    #[arg(long, value_name = "FILE")]
    pub(crate) junit: Vec<PathBuf>,
    #[arg(long, value_name = "FORMAT=FILE", value_parser = parse_input, help = input_help())]
    pub(crate) input: Vec<(Format, PathBuf)>,
}

#[derive(Debug, Args)]
pub(crate) struct MetricsArgs {
    #[command(flatten)]
    pub(crate) policy: PolicyArg,
    #[command(flatten)]
    pub(crate) reports: ReportArgs,
}

#[derive(Debug, Args)]
pub(crate) struct PolicyArg {
    /// The policy file (TOML). Without it, gates.toml or else .config/gates.toml in the current
    /// directory, else the built-in default policy.
    #[arg(long, value_name = "FILE")]
    pub(crate) policy: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub(crate) enum OutputFormat {
    /// A table for people, with a verdict line.
    Table,
    /// One JSON document: {"version", "verdict", "metrics", "gates", ...}.
    Json,
    /// GitHub-flavoured Markdown (PR comments, job summaries).
    Markdown,
    /// JUnit XML: each gate a test case (Jenkins, GitLab test reports).
    Junit,
    /// SARIF 2.1.0 of the counted findings (GitHub code scanning).
    Sarif,
    /// GitLab Code Quality JSON of the counted findings (merge-request widget).
    Codeclimate,
}

#[derive(Debug, Subcommand)]
pub(crate) enum SchemaCommand {
    /// The JSON Schema (draft 2020-12) of `gates check --format json` output.
    Output,
    /// The JSON Schema of policy files (the same as `gates policy schema`).
    Policy,
}

#[derive(Debug, Subcommand)]
pub(crate) enum PolicyCommand {
    /// Print the effective policy as TOML, every default written out.
    Show(PolicyArg),
    /// Print the JSON Schema of policy files, for editors (`#:schema` in taplo, VS Code).
    Schema,
}

fn parse_metric(text: &str) -> Result<(String, f64), String> {
    let (name, value) = text.split_once('=').ok_or("expected NAME=VALUE, e.g. eval.pass_rate=43.5")?;
    let number = gates_core::cli_support::number_text(value.trim().trim_matches('"'))
        .ok_or_else(|| format!("expected a number after `=` (like 43.5 or 43.5%), found {value:?}"))?;
    Ok((name.trim().to_owned(), number))
}

/// `--input`'s help, naming every format.
fn input_help() -> String {
    let names: Vec<&str> = Format::ALL.iter().map(|format| format.name()).collect();
    format!("A report of a named format, e.g. `--input ruff=ruff.json`. Formats: {}.", names.join(", "))
}

fn parse_input(text: &str) -> Result<(Format, PathBuf), String> {
    let (name, path) = text.split_once('=').ok_or("expected FORMAT=FILE, e.g. ruff=ruff.json")?;
    let format = Format::from_name(name.trim()).ok_or_else(|| {
        let names: Vec<&str> = Format::ALL.iter().map(|format| format.name()).collect();
        format!("unknown format `{name}`; expected one of: {}", names.join(", "))
    })?;
    if path.is_empty() {
        return Err("expected a file after `=`".to_owned());
    }
    Ok((format, PathBuf::from(path)))
}
