//! The `gates` command: parse CI reports, apply a policy, print the verdict, exit 0/1/2.

mod args;
mod commands;
mod error;
mod exit;
mod git;
mod github;
mod gitlab;
mod history_file;
mod labels;
mod sticky;
mod table;
mod tracked_issue;
mod url_path;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let result = commands::run(cli);
    exit::finish(result)
}
