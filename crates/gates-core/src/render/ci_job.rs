//! The CI job `gates init` writes beside the policy: install gates, then run the command it
//! suggests on the reports the earlier jobs or steps produced.

/// A CI system gates can write a job for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum CiSystem {
    /// GitHub Actions: a workflow file under `.github/workflows/`.
    GithubActions,
    /// GitLab CI: a file for `.gitlab-ci.yml` to `include`.
    GitlabCi,
}

impl CiSystem {
    /// Where the job is written, relative to the repository root.
    pub fn job_path(self) -> &'static str {
        match self {
            CiSystem::GithubActions => ".github/workflows/gates.yml",
            CiSystem::GitlabCi => ".gitlab/gates.gitlab-ci.yml",
        }
    }
}

/// The file the job keeps the default branch's baseline in.
pub const BASELINE_FILE: &str = "gates-baseline.json";

/// What the job runs: the `gates check …` line for a change, the option that adds the baseline
/// to it, the `gates baseline save …` line for the default branch, and that branch's name.
#[derive(Debug, Clone)]
pub struct CiJob {
    check: String,
    baseline_option: String,
    save_baseline: String,
    default_branch: String,
}

impl CiJob {
    /// A job checking changes with `check`, plus `baseline_option` once there is a baseline,
    /// against the baseline `save_baseline` writes (to [`BASELINE_FILE`]) on every push to
    /// `default_branch`.
    pub fn new(
        check: impl Into<String>,
        baseline_option: impl Into<String>,
        save_baseline: impl Into<String>,
        default_branch: impl Into<String>,
    ) -> Self {
        Self {
            check: check.into(),
            baseline_option: baseline_option.into(),
            save_baseline: save_baseline.into(),
            default_branch: default_branch.into(),
        }
    }

    /// The job for `ci` with gates `version`, installed by the release's install script. On the
    /// default branch it saves the baseline (a GitHub Actions cache, a GitLab artifact); on a
    /// change it fetches the latest one and checks against it, or without one before the first.
    /// The commands sit in block scalars, so no character of a report's name can end them or
    /// start a YAML comment.
    pub fn render(&self, ci: CiSystem, version: &str) -> String {
        let Self { check, baseline_option, save_baseline, default_branch } = self;
        let install = format!(
            "curl -LsSf https://github.com/gates-dev/gates/releases/download/v{version}/install.sh | GATES_VERSION={version} sh"
        );
        let check_with_baseline = format!(
            "baseline=\"\"; [ -f {BASELINE_FILE} ] && baseline=\"{baseline_option}\"\n~/.local/bin/{check} $baseline"
        );
        match ci {
            CiSystem::GithubActions => format!(
                "\
# Written by `gates init`. Produce the reports in the steps before `gates check` (tests with
# coverage, scanners), or download them from the jobs that do. Pushes to {default_branch} keep the
# baseline that changes are compared with, in the Actions cache.
name: gates
on:
  pull_request:
  push:
    branches: [{default_branch}]
permissions:
  contents: read
jobs:
  gates:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@3d3c42e5aac5ba805825da76410c181273ba90b1 # v7.0.1
        with:
          fetch-depth: 0 # --diff-base needs the history
          persist-credentials: false
      - name: Install gates
        run: {install}
      - name: Save the baseline of {default_branch}
        if: github.event_name == 'push'
        run: |
          ~/.local/bin/{save_baseline}
      - if: github.event_name == 'push'
        uses: actions/cache/save@27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.5
        with:
          path: {BASELINE_FILE}
          key: gates-baseline-${{{{ github.sha }}}}
      - name: Restore the baseline of {default_branch}
        if: github.event_name == 'pull_request'
        uses: actions/cache/restore@27d5ce7f107fe9357f9df03efb73ab90386fccae # v5.0.5
        with:
          path: {BASELINE_FILE}
          key: gates-baseline-${{{{ github.event.pull_request.base.sha }}}}
          restore-keys: gates-baseline-
      - name: Check
        if: github.event_name == 'pull_request'
        run: |
{check_lines}
",
                check_lines = indented(&check_with_baseline, 10),
            ),
            CiSystem::GitlabCi => format!(
                "\
# Written by `gates init`; add `include: .gitlab/gates.gitlab-ci.yml` to .gitlab-ci.yml. Produce
# the reports in earlier jobs and pass them on as artifacts. Pipelines of the default branch keep
# the baseline that merge requests are compared with, as an artifact.
gates-baseline:
  stage: test
  rules:
    - if: $CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH
  script:
    - {install}
    - |
      ~/.local/bin/{save_baseline}
  artifacts:
    paths: [{BASELINE_FILE}]

gates:
  stage: test
  variables:
    GIT_DEPTH: 0 # --diff-base needs the history
  rules:
    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"
  script:
    - {install}
    - |
      curl --fail --silent --show-error --location --header \"JOB-TOKEN: $CI_JOB_TOKEN\" --output {BASELINE_FILE} \\
        \"$CI_API_V4_URL/projects/$CI_PROJECT_ID/jobs/artifacts/$CI_DEFAULT_BRANCH/raw/{BASELINE_FILE}?job=gates-baseline\" \\
        || {{ rm -f {BASELINE_FILE}; echo \"no baseline of $CI_DEFAULT_BRANCH yet\"; }}
    - |
{check_lines}
",
                check_lines = indented(&check_with_baseline, 6),
            ),
        }
    }
}

/// `text`'s lines, each indented by `spaces`.
fn indented(text: &str, spaces: usize) -> String {
    let indent = " ".repeat(spaces);
    text.lines().map(|line| format!("{indent}{line}")).collect::<Vec<_>>().join("\n")
}
