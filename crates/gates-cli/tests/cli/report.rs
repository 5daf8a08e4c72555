//! `gates report --html`: the check, and one self-contained page of it.

use super::gates;

#[test]
fn the_html_report_is_one_page_that_fetches_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let page_path = dir.path().join("report.html");
    let run = gates(&[
        "report",
        "--html",
        page_path.to_str().unwrap(),
        "testdata/cobertura/coverage-py-branch.xml",
        "testdata/junit/pytest-xunit2.xml",
        "testdata/bandit/bandit.json",
        "testdata/pytest-benchmark/candidate-30pct.json",
        "--bench-baseline",
        "testdata/pytest-benchmark/baseline.json",
    ]);
    // The check's own verdict and table, as `gates check` gives them.
    assert_eq!(run.code, 1, "{}", run.transcript());
    assert!(run.stdout.contains("FAIL"), "{}", run.stdout);
    let page = std::fs::read_to_string(&page_path).unwrap();
    assert!(page.starts_with("<!DOCTYPE html>") && page.ends_with("</html>\n"));
    for part in [
        "gates failed",
        "Coverage (lines and branches)",
        "reports.py",
        "Failed tests",
        "Slowest tests",
        "Security findings",
    ] {
        assert!(page.contains(part), "{part} missing");
    }
    // The treemap and one box plot per compared benchmark with samples on both sides.
    assert!(page.contains("Lines by directory"));
    assert_eq!(page.matches("<svg").count(), 4, "a treemap and three benchmarks");
    for fetch in ["<link", "src=", "href=", "url(", "@import"] {
        assert!(!page.contains(fetch), "the page must fetch nothing, found {fetch}");
    }
    assert_eq!(
        page.matches("http").count(),
        page.matches("http://www.w3.org/2000/svg").count(),
        "no URL but SVG's namespace"
    );
}

#[test]
fn an_unwritable_html_path_is_an_error_naming_it() {
    let run = gates(&[
        "report",
        "--html",
        "/nonexistent-dir/report.html",
        "testdata/cobertura/coverage-py-branch.xml",
    ]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(run.stderr.contains("/nonexistent-dir/report.html"), "{}", run.stderr);
}

/// Headless Chromium as a person's browser would open the page: from disk, with no network.
fn chromium(args: &[&str], page: &std::path::Path) -> Option<std::process::Output> {
    let profile = tempfile::tempdir().unwrap();
    std::process::Command::new("chromium")
        .args(["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run"])
        .args(["--disable-background-networking", "--disable-component-update", "--disable-sync"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(["--enable-logging=stderr", "--v=0"])
        .args(args)
        .arg(format!("file://{}", page.display()))
        .output()
        .ok()
}

#[test]
fn chromium_renders_the_report_with_no_console_message() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("report.html");
    let run = gates(&[
        "report",
        "--html",
        page.to_str().unwrap(),
        "testdata/cobertura/coverage-py-branch.xml",
        "testdata/pytest-benchmark/candidate-30pct.json",
        "--bench-baseline",
        "testdata/pytest-benchmark/baseline.json",
    ]);
    assert_eq!(run.code, 1, "{}", run.transcript());
    let Some(rendered) = chromium(&["--dump-dom"], &page) else {
        eprintln!(
            "SKIPPED chromium_renders_the_report: no `chromium` on PATH (Debian: apt-get install chromium)"
        );
        return;
    };
    assert!(rendered.status.success(), "{}", String::from_utf8_lossy(&rendered.stderr));
    let log = String::from_utf8_lossy(&rendered.stderr);
    let console: Vec<&str> = log.lines().filter(|line| line.contains(":CONSOLE")).collect();
    assert!(console.is_empty(), "console messages: {console:?}");
    let dom = String::from_utf8_lossy(&rendered.stdout);
    assert_eq!(dom.matches("<svg").count(), 4, "the treemap and three box plots are in the rendered page");
}

#[test]
fn with_a_history_the_page_draws_the_gated_metrics_over_the_runs() {
    use super::git_repo::git;
    use super::history::{CI_VARIABLES, commit, repository, testdata};
    // Two main-branch runs with entries, and a change branched from the second.
    let upstream = repository();
    let history = upstream.path().join("history.jsonl");
    for (at, report) in ["cobertura/shards/shard-1.xml", "cobertura/shards/shard-2.xml"].iter().enumerate() {
        if at > 0 {
            commit(upstream.path(), "next");
        }
        let add = ["history", "add", "--history", history.to_str().unwrap(), &testdata(report)];
        let run = super::gates_in(upstream.path(), &add, &CI_VARIABLES);
        assert_eq!(run.code, 0, "{}", run.transcript());
    }
    let clone_dir = tempfile::tempdir().unwrap();
    git(clone_dir.path(), &["clone", "-q", upstream.path().to_str().unwrap(), "clone"]);
    let clone = clone_dir.path().join("clone");
    git(&clone, &["checkout", "-q", "-b", "feature"]);
    commit(&clone, "this change");
    let page = clone.join("report.html");
    let (_policy_dir, policy) =
        super::temp_file("gates.toml", "[[gate]]\nmetric = \"coverage.lines\"\nmin = 50\n");
    let args = [
        "report",
        "--html",
        page.to_str().unwrap(),
        "--policy",
        &policy,
        "--history",
        history.to_str().unwrap(),
        &testdata("cobertura/coverage-py-branch.xml"),
    ];
    let run = super::gates_in(&clone, &args, &[("GITHUB_BASE_REF", ""), ("GITHUB_EVENT_NAME", "")]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    let page = std::fs::read_to_string(page).unwrap();
    assert!(page.contains("<h2>Trends</h2>"), "no trend section");
    let trends = page.split("<h2>Trends</h2>").nth(1).unwrap().split("</section>").next().unwrap();
    assert!(trends.contains("coverage.lines") && trends.contains("this run"), "{trends}");
}
