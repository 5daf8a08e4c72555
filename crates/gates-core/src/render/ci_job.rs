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

/// The job running `command` (a whole `gates check …` line) with gates `version`, installed by
/// the release's install script. The command sits in a block scalar, so no character of a
/// report's name can end it or start a YAML comment.
pub fn ci_job(ci: CiSystem, command: &str, version: &str) -> String {
    let install = format!(
        "curl -LsSf https://github.com/gates-dev/gates/releases/download/v{version}/install.sh | GATES_VERSION={version} sh"
    );
    match ci {
        CiSystem::GithubActions => format!(
            "\
# Written by `gates init`. Produce the reports in the steps before `gates check` (tests with
# coverage, scanners), or download them from the jobs that do.
name: gates
on:
  pull_request:
permissions:
  contents: read
jobs:
  gates:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          fetch-depth: 0 # --diff-base needs the history
          persist-credentials: false
      - name: Install gates
        run: {install}
      - name: Check
        run: |
          ~/.local/bin/{command}
"
        ),
        CiSystem::GitlabCi => format!(
            "\
# Written by `gates init`; add `include: .gitlab/gates.gitlab-ci.yml` to .gitlab-ci.yml. Produce
# the reports in earlier jobs and pass them on as artifacts.
gates:
  stage: test
  variables:
    GIT_DEPTH: 0 # --diff-base needs the history
  rules:
    - if: $CI_PIPELINE_SOURCE == \"merge_request_event\"
  script:
    - {install}
    - |
      ~/.local/bin/{command}
"
        ),
    }
}
