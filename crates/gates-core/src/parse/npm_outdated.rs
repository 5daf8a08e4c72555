//! `npm outdated --json`.
//!
//! Producer seen: npm 11.19 (read from npm's `lib/commands/outdated.js`, `#outputJson`): an
//! object keyed by package name, each `{current, wanted, latest, dependent, location}`;
//! `current` is absent for a package declared but not installed. A package used in several
//! places of a workspace is a list of such objects, each counted. Nothing outdated is `{}`, and
//! npm's own failure is `{"error": {"code", "summary", "detail"}}`, an error here, never an empty
//! list. `wanted` and `latest` must be strings.

use std::collections::BTreeMap;
use std::io::BufRead;

use serde::Deserialize;

use super::Format;
use super::error::{ParseError, ParseErrorKind};
use super::json;
use crate::model::{Outdated, OutdatedPackage, Report, ReportContent};

#[derive(Deserialize)]
struct Entry {
    #[serde(default)]
    current: Option<String>,
    #[serde(default)]
    wanted: Option<String>,
    #[serde(default)]
    latest: Option<String>,
    #[serde(default)]
    summary: Option<String>,
}

/// One package's entry, or a list of them (a package used in several places of a workspace).
/// Read by hand rather than `untagged`, so that a wrong value is named, not "no variant matched".
enum Entries {
    One(Entry),
    Several(Vec<Entry>),
}

impl<'de> Deserialize<'de> for Entries {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct EntriesVisitor;
        impl<'de> serde::de::Visitor<'de> for EntriesVisitor {
            type Value = Entries;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("an object with `wanted` and `latest`, or a list of them")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Entries, A::Error> {
                Entry::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Entries::One)
            }
            fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Entries, A::Error> {
                Vec::<Entry>::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))
                    .map(Entries::Several)
            }
        }
        deserializer.deserialize_any(EntriesVisitor)
    }
}

/// Parses an `npm outdated --json` report.
pub(crate) fn parse(input: impl BufRead) -> Result<Report, ParseError> {
    let entries: BTreeMap<String, Entries> = json::from_reader(Format::NpmOutdated, input)?;
    let mut packages = Vec::new();
    for (name, entries) in entries {
        let entries = match entries {
            Entries::One(entry) => vec![entry],
            Entries::Several(entries) => entries,
        };
        for entry in entries {
            if let (Some(summary), "error") = (&entry.summary, name.as_str()) {
                let kind = ParseErrorKind::Json(format!("npm outdated failed: {summary}"));
                return Err(ParseError::new(Format::NpmOutdated, kind));
            }
            let missing = |key| {
                ParseError::new(Format::NpmOutdated, ParseErrorKind::MissingAttribute(key))
                    .in_element(format!("{name:?}"))
            };
            let latest = entry.latest.ok_or_else(|| missing("latest"))?;
            let wanted = entry.wanted.ok_or_else(|| missing("wanted"))?;
            let mut package = OutdatedPackage::new(name.clone(), entry.current, latest, "npm");
            package.wanted = Some(wanted);
            packages.push(package);
        }
    }
    Ok(Report {
        format: Format::NpmOutdated,
        producer: Some("npm".to_owned()),
        notes: Vec::new(),
        content: ReportContent::Outdated(Outdated { packages }),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::parse::parse_str;

    #[test]
    fn a_package_used_in_several_places_counts_each() {
        let json = r#"{"lodash": [
            {"current": "4.17.15", "wanted": "4.17.15", "latest": "4.18.1", "dependent": "a"},
            {"current": "3.10.1", "wanted": "3.10.1", "latest": "4.18.1", "dependent": "b"}]}"#;
        let ReportContent::Outdated(outdated) = parse_str(Format::NpmOutdated, json).unwrap().content else {
            panic!()
        };
        assert_eq!(outdated.packages.len(), 2);
        assert_eq!(outdated.major_behind(), 1);
        let wrong = parse_str(Format::NpmOutdated, r#"{"lodash": "4.18.1"}"#).unwrap_err().to_string();
        assert!(
            wrong.contains("expected an object with `wanted` and `latest`, or a list of them"),
            "{wrong}"
        );
    }
}
