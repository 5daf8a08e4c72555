//! One fake forge on loopback (wiremock) for every test that talks to GitHub or GitLab: the CI
//! environment a job on that forge sees, pointed at the fake; `gates` run in it, failing the test
//! if the token shows in the output; and the answers both APIs give (items, paged lists, refusals).
//! The server answers on a thread of its own, so a test mounts its mocks and runs `gates`
//! without any async code; the mocks' `expect` counts are checked when the fake is dropped.

use wiremock::{Mock, MockServer, ResponseTemplate};

use super::{Run, gates_keeping_secret};

/// The forge a fake answers for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Forge {
    GitHub,
    GitLab,
}

/// A fake API and the forge it plays.
pub(crate) struct FakeApi {
    pub(crate) forge: Forge,
    server: MockServer,
    /// Drives wiremock's async set-up calls.
    runtime: tokio::runtime::Runtime,
}

impl FakeApi {
    /// A fake of `forge`: GitHub's repository `octo/shop`, or GitLab's project 4711
    /// (`group/shop`) under `/api/v4`, with merge request !7.
    pub(crate) fn new(forge: Forge) -> FakeApi {
        let runtime = tokio::runtime::Builder::new_current_thread().enable_all().build().unwrap();
        let server = runtime.block_on(MockServer::start());
        FakeApi { forge, server, runtime }
    }

    pub(crate) fn github() -> FakeApi {
        FakeApi::new(Forge::GitHub)
    }

    pub(crate) fn gitlab() -> FakeApi {
        FakeApi::new(Forge::GitLab)
    }

    /// Answers with `mock` from now on.
    pub(crate) fn mount(&self, mock: Mock) {
        self.runtime.block_on(mock.mount(&self.server));
    }

    /// The requests the fake received, in order.
    pub(crate) fn requests(&self) -> Vec<wiremock::Request> {
        self.runtime.block_on(self.server.received_requests()).unwrap_or_default()
    }

    /// The fake's root URL.
    pub(crate) fn uri(&self) -> String {
        self.server.uri()
    }

    /// The token the job is given.
    pub(crate) fn token(&self) -> &'static str {
        match self.forge {
            Forge::GitHub => "ghs_TOPSECRETtoken0123456789",
            Forge::GitLab => "glpat-TOPSECRETtoken0123456789",
        }
    }

    /// Where the project's routes start: `/repos/octo/shop` or `/api/v4/projects/4711`.
    pub(crate) fn project(&self) -> &'static str {
        match self.forge {
            Forge::GitHub => "/repos/octo/shop",
            Forge::GitLab => "/api/v4/projects/4711",
        }
    }

    /// Runs `gates ARGS` as a CI job on this forge would, `env` added last (so it can override or,
    /// with an empty value, blank a variable).
    pub(crate) fn gates(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let uri = self.uri();
        let api = format!("{uri}/api/v4");
        let (mut set, unset) = match self.forge {
            Forge::GitHub => (
                vec![
                    ("GITHUB_API_URL", uri.as_str()),
                    ("GITHUB_TOKEN", self.token()),
                    ("GITHUB_REPOSITORY", "octo/shop"),
                ],
                ["GITHUB_ACTIONS", "GITHUB_EVENT_PATH", "GITLAB_CI", "GITLAB_TOKEN"],
            ),
            Forge::GitLab => (
                vec![
                    ("GITLAB_CI", "true"),
                    ("CI_API_V4_URL", api.as_str()),
                    ("CI_PROJECT_ID", "4711"),
                    ("CI_PROJECT_PATH", "group/shop"),
                    ("CI_MERGE_REQUEST_IID", "7"),
                    ("GITLAB_TOKEN", self.token()),
                    ("CI_JOB_TOKEN", "job-token-must-not-be-used"),
                ],
                ["GITHUB_ACTIONS", "GITHUB_EVENT_PATH", "GITHUB_REPOSITORY", "GITHUB_TOKEN"],
            ),
        };
        set.push(("GATES_HTTP_BACKOFF_MS", "5"));
        set.extend_from_slice(env);
        let mut unset = unset.to_vec();
        unset.push("GATES_GITHUB_BACKOFF_MS");
        gates_keeping_secret(args, &set, &unset, self.token())
    }

    /// The project as gates names it in its messages.
    pub(crate) fn name(&self) -> &'static str {
        match self.forge {
            Forge::GitHub => "octo/shop",
            Forge::GitLab => "group/shop",
        }
    }

    /// Where a comment on issue `number` is posted: GitHub's comments, GitLab's notes.
    pub(crate) fn issue_comments(&self, number: u64) -> String {
        let kind = match self.forge {
            Forge::GitHub => "comments",
            Forge::GitLab => "notes",
        };
        format!("{}/issues/{number}/{kind}", self.project())
    }

    /// How issue `number` is closed: the method, the route and a piece of the body.
    pub(crate) fn issue_close(&self, number: u64) -> (&'static str, String, &'static str) {
        let route = format!("{}/issues/{number}", self.project());
        match self.forge {
            Forge::GitHub => ("PATCH", route, r#""state":"closed""#),
            Forge::GitLab => ("PUT", route, r#""state_event":"close""#),
        }
    }

    /// Answers GETs of the list at `route` (under [`FakeApi::project`]) with `items`, 100 a page,
    /// as the forge pages: GitHub with a `Link` header to the next page, GitLab with
    /// `X-Next-Page` (empty on the last page).
    pub(crate) fn mount_pages(&self, route: &str, items: Vec<serde_json::Value>) {
        use wiremock::matchers::{method, path, query_param};
        let route = format!("{}{route}", self.project());
        let pages: Vec<Vec<serde_json::Value>> = if items.is_empty() {
            vec![Vec::new()]
        } else {
            items.chunks(100).map(<[serde_json::Value]>::to_vec).collect()
        };
        let last = pages.len();
        for (at, page) in pages.into_iter().enumerate() {
            let number = at + 1;
            let next = (number < last).then_some(number + 1);
            let answer = ResponseTemplate::new(200).set_body_json(page);
            let answer = match (self.forge, next) {
                (Forge::GitHub, Some(next)) => {
                    let link = format!("<{}{route}?per_page=100&page={next}>; rel=\"next\"", self.uri());
                    answer.insert_header("link", link.as_str())
                }
                (Forge::GitHub, None) => answer,
                (Forge::GitLab, next) => {
                    answer.insert_header("x-next-page", next.map(|next| next.to_string()).unwrap_or_default())
                }
            };
            self.mount(
                Mock::given(method("GET"))
                    .and(path(route.as_str()))
                    .and(query_param("page", number.to_string()))
                    .respond_with(answer),
            );
        }
    }
}

/// The last (or only) page of a list: GitLab's `X-Next-Page` is empty, GitHub has no `Link`.
pub(crate) fn last_page(items: Vec<serde_json::Value>) -> ResponseTemplate {
    json(200, serde_json::Value::Array(items)).insert_header("x-next-page", "")
}

/// An answer of `status` with the JSON `body`.
pub(crate) fn json(status: u16, body: serde_json::Value) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(body)
}

/// The refusal each forge gives a token that may not write (`status` 401 or 403).
pub(crate) fn refusal(status: u16, message: &str) -> ResponseTemplate {
    json(status, serde_json::json!({ "message": message }))
}

/// A GitHub issue or a GitLab issue (`iid`, `description`), numbered `number`.
pub(crate) fn issue(forge: Forge, number: u64, body: &str) -> serde_json::Value {
    match forge {
        Forge::GitHub => serde_json::json!({ "number": number, "title": "t", "body": body }),
        Forge::GitLab => serde_json::json!({
            "id": 90_000 + number, "iid": number, "title": "t", "description": body, "state": "opened"
        }),
    }
}

/// A GitHub comment or a GitLab note by someone (not GitLab itself).
pub(crate) fn comment(forge: Forge, id: u64, body: &str) -> serde_json::Value {
    match forge {
        Forge::GitHub => serde_json::json!({ "id": id, "body": body }),
        Forge::GitLab => note(id, body, false),
    }
}

/// A GitLab note; `system` for the ones GitLab writes itself.
pub(crate) fn note(id: u64, body: &str, system: bool) -> serde_json::Value {
    serde_json::json!({ "id": id, "body": body, "system": system, "author": { "username": "someone" } })
}
