//! `gates init` and the policy `gates check` finds in the working directory.

use std::fs;
use std::path::Path;

use super::{gates_in, repo};

/// Copies `testdata/FROM` to `dir/TO`, creating folders.
fn copy(dir: &Path, from: &str, to: &str) {
    let target = dir.join(to);
    fs::create_dir_all(target.parent().unwrap()).unwrap();
    fs::copy(repo().join("testdata").join(from), target).unwrap();
}

/// A project after its CI steps: reports under names that do not tell their kind, next to files
/// that are not reports and reports in folders init must not search.
fn project() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    copy(path, "cobertura/coverage-py-branch.xml", "coverage.xml");
    copy(path, "junit/pytest-xunit2.xml", "build/results/unit.xml");
    copy(path, "bandit/bandit.json", "scan-output.json");
    copy(path, "mypy/mypy.txt", "mypy.txt");
    copy(path, "junit/pytest-xunit1.xml", ".venv/lib/junit.xml");
    copy(path, "junit/pytest-xunit1.xml", "node_modules/pkg/junit.xml");
    copy(path, "junit/pytest-xunit1.xml", "target/junit.xml");
    fs::write(path.join("package.json"), "{\"name\": \"app\"}\n").unwrap();
    fs::write(path.join("requirements.txt"), "requests==2.32.3\n").unwrap();
    fs::write(path.join("pom.xml"), "<project><modelVersion>4.0.0</modelVersion></project>\n").unwrap();
    dir
}

#[test]
fn init_tells_reports_by_content_and_writes_gates_for_them() {
    let dir = project();
    let run = gates_in(dir.path(), &["init"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        run.stdout,
        "found build/results/unit.xml: JUnit XML\n\
         found coverage.xml: Cobertura XML\n\
         found mypy.txt: mypy output\n\
         found scan-output.json: bandit JSON\n\
         to gate on change, save a baseline on the default branch (then check with --baseline gates-baseline.json):\n  \
         gates baseline save --out gates-baseline.json build/results/unit.xml coverage.xml mypy.txt scan-output.json\n\
         wrote gates.toml with 7 gates; check with:\n  \
         gates check build/results/unit.xml coverage.xml mypy.txt scan-output.json\n"
    );
    assert_eq!(run.stderr, "", "{}", run.transcript());

    let written = fs::read_to_string(dir.path().join("gates.toml")).unwrap();
    let policy = gates_core::Policy::from_toml_str(&written).unwrap();
    let metrics: Vec<String> = policy.gates.iter().map(|gate| gate.metric.to_string()).collect();
    assert_eq!(
        metrics,
        [
            "coverage.total",
            "tests.total",
            "tests.failed + tests.errors",
            "security.high",
            "security.medium",
            "security.scan_errors",
            "types.errors"
        ]
    );
    assert!(written.contains("#   coverage.xml (Cobertura XML, coverage.py 7.17.3)\n"), "{written}");
    assert!(
        written.contains(
            "# Now: 79.71% (bound >= 80%: fails)\n[[gate]]\ntitle = \"Coverage (lines and branches)\"\n"
        ),
        "{written}"
    );
    assert!(
        written.contains("# Now: 5 (bound <= 0: fails)\n[[gate]]\ntitle = \"No failing tests\"\n"),
        "{written}"
    );
}

#[test]
fn init_finds_checkstyle_eslint_and_clippy_reports() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    copy(path, "checkstyle/checkstyle.xml", "build/reports/checkstyle/main.xml");
    copy(path, "eslint/eslint.json", "eslint.json");
    copy(path, "cargo-json/clippy.jsonl", "clippy.json");
    let run = gates_in(path, &["init"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(
        run.stdout,
        "found build/reports/checkstyle/main.xml: Checkstyle XML\n\
         found clippy.json: cargo JSON messages\n\
         found eslint.json: ESLint JSON\n\
         to gate on change, save a baseline on the default branch (then check with --baseline gates-baseline.json):\n  \
         gates baseline save --out gates-baseline.json build/reports/checkstyle/main.xml clippy.json eslint.json\n\
         wrote gates.toml with 1 gates; check with:\n  \
         gates check build/reports/checkstyle/main.xml clippy.json eslint.json\n"
    );
    let written = fs::read_to_string(path.join("gates.toml")).unwrap();
    // 7 + 7 + 9 violations.
    assert!(
        written.contains("# Now: 23 (bound <= 0: fails)\n[[gate]]\ntitle = \"No lint violations\"\n"),
        "{written}"
    );
}

#[test]
fn init_finds_npm_audit_and_cargo_audit_reports_and_proposes_the_vulnerability_gates() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path();
    copy(path, "npm-audit/npm-audit-v2.json", "reports/npm.json");
    copy(path, "cargo-audit/cargo-audit.json", "reports/rust.json");
    let run = gates_in(path, &["init"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.starts_with(
            "found reports/npm.json: npm audit JSON\nfound reports/rust.json: cargo-audit JSON\n"
        ),
        "{}",
        run.stdout
    );
    let written = fs::read_to_string(path.join("gates.toml")).unwrap();
    // npm: critical 1 + high 2; cargo-audit: critical 1 and unknown 1. Medium: 2 + 1.
    assert!(
        written.contains(
            "# Now: 4 (bound <= 0: fails)\n[[gate]]\ntitle = \"No critical or high vulnerabilities\"\n"
        ),
        "{written}"
    );
    assert!(
        written.contains(
            "# Now: 1 (bound <= 0: fails)\n[[gate]]\ntitle = \"No vulnerabilities of unknown severity\"\n"
        ),
        "{written}"
    );
    assert!(
        written.contains(
            "# Now: 3 (bound <= 0: warns)\n[[gate]]\ntitle = \"No medium-severity vulnerabilities\"\n"
        ),
        "{written}"
    );
}

#[test]
fn init_warns_about_a_malformed_report_and_leaves_it_out() {
    let dir = project();
    fs::write(dir.path().join("truncated.xml"), "<coverage line-rate=\"0.5\"><packages>").unwrap();
    let run = gates_in(dir.path(), &["init"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr.starts_with("warning: left out truncated.xml is not valid Cobertura XML"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("truncated.xml"), "{}", run.stdout);
}

#[test]
fn init_warns_about_a_file_named_like_a_report_that_is_none() {
    let dir = project();
    fs::write(dir.path().join("bandit-report.json"), "{\"results\": [").unwrap();
    let run = gates_in(dir.path(), &["init"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stderr.starts_with("warning: left out bandit-report.json: cannot tell what kind of report it is: it looks like JSON but is not valid JSON"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("bandit-report.json"), "{}", run.stdout);
}

#[test]
fn init_adds_benchmark_gates_for_pytest_benchmark_saves() {
    let dir = tempfile::tempdir().unwrap();
    copy(
        dir.path(),
        "pytest-benchmark/baseline.json",
        ".benchmarks/Linux-CPython-3.13-64bit/0001_baseline.json",
    );
    let run = gates_in(dir.path(), &["init"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.starts_with(
        "found .benchmarks/Linux-CPython-3.13-64bit/0001_baseline.json: pytest-benchmark JSON\n"
    ));
    let written = fs::read_to_string(dir.path().join("gates.toml")).unwrap();
    let policy = gates_core::Policy::from_toml_str(&written).unwrap();
    let metrics: Vec<String> = policy.gates.iter().map(|gate| gate.metric.to_string()).collect();
    assert_eq!(metrics, ["bench.regressions", "bench.warnings"]);
    assert!(
        written.contains("# Now: no value (no input: give a benchmark report and --bench-baseline FILE)")
    );
}

#[test]
fn init_refuses_to_overwrite_without_force() {
    let dir = project();
    fs::write(dir.path().join("gates.toml"), "# mine\n").unwrap();
    let run = gates_in(dir.path(), &["init"], &[]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert_eq!(run.stderr, "error: gates.toml exists; pass --force to overwrite it\n");
    assert_eq!(fs::read_to_string(dir.path().join("gates.toml")).unwrap(), "# mine\n");

    let run = gates_in(dir.path(), &["init", "--force"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(fs::read_to_string(dir.path().join("gates.toml")).unwrap().contains("[[gate]]"));
}

#[test]
fn init_without_reports_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    fs::write(dir.path().join("package.json"), "{}\n").unwrap();
    let run = gates_in(dir.path(), &["init"], &[]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.starts_with("error: no reports found in this directory or 4 levels below"),
        "{}",
        run.stderr
    );
    assert!(!dir.path().join("gates.toml").exists());
}

#[test]
fn check_uses_the_policy_init_wrote() {
    let dir = project();
    assert_eq!(gates_in(dir.path(), &["init"], &[]).code, 0);
    let run = gates_in(dir.path(), &["check", "coverage.xml", "--color", "never"], &[]);
    // coverage.py's TOTAL for this run is 79.71 %: `coverage report --fail-under=80` fails too.
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(
        run.stdout.ends_with("verdict: FAIL: 0 passed, 0 warned, 1 failed, 6 skipped (policy: gates.toml)\n"),
        "{}",
        run.stdout
    );
}

const COVERAGE_90: &str = "[[gate]]\nmetric = \"coverage.lines\"\nmin = 90\n";
const COVERAGE_50: &str = "[[gate]]\nmetric = \"coverage.lines\"\nmin = 50\n";

#[test]
fn check_finds_gates_toml_before_dot_config_and_policy_flag_wins() {
    let dir = tempfile::tempdir().unwrap();
    copy(dir.path(), "cobertura/coverage-py-branch.xml", "coverage.xml");
    fs::create_dir(dir.path().join(".config")).unwrap();
    fs::write(dir.path().join(".config/gates.toml"), COVERAGE_90).unwrap();
    let verdict = |args: &[&str]| {
        let run = gates_in(dir.path(), args, &[]);
        run.stdout.lines().last().unwrap_or_default().to_owned()
    };
    let check = ["check", "coverage.xml", "--color", "never"];
    assert_eq!(
        verdict(&check),
        "verdict: FAIL: 0 passed, 0 warned, 1 failed, 0 skipped (policy: .config/gates.toml)"
    );

    fs::write(dir.path().join("gates.toml"), COVERAGE_50).unwrap();
    assert_eq!(
        verdict(&check),
        "verdict: PASS: 1 passed, 0 warned, 0 failed, 0 skipped (policy: gates.toml)"
    );

    let (_policy_dir, builtin_copy) = super::temp_file("mine.toml", gates_core::BUILTIN_TOML);
    let mut with_flag = check.to_vec();
    with_flag.extend(["--policy", &builtin_copy]);
    assert!(verdict(&with_flag).ends_with(&format!("(policy: {builtin_copy})")));

    let run = gates_in(dir.path(), &["policy", "show"], &[]);
    assert!(run.stdout.starts_with("# effective policy: gates.toml\n"), "{}", run.stdout);
}

#[test]
fn check_reports_an_invalid_discovered_policy_by_name() {
    let dir = tempfile::tempdir().unwrap();
    copy(dir.path(), "cobertura/coverage-py-branch.xml", "coverage.xml");
    fs::write(dir.path().join("gates.toml"), "[[gate]]\nmetric = \"coverage.line\"\n").unwrap();
    let run = gates_in(dir.path(), &["check", "coverage.xml"], &[]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.starts_with("error: invalid policy gates.toml: line 2"), "{}", run.stderr);
}

#[test]
fn init_finds_go_reports_under_their_usual_names() {
    let dir = tempfile::tempdir().unwrap();
    copy(dir.path(), "go-cover/count.out", "coverage.out");
    copy(dir.path(), "go-test-json/passing.jsonl", "test-results/go-test.json");
    let run = gates_in(dir.path(), &["init"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.starts_with(
            "found coverage.out: Go coverprofile\nfound test-results/go-test.json: go test -json\n"
        ),
        "{}",
        run.transcript()
    );
}

#[test]
fn init_finds_dotnet_test_results() {
    let dir = tempfile::tempdir().unwrap();
    copy(
        dir.path(),
        "trx/mstest.trx",
        "tests/Ledger.Tests/TestResults/runner_ci-linux_2026-12-01_10_15_02.trx",
    );
    let run = gates_in(dir.path(), &["init"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(
        run.stdout.starts_with(
            "found tests/Ledger.Tests/TestResults/runner_ci-linux_2026-12-01_10_15_02.trx: TRX\n"
        ),
        "{}",
        run.transcript()
    );
}

#[test]
fn written_policy_names_its_schema_uses_whole_numbers_and_leaves_out_defaults() {
    let dir = tempfile::tempdir().unwrap();
    for (from, to) in [
        ("testdata/cobertura/coverage-py-branch.xml", "coverage.xml"),
        ("testdata/junit/pytest-xunit2.xml", "junit.xml"),
    ] {
        std::fs::copy(super::repo().join(from), dir.path().join(to)).unwrap();
    }
    let run = super::gates_in(dir.path(), &["init"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let policy = std::fs::read_to_string(dir.path().join("gates.toml")).unwrap();
    assert!(policy.starts_with("#:schema https://"), "{policy}");
    assert!(policy.contains("\nmin = 80\n") && policy.contains("\nmax = 0\n"), "{policy}");
    assert!(!policy.contains("required = false") && !policy.contains("severity = \"fail\""), "{policy}");
}

#[test]
fn two_benchmark_runs_and_coverage_twice_make_one_command_with_a_bench_baseline() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(dir.path().join(".benchmarks/Linux")).unwrap();
    for (from, to) in [
        ("testdata/cobertura/coverage-py-branch.xml", "coverage.xml"),
        ("testdata/coveragepy-json/coverage-py.json", "coverage.json"),
        ("testdata/junit/pytest-xunit2.xml", "junit.xml"),
        ("testdata/pytest-benchmark/baseline.json", ".benchmarks/Linux/0001_base.json"),
        ("testdata/pytest-benchmark/candidate-15pct.json", ".benchmarks/Linux/0002_new.json"),
    ] {
        std::fs::copy(super::repo().join(from), dir.path().join(to)).unwrap();
    }
    let run = super::gates_in(dir.path(), &["init"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let command = run.stdout.lines().last().unwrap().trim();
    assert_eq!(
        command,
        "gates check coverage.json junit.xml .benchmarks/Linux/0002_new.json --bench-baseline .benchmarks/Linux/0001_base.json"
    );
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    let check = super::gates_in(dir.path(), &args, &[]);
    assert_eq!(check.code, 1, "{}", check.transcript());
    assert!(check.stdout.contains("0 skipped (policy: gates.toml)"), "{}", check.stdout);
}

#[test]
fn in_a_git_repository_init_adds_a_patch_gate_and_a_diff_base() {
    let dir = tempfile::tempdir().unwrap();
    let git = |args: &[&str]| {
        let status = std::process::Command::new("git")
            .args(["-c", "user.name=gates", "-c", "user.email=gates@example.com"])
            .args(args)
            .current_dir(dir.path())
            .output()
            .unwrap()
            .status;
        assert!(status.success(), "git {args:?}");
    };
    git(&["init", "--quiet"]);
    std::fs::copy(
        super::repo().join("testdata/cobertura/coverage-py-branch.xml"),
        dir.path().join("coverage.xml"),
    )
    .unwrap();
    git(&["add", "coverage.xml"]);
    git(&["commit", "--quiet", "-m", "reports"]);
    git(&["update-ref", "refs/remotes/origin/main", "HEAD"]);
    let run = super::gates_in(dir.path(), &["init"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let command = run.stdout.lines().last().unwrap().trim();
    assert_eq!(command, "gates check --diff-base origin/main coverage.xml");
    let policy = std::fs::read_to_string(dir.path().join("gates.toml")).unwrap();
    assert!(policy.contains("metric = \"coverage.patch\"\nmin = 80\n"), "{policy}");
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    let check = super::gates_in(dir.path(), &args, &[]);
    // No change since origin/main: the patch gate has no changed lines and is skipped.
    assert_eq!(check.code, 1, "{}", check.transcript());
    assert!(check.stdout.contains("1 skipped (policy: gates.toml)"), "{}", check.transcript());
}

#[test]
fn init_writes_a_ci_job_for_github_actions_or_gitlab_and_says_where() {
    for (marker, job) in
        [(".github", ".github/workflows/gates.yml"), (".gitlab-ci.yml", ".gitlab/gates.gitlab-ci.yml")]
    {
        let dir = tempfile::tempdir().unwrap();
        if marker == ".github" {
            std::fs::create_dir(dir.path().join(marker)).unwrap();
        } else {
            std::fs::write(dir.path().join(marker), "stages: [test]\n").unwrap();
        }
        std::fs::copy(super::repo().join("testdata/junit/pytest-xunit2.xml"), dir.path().join("junit.xml"))
            .unwrap();
        let run = super::gates_in(dir.path(), &["init"], &[]);
        assert_eq!(run.code, 0, "{}", run.transcript());
        assert!(
            run.stdout.contains(&format!("wrote {job}, a CI job running the command below")),
            "{}",
            run.stdout
        );
        let text = std::fs::read_to_string(dir.path().join(job)).unwrap();
        assert!(text.contains("~/.local/bin/gates check junit.xml $baseline\n"), "{text}");
        assert!(
            text.contains("~/.local/bin/gates baseline save --out gates-baseline.json junit.xml\n"),
            "{text}"
        );
        assert!(text.contains("install.sh"), "{text}");
    }
}

#[test]
fn the_baseline_step_init_suggests_saves_what_the_check_then_compares_with() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(super::repo().join("testdata/junit/pytest-xunit2.xml"), dir.path().join("junit.xml"))
        .unwrap();
    let init = super::gates_in(dir.path(), &["init"], &[]);
    assert_eq!(init.code, 0, "{}", init.transcript());
    let suggested = |prefix: &str| {
        let line = init.stdout.lines().find(|line| line.trim_start().starts_with(prefix)).unwrap();
        line.split_whitespace().skip(1).map(str::to_owned).collect::<Vec<_>>()
    };
    let save = suggested("gates baseline save");
    let saved = super::gates_in(dir.path(), &save.iter().map(String::as_str).collect::<Vec<_>>(), &[]);
    assert_eq!(saved.code, 0, "{}", saved.transcript());
    let mut check = suggested("gates check");
    check.extend(["--baseline".to_owned(), "gates-baseline.json".to_owned()]);
    let checked = super::gates_in(dir.path(), &check.iter().map(String::as_str).collect::<Vec<_>>(), &[]);
    assert_eq!(checked.code, 1, "{}", checked.transcript());
    assert!(!checked.stderr.contains("no gate of this policy uses the baseline"), "{}", checked.transcript());
}

#[test]
fn init_finds_criterion_results_and_checks_them_against_their_base() {
    let dir = tempfile::tempdir().unwrap();
    let from = repo().join("testdata/criterion/target-criterion");
    for benchmark in ["checksum/1024", "sum_squares"] {
        for folder in ["new", "base"] {
            let to = dir.path().join("target/criterion").join(benchmark).join(folder);
            fs::create_dir_all(&to).unwrap();
            for file in ["benchmark.json", "sample.json", "estimates.json"] {
                fs::copy(from.join(benchmark).join(folder).join(file), to.join(file)).unwrap();
            }
        }
    }
    let run = gates_in(dir.path(), &["init"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.starts_with("found target/criterion: Criterion.rs results\n"), "{}", run.stdout);
    let command = run.stdout.lines().last().unwrap().trim();
    assert_eq!(command, "gates check target/criterion --bench-baseline target/criterion");
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    let check = gates_in(dir.path(), &args, &[]);
    assert_eq!(check.code, 1, "{}", check.transcript());
    assert!(check.stdout.contains("checksum/1024") && check.stdout.contains("regressed"), "{}", check.stdout);
}

#[test]
fn init_checks_the_later_of_two_hyperfine_exports_against_the_earlier() {
    let dir = tempfile::tempdir().unwrap();
    copy(dir.path(), "hyperfine/baseline.json", "bench/hyperfine-1-main.json");
    copy(dir.path(), "hyperfine/candidate.json", "bench/hyperfine-2-branch.json");
    let run = gates_in(dir.path(), &["init"], &[]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert!(run.stdout.starts_with("found bench/hyperfine-1-main.json: hyperfine JSON\n"), "{}", run.stdout);
    let command = run.stdout.lines().last().unwrap().trim();
    assert_eq!(
        command,
        "gates check bench/hyperfine-2-branch.json --bench-baseline bench/hyperfine-1-main.json"
    );
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    let check = gates_in(dir.path(), &args, &[]);
    assert_eq!(check.code, 1, "{}", check.transcript());
    assert!(
        check.stdout.contains("checksum: 43.014 ms → 82.585 ms (+92.00%, regressed)"),
        "{}",
        check.stdout
    );
}
