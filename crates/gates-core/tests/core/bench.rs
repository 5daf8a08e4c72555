//! pytest-benchmark runs in testdata/pytest-benchmark: gates' comparison equals pytest-benchmark's.

use crate::kit::{self, model::BenchmarkRun};
use gates_core::{
    BenchComparison, BenchVerdict, CompareOptions, SignificanceTest, Statistic, compare_benchmarks,
};

fn run(name: &str) -> BenchmarkRun {
    kit::benchmark_run(&format!("pytest-benchmark/{name}.json"))
}

/// One line of compare-fail.tsv: pytest-benchmark's `--benchmark-compare-fail` check on the files.
struct Expected {
    candidate: String,
    fullname: String,
    statistic: Statistic,
    percent: f64,
    change: f64,
    fails: bool,
}

fn expected() -> Vec<Expected> {
    let text = kit::read("pytest-benchmark/compare-fail.tsv");
    text.lines()
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let (statistic, percent) = fields[2].split_once(':').unwrap();
            Expected {
                candidate: fields[0].to_owned(),
                fullname: fields[1].to_owned(),
                statistic: Statistic::from_name(statistic).unwrap(),
                percent: percent.trim_end_matches('%').parse().unwrap(),
                change: fields[3].parse().unwrap(),
                fails: fields[4] == "fail",
            }
        })
        .collect()
}

#[test]
fn changes_and_verdicts_equal_pytest_benchmark_compare_fail() {
    let baseline = run("baseline");
    let checks = expected();
    assert_eq!(checks.len(), 72);
    for check in &checks {
        // Warn bound below the failure bound, so only the failure verdict is pytest-benchmark's.
        let options = CompareOptions::new(check.statistic).with_bounds(check.percent / 2.0, check.percent);
        let comparison = compare_benchmarks(&baseline, &run(&check.candidate), &options);
        let row = comparison.rows.iter().find(|row| row.name == check.fullname).unwrap();
        let change = row.change_percent.unwrap();
        // pytest-benchmark printed its change to 9 decimals.
        assert!(
            (change - check.change).abs() < 5e-9,
            "{} {}: gates {change}, pytest-benchmark {}",
            check.candidate,
            check.fullname,
            check.change
        );
        assert_eq!(
            row.verdict == BenchVerdict::Regressed,
            check.fails,
            "{} {} {:?}:{}%",
            check.candidate,
            check.fullname,
            check.statistic,
            check.percent
        );
    }
}

#[test]
fn means_mislead_where_medians_and_the_rank_test_do_not() {
    // candidate-faster does 30 % less work, but outlier rounds push two means up.
    let baseline = run("baseline");
    let faster = run("candidate-faster");
    let by_mean = compare_benchmarks(&baseline, &faster, &CompareOptions::new(Statistic::Mean));
    assert!(by_mean.rows.iter().any(|row| row.change_percent.unwrap() > 0.0));
    let by_median = compare_benchmarks(&baseline, &faster, &CompareOptions::new(Statistic::Median));
    for row in &by_median.rows {
        assert_eq!(row.verdict, BenchVerdict::Improved, "{}", row.name);
        let significance = row.significance.unwrap();
        assert_eq!(significance.test, SignificanceTest::MannWhitneyU);
        assert!(significance.significant, "{}: p = {}", row.name, significance.p_value);
    }
    assert_eq!(by_median.max_slowdown(), Ok(0.0));
}

#[test]
fn requiring_significance_keeps_a_shift_seen_in_every_round() {
    // candidate-5pct's test_fill_ledger does 5 % more work: mean +8.17 %, median +6.04 %.
    let baseline = run("baseline");
    let candidate = run("candidate-5pct");
    let options = CompareOptions::new(Statistic::Mean).with_bounds(5.0, 20.0);
    let plain = compare_benchmarks(&baseline, &candidate, &options);
    let ledger = |comparison: &BenchComparison| {
        comparison.rows.iter().find(|row| row.name.ends_with("test_fill_ledger")).unwrap().clone()
    };
    assert_eq!(ledger(&plain).verdict, BenchVerdict::Warn);
    let strict = compare_benchmarks(&baseline, &candidate, &options.requiring_significance(0.05));
    let row = ledger(&strict);
    let p_value = row.significance.unwrap().p_value;
    // The whole distribution moved: the rank test finds the shift real, so the warning stands.
    assert!(p_value < 0.05, "p = {p_value}");
    assert_eq!(row.verdict, BenchVerdict::Warn);
}

#[test]
fn every_benchmark_keeps_its_raw_rounds() {
    for name in ["baseline", "candidate-5pct", "candidate-15pct", "candidate-30pct", "candidate-faster"] {
        let run = run(name);
        assert_eq!(run.benchmarks.len(), 3, "{name}");
        for benchmark in &run.benchmarks {
            let data = benchmark.data.as_ref().unwrap();
            assert_eq!(data.len() as u64, benchmark.stats.rounds, "{name} {}", benchmark.name);
        }
        assert_eq!(run.version.as_deref(), Some("5.3.1"));
    }
}

#[test]
fn benchmarks_timed_differently_are_named_as_unfair() {
    let baseline = run("unfair/baseline-1-iteration");
    let candidate = run("unfair/candidate-20-iterations");
    let pedantic =
        candidate.benchmarks.iter().find(|benchmark| benchmark.name == "test_pedantic_sum").unwrap();
    assert_eq!((pedantic.stats.iterations, pedantic.stats.rounds), (Some(20), 10));
    assert_eq!(pedantic.setup.timer.as_deref(), Some("process_time"));
    assert_eq!(pedantic.setup.min_rounds, Some(10));
    let comparison = compare_benchmarks(&baseline, &candidate, &CompareOptions::default());
    assert_eq!(
        comparison.setup_mismatch,
        [
            "benchmark test_bench_unfair.py::test_calibrated_sort was timed differently, which is not a \
             fair comparison: timer perf_counter vs process_time; min_rounds 5 vs 10",
            "benchmark test_bench_unfair.py::test_pedantic_sum was timed differently, which is not a fair \
             comparison: iterations per round 1 vs 20; timer perf_counter vs process_time; min_rounds 5 vs 10",
        ]
    );
    let fair = compare_benchmarks(&baseline, &run("unfair/baseline-1-iteration"), &CompareOptions::default());
    assert!(fair.setup_mismatch.is_empty(), "{:?}", fair.setup_mismatch);
    let same_setup = compare_benchmarks(&run("baseline"), &run("candidate-5pct"), &CompareOptions::default());
    assert!(same_setup.setup_mismatch.is_empty(), "{:?}", same_setup.setup_mismatch);
}
