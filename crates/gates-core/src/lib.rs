//! gates-core: turn CI reports into one set of metrics and decide whether a change may merge.
//!
//! ```
//! use gates_core::{Check, Diff, Format, Output, Policy, parse_str, render};
//!
//! let policy = Policy::from_toml_str("[[gate]]\nmetric = \"coverage.patch\"\nmin = 80\n")?;
//! let coverage = parse_str(Format::Lcov, "SF:src/app.rs\nDA:1,1\nDA:2,0\nend_of_record\n")?;
//! let diff = Diff::parse("--- a/src/app.rs\n+++ b/src/app.rs\n@@ -1 +1,2 @@\n-old\n+one\n+two\n")?;
//!
//! let checked = Check::new(&policy).report("lcov.info", coverage).diff(diff).run();
//!
//! assert!(!checked.evaluation.verdict.passed()); // one of two changed lines ran: 50 %
//! let comment = render(Output::Markdown, &checked.evaluation, &checked.metrics);
//! assert!(comment.contains("coverage.patch"));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! # The stages
//! The crate is five stages; each uses only those before it:
//! 1. `model`: plain data and its vocabulary: [`Format`], [`Metric`], units, [`Report`], [`Metrics`];
//! 2. `parse`: bytes to the model, one file per format ([`parse_path`], [`sniff`], [`Diff::parse`]);
//! 3. `compare`: candidate against baseline, pure ([`compare_benchmarks`], [`Baseline`],
//!    [`PatchCoverage::compute`]);
//! 4. `policy`: the [`Policy`], metric values, waivers and [`evaluate`];
//! 5. `render`: every output ([`render`], [`Output`]) and the starter policy.
//!
//! [`Check`] gathers every input `gates check` takes and runs them through the stages.
//! The data types live in [`model`]; the crate does no I/O beyond reading the report files it is
//! given: no terminal, network, clock or environment.

#![warn(missing_docs)]
#![deny(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::indexing_slicing,
    clippy::print_stdout,
    clippy::print_stderr
)]

mod check;
mod compare;
pub mod model;
mod parse;
mod policy;
mod render;

pub use check::{Check, Checked};
pub use compare::{
    Baseline, BaselineError, BaselineOrigin, BenchComparison, BenchRow, BenchSummary, BenchVerdict,
    CommitFacts, CompareOptions, DEFAULT_KEEP, FindingKey, HISTORY_VERSION, History, HistoryEntry,
    HistoryError, IntermittentTest, PathMap, Significance, SignificanceTest, Statistic, TestIds, TrendPoint,
    compare_benchmarks, short_sha,
};
pub use model::{
    BenchmarkRun, ChangeSize, DescriptionCheck, Diff, EventPullRequest, Family, Format, InputNames, Metric,
    Metrics, PatchCoverage, PullRequestFacts, Report, ReportContent, Source, Term, TitleCheck, Unavailable,
    Unit, Wanted,
};
pub use parse::{
    DiffError, EventError, JsonValueError, Location, MergeTarget, ParseError, ParseErrorKind, ReportError,
    criterion_baseline, event_pull_request_number, from_path as parse_path,
    from_path_merging as parse_path_merging, from_paths as parse_paths, go_module_path,
    parse as parse_reader, parse_merging as parse_reader_merging, parse_str, sniff, spdx_reading,
};
pub use policy::{
    BUILTIN_TOML, ChangeBound, ChangeRule, ChangeRuleKind, CustomMetric, DEFAULT_HISTORY_WINDOW,
    DEFAULT_TYPES, Date, Detail, Disposition, EvaluateOptions, Evaluation, Gate, Globs, Header, HeaderText,
    JsonSource, LicenseHeaderRule, LicenseRules, LicenseVerdict, MetricExpr, Outcome, Policy, PolicyError,
    Quarantine, Scope, Severity, Status, TitleRules, Triage, Verdict, Waiver, closest_name, evaluate,
    json_schema as policy_json_schema, licensee,
};
pub use render::{
    BASELINE_FILE, Badge, CiJob, CiSystem, HtmlReport, Output, StarterOptions, output_json_schema, render,
    starter_toml, write_rendered,
};

/// What the `gates` command line needs beyond the library's API: the texts of its terminal
/// tables and its helpers for reading command-line values. Not a stable API: it changes with the
/// command line, without notice.
#[doc(hidden)]
pub mod cli_support {
    pub use crate::parse::{format_told_by_name_only, number_text, package_license, value_at};
    pub use crate::render::{
        GateFacts, actual_text, bench_row_texts, bound_text, gate_facts, license_issues, license_text,
        markdown_within, ranges, slowest_test_texts, value_text,
    };
}
