//! A custom metric's value: the number an RFC 6901 JSON Pointer points at in a JSON document.

use serde_json::Value;

/// A JSON file did not hold a number where a custom metric's pointer points.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum JsonValueError {
    /// The file is not JSON.
    #[error("not valid JSON: line {line}, column {column}: {message}")]
    NotJson {
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// serde_json's description.
        message: String,
    },
    /// Nothing is at the pointer.
    #[error("nothing at JSON Pointer `{pointer}`{}", nearest_text(.nearest))]
    NoValue {
        /// The pointer.
        pointer: String,
        /// The longest prefix of the pointer that does resolve, and the keys found there.
        nearest: Option<(String, Vec<String>)>,
    },
    /// The value there is not a number.
    #[error(
        "expected a number at JSON Pointer `{pointer}` (like 43.5, \"43.5\" or \"43.5%\"), found {found}"
    )]
    NotANumber {
        /// The pointer.
        pointer: String,
        /// The value found, shortened.
        found: String,
    },
}

fn nearest_text(nearest: &Option<(String, Vec<String>)>) -> String {
    match nearest {
        Some((prefix, keys)) if !keys.is_empty() => {
            let shown: Vec<&str> = keys.iter().take(10).map(String::as_str).collect();
            let more = if keys.len() > shown.len() { ", …" } else { "" };
            format!(" (`{prefix}` has keys: {}{more})", shown.join(", "))
        }
        _ => String::new(),
    }
}

/// The number at `pointer` in the JSON document `text`.
pub fn value_at(text: &str, pointer: &str) -> Result<f64, JsonValueError> {
    let document: Value = serde_json::from_str(text).map_err(|error| JsonValueError::NotJson {
        line: error.line(),
        column: error.column(),
        message: error.to_string(),
    })?;
    let Some(value) = document.pointer(pointer) else {
        return Err(JsonValueError::NoValue {
            pointer: pointer.to_owned(),
            nearest: nearest(&document, pointer),
        });
    };
    number(value)
        .ok_or_else(|| JsonValueError::NotANumber { pointer: pointer.to_owned(), found: shorten(value) })
}

/// A figure as JSON holds it: a number, or a string such as `"43.5"` or `"43.5%"`.
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(number) => number.as_f64().filter(|value| value.is_finite()),
        Value::String(text) => number_text(text),
        _ => None,
    }
}

/// `43.5`, ` 43.5 `, `43.5%`: a finite number, a trailing percent sign allowed.
pub fn number_text(text: &str) -> Option<f64> {
    let text = text.trim();
    let digits = text.strip_suffix('%').map_or(text, str::trim_end);
    // Rust reads "inf" and "NaN" too; the finiteness check refuses them.
    digits.parse::<f64>().ok().filter(|value| value.is_finite())
}

/// The longest prefix of `pointer` that resolves to an object, with its keys.
fn nearest(document: &Value, pointer: &str) -> Option<(String, Vec<String>)> {
    let mut prefix = pointer;
    while let Some(cut) = prefix.rfind('/') {
        prefix = prefix.get(..cut).unwrap_or("");
        if let Some(Value::Object(object)) = document.pointer(prefix) {
            let shown = if prefix.is_empty() { "/" } else { prefix };
            return Some((shown.to_owned(), object.keys().cloned().collect()));
        }
    }
    None
}

fn shorten(value: &Value) -> String {
    let kind = match value {
        Value::Null => return "null".to_owned(),
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number out of range",
        Value::String(_) => "the string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    };
    let text = value.to_string();
    let short: String = text.chars().take(60).collect();
    let ellipsis = if short.len() < text.len() { "…" } else { "" };
    format!("{kind} {short}{ellipsis}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_strings_and_percents_are_read() {
        let text = r#"{"summary": {"pass_rate": 43.5, "as_text": "43.5", "as_percent": "43.5 %", "n": 7}}"#;
        assert_eq!(value_at(text, "/summary/pass_rate"), Ok(43.5));
        assert_eq!(value_at(text, "/summary/as_text"), Ok(43.5));
        assert_eq!(value_at(text, "/summary/as_percent"), Ok(43.5));
        assert_eq!(value_at(text, "/summary/n"), Ok(7.0));
        assert_eq!(value_at("12", ""), Ok(12.0));
    }

    #[test]
    fn pointer_escapes_follow_rfc_6901() {
        let text = r#"{"a/b": {"m~n": [1, 2.5]}}"#;
        assert_eq!(value_at(text, "/a~1b/m~0n/1"), Ok(2.5));
    }

    #[test]
    fn wrong_values_say_what_was_found() {
        let text = r#"{"summary": {"pass_rate": "high", "flag": true, "list": [1]}}"#;
        let error = value_at(text, "/summary/pass_rate").unwrap_err();
        assert_eq!(
            error.to_string(),
            "expected a number at JSON Pointer `/summary/pass_rate` (like 43.5, \"43.5\" or \"43.5%\"), found the string \"high\""
        );
        assert!(value_at(text, "/summary/flag").unwrap_err().to_string().ends_with("found a boolean true"));
        assert!(value_at(text, "/summary/list").unwrap_err().to_string().ends_with("found an array [1]"));
        assert!(matches!(value_at(r#"{"x": "NaN"}"#, "/x"), Err(JsonValueError::NotANumber { .. })));
    }

    #[test]
    fn a_missing_key_lists_the_keys_that_exist() {
        let error =
            value_at(r#"{"summary": {"passrate": 1, "total": 2}}"#, "/summary/pass_rate").unwrap_err();
        assert_eq!(
            error.to_string(),
            "nothing at JSON Pointer `/summary/pass_rate` (`/summary` has keys: passrate, total)"
        );
        assert!(matches!(value_at("{}", "summary"), Err(JsonValueError::NoValue { .. })));
    }

    #[test]
    fn bad_json_has_a_position() {
        let error = value_at("{\n  \"a\": ,\n}", "/a").unwrap_err();
        assert!(matches!(error, JsonValueError::NotJson { line: 2, .. }), "{error}");
    }
}
