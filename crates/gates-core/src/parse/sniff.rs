//! Telling a report's format from its content: the XML root element, the keys of a JSON
//! document, the records of LCOV or the lines of mypy and flake8.

use std::io::{self, BufRead};

use super::{go_bench, go_cover, go_test_json, json, json_sniff, lcov, lint_text, tap};
use crate::model::Format;

/// Tells the format from a report's content (for XML, text and line formats the first bytes are
/// enough; JSON documents are looked at whole), or says what was found instead.
pub fn sniff(content: &[u8]) -> Result<Format, String> {
    match json::first_byte(content) {
        Some(b'<') => {
            let root = root_element(content).ok_or_else(|| describe_start(content))?;
            match root {
                "coverage" if coverage_root_is_clover(content) => Ok(Format::Clover),
                "coverage" => Ok(Format::Cobertura),
                "report" => Ok(Format::Jacoco),
                "testsuites" | "testsuite" => Ok(Format::Junit),
                "checkstyle" => Ok(Format::Checkstyle),
                "TestRun" => Ok(Format::Trx),
                "test-run" | "test-results" => Ok(Format::Nunit),
                "assemblies" => Ok(Format::Xunit),
                "CoverageSession" => Ok(Format::Opencover),
                other => Err(format!("its root element is <{other}>")),
            }
        }
        Some(b'{' | b'[') => json_sniff::sniff(content),
        Some(_) => lcov::sniff(content)
            .or_else(|| go_cover::sniff(content))
            .or_else(|| go_test_json::sniff(content))
            .or_else(|| go_bench::sniff(content))
            .or_else(|| lint_text::sniff(content))
            .or_else(|| tap::sniff(content))
            .ok_or_else(|| describe_start(content)),
        None => Err("the file is empty".to_owned()),
    }
}

/// Tells the format of a report read as a stream: from its first bytes, or for JSON from its
/// keys, read up to the end of its first value with memory bounded by what is kept. The outer
/// error is a read error; the inner one says what was found instead of a known report.
pub(crate) fn sniff_stream(input: &mut impl BufRead) -> io::Result<Result<Format, String>> {
    let head = input.fill_buf()?;
    if matches!(json::first_byte(head), Some(b'{' | b'[')) {
        return json_sniff::sniff_reader(input);
    }
    Ok(sniff(head))
}

/// The name of the first element, past a BOM, white space, the XML declaration,
/// processing instructions, comments and a DOCTYPE.
fn root_element(head: &[u8]) -> Option<&str> {
    root_start(head).map(|(name, _)| name)
}

/// The root element's local name and the bytes after its name (its attributes and what follows).
fn root_start(head: &[u8]) -> Option<(&str, &[u8])> {
    let mut rest = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    loop {
        rest = rest.trim_ascii_start();
        if let Some(after) = rest.strip_prefix(b"<?") {
            rest = skip_past(after, b"?>")?;
        } else if let Some(after) = rest.strip_prefix(b"<!--") {
            rest = skip_past(after, b"-->")?;
        } else if let Some(after) = rest.strip_prefix(b"<!") {
            rest = skip_doctype(after)?;
        } else {
            let after = rest.strip_prefix(b"<")?;
            let end = after
                .iter()
                .position(|&byte| byte.is_ascii_whitespace() || matches!(byte, b'>' | b'/'))
                .unwrap_or(after.len());
            let name = std::str::from_utf8(after.get(..end)?).ok()?;
            // A namespace prefix (`<ns:testsuites>`) does not change the kind.
            let local = name.rsplit(':').next().unwrap_or(name);
            return (!local.is_empty()).then_some((local, after.get(end..)?));
        }
    }
}

/// Whether a `<coverage>` root is Clover's rather than Cobertura's: its start tag has Clover's
/// `clover` or `generated` attribute and none of Cobertura's rates, or its first child is a
/// `<project>` (Cobertura's are `<sources>` and `<packages>`).
fn coverage_root_is_clover(head: &[u8]) -> bool {
    let Some((_, tag)) = root_start(head) else { return false };
    let (mut names, mut quote, mut name_start, mut end) = (Vec::new(), None, None, tag.len());
    for (index, &byte) in tag.iter().enumerate() {
        match (quote, byte) {
            (Some(open), _) if byte == open => quote = None,
            (Some(_), _) => {}
            (None, b'"' | b'\'') => quote = Some(byte),
            (None, b'>') => {
                end = index + 1;
                break;
            }
            (None, b'=') => {
                if let Some(start) = name_start.take() {
                    names.push(tag.get(start..index).unwrap_or_default().trim_ascii());
                }
            }
            (None, byte) if byte.is_ascii_whitespace() => {}
            (None, _) => {
                name_start.get_or_insert(index);
            }
        }
    }
    let has = |name: &[u8]| names.contains(&name);
    if has(b"line-rate") || has(b"lines-valid") {
        return false;
    }
    if has(b"clover") || has(b"generated") {
        return true;
    }
    let mut rest = tag.get(end..).unwrap_or_default();
    loop {
        rest = rest.trim_ascii_start();
        match rest.strip_prefix(b"<!--").and_then(|after| skip_past(after, b"-->")) {
            Some(after) => rest = after,
            None => break,
        }
    }
    rest.strip_prefix(b"<project").is_some_and(|after| {
        after.first().is_none_or(|byte| byte.is_ascii_whitespace() || matches!(byte, b'>' | b'/'))
    })
}

fn skip_past<'a>(input: &'a [u8], end: &[u8]) -> Option<&'a [u8]> {
    let at = input.windows(end.len()).position(|window| window == end)?;
    input.get(at + end.len()..)
}

/// Skips `DOCTYPE … >`, including an internal subset in brackets.
fn skip_doctype(input: &[u8]) -> Option<&[u8]> {
    let mut depth = 0usize;
    for (at, &byte) in input.iter().enumerate() {
        match byte {
            b'[' => depth += 1,
            b']' => depth = depth.saturating_sub(1),
            b'>' if depth == 0 => return input.get(at + 1..),
            _ => {}
        }
    }
    None
}

/// What a file that is no known report holds, told as a kind: its bytes may be a secret.
fn describe_start(head: &[u8]) -> String {
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if head.trim_ascii().is_empty() {
        "the file is empty".to_owned()
    } else if std::str::from_utf8(head).is_err_and(|error| error.error_len().is_some()) {
        "it is binary data, not text".to_owned()
    } else {
        "it is text that is neither LCOV, TAP nor mypy or flake8 output".to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sniffs_root_past_prolog() {
        let head = b"\xEF\xBB\xBF<?xml version=\"1.0\"?>\n<!-- generated -->\n<!DOCTYPE coverage SYSTEM \"x.dtd\" [ <!ENTITY a \"b\"> ]>\n<coverage line-rate=\"1\">";
        assert_eq!(sniff(head), Ok(Format::Cobertura));
        assert_eq!(sniff(b"<testsuite name=\"x\"/>"), Ok(Format::Junit));
        assert_eq!(sniff(b"<testsuites>"), Ok(Format::Junit));
    }

    #[test]
    fn clover_and_cobertura_share_a_root_and_are_told_apart() {
        assert_eq!(sniff(b"<coverage generated=\"1\" clover=\"3.2.0\">\n<project>"), Ok(Format::Clover));
        assert_eq!(
            sniff(b"<?xml version=\"1.0\"?>\n<coverage generated=\"1796189865\">"),
            Ok(Format::Clover)
        );
        assert_eq!(sniff(b"<coverage>\n  <!-- x -->\n  <project timestamp=\"1\">"), Ok(Format::Clover));
        assert_eq!(sniff(b"<coverage line-rate=\"1\" generated=\"x\">"), Ok(Format::Cobertura));
        assert_eq!(
            sniff(b"<coverage version=\"7.1\" timestamp=\"1\" lines-valid=\"3\">"),
            Ok(Format::Cobertura)
        );
        assert_eq!(sniff(b"<coverage name=\"a > b\"><projects/>"), Ok(Format::Cobertura));
        assert_eq!(sniff(b"<coverage><sources>"), Ok(Format::Cobertura));
        assert_eq!(sniff(b"<coverage"), Ok(Format::Cobertura));
        let commented = b"<!-- <coverage generated=\"1\"> --><coverage line-rate=\"1\"><packages/>";
        assert_eq!(sniff(commented), Ok(Format::Cobertura));
    }

    #[test]
    fn sniff_says_what_it_found() {
        assert_eq!(sniff(b"<html lang=\"en\">"), Err("its root element is <html>".to_owned()));
        assert_eq!(sniff(b"  "), Err("the file is empty".to_owned()));
        assert_eq!(sniff(b"{\"a\": 1}"), Err("a JSON object with keys [\"a\"]".to_owned()));
    }
}
