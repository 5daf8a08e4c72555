//! `gates badge`: SVG and shields.io endpoint badges, coloured by the policy's bounds.

use super::{gates, temp_file};

/// The badge at `path` after checking that it is well-formed XML with an `<svg>` root.
fn svg_texts(path: &std::path::Path) -> Vec<String> {
    let svg = std::fs::read_to_string(path).unwrap();
    let mut reader = quick_xml::Reader::from_str(&svg);
    let mut texts = Vec::new();
    let mut root = None;
    let mut depth = 0usize;
    loop {
        match reader.read_event().unwrap() {
            quick_xml::events::Event::Start(element) => {
                root.get_or_insert_with(|| element.name().as_ref().to_owned());
                depth += 1;
            }
            quick_xml::events::Event::End(_) => depth -= 1,
            quick_xml::events::Event::Text(text) if !text.xml10_content().trim().is_empty() => {
                texts.push(text.xml10_content().to_string());
            }
            quick_xml::events::Event::Eof => break,
            _ => {}
        }
    }
    assert_eq!((root.as_deref(), depth), (Some("svg"), 0), "{svg}");
    texts
}

#[test]
fn coverage_badges_take_the_colour_of_the_policys_bounds() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("coverage.svg");
    let badge = |policy: &str, format: &str| {
        let (_policy_dir, policy) = temp_file("gates.toml", policy);
        let run = gates(&[
            "badge",
            "--metric",
            "coverage.total",
            "--format",
            format,
            "--out",
            out.to_str().unwrap(),
            "--policy",
            &policy,
            "testdata/cobertura/coverage-py-branch.xml",
        ]);
        assert_eq!(run.code, 0, "{}", run.transcript());
        run
    };
    let run = badge("[[gate]]\nmetric = \"coverage.total\"\nmin = 70\n", "svg");
    assert!(run.stderr.contains("(coverage.total: 79.71%, brightgreen)"), "{}", run.stderr);
    assert_eq!(svg_texts(&out), ["coverage.total: 79.71%", "coverage.total", "79.71%"]);
    assert!(std::fs::read_to_string(&out).unwrap().contains("fill=\"#4c1\""));

    badge("[[gate]]\nmetric = \"coverage.total\"\nmin = 90\nseverity = \"warn\"\n", "shields");
    let json: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).unwrap();
    assert_eq!(
        json,
        serde_json::json!({"schemaVersion": 1, "label": "coverage.total", "message": "79.71%", "color": "yellow"})
    );
    badge("[[gate]]\nmetric = \"coverage.total\"\nmin = 90\n", "shields");
    assert!(std::fs::read_to_string(&out).unwrap().contains("\"color\":\"red\""));
    badge("[[gate]]\nmetric = \"tests.total\"\nmin = 1\nrequired = false\n", "shields");
    assert!(std::fs::read_to_string(&out).unwrap().contains("\"color\":\"blue\""), "no gate bounds it");
}

#[test]
fn the_verdict_badge_and_unknown_metrics() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("gates.svg");
    let out_text = out.to_str().unwrap();
    let run = gates(&["badge", "--metric", "verdict", "--out", out_text, "testdata/junit/pytest-xunit2.xml"]);
    assert_eq!(run.code, 0, "{}", run.transcript());
    assert_eq!(svg_texts(&out), ["gates: failed", "gates", "failed"]);
    let run =
        gates(&["badge", "--metric", "coverage.totl", "--out", out_text, "testdata/junit/pytest-xunit2.xml"]);
    assert_eq!(run.code, 2, "{}", run.transcript());
    assert!(
        run.stderr.contains("--metric coverage.totl: no such metric (did you mean `coverage.total`?)"),
        "{}",
        run.stderr
    );
}
