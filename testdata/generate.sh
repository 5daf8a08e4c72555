#!/usr/bin/env bash
# Regenerates the coverage.py and pytest reports under testdata/ from testdata/demo-project.
# Needs: pytest, pytest-cov, coverage, pytest-rerunfailures on PATH (versions in testdata/*/README.md).
# The project is copied to /home/runner/work/inventory/inventory first, so the paths that tools
# write into reports look like a GitHub Actions runner's rather than this machine's.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work=/home/runner/work/inventory/inventory
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/demo-project/." "$work/"
cd "$work"
export PYTHONDONTWRITEBYTECODE=1
run() { "$@" 2>&1 | tail -n 1; }

run pytest -p no:cacheprovider -q --junitxml="$here/junit/pytest-xunit2.xml" \
    --cov=inventory --cov-branch --cov-report=xml:"$here/cobertura/coverage-py-branch.xml" \
    > "$here/junit/pytest-xunit2.summary.txt" || true
coverage report --precision=2 > "$here/cobertura/coverage-py-branch.report.txt" || true

run pytest -p no:cacheprovider -q -o junit_family=xunit1 --junitxml="$here/junit/pytest-xunit1.xml" \
    --cov=inventory --cov-report=xml:"$here/cobertura/coverage-py-nobranch.xml" \
    > "$here/junit/pytest-xunit1.summary.txt" || true
coverage report --precision=2 > "$here/cobertura/coverage-py-nobranch.report.txt" || true

GATES_DEMO_FLAKY="$(date +%s%N)" run pytest -p no:cacheprovider -q --reruns 2 \
    --junitxml="$here/junit/pytest-reruns.xml" > "$here/junit/pytest-reruns.summary.txt" || true

# Two shards and coverage.py's own combination of them.
shards="$here/cobertura/shards"
COVERAGE_FILE=.coverage.shard1 coverage run --branch --source=inventory -m pytest -p no:cacheprovider -q tests/test_ledger.py > /dev/null || true
COVERAGE_FILE=.coverage.shard1 coverage xml -q -o "$shards/shard-1.xml"
COVERAGE_FILE=.coverage.shard1 coverage report --precision=2 > "$shards/shard-1.report.txt"
COVERAGE_FILE=.coverage.shard2 coverage run --branch --source=inventory -m pytest -p no:cacheprovider -q tests/test_pricing.py tests/test_csvparse.py > /dev/null || true
COVERAGE_FILE=.coverage.shard2 coverage xml -q -o "$shards/shard-2.xml"
COVERAGE_FILE=.coverage.shard2 coverage report --precision=2 > "$shards/shard-2.report.txt"
coverage combine -q --keep .coverage.shard1 .coverage.shard2
coverage xml -q -o "$shards/combined.xml"
coverage report --precision=2 > "$shards/combined.report.txt"
