#!/usr/bin/env bash
# Regenerates testdata/simplecov/ from this project with Debian's ruby (3.1), ruby-simplecov
# (0.22.0), ruby-rspec (3.12) and ruby-minitest. The project is copied to
# /home/runner/work/shelf/shelf first, so the absolute paths in the reports look like a CI
# runner's. Timestamps change on every run.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$(dirname "$here")/simplecov"
work=/home/runner/work/shelf/shelf
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/." "$work/"
cd "$work"
rm -f generate.sh README.md
rspec > /dev/null
cp coverage/.resultset.json "$data/rspec-resultset.json"
ruby totals.rb > "$data/rspec-resultset.txt"
# A second command name in the same .resultset.json: SimpleCov merges the two.
ruby -Ilib test/book_test.rb > /dev/null
cp coverage/.resultset.json "$data/merged-resultset.json"
ruby totals.rb > "$data/merged-resultset.txt"
cp coverage/coverage.json "$data/merged-coverage.json"
