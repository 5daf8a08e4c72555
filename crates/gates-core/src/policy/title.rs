//! Pull-request titles as Conventional Commits 1.0.0 headers: `type(scope)!: description`.
//!
//! Types are matched as written (`Feat` is not `feat`), as the widely used semantic pull-request
//! check does; several scopes may be given comma-separated (`fix(api,ui): …`). Trailing
//! whitespace is ignored; anything else out of shape is named in the problem's message.

use regex::Regex;

use crate::model::TitleCheck;

/// The types the semantic pull-request check allows by default.
pub const DEFAULT_TYPES: &[&str] =
    &["feat", "fix", "docs", "style", "refactor", "perf", "test", "build", "ci", "chore", "revert"];

/// What a title must look like.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct TitleRules {
    /// Allowed types.
    pub types: Vec<String>,
    /// Allowed scopes; empty allows any.
    pub scopes: Vec<String>,
    /// A scope must be given.
    pub require_scope: bool,
    /// The description must match this.
    pub subject_pattern: Option<Regex>,
}

impl PartialEq for TitleRules {
    fn eq(&self, other: &Self) -> bool {
        let pattern =
            |rules: &TitleRules| rules.subject_pattern.as_ref().map(|regex| regex.as_str().to_owned());
        (&self.types, &self.scopes, self.require_scope, pattern(self))
            == (&other.types, &other.scopes, other.require_scope, pattern(other))
    }
}

impl Default for TitleRules {
    fn default() -> Self {
        Self {
            types: DEFAULT_TYPES.iter().map(|&name| name.to_owned()).collect(),
            scopes: Vec::new(),
            require_scope: false,
            subject_pattern: None,
        }
    }
}

/// The parts of a well-formed header.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Header<'a> {
    /// `feat`.
    pub kind: &'a str,
    /// `parser` in `feat(parser): …`.
    pub scope: Option<&'a str>,
    /// The `!` of a breaking change.
    pub breaking: bool,
    /// The text after `: `.
    pub description: &'a str,
}

impl TitleRules {
    /// The title's header, or what is wrong with it (with a valid example).
    pub fn check<'a>(&self, title: &'a str) -> Result<Header<'a>, String> {
        let header = self.parse(title).map_err(|problem| format!("{problem}; e.g. `{}`", self.example()))?;
        self.allowed(&header).map_err(|problem| format!("{problem}; e.g. `{}`", self.example()))?;
        Ok(header)
    }

    fn parse<'a>(&self, title: &'a str) -> Result<Header<'a>, String> {
        let title = title.trim_end();
        if title.is_empty() {
            return Err("empty title".to_owned());
        }
        if title.starts_with(char::is_whitespace) {
            return Err("the title starts with whitespace".to_owned());
        }
        let kind_end = title.find(|c: char| !c.is_ascii_alphanumeric()).unwrap_or(title.len());
        let (kind, mut rest) = title.split_at(kind_end);
        if kind.is_empty() {
            let first = title.chars().next().unwrap_or(' ');
            return Err(format!("the title must start with a type such as `feat`, not `{first}`"));
        }
        let mut scope = None;
        if let Some(after) = rest.strip_prefix('(') {
            let close = after.find(')').ok_or("the scope's `(` is never closed")?;
            let (inside, after) = after.split_at(close);
            if inside.trim().is_empty() {
                return Err("empty scope `()`: name one or leave out the parentheses".to_owned());
            }
            if inside.contains('(') || inside != inside.trim() {
                return Err(format!("malformed scope `({inside})`"));
            }
            scope = Some(inside);
            rest = after.get(1..).unwrap_or("");
        }
        let breaking = rest.starts_with('!');
        if breaking {
            rest = rest.get(1..).unwrap_or("");
            if rest.starts_with('(') {
                return Err("the `!` of a breaking change goes after the scope: `feat(api)!: …`".to_owned());
            }
        }
        let description = match rest.strip_prefix(':') {
            None if rest.starts_with(' ') && rest.trim_start().starts_with(':') => {
                return Err(format!("no space is allowed before the `:` after `{kind}`"));
            }
            None => return Err(format!("missing `: ` after the type `{kind}`")),
            Some(after) => after,
        };
        let Some(description) = description.strip_prefix(' ') else {
            return Err(match description.is_empty() {
                true => "empty description after `: `".to_owned(),
                false => format!("missing space after `{kind}:`: write `: ` before the description"),
            });
        };
        if description.trim().is_empty() {
            return Err("empty description after `: `".to_owned());
        }
        Ok(Header { kind, scope, breaking, description })
    }

    fn allowed(&self, header: &Header<'_>) -> Result<(), String> {
        if !self.types.iter().any(|allowed| allowed == header.kind) {
            let lowered = header.kind.to_ascii_lowercase();
            let hint = if self.types.contains(&lowered) {
                format!(" (types are lowercase: `{lowered}`)")
            } else {
                String::new()
            };
            return Err(format!("unknown type `{}`{hint}; allowed: {}", header.kind, self.types.join(", ")));
        }
        match header.scope {
            None if self.require_scope => {
                return Err(format!("a scope is required: `{}(scope): …`", header.kind));
            }
            Some(scope) if !self.scopes.is_empty() => {
                for part in scope.split(',').map(str::trim) {
                    if !self.scopes.iter().any(|allowed| allowed == part) {
                        return Err(format!("unknown scope `{part}`; allowed: {}", self.scopes.join(", ")));
                    }
                }
            }
            _ => {}
        }
        if let Some(pattern) =
            self.subject_pattern.as_ref().filter(|pattern| !pattern.is_match(header.description))
        {
            return Err(format!(
                "the description `{}` does not match the subject pattern `{}`",
                header.description,
                pattern.as_str()
            ));
        }
        Ok(())
    }

    /// A title these rules accept.
    fn example(&self) -> String {
        let kind = self.types.first().map_or("feat", String::as_str);
        match (self.scopes.first(), self.require_scope) {
            (Some(scope), _) => format!("{kind}({scope}): add LCOV support"),
            (None, true) => format!("{kind}(parser): add LCOV support"),
            (None, false) => format!("{kind}: add LCOV support"),
        }
    }
}

impl TitleCheck {
    /// Checks `title` against `rules`.
    pub fn new(title: impl Into<String>, rules: &TitleRules) -> Self {
        let title = title.into();
        let problem = rules.check(&title).err();
        Self { title, problem }
    }
}

#[cfg(test)]
#[path = "title_tests.rs"]
mod tests;
