//! `gates man`: the man page, generated from the same clap definitions as `--help`, with the
//! sections clap has no word for: the options of `gates check`, exit status, environment, files
//! and examples.

use std::io::{self, Write};
use std::path::Path;

use clap::CommandFactory;
use clap_mangen::Man;

use crate::args::{CHECK_EXAMPLES, Cli};
use crate::error::CliError;
use crate::exit::ExitStatus;

/// EXIT STATUS, ENVIRONMENT and FILES, in roff.
const MORE_SECTIONS: &str = r#".SH "EXIT STATUS"
.TP
\fB0\fR
every gate passed or was skipped; warnings allowed (unless \fB\-\-strict\fR)
.TP
\fB1\fR
a gate failed, a required gate's input is missing, or the policy has gates and none could be evaluated
.TP
\fB2\fR
could not evaluate: usage error, missing, unreadable or malformed report, invalid policy
.SH ENVIRONMENT
.TP
\fBGITHUB_ACTIONS\fR, \fBGITHUB_STEP_SUMMARY\fR
in GitHub Actions, \fBcheck\fR writes workflow annotations and appends the Markdown report to the job summary
.TP
\fBGITHUB_TOKEN\fR, \fBGITHUB_API_URL\fR, \fBGITHUB_REPOSITORY\fR, \fBGITHUB_EVENT_PATH\fR, \fBGITHUB_EVENT_NAME\fR
the token, API, repository and pull-request event that \fB\-\-comment\fR and the pull-request gates use
.TP
\fBGITLAB_CI\fR, \fBGITLAB_TOKEN\fR, \fBCI_PROJECT_ID\fR, \fBCI_PROJECT_PATH\fR, \fBCI_MERGE_REQUEST_IID\fR, \fBCI_MERGE_REQUEST_TITLE\fR
the same on GitLab CI, for merge requests
.TP
\fBNO_COLOR\fR
set to anything but the empty string, no colour (as with \fB\-\-color never\fR)
.SH FILES
.TP
\fBgates.toml\fR, \fB.config/gates.toml\fR
the policy, looked for in that order in the working directory when \fB\-\-policy\fR is not given; without either, the built\-in default policy
"#;

pub(crate) fn run(out_dir: Option<&Path>) -> Result<ExitStatus, CliError> {
    match out_dir {
        None => {
            let mut stdout = io::stdout().lock();
            render_main_page(&mut stdout)?;
            stdout.flush()?;
        }
        Some(dir) => {
            let write_error = |source| CliError::WriteFile { path: dir.to_owned(), source };
            clap_mangen::generate_to(Cli::command(), dir).map_err(write_error)?;
            // The main page gets the sections the generated one lacks.
            let mut page = Vec::new();
            render_main_page(&mut page)?;
            std::fs::write(dir.join("gates.1"), page).map_err(write_error)?;
        }
    }
    Ok(ExitStatus::Success)
}

fn render_main_page(out: &mut impl Write) -> io::Result<()> {
    let command = Cli::command();
    let man = Man::new(command.clone());
    man.render_title(out)?;
    man.render_name_section(out)?;
    man.render_synopsis_section(out)?;
    man.render_description_section(out)?;
    man.render_options_section(out)?;
    man.render_subcommands_section(out)?;
    if let Some(check) = command.find_subcommand("check") {
        let mut options = Vec::new();
        Man::new(check.clone()).render_options_section(&mut options)?;
        let options = String::from_utf8_lossy(&options);
        write!(out, "{}", options.replacen(".SH OPTIONS", ".SH \"CHECK OPTIONS\"", 1))?;
    }
    write!(out, "{MORE_SECTIONS}")?;
    writeln!(out, ".SH EXAMPLES")?;
    for example in CHECK_EXAMPLES.lines().filter_map(|line| line.strip_prefix("  ")) {
        let (command, what) = example.split_once(" # ").unwrap_or((example, ""));
        writeln!(out, ".TP\n\\fB{}\\fR\n{}", roff_text(command.trim_end()), roff_text(what.trim()))?;
    }
    man.render_version_section(out)
}

/// Text safe in a roff line: backslashes and hyphens escaped, no line starting with a control
/// character.
fn roff_text(text: &str) -> String {
    let escaped = text.replace('\\', "\\e").replace('-', "\\-");
    if escaped.starts_with(['.', '\'']) { format!("\\&{escaped}") } else { escaped }
}
