//! `pip list --outdated --format=json`.
//!
//! Producer seen: pip 23.2 and 26.3 (read from pip's `commands/list.py`, `format_for_json`): a
//! list of objects with `name`, `version` (installed), `latest_version` and `latest_filetype`
//! (`wheel` or `sdist`); `--verbose` adds `location` and `installer`, `--editable` packages add
//! `editable_project_location`, all ignored. A list with nothing outdated is `[]`. Each key
//! gates reads must be a string: anything else is an error naming the entry.

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::ParseError;
use super::json;
use crate::model::{Outdated, OutdatedPackage, Report, ReportContent};

#[derive(Deserialize)]
struct Entry {
    name: String,
    version: String,
    latest_version: String,
}

/// Parses a `pip list --outdated --format=json` report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let entries: Vec<Entry> = json::from_reader(Format::PipOutdated, input)?;
    let packages = entries
        .into_iter()
        .map(|entry| OutdatedPackage::new(entry.name, Some(entry.version), entry.latest_version, "pip"))
        .collect();
    Ok(Report {
        format: Format::PipOutdated,
        producer: Some("pip".to_owned()),
        notes: Vec::new(),
        content: ReportContent::Outdated(Outdated { packages }),
    })
}
