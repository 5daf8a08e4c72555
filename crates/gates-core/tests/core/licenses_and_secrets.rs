//! Dependency licences (pip-licenses, cargo metadata) and secrets (gitleaks) from real reports.

use crate::kit::{
    self, Format, ReportContent, metrics_of, model::Category, model::PackageLicense, parse_str,
};
use gates_core::{EvaluateOptions, Metric, Metrics, Policy, Status, evaluate};

/// The planted fake credentials of testdata/gitleaks (see make-leaky-repo.py).
pub const PLANTED_SECRETS: &[&str] = &[
    "AKIAOXYIMCFIPNZB575Y",
    "ghp_FKm51zfFoWbSrHAE56yUhQqg0eyN1ygQdvpS",
    "l/Asie+ys64KT2rumOT/zNtTKjCSFbLRCIe2GWM1wYovdzuMobWRv3Dr0501kiKm",
    "BEGIN RSA PRIVATE KEY",
];

fn readings(metrics: &Metrics) -> Vec<(&str, Option<&str>)> {
    let packages: &[PackageLicense] = &metrics.licenses.as_ref().unwrap().packages;
    packages.iter().map(|package| (package.name.as_str(), package.spdx.as_deref())).collect()
}

fn gate_values(policy: &str, metrics: &Metrics) -> Vec<(Metric, f64)> {
    let policy = Policy::from_toml_str(policy).unwrap();
    let evaluation = evaluate(&policy, metrics, &EvaluateOptions::default());
    evaluation.metrics.into_iter().filter(|(metric, _)| metric.name().starts_with("licenses.")).collect()
}

#[test]
fn pip_licenses_classifiers_read_as_spdx_without_guessing() {
    let metrics = metrics_of(&["pip-licenses/pip-licenses.json"]);
    assert_eq!(
        readings(&metrics),
        vec![
            ("PyNaCl", None), // "Apache Software License": no version
            ("PyYAML", Some("MIT")),
            ("Unidecode", Some("GPL-2.0-or-later")),
            ("attrs", Some("MIT")),
            ("bcrypt", None),
            ("certifi", Some("MPL-2.0")),
            ("cffi", Some("MIT-0")),
            ("chardet", Some("0BSD")),
            ("charset-normalizer", Some("MIT")),
            ("cryptography", Some("Apache-2.0 OR BSD-3-Clause")),
            ("docutils", None), // "BSD License; GNU General Public License (GPL); Public Domain"
            ("idna", Some("BSD-3-Clause")),
            ("invoke", Some("BSD-2-Clause")),
            ("packaging", Some("Apache-2.0 OR BSD-2-Clause")),
            ("paramiko", Some("LGPL-2.1-only")),
            ("pycparser", Some("BSD-3-Clause")),
            ("requests", None),
            ("six", Some("MIT")),
            ("typing_extensions", Some("PSF-2.0")),
            ("urllib3", Some("MIT")),
        ]
    );
    // Without an allow or deny list nothing is denied; unknown ones are still counted.
    assert_eq!(
        gate_values("", &metrics),
        vec![(Metric::LicensesDenied, 0.0), (Metric::LicensesUnknown, 4.0), (Metric::LicensesPackages, 20.0)]
    );
    let permissive = r#"[licenses]
        allow = ["MIT", "MIT-0", "0BSD", "Apache-2.0", "BSD-2-Clause", "BSD-3-Clause", "ISC", "PSF-2.0", "MPL-2.0"]
        ignore-packages = ["Paramiko"]"#;
    // Unidecode (GPL-2.0-or-later) is denied; paramiko (LGPL) is ignored.
    assert_eq!(
        gate_values(permissive, &metrics),
        vec![(Metric::LicensesDenied, 1.0), (Metric::LicensesUnknown, 4.0), (Metric::LicensesPackages, 19.0)]
    );
}

#[test]
fn pip_licenses_with_extra_keys_reads_the_same() {
    let metrics = metrics_of(&["pip-licenses/pip-licenses-full.json"]);
    assert_eq!(
        readings(&metrics),
        vec![
            ("Unidecode", Some("GPL-2.0-or-later")),
            ("certifi", Some("MPL-2.0")),
            ("docutils", None),
            ("packaging", Some("Apache-2.0 OR BSD-2-Clause")),
            ("paramiko", Some("LGPL-2.1-only")),
            ("six", Some("MIT")),
        ]
    );
    let deny = "[licenses]\ndeny = [\"GPL-2.0-or-later\", \"LGPL-2.1-only\"]\n";
    assert_eq!(gate_values(deny, &metrics)[0], (Metric::LicensesDenied, 2.0));
}

#[test]
fn cargo_metadata_lists_dependencies_not_the_workspace() {
    let metrics = metrics_of(&["cargo-metadata/cargo-metadata.json"]);
    assert_eq!(metrics.sources[0].format, Format::CargoMetadata);
    assert_eq!(
        readings(&metrics),
        vec![
            ("adler", Some("0BSD OR MIT OR Apache-2.0")),
            ("either", Some("MIT OR Apache-2.0")),
            ("fuchsia-cprng", None),                    // license-file only
            ("lazy_static", Some("MIT OR Apache-2.0")), // "MIT/Apache-2.0"
            ("memchr", Some("Unlicense OR MIT")),
            ("option-ext", Some("MPL-2.0")),
            ("ryu", Some("Apache-2.0 OR BSL-1.0")),
            ("unicode-ident", Some("(MIT OR Apache-2.0) AND Unicode-3.0")),
        ]
    );
    let packages = &metrics.licenses.as_ref().unwrap().packages;
    assert_eq!(packages[2].license.as_deref(), Some("file LICENSE"));
    // OR: one allowed branch is enough (ryu via Apache-2.0); AND: every part (unicode-ident
    // needs Unicode-3.0 too).
    let policy =
        "[licenses]\nallow = [\"MIT\", \"Apache-2.0\"]\n\n[[gate]]\nmetric = \"licenses.denied\"\nmax = 0\n";
    assert_eq!(
        gate_values(policy, &metrics),
        vec![(Metric::LicensesDenied, 2.0), (Metric::LicensesUnknown, 1.0), (Metric::LicensesPackages, 8.0)]
    );
    let evaluation = evaluate(&Policy::from_toml_str(policy).unwrap(), &metrics, &EvaluateOptions::default());
    assert_eq!(evaluation.outcomes[0].status, Status::Fail);
}

#[test]
fn gitleaks_json_counts_each_leak_and_keeps_no_secret() {
    for path in ["gitleaks/gitleaks.json", "gitleaks/gitleaks-no-git.json"] {
        let metrics = metrics_of(&[path]);
        assert_eq!(metrics.sources[0].format, Format::Gitleaks);
        assert_eq!(metrics.value(Metric::SecretsFindings), Ok(3.0), "{path}");
        let findings = &metrics.findings.as_ref().unwrap().items;
        let mut places: Vec<_> = findings
            .iter()
            .map(|finding| {
                let location = finding.location.as_ref().unwrap();
                (finding.rule.as_str(), location.path.as_str(), location.line)
            })
            .collect();
        // gitleaks scans files concurrently: its order varies.
        places.sort_unstable();
        assert_eq!(
            places,
            vec![
                ("aws-access-token", "app/settings.py", Some(4)),
                ("github-pat", "config/deploy.sh", Some(3)),
                ("private-key", "config/id_rsa", Some(1)),
            ]
        );
        assert!(metrics.value(Metric::SecurityHigh).is_err(), "secrets are not security findings");
        let kept = format!("{metrics:?}");
        for secret in PLANTED_SECRETS {
            assert!(!kept.contains(secret), "{path} kept {secret}");
        }
    }
}

#[test]
fn gitleaks_sarif_is_secrets_and_keeps_no_snippet() {
    let metrics = metrics_of(&["gitleaks/gitleaks.sarif"]);
    assert_eq!(metrics.sources[0].format, Format::Sarif);
    assert_eq!(metrics.value(Metric::SecretsFindings), Ok(3.0));
    let findings = &metrics.findings.as_ref().unwrap().items;
    assert!(findings.iter().all(|finding| finding.category == Category::Secret));
    let messages: Vec<_> = findings.iter().map(|finding| finding.message.as_str()).collect();
    assert_eq!(messages, vec!["AWS", "Private Key", "GitHub Personal Access Token"]);
    let kept = format!("{metrics:?}");
    for secret in PLANTED_SECRETS {
        assert!(!kept.contains(secret), "kept {secret}");
    }
}

#[test]
fn clean_gitleaks_scan_is_zero_and_no_scan_skips_the_gate() {
    let path = "gitleaks/gitleaks-clean.json";
    let mut clean = Metrics::new();
    clean.add(path, kit::report(path, Some(Format::Gitleaks)));
    assert_eq!(clean.value(Metric::SecretsFindings), Ok(0.0));
    let builtin = Policy::builtin().unwrap();
    let gate = |metrics: &Metrics| {
        let evaluation = evaluate(&builtin, metrics, &EvaluateOptions::default());
        let outcome =
            evaluation.outcomes.iter().find(|outcome| outcome.gate.metric.to_string() == "secrets.findings");
        outcome.map(|outcome| outcome.status)
    };
    assert_eq!(gate(&clean), Some(Status::Pass));
    assert_eq!(gate(&metrics_of(&["gitleaks/gitleaks.json"])), Some(Status::Fail));
    assert_eq!(gate(&metrics_of(&["pip-licenses/pip-licenses.json"])), Some(Status::Skipped));
    let report = parse_str(Format::Gitleaks, "[]").unwrap();
    assert!(matches!(report.content, ReportContent::Findings(_)));
}

#[test]
fn pip_licenses_from_all_prefers_a_readable_expression_then_metadata_then_classifier() {
    let metrics = metrics_of(&["pip-licenses/pip-licenses-from-all.json"]);
    let packages = &metrics.licenses.as_ref().unwrap().packages;
    let read = |name: &str| {
        let package = packages.iter().find(|package| package.name == name).unwrap();
        (package.license.as_deref(), package.spdx.as_deref())
    };
    assert_eq!(read("requests"), (Some("Apache-2.0"), Some("Apache-2.0"))); // License-Metadata
    assert_eq!(
        read("cryptography"),
        (Some("Apache-2.0 OR BSD-3-Clause"), Some("Apache-2.0 OR BSD-3-Clause"))
    );
    // License-Metadata "GPL" names no version: the classifier does.
    assert_eq!(
        read("Unidecode"),
        (Some("GNU General Public License v2 or later (GPLv2+)"), Some("GPL-2.0-or-later"))
    );
    assert_eq!(
        read("docutils"),
        (Some("BSD License; GNU General Public License (GPL); Public Domain"), None)
    );
    assert_eq!(
        gate_values("", &metrics),
        vec![(Metric::LicensesDenied, 0.0), (Metric::LicensesUnknown, 1.0), (Metric::LicensesPackages, 20.0)]
    );
}
