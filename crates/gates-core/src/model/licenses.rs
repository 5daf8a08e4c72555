//! Dependency licences: which licence each dependency is offered under.

use serde::{Deserialize, Serialize};

/// The dependencies a licence lister named (pip-licenses, cargo metadata).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Licenses {
    /// Every dependency listed, in report order.
    pub packages: Vec<PackageLicense>,
}

/// One dependency and its licence.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, schemars::JsonSchema)]
#[non_exhaustive]
pub struct PackageLicense {
    /// The package name as the report writes it.
    pub name: String,
    /// The version, where given.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub version: Option<String>,
    /// The licence as the report writes it (`MIT License`, `MIT/Apache-2.0`, `file LICENSE`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub license: Option<String>,
    /// Its reading as an SPDX expression (`MIT OR Apache-2.0`); absent when it cannot be read
    /// without guessing.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub spdx: Option<String>,
    /// The tool that listed it (`pip-licenses`, `cargo metadata`).
    pub tool: String,
}

impl PackageLicense {
    /// A package with the licence as written and its SPDX reading.
    pub fn new(
        name: impl Into<String>,
        version: Option<String>,
        license: Option<String>,
        spdx: Option<String>,
        tool: impl Into<String>,
    ) -> Self {
        Self { name: name.into(), version, license, spdx, tool: tool.into() }
    }
}

impl Licenses {
    /// Adds another report's packages.
    pub fn merge(&mut self, other: Licenses) {
        self.packages.extend(other.packages);
    }
}
