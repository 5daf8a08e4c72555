//! Parsers never panic: not on arbitrary bytes, not on truncated or mutated real reports.
//! Scale with `PROPTEST_CASES=100000 cargo test --release -p gates-core no_panic`.

use gates_core::parse::{self, Format};
use proptest::prelude::*;

const SEEDS: &[(Format, &str)] = &[
    (Format::Cobertura, include_str!("../../../../testdata/cobertura/coverage-py-branch.xml")),
    (Format::Cobertura, include_str!("../../../../testdata/cobertura/coverage-py-nobranch.xml")),
    (Format::Junit, include_str!("../../../../testdata/junit/pytest-xunit2.xml")),
    (Format::Junit, include_str!("../../../../testdata/junit/pytest-xunit1.xml")),
    (Format::Junit, include_str!("../../../../testdata/junit/pytest-reruns.xml")),
    (Format::Bandit, include_str!("../../../../testdata/bandit/bandit.json")),
    (Format::Sarif, include_str!("../../../../testdata/sarif/bandit.sarif")),
    (Format::Sarif, include_str!("../../../../testdata/sarif/eslint.sarif")),
    (Format::PipAudit, include_str!("../../../../testdata/pip-audit/pip-audit.json")),
    (Format::RadonCc, include_str!("../../../../testdata/radon/cc.json")),
    (Format::RadonMi, include_str!("../../../../testdata/radon/mi.json")),
    (Format::RadonRaw, include_str!("../../../../testdata/radon/raw.json")),
    (Format::Ruff, include_str!("../../../../testdata/ruff/ruff.json")),
    (Format::Mypy, include_str!("../../../../testdata/mypy/mypy-blocked.txt")),
    (Format::MypyJson, include_str!("../../../../testdata/mypy/mypy.jsonl")),
    (Format::Flake8, include_str!("../../../../testdata/flake8/flake8.txt")),
    (Format::Pylint, include_str!("../../../../testdata/pylint/pylint.json")),
    (Format::Lcov, include_str!("../../../../testdata/lcov/coverage-py.info")),
    (Format::CoveragepyJson, include_str!("../../../../testdata/coveragepy-json/coverage-py.json")),
    (Format::Jacoco, include_str!("../../../../testdata/jacoco/jacoco-0.8.6.xml")),
    (Format::PipLicenses, include_str!("../../../../testdata/pip-licenses/pip-licenses.json")),
    (Format::CargoMetadata, include_str!("../../../../testdata/cargo-metadata/cargo-metadata.json")),
    (Format::Gitleaks, include_str!("../../../../testdata/gitleaks/gitleaks.json")),
    (Format::Sarif, include_str!("../../../../testdata/gitleaks/gitleaks.sarif")),
    (Format::PytestBenchmark, include_str!("../../../../testdata/pytest-benchmark/candidate-5pct.json")),
];

/// The seeds whose truncation a parser can tell: a cut line-oriented report (mypy, flake8,
/// JSON lines) is still a valid, shorter report.
fn truncation_detectable() -> Vec<(Format, &'static str)> {
    SEEDS
        .iter()
        .copied()
        .filter(|(format, _)| !matches!(format, Format::Mypy | Format::MypyJson | Format::Flake8))
        .collect()
}

/// Parses with the given format and with sniffing, as `gates check` would.
fn parse_all_ways(bytes: &[u8]) {
    for &format in Format::ALL {
        let _ = parse::parse(format, bytes);
    }
    if let Ok(format) = Format::sniff(bytes) {
        let _ = parse::parse(format, bytes);
    }
}

/// A seed report with one edit: cut, a byte replaced, or text spliced in.
fn mutated_seed() -> impl Strategy<Value = Vec<u8>> {
    let splice = prop::sample::select(vec![
        "<",
        ">",
        "\"",
        "&",
        "&bogus;",
        "&#0;",
        "&#x110000;",
        "<!--",
        "]]>",
        "<![CDATA[",
        "</line>",
        "</testcase>",
        "<testsuite>",
        "<class filename=\"x\">",
        " hits=\"-1\"",
        " number=\"99999999999\"",
        " condition-coverage=\"50% (3/2)\"",
        " time=\"1,2,3\"",
        " mi=\"-1\" ci=\"1e30\"",
        "<sourcefile name=\"x\">",
        "\nDA:1,-1\n",
        "\nBRDA:0,e,,\n",
        "\nSF:\n",
        "\nend_of_record\n",
        ",",
        "[-1, 99999999999]",
        "\u{feff}",
        "\u{0}",
        "é",
    ]);
    (0..SEEDS.len(), any::<prop::sample::Index>(), 0u8..3, any::<u8>(), splice).prop_map(
        |(seed, at, edit, byte, text)| {
            let mut bytes = SEEDS[seed].1.as_bytes().to_vec();
            let at = at.index(bytes.len() + 1);
            match edit {
                0 => bytes.truncate(at),
                1 if at < bytes.len() => bytes[at] = byte,
                _ => {
                    let tail = bytes.split_off(at);
                    bytes.extend_from_slice(text.as_bytes());
                    bytes.extend_from_slice(&tail);
                }
            }
            bytes
        },
    )
}

proptest! {
    #[test]
    fn no_panic_on_arbitrary_bytes(bytes in prop::collection::vec(any::<u8>(), 0..2048)) {
        parse_all_ways(&bytes);
    }

    #[test]
    fn no_panic_on_xml_like_text(text in "(<[a-z]{1,10}( [a-z-]{1,8}=\"[0-9a-z%() /.,-]{0,12}\"){0,4}/?>|</[a-z]{1,10}>|[a-z &;#0-9]{0,8}){0,40}") {
        parse_all_ways(text.as_bytes());
        let rooted = format!("<coverage>{text}</coverage>");
        parse_all_ways(rooted.as_bytes());
        let rooted = format!("<testsuites><testsuite><testcase>{text}</testcase></testsuite></testsuites>");
        parse_all_ways(rooted.as_bytes());
    }

    #[test]
    fn no_panic_on_mutated_real_reports(bytes in mutated_seed()) {
        parse_all_ways(&bytes);
    }

    #[test]
    fn truncated_real_reports_are_errors_not_partial_results(seed in prop::sample::select(truncation_detectable()), cut in any::<prop::sample::Index>()) {
        let (format, text) = seed;
        let body_end = text.trim_end().len();
        // Cutting inside the final closing tag or before it must not yield a result.
        let at = cut.index(body_end.saturating_sub(1).max(1));
        let cut_text = text.get(..at);
        prop_assume!(cut_text.is_some());
        let cut_text = cut_text.unwrap_or_default();
        // LCOV has no closing marker: cut right after an `end_of_record`, it is a shorter
        // tracefile, complete in itself. Cut anywhere else, it must be an error.
        prop_assume!(!(format == Format::Lcov && cut_text.trim_end().ends_with("end_of_record")));
        prop_assert!(parse::parse(format, cut_text.as_bytes()).is_err());
    }
}

proptest! {
    #[test]
    fn no_panic_reading_arbitrary_licence_texts(text in "((MIT|Apache-2.0|GPL-2.0|apache|gpl|bsd|LicenseRef-x|WITH|AND|OR|and|or|/|\\+|\\(|\\)|;|License|[ -~]{0,6}) ?){0,12}", rule in "[ -~]{0,20}") {
        let package = gates_core::model::PackageLicense::new("p", None, Some(text.clone()), "test");
        let ids: Vec<_> = gates_core::license::licensee(&rule).into_iter().collect();
        let rules = gates_core::license::LicenseRules::new(ids.clone(), ids, vec![]);
        let _ = rules.verdict(&package);
        if let Some(reading) = &package.spdx {
            // A reading is always a valid expression that reads as itself.
            let again = gates_core::license::spdx_reading(reading);
            prop_assert_eq!(again.as_ref(), Some(reading));
        }
    }

    #[test]
    fn no_panic_on_arbitrary_diffs(text in "((diff --git a/[a-z/\" ]{0,12} b/[a-z/\" ]{0,12}|--- [a-z/\\\\\"]{0,10}|\\+\\+\\+ [a-z/\\\\\"]{0,10}|@@ -[0-9,]{0,6} \\+[0-9,]{0,6} @@|rename to [a-z]{0,5}|Binary files|[-+ \\\\][a-z]{0,6}|[^\n]{0,10})\n){0,30}") {
        let _ = gates_core::patch::Diff::parse(&text);
    }

    #[test]
    fn no_panic_matching_arbitrary_paths(report_path in "[a-zA-Z0-9./\\\\: _-]{0,30}", diff_path in "[a-zA-Z0-9./\\\\: _-]{0,30}", root in "[a-zA-Z0-9./\\\\: _-]{0,20}") {
        let xml = format!(
            "<coverage><sources><source>{root}</source></sources><packages><package><classes><class filename=\"{report_path}\"><lines><line number=\"1\" hits=\"1\"/></lines></class></classes></package></packages></coverage>"
        );
        let diff = format!("--- a/{diff_path}\n+++ b/{diff_path}\n@@ -0,0 +1,2 @@\n+x\n+y\n");
        if let (Ok(report), Ok(diff)) = (parse::parse(Format::Cobertura, xml.as_bytes()), gates_core::patch::Diff::parse(&diff))
            && let gates_core::model::ReportContent::Coverage(coverage) = report.content
        {
            let map = gates_core::patch::PathMap::new(vec![root.clone()]);
            let patch = gates_core::patch::PatchCoverage::compute(&coverage, &diff, &map);
            prop_assert!(patch.lines_covered() <= patch.lines_valid());
        }
    }
}

proptest! {
    #[test]
    fn no_panic_resolving_arbitrary_sarif_uris(uri in "(file:|//|/|%[0-9a-fA-F]{0,2}|[a-zA-Z0-9.:\\\\ _-]{0,6}){0,8}", base in "(file:///|[a-z/%:.]{0,8}){0,3}", root in "[a-zA-Z0-9./\\\\: _-]{0,20}") {
        let sarif = format!(
            r#"{{"version": "2.1.0", "runs": [{{"tool": {{"driver": {{"name": "x"}}}}, "originalUriBaseIds": {{"B": {{"uri": {base:?}, "uriBaseId": "B"}}}},
              "results": [{{"message": {{"text": "m"}}, "locations": [{{"physicalLocation": {{"artifactLocation": {{"uri": {uri:?}, "uriBaseId": "B"}}}}}}]}}]}}]}}"#
        );
        if let Ok(report) = parse::parse(Format::Sarif, sarif.as_bytes()) {
            let _ = report.relative_to(&root);
        }
        let _ = gates_core::model::repository_relative(&uri, &root);
    }
}

const EVENT: &str = include_str!("../../../../testdata/github-events/pull_request-edited.json");
const EVAL: &str = include_str!("../../../../testdata/eval/results.json");

proptest! {
    #[test]
    fn titles_never_panic(title in "\\PC{0,80}") {
        let _ = gates_core::pr::TitleRules::default().check(&title);
    }

    #[test]
    fn title_like_strings_never_panic(title in "[a-zA-Z]{0,8}[(]?[a-z/,!() -]{0,10}[!]?:? ?\\PC{0,20}") {
        let _ = gates_core::pr::TitleRules::default().check(&title);
    }

    #[test]
    fn mutated_event_payloads_never_panic(at in 0..EVENT.len(), byte in any::<u8>()) {
        let mut bytes = EVENT.as_bytes().to_vec();
        bytes[at] = byte;
        if let Ok(text) = std::str::from_utf8(&bytes) {
            let _ = gates_core::pr::EventPullRequest::from_json(text);
        }
        if let Some(head) = EVENT.get(..at) {
            let _ = gates_core::pr::EventPullRequest::from_json(head);
        }
    }

    #[test]
    fn json_pointers_never_panic(pointer in "(/[a-z_0-9~]{0,8}){0,4}", cut in 0..EVAL.len()) {
        let _ = gates_core::custom::value_at(EVAL, &pointer);
        if let Some(head) = EVAL.get(..cut) {
            let _ = gates_core::custom::value_at(head, &pointer);
        }
    }
}
