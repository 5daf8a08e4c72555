//! `gates init`: find the reports under the working directory, tell their kinds from their
//! content, and write a starter `gates.toml` with the built-in gates they can feed.

use std::fs;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use gates_core::Metrics;
use gates_core::cli_support::format_told_by_name_only;
use gates_core::{
    BASELINE_FILE, CiJob, CiSystem, Report, ReportContent, ReportError, StarterOptions, parse_path,
};

use crate::args::InitArgs;
use crate::error::CliError;
use crate::exit::ExitStatus;

/// The file written, the first place `gates check` looks for a policy.
const POLICY_FILE: &str = "gates.toml";
/// How many directory levels below the working directory are searched
/// (`build/test-results/test/TEST-x.xml` is three down).
const MAX_DEPTH: usize = 4;
/// Dependencies, virtual environments and build output hold other projects' files, not this
/// one's reports. Hidden directories are skipped too, except pytest-benchmark's `.benchmarks`.
const SKIPPED_DIRS: &[&str] = &["target", "node_modules", "venv", "__pycache__", "site-packages"];
const KEPT_HIDDEN_DIRS: &[&str] = &[".benchmarks"];
/// Criterion keeps its results in the build output, which the walk skips: looked at by name.
const CRITERION_DIR: &str = "target/criterion";
/// Report files end so; anything else (sources, images) is not opened.
const REPORT_EXTENSIONS: &[&str] =
    &["xml", "json", "jsonl", "info", "lcov", "sarif", "txt", "out", "tap", "trx"];
/// Words in the names tools and CI setups give reports: such a file whose content is no report
/// gates reads (truncated, or an unsupported variant) is worth a warning, a package.json is not.
const REPORT_NAME_WORDS: &[&str] = &[
    "coverage",
    "cobertura",
    "jacoco",
    "lcov",
    "junit",
    "bandit",
    "sarif",
    "pip-audit",
    "pip_audit",
    "safety",
    "radon",
    "ruff",
    "mypy",
    "flake8",
    "pylint",
    "benchmark",
    "cover",
    "go-test",
    "gotest",
    "test2json",
    "checkstyle",
    "eslint",
    "clippy",
    "codeclimate",
    "code-quality",
    "code_quality",
    "tap",
    "jest",
    "mocha",
    "ctrf",
    "trx",
    "testresult",
    "nunit",
    "xunit",
    "opencover",
    "clover",
    "istanbul",
    "resultset",
    "simplecov",
    "llvm",
    "audit",
    "trivy",
    "grype",
    "osv",
    "semgrep",
    "trufflehog",
    "golangci",
    "criterion",
    "hyperfine",
    "outdated",
    "cyclonedx",
    "vex",
];
/// Larger files are not reports worth sniffing in a starter scan.
const MAX_REPORT_BYTES: u64 = 512 * 1024 * 1024;

pub(crate) fn run(args: &InitArgs) -> Result<ExitStatus, CliError> {
    let target = Path::new(POLICY_FILE);
    if target.exists() && !args.force {
        return Err(CliError::PolicyExists { path: target.to_owned() });
    }
    let mut stdout = io::stdout().lock();
    let mut stderr = io::stderr().lock();
    let mut candidates = Vec::new();
    find_candidates(Path::new("."), 0, &mut candidates, &mut stderr)?;
    if Path::new(CRITERION_DIR).is_dir() {
        candidates.push(PathBuf::from(CRITERION_DIR));
    }

    let mut metrics = Metrics::new();
    let mut found = Vec::new();
    // coverage.py writes the same data as XML and JSON: the line totals tell a second copy.
    let mut coverage_seen: Vec<(String, (u64, u64))> = Vec::new();
    let mut benchmark_runs: Vec<(Option<String>, String, Report)> = Vec::new();
    // A Criterion directory holds its own baseline, `base`, once a run has saved one.
    let mut criterion_baseline = None;
    for path in candidates {
        let name = display_path(&path);
        match parse_path(&path, None) {
            Ok(report) => {
                writeln!(stdout, "found {name}: {}", report.format)?;
                if let ReportContent::Coverage(coverage) = &report.content {
                    let totals = coverage.totals();
                    let totals = (totals.lines_covered, totals.lines_valid);
                    if let Some((first, _)) = coverage_seen.iter().find(|(_, seen)| *seen == totals) {
                        writeln!(stdout, "  the same coverage as {first}: left out")?;
                        continue;
                    }
                    coverage_seen.push((name.clone(), totals));
                }
                if path.is_dir() && gates_core::criterion_baseline(&path, "base").is_ok() {
                    criterion_baseline = Some(name.clone());
                }
                if let ReportContent::Benchmarks(run) = &report.content
                    && !path.is_dir()
                {
                    benchmark_runs.push((run.datetime.clone(), name, report));
                    continue;
                }
                found.push(command_word(&path, &name));
                metrics.add(name, report);
            }
            Err(ReportError::Unrecognized { found: what, .. }) if named_like_a_report(&path) => {
                writeln!(stderr, "warning: left out {name}: cannot tell what kind of report it is: {what}")?;
            }
            // Not a report: a package.json, a pom.xml, a requirements.txt.
            Err(ReportError::Unrecognized { .. }) => {}
            Err(error) => writeln!(stderr, "warning: left out {error}")?,
        }
    }
    // The newest benchmark run is checked against the one before it (a `.benchmarks` history
    // numbers its runs in order, and each run says when it was taken).
    benchmark_runs
        .sort_by(|(a_time, a_name, _), (b_time, b_name, _)| (a_time, a_name).cmp(&(b_time, b_name)));
    let newest = benchmark_runs.pop();
    let bench_baseline = benchmark_runs.pop().map(|(_, name, _)| name).or(criterion_baseline);
    if let Some((_, name, report)) = newest {
        found.push(shell_word(&name));
        metrics.add(name, report);
    }
    let save_baseline = format!("gates baseline save --out {BASELINE_FILE} {}", found.join(" "));
    if let Some(name) = bench_baseline {
        found.push(format!("--bench-baseline {}", shell_word(&name)));
    }
    if found.is_empty() {
        return Err(CliError::NoReportsFound { depth: MAX_DEPTH });
    }
    let diff_base = git_diff_base().filter(|_| metrics.coverage.is_some());
    let options = match diff_base {
        Some(_) => StarterOptions::default().with_patch_gate(),
        None => StarterOptions::default(),
    };
    if let Some(base) = &diff_base {
        found.insert(0, format!("--diff-base {}", shell_word(base)));
    }
    let text =
        gates_core::starter_toml(&metrics, &super::INPUT_NAMES, options).map_err(CliError::BuiltinPolicy)?;
    fs::write(target, &text).map_err(|source| CliError::WriteFile { path: target.to_owned(), source })?;
    let gates = text.lines().filter(|line| *line == "[[gate]]").count();
    let command = format!("gates check {}", found.join(" "));
    if let Some(ci) = ci_system() {
        let path = Path::new(ci.job_path());
        if path.exists() && !args.force {
            writeln!(stderr, "warning: {} exists: left as it is (--force replaces it)", path.display())?;
        } else {
            let default_branch =
                diff_base.as_deref().map_or("main", |base| base.strip_prefix("origin/").unwrap_or(base));
            let job =
                CiJob::new(&command, format!("--baseline {BASELINE_FILE}"), &save_baseline, default_branch)
                    .render(ci, env!("CARGO_PKG_VERSION"));
            let written =
                path.parent().map_or(Ok(()), fs::create_dir_all).and_then(|()| fs::write(path, job));
            written.map_err(|source| CliError::WriteFile { path: path.to_owned(), source })?;
            writeln!(stdout, "wrote {}, a CI job running the command below", path.display())?;
        }
    }
    writeln!(
        stdout,
        "to gate on change, save a baseline on the default branch (then check with --baseline {BASELINE_FILE}):"
    )?;
    writeln!(stdout, "  {save_baseline}")?;
    writeln!(stdout, "wrote {POLICY_FILE} with {gates} gates; check with:")?;
    writeln!(stdout, "  {command}")?;
    Ok(ExitStatus::Success)
}

/// The CI system the working directory is set up for: GitHub Actions when `.github/` exists,
/// GitLab CI when `.gitlab-ci.yml` does.
fn ci_system() -> Option<CiSystem> {
    if Path::new(".github").is_dir() {
        Some(CiSystem::GithubActions)
    } else if Path::new(".gitlab-ci.yml").is_file() {
        Some(CiSystem::GitlabCi)
    } else {
        None
    }
}

/// In a git repository, the branch a change is compared with: the remote's default branch
/// (`origin/HEAD`), else `origin/main`. `None` outside git.
fn git_diff_base() -> Option<String> {
    let git = |args: &[&str]| {
        std::process::Command::new("git")
            .args(args)
            .stderr(std::process::Stdio::null())
            .output()
            .ok()
            .filter(|output| output.status.success())
            .and_then(|output| String::from_utf8(output.stdout).ok())
            .map(|text| text.trim().to_owned())
            .filter(|text| !text.is_empty())
    };
    git(&["rev-parse", "--is-inside-work-tree"]).filter(|inside| inside == "true")?;
    Some(
        git(&["symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD"])
            .unwrap_or_else(|| "origin/main".to_owned()),
    )
}

/// How the suggested command names a report: where only the file name tells the kind, with
/// its format.
fn command_word(path: &Path, name: &str) -> String {
    match format_told_by_name_only(path) {
        Some(format) => format!("--input {}={}", format.name(), shell_word(name)),
        None => shell_word(name),
    }
}

/// Collects files that may be reports, in a stable (sorted) order. Symbolic links are not
/// followed, so a link cycle cannot trap the walk.
fn find_candidates(
    dir: &Path,
    depth: usize,
    found: &mut Vec<PathBuf>,
    stderr: &mut impl Write,
) -> io::Result<()> {
    let entries = match fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => return writeln!(stderr, "warning: cannot list {}: {error}", display_path(dir)),
    };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).collect();
    entries.sort_by_key(|entry| entry.file_name());
    for entry in entries {
        let Ok(kind) = entry.file_type() else { continue };
        let path = entry.path();
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if kind.is_dir() {
            if depth < MAX_DEPTH && searched_dir(&name) {
                find_candidates(&path, depth + 1, found, stderr)?;
            }
        } else if kind.is_file() && may_be_report(&path) {
            match entry.metadata() {
                Ok(metadata) if metadata.len() > MAX_REPORT_BYTES => {
                    writeln!(stderr, "warning: left out {}: larger than 512 MiB", display_path(&path))?;
                }
                _ => found.push(path.strip_prefix(".").map(Path::to_owned).unwrap_or(path)),
            }
        }
    }
    Ok(())
}

fn searched_dir(name: &str) -> bool {
    let hidden = name.starts_with('.') && !KEPT_HIDDEN_DIRS.contains(&name);
    !hidden && !SKIPPED_DIRS.contains(&name)
}

fn may_be_report(path: &Path) -> bool {
    path.extension()
        .and_then(|extension| extension.to_str())
        .is_some_and(|extension| REPORT_EXTENSIONS.contains(&extension.to_ascii_lowercase().as_str()))
}

fn named_like_a_report(path: &Path) -> bool {
    let name = path.file_name().map(|name| name.to_string_lossy()).unwrap_or_default();
    let lowercase = name.to_lowercase();
    name.starts_with("TEST-") || REPORT_NAME_WORDS.iter().any(|word| lowercase.contains(word))
}

/// `./reports/junit.xml` → `reports/junit.xml`, as a user would type it.
fn display_path(path: &Path) -> String {
    match path.strip_prefix(".") {
        Ok(relative) if relative.as_os_str().is_empty() => ".".to_owned(),
        Ok(relative) => relative.display().to_string(),
        Err(_) => path.display().to_string(),
    }
}

/// A path as one POSIX shell word: quoted when it holds anything but plain characters.
fn shell_word(path: &str) -> String {
    let plain = |c: char| c.is_ascii_alphanumeric() || "._-/+=:,@".contains(c);
    if !path.is_empty() && path.chars().all(plain) {
        path.to_owned()
    } else {
        format!("'{}'", path.replace('\'', r"'\''"))
    }
}
