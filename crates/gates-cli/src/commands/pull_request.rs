//! What is known of the pull request: its title, description and size, from the command line, the CI's event
//! payload or variables, and the diff.

use std::path::Path;

use gates_core::{
    ChangeSize, DescriptionCheck, Diff, EventPullRequest, Metric, Policy, PullRequestFacts, Term, TitleCheck,
};

use crate::args::CheckArgs;
use crate::error::CliError;
use crate::github;

/// The facts, or `None` when nothing is known of a pull request.
pub(crate) fn facts(
    args: &CheckArgs,
    policy: &Policy,
    diff: Option<&Diff>,
) -> Result<Option<PullRequestFacts>, CliError> {
    let event = event(args.event.as_deref())?;
    let title = args
        .pr_title
        .clone()
        .or_else(|| event.as_ref().map(|event| event.title.clone()))
        .or_else(|| std::env::var("CI_MERGE_REQUEST_TITLE").ok().filter(|_| gitlab()));
    let description = args
        .pr_description
        .clone()
        .or_else(|| event.as_ref().and_then(|event| event.body.clone()))
        .or_else(|| std::env::var("CI_MERGE_REQUEST_DESCRIPTION").ok().filter(|_| gitlab()));
    let size = match diff {
        Some(diff) => Some(ChangeSize::of_diff(diff, |path| policy.pr_ignore.is_match(path))),
        None => event.as_ref().and_then(|event| event.size),
    };
    let wanted = review_metrics_gated(policy);
    if title.is_none() && description.is_none() && size.is_none() && wanted.is_empty() {
        return Ok(None);
    }
    let mut facts = PullRequestFacts::default();
    facts.description =
        description.map(|body| DescriptionCheck::new(title.as_deref(), &body, &policy.pr_description));
    facts.title = title.map(|title| TitleCheck::new(title, &policy.pr_title));
    facts.size = size;
    if !wanted.is_empty() {
        read_review_state(args, &wanted, &mut facts);
    }
    Ok(Some(facts))
}

const REVIEW_METRICS: [Metric; 3] = [Metric::PrApprovals, Metric::PrUnresolvedThreads, Metric::PrMergeable];

/// The review-state metrics some gate tests: only those are asked of the API.
fn review_metrics_gated(policy: &Policy) -> Vec<Metric> {
    REVIEW_METRICS
        .into_iter()
        .filter(|metric| policy.gates.iter().any(|gate| gate.metric.terms.contains(&Term::Builtin(*metric))))
        .collect()
}

/// Approvals, unresolved threads and mergeability from the GitHub API; every failure becomes
/// the reason its metrics have no value (so their gates skip, or fail when required).
fn read_review_state(args: &CheckArgs, wanted: &[Metric], facts: &mut PullRequestFacts) {
    let failed = match super::forge::github_context(&args.comment) {
        Err(missing) => Some(format!("cannot ask GitHub: {missing}")),
        Ok((pull_request, token)) => match tokio::runtime::Builder::new_current_thread().enable_all().build()
        {
            Err(error) => Some(format!("cannot start the HTTP runtime: {error}")),
            Ok(runtime) => runtime.block_on(async {
                let number = pull_request.number;
                let client = match github::Client::new(&pull_request.api_url, pull_request.repository, token)
                {
                    Ok(client) => client,
                    Err(error) => return Some(error.to_string()),
                };
                let reason = |error: github::GitHubError| error.to_string();
                if wanted.contains(&Metric::PrApprovals) {
                    facts.approvals = Some(client.approvals(number).await.map_err(reason));
                }
                if wanted.contains(&Metric::PrUnresolvedThreads) {
                    facts.unresolved_threads = Some(client.unresolved_threads(number).await.map_err(reason));
                }
                if wanted.contains(&Metric::PrMergeable) {
                    facts.mergeable =
                        Some(client.mergeable(number).await.map_err(reason).and_then(|known| {
                            known.ok_or_else(|| {
                                "GitHub has not computed whether it merges cleanly yet".to_owned()
                            })
                        }));
                }
                None
            }),
        },
    };
    if let Some(why) = failed {
        facts.approvals = Some(Err(why.clone()));
        facts.unresolved_threads = Some(Err(why.clone()));
        facts.mergeable = Some(Err(why));
    }
}

fn gitlab() -> bool {
    std::env::var_os("GITLAB_CI").is_some_and(|value| value == "true")
}

/// The pull request of `--event FILE`, else of `$GITHUB_EVENT_PATH` on a pull-request event.
pub(crate) fn event(explicit: Option<&Path>) -> Result<Option<EventPullRequest>, CliError> {
    let path = match explicit {
        Some(path) => path.to_owned(),
        None => {
            let event_name = std::env::var("GITHUB_EVENT_NAME").unwrap_or_default();
            match std::env::var_os("GITHUB_EVENT_PATH") {
                Some(path) if event_name.starts_with("pull_request") => path.into(),
                _ => return Ok(None),
            }
        }
    };
    let text = std::fs::read_to_string(&path)
        .map_err(|source| CliError::ReadEvent { path: path.clone(), source })?;
    EventPullRequest::from_json(&text).map(Some).map_err(|source| CliError::Event { path, source })
}
