//! `cargo outdated --format json`.
//!
//! Producer seen: cargo-outdated 0.19.0 with cargo 1.95 (read from cargo-outdated's
//! `src/cargo_ops/elaborate_workspace.rs`, `print_json`, and `pkg_status.rs`): one JSON object
//! per line, one line per crate checked (the root crate, or each member with `--workspace`):
//! `{"crate_name", "dependencies": [{name, project, compat, latest, kind, platform}]}`.
//! `project` is the version the lockfile has; `compat` (the newest the declared requirement
//! allows) and `latest` (the newest release) are a version, `---` for no change, or `Removed` for a
//! dependency that version of its parent no longer has. A transitive dependency is named
//! `parent->name`. Nothing outdated is a line with an empty `dependencies`.
//!
//! A dependency counts when `latest`, else `compat`, is a version: a row whose newer releases all
//! drop it (`Removed`, mostly the dependencies of an outdated parent) is left out with a note.
//! Each row counts, as cargo-outdated's own count does, so a crate two workspace members use is
//! counted for each. A report without any line is an error, never an empty list; so is a crate
//! on two lines or a blank line between two crates (two files in one).

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind, io_error};
use super::json;
use super::lines::{Lines, MAX_TEXT_LINE};
use crate::model::{Outdated, OutdatedPackage, Report, ReportContent};

/// One line: a crate and its outdated dependencies.
#[derive(Deserialize)]
struct Checked {
    crate_name: String,
    dependencies: Vec<Dependency>,
}

#[derive(Deserialize)]
struct Dependency {
    name: String,
    project: String,
    compat: String,
    latest: String,
}

/// A version, or `None` for cargo-outdated's "no change" (`---`) and `Removed`.
fn version(status: String) -> Option<String> {
    (status != "---" && status != "Removed").then_some(status)
}

/// Parses a `cargo outdated --format json` report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let mut packages = Vec::new();
    let mut crates = std::collections::HashSet::new();
    let mut dropped = 0usize;
    let mut lines = Lines::new(input, MAX_TEXT_LINE);
    let mut objects = json::JsonLines::default();
    while let Some(line) = lines.next_line().map_err(|error| io_error(Format::CargoOutdated, error))? {
        if line.bytes.trim_ascii() == b"{" {
            let kind = ParseErrorKind::Json(
                "expected one JSON object per line, as `cargo outdated --format json` writes; this one is spread over lines (pretty-printed?)"
                    .to_owned(),
            );
            return Err(ParseError::new(Format::CargoOutdated, kind).at(line.start));
        }
        let Some(checked) = objects.read::<Checked>(Format::CargoOutdated, &line)? else {
            continue;
        };
        if !crates.insert(checked.crate_name.clone()) {
            let kind = ParseErrorKind::invalid(
                "each crate on one line only (two runs in one file?)",
                &checked.crate_name,
            );
            return Err(ParseError::new(Format::CargoOutdated, kind).at(line.start));
        }
        for dependency in checked.dependencies {
            let compat = version(dependency.compat);
            let Some(newest) = version(dependency.latest).or_else(|| compat.clone()) else {
                dropped += 1;
                continue;
            };
            let mut package =
                OutdatedPackage::new(dependency.name, Some(dependency.project), newest, "cargo");
            package.wanted = compat;
            packages.push(package);
        }
    }
    if crates.is_empty() {
        return Err(ParseError::new(Format::CargoOutdated, ParseErrorKind::Empty("crate")));
    }
    let notes = match dropped {
        0 => Vec::new(),
        1 => vec![
            "1 dependency the newer versions of its parent no longer use (`Removed`) is not counted"
                .to_owned(),
        ],
        n => vec![format!(
            "{n} dependencies the newer versions of their parents no longer use (`Removed`) are not counted"
        )],
    };
    Ok(Report {
        format: Format::CargoOutdated,
        producer: Some("cargo-outdated".to_owned()),
        notes,
        content: ReportContent::Outdated(Outdated { packages }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    fn outdated(text: &str) -> (Outdated, Vec<String>) {
        let report = parse_str(Format::CargoOutdated, text).unwrap();
        let ReportContent::Outdated(outdated) = report.content else { panic!("not an outdated list") };
        (outdated, report.notes)
    }

    #[test]
    fn the_newest_version_is_latest_else_compat_and_removed_rows_are_left_out() {
        let line = r#"{"crate_name":"a","dependencies":[
            {"name":"x","project":"1.0.0","compat":"1.2.0","latest":"2.0.0","kind":"Normal","platform":null},
            {"name":"y","project":"0.3.0","compat":"0.3.5","latest":"Removed","kind":"Build","platform":null},
            {"name":"x->z","project":"0.1.0","compat":"---","latest":"Removed","kind":"Normal","platform":null}]}"#
            .replace('\n', " ");
        let (list, notes) = outdated(&line);
        let seen: Vec<_> = list
            .packages
            .iter()
            .map(|package| (package.name.as_str(), package.wanted.as_deref(), package.latest.as_str()))
            .collect();
        assert_eq!(seen, [("x", Some("1.2.0"), "2.0.0"), ("y", Some("0.3.5"), "0.3.5")]);
        assert_eq!(list.major_behind(), 1);
        assert_eq!(
            notes,
            ["1 dependency the newer versions of its parent no longer use (`Removed`) is not counted"]
        );
    }

    #[test]
    fn an_empty_report_or_a_damaged_line_is_an_error_with_its_place() {
        let empty = parse_str(Format::CargoOutdated, "\n").unwrap_err().to_string();
        assert!(empty.contains("no crate found; the report is empty"), "{empty}");
        let second = "{\"crate_name\":\"a\",\"dependencies\":[]}\n{\"crate_name\":\"b\",\"dependencies\":[{\"name\":\"x\",\"project\":1}]}\n";
        let error = parse_str(Format::CargoOutdated, second).unwrap_err().to_string();
        assert!(error.contains("line 2, column"), "{error}");
        assert!(error.contains("dependencies[0].project"), "{error}");
        let twice = "{\"crate_name\":\"a\",\"dependencies\":[]}\n".repeat(2);
        let error = parse_str(Format::CargoOutdated, &twice).unwrap_err().to_string();
        assert!(error.contains("line 2") && error.contains("each crate on one line only"), "{error}");
        let joined =
            "{\"crate_name\":\"a\",\"dependencies\":[]}\n\n{\"crate_name\":\"b\",\"dependencies\":[]}\n";
        let error = parse_str(Format::CargoOutdated, joined).unwrap_err().to_string();
        assert!(error.contains("line 2") && error.contains("no blank line between"), "{error}");
        let trailing = "{\"crate_name\":\"a\",\"dependencies\":[]}\n\n";
        assert!(parse_str(Format::CargoOutdated, trailing).is_ok());
    }
}
