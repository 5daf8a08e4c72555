#!/usr/bin/env bash
# Regenerates the pytest-benchmark reports in testdata/pytest-benchmark/ from
# testdata/demo-project/benchmarks. Needs pytest==9.2.0 and pytest-benchmark==5.3.1 on PATH.
# Like ../generate.sh, the project is copied to /home/runner/work/inventory-bench/inventory first, so
# nothing of this machine's paths ends up in the reports; the copy is not a git repository, so
# pytest-benchmark's commit_info holds an error rather than this repository's commit.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work=/home/runner/work/inventory-bench/inventory
rm -rf "$work" && mkdir -p "$work" && cp -r "$here/../demo-project/." "$work/"
cd "$work"
export PYTHONDONTWRITEBYTECODE=1
opts=(-p no:cacheprovider -q benchmarks --benchmark-min-rounds=30 --benchmark-max-time=0.2
      --benchmark-warmup=on --benchmark-disable-gc --benchmark-sort=name)
bench() { # name factor: the JSON is written in the copy (relative name), then moved here
    GATES_BENCH_SLOWDOWN="$2" pytest "${opts[@]}" --benchmark-json="$1.json" > "$here/$1.txt" 2>&1
    mv "$1.json" "$here/$1.json"
}
bench baseline 1.0
bench candidate-5pct 1.05
bench candidate-15pct 1.15
bench candidate-30pct 1.30
bench candidate-faster 0.7
# pytest-benchmark's own comparison of the baseline and each candidate, run from the copy (its
# storage, ./.benchmarks, stays there) on copies of the two files.
for c in 5pct 15pct 30pct faster; do
    cp "$here/baseline.json" "$here/candidate-$c.json" .
    pytest-benchmark compare baseline.json "candidate-$c.json" \
        --columns=min,max,mean,stddev,median --sort=name > "$here/compare-$c.txt"
done
cd / && rm -rf "$work"
