//! `check --label` (and `--comment`): the pull request's size label from `[pr.size-labels]`.
//! Like the comment, nothing here may change the exit code: every failure is a warning.

use std::io::{self, Write};

use gates_core::{Metrics, Policy};

use crate::args::CommentArgs;
use crate::github::{self, GitHubError};

pub(crate) fn apply(
    args: &CommentArgs,
    policy: &Policy,
    metrics: &Metrics,
    stdout: &mut impl Write,
    stderr: &mut impl Write,
) -> io::Result<()> {
    let Some(size) = metrics.pull_request.as_ref().and_then(|facts| facts.size) else {
        return writeln!(
            stderr,
            "warning: no size label: the change's size is not known (give --diff or --diff-base, or run on a pull_request event)"
        );
    };
    let wanted = policy.size_label(size.lines);
    let managed: Vec<&str> = policy.size_labels.iter().map(|(label, _)| label.as_str()).collect();
    if args.dry_run {
        let set = wanted.map_or_else(|| "no size label".to_owned(), |label| format!("label {label}"));
        let others: Vec<&str> = managed.iter().copied().filter(|label| Some(*label) != wanted).collect();
        return writeln!(
            stdout,
            "--- size label (dry run: nothing changed) ---\n{} changed lines: would set {set} and remove {}",
            size.lines,
            others.join(", ")
        );
    }
    if std::env::var("GITLAB_CI").is_ok_and(|value| value == "true") {
        return writeln!(stderr, "warning: size labels work with GitHub only for now; no label was changed");
    }
    let (pull_request, token) = match super::comment::github_context(args) {
        Ok(context) => context,
        Err(missing) => return writeln!(stderr, "warning: cannot label the pull request: {missing}"),
    };
    let label = format!("{}#{}", pull_request.repository, pull_request.number);
    let result: Result<(Vec<String>, Option<String>), GitHubError> =
        match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(runtime) => runtime.block_on(async {
                let client =
                    github::Client::new(&pull_request.api_url, pull_request.repository.clone(), token)?;
                let number = pull_request.number;
                let present = client.labels(number).await?;
                let mut removed = Vec::new();
                for stale in present
                    .iter()
                    .filter(|name| managed.contains(&name.as_str()) && Some(name.as_str()) != wanted)
                {
                    client.remove_label(number, stale).await?;
                    removed.push(stale.clone());
                }
                let added = match wanted {
                    Some(wanted) if !present.iter().any(|name| name == wanted) => {
                        client.add_label(number, wanted).await?;
                        Some(wanted.to_owned())
                    }
                    _ => None,
                };
                Ok((removed, added))
            }),
            Err(error) => Err(GitHubError::Transport(format!("cannot start the HTTP runtime: {error}"))),
        };
    match result {
        Ok((removed, added)) => {
            let added =
                added.map(|name| format!("added {name}")).unwrap_or_else(|| "added nothing".to_owned());
            let removed =
                if removed.is_empty() { String::new() } else { format!(", removed {}", removed.join(", ")) };
            writeln!(stderr, "gates: size label on {label}: {added}{removed}")
        }
        Err(GitHubError::Forbidden { status, message }) => writeln!(
            stderr,
            "warning: cannot label {label}: GitHub refused ({status}: {message}); give the job `permissions: pull-requests: write`"
        ),
        Err(error) => writeln!(stderr, "warning: cannot label {label}: {error}"),
    }
}
