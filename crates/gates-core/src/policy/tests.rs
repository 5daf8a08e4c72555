use super::*;
use crate::model::Unit;

#[test]
fn builtin_policy_parses() {
    let policy = Policy::builtin().unwrap();
    assert_eq!(policy.gates.len(), 17);
    assert_eq!(policy.gates[2].metric.to_string(), "tests.failed + tests.errors");
    assert!(policy.licenses.accept_all(), "the built-in policy denies no licence");
}

#[test]
fn licenses_table_is_validated_and_written_back() {
    let error = Policy::from_toml_str("[licenses]\nallow = [\"MIT\", \"Apache 2\"]\n").unwrap_err();
    assert_eq!(error.line_column, Some((2, 17)));
    assert!(error.message.starts_with("[licenses]: `Apache 2` is not an SPDX licence id"), "{error}");
    let error = Policy::from_toml_str("[licenses]\nallowed = [\"MIT\"]\n").unwrap_err();
    assert!(error.message.contains("unknown field `allowed`"), "{error}");
    let text = r#"[licenses]
allow = ["MIT", "Apache-2.0"]
deny = ["GPL-3.0-only"]
ignore-packages = ["certifi"]
"#;
    let policy = Policy::from_toml_str(text).unwrap();
    let again = Policy::from_toml_str(&policy.to_toml_string()).unwrap();
    assert_eq!(again.licenses, policy.licenses);
    assert_eq!(again.licenses.ignore_packages, vec!["certifi".to_owned()]);
}

#[test]
fn misspelt_key_is_rejected_with_position() {
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"coverage.lines\"\nmni = 80\n").unwrap_err();
    assert_eq!(error.line_column, Some((3, 1)));
    assert!(error.message.contains("unknown field `mni`"), "{error}");
    assert!(error.message.contains("`min`"), "{error}");
}

#[test]
fn unknown_metric_suggests_the_closest() {
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"coverage.line\"\nmin = 80\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 2, column 10: unknown metric `coverage.line`; did you mean `coverage.lines`? (see `gates metrics`)"
    );
}

#[test]
fn gate_needs_a_bound() {
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"tests.total\"\n").unwrap_err();
    assert!(error.message.contains("has no bound"), "{error}");
}

#[test]
fn bad_severity_and_bad_bound_are_rejected() {
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"tests.total\"\nmin = 1\nseverity = \"error\"\n")
        .unwrap_err();
    assert_eq!(error.line_column, Some((4, 12)));
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"tests.total\"\nmin = \"many\"\n").unwrap_err();
    assert_eq!(error.line_column, Some((3, 7)));
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"tests.total\"\nmin = 5\nmax = 1\n").unwrap_err();
    assert!(error.message.contains("no value could pass"), "{error}");
}

#[test]
fn printed_policy_reads_back_the_same() {
    let policy = Policy::builtin().unwrap();
    let again = Policy::from_toml_str(&policy.to_toml_string()).unwrap();
    assert_eq!(policy, again);
}

#[test]
fn rank_letters_bound_complexity_and_maintainability() {
    let policy = Policy::from_toml_str(
        "[[gate]]\nmetric = \"complexity.max\"\nmax = \"B\"\n\n[[gate]]\nmetric = \"maintainability.min\"\nmin = \"a\"\n",
    )
    .unwrap();
    assert_eq!(policy.gates[0].max, Some(10.0));
    assert_eq!(policy.gates[1].min, Some(20.0));
}

#[test]
fn rank_letters_are_refused_elsewhere() {
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"tests.total\"\nmin = \"B\"\n").unwrap_err();
    assert!(error.message.contains("rank letters only bound complexity metrics"), "{error}");
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"complexity.max\"\nmax = \"Z\"\n").unwrap_err();
    assert_eq!(
        error.to_string(),
        "line 3, column 7: unknown rank \"Z\": expected a number or a rank from A to E"
    );
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"complexity.max\"\nmin = \"B\"\n").unwrap_err();
    assert!(error.message.contains("from the `max` side only"), "{error}");
}

#[test]
fn waivers_need_a_reason_and_a_date() {
    let error = Policy::from_toml_str("[[waiver]]\nid = \"B602\"\nreason = \" \"\n").unwrap_err();
    assert_eq!(error.to_string(), "line 3, column 10: a waiver needs a reason");
    let error = Policy::from_toml_str("[[waiver]]\nid = \"B602\"\n").unwrap_err();
    assert!(error.message.contains("missing field `reason`"), "{error}");
    let error =
        Policy::from_toml_str("[[waiver]]\nid = \"B602\"\nreason = \"r\"\nexpires = 2027-01-31T10:00:00\n")
            .unwrap_err();
    assert!(error.message.contains("must be a date"), "{error}");
    let policy =
        Policy::from_toml_str("[[waiver]]\nid = \"B602\"\nreason = \"r\"\nexpires = 2027-01-31\n").unwrap();
    assert_eq!(policy.waivers[0].expires, Some(Date { year: 2027, month: 1, day: 31 }));
    let again = Policy::from_toml_str(&policy.to_toml_string()).unwrap();
    assert_eq!(policy, again);
}

mod triage {
    use super::super::*;
    use crate::model::{
        AuditedPackage, Category, DependencyAudit, Finding, Findings, Level, SourceLocation, Vulnerability,
        VulnerabilitySeverity,
    };
    use crate::{EvaluateOptions, Metric, Metrics, evaluate};

    fn finding(rule: &str, path: &str, severity: Level, confidence: Level) -> Finding {
        let mut finding = Finding::new(Category::Security, "bandit", rule, "msg");
        finding.severity = Some(severity);
        finding.confidence = Some(confidence);
        finding.location = Some(SourceLocation::new(path, Some(3)));
        finding
    }

    fn metrics() -> Metrics {
        let mut findings = Findings::covering(&[Category::Security]);
        findings.items = vec![
            finding("B602", "./scripts/deploy.py", Level::High, Level::High),
            finding("B602", "src/app.py", Level::High, Level::High),
            finding("B101", "src/app.py", Level::Low, Level::Low),
        ];
        let mut vulnerability = Vulnerability::new("PYSEC-2018-28");
        vulnerability.aliases = vec!["CVE-2018-18074".to_owned()];
        let audit = DependencyAudit {
            packages: vec![
                AuditedPackage::audited("requests", Some("2.19.0".to_owned()), vec![vulnerability]),
                AuditedPackage::skipped("internal-lib", None, "Dependency not found on PyPI"),
            ],
        };
        Metrics { findings: Some(findings), dependencies: Some(audit), ..Metrics::default() }
    }

    const POLICY: &str = r#"
[security]
min-confidence = "medium"

[[gate]]
metric = "security.high"
max = 0

[[waiver]]
id = "b602"
path = "scripts/**"
reason = "deploy script runs trusted input"

[[waiver]]
id = "CVE-2018-18074"
reason = "not reachable"
expires = 2026-06-30
"#;

    #[test]
    fn waiver_scoped_by_path_and_confidence_floor() {
        let policy = Policy::from_toml_str(POLICY).unwrap();
        let today = Date { year: 2026, month: 1, day: 1 };
        let evaluation = evaluate(&policy, &metrics(), &EvaluateOptions::default().on(today));
        assert_eq!(
            evaluation.triage.findings,
            vec![Disposition::Waived { waiver: 0 }, Disposition::Counted, Disposition::BelowConfidence]
        );
        assert_eq!(evaluation.outcomes[0].actual, Ok(1.0));
        let value = |metric| evaluation.metrics.iter().find(|(m, _)| *m == metric).map(|(_, v)| *v);
        assert_eq!(value(Metric::SecurityLow), Some(0.0));
        assert_eq!(value(Metric::SecurityVulnerabilities), Some(0.0), "waived by alias");
        assert_eq!(value(Metric::SecurityUnauditedPackages), Some(1.0));
        assert!(evaluation.expired_waivers.is_empty());
    }

    #[test]
    fn expired_waiver_stops_applying_and_is_reported() {
        let policy = Policy::from_toml_str(POLICY).unwrap();
        let today = Date { year: 2026, month: 7, day: 1 };
        let evaluation = evaluate(&policy, &metrics(), &EvaluateOptions::default().on(today));
        assert_eq!(evaluation.expired_waivers, vec![1]);
        let value = |metric| evaluation.metrics.iter().find(|(m, _)| *m == metric).map(|(_, v)| *v);
        assert_eq!(value(Metric::SecurityVulnerabilities), Some(1.0));
        assert_eq!(value(Metric::SecurityVulnerablePackages), Some(1.0));
    }

    /// The built-in policy's statuses of its two vulnerability gates, and the per-severity counts,
    /// for one vulnerability of each of `severities` (id `V<n>`) with `waivers` in force.
    fn builtin_on(severities: &[VulnerabilitySeverity], waivers: &str) -> (Vec<Status>, Vec<f64>) {
        let vulnerabilities = severities
            .iter()
            .enumerate()
            .map(|(at, severity)| {
                let mut vulnerability = Vulnerability::new(format!("V{at}"));
                vulnerability.aliases = vec![format!("CVE-{at}")];
                vulnerability.severity = *severity;
                vulnerability
            })
            .collect();
        let audit =
            DependencyAudit { packages: vec![AuditedPackage::audited("lodash", None, vulnerabilities)] };
        let metrics = Metrics { dependencies: Some(audit), ..Metrics::default() };
        let text = format!("{}\n{waivers}", crate::BUILTIN_TOML);
        let policy = Policy::from_toml_str(&text).unwrap();
        let evaluation = evaluate(&policy, &metrics, &EvaluateOptions::default());
        let statuses = evaluation
            .outcomes
            .iter()
            .filter(|outcome| outcome.gate.metric.to_string().starts_with("security.vulnerabilities"))
            .map(|outcome| outcome.status)
            .collect();
        let counts = [
            Metric::SecurityVulnerabilitiesCritical,
            Metric::SecurityVulnerabilitiesHigh,
            Metric::SecurityVulnerabilitiesMedium,
            Metric::SecurityVulnerabilitiesLow,
            Metric::SecurityVulnerabilitiesUnknown,
            Metric::SecurityVulnerabilities,
        ]
        .iter()
        .map(|metric| evaluation.metrics.iter().find(|(m, _)| m == metric).map(|(_, v)| *v).unwrap())
        .collect();
        (statuses, counts)
    }

    #[test]
    fn builtin_policy_fails_on_critical_high_and_unknown_and_warns_on_medium() {
        use VulnerabilitySeverity::{Critical, High, Low, Medium, Unknown};
        let (pass, warn, fail) = (Status::Pass, Status::Warn, Status::Fail);
        // The gates: critical + high (fails), unknown (fails), medium (warns).
        assert_eq!(builtin_on(&[Low], ""), (vec![pass, pass, pass], vec![0.0, 0.0, 0.0, 1.0, 0.0, 1.0]));
        assert_eq!(builtin_on(&[Medium, Low], "").0, vec![pass, pass, warn]);
        for severity in [Critical, High] {
            assert_eq!(builtin_on(&[severity], "").0, vec![fail, pass, pass], "{severity:?}");
        }
        assert_eq!(builtin_on(&[Unknown], "").0, vec![pass, fail, pass]);
        let all = [Critical, High, Medium, Low, Unknown];
        assert_eq!(builtin_on(&all, "").1, vec![1.0, 1.0, 1.0, 1.0, 1.0, 5.0]);
        // Waived by id or by alias, whatever the severity.
        let waivers = "[[waiver]]\nid = \"v0\"\nreason = \"r\"\n[[waiver]]\nid = \"CVE-1\"\nreason = \"r\"\n";
        assert_eq!(builtin_on(&all, waivers).1, vec![0.0, 0.0, 1.0, 1.0, 1.0, 3.0]);
    }

    /// Which of `paths` a waiver with `pattern` waives, and which a gate scope with it selects.
    fn waived_and_scoped(pattern: &str, paths: &[&str]) -> (Vec<bool>, Vec<bool>) {
        let mut findings = Findings::covering(&[Category::Security]);
        findings.items = paths.iter().map(|path| finding("B602", path, Level::High, Level::High)).collect();
        let metrics = Metrics { findings: Some(findings), ..Metrics::default() };
        let policy = Policy::from_toml_str(&format!(
            "[[gate]]\nmetric = \"coverage.lines\"\npaths = [{pattern:?}]\nmin = 1\n\n\
             [[waiver]]\nid = \"B602\"\npath = {pattern:?}\nreason = \"r\"\n"
        ))
        .unwrap();
        let evaluation = evaluate(&policy, &metrics, &EvaluateOptions::default());
        let waived = evaluation.triage.findings.iter().map(|d| *d != Disposition::Counted).collect();
        let scope = policy.gates[0].scope.as_ref().unwrap();
        let scoped = paths.iter().map(|path| scope.matches(&[*path])).collect();
        (waived, scoped)
    }

    #[test]
    fn waivers_and_gate_scopes_follow_one_glob_rule() {
        let paths = ["src/a.py", "src/sub/x.py", "./src/b.py", "src\\win.py", "a.py", "lib/deep/a.py"];
        for (pattern, expected) in [
            ("src/*.py", [true, false, true, true, false, false]),
            ("src/**/*.py", [true, true, true, true, false, false]),
            // No slash: the base name at any depth, as in .gitignore.
            ("a.py", [true, false, false, false, true, true]),
            ("*.py", [true; 6]),
        ] {
            let (waived, scoped) = waived_and_scoped(pattern, &paths);
            assert_eq!(waived, expected, "waiver {pattern}");
            assert_eq!(scoped, expected, "gate paths {pattern}");
        }
    }

    #[test]
    fn raw_values_count_everything() {
        let metrics = metrics();
        assert_eq!(metrics.value(Metric::SecurityHigh), Ok(2.0));
        assert_eq!(metrics.value(Metric::SecurityLow), Ok(1.0));
        assert!(metrics.value(Metric::LintViolations).is_err(), "no lint report given");
    }
}

#[test]
fn change_gates_are_validated() {
    let policy =
        Policy::from_toml_str("[[gate]]\nmetric = \"coverage.lines\"\nmax-decrease = 0.5\n").unwrap();
    assert_eq!(policy.gates[0].change.unwrap().max_decrease, Some(0.5));
    let error =
        Policy::from_toml_str("[[gate]]\nmetric = \"coverage.lines\"\nmin = 80\nmax-decrease = 0.5\n")
            .unwrap_err();
    assert!(error.message.contains("write two gates"), "{error}");
    let error = Policy::from_toml_str("[[gate]]\nmetric = \"tests.total\"\nmax-decrease = -1\n").unwrap_err();
    assert!(error.message.contains("zero or more"), "{error}");
    let again = Policy::from_toml_str(&policy.to_toml_string()).unwrap();
    assert_eq!(again, policy);

    let percent =
        Policy::from_toml_str("[[gate]]\nmetric = \"tests.duration_s\"\nmax-increase-percent = 20\n")
            .unwrap();
    let bound = percent.gates[0].change.unwrap();
    assert_eq!((bound.max_increase, bound.max_decrease, bound.in_percent), (Some(20.0), None, true));
    assert_eq!(Policy::from_toml_str(&percent.to_toml_string()).unwrap(), percent);
    let mixed = "[[gate]]\nmetric = \"tests.duration_s\"\nmax-increase-percent = 20\nmax-decrease = 1\n";
    assert!(Policy::from_toml_str(mixed).unwrap_err().message.contains("in percent of the baseline"));
}

#[test]
fn a_change_in_percent_of_a_zero_baseline_has_no_value_unless_nothing_moved() {
    use super::evaluate::percent_change;
    assert_eq!(percent_change(12.0, 10.0), Ok(20.0));
    assert_eq!(percent_change(-12.0, -10.0), Ok(-20.0), "a fall from a negative value is a fall");
    assert_eq!(percent_change(0.0, 0.0), Ok(0.0));
    assert!(percent_change(1.0, 0.0).is_err());
}

#[test]
fn custom_metrics_are_declared_then_gated() {
    let policy = Policy::from_toml_str(
        r#"
        [[gate]]
        metric = "eval.pass_rate + eval.bonus"
        min = 40

        [metrics."eval.pass_rate"]
        description = "Eval pass rate"
        unit = "percent"
        file = "eval/results.json"
        pointer = "/summary/pass_rate"

        [metrics."eval.bonus"]
        description = "Bonus points"
        unit = "count"
        "#,
    )
    .unwrap();
    assert_eq!(policy.custom_metrics.len(), 2);
    assert_eq!(
        policy.gates[0].metric.terms[0],
        Term::Custom { name: "eval.pass_rate".into(), unit: Unit::Percent }
    );
    let source = policy.custom_metrics.iter().find_map(|metric| metric.source.clone()).unwrap();
    assert_eq!((source.file.as_str(), source.pointer.as_str()), ("eval/results.json", "/summary/pass_rate"));
    let again = Policy::from_toml_str(&policy.to_toml_string()).unwrap();
    assert_eq!(again, policy);
}

#[test]
fn custom_metric_declarations_are_checked() {
    let declare =
        |body: &str| Policy::from_toml_str(&format!("[metrics.\"eval.rate\"]\n{body}")).unwrap_err();
    assert!(
        declare("description = \"x\"\nunit = \"percents\"")
            .message
            .contains("unknown unit `percents`: expected one of percent, ratio")
    );
    assert!(declare("description = \" \"\nunit = \"count\"").message.contains("needs a `description`"));
    assert!(
        declare("description = \"x\"\nunit = \"count\"\npointer = \"/a\"")
            .message
            .contains("has a `pointer` but no `file`")
    );
    let error = declare("description = \"x\"\nunit = \"count\"\nfile = \"r.json\"\npointer = \"a/b\"");
    assert!(error.message.contains("starts with `/`"), "{error}");
    assert_eq!(error.line_column, Some((5, 11)));
    assert!(declare("unit = \"count\"").message.contains("missing field `description`"));
    let builtin = Policy::from_toml_str("[metrics.\"tests.total\"]\ndescription = \"x\"\nunit = \"count\"")
        .unwrap_err();
    assert!(builtin.message.contains("is a built-in metric"), "{builtin}");
    let odd =
        Policy::from_toml_str("[metrics.\"eval..rate\"]\ndescription = \"x\"\nunit = \"count\"").unwrap_err();
    assert!(odd.message.contains("expected dotted words"), "{odd}");
}

#[test]
fn a_declared_custom_metric_is_suggested_for_a_typo() {
    let error = Policy::from_toml_str(
        "[metrics.\"eval.rate\"]\ndescription = \"x\"\nunit = \"count\"\n[[gate]]\nmetric = \"eval.rat\"\nmin = 1\n",
    )
    .unwrap_err();
    assert!(error.message.contains("did you mean `eval.rate`?"), "{error}");
}

#[test]
fn the_size_label_is_that_of_the_largest_bound_reached() {
    let policy =
        Policy::from_toml_str("[pr.size-labels]\n\"size/S\" = 10\n\"size/XS\" = 0\n\"size/M\" = 100\n")
            .unwrap();
    assert_eq!(policy.size_label(0), Some("size/XS"));
    assert_eq!(policy.size_label(99), Some("size/S"));
    assert_eq!(policy.size_label(100), Some("size/M"));
    assert_eq!(policy.size_label(5000), Some("size/M"));
    let from_ten = Policy::from_toml_str("[pr.size-labels]\n\"big\" = 10\n").unwrap();
    assert_eq!(from_ten.size_label(3), None);
    assert_eq!(Policy::from_toml_str(&policy.to_toml_string()).unwrap(), policy);
}
