//! TruffleHog JSON lines (`trufflehog git|filesystem|github … --json`, v3).
//!
//! Read from TruffleHog's JSON printer (pkg/output/json.go): one object per line and secret,
//! `SourceMetadata.Data.<Source>` (`Git`, `Filesystem`, `Github`, …) saying where
//! (`file`, `line`, `commit`), `DetectorName` what, and `Verified` whether TruffleHog confirmed
//! it live. No TruffleHog runs here, so the fixture is written by hand in that shape.
//!
//! Each line is a `secrets.findings` finding of its detector: a verified secret is of high
//! severity, an unverified one medium. `Raw`, `RawV2` and `Redacted` hold the secret itself, and
//! `ExtraData` and the author's e-mail may tell more of it: none of them is read, so no output
//! can show them. A clean scan writes nothing: an empty report is zero secrets. TruffleHog's
//! log goes to stderr; a log line in the report is refused, not skipped.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::Deserialize;
use serde::de::IgnoredAny;

use super::Format;
use super::error::{ParseError, ParseErrorKind, io_error};
use super::json::{self, LenientNumber};
use super::lines::{Lines, MAX_TEXT_LINE};
use crate::model::{Category, Finding, Findings, Level, Report, ReportContent, SourceLocation};

/// Characters of a commit hash shown.
const COMMIT_SHOWN: usize = 12;

/// A line as read: a result has the three parts; TruffleHog's log lines have a `msg`.
#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct ReportLine {
    #[serde(default)]
    source_metadata: Option<SourceMetadata>,
    #[serde(default)]
    detector_name: Option<String>,
    #[serde(default)]
    verified: Option<bool>,
    #[serde(default, rename = "msg")]
    log_message: Option<IgnoredAny>,
}

struct Secret {
    source_metadata: SourceMetadata,
    detector_name: String,
    verified: bool,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct SourceMetadata {
    /// One entry, named after the source.
    data: BTreeMap<String, Place>,
}

#[derive(Deserialize)]
struct Place {
    #[serde(default)]
    file: Option<String>,
    #[serde(default)]
    line: Option<LenientNumber>,
    #[serde(default)]
    commit: Option<String>,
}

/// Parses TruffleHog's JSON lines.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let mut findings = Findings::covering(&[Category::Secret]);
    let (mut verified, mut unverified) = (0usize, 0usize);
    let mut lines = Lines::new(input, MAX_TEXT_LINE);
    let mut objects = json::JsonLines::default();
    while let Some(line) = lines.next_line().map_err(|error| io_error(Format::Trufflehog, error))? {
        let start = line.start;
        let Some(read) = objects.read::<ReportLine>(Format::Trufflehog, &line)? else {
            continue;
        };
        let secret = match read {
            ReportLine {
                source_metadata: Some(source_metadata),
                detector_name: Some(detector_name),
                verified: Some(verified),
                ..
            } => Secret { source_metadata, detector_name, verified },
            ReportLine { log_message, .. } => {
                let expected = if log_message.is_some() {
                    "a result, found a line of TruffleHog's log: write only its stdout to the report (the log goes to stderr)"
                } else {
                    "a result with SourceMetadata, DetectorName and Verified"
                };
                return Err(ParseError::new(
                    Format::Trufflehog,
                    ParseErrorKind::Json(format!("expected {expected}")),
                )
                .at(start));
            }
        };
        if secret.verified {
            verified += 1;
        } else {
            unverified += 1;
        }
        findings.items.push(finding(secret));
    }
    if lines.ended_mid_line() {
        // TruffleHog ends every line it prints with a newline.
        let kind = ParseErrorKind::Json("the last line has no newline: the report is truncated".to_owned());
        return Err(ParseError::new(Format::Trufflehog, kind).at(lines.offset()));
    }
    let notes = if findings.items.is_empty() {
        Vec::new()
    } else {
        vec![format!("TruffleHog: {verified} verified and {unverified} unverified secrets")]
    };
    Ok(Report {
        format: Format::Trufflehog,
        producer: Some("trufflehog".to_owned()),
        notes,
        content: ReportContent::Findings(findings),
    })
}

fn finding(secret: Secret) -> Finding {
    let place = secret.source_metadata.data.into_values().next();
    let state = if secret.verified { "verified" } else { "unverified" };
    let mut message = format!("{} secret, {state}", secret.detector_name);
    let commit = place.as_ref().and_then(|place| place.commit.as_deref()).filter(|commit| !commit.is_empty());
    if let Some(commit) = commit {
        message = format!("{message}, in commit {}", commit.get(..COMMIT_SHOWN).unwrap_or(commit));
    }
    let mut finding = Finding::new(Category::Secret, "trufflehog", secret.detector_name, message);
    finding.severity = Some(if secret.verified { Level::High } else { Level::Medium });
    finding.location = place.and_then(|place| {
        let file = place.file.filter(|file| !file.is_empty())?;
        Some(SourceLocation::new(file, place.line.and_then(LenientNumber::line).filter(|line| *line > 0)))
    });
    finding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    const LEAK: &str = r#"{"SourceMetadata":{"Data":{"Filesystem":{"file":"app/.env","line":2}}},"SourceID":1,"SourceType":15,"SourceName":"trufflehog - filesystem","DetectorType":8,"DetectorName":"Github","DecoderName":"PLAIN","Verified":false,"Raw":"ghp_PLANTEDFAKE","RawV2":"","Redacted":"ghp_PLANTEDFAKE","ExtraData":{"username":"someone"},"StructuredData":null}"#;

    #[test]
    fn the_secret_is_never_kept_and_no_file_is_no_location() {
        let cut = parse_str(Format::Trufflehog, LEAK).unwrap_err().to_string();
        assert!(cut.contains("truncated"), "{cut}");
        let text =
            format!("{LEAK}\n{}\n", LEAK.replace(r#"{"file":"app/.env","line":2}"#, r#"{"bucket":"b"}"#));
        let report = parse_str(Format::Trufflehog, &text).unwrap();
        assert!(!format!("{report:?}").contains("PLANTEDFAKE"));
        assert!(!format!("{report:?}").contains("someone"));
        let ReportContent::Findings(findings) = report.content else { panic!() };
        assert_eq!(findings.items.len(), 2);
        let first = &findings.items[0];
        assert_eq!((first.rule.as_str(), first.message.as_str()), ("Github", "Github secret, unverified"));
        assert_eq!(first.location, Some(SourceLocation::new("app/.env", Some(2))));
        assert_eq!(findings.items[1].location, None);
    }

    #[test]
    fn two_reports_joined_by_a_blank_line_are_refused() {
        let joined = format!("{LEAK}\n\n{LEAK}\n");
        let error = parse_str(Format::Trufflehog, &joined).unwrap_err().to_string();
        assert!(error.contains("line 2") && error.contains("no blank line between"), "{error}");
    }

    #[test]
    fn an_empty_report_is_a_clean_scan_and_a_log_line_is_refused_where_it_stands() {
        let ReportContent::Findings(clean) = parse_str(Format::Trufflehog, "").unwrap().content else {
            panic!()
        };
        assert!(clean.items.is_empty() && clean.covers(Category::Secret));
        let log = r#"{"level":"info-0","ts":"2026-12-02T18:00:00Z","logger":"trufflehog","msg":"finished scanning"}"#;
        let error = parse_str(Format::Trufflehog, &format!("{LEAK}\n{log}\n")).unwrap_err();
        let shown = error.to_string();
        assert!(shown.contains("found a line of TruffleHog's log"), "{shown}");
        assert_eq!(error.location.offset.map(|at| at > LEAK.len() as u64), Some(true), "{shown}");
        let broken = LEAK.replace(r#""Raw":"ghp_PLANTEDFAKE""#, r#""Raw":"ghp_PLANTEDFAKE\q""#);
        let shown = parse_str(Format::Trufflehog, &broken).unwrap_err().to_string();
        assert!(shown.contains("invalid escape") && !shown.contains("PLANTEDFAKE"), "{shown}");
    }
}
