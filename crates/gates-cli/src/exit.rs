//! The only place anything becomes an exit code.
//!
//! | code | meaning |
//! |---|---|
//! | 0 | every gate passed (warnings allowed, unless `--strict`) |
//! | 1 | a gate failed |
//! | 2 | could not evaluate: usage, missing/unreadable/malformed report, bad policy |

use std::io::{self, Write};
use std::process::ExitCode;

use gates_core::Verdict;

use crate::error::CliError;

/// What a command achieved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ExitStatus {
    Success,
    Failure,
}

impl From<Verdict> for ExitStatus {
    fn from(verdict: Verdict) -> Self {
        match verdict {
            _ if verdict.passed() => ExitStatus::Success,
            _ => ExitStatus::Failure,
        }
    }
}

pub(crate) fn finish(result: Result<ExitStatus, CliError>) -> ExitCode {
    match result {
        Ok(ExitStatus::Success) => ExitCode::SUCCESS,
        Ok(ExitStatus::Failure) => ExitCode::from(1),
        // A closed pipe (`gates check … | head`) is the reader's choice, not an error.
        Err(CliError::Output(error)) if error.kind() == io::ErrorKind::BrokenPipe => ExitCode::SUCCESS,
        Err(error) => {
            let _ = writeln!(io::stderr(), "error: {error}");
            ExitCode::from(2)
        }
    }
}
