//! `gates policy show`, and the JSON Schemas of `gates policy schema` and `gates schema`.

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

/// Prints a JSON Schema, pretty, with a final newline.
pub(crate) fn print_schema(schema: &serde_json::Value) -> Result<ExitStatus, CliError> {
    let mut stdout = io::stdout().lock();
    serde_json::to_writer_pretty(&mut stdout, schema).map_err(io::Error::from)?;
    writeln!(stdout)?;
    Ok(ExitStatus::Success)
}
