//! `gates policy show`.

use std::io::{self, Write};
use std::path::Path;

use crate::error::CliError;
use crate::exit::ExitStatus;

pub(crate) fn show(path: Option<&Path>) -> Result<ExitStatus, CliError> {
    let (policy, name) = super::load_policy(path)?;
    let mut stdout = io::stdout().lock();
    writeln!(stdout, "# effective policy: {name}\n")?;
    write!(stdout, "{}", policy.to_toml_string())?;
    Ok(ExitStatus::Success)
}
