//! `gates history add`.

use std::io::{self, Write};

use gates_core::HistoryEntry;

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
