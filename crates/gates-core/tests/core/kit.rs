//! The test kit: where testdata/ lives, which of its files are cases and of which format, and
//! the steps most tests take (read, parse, merge, evaluate). The rules are those of
//! testdata/README.md. The items of gates-core the tests use are imported here, so a change of
//! the API is fixed in this file.

use std::path::{Path, PathBuf};
use std::sync::LazyLock;

pub use gates_core::cli_support::{markdown_within, package_license, value_at};
pub use gates_core::model::{self, ReportContent};
pub use gates_core::{
    BUILTIN_TOML, Diff, EventPullRequest, Format, LicenseRules, Output, PatchCoverage, PathMap, TitleRules,
    licensee, parse_path, parse_reader, parse_str, render, sniff, spdx_reading, starter_toml,
};
use gates_core::{EvaluateOptions, Evaluation, Metric, Metrics, Policy, Report, evaluate};

/// The folder holding the cases of parse errors, inside a format's folder.
const INVALID: &str = "invalid";

/// The folder of unified diffs (patch coverage); every other case folder is named after formats.
const DIFF_FOLDER: &str = "patch";

/// Formats whose reports are text: in their folders a `.txt` file is a report, elsewhere it is
/// a tool's own output kept for its totals.
const TEXT_FORMATS: &[Format] = &[Format::Mypy, Format::Flake8, Format::GoBench];

/// File extensions of reports in a format's folder (plus `.txt` for [`TEXT_FORMATS`]).
const REPORT_EXTENSIONS: &[&str] = &["xml", "json", "jsonl", "info", "sarif", "out", "tap", "trx"];

/// What the files of a testdata folder are, told by the folder's name.
#[derive(Debug, Clone, PartialEq)]
pub enum FolderKind {
    /// Reports of these formats: the format named by the folder (`cobertura`) or, for a tool
    /// that writes several, those named after it (`radon` → `radon-cc`, `radon-mi`, `radon-raw`).
    Reports(Vec<Format>),
    /// Unified diffs.
    Diffs,
}

/// The kind of the folder `testdata/<name>/`, if it holds cases.
pub fn folder_kind(name: &str) -> Option<FolderKind> {
    if name == DIFF_FOLDER {
        return Some(FolderKind::Diffs);
    }
    let formats: Vec<Format> = Format::ALL
        .iter()
        .copied()
        .filter(|format| {
            format.name() == name
                || format.name().strip_prefix(name).is_some_and(|rest| rest.starts_with('-'))
        })
        .collect();
    (!formats.is_empty()).then_some(FolderKind::Reports(formats))
}

/// The testdata/ folder at the workspace root.
pub fn testdata_root() -> &'static Path {
    static ROOT: LazyLock<PathBuf> = LazyLock::new(|| {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata").canonicalize().unwrap()
    });
    &ROOT
}

/// The path of `relative` inside testdata/.
pub fn testdata(relative: &str) -> PathBuf {
    testdata_root().join(relative)
}

/// A testdata file as text.
pub fn read(relative: &str) -> String {
    let path = testdata(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
}

/// `path` relative to testdata/, with `/` between folders, as snapshots and messages show it.
pub fn shown(path: &Path) -> String {
    let relative = path.strip_prefix(testdata_root()).unwrap_or(path);
    relative.components().map(|part| part.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/")
}

/// The folder a case sits in, and whether it is an invalid one.
fn case_folder(path: &Path) -> Option<(FolderKind, bool)> {
    let relative = path.strip_prefix(testdata_root()).ok()?;
    let parts: Vec<_> = relative.iter().filter_map(|part| part.to_str()).collect();
    match parts.as_slice() {
        [folder, _file] => Some((folder_kind(folder)?, false)),
        [folder, invalid, _file] if *invalid == INVALID => Some((folder_kind(folder)?, true)),
        _ => None,
    }
}

/// Whether `path` is a valid case: a file directly inside a case folder whose extension is one
/// of its kind's (`.diff` for diffs; [`REPORT_EXTENSIONS`], and `.txt` for text formats).
pub fn is_valid_case(path: &Path) -> bool {
    let Some((kind, false)) = case_folder(path) else { return false };
    let extension = path.extension().and_then(|extension| extension.to_str()).unwrap_or_default();
    path.is_file()
        && match kind {
            FolderKind::Diffs => extension == "diff",
            FolderKind::Reports(formats) => {
                REPORT_EXTENSIONS.contains(&extension)
                    || (extension == "txt" && formats.iter().any(|format| TEXT_FORMATS.contains(format)))
            }
        }
}

/// Whether `path` is an invalid case: any file in a case folder's `invalid/`.
pub fn is_invalid_case(path: &Path) -> bool {
    matches!(case_folder(path), Some((_, true))) && path.is_file()
}

/// Every file below testdata/ that `keep` accepts, sorted.
fn files_where(keep: fn(&Path) -> bool) -> Vec<PathBuf> {
    fn walk(folder: &Path, found: &mut Vec<PathBuf>) {
        for entry in std::fs::read_dir(folder).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, found);
            } else {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(testdata_root(), &mut found);
    found.retain(|path| keep(path));
    found.sort();
    found
}

/// Every valid case.
pub fn valid_cases() -> Vec<PathBuf> {
    files_where(is_valid_case)
}

/// A valid report with the format gates tells from it.
#[derive(Debug, Clone)]
pub struct Seed {
    /// Where it is, relative to testdata/.
    pub path: String,
    /// The format sniffed from its content (or its file name, for `[]`).
    pub format: Format,
    /// Its content.
    pub text: String,
}

/// Every valid report (not diff) with its format, read once per test binary.
pub fn seeds() -> &'static [Seed] {
    static SEEDS: LazyLock<Vec<Seed>> = LazyLock::new(|| {
        valid_cases()
            .iter()
            .filter(|path| !matches!(case_folder(path), Some((FolderKind::Diffs, _))))
            .map(|path| Seed {
                path: shown(path),
                format: report_at(path).format,
                text: std::fs::read_to_string(path).unwrap(),
            })
            .collect()
    });
    &SEEDS
}

/// The report at `path` read as `gates check` reads it, its format told from its content.
pub fn report_at(path: &Path) -> Report {
    parse_path(path, None).unwrap_or_else(|error| panic!("{error}"))
}

/// The testdata report at `relative`, read as `format` (or as its content tells, given none).
pub fn report(relative: &str, format: Option<Format>) -> Report {
    parse_path(&testdata(relative), format).unwrap_or_else(|error| panic!("{error}"))
}

/// The format an invalid case is read as: its folder's only format, or, in the folder of a tool
/// with several, the one its file name starts with (`radon/invalid/radon-cc-listed-twice.json`).
pub fn invalid_case_format(path: &Path) -> Format {
    let Some((FolderKind::Reports(formats), true)) = case_folder(path) else {
        panic!("{} is not an invalid report case", path.display())
    };
    let name = path.file_name().and_then(|name| name.to_str()).unwrap_or_default();
    let named = formats
        .iter()
        .copied()
        .filter(|format| name.strip_prefix(format.name()).is_some_and(|rest| rest.starts_with('-')))
        .max_by_key(|format| format.name().len());
    match (named, formats.as_slice()) {
        (Some(format), _) | (None, &[format]) => format,
        _ => panic!("{}: name it after one of {formats:?}", path.display()),
    }
}

/// Why gates refuses the invalid case at `path`, as `gates check` says it, with the path shown
/// relative to testdata/.
pub fn refusal(path: &Path) -> String {
    let message = match case_folder(path) {
        Some((FolderKind::Diffs, true)) => match Diff::parse(&std::fs::read_to_string(path).unwrap()) {
            Ok(diff) => panic!("{}: accepted: {diff:?}", path.display()),
            Err(error) => format!("{}: {error}", path.display()),
        },
        _ => match parse_path(path, Some(invalid_case_format(path))) {
            Ok(report) => panic!("{}: accepted: {report:?}", path.display()),
            Err(error) => error.to_string(),
        },
    };
    message.replace(&format!("{}/", testdata_root().display()), "testdata/")
}

/// The reports at these testdata paths, merged; each is named by its path.
pub fn metrics_of(paths: &[&str]) -> Metrics {
    let mut metrics = Metrics::new();
    for path in paths {
        metrics.add(*path, report_at(&testdata(path)));
    }
    metrics
}

/// The value of `metric`, or a panic saying why there is none.
pub fn value(metrics: &Metrics, metric: Metric) -> f64 {
    metrics.value(metric).unwrap_or_else(|why| panic!("{metric}: {why}"))
}

/// The test counts in the order total, passed, failed, errors, skipped, flaky.
pub fn test_counts(metrics: &Metrics) -> [f64; 6] {
    [
        Metric::TestsTotal,
        Metric::TestsPassed,
        Metric::TestsFailed,
        Metric::TestsErrors,
        Metric::TestsSkipped,
        Metric::TestsFlaky,
    ]
    .map(|metric| value(metrics, metric))
}

/// The benchmark run of a pytest-benchmark report in testdata/.
pub fn benchmark_run(path: &str) -> model::BenchmarkRun {
    match report_at(&testdata(path)).content {
        ReportContent::Benchmarks(run) => *run,
        other => panic!("{path}: not benchmarks: {other:?}"),
    }
}

/// The patch coverage of the diff at `diff` against the merged coverage of `metrics`.
pub fn with_patch(mut metrics: Metrics, diff: &str) -> Metrics {
    let diff = Diff::parse(&read(diff)).unwrap_or_else(|error| panic!("{diff}: {error}"));
    let coverage = metrics.coverage.as_ref().expect("a coverage report before the diff");
    metrics.patch = Some(PatchCoverage::compute(coverage, &diff, &PathMap::default()));
    metrics
}

/// The evaluation of `metrics` under the policy `toml`.
pub fn evaluate_with(toml: &str, metrics: &Metrics, options: &EvaluateOptions) -> Evaluation {
    let policy = Policy::from_toml_str(toml).unwrap_or_else(|error| panic!("{error}"));
    evaluate(&policy, metrics, options)
}

/// The evaluation of `metrics` under the built-in policy, with default options.
pub fn evaluate_builtin(metrics: &Metrics) -> Evaluation {
    evaluate_with(BUILTIN_TOML, metrics, &EvaluateOptions::default())
}
