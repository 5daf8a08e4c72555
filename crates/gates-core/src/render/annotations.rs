//! GitHub Actions workflow commands (`::error file=…,line=…::message`) for failed tests, counted
//! findings with a location, and failed or warning gates. GitHub shows only the first ten errors
//! and ten warnings of a step, so each level is capped and the rest summarised in one notice.

use std::fmt::Write;

use super::listing;
use crate::model::{Level, LintLevel, Metrics, TestStatus};
use crate::policy::{Disposition, Evaluation, Status};

/// Annotations of one level shown at most; GitHub displays ten per step.
pub const PER_LEVEL: usize = 10;

struct Annotation {
    level: &'static str,
    file: Option<String>,
    line: Option<u32>,
    title: String,
    message: String,
}

/// Renders the annotations, one workflow command per line.
pub fn render(evaluation: &Evaluation, metrics: &Metrics) -> String {
    let mut annotations = Vec::new();
    for outcome in &evaluation.outcomes {
        let level = match outcome.status {
            Status::Fail => "error",
            Status::Warn => "warning",
            Status::Pass | Status::Skipped => continue,
        };
        let message = outcome.reason().unwrap_or_else(|| {
            format!(
                "{} is {}, threshold {}",
                outcome.gate.metric,
                super::actual_text(outcome),
                super::bound_text(&outcome.gate)
            )
        });
        annotations.push(Annotation {
            level,
            file: None,
            line: None,
            title: format!("gate: {}", outcome.gate.name()),
            message,
        });
    }
    for case in metrics.tests.iter().flat_map(|run| run.problems()) {
        let message = match &case.status {
            TestStatus::Failed(problem) | TestStatus::Errored(problem) => {
                problem.message.clone().unwrap_or_default()
            }
            _ => String::new(),
        };
        annotations.push(Annotation {
            level: "error",
            file: case.file.clone(),
            line: case.line,
            title: format!("test failed: {}", case.full_name()),
            message,
        });
    }
    for (finding, disposition, _) in listing::findings(evaluation, metrics) {
        let Some(location) = finding.location.as_ref().filter(|_| disposition == Disposition::Counted) else {
            continue;
        };
        let level = match (finding.severity, finding.lint_level) {
            (Some(Level::High), _) | (None, Some(LintLevel::Error)) => "error",
            (Some(Level::Low), _) | (None, Some(LintLevel::Info)) => "notice",
            _ => "warning",
        };
        annotations.push(Annotation {
            level,
            file: Some(location.path.clone()),
            line: location.line,
            title: format!("{} {}", finding.tool, finding.rule),
            message: finding.message.clone(),
        });
    }
    let mut out = String::new();
    let mut left_out = 0usize;
    for level in ["error", "warning", "notice"] {
        let of_level: Vec<&Annotation> =
            annotations.iter().filter(|annotation| annotation.level == level).collect();
        for annotation in of_level.iter().take(PER_LEVEL) {
            let mut properties = Vec::new();
            if let Some(file) = &annotation.file {
                properties.push(format!("file={}", property(file)));
            }
            if let Some(line) = annotation.line {
                properties.push(format!("line={line}"));
            }
            properties.push(format!("title={}", property(&annotation.title)));
            let _ = writeln!(out, "::{level} {}::{}", properties.join(","), data(&annotation.message));
        }
        left_out += of_level.len().saturating_sub(PER_LEVEL);
    }
    if left_out > 0 {
        let _ = writeln!(
            out,
            "::notice title=gates::{left_out} more annotations not shown; see the job summary or the JSON output"
        );
    }
    out
}

/// A workflow command's message: `%`, CR and LF encoded, so a message cannot end the command.
fn data(text: &str) -> String {
    text.replace('%', "%25").replace('\r', "%0D").replace('\n', "%0A")
}

/// A workflow command property: as [`data`], and also `:` and `,`.
fn property(text: &str) -> String {
    data(text).replace(':', "%3A").replace(',', "%2C")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hostile_text_cannot_break_out_of_the_command() {
        assert_eq!(data("50% done\n::error::fake"), "50%25 done%0A::error::fake");
        assert_eq!(property("a,b:c\r\n"), "a%2Cb%3Ac%0D%0A");
    }
}
