//! JUnit XML: each gate a test case, so Jenkins and GitLab show gates beside the tests.
//! A failed gate is a `<failure>`, a skipped one `<skipped>`; a warning passes, with its text in
//! `<system-out>` (a failure would turn the build red, which `warn` means not to do).

use std::fmt::Write;

use quick_xml::escape::escape;

use crate::policy::{Evaluation, Status};

/// Renders the gates as a JUnit XML report.
pub fn render(evaluation: &Evaluation) -> String {
    let count = |status| evaluation.outcomes.iter().filter(|outcome| outcome.status == status).count();
    let (total, failures, skipped) = (evaluation.outcomes.len(), count(Status::Fail), count(Status::Skipped));
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"gates\" tests=\"{total}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\">"
    );
    let _ = writeln!(
        out,
        "  <testsuite name=\"gates\" tests=\"{total}\" failures=\"{failures}\" errors=\"0\" skipped=\"{skipped}\" time=\"0\">"
    );
    for outcome in &evaluation.outcomes {
        let name = escape(outcome.gate.name()).into_owned();
        let summary = format!(
            "{} is {}, threshold {}",
            outcome.gate.metric,
            super::actual_text(outcome),
            super::bound_text(&outcome.gate)
        );
        let _ = write!(out, "    <testcase classname=\"gates\" name=\"{name}\" time=\"0\"");
        match outcome.status {
            Status::Pass => out.push_str("/>\n"),
            Status::Warn => {
                let _ = writeln!(
                    out,
                    ">\n      <system-out>warning: {}</system-out>\n    </testcase>",
                    escape(summary)
                );
            }
            Status::Fail => {
                let message = outcome.reason().unwrap_or(summary);
                let _ = writeln!(
                    out,
                    ">\n      <failure message=\"{}\" type=\"gate\"/>\n    </testcase>",
                    escape(message)
                );
            }
            Status::Skipped => {
                let reason = outcome.reason().unwrap_or_default();
                let _ = writeln!(out, ">\n      <skipped message=\"{}\"/>\n    </testcase>", escape(reason));
            }
        }
    }
    out.push_str("  </testsuite>\n</testsuites>\n");
    out
}

#[cfg(test)]
mod tests {
    use crate::model::Format;
    use crate::model::{Problem, TestCase, TestRun, TestStatus};
    use crate::parse::parse_str;
    use crate::{EvaluateOptions, Metric, Metrics, Policy, evaluate};

    #[test]
    fn output_reads_back_as_junit() {
        let policy = Policy::from_toml_str(
            "[[gate]]\ntitle = \"<&\\\"'>\"\nmetric = \"tests.failed\"\nmax = 0\n[[gate]]\nmetric = \"coverage.lines\"\nmin = 1\n\
             [[gate]]\nmetric = \"tests.total\"\nmin = 1\n",
        )
        .unwrap();
        let cases = vec![TestCase::new("t", TestStatus::Failed(Problem::default()))];
        let metrics = Metrics { tests: Some(TestRun::new(cases, None)), ..Metrics::default() };
        let evaluation = evaluate(&policy, &metrics, &EvaluateOptions::default());
        let mut read_back = Metrics::new();
        read_back.add("gates.xml", parse_str(Format::Junit, &super::render(&evaluation)).unwrap());
        assert_eq!(read_back.value(Metric::TestsTotal), Ok(3.0));
        assert_eq!(read_back.value(Metric::TestsFailed), Ok(1.0));
        assert_eq!(read_back.value(Metric::TestsSkipped), Ok(1.0));
        let run = read_back.tests.unwrap();
        let failed: Vec<_> = run.problems().map(|case| case.name.as_str()).collect();
        assert_eq!(failed, ["<&\"'>"]);
        assert_eq!(run.plain_passes, 1);
    }
}
