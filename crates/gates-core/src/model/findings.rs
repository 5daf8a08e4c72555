//! Findings of static analysers: security scanners, linters, type checkers.

use serde::{Deserialize, Serialize};

/// What kind of analyser reported a finding; each kind feeds its own metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Category {
    /// A security scanner (bandit, semgrep, CodeQL, trivy, a security scanner's SARIF).
    Security,
    /// A linter (ruff, flake8, pylint, ESLint, Checkstyle, clippy, a linter's SARIF).
    Lint,
    /// A type checker (mypy).
    Type,
    /// A secrets scanner (gitleaks, trufflehog): a credential committed to the repository.
    Secret,
}

/// Severity or confidence on the scale security scanners use.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, schemars::JsonSchema,
)]
#[serde(rename_all = "snake_case")]
pub enum Level {
    /// LOW.
    Low,
    /// MEDIUM.
    Medium,
    /// HIGH (and CRITICAL, where a scanner has it).
    High,
}

impl Level {
    /// Reads `LOW`, `medium`, `High`, `critical` (as high), `UNDEFINED` (as none).
    pub fn from_name(name: &str) -> Option<Level> {
        match name.trim().to_ascii_lowercase().as_str() {
            "low" => Some(Level::Low),
            "medium" | "moderate" => Some(Level::Medium),
            "high" | "critical" => Some(Level::High),
            _ => None,
        }
    }
}

/// A linter's own level for a violation: what `lint.errors` and `lint.warnings` count. Each
/// reader maps its tool's levels onto these (README, "How reports are counted").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum LintLevel {
    /// The tool's error (ESLint 2, Checkstyle `error`, clippy `deny`, SARIF `error`).
    Error,
    /// The tool's warning (ESLint 1, Checkstyle `warning`, clippy `warn`, SARIF `warning`).
    Warning,
    /// Below a warning (Checkstyle `info`, SARIF `note`, pylint convention/refactor/info):
    /// counted in `lint.violations` only.
    Info,
}

/// Where a finding is: a file and, where given, lines and a column (all 1-based).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct SourceLocation {
    /// The path as the tool wrote it.
    pub path: String,
    /// First line, 1-based.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// Last line, 1-based, where the tool gives a range.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end_line: Option<u32>,
    /// Column, 1-based.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
}

impl SourceLocation {
    /// A location in `path` at `line`.
    pub fn new(path: impl Into<String>, line: Option<u32>) -> Self {
        Self { path: path.into(), line, end_line: None, column: None }
    }

    /// This location ending at `end_line`, kept only when it is past the first line: tools write
    /// the first line again for a one-line finding.
    pub fn ending_at(mut self, end_line: Option<u32>) -> Self {
        self.end_line = end_line.filter(|end| Some(*end) > self.line);
        self
    }
}

/// One finding.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct Finding {
    /// What kind of analyser found it.
    pub category: Category,
    /// The tool, e.g. `bandit`, `ruff`, `semgrep`.
    pub tool: String,
    /// The rule: bandit test id (`B602`), ruff/flake8/pylint code, mypy error code, SARIF rule id.
    pub rule: String,
    /// The rule's readable name, where given (`subprocess_popen_with_shell_equals_true`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rule_name: Option<String>,
    /// Severity: for security findings the scanner's; linters and type checkers give none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub severity: Option<Level>,
    /// The scanner's confidence, where given (bandit).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub confidence: Option<Level>,
    /// A linter's level for the violation, where the tool gives one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lint_level: Option<LintLevel>,
    /// The message.
    pub message: String,
    /// Where, when the finding is tied to a file.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub location: Option<SourceLocation>,
    /// CWE number, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cwe: Option<u32>,
}

impl Finding {
    /// A finding with the required parts; the rest start empty.
    pub fn new(
        category: Category,
        tool: impl Into<String>,
        rule: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Self {
            category,
            tool: tool.into(),
            rule: rule.into(),
            rule_name: None,
            severity: None,
            confidence: None,
            lint_level: None,
            message: message.into(),
            location: None,
            cwe: None,
        }
    }
}

/// Something an analyser could not do: a file it could not parse, a tool error. A scan with such
/// problems did not look at everything, so they are surfaced, never dropped.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct ScanProblem {
    /// The tool.
    pub tool: String,
    /// The file concerned, where known.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// What the tool said.
    pub message: String,
}

impl ScanProblem {
    /// A problem of `tool` with `path`.
    pub fn new(tool: impl Into<String>, path: Option<String>, message: impl Into<String>) -> Self {
        Self { tool: tool.into(), path, message: message.into() }
    }
}

/// The findings of one or more analysers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Findings {
    /// Every finding, in report order.
    pub items: Vec<Finding>,
    /// What the analysers could not do.
    pub problems: Vec<ScanProblem>,
    /// The categories the reports cover: a clean lint report is zero lint findings, while no
    /// lint report leaves lint metrics absent.
    pub categories: Vec<Category>,
}

impl Findings {
    /// Findings of the given categories covered, none found yet.
    pub fn covering(categories: &[Category]) -> Self {
        Self { items: Vec::new(), problems: Vec::new(), categories: categories.to_vec() }
    }

    /// Adds another report's findings.
    pub fn merge(&mut self, other: Findings) {
        self.items.extend(other.items);
        self.problems.extend(other.problems);
        for category in other.categories {
            if !self.categories.contains(&category) {
                self.categories.push(category);
            }
        }
    }

    /// Whether a report of this category was given.
    pub fn covers(&self, category: Category) -> bool {
        self.categories.contains(&category)
    }
}
