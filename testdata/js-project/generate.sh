#!/usr/bin/env bash
# Regenerates the JavaScript test reports (testdata/tap, jest-json, mocha-json, ctrf) from this
# project. Needs node 20 and npm; installs the runners at the versions the READMEs name. The
# project is copied to /tmp/jsproj first, so the paths in the reports are the same on every run.
# Durations change on every run, and with them mocha's and CTRF's `tests.duration_s` snapshots.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
data="$(dirname "$here")"
work=/tmp/jsproj
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/." "$work/"
cd "$work"
rm -f generate.sh README.md
npm init -y > /dev/null
npm install --no-audit --no-fund jest@30.5.2 mocha@12.0.3 tape@5.10.2 \
    jest-ctrf-json-reporter@0.0.11 mocha-ctrf-json-reporter@0.0.11 > /dev/null

(cd node-tests && node --test --test-reporter=tap > "$data/tap/node-test.tap") || true
node tape-tests/math.js > "$data/tap/tape.tap" || true

npx jest --rootDir jest-tests --json --outputFile="$data/jest-json/jest.json" > /dev/null 2>&1 || true
npx jest --rootDir jest-retry --json --outputFile="$data/jest-json/jest-retry.json" > /dev/null 2>&1 || true
npx mocha --reporter json 'mocha-tests/*.spec.js' > "$data/mocha-json/mocha.json" || true
npx mocha --reporter json 'mocha-retry/*.spec.js' > "$data/mocha-json/mocha-retry.json" || true

ctrf() { mv ctrf/ctrf-report.json "$data/ctrf/$1"; }
npx jest --rootDir jest-tests --reporters=default --reporters=jest-ctrf-json-reporter > /dev/null 2>&1 || true
ctrf jest-ctrf.json
npx jest --rootDir jest-retry --reporters=default --reporters=jest-ctrf-json-reporter > /dev/null 2>&1 || true
ctrf jest-ctrf-retry.json
npx mocha --reporter mocha-ctrf-json-reporter 'mocha-tests/*.spec.js' > /dev/null 2>&1 || true
ctrf mocha-ctrf.json
npx mocha --reporter mocha-ctrf-json-reporter 'mocha-retry/*.spec.js' > /dev/null 2>&1 || true
ctrf mocha-ctrf-retry.json
