//! Quarantined tests: known to fail for a stated reason, still run and reported, but not counted
//! in `tests.failed` and `tests.errors` until the quarantine expires.

use super::Date;
use crate::model::TestCase;

/// One `[[quarantine]]` of the policy.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Quarantine {
    /// A glob of test ids (`*` matches any run of characters, dots and slashes too), matched
    /// against `classname.name` and, where the report gives a file, `file::name`.
    pub test: String,
    matcher: globset::GlobMatcher,
    /// Why the test may fail.
    pub reason: String,
    /// The last day it applies.
    pub expires: Option<Date>,
}

impl PartialEq for Quarantine {
    fn eq(&self, other: &Self) -> bool {
        (&self.test, &self.reason, self.expires) == (&other.test, &other.reason, other.expires)
    }
}

impl Quarantine {
    /// A quarantine of the tests `test` matches.
    pub fn new(test: String, reason: String, expires: Option<Date>) -> Result<Quarantine, globset::Error> {
        let matcher = globset::Glob::new(&test)?.compile_matcher();
        Ok(Quarantine { test, matcher, reason, expires })
    }

    /// Whether it no longer applies on `today`.
    pub fn expired(&self, today: Option<Date>) -> bool {
        matches!((self.expires, today), (Some(expires), Some(today)) if today > expires)
    }

    /// Whether it names `case`.
    pub fn covers(&self, case: &TestCase) -> bool {
        self.matcher.is_match(case.full_name())
            || case.file.as_ref().is_some_and(|file| self.matcher.is_match(format!("{file}::{}", case.name)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::TestStatus;

    #[test]
    fn ids_match_by_class_and_name_or_by_file() {
        let mut case = TestCase::new("test_y", TestStatus::Passed);
        case.classname = Some("tests.test_x".into());
        case.file = Some("tests/test_x.py".into());
        let quarantine = |glob: &str| Quarantine::new(glob.into(), "slow".into(), None).unwrap();
        assert!(quarantine("tests.test_x.test_y").covers(&case));
        assert!(quarantine("tests/test_x.py::test_*").covers(&case));
        assert!(quarantine("tests.*").covers(&case));
        assert!(!quarantine("tests.test_x.test_z").covers(&case));
        let day = Date { year: 2027, month: 1, day: 31 };
        let dated = Quarantine::new("t".into(), "r".into(), Some(day)).unwrap();
        assert!(!dated.expired(Some(day)));
        assert!(dated.expired(Some(Date { day: 1, month: 2, ..day })));
    }
}
