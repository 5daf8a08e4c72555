//! The catalogue of metric names: every figure a gate can test, with its unit and meaning.

use std::fmt;

use serde::Serialize;

use crate::model::Metrics;

/// The kind of report a metric comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Family {
    /// Coverage reports (Cobertura, ...).
    Coverage,
    /// Test reports (JUnit XML).
    Tests,
}

impl Family {
    /// What to give so that metrics of this family can be computed.
    pub fn wanted_report(self) -> &'static str {
        match self {
            Family::Coverage => "a coverage report (Cobertura XML)",
            Family::Tests => "a test report (JUnit XML)",
        }
    }
}

/// The unit of a metric's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Unit {
    /// 0 to 100.
    Percent,
    /// A whole number of things.
    Count,
    /// Seconds.
    Seconds,
}

impl fmt::Display for Unit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Unit::Percent => "percent",
            Unit::Count => "count",
            Unit::Seconds => "seconds",
        })
    }
}

macro_rules! catalogue {
    ($($variant:ident => $name:literal, $family:ident, $unit:ident, $description:literal;)+) => {
        /// A built-in metric. Its dotted [`name`](Metric::name) is stable: policies and JSON output use it.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Metric {
            $(#[doc = $description] $variant,)+
        }

        impl Metric {
            /// Every built-in metric, in catalogue order.
            pub const ALL: &'static [Metric] = &[$(Metric::$variant,)+];

            /// The stable dotted name, e.g. `coverage.lines`.
            pub fn name(self) -> &'static str {
                match self { $(Metric::$variant => $name,)+ }
            }

            /// The report family that feeds it.
            pub fn family(self) -> Family {
                match self { $(Metric::$variant => Family::$family,)+ }
            }

            /// The unit of its value.
            pub fn unit(self) -> Unit {
                match self { $(Metric::$variant => Unit::$unit,)+ }
            }

            /// One sentence on what it measures.
            pub fn description(self) -> &'static str {
                match self { $(Metric::$variant => $description,)+ }
            }
        }
    };
}

catalogue! {
    CoverageLines => "coverage.lines", Coverage, Percent,
        "Executable lines that ran, as a percent of all executable lines (lines_covered / lines_valid).";
    CoverageBranches => "coverage.branches", Coverage, Percent,
        "Branches taken, as a percent of all branches; absent when the report has no branch data.";
    CoverageTotal => "coverage.total", Coverage, Percent,
        "Lines and branches together, (lines_covered + branches_covered) / (lines_valid + branches_valid): the TOTAL that coverage.py prints and uses for --fail-under.";
    CoverageLinesCovered => "coverage.lines_covered", Coverage, Count,
        "Executable lines that ran at least once.";
    CoverageLinesValid => "coverage.lines_valid", Coverage, Count,
        "Executable lines.";
    CoverageBranchesCovered => "coverage.branches_covered", Coverage, Count,
        "Branches taken at least once.";
    CoverageBranchesValid => "coverage.branches_valid", Coverage, Count,
        "Branches.";
    TestsTotal => "tests.total", Tests, Count,
        "Distinct tests; a test reported several times (reruns) counts once.";
    TestsPassed => "tests.passed", Tests, Count,
        "Tests whose final outcome is a pass, flaky ones included.";
    TestsFailed => "tests.failed", Tests, Count,
        "Tests whose final outcome is a failure (an assertion did not hold).";
    TestsErrors => "tests.errors", Tests, Count,
        "Tests whose final outcome is an error (setup/teardown error, crash, build failure).";
    TestsSkipped => "tests.skipped", Tests, Count,
        "Tests skipped, or expected to fail (pytest xfail).";
    TestsFlaky => "tests.flaky", Tests, Count,
        "Tests that were rerun and passed on their final attempt.";
    TestsDuration => "tests.duration_s", Tests, Seconds,
        "Wall-clock seconds of the test runs, summed over reports; absent when no report gives times.";
}

impl Metric {
    /// The metric with this dotted name.
    pub fn from_name(name: &str) -> Option<Metric> {
        Metric::ALL.iter().copied().find(|metric| metric.name() == name)
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

/// Why a metric has no value.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Unavailable {
    /// No report of the family that feeds it was given.
    NoReport(Family),
    /// The reports were given but do not measure it.
    NotMeasured(&'static str),
}

impl fmt::Display for Unavailable {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Unavailable::NoReport(family) => write!(f, "no input: give {}", family.wanted_report()),
            Unavailable::NotMeasured(why) => f.write_str(why),
        }
    }
}

impl Metrics {
    /// The value of `metric`, or why there is none.
    pub fn value(&self, metric: Metric) -> Result<f64, Unavailable> {
        match metric.family() {
            Family::Coverage => self.coverage_value(metric),
            Family::Tests => self.tests_value(metric),
        }
    }

    /// Every metric that has a value, in catalogue order.
    pub fn values(&self) -> Vec<(Metric, f64)> {
        Metric::ALL
            .iter()
            .filter_map(|&metric| self.value(metric).ok().map(|value| (metric, value)))
            .collect()
    }

    fn coverage_value(&self, metric: Metric) -> Result<f64, Unavailable> {
        let coverage = self.coverage.as_ref().ok_or(Unavailable::NoReport(Family::Coverage))?;
        let totals = coverage.totals();
        let no_lines = Unavailable::NotMeasured("the coverage report lists no executable lines");
        let no_branches =
            Unavailable::NotMeasured("the coverage report has no branch data (measure with --cov-branch)");
        let branches_measured = coverage.branches_measured || totals.branches_valid > 0;
        match metric {
            Metric::CoverageLines => totals.line_percent().ok_or(no_lines),
            Metric::CoverageTotal => totals.combined_percent().ok_or(no_lines),
            Metric::CoverageBranches if !branches_measured => Err(no_branches),
            Metric::CoverageBranches => totals
                .branch_percent()
                .ok_or(Unavailable::NotMeasured("the coverage report lists no branches")),
            Metric::CoverageLinesCovered => Ok(totals.lines_covered as f64),
            Metric::CoverageLinesValid => Ok(totals.lines_valid as f64),
            Metric::CoverageBranchesCovered | Metric::CoverageBranchesValid if !branches_measured => {
                Err(no_branches)
            }
            Metric::CoverageBranchesCovered => Ok(totals.branches_covered as f64),
            Metric::CoverageBranchesValid => Ok(totals.branches_valid as f64),
            _ => Err(Unavailable::NoReport(metric.family())),
        }
    }

    fn tests_value(&self, metric: Metric) -> Result<f64, Unavailable> {
        let run = self.tests.as_ref().ok_or(Unavailable::NoReport(Family::Tests))?;
        let counts = run.counts();
        let count = match metric {
            Metric::TestsTotal => counts.total,
            Metric::TestsPassed => counts.passed,
            Metric::TestsFailed => counts.failed,
            Metric::TestsErrors => counts.errors,
            Metric::TestsSkipped => counts.skipped,
            Metric::TestsFlaky => counts.flaky,
            Metric::TestsDuration => {
                return run.duration_s.ok_or(Unavailable::NotMeasured("the test reports give no times"));
            }
            _ => return Err(Unavailable::NoReport(metric.family())),
        };
        Ok(count as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_and_round_trip() {
        for metric in Metric::ALL {
            assert_eq!(Metric::from_name(metric.name()), Some(*metric));
        }
        let mut names: Vec<_> = Metric::ALL.iter().map(|m| m.name()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), Metric::ALL.len());
    }

    #[test]
    fn absent_report_is_not_zero() {
        let metrics = Metrics::new();
        assert_eq!(metrics.value(Metric::TestsFailed), Err(Unavailable::NoReport(Family::Tests)));
    }
}
