#!/usr/bin/env bash
# Builds the gates-cli wheel with maturin, installs it into a fresh virtualenv and runs the
# installed `gates` on the example reports in testdata/. Too slow for `cargo test` (a release
# build); run it by hand or as its own CI job:
#
#   bash packaging/test-wheel.sh            # PYTHON=python3.12 to pick the interpreter
#
# Needs a Rust toolchain, Python 3.8+ with venv, and PyPI for maturin.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
python="${PYTHON:-python3}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

fail() {
    echo "test-wheel: $*" >&2
    exit 1
}

"$python" -m venv "$work/build-env"
"$work/build-env/bin/pip" install --quiet "maturin>=1.7,<2"
(cd "$root" && "$work/build-env/bin/maturin" build --release --out "$work/dist")
wheels=("$work"/dist/gates_cli-*.whl)
[ -f "${wheels[0]}" ] || fail "maturin wrote no gates_cli wheel"
echo "built ${wheels[0]##*/}"

"$python" -m venv "$work/run-env"
"$work/run-env/bin/pip" install --quiet --no-index "${wheels[0]}"
gates="$work/run-env/bin/gates"
[ -x "$gates" ] || fail "the wheel installed no gates executable"

crate_version="$(sed -n 's/^version = "\(.*\)"$/\1/p' "$root/Cargo.toml" | head -n 1)"
[ "$("$gates" --version)" = "gates $crate_version" ] || fail "gates --version says '$("$gates" --version)', expected 'gates $crate_version'"

# From an empty directory, so no gates.toml is picked up: the built-in policy applies.
cd "$work"
data="$root/testdata"
expect() {
    local code="$1" verdict="$2"
    shift 2
    local output status=0
    output="$("$gates" check --color never "$@" 2>"$work/stderr")" || status=$?
    [ "$status" = "$code" ] || fail "gates check $* exited $status, expected $code: $(cat "$work/stderr")"
    [ "$(printf '%s\n' "$output" | tail -n 1)" = "$verdict" ] \
        || fail "gates check $* ended with '$(printf '%s\n' "$output" | tail -n 1)', expected '$verdict'"
    echo "ok: exit $status, $verdict"
}
expect 1 "verdict: FAIL: 3 passed, 3 warned, 5 failed, 2 skipped (policy: built-in default)" \
    "$data/cobertura/coverage-py-branch.xml" "$data/junit/pytest-xunit2.xml" "$data/bandit/bandit.json" \
    "$data/pip-audit/pip-audit.json" "$data/radon/cc.json" "$data/ruff/ruff.json" "$data/mypy/mypy.txt"
expect 0 "verdict: PASS: 1 passed, 0 warned, 0 failed, 12 skipped (policy: built-in default)" \
    "$data/cobertura/coverage-py-branch.xml"
echo "test-wheel: ok"
