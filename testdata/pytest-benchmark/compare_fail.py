"""Applies pytest-benchmark's own --benchmark-compare-fail checks to the saved runs.

For every candidate, benchmark and check, prints one tab-separated line:
candidate, benchmark fullname, check, the change pytest-benchmark computes, and whether the check
fails. The checks are pytest_benchmark.utils.parse_compare_fail objects, the ones pytest builds
for `--benchmark-compare-fail=mean:10%`; the benchmarks are matched by fullname, as pytest-benchmark
matches them. Run: python3 compare_fail.py > compare-fail.tsv (pytest-benchmark 5.3.1).
"""

import json
import pathlib

from pytest_benchmark.utils import parse_compare_fail

HERE = pathlib.Path(__file__).parent
CHECKS = [f"{field}:{percent}%" for field in ("mean", "median", "min") for percent in (10, 20)]


def stats_by_fullname(name):
    document = json.loads((HERE / name).read_text())
    return {bench["fullname"]: bench["stats"] for bench in document["benchmarks"]}


baseline = stats_by_fullname("baseline.json")
for candidate in ("candidate-5pct", "candidate-15pct", "candidate-30pct", "candidate-faster"):
    current = stats_by_fullname(f"{candidate}.json")
    for fullname in sorted(current):
        for text in CHECKS:
            check = parse_compare_fail(text)
            change = check.compute(current[fullname], baseline[fullname])
            fails = bool(check.fails(current[fullname], baseline[fullname]))
            print(f"{candidate}\t{fullname}\t{text}\t{change:.9f}\t{'fail' if fails else 'pass'}")
