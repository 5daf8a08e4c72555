//! `check --label` (and `--comment`): the pull or merge request's size label from
//! `[pr.size-labels]`. Like the comment, nothing here may change the exit code: every failure is
//! a warning.

use std::io::{self, Write};

use gates_core::{Metrics, Policy};

use super::forge::{self, ApiError, Platform};
use crate::args::CommentArgs;
use crate::github::{self, GitHubError};
use crate::gitlab::{self, GitLabError};
use crate::labels::{self, Relabelled};

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
    let (name, result) = if Platform::detect() == Some(Platform::GitLab) {
        let (project, iid, token) = match forge::gitlab_context(args) {
            Ok(context) => context,
            Err(missing) => return writeln!(stderr, "warning: cannot label the merge request: {missing}"),
        };
        let name = format!("{}!{iid}", forge::gitlab_name(&project));
        let result = forge::on_runtime(async {
            let client = gitlab::Client::new(&project, token)?;
            Ok(labels::sync(&client.merge_request(iid), wanted, &managed).await?)
        });
        (name, result)
    } else {
        let (pull_request, token) = match forge::github_context(args) {
            Ok(context) => context,
            Err(missing) => return writeln!(stderr, "warning: cannot label the pull request: {missing}"),
        };
        let name = format!("{}#{}", pull_request.repository, pull_request.number);
        let result = forge::on_runtime(async {
            let client = github::Client::new(&pull_request.api_url, pull_request.repository.clone(), token)?;
            Ok(labels::sync(&client.labels(pull_request.number), wanted, &managed).await?)
        });
        (name, result)
    };
    match result {
        Ok(Relabelled { added, removed }) => {
            let added =
                added.map(|name| format!("added {name}")).unwrap_or_else(|| "added nothing".to_owned());
            let removed =
                if removed.is_empty() { String::new() } else { format!(", removed {}", removed.join(", ")) };
            writeln!(stderr, "gates: size label on {name}: {added}{removed}")
        }
        Err(ApiError::GitHub(GitHubError::Forbidden { status, message })) => writeln!(
            stderr,
            "warning: cannot label {name}: GitHub refused ({status}: {message}); give the job `permissions: pull-requests: write`"
        ),
        Err(error @ ApiError::GitLab(GitLabError::Unauthorized { .. })) => writeln!(
            stderr,
            "warning: cannot label {name}: {error}; its user needs the Developer role to change a merge request's labels"
        ),
        Err(error) => writeln!(stderr, "warning: cannot label {name}: {error}"),
    }
}
