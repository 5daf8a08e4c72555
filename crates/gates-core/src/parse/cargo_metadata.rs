//! `cargo metadata --format-version 1`: the licences of a Rust project's dependencies.
//!
//! Read from cargo's `ExportInfo` (src/cargo/ops/cargo_output_metadata.rs) and the format
//! documented in `cargo help metadata`: `packages[]` with `name`, `version`, `id`, `license`
//! (an SPDX expression as the author wrote it, possibly in the old `MIT/Apache-2.0` form) and
//! `license_file`; the project's own packages are listed in `workspace_members` by id and are
//! left out. A package with only a `license_file` is listed as `file PATH`, which has no SPDX
//! reading (gates does not read licence texts).

use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json;
use crate::model::{Licenses, Report, ReportContent};

#[derive(Deserialize)]
struct Metadata {
    packages: Vec<Package>,
    workspace_members: Vec<String>,
    #[serde(default)]
    version: Option<u64>,
}

#[derive(Deserialize)]
struct Package {
    name: String,
    version: String,
    id: String,
    #[serde(default)]
    license: Option<String>,
    #[serde(default)]
    license_file: Option<String>,
}

/// Parses `cargo metadata --format-version 1` output.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let metadata: Metadata = json::from_reader(Format::CargoMetadata, input)?;
    if let Some(version) = metadata.version.filter(|version| *version != 1) {
        return Err(ParseError::new(
            Format::CargoMetadata,
            ParseErrorKind::invalid("format version 1 (--format-version 1)", &version.to_string()),
        ));
    }
    let packages = metadata
        .packages
        .into_iter()
        .filter(|package| !metadata.workspace_members.contains(&package.id))
        .map(|package| {
            let license = package
                .license
                .filter(|license| !license.trim().is_empty())
                .or_else(|| package.license_file.map(|file| format!("file {file}")));
            super::spdx::package_license(package.name, Some(package.version), license, "cargo metadata")
        })
        .collect();
    Ok(Report {
        format: Format::CargoMetadata,
        producer: Some("cargo metadata".to_owned()),
        notes: Vec::new(),
        content: ReportContent::Licenses(Licenses { packages }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    #[test]
    fn workspace_members_are_left_out() {
        let json = r#"{"packages": [
            {"name": "app", "version": "0.1.0", "id": "path+file:///w/app#0.1.0", "license": "MIT"},
            {"name": "either", "version": "1.19.0", "id": "registry+x#either@1.19.0", "license": "MIT/Apache-2.0"},
            {"name": "odd", "version": "0.1.1", "id": "registry+x#odd@0.1.1", "license": null, "license_file": "LICENSE"}],
          "workspace_members": ["path+file:///w/app#0.1.0"], "version": 1}"#;
        let report = parse_str(Format::CargoMetadata, json).unwrap();
        let ReportContent::Licenses(licenses) = report.content else { panic!() };
        let read: Vec<_> = licenses
            .packages
            .iter()
            .map(|package| (package.name.as_str(), package.license.as_deref(), package.spdx.as_deref()))
            .collect();
        assert_eq!(
            read,
            vec![
                ("either", Some("MIT/Apache-2.0"), Some("MIT OR Apache-2.0")),
                ("odd", Some("file LICENSE"), None)
            ]
        );
    }
}
