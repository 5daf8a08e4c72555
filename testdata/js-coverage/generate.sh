#!/usr/bin/env bash
# Regenerates the JavaScript coverage reports (testdata/clover/jest-clover.xml, c8-clover.xml,
# testdata/istanbul/, and the refused testdata/istanbul/invalid/coverage-summary.json) from this project: jest runs test/*.test.js, c8 (V8 coverage) node's test
# runner on test/run.js. Needs node 20 and npm; installs jest at the version the READMEs name. The
# project is copied to /home/runner/work/cart/cart first, so the absolute paths in the reports
# look like a CI runner's and are the same on every run. The reports' timestamps change.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$(dirname "$here")"
work=/home/runner/work/cart/cart
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/." "$work/"
cd "$work"
rm -f generate.sh README.md
npm init -y > /dev/null
npm install --no-audit --no-fund jest@30.5.2 c8@10.1.3 > /dev/null
npx jest --coverage > "$data/istanbul/jest-coverage.txt" 2>&1
cp coverage/clover.xml "$data/clover/jest-clover.xml"
cp coverage/coverage-final.json "$data/istanbul/coverage-final.json"
cp coverage/coverage-summary.json "$data/istanbul/invalid/coverage-summary.json"

rm -rf coverage
npx c8 --reporter=json --reporter=clover --reporter=text-summary --reporter=text node --test test/run.js \
    | sed -n '/Coverage summary/,$p' > "$data/istanbul/c8-coverage.txt"
cp coverage/clover.xml "$data/clover/c8-clover.xml"
cp coverage/coverage-final.json "$data/istanbul/c8-coverage-final.json"
