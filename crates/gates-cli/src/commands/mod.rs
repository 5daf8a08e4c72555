//! One module per subcommand: read inputs, call gates-core, print.

mod check;
mod comment;
mod metrics;
mod policy;

use std::io::IsTerminal;
use std::path::Path;

use gates_core::Policy;

use crate::args::{Cli, ColorChoice, Command, PolicyCommand};
use crate::error::CliError;
use crate::exit::ExitStatus;

pub(crate) fn run(cli: Cli) -> Result<ExitStatus, CliError> {
    let color = use_color(cli.global.color);
    match cli.command {
        Command::Check(args) => check::run(&args, color),
        Command::Policy(PolicyCommand::Show(args)) => policy::show(args.policy.as_deref()),
        Command::Metrics => metrics::run(color),
    }
}

/// Colour only on a terminal, and never when NO_COLOR is set to anything but the empty string.
fn use_color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal()
                && std::env::var_os("NO_COLOR").is_none_or(|value| value.is_empty())
        }
    }
}

/// The policy in `path`, or the built-in one; also says which, for the output.
fn load_policy(path: Option<&Path>) -> Result<(Policy, String), CliError> {
    match path {
        None => Policy::builtin()
            .map(|policy| (policy, "built-in default".to_owned()))
            .map_err(CliError::BuiltinPolicy),
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|source| CliError::ReadPolicy { path: path.to_owned(), source })?;
            let policy = Policy::from_toml_str(&text)
                .map_err(|source| CliError::Policy { path: path.to_owned(), source })?;
            Ok((policy, path.display().to_string()))
        }
    }
}
