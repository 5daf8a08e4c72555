#!/usr/bin/env bash
# Regenerates testdata/llvm-cov/ from this project with Debian's clang and llvm (14): source-based
# coverage, `llvm-cov export -format=text` and `llvm-cov report` beside it. The project is copied
# to /home/runner/work/tally/tally first, so the absolute paths in the export look like a CI
# runner's.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$(dirname "$here")/llvm-cov"
work=/home/runner/work/tally/tally
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/." "$work/"
cd "$work"
clang -fprofile-instr-generate -fcoverage-mapping -O0 -o tally main.c stats.c
LLVM_PROFILE_FILE=tally.profraw ./tally > /dev/null
llvm-profdata merge -sparse tally.profraw -o tally.profdata
llvm-cov export -format=text ./tally -instr-profile=tally.profdata > "$data/tally.json"
llvm-cov report ./tally -instr-profile=tally.profdata > "$data/tally-report.txt"
