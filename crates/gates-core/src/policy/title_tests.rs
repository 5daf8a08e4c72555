use super::*;

/// (title, the problem's start — `None` when the title is valid — and why).
const TITLES: &[(&str, Option<&str>)] = &[
    ("feat: add LCOV support", None),
    ("fix: count reruns once", None),
    ("docs: explain custom metrics", None),
    ("style: format with rustfmt", None),
    ("refactor: split the policy module", None),
    ("perf: read Cobertura lines in one pass", None),
    ("test: cover the GitLab notes", None),
    ("build: bump quick-xml", None),
    ("ci: cache the cargo registry", None),
    ("chore: tidy the testdata", None),
    ("revert: feat: add LCOV support", None),
    ("feat(parser): add LCOV support", None),
    ("feat(parser)!: drop xunit1", None),
    ("feat!: drop xunit1", None),
    ("fix(core/policy): reject empty scopes", None), // slash in a scope
    ("fix(gates-cli): exit 2 on bad input", None),   // dash in a scope
    ("fix(api,ui): two scopes", None),
    ("feat: ✨ sparkle", None),     // emoji in the description
    ("feat: add support   ", None), // trailing whitespace is ignored
    ("feat:  two spaces", None),
    ("fix: 修复 unicode", None),
    ("feat(parser): handle `<testcase>` (nested) suites", None),
    ("Feat: add LCOV support", Some("unknown type `Feat` (types are lowercase: `feat`)")),
    ("FIX: upper", Some("unknown type `FIX` (types are lowercase: `fix`)")),
    ("feature: add LCOV support", Some("unknown type `feature`; allowed: feat, fix, docs")),
    ("WIP: add LCOV support", Some("unknown type `WIP`")),
    ("WIP feat: add LCOV support", Some("missing `: ` after the type `WIP`")),
    ("feat:add LCOV support", Some("missing space after `feat:`")),
    ("feat add LCOV support", Some("missing `: ` after the type `feat`")),
    ("feat : add LCOV support", Some("no space is allowed before the `:` after `feat`")),
    ("feat:", Some("empty description after `: `")),
    ("feat: ", Some("empty description after `: `")),
    ("feat:    ", Some("empty description after `: `")),
    ("feat(): add", Some("empty scope `()`")),
    ("feat(parser: add", Some("the scope's `(` is never closed")),
    ("feat!(parser): add", Some("the `!` of a breaking change goes after the scope")),
    ("feat( parser ): add", Some("malformed scope `( parser )`")),
    ("✨ feat: sparkle", Some("the title must start with a type such as `feat`, not `✨`")),
    (" feat: leading space", Some("the title starts with whitespace")),
    ("", Some("empty title")),
    ("   ", Some("empty title")),
    ("Add LCOV support", Some("missing `: ` after the type `Add`")),
    ("fix #123: crash", Some("missing `: ` after the type `fix`")),
    ("[feat]: brackets", Some("the title must start with a type such as `feat`, not `[`")),
];

#[test]
fn titles_are_judged_as_conventional_commits_headers() {
    assert!(TITLES.len() >= 40);
    let rules = TitleRules::default();
    for (title, expected) in TITLES {
        let check = TitleCheck::new(*title, &rules);
        match (expected, &check.problem) {
            (None, None) => {}
            (Some(start), Some(problem)) => {
                assert!(problem.starts_with(start), "{title:?}: {problem:?} should start with {start:?}");
                assert!(problem.ends_with("; e.g. `feat: add LCOV support`"), "{title:?}: {problem:?}");
            }
            _ => panic!("{title:?}: expected {expected:?}, got {:?}", check.problem),
        }
    }
}

#[test]
fn the_header_is_split_into_its_parts() {
    let rules = TitleRules::default();
    assert_eq!(
        rules.check("feat(parser)!: drop xunit1"),
        Ok(Header { kind: "feat", scope: Some("parser"), breaking: true, description: "drop xunit1" })
    );
}

#[test]
fn policy_rules_narrow_types_scopes_and_subject() {
    let rules = TitleRules {
        types: vec!["feat".into(), "fix".into()],
        scopes: vec!["core".into(), "cli".into()],
        require_scope: true,
        subject_pattern: Some(regex::Regex::new("^[a-z]").unwrap()),
    };
    assert!(rules.check("fix(core): lower case").is_ok());
    assert!(rules.check("fix(core,cli): both").is_ok());
    let problem = |title| rules.check(title).unwrap_err();
    assert_eq!(
        problem("docs(core): x"),
        "unknown type `docs`; allowed: feat, fix; e.g. `feat(core): add LCOV support`"
    );
    assert!(problem("fix: no scope").starts_with("a scope is required: `fix(scope): …`"));
    assert!(problem("fix(web): x").starts_with("unknown scope `web`; allowed: core, cli"));
    assert!(problem("fix(core,web): x").starts_with("unknown scope `web`"));
    assert!(
        problem("fix(core): Capital")
            .starts_with("the description `Capital` does not match the subject pattern `^[a-z]`")
    );
}
