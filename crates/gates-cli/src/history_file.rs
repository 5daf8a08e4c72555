//! The history file on disk: read whole, and rewritten atomically under a lock so that neither a
//! stopped writer nor two writers at once lose an entry.
//!
//! A writer takes an exclusive lock on `FILE.lock` (released by the system if the writer dies),
//! reads the file, writes the new text to a temporary file in the same directory, syncs it and
//! renames it over the file: a reader sees the old file or the new one, never a part.

use std::fs::{File, OpenOptions};
use std::io::{self, BufReader, Write};
use std::path::{Path, PathBuf};

use gates_core::History;

use crate::error::CliError;

/// The history in `path`; a file that does not exist yet is an empty history.
pub(crate) fn read(path: &Path) -> Result<History, CliError> {
    let file = match File::open(path) {
        Ok(file) => file,
        Err(error) if error.kind() == io::ErrorKind::NotFound => return Ok(History::default()),
        Err(source) => return Err(CliError::ReadHistory { path: path.to_owned(), source }),
    };
    History::parse(BufReader::new(file)).map_err(|source| CliError::History { path: path.to_owned(), source })
}

/// Reads the history in `path`, changes it with `change` and writes it back, all under the lock.
pub(crate) fn update(path: &Path, change: impl FnOnce(&mut History)) -> Result<History, CliError> {
    let write_error = |source| CliError::WriteFile { path: path.to_owned(), source };
    let lock = OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(lock_path(path))
        .map_err(write_error)?;
    lock.lock().map_err(write_error)?;
    let mut history = read(path)?;
    change(&mut history);
    replace(path, history.to_json_lines().as_bytes()).map_err(write_error)?;
    Ok(history)
}

fn lock_path(path: &Path) -> PathBuf {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(".lock");
    path.with_file_name(name)
}

/// Writes `bytes` to a temporary file beside `path`, syncs it and renames it over `path`.
fn replace(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let mut name = path.file_name().unwrap_or_default().to_owned();
    name.push(format!(".{}.tmp", std::process::id()));
    let temporary = path.with_file_name(name);
    let written = File::create(&temporary).and_then(|mut file| {
        file.write_all(bytes)?;
        file.sync_all()
    });
    let renamed = written.and_then(|()| std::fs::rename(&temporary, path));
    if renamed.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    renamed?;
    sync_directory(path)
}

/// Makes the rename itself durable (on Unix a directory can be opened and synced).
#[cfg(unix)]
fn sync_directory(path: &Path) -> io::Result<()> {
    let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_directory(_path: &Path) -> io::Result<()> {
    Ok(())
}
