//! `gates history add`, and the baseline `gates check --history` takes from a history.

use std::io::{self, Write};
use std::path::Path;

use gates_core::{Check, History, HistoryEntry};

use crate::args::HistoryAddArgs;
use crate::error::CliError;
use crate::exit::ExitStatus;
use crate::{git, history_file};

pub(crate) fn add(args: &HistoryAddArgs) -> Result<ExitStatus, CliError> {
    let metrics = super::load_reports(&args.reports)?;
    let commit = git::head_commit()?;
    let entry = HistoryEntry::of(commit, &metrics, &metrics.values());
    let short = entry.commit.short_sha().to_owned();
    let history = history_file::update(&args.history, |history| history.push(entry, args.keep))?;
    let mut stderr = io::stderr().lock();
    for note in &history.notes {
        writeln!(stderr, "note: {}: {note}", args.history.display())?;
    }
    writeln!(
        stderr,
        "gates: added {short} to {} ({} entries)",
        args.history.display(),
        history.entries.len()
    )?;
    Ok(ExitStatus::Success)
}

/// How many first-parent ancestors of the merge-base are searched for an entry.
const ANCESTORS_SEARCHED: usize = 1000;

/// `check` with the history's entry of the merge-base with the target branch (or of its nearest
/// ancestor with one) as baseline; without one, or without a merge-base, change gates are
/// skipped saying why.
pub(crate) fn baseline<'p>(
    check: Check<'p>,
    history: &History,
    event: Option<&Path>,
) -> Result<Check<'p>, CliError> {
    let target = target_branch(event)?;
    let ancestors = match git::merge_base_ancestry(&target, ANCESTORS_SEARCHED) {
        Ok(ancestors) => ancestors,
        // A shallow clone or a missing remote branch: no baseline, saying what to fetch.
        Err(error) => {
            return Ok(check.no_baseline(format!(
                "no merge-base with {target} ({error}); fetch the target branch and enough history (actions/checkout: fetch-depth: 0)"
            )));
        }
    };
    let nearest = history.nearest(&ancestors).map(|(entry, origin)| (entry.snapshot.clone(), origin));
    let check = check.trend_line(ancestors.clone());
    Ok(match nearest {
        Some((snapshot, origin)) => check.history_baseline(snapshot, origin),
        None => {
            let merge_base = ancestors.first().map(String::as_str).unwrap_or_default();
            let short = gates_core::short_sha(merge_base);
            check.no_baseline(format!(
                "no history entry for the merge-base {short} with {target} or any of its last {ANCESTORS_SEARCHED} ancestors"
            ))
        }
    })
}

/// The branch a change merges into: the pull request's base (from the event payload or
/// GITHUB_BASE_REF), GitLab's merge-request target, as the remote-tracking branch where there is
/// one; else origin/HEAD.
fn target_branch(event: Option<&Path>) -> Result<String, CliError> {
    let base = match super::pull_request::event(event)? {
        Some(pull_request) => pull_request.base_ref,
        None => None,
    };
    let Some(base) =
        base.or_else(|| git::first_var(&["GITHUB_BASE_REF", "CI_MERGE_REQUEST_TARGET_BRANCH_NAME"]))
    else {
        return Ok("origin/HEAD".to_owned());
    };
    let remote = format!("origin/{base}");
    Ok(if git::resolves(&remote) { remote } else { base })
}
