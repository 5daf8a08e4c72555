//! pip-licenses JSON (`pip-licenses --format=json`).
//!
//! Producer seen: pip-licenses 5.5 (read from its `piplicenses.py`): a list of objects with
//! `Name`, `Version` and `License`; `--with-authors`, `--with-urls`, `--with-license-file` and
//! the like add keys (`Author`, `URL`, `LicenseText`, …), which are ignored. `License` is the
//! package's trove classifiers joined by `; `, or its metadata licence; pip-licenses writes
//! `UNKNOWN` when it found none.

use serde::Deserialize;

use super::Format;
use super::error::ParseError;
use super::json;
use crate::model::{Licenses, PackageLicense, Report, ReportContent};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Package {
    name: String,
    #[serde(default)]
    version: Option<String>,
    license: String,
}

/// Parses a pip-licenses JSON report.
pub(crate) fn parse(bytes: &[u8]) -> Result<Report, ParseError> {
    let packages: Vec<Package> = json::from_slice(Format::PipLicenses, bytes)?;
    let packages = packages
        .into_iter()
        .map(|package| {
            let license = Some(package.license).filter(|license| !license.trim().is_empty());
            PackageLicense::new(package.name, package.version, license, "pip-licenses")
        })
        .collect();
    Ok(Report {
        format: Format::PipLicenses,
        producer: Some("pip-licenses".to_owned()),
        notes: Vec::new(),
        content: ReportContent::Licenses(Licenses { packages }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    #[test]
    fn extra_keys_are_ignored_and_license_is_required() {
        let json = r#"[{"Author": "K. Reitz", "License": "Apache-2.0 OR BSD-2-Clause", "LicenseText": "…", "Name": "packaging", "URL": "https://example.org", "Version": "26.4"}]"#;
        let report = parse_str(Format::PipLicenses, json).unwrap();
        let ReportContent::Licenses(licenses) = report.content else { panic!() };
        assert_eq!(licenses.packages[0].spdx.as_deref(), Some("Apache-2.0 OR BSD-2-Clause"));
        let error = parse_str(Format::PipLicenses, r#"[{"Name": "six", "Version": "1.17.0"}]"#)
            .unwrap_err()
            .to_string();
        assert!(error.contains("missing field `License`"), "{error}");
    }
}
