//! SARIF 2.1.0 from any scanner or linter (semgrep, CodeQL, trivy, gitleaks, bandit, ESLint, …).
//!
//! Read from the OASIS SARIF 2.1.0 specification. Each result of each run is a finding of the
//! run's tool unless it is suppressed (a `suppressions` entry that is not `rejected`).
//!
//! What a run's results are, decided per run: a secrets scanner's (gitleaks, trufflehog) are
//! secrets; a known security scanner's (bandit, CodeQL, semgrep, trivy, Snyk, …), or any run whose
//! rules or results are tagged `security` or carry a `security-severity`, are security findings; a
//! known linter's (ESLint, clippy, golangci-lint, hadolint, Stylelint, shellcheck, …) are lint
//! violations; any other producer's are security findings, so that an unknown scanner never goes
//! uncounted. `--input lint-sarif=FILE` and `--input security-sarif=FILE` override the decision.
//!
//! Severity of a security finding, in order: the producer's own `issue_severity` (bandit writes no
//! `level` for MEDIUM), a numeric `security-severity` on the result or its rule (CVSS-like,
//! possibly a string: ≥ 7 high, ≥ 4 medium, else low, as GitHub maps it), then `level`, the rule's
//! default level, and SARIF's default `warning` (error → high, warning → medium, note → low;
//! `none` is no finding). A linter's results take the same level as a lint level instead: error,
//! warning, and note (below a warning). A run without `results` was not computed and counts
//! nothing; tool error notifications and `executionSuccessful: false` are scan problems.
//!
//! Paths: `file://` URIs become file paths (percent-decoded) and a `uriBaseId` is resolved through
//! the run's `originalUriBaseIds`; an unresolved base leaves the URI as written.
//!
//! Objects must be JSON objects (serde's derived structs would also take a sequence), parts gates
//! does not use are skipped unread, each run's results are turned into findings as soon as the run
//! is read, and a log keeps at most [`MAX_RESULTS`] results and bounded texts.
//!
//! gitleaks puts the secret in `region.snippet.text`, and other producers may put it in the
//! message: snippets are never read, and a secret's message is its rule's name (or id).

use std::collections::HashMap;
use std::fmt;
use std::io::BufRead;
use std::marker::PhantomData;

use serde::de::value::MapAccessDeserializer;
use serde::de::{self, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::{Deserialize, Deserializer};

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json::{self, LenientNumber};
use crate::model::truncate_at_char;
use crate::model::{
    Category, Finding, Findings, Level, LintLevel, Report, ReportContent, ScanProblem, SourceLocation,
};

/// The most results one log may hold; a larger log is refused rather than read past memory.
pub(crate) const MAX_RESULTS: usize = 250_000;
/// The most runs one log may hold.
const MAX_RUNS: usize = 10_000;
/// The longest message, rule id or path kept (in bytes); longer ones are cut at a character.
const MAX_TEXT: usize = 4096;

/// A JSON object: refuses the sequence that serde's derived structs would also accept.
struct Object<T>(T);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Object<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct ObjectVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for ObjectVisitor<T> {
            type Value = T;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a JSON object")
            }
            fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
                T::deserialize(MapAccessDeserializer::new(map))
            }
        }
        deserializer.deserialize_map(ObjectVisitor(PhantomData)).map(Object)
    }
}

#[derive(Deserialize)]
struct Log {
    #[serde(default)]
    version: Option<String>,
    runs: Runs,
}

/// The runs, each turned into findings as soon as it is read.
#[derive(Default)]
struct Runs {
    findings: Findings,
    notes: Vec<String>,
    producer: Option<String>,
    runs: usize,
    results: usize,
}

impl<'de> Deserialize<'de> for Runs {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct RunsVisitor;
        impl<'de> Visitor<'de> for RunsVisitor {
            type Value = Runs;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a list of runs")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Runs, A::Error> {
                let mut runs = Runs { findings: Findings::covering(&[]), ..Runs::default() };
                while let Some(Object(run)) = seq.next_element::<Object<Run>>()? {
                    runs.results += run.results.as_ref().map_or(0, |results| results.0.len());
                    if runs.runs == MAX_RUNS {
                        return Err(de::Error::invalid_length(MAX_RUNS + 1, &"at most 10000 runs"));
                    }
                    if runs.results > MAX_RESULTS {
                        return Err(de::Error::custom(too_many_results()));
                    }
                    runs.add(run);
                }
                Ok(runs)
            }
        }
        deserializer.deserialize_seq(RunsVisitor)
    }
}

fn too_many_results() -> String {
    format!("at most {MAX_RESULTS} results in one log")
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Object<Tool>,
    #[serde(default)]
    results: Option<Capped<Object<SarifResult>>>,
    #[serde(default)]
    invocations: Capped<Object<Invocation>>,
    #[serde(default)]
    original_uri_base_ids: UriBases,
}

/// A list of at most [`MAX_RESULTS`] entries (results, rules, notifications).
struct Capped<T>(Vec<T>);

impl<T> Default for Capped<T> {
    fn default() -> Self {
        Capped(Vec::new())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for Capped<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct CappedVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for CappedVisitor<T> {
            type Value = Capped<T>;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                write!(formatter, "a list of at most {MAX_RESULTS} entries")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Capped<T>, A::Error> {
                let mut items = Vec::new();
                while let Some(item) = seq.next_element::<T>()? {
                    if items.len() == MAX_RESULTS {
                        return Err(de::Error::invalid_length(MAX_RESULTS + 1, &self));
                    }
                    items.push(item);
                }
                Ok(Capped(items))
            }
        }
        deserializer.deserialize_seq(CappedVisitor(PhantomData))
    }
}

/// The `originalUriBaseIds` of a run, at most [`MAX_RESULTS`].
#[derive(Default)]
struct UriBases(HashMap<String, Object<ArtifactLocation>>);

impl<'de> Deserialize<'de> for UriBases {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct BasesVisitor;
        impl<'de> Visitor<'de> for BasesVisitor {
            type Value = UriBases;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                write!(formatter, "an object of at most {MAX_RESULTS} URI bases")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<UriBases, A::Error> {
                let mut bases = HashMap::new();
                while let Some((id, base)) = map.next_entry::<String, Object<ArtifactLocation>>()? {
                    if bases.len() == MAX_RESULTS {
                        return Err(de::Error::invalid_length(MAX_RESULTS + 1, &self));
                    }
                    bases.insert(id, base);
                }
                Ok(UriBases(bases))
            }
        }
        deserializer.deserialize_map(BasesVisitor)
    }
}

/// Whether any `suppressions` entry holds (is not `rejected`); the entries are not kept.
#[derive(Default)]
struct Suppressed(bool);

impl<'de> Deserialize<'de> for Suppressed {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct SuppressedVisitor;
        impl<'de> Visitor<'de> for SuppressedVisitor {
            type Value = Suppressed;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a list of suppressions")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Suppressed, A::Error> {
                let mut suppressed = false;
                while let Some(Object(suppression)) = seq.next_element::<Object<Suppression>>()? {
                    suppressed |= suppression.status.as_deref() != Some("rejected");
                }
                Ok(Suppressed(suppressed))
            }
        }
        deserializer.deserialize_seq(SuppressedVisitor)
    }
}

/// What gates reads of a `tags` list: a `security` tag and the first CWE number.
#[derive(Default)]
struct Tags {
    security: bool,
    cwe: Option<u32>,
}

impl<'de> Deserialize<'de> for Tags {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TagsVisitor;
        impl<'de> Visitor<'de> for TagsVisitor {
            type Value = Tags;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a list of tags")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Tags, A::Error> {
                let mut tags = Tags::default();
                while let Some(tag) = seq.next_element::<String>()? {
                    tags.security |= tag.eq_ignore_ascii_case("security");
                    tags.cwe = tags.cwe.or_else(|| cwe(&tag));
                }
                Ok(tags)
            }
        }
        deserializer.deserialize_seq(TagsVisitor)
    }
}

/// The first element of a list, the others skipped unread.
struct First<T>(Option<T>);

impl<'de, T: Deserialize<'de>> Deserialize<'de> for First<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FirstVisitor<T>(PhantomData<T>);
        impl<'de, T: Deserialize<'de>> Visitor<'de> for FirstVisitor<T> {
            type Value = First<T>;
            fn expecting(&self, formatter: &mut fmt::Formatter) -> fmt::Result {
                formatter.write_str("a list")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<First<T>, A::Error> {
                let first = seq.next_element::<T>()?;
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(First(first))
            }
        }
        deserializer.deserialize_seq(FirstVisitor(PhantomData))
    }
}

impl<T> Default for First<T> {
    fn default() -> Self {
        First(None)
    }
}

#[derive(Deserialize)]
struct Tool {
    driver: Object<Driver>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    semantic_version: Option<String>,
    #[serde(default)]
    rules: Capped<Object<Rule>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Rule {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    name: Option<String>,
    #[serde(default)]
    short_description: Option<Object<Message>>,
    #[serde(default)]
    default_configuration: Option<Object<Configuration>>,
    #[serde(default)]
    properties: Option<Object<Properties>>,
}

#[derive(Deserialize)]
struct Configuration {
    #[serde(default)]
    level: Option<String>,
}

#[derive(Deserialize, Default)]
struct Properties {
    #[serde(default, rename = "security-severity")]
    security_severity: Option<LenientNumber>,
    #[serde(default)]
    issue_severity: Option<String>,
    #[serde(default)]
    issue_confidence: Option<String>,
    #[serde(default)]
    tags: Tags,
}

impl Properties {
    fn marks_security(&self) -> bool {
        self.security_severity.is_some() || self.tags.security
    }
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct SarifResult {
    #[serde(default)]
    rule_id: Option<String>,
    #[serde(default)]
    rule_index: Option<usize>,
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    message: Option<Object<Message>>,
    #[serde(default)]
    locations: First<Object<Location>>,
    #[serde(default)]
    suppressions: Suppressed,
    #[serde(default)]
    properties: Option<Object<Properties>>,
}

#[derive(Deserialize)]
struct Message {
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    markdown: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    #[serde(default)]
    physical_location: Option<Object<PhysicalLocation>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    #[serde(default)]
    artifact_location: Option<Object<ArtifactLocation>>,
    #[serde(default)]
    region: Option<Object<Region>>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    #[serde(default)]
    uri: Option<String>,
    #[serde(default)]
    uri_base_id: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    #[serde(default)]
    start_line: Option<LenientNumber>,
    #[serde(default)]
    end_line: Option<LenientNumber>,
    #[serde(default)]
    start_column: Option<LenientNumber>,
}

#[derive(Deserialize)]
struct Suppression {
    #[serde(default)]
    status: Option<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    #[serde(default)]
    execution_successful: Option<bool>,
    #[serde(default)]
    tool_execution_notifications: Capped<Object<Notification>>,
    #[serde(default)]
    tool_configuration_notifications: Capped<Object<Notification>>,
}

#[derive(Deserialize)]
struct Notification {
    #[serde(default)]
    level: Option<String>,
    #[serde(default)]
    message: Option<Object<Message>>,
    #[serde(default)]
    locations: First<Object<Location>>,
}

/// Parses a SARIF 2.1.0 log; `category`, when given, is what every run's results are.
pub(crate) fn parse(input: impl BufRead, category: Option<Category>) -> Result<Report, ParseError> {
    let format = match category {
        Some(Category::Lint) => Format::LintSarif,
        Some(_) => Format::SecuritySarif,
        None => Format::Sarif,
    };
    let Object(log) = json::from_reader::<Object<Log>>(format, input)?;
    if let Some(version) = log.version.as_deref().filter(|version| *version != "2.1.0") {
        return Err(ParseError::new(format, ParseErrorKind::invalid("SARIF version \"2.1.0\"", version)));
    }
    let Runs { mut findings, mut notes, producer, .. } = log.runs;
    if let Some(category) = category {
        let covered = !findings.categories.is_empty();
        findings.categories = if covered { vec![category] } else { Vec::new() };
        findings.items.iter_mut().for_each(|finding| finding.category = category);
    }
    // A linter's level is a lint level, not a security severity.
    findings.items.iter_mut().filter(|finding| finding.category == Category::Lint).for_each(|finding| {
        finding.lint_level = finding.severity.take().map(|severity| match severity {
            Level::High => LintLevel::Error,
            Level::Medium => LintLevel::Warning,
            Level::Low => LintLevel::Info,
        });
    });
    for problem in &findings.problems {
        notes.push(match &problem.path {
            Some(path) => format!("{} reported an error for {path}: {}", problem.tool, problem.message),
            None => format!("{} reported an error: {}", problem.tool, problem.message),
        });
    }
    Ok(Report { format, producer, notes, content: ReportContent::Findings(findings) })
}

impl Runs {
    fn add(&mut self, run: Run) {
        let category = category(&run);
        let driver = &run.tool.0.driver.0;
        let tool = driver.name.clone().filter(|name| !name.is_empty());
        self.runs += 1;
        if self.runs == 1 {
            self.producer = tool.as_ref().map(|name| {
                match driver.version.as_ref().or(driver.semantic_version.as_ref()) {
                    Some(version) => format!("{name} {version}"),
                    None => name.clone(),
                }
            });
        }
        let tool = bounded(tool.unwrap_or_else(|| "sarif".to_owned()));
        let bases = &run.original_uri_base_ids;
        read_invocations(&tool, &run.invocations.0, bases, &mut self.findings);
        let Some(Capped(results)) = run.results else {
            self.notes.push(format!("the {tool} run has no results (not computed): it counts nothing"));
            return;
        };
        self.findings.merge(Findings::covering(&[category]));
        let (mut suppressed, mut without_level) = (0usize, 0usize);
        for Object(result) in results {
            if result.suppressions.0 {
                suppressed += 1;
                continue;
            }
            match finding(&tool, category, &driver.rules.0, bases, result) {
                Some(finding) => self.findings.items.push(finding),
                None => without_level += 1,
            }
        }
        if suppressed > 0 {
            self.notes
                .push(format!("{suppressed} {tool} results are suppressed in the source and not counted"));
        }
        if without_level > 0 {
            self.notes.push(format!("{without_level} {tool} results have level `none` and are not findings"));
        }
    }
}

fn read_invocations(
    tool: &str,
    invocations: &[Object<Invocation>],
    bases: &UriBases,
    findings: &mut Findings,
) {
    for Object(invocation) in invocations {
        let notifications = invocation
            .tool_execution_notifications
            .0
            .iter()
            .chain(&invocation.tool_configuration_notifications.0)
            .map(|notification| &notification.0);
        for notification in
            notifications.filter(|notification| notification.level.as_deref() == Some("error"))
        {
            let message = notification
                .message
                .as_ref()
                .and_then(|message| text(&message.0))
                .unwrap_or_else(|| "tool error".to_owned());
            let path = notification.locations.0.as_ref().and_then(|location| path(&location.0, bases));
            findings.problems.push(ScanProblem::new(tool, path, message));
        }
        if invocation.execution_successful == Some(false) {
            findings.problems.push(ScanProblem::new(
                tool,
                None,
                "the tool reports that its run did not succeed",
            ));
        }
    }
}

/// Producers whose results are security findings, matched in the lower-cased tool name.
const SECURITY_SCANNERS: &[&str] = &[
    "bandit",
    "codeql",
    "semgrep",
    "trivy",
    "snyk",
    "checkov",
    "grype",
    "gosec",
    "brakeman",
    "devskim",
    "tfsec",
    "kics",
    "njsscan",
    "horusec",
    "dependency-check",
    "osv-scanner",
    "security",
    "sonarqube",
    "fortify",
    "veracode",
    "checkmarx",
];
/// Producers whose results are lint violations, matched in the lower-cased tool name.
const LINTERS: &[&str] = &[
    "eslint",
    "clippy",
    "golangci-lint",
    "hadolint",
    "stylelint",
    "shellcheck",
    "ruff",
    "pylint",
    "flake8",
    "rubocop",
    "markdownlint",
    "ktlint",
    "detekt",
    "swiftlint",
    "tflint",
    "sqlfluff",
    "biome",
    "oxlint",
    "psscriptanalyzer",
    "actionlint",
    "yamllint",
];

/// What a run's results are (see the module documentation).
fn category(run: &Run) -> Category {
    let driver = &run.tool.0.driver.0;
    let name = driver.name.as_deref().unwrap_or_default().to_ascii_lowercase();
    let named = |names: &[&str]| names.iter().any(|known| name.contains(known));
    if name.contains("gitleaks") || name.contains("trufflehog") {
        return Category::Secret;
    }
    let rules_mark_security = driver
        .rules
        .0
        .iter()
        .any(|rule| rule.0.properties.as_ref().is_some_and(|properties| properties.0.marks_security()));
    let results_mark_security = run.results.as_ref().is_some_and(|results| {
        results.0.iter().any(|result| {
            result.0.properties.as_ref().is_some_and(|properties| properties.0.marks_security())
        })
    });
    if named(SECURITY_SCANNERS) || rules_mark_security || results_mark_security || !named(LINTERS) {
        Category::Security
    } else {
        Category::Lint
    }
}

fn finding(
    tool: &str,
    category: Category,
    rules: &[Object<Rule>],
    bases: &UriBases,
    result: SarifResult,
) -> Option<Finding> {
    let rule = result
        .rule_index
        .and_then(|at| rules.get(at))
        .or_else(|| rules.iter().find(|rule| rule.0.id.is_some() && rule.0.id == result.rule_id))
        .map(|rule| &rule.0);
    let properties = result.properties.map(|properties| properties.0).unwrap_or_default();
    let rule_properties = rule.and_then(|rule| rule.properties.as_ref()).map(|properties| &properties.0);
    let severity = match severity(&properties, rule_properties, result.level.as_deref(), rule) {
        Severity::Level(level) => Some(level),
        Severity::NotAFinding => return None,
        Severity::Unknown => None,
    };
    let rule_id = result
        .rule_id
        .or_else(|| rule.and_then(|rule| rule.id.clone()))
        .map_or_else(|| "unknown".to_owned(), bounded);
    let message = if category == Category::Secret {
        rule.and_then(|rule| rule.name.clone())
            .filter(|name| !name.trim().is_empty())
            .unwrap_or_else(|| rule_id.clone())
    } else {
        result
            .message
            .as_ref()
            .and_then(|message| text(&message.0))
            .or_else(|| {
                rule.and_then(|rule| rule.short_description.as_ref()).and_then(|message| text(&message.0))
            })
            .unwrap_or_default()
    };
    let mut finding = Finding::new(category, tool, rule_id, bounded(message));
    finding.rule_name = rule.and_then(|rule| rule.name.clone()).map(bounded);
    // A committed credential is a high-severity finding whatever level the scanner gives it.
    finding.severity = if category == Category::Secret { Some(Level::High) } else { severity };
    finding.confidence = properties.issue_confidence.as_deref().and_then(Level::from_name);
    finding.cwe = rule_properties.and_then(|properties| properties.tags.cwe);
    finding.location = result.locations.0.and_then(|Object(location)| {
        let path = path(&location, bases)?;
        let region = location
            .physical_location
            .as_ref()
            .and_then(|physical| physical.0.region.as_ref())
            .map(|region| &region.0);
        let mut source = SourceLocation::new(
            path,
            region.and_then(|region| region.start_line).and_then(LenientNumber::line),
        )
        .ending_at(region.and_then(|region| region.end_line).and_then(LenientNumber::line));
        source.column = region.and_then(|region| region.start_column).and_then(LenientNumber::line);
        Some(source)
    });
    Some(finding)
}

enum Severity {
    Level(Level),
    NotAFinding,
    Unknown,
}

fn severity(
    properties: &Properties,
    rule: Option<&Properties>,
    level: Option<&str>,
    rule_def: Option<&Rule>,
) -> Severity {
    if let Some(level) = properties.issue_severity.as_deref().and_then(Level::from_name) {
        return Severity::Level(level);
    }
    if let Some(score) = properties.security_severity.or(rule.and_then(|rule| rule.security_severity)) {
        return Severity::Level(match score.0 {
            score if score >= 7.0 => Level::High,
            score if score >= 4.0 => Level::Medium,
            _ => Level::Low,
        });
    }
    let level = level
        .or_else(|| {
            rule_def
                .and_then(|rule| rule.default_configuration.as_ref())
                .and_then(|config| config.0.level.as_deref())
        })
        .unwrap_or("warning");
    match level {
        "error" => Severity::Level(Level::High),
        "warning" => Severity::Level(Level::Medium),
        "note" => Severity::Level(Level::Low),
        "none" => Severity::NotAFinding,
        _ => Severity::Unknown,
    }
}

fn text(message: &Message) -> Option<String> {
    message.text.clone().or_else(|| message.markdown.clone()).filter(|text| !text.trim().is_empty())
}

/// `text` cut to [`MAX_TEXT`] bytes at a character boundary.
fn bounded(mut text: String) -> String {
    if text.len() > MAX_TEXT {
        truncate_at_char(&mut text, MAX_TEXT);
        text.shrink_to_fit();
    }
    text
}

/// The file path of a location: its URI resolved against its `uriBaseId`, `file://` removed.
fn path(location: &Location, bases: &UriBases) -> Option<String> {
    let artifact = &location.physical_location.as_ref()?.0.artifact_location.as_ref()?.0;
    Some(bounded(file_path(&resolve(artifact, bases)?)))
}

/// The URI of an artifact with its base (`%SRCROOT%` → `file:///work/repo/`) prefixed, following
/// chained bases a few steps; an unknown base leaves the URI as written.
fn resolve(artifact: &ArtifactLocation, bases: &UriBases) -> Option<String> {
    let mut uri = artifact.uri.clone()?;
    let mut base_id = artifact.uri_base_id.as_deref();
    for _ in 0..8 {
        let Some(base) = base_id.and_then(|id| bases.0.get(id)) else { break };
        if is_absolute_uri(&uri) {
            break;
        }
        let prefix = base.0.uri.as_deref().unwrap_or_default();
        let separator = if prefix.is_empty() || prefix.ends_with('/') { "" } else { "/" };
        uri = format!("{prefix}{separator}{uri}");
        base_id = base.0.uri_base_id.as_deref();
    }
    Some(uri)
}

fn is_absolute_uri(uri: &str) -> bool {
    uri.starts_with('/')
        || uri.split_once(':').is_some_and(|(scheme, _)| {
            scheme.len() > 1 && scheme.chars().all(|c| c.is_ascii_alphanumeric() || "+-.".contains(c))
        })
}

/// `file:///home/a/b%20c.py` → `/home/a/b c.py`, `file:///C:/x.py` → `C:/x.py`; other URIs are
/// percent-decoded only.
fn file_path(uri: &str) -> String {
    let path = match uri.strip_prefix("file://") {
        // `file:///C:/x` names a drive: drop the slash before it.
        Some(rest) => match rest.strip_prefix('/') {
            Some(drive) if drive.as_bytes().get(1) == Some(&b':') => drive,
            Some(_) => rest,
            None => rest.strip_prefix("localhost").filter(|rest| rest.starts_with('/')).unwrap_or(rest),
        },
        None => uri.strip_prefix("file:").unwrap_or(uri),
    };
    percent_decoded(path)
}

fn percent_decoded(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut at = 0;
    while let Some(&byte) = bytes.get(at) {
        let hex = bytes
            .get(at + 1..at + 3)
            .filter(|pair| pair.iter().all(u8::is_ascii_hexdigit))
            .and_then(|pair| std::str::from_utf8(pair).ok());
        match hex.and_then(|pair| u8::from_str_radix(pair, 16).ok()) {
            Some(value) if byte == b'%' => {
                decoded.push(value);
                at += 3;
            }
            _ => {
                decoded.push(byte);
                at += 1;
            }
        }
    }
    String::from_utf8(decoded).unwrap_or_else(|_| text.to_owned())
}

/// `CWE-78`, `external/cwe/cwe-078` → 78.
fn cwe(tag: &str) -> Option<u32> {
    let lower = tag.to_ascii_lowercase();
    let number = lower.rsplit("cwe-").next().filter(|_| lower.contains("cwe-"))?;
    number.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn read(json: &str) -> (Findings, Vec<String>) {
        let report = parse_str(Format::Sarif, json).unwrap();
        let ReportContent::Findings(findings) = report.content else { panic!() };
        (findings, report.notes)
    }

    #[test]
    fn severities_from_properties_scores_and_levels() {
        let json = r#"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "scanner", "version": "1.0", "rules": [
            {"id": "R1", "properties": {"security-severity": "9.8", "tags": ["external/cwe/cwe-078"]}},
            {"id": "R2", "defaultConfiguration": {"level": "note"}}]}},
          "results": [
            {"ruleId": "R1", "ruleIndex": 0, "level": "note", "message": {"text": "injection"},
             "locations": [{"physicalLocation": {"artifactLocation": {"uri": "file://src/a.py"}, "region": {"startLine": 3, "endLine": 5, "startColumn": 2}}}]},
            {"ruleId": "R2", "message": {"text": "minor"}, "locations": []},
            {"ruleId": "R3", "message": {"text": "default level"}},
            {"ruleId": "B301", "message": {"text": "pickle"}, "properties": {"issue_severity": "MEDIUM", "issue_confidence": "HIGH"}},
            {"ruleId": "R4", "level": "none", "message": {"text": "info"}},
            {"ruleId": "R5", "level": "error", "message": {"text": "ignored"}, "suppressions": [{"kind": "inSource"}]}]}]}"#;
        let (findings, notes) = read(json);
        let severities: Vec<_> =
            findings.items.iter().map(|finding| (finding.rule.as_str(), finding.severity)).collect();
        assert_eq!(
            severities,
            vec![
                ("R1", Some(Level::High)),
                ("R2", Some(Level::Low)),
                ("R3", Some(Level::Medium)),
                ("B301", Some(Level::Medium))
            ]
        );
        let first = &findings.items[0];
        assert_eq!(first.cwe, Some(78));
        let location = first.location.as_ref().unwrap();
        assert_eq!(
            (location.path.as_str(), location.line, location.end_line, location.column),
            ("src/a.py", Some(3), Some(5), Some(2))
        );
        assert_eq!(findings.items[3].confidence, Some(Level::High));
        assert_eq!(
            notes,
            vec![
                "1 scanner results are suppressed in the source and not counted",
                "1 scanner results have level `none` and are not findings"
            ]
        );
    }

    #[test]
    fn missing_results_and_tool_errors_are_not_clean_scans() {
        let json = r#"{"version": "2.1.0", "runs": [
            {"tool": {"driver": {"name": "CodeQL"}}},
            {"tool": {"driver": {"name": "Semgrep OSS", "rules": []}}, "results": [],
             "invocations": [{"executionSuccessful": true, "toolExecutionNotifications": [{"level": "error", "message": {"text": "File not found: x.py"}}]}]}]}"#;
        let (findings, notes) = read(json);
        assert!(findings.items.is_empty());
        assert!(findings.covers(Category::Security), "one run computed results");
        assert_eq!(findings.problems, vec![ScanProblem::new("Semgrep OSS", None, "File not found: x.py")]);
        let (nothing, _) =
            read(r#"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "CodeQL"}}}]}"#);
        assert!(!nothing.covers(Category::Security), "no run computed results: not a clean scan");
        assert!(notes[0].contains("the CodeQL run has no results"), "{notes:?}");
    }

    #[test]
    fn runs_are_lint_or_security_by_producer_and_rules() {
        let run = |name: &str, rule_properties: &str| {
            format!(
                r#"{{"version": "2.1.0", "runs": [{{"tool": {{"driver": {{"name": "{name}", "rules": [{{"id": "R", "properties": {rule_properties}}}]}}}},
                  "results": [{{"ruleId": "R", "level": "error", "message": {{"text": "m"}}}}]}}]}}"#
            )
        };
        let category = |json: String, format: Format| {
            let report = parse_str(format, &json).unwrap();
            let ReportContent::Findings(findings) = report.content else { panic!() };
            (findings.categories, findings.items[0].category, findings.items[0].severity)
        };
        assert_eq!(
            category(run("ESLint", "{}"), Format::Sarif),
            (vec![Category::Lint], Category::Lint, None)
        );
        assert_eq!(
            category(run("ESLint", r#"{"tags": ["Security"]}"#), Format::Sarif),
            (vec![Category::Security], Category::Security, Some(Level::High))
        );
        assert_eq!(
            category(run("clippy", r#"{"security-severity": "5.0"}"#), Format::Sarif),
            (vec![Category::Security], Category::Security, Some(Level::Medium))
        );
        assert_eq!(
            category(run("Some new scanner", "{}"), Format::Sarif),
            (vec![Category::Security], Category::Security, Some(Level::High))
        );
        assert_eq!(
            category(run("CodeQL", "{}"), Format::LintSarif),
            (vec![Category::Lint], Category::Lint, None)
        );
        assert_eq!(
            category(run("ESLint", "{}"), Format::SecuritySarif),
            (vec![Category::Security], Category::Security, Some(Level::High))
        );
    }

    #[test]
    fn file_uris_and_uri_base_ids_are_resolved() {
        let json = r#"{"version": "2.1.0", "runs": [{"tool": {"driver": {"name": "CodeQL"}},
            "originalUriBaseIds": {"ROOT": {"uri": "file:///home/ci/repo/"}, "SRC": {"uri": "src", "uriBaseId": "ROOT"}},
            "results": [
              {"message": {"text": "a"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "a%20b.py", "uriBaseId": "SRC"}}}]},
              {"message": {"text": "b"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "file:///C:/w/x.py"}}}]},
              {"message": {"text": "c"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "lib/c.py", "uriBaseId": "%SRCROOT%"}}}]},
              {"message": {"text": "d"}, "locations": [{"physicalLocation": {"artifactLocation": {"uri": "file:///tmp/d.py", "uriBaseId": "ROOT"}}}]}]}]}"#;
        let (findings, _) = read(json);
        let paths: Vec<_> =
            findings.items.iter().map(|finding| finding.location.as_ref().unwrap().path.as_str()).collect();
        assert_eq!(paths, ["/home/ci/repo/src/a b.py", "C:/w/x.py", "lib/c.py", "/tmp/d.py"]);
    }

    #[test]
    fn a_log_keeps_a_bounded_number_of_results_and_bounded_texts() {
        let result = r#"{"message": {"text": "m"}},"#;
        let json = format!(
            r#"{{"version": "2.1.0", "runs": [{{"tool": {{"driver": {{"name": "x"}}}}, "results": [{}{{"message": {{"text": "m"}}}}]}}]}}"#,
            result.repeat(MAX_RESULTS)
        );
        let error = parse_str(Format::Sarif, &json).unwrap_err().to_string();
        assert!(error.contains(&format!("at most {MAX_RESULTS} entries")), "{error}");
        let long = "é".repeat(MAX_TEXT);
        let (findings, _) = read(&format!(
            r#"{{"version": "2.1.0", "runs": [{{"tool": {{"driver": {{"name": "x"}}}}, "results": [{{"message": {{"text": "{long}"}}}}]}}]}}"#
        ));
        assert_eq!(findings.items[0].message.len(), MAX_TEXT);
    }
}
