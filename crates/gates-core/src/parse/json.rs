//! Helpers shared by the JSON parsers: typed reading with error locations, lenient numbers.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};

use super::Format;
use super::error::{ParseError, ParseErrorKind};

/// Reads `bytes` as `T`; an error names the key path (`results[3].line_number`) and the line and
/// column serde_json reports.
pub(crate) fn from_slice<T: DeserializeOwned>(format: Format, bytes: &[u8]) -> Result<T, ParseError> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut deserializer = serde_json::Deserializer::from_slice(bytes);
    let value = serde_path_to_error::deserialize(&mut deserializer).map_err(|error| {
        let path = error.path().to_string();
        let inner = error.into_inner();
        located(format, &inner, bytes, (path != "." && path != "?").then_some(path))
    })?;
    deserializer.end().map_err(|error| located(format, &error, bytes, None))?;
    Ok(value)
}

fn located(format: Format, error: &serde_json::Error, bytes: &[u8], path: Option<String>) -> ParseError {
    let message = strip_position(&error.to_string());
    let kind = if error.is_syntax() || error.is_eof() {
        ParseErrorKind::Json(format!("malformed JSON: {message}"))
    } else {
        ParseErrorKind::Json(message)
    };
    let mut parse_error = ParseError::new(format, kind);
    if error.line() > 0 {
        parse_error = parse_error.at(offset_of(bytes, error.line(), error.column()));
    }
    match path {
        Some(path) => parse_error.in_element(path),
        None => parse_error,
    }
}

/// serde_json appends " at line L column C"; the location is shown separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(at) => message.get(..at).unwrap_or(message).to_owned(),
        None => message.to_owned(),
    }
}

/// The byte offset of a 1-based line and column.
fn offset_of(bytes: &[u8], line: usize, column: usize) -> u64 {
    let line_start = if line <= 1 {
        0
    } else {
        bytes
            .iter()
            .enumerate()
            .filter(|(_, byte)| **byte == b'\n')
            .nth(line - 2)
            .map_or(bytes.len(), |(at, _)| at + 1)
    };
    (line_start + column.saturating_sub(1)) as u64
}

/// A number that producers write as an integer, a float or a string (`38`, `38.0`, `"38"`).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub(crate) struct LenientNumber(pub(crate) f64);

impl<'de> Deserialize<'de> for LenientNumber {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Number(f64),
            Text(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Number(number) => Ok(LenientNumber(number)),
            Raw::Text(text) => {
                let trimmed = text.trim().trim_end_matches('%');
                trimmed
                    .parse::<f64>()
                    .ok()
                    .filter(|number| number.is_finite())
                    .map(LenientNumber)
                    .ok_or_else(|| serde::de::Error::custom(format!("expected a number, found {text:?}")))
            }
        }
    }
}

/// A non-negative whole number written as an integer, a float or a string (`38`, `38.0`, `"38"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) struct LenientCount(pub(crate) u64);

impl<'de> Deserialize<'de> for LenientCount {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let LenientNumber(number) = LenientNumber::deserialize(deserializer)?;
        (number >= 0.0 && number.fract() == 0.0 && number <= u64::MAX as f64)
            .then_some(LenientCount(number as u64))
            .ok_or_else(|| serde::de::Error::custom(format!("expected a whole number, found {number}")))
    }
}

impl LenientNumber {
    /// As a line number: a positive whole number, or `None`.
    #[allow(dead_code, reason = "for the JSON parsers of findings, which are still pending")]
    pub(crate) fn line(self) -> Option<u32> {
        (self.0 >= 0.0 && self.0.fract() == 0.0 && self.0 <= f64::from(u32::MAX)).then_some(self.0 as u32)
    }
}

/// The first non-white-space byte, past a BOM.
pub(crate) fn first_byte(bytes: &[u8]) -> Option<u8> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    bytes.iter().copied().find(|byte| !byte.is_ascii_whitespace())
}

/// Tells a JSON report's format from its keys.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Format, String> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let value: serde_json::Value = match serde_json::from_slice(bytes) {
        Ok(value) => value,
        // JSON Lines (mypy -O json): one object per line.
        Err(_) => match bytes.split(|byte| *byte == b'\n').find(|line| !line.trim_ascii().is_empty()) {
            Some(line) => serde_json::from_slice::<serde_json::Value>(line)
                .map_err(|error| format!("it looks like JSON but is not valid JSON ({error})"))?,
            None => return Err("the file is empty".to_owned()),
        },
    };
    sniff_value(&value).ok_or_else(|| describe(&value))
}

fn sniff_value(value: &serde_json::Value) -> Option<Format> {
    use serde_json::Value;
    let has = |object: &serde_json::Map<String, Value>, keys: &[&str]| {
        keys.iter().all(|key| object.contains_key(*key))
    };
    match value {
        Value::Object(object) => {
            if has(object, &["benchmarks", "machine_info"]) {
                Some(Format::PytestBenchmark)
            } else if has(object, &["meta", "files", "totals"]) {
                Some(Format::CoveragepyJson)
            } else if has(object, &["runs"]) && (has(object, &["version"]) || has(object, &["$schema"])) {
                Some(Format::Sarif)
            } else if has(object, &["results", "metrics"]) {
                Some(Format::Bandit)
            } else if has(object, &["packages", "workspace_members"]) {
                Some(Format::CargoMetadata)
            } else if has(object, &["dependencies"]) {
                Some(Format::PipAudit)
            } else if has(object, &["report_meta"]) || has(object, &["scan_results"]) {
                Some(Format::Safety)
            } else if has(object, &["messages", "statistics"]) {
                Some(Format::Pylint)
            } else if has(object, &["file", "line", "message", "severity"]) {
                Some(Format::MypyJson)
            } else {
                sniff_radon(object)
            }
        }
        Value::Array(items) => match items.first() {
            None => None,
            Some(Value::Object(first)) if has(first, &["code", "filename", "location"]) => Some(Format::Ruff),
            Some(Value::Object(first)) if has(first, &["message-id", "symbol"]) => Some(Format::Pylint),
            Some(Value::Object(first)) if has(first, &["name", "version", "vulns"]) => Some(Format::PipAudit),
            Some(Value::Object(first))
                if has(first, &["Name", "License"]) || has(first, &["Name", "License-Classifier"]) =>
            {
                Some(Format::PipLicenses)
            }
            Some(Value::Object(first)) if has(first, &["RuleID", "File"]) => Some(Format::Gitleaks),
            Some(Value::Array(_)) => Some(Format::Safety),
            Some(_) => None,
        },
        _ => None,
    }
}

/// radon writes an object keyed by file: `cc` lists blocks, `mi` has `mi`, `raw` has `loc` and
/// `sloc`; any may be `{"error": …}`.
fn sniff_radon(object: &serde_json::Map<String, serde_json::Value>) -> Option<Format> {
    use serde_json::Value;
    object.values().find_map(|entry| match entry {
        Value::Array(blocks) => {
            blocks.first().is_none_or(|block| block.get("complexity").is_some()).then_some(Format::RadonCc)
        }
        Value::Object(file) if file.contains_key("mi") => Some(Format::RadonMi),
        Value::Object(file) if file.contains_key("sloc") && file.contains_key("loc") => {
            Some(Format::RadonRaw)
        }
        _ => None,
    })
}

fn describe(value: &serde_json::Value) -> String {
    match value {
        serde_json::Value::Object(object) => {
            let keys: Vec<&str> = object.keys().take(6).map(String::as_str).collect();
            format!("a JSON object with keys {keys:?}")
        }
        serde_json::Value::Array(items) if items.is_empty() => {
            "an empty JSON list (ruff, pylint and gitleaks write `[]` when clean: name the format with --input ruff=FILE, pylint=FILE or gitleaks=FILE)".to_owned()
        }
        serde_json::Value::Array(_) => "a JSON list of unknown items".to_owned(),
        _ => "a JSON value that is not an object or a list".to_owned(),
    }
}
