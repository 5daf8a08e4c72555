//! Tells a JSON report's format from its shape without building it: object keys are read and
//! values skipped (`IgnoredAny`), so sniffing a report of any size keeps a few keys in memory.

use std::fmt;

use serde::Deserializer;
use serde::de::{self, Deserialize, IgnoredAny, MapAccess, SeqAccess, Visitor};

use super::Format;

/// The keys that tell formats apart; an object remembers which of them it has.
const MARK_KEYS: &[&str] = &[
    "benchmarks",
    "machine_info",
    "meta",
    "files",
    "totals",
    "runs",
    "version",
    "$schema",
    "results",
    "metrics",
    "packages",
    "workspace_members",
    "dependencies",
    "report_meta",
    "scan_results",
    "messages",
    "statistics",
    "file",
    "line",
    "message",
    "severity",
    "code",
    "filename",
    "location",
    "message-id",
    "symbol",
    "name",
    "vulns",
    "vulnerabilities",
    "Name",
    "License",
    "License-Classifier",
    "RuleID",
    "File",
    "complexity",
    "mi",
    "sloc",
    "loc",
    "Action",
    "Package",
    "ImportPath",
    "filePath",
    "errorCount",
    "metadata",
    "reason",
    "check_name",
    "description",
    "fingerprint",
    "numTotalTests",
    "testResults",
    "stats",
    "tests",
    "passes",
    "reportFormat",
    "statementMap",
    "branchMap",
    "fnMap",
    "coverage",
    "timestamp",
    "data",
    "type",
    "database",
    "lockfile",
    "auditReportVersion",
    "advisories",
    "SchemaVersion",
    "ArtifactName",
    "matches",
    "descriptor",
    "Target",
    "Vulnerabilities",
    "experimental_config",
    "paths",
    "SourceMetadata",
    "DetectorName",
    "Issues",
    "Report",
    "lines",
    "statements",
    "functions",
    "branches",
    "measured_values",
    "group_name",
    "command",
    "mean",
    "times",
    "context",
    "primaryMetric",
    "latest_version",
    "wanted",
    "latest",
    "bomFormat",
    "unit",
    "value",
    "latency",
    "throughput",
    "build-time",
    "file-size",
    "HostEnvironmentInfo",
    "Benchmarks",
    "crate_name",
];

/// How many keys an unknown object is described by, and how long each may be.
const DESCRIBED_KEYS: usize = 6;
const DESCRIBED_KEY_CHARS: usize = 40;

/// What sniffing keeps of an object: its first few keys and which marking keys it has.
#[derive(Default)]
struct Keys {
    first: Vec<String>,
    marks: u128,
}

impl Keys {
    fn add(&mut self, key: &str) {
        if let Some(index) = MARK_KEYS.iter().position(|mark| *mark == key) {
            self.marks |= 1u128 << index;
        }
        if self.first.len() < DESCRIBED_KEYS {
            self.first.push(key.chars().take(DESCRIBED_KEY_CHARS).collect());
        }
    }

    fn has(&self, keys: &[&str]) -> bool {
        keys.iter().all(|key| {
            MARK_KEYS
                .iter()
                .position(|mark| mark == key)
                .is_some_and(|index| self.marks & (1u128 << index) != 0)
        })
    }
}

/// A value seen one level deep: an object's keys, or that it is a list or something else.
enum Shallow {
    Object(Keys),
    List,
    Other,
}

/// A value seen two levels deep: a list also shows its first item.
enum Peek {
    Object(Keys),
    List(Option<Shallow>),
    Other,
}

/// The whole document: an object's keys, what its first radon-shaped entry says, the keys of its
/// first entry (an object) or of the first item of its first entry (a list of objects); or a
/// list's first item.
enum Top {
    Object { keys: Keys, radon: Option<Format>, first_entry: Option<Keys>, first_listed: Option<Keys> },
    List(Option<Shallow>),
    Other,
}

/// Tells a JSON report's format from its keys, or says what was found instead.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Format, String> {
    let bytes = bytes.strip_prefix(super::json::BOM).unwrap_or(bytes);
    told(serde_json::Deserializer::from_slice(bytes).into_iter::<Top>().next())
}

/// [`sniff`] for a report read as a stream, up to the end of its first value. The outer error
/// is a read error.
pub(crate) fn sniff_reader(mut input: impl std::io::BufRead) -> std::io::Result<Result<Format, String>> {
    super::json::skip_bom(&mut input)?;
    Ok(told(serde_json::Deserializer::from_reader(FromBuffer(input)).into_iter::<Top>().next()))
}

/// A buffered reader read straight from its buffer, which serde_json reads a byte at a time.
struct FromBuffer<R>(R);

impl<R: std::io::BufRead> std::io::Read for FromBuffer<R> {
    fn read(&mut self, into: &mut [u8]) -> std::io::Result<usize> {
        let available = self.0.fill_buf()?;
        let count = into.len().min(available.len());
        match (into, available) {
            ([only], [first, ..]) => *only = *first,
            (into, available) => {
                let (Some(into), Some(available)) = (into.get_mut(..count), available.get(..count)) else {
                    return Ok(0);
                };
                into.copy_from_slice(available);
            }
        }
        self.0.consume(count);
        Ok(count)
    }
}

/// The format of the first value of a document; the first value is enough, so JSON Lines
/// (mypy -O json) is told from its first line.
fn told(first: Option<Result<Top, serde_json::Error>>) -> Result<Format, String> {
    let top = match first {
        Some(Ok(top)) => top,
        Some(Err(error)) => return Err(format!("it looks like JSON but is not valid JSON ({error})")),
        None => return Err("the file is empty".to_owned()),
    };
    format_of(&top).ok_or_else(|| describe(&top))
}

/// Whether the report is an empty list (`[]`), which ruff, pylint and gitleaks write when clean
/// and ESLint when it lints no file.
pub(crate) fn is_empty_list(bytes: &[u8]) -> bool {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes).trim_ascii();
    bytes
        .strip_prefix(b"[")
        .and_then(|rest| rest.strip_suffix(b"]"))
        .is_some_and(|inside| inside.trim_ascii().is_empty())
}

fn format_of(top: &Top) -> Option<Format> {
    match top {
        Top::Object { keys, radon, first_entry, first_listed } => {
            let entry_has = |wanted: &[&str]| first_entry.as_ref().is_some_and(|entry| entry.has(wanted));
            let listed_has = |wanted: &[&str]| first_listed.as_ref().is_some_and(|item| item.has(wanted));
            if keys.has(&["benchmarks", "machine_info"]) {
                Some(Format::PytestBenchmark)
            } else if keys.has(&["results"]) && listed_has(&["command", "mean", "times"]) {
                Some(Format::Hyperfine)
            } else if keys.has(&["context", "benchmarks"]) {
                Some(Format::GoogleBenchmark)
            } else if keys.has(&["HostEnvironmentInfo", "Benchmarks"]) {
                Some(Format::Benchmarkdotnet)
            } else if ["latency", "throughput", "build-time", "file-size"]
                .iter()
                .any(|measure| entry_has(&[measure]))
            {
                Some(Format::Bmf)
            } else if keys.has(&["meta", "files", "totals"]) {
                Some(Format::CoveragepyJson)
            } else if keys.has(&["runs"]) && (keys.has(&["version"]) || keys.has(&["$schema"])) {
                Some(Format::Sarif)
            } else if keys.has(&["results", "metrics"]) {
                Some(Format::Bandit)
            } else if keys.has(&["bomFormat"]) {
                Some(Format::Cyclonedx)
            } else if keys.has(&["database", "lockfile", "vulnerabilities"]) {
                Some(Format::CargoAudit)
            } else if keys.has(&["auditReportVersion", "vulnerabilities"])
                || keys.has(&["advisories", "metadata"])
            {
                Some(Format::NpmAudit)
            } else if keys.has(&["matches", "descriptor"]) {
                Some(Format::Grype)
            } else if keys.has(&["results", "experimental_config"]) {
                Some(Format::OsvScanner)
            } else if keys.has(&["results", "paths"]) {
                Some(Format::Semgrep)
            } else if keys.has(&["SourceMetadata", "DetectorName"]) {
                Some(Format::Trufflehog)
            } else if keys.has(&["Issues", "Report"]) {
                Some(Format::GolangciLint)
            } else if keys.has(&["SchemaVersion", "ArtifactName"]) {
                Some(Format::Trivy)
            } else if keys.has(&["packages", "workspace_members"]) {
                Some(Format::CargoMetadata)
            } else if keys.has(&["crate_name", "dependencies"]) {
                Some(Format::CargoOutdated)
            } else if keys.has(&["dependencies"]) {
                Some(Format::PipAudit)
            } else if keys.has(&["report_meta"]) || keys.has(&["scan_results"]) {
                Some(Format::Safety)
            } else if keys.has(&["messages", "statistics"]) {
                Some(Format::Pylint)
            } else if keys.has(&["file", "line", "message", "severity"]) {
                Some(Format::MypyJson)
            } else if keys.has(&["Action", "Package"]) || keys.has(&["Action", "ImportPath"]) {
                Some(Format::GoTestJson)
            } else if keys.has(&["results", "metadata"]) {
                Some(Format::Eslint)
            } else if keys.has(&["reason", "measured_values"]) || keys.has(&["reason", "group_name"]) {
                Some(Format::Criterion)
            } else if keys.has(&["reason"]) {
                Some(Format::CargoJson)
            } else if keys.has(&["numTotalTests", "testResults"]) {
                Some(Format::JestJson)
            } else if keys.has(&["stats", "tests", "passes"]) {
                Some(Format::MochaJson)
            } else if keys.has(&["reportFormat", "results"]) {
                Some(Format::Ctrf)
            } else if entry_has(&["statementMap", "branchMap", "fnMap"])
                || entry_has(&["lines", "statements", "functions", "branches"])
            {
                // A coverage-summary.json too, which the istanbul reader refuses with what to give.
                Some(Format::IstanbulJson)
            } else if keys.has(&["meta", "coverage"]) || entry_has(&["coverage", "timestamp"]) {
                Some(Format::Simplecov)
            } else if keys.has(&["data", "type", "version"]) {
                Some(Format::LlvmCovJson)
            } else if entry_has(&["wanted", "latest"]) {
                Some(Format::NpmOutdated)
            } else {
                *radon
            }
        }
        Top::List(Some(Shallow::Object(first))) => {
            if first.has(&["code", "filename", "location"]) {
                Some(Format::Ruff)
            } else if first.has(&["primaryMetric"]) {
                Some(Format::Jmh)
            } else if first.has(&["message-id", "symbol"]) {
                Some(Format::Pylint)
            } else if first.has(&["Target", "Vulnerabilities"]) {
                Some(Format::Trivy)
            } else if first.has(&["name", "version", "latest_version"]) {
                Some(Format::PipOutdated)
            } else if first.has(&["name", "version", "vulns"]) {
                Some(Format::PipAudit)
            } else if first.has(&["Name", "License"]) || first.has(&["Name", "License-Classifier"]) {
                Some(Format::PipLicenses)
            } else if first.has(&["RuleID", "File"]) {
                Some(Format::Gitleaks)
            } else if first.has(&["filePath", "messages"]) {
                Some(Format::Eslint)
            } else if first.has(&["description", "location"])
                && (first.has(&["check_name"]) || first.has(&["fingerprint"]))
            {
                Some(Format::CodeClimate)
            } else {
                None
            }
        }
        Top::List(Some(Shallow::List)) => Some(Format::Safety),
        Top::List(_) | Top::Other => None,
    }
}

/// radon writes an object keyed by file: `cc` lists blocks, `mi` has `mi`, `raw` has `loc` and
/// `sloc`; any may be `{"error": …}`.
fn radon_format(entry: &Peek) -> Option<Format> {
    match entry {
        Peek::List(None) => Some(Format::RadonCc),
        Peek::List(Some(Shallow::Object(block))) if block.has(&["complexity"]) => Some(Format::RadonCc),
        Peek::Object(file) if file.has(&["mi"]) => Some(Format::RadonMi),
        Peek::Object(file) if file.has(&["sloc", "loc"]) => Some(Format::RadonRaw),
        _ => None,
    }
}

fn describe(top: &Top) -> String {
    match top {
        Top::Object { keys, .. } => format!("a JSON object with keys {:?}", keys.first),
        Top::List(None) => "an empty JSON list (ruff, pylint and gitleaks write `[]` when clean, ESLint when given \
            no file: name the file ruff*.json, pylint*.json, gitleaks*.json or eslint*.json, or name its format: \
            ruff, pylint, gitleaks or eslint)"
            .to_owned(),
        Top::List(Some(Shallow::Object(first))) if first.has(&["name", "unit", "value"]) => {
            "a github-action-benchmark custom list, which does not say which way is better: name its format, \
             custom-smaller-is-better or custom-bigger-is-better"
                .to_owned()
        }
        Top::List(Some(_)) => "a JSON list of unknown items".to_owned(),
        Top::Other => "a JSON value that is not an object or a list".to_owned(),
    }
}

/// Reads the keys of a map into `keys`, skipping values; a visitor's `visit_map` for any level.
fn read_keys<'de, A: MapAccess<'de>>(
    mut map: A,
    mut on_value: impl FnMut(&mut A, &str) -> Result<(), A::Error>,
) -> Result<Keys, A::Error> {
    let mut keys = Keys::default();
    while let Some(key) = map.next_key::<KeyText>()? {
        keys.add(&key.0);
        on_value(&mut map, &key.0)?;
    }
    Ok(keys)
}

fn skip_value<'de, A: MapAccess<'de>>(map: &mut A, _key: &str) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

fn skip_rest<'de, A: SeqAccess<'de>>(mut seq: A) -> Result<(), A::Error> {
    while seq.next_element::<IgnoredAny>()?.is_some() {}
    Ok(())
}

/// An object key; JSON keys are strings, held only while looked at.
struct KeyText(String);

impl<'de> Deserialize<'de> for KeyText {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(KeyText)
    }
}

macro_rules! shape_visitor {
    ($visitor:ident, $shape:ident) => {
        struct $visitor;

        impl<'de> Deserialize<'de> for $shape {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                deserializer.deserialize_any($visitor)
            }
        }

        impl $visitor {
            fn other<E>(self) -> Result<$shape, E> {
                Ok($shape::Other)
            }
        }
    };
}

macro_rules! scalars_are_other {
    () => {
        fn visit_bool<E: de::Error>(self, _: bool) -> Result<Self::Value, E> {
            self.other()
        }
        fn visit_i64<E: de::Error>(self, _: i64) -> Result<Self::Value, E> {
            self.other()
        }
        fn visit_u64<E: de::Error>(self, _: u64) -> Result<Self::Value, E> {
            self.other()
        }
        fn visit_f64<E: de::Error>(self, _: f64) -> Result<Self::Value, E> {
            self.other()
        }
        fn visit_str<E: de::Error>(self, _: &str) -> Result<Self::Value, E> {
            self.other()
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            self.other()
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            self.other()
        }
    };
}

shape_visitor!(ShallowVisitor, Shallow);
shape_visitor!(PeekVisitor, Peek);
shape_visitor!(TopVisitor, Top);

impl<'de> Visitor<'de> for ShallowVisitor {
    type Value = Shallow;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    scalars_are_other!();

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<Shallow, A::Error> {
        skip_rest(seq)?;
        Ok(Shallow::List)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Shallow, A::Error> {
        read_keys(map, skip_value).map(Shallow::Object)
    }
}

impl<'de> Visitor<'de> for PeekVisitor {
    type Value = Peek;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    scalars_are_other!();

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Peek, A::Error> {
        let first = seq.next_element::<Shallow>()?;
        skip_rest(seq)?;
        Ok(Peek::List(first))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Peek, A::Error> {
        read_keys(map, skip_value).map(Peek::Object)
    }
}

impl<'de> Visitor<'de> for TopVisitor {
    type Value = Top;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON value")
    }

    scalars_are_other!();

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Top, A::Error> {
        let first = seq.next_element::<Shallow>()?;
        skip_rest(seq)?;
        Ok(Top::List(first))
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<Top, A::Error> {
        let (mut radon, mut first_entry, mut first_listed, mut first) = (None, None, None, true);
        let keys = read_keys(map, |map, _key| {
            // Entries are looked into until one is radon's (the first may be its `{"error": …}`);
            // the first entry's keys are kept.
            if radon.is_some() {
                return skip_value(map, _key);
            }
            let entry = map.next_value::<Peek>()?;
            radon = radon_format(&entry);
            match (first, entry) {
                (true, Peek::Object(keys)) => first_entry = Some(keys),
                (true, Peek::List(Some(Shallow::Object(keys)))) => first_listed = Some(keys),
                _ => {}
            }
            first = false;
            Ok(())
        })?;
        Ok(Top::Object { keys, radon, first_entry, first_listed })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stream_is_told_as_the_bytes_are_however_small_its_buffer() {
        let report = br#"{"results": [{"code": "x = 1"}], "metrics": {"_totals": {}}, "errors": []}"#;
        for capacity in [1, 2, 7, 64 * 1024] {
            let input = std::io::BufReader::with_capacity(capacity, &report[..]);
            assert_eq!(sniff_reader(input).unwrap(), sniff(report), "buffer of {capacity}");
        }
        let not_json = std::io::BufReader::with_capacity(3, &b"{\"a\": tru"[..]);
        assert_eq!(sniff_reader(not_json).unwrap(), sniff(b"{\"a\": tru"));
    }

    #[test]
    fn tells_formats_from_keys_only() {
        assert_eq!(sniff(br#"{"results": [], "metrics": {}, "errors": []}"#), Ok(Format::Bandit));
        assert_eq!(sniff(br#"{"a.py": [{"complexity": 1}], "b.py": []}"#), Ok(Format::RadonCc));
        assert_eq!(sniff(br#"{"a.py": {"error": "x"}, "b.py": {"mi": 50.0}}"#), Ok(Format::RadonMi));
        assert_eq!(sniff(b"[[\"a\", \"<1\", \"0.9\", \"x\", \"1\"]]"), Ok(Format::Safety));
        assert_eq!(
            sniff(br#"{"auditReportVersion": 2, "vulnerabilities": {}, "metadata": {}}"#),
            Ok(Format::NpmAudit)
        );
        assert_eq!(sniff(br#"{"actions": [], "advisories": {}, "metadata": {}}"#), Ok(Format::NpmAudit));
        let cargo_audit =
            br#"{"database": {}, "lockfile": {}, "vulnerabilities": {"list": []}, "warnings": {}}"#;
        assert_eq!(sniff(cargo_audit), Ok(Format::CargoAudit));
        assert_eq!(sniff(br#"{"SchemaVersion": 2, "ArtifactName": ".", "Results": []}"#), Ok(Format::Trivy));
        assert_eq!(sniff(br#"[{"Target": "a", "Vulnerabilities": null}]"#), Ok(Format::Trivy));
        assert_eq!(
            sniff(br#"{"matches": [], "source": {}, "descriptor": {"name": "grype"}}"#),
            Ok(Format::Grype)
        );
        assert_eq!(
            sniff(br#"{"results": [], "experimental_config": {"licenses": {"summary": false}}}"#),
            Ok(Format::OsvScanner)
        );
        assert_eq!(
            sniff(br#"{"version": "1.95.0", "results": [], "errors": [], "paths": {"scanned": []}}"#),
            Ok(Format::Semgrep)
        );
        let trufflehog = b"{\"SourceMetadata\": {\"Data\": {\"Git\": {}}}, \"DetectorName\": \"AWS\", \"Verified\": false}\n{}\n";
        assert_eq!(sniff(trufflehog), Ok(Format::Trufflehog));
        let hyperfine = br#"{"results": [{"command": "a", "mean": 0.1, "stddev": null, "times": [0.1]}]}"#;
        assert_eq!(sniff(hyperfine), Ok(Format::Hyperfine));
        assert_eq!(sniff(br#"{"context": {"num_cpus": 2}, "benchmarks": []}"#), Ok(Format::GoogleBenchmark));
        assert_eq!(
            sniff(br#"[{"jmhVersion": "1.37", "benchmark": "a.B.c", "primaryMetric": {}}]"#),
            Ok(Format::Jmh)
        );
        assert_eq!(sniff(br#"{"parse": {"latency": {"value": 88.0}}}"#), Ok(Format::Bmf));
        assert_eq!(
            sniff(br#"{"Title": "x", "HostEnvironmentInfo": {}, "Benchmarks": []}"#),
            Ok(Format::Benchmarkdotnet)
        );
        let custom = sniff(br#"[{"name": "a", "unit": "ms", "value": 1}]"#).unwrap_err();
        assert!(custom.contains("name its format, custom-smaller-is-better or"), "{custom}");
        let cargo_outdated =
            b"{\"crate_name\":\"app\",\"dependencies\":[]}\n{\"crate_name\":\"util\",\"dependencies\":[]}\n";
        assert_eq!(sniff(cargo_outdated), Ok(Format::CargoOutdated));
        let lines = b"{\"file\": \"a.py\", \"line\": 1, \"message\": \"m\", \"severity\": \"error\"}\n{\"file\": \"b.py\"}\n";
        assert_eq!(sniff(lines), Ok(Format::MypyJson));
    }

    #[test]
    fn describes_what_it_cannot_tell() {
        assert_eq!(sniff(br#"{"a": 1}"#), Err("a JSON object with keys [\"a\"]".to_owned()));
        assert_eq!(sniff(b"[1]"), Err("a JSON list of unknown items".to_owned()));
        assert!(sniff(b" [ ] ").is_err_and(|found| found.starts_with("an empty JSON list")));
        assert!(is_empty_list(b"\xEF\xBB\xBF [ \n ]\n"));
        assert!(!is_empty_list(b"[[]]"));
    }

    #[test]
    fn nesting_is_bounded() {
        let deep = "[".repeat(100_000);
        assert!(sniff(deep.as_bytes()).is_err_and(|found| found.contains("not valid JSON")));
    }
}
