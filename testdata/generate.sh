#!/usr/bin/env bash
# Regenerates the coverage.py and pytest reports under testdata/ from testdata/demo-project.
# Needs: pytest, pytest-cov, coverage, pytest-rerunfailures on PATH (versions in testdata/*/README.md);
# for testdata/jacoco, Debian's ant and libjacoco-java (skipped when absent).
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

# LCOV and coverage.py JSON of one run; --source measures the package only, as --cov does above.
coverage run --branch --source=inventory -m pytest -p no:cacheprovider -q > /dev/null 2>&1 || true
coverage lcov -q -o "$here/lcov/coverage-py.info"
coverage json -q -o "$here/coveragepy-json/coverage-py.json"
coverage report --precision=2 > "$here/lcov/report.txt" || true
cp "$here/lcov/report.txt" "$here/coveragepy-json/report.txt"

if command -v ant > /dev/null && [ -f /usr/share/java/org.jacoco.ant.jar ]; then
    ant -q -f "$here/demo-java/build.xml"
else
    echo "ant or libjacoco-java missing: testdata/jacoco not regenerated" >&2
fi

# Static analysers on the scan project (tools: bandit[sarif]==1.9.4 radon==6.0.1 ruff==0.17.6
# mypy==2.4.1 flake8==7.5.0 pylint==4.1.4 pip-audit==2.10.1).
scan=/home/runner/work/warehouse/warehouse
rm -rf "$scan" && mkdir -p "$scan" && cp -r "$here/scan-project/." "$scan/"
cd "$scan"
bandit -q -r warehouse -f json -o "$here/bandit/bandit.json" || true
bandit -r warehouse 2>&1 | tail -n 22 > "$here/bandit/bandit.txt" || true
bandit -q -r warehouse -f sarif -o "$here/sarif/bandit.sarif" || true
radon cc -j warehouse > "$here/radon/cc.json"
radon cc -a -s warehouse > "$here/radon/cc-average.txt"
radon mi -j warehouse > "$here/radon/mi.json"
radon mi -s warehouse > "$here/radon/mi.txt"
radon raw -j warehouse > "$here/radon/raw.json"
radon raw -s warehouse | tail -n 14 > "$here/radon/raw-summary.txt"
ruff check --output-format json warehouse > "$here/ruff/ruff.json" || true
ruff check --output-format concise warehouse > "$here/ruff/ruff.txt" || true
mypy warehouse > "$here/mypy/mypy-blocked.txt" || true
mypy -O json warehouse > "$here/mypy/mypy-blocked.jsonl" || true
mypy --exclude broken.py warehouse > "$here/mypy/mypy.txt" || true
mypy --exclude broken.py -O json warehouse > "$here/mypy/mypy.jsonl" || true
flake8 warehouse > "$here/flake8/flake8.txt" || true
pylint --output-format=json warehouse > "$here/pylint/pylint.json" || true
pip-audit -r requirements.txt --disable-pip --no-deps -f json -o "$here/pip-audit/pip-audit.json" \
    2> "$here/pip-audit/pip-audit.stderr.txt" || true
