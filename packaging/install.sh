#!/bin/sh
# Installs a prebuilt `gates` from a GitHub release:
#
#   curl -LsSf https://github.com/gates-dev/gates/releases/download/v0.1.0/install.sh | sh
#
# GATES_VERSION           release to install (default: the version this script ships with)
# GATES_INSTALL_DIR       where `gates` goes (default: $HOME/.local/bin)
# GATES_INSTALL_BASE_URL  where releases are (default: https://github.com/gates-dev/gates/releases/download)
# GATES_INSTALL_OS, GATES_INSTALL_ARCH  stand in for `uname -s` and `uname -m`
#
# The archive's sha256 is checked before anything is written to the install directory; the
# binary is moved into place in one rename, so an install never leaves a partial `gates`.
# Exit status: 0 installed, 2 no prebuilt gates for this platform or version, 1 any other error.
set -eu

# The workspace version; the release workflow checks it matches the tag.
default_version="0.1.0"

version="${GATES_VERSION:-$default_version}"
version="${version#v}"
install_dir="${GATES_INSTALL_DIR:-${HOME:?HOME is not set; set GATES_INSTALL_DIR}/.local/bin}"
base_url="${GATES_INSTALL_BASE_URL:-https://github.com/gates-dev/gates/releases/download}"

say() {
    printf 'gates-install: %s\n' "$*"
}

fail() {
    printf 'gates-install: error: %s\n' "$*" >&2
    exit 1
}

# No release asset for this platform or version: exit status 2, so a caller can build instead.
unavailable() {
    printf 'gates-install: error: %s\n' "$*" >&2
    exit 2
}

# Prints the Rust target triple of this machine's release asset, or fails naming the platform.
detect_target() {
    os="${GATES_INSTALL_OS:-$(uname -s)}"
    arch="${GATES_INSTALL_ARCH:-$(uname -m)}"
    case "$arch" in
        x86_64 | amd64) arch=x86_64 ;;
        aarch64 | arm64) arch=aarch64 ;;
        *) unavailable "no prebuilt gates for the CPU '$arch' (there are x86_64 and aarch64); install with: cargo install --locked gates-cli" ;;
    esac
    case "$os" in
        Linux) echo "$arch-unknown-linux-musl" ;;
        Darwin) echo "$arch-apple-darwin" ;;
        *) unavailable "no prebuilt gates for the system '$os' (there are Linux and macOS; Windows has a .zip on the release page); install with: cargo install --locked gates-cli" ;;
    esac
}

# download URL FILE: returns non-zero when the server has no such file.
download() {
    if command -v curl >/dev/null 2>&1; then
        curl --proto '=https,http' --fail --silent --show-error --location --output "$2" "$1"
    elif command -v wget >/dev/null 2>&1; then
        wget --quiet --output-document="$2" "$1"
    else
        fail "needs curl or wget to download $1"
    fi
}

sha256_of() {
    if command -v sha256sum >/dev/null 2>&1; then
        sha256sum "$1" | cut -d ' ' -f 1
    elif command -v shasum >/dev/null 2>&1; then
        shasum -a 256 "$1" | cut -d ' ' -f 1
    else
        fail "needs sha256sum or shasum to verify the download"
    fi
}

target="$(detect_target)"
asset="gates-$target.tar.gz"
url="$base_url/v$version/$asset"

staged=""
work="$(mktemp -d "${TMPDIR:-/tmp}/gates-install.XXXXXX")"
trap 'rm -rf "$work"; [ -z "$staged" ] || rm -f "$staged"' EXIT
trap 'exit 1' HUP INT TERM

download "$url" "$work/$asset" || unavailable "could not download $url (no such release asset?)"
download "$url.sha256" "$work/$asset.sha256" || unavailable "could not download $url.sha256 (no such release asset?)"

expected="$(cut -d ' ' -f 1 "$work/$asset.sha256")"
case "$expected" in
    *[!0-9a-f]* | "") fail "$url.sha256 holds no sha256 (expected 64 hex digits, then the file name)" ;;
esac
[ "${#expected}" -eq 64 ] || fail "$url.sha256 holds no sha256 (expected 64 hex digits, then the file name)"
actual="$(sha256_of "$work/$asset")"
[ "$actual" = "$expected" ] ||
    fail "checksum mismatch for $asset: the download's sha256 is $actual, $url.sha256 says $expected; nothing installed"

mkdir "$work/unpacked"
tar -xzf "$work/$asset" -C "$work/unpacked" gates || fail "$asset holds no gates at its top level; nothing installed"
[ -f "$work/unpacked/gates" ] || fail "$asset holds no gates at its top level; nothing installed"
chmod 755 "$work/unpacked/gates"

mkdir -p "$install_dir" || fail "cannot create the install directory $install_dir"
# Copied beside the destination first, so the final rename is atomic on one file system.
staged="$install_dir/.gates.install.$$"
cp "$work/unpacked/gates" "$staged" || fail "cannot write to $install_dir"
mv -f "$staged" "$install_dir/gates" || fail "cannot replace $install_dir/gates"

say "installed gates $version ($target) to $install_dir/gates"
case ":${PATH:-}:" in
    *":$install_dir:"*) ;;
    *) say "$install_dir is not on PATH; add it, e.g.: export PATH=\"$install_dir:\$PATH\"" ;;
esac
