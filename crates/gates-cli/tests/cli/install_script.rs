//! `packaging/install.sh` against a release directory served on 127.0.0.1: a good archive
//! installs a working `gates`; a tampered archive, a missing asset and an unknown platform are
//! refused with nothing installed. Run with `sh` and, where present, `dash`.

use std::fs;
use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use super::repo;

const VERSION: &str = env!("CARGO_PKG_VERSION");

/// Serves the files below `root` over HTTP/1.0 on a free loopback port, answering 404 for
/// anything else; the thread ends with the test process.
fn serve(root: PathBuf) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            answer(&root, stream);
        }
    });
    format!("http://{address}")
}

fn answer(root: &Path, mut stream: TcpStream) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut request_line = String::new();
    if BufReader::new(&stream).read_line(&mut request_line).is_err() {
        return;
    }
    let path = request_line.split_whitespace().nth(1).unwrap_or("/");
    let file = root.join(path.trim_start_matches('/'));
    let response = match fs::read(&file) {
        Ok(body) if !path.contains("..") => {
            let mut head = format!("HTTP/1.0 200 OK\r\nContent-Length: {}\r\n\r\n", body.len()).into_bytes();
            head.extend(body);
            head
        }
        _ => b"HTTP/1.0 404 Not Found\r\nContent-Length: 0\r\n\r\n".to_vec(),
    };
    let _ = stream.write_all(&response);
}

/// This machine's release target, as install.sh detects it.
fn host_target() -> String {
    let os = match std::env::consts::OS {
        "linux" => "unknown-linux-musl",
        "macos" => "apple-darwin",
        other => panic!("install.sh has no release for {other}"),
    };
    format!("{}-{os}", std::env::consts::ARCH)
}

/// A release directory `vVERSION/` holding `gates-TARGET.tar.gz` (the gates under test at its
/// top level) and its `.sha256` in sha256sum format.
fn release_dir(root: &Path) -> PathBuf {
    let staging = root.join("staging");
    fs::create_dir_all(&staging).unwrap();
    fs::copy(env!("CARGO_BIN_EXE_gates"), staging.join("gates")).unwrap();
    // A release binary carries no debug info; without `strip` the debug build stays as it is.
    let _ = Command::new("strip").arg(staging.join("gates")).status();
    let release = root.join(format!("v{VERSION}"));
    fs::create_dir_all(&release).unwrap();
    let asset = format!("gates-{}.tar.gz", host_target());
    let status = Command::new("tar")
        .arg("-czf")
        .arg(release.join(&asset))
        .arg("-C")
        .arg(&staging)
        .arg("gates")
        .status()
        .unwrap();
    assert!(status.success());
    let sum = Command::new("sha256sum").arg(&asset).current_dir(&release).output().unwrap();
    assert!(sum.status.success());
    fs::write(release.join(format!("{asset}.sha256")), sum.stdout).unwrap();
    release.join(asset)
}

fn shells() -> Vec<&'static str> {
    let mut shells = vec!["sh"];
    if Command::new("dash").arg("-c").arg("true").status().is_ok_and(|s| s.success()) {
        shells.push("dash");
    }
    shells
}

fn install(shell: &str, base_url: &str, install_dir: &Path, env: &[(&str, &str)]) -> Output {
    let mut command = Command::new(shell);
    command
        .arg(repo().join("packaging/install.sh"))
        .env("GATES_INSTALL_BASE_URL", base_url)
        .env("GATES_INSTALL_DIR", install_dir)
        .env_remove("GATES_VERSION")
        .env_remove("GATES_INSTALL_OS")
        .env_remove("GATES_INSTALL_ARCH");
    for (key, value) in env {
        command.env(key, value);
    }
    command.output().unwrap()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn assert_nothing_installed(install_dir: &Path) {
    let left: Vec<_> = fs::read_dir(install_dir)
        .map(|entries| entries.flatten().map(|e| e.file_name()).collect())
        .unwrap_or_default();
    assert!(left.is_empty(), "left in the install directory: {left:?}");
}

#[test]
fn install_script_defaults_to_the_workspace_version() {
    let script = fs::read_to_string(repo().join("packaging/install.sh")).unwrap();
    assert!(
        script.contains(&format!("\ndefault_version=\"{VERSION}\"\n")),
        "install.sh's default_version is not {VERSION}"
    );
}

#[test]
fn install_script_installs_a_working_gates_from_a_verified_archive() {
    let root = tempfile::tempdir().unwrap();
    release_dir(root.path());
    let base_url = serve(root.path().to_path_buf());
    for shell in shells() {
        let install_dir = root.path().join(format!("bin-{shell}"));
        let output = install(shell, &base_url, &install_dir, &[]);
        assert!(output.status.success(), "{shell}: {}", stderr(&output));
        let installed = install_dir.join("gates");
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            stdout.contains(&format!(
                "installed gates {VERSION} ({}) to {}",
                host_target(),
                installed.display()
            )),
            "{shell}: {stdout}"
        );
        let version = Command::new(&installed).arg("--version").output().unwrap();
        assert_eq!(String::from_utf8_lossy(&version.stdout).trim(), format!("gates {VERSION}"));
        let names: Vec<_> = fs::read_dir(&install_dir).unwrap().flatten().map(|e| e.file_name()).collect();
        assert_eq!(names, ["gates"], "{shell}: only gates is left in the install directory");
    }
}

#[test]
fn install_script_refuses_a_tampered_archive() {
    let root = tempfile::tempdir().unwrap();
    let archive = release_dir(root.path());
    let mut bytes = fs::read(&archive).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0xff;
    fs::write(&archive, bytes).unwrap();
    let base_url = serve(root.path().to_path_buf());
    for shell in shells() {
        let install_dir = root.path().join(format!("bin-{shell}"));
        let output = install(shell, &base_url, &install_dir, &[]);
        assert_eq!(output.status.code(), Some(1), "{shell}");
        let message = stderr(&output);
        assert!(message.contains("checksum mismatch for gates-"), "{shell}: {message}");
        assert!(message.contains("nothing installed"), "{shell}: {message}");
        assert_nothing_installed(&install_dir);
    }
}

#[test]
fn install_script_names_a_missing_asset() {
    let root = tempfile::tempdir().unwrap();
    release_dir(root.path());
    let base_url = serve(root.path().to_path_buf());
    for shell in shells() {
        let install_dir = root.path().join(format!("bin-{shell}"));
        let output = install(shell, &base_url, &install_dir, &[("GATES_VERSION", "9.9.9")]);
        assert_eq!(output.status.code(), Some(2), "{shell}");
        let expected = format!("could not download {base_url}/v9.9.9/gates-{}.tar.gz", host_target());
        assert!(stderr(&output).contains(&expected), "{shell}: {}", stderr(&output));
        assert_nothing_installed(&install_dir);
    }
}

#[test]
fn install_script_refuses_an_unknown_platform() {
    let root = tempfile::tempdir().unwrap();
    for shell in shells() {
        let install_dir = root.path().join(format!("bin-{shell}"));
        // Nothing listens there: the platform is refused before any download.
        let output = install(shell, "http://127.0.0.1:9", &install_dir, &[("GATES_INSTALL_OS", "FreeBSD")]);
        assert_eq!(output.status.code(), Some(2), "{shell}");
        assert!(
            stderr(&output).contains("no prebuilt gates for the system 'FreeBSD'"),
            "{shell}: {}",
            stderr(&output)
        );
        let output = install(shell, "http://127.0.0.1:9", &install_dir, &[("GATES_INSTALL_ARCH", "riscv64")]);
        assert_eq!(output.status.code(), Some(2), "{shell}");
        assert!(
            stderr(&output).contains("no prebuilt gates for the CPU 'riscv64'"),
            "{shell}: {}",
            stderr(&output)
        );
        assert_nothing_installed(&install_dir);
    }
}
