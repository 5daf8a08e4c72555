#!/usr/bin/env bash
# Regenerates the unfair pair in testdata/pytest-benchmark/unfair/: the same benchmarks, timed with
# 1 iteration per round and the default timer, then 20 iterations per round with time.process_time
# and more rounds. Needs pytest==9.2.0 and pytest-benchmark==5.3.1 on PATH. Run from a copy at
# /home/runner/work/unfair-bench so nothing of this machine's paths ends up in the reports.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
work=/home/runner/work/unfair-bench
rm -rf "$work" && mkdir -p "$work" && cp "$here/test_bench_unfair.py" "$work/"
cd "$work"
export PYTHONDONTWRITEBYTECODE=1
opts=(-p no:cacheprovider -q test_bench_unfair.py --benchmark-max-time=0.2 --benchmark-sort=name)
GATES_BENCH_ITERATIONS=1 pytest "${opts[@]}" --benchmark-min-rounds=5 \
    --benchmark-json=baseline-1-iteration.json > "$here/baseline-1-iteration.txt" 2>&1
GATES_BENCH_ITERATIONS=20 pytest "${opts[@]}" --benchmark-min-rounds=10 --benchmark-timer=time.process_time \
    --benchmark-json=candidate-20-iterations.json > "$here/candidate-20-iterations.txt" 2>&1
mv baseline-1-iteration.json candidate-20-iterations.json "$here/"
cd / && rm -rf "$work"
