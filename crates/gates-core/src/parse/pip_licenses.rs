//! pip-licenses JSON (`pip-licenses --format=json`).
//!
//! Producer seen: pip-licenses 5.5 (read from its `piplicenses.py`): a list of objects with
//! `Name`, `Version` and `License`; `--with-authors`, `--with-urls`, `--with-license-file` and
//! the like add keys (`Author`, `URL`, `LicenseText`, …), which are ignored. `License` is the
//! package's trove classifiers joined by `; `, or its metadata licence; pip-licenses writes
//! `UNKNOWN` when it found none. `--from=all` writes `License-Expression`, `License-Metadata` and
//! `License-Classifier` instead: the first of them, in that order, that has an SPDX reading is
//! the package's licence (else the first that is not `UNKNOWN`).

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json;
use crate::model::{Licenses, Report, ReportContent};

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Package {
    name: String,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    license: Option<String>,
    #[serde(default, rename = "License-Expression")]
    expression: Option<String>,
    #[serde(default, rename = "License-Metadata")]
    metadata: Option<String>,
    #[serde(default, rename = "License-Classifier")]
    classifier: Option<String>,
}

impl Package {
    /// The licence as written: `License`, or the best of `--from=all`'s three.
    fn license(&mut self) -> Option<Option<String>> {
        if let Some(license) = self.license.take() {
            return Some(Some(license));
        }
        let written = [self.expression.take(), self.metadata.take(), self.classifier.take()];
        if written.iter().all(Option::is_none) {
            return None;
        }
        let written: Vec<String> = written.into_iter().flatten().collect();
        let readable = written.iter().find(|text| super::spdx::spdx_reading(text).is_some());
        let given = || written.iter().find(|text| !text.trim().eq_ignore_ascii_case("UNKNOWN"));
        Some(readable.or_else(given).or(written.first()).cloned())
    }
}

/// Parses a pip-licenses JSON report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let packages: Vec<Package> = json::from_reader(Format::PipLicenses, input)?;
    let packages = packages
        .into_iter()
        .enumerate()
        .map(|(at, mut package)| {
            let license = package.license().ok_or_else(|| {
                ParseError::new(Format::PipLicenses, ParseErrorKind::MissingAttribute("License"))
                    .in_element(format!("[{at}](\"{}\")", package.name))
            })?;
            let license = license.filter(|license| !license.trim().is_empty());
            Ok(super::spdx::package_license(package.name, package.version, license, "pip-licenses"))
        })
        .collect::<Result<_, ParseError>>()?;
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
    fn extra_keys_are_ignored() {
        let json = r#"[{"Author": "K. Reitz", "License": "Apache-2.0 OR BSD-2-Clause", "LicenseText": "…", "Name": "packaging", "URL": "https://example.org", "Version": "26.4"}]"#;
        let report = parse_str(Format::PipLicenses, json).unwrap();
        let ReportContent::Licenses(licenses) = report.content else { panic!() };
        assert_eq!(licenses.packages[0].spdx.as_deref(), Some("Apache-2.0 OR BSD-2-Clause"));
    }
}
