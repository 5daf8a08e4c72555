#!/usr/bin/env python3
"""One-run comparison of `gates check` with a bare quick-xml loop and Python's ElementTree.

In one run: builds the release binaries (unless --no-build), generates a coverage.py Cobertura
report of --mb megabytes (default 100) and a pytest JUnit report of --cases test cases (default
100,000) into a temporary folder (`gen-reports`), then times, interleaved, --runs runs (default 5)
of each of:

- `gates check --format json --policy P FILE`, P holding one gate (`coverage.lines`, or
  `tests.total` for the JUnit file);
- `quickxml-loop FILE`: a bare quick-xml 0.42 `read_event_into` loop counting `<line>` elements
  (Cobertura only), reading through the same 64 KiB `BufReader` as gates; the target's floor;
- `quickxml-loop --skip-white-space FILE`: the same loop with `trim_text_start`, which gates' parser
  also sets outside `<source>` (for information);
- `python3` running `xml.etree.ElementTree.iterparse` summing the same totals from the `<line>`
  elements (Cobertura), or counting `<testcase>` outcomes (JUnit);
- `gates check` of the README's nine example reports (its first command), start-up included;
- `gates check` of the README's nine example reports (its first command), start-up included;
- `gates check --diff D` with one `coverage.patch` gate, D a unified diff written here that adds
  lines 1 to 20 to every 49th (340 files at 100 MB) or every 2nd (8,281 files) file of the
  Cobertura report; its patch figures are checked first against the report's own lines (a changed
  line counts when the report lists it, and is covered when its hits are above zero).

Every run is a separate process under `/usr/bin/time -v`: wall time from this script, peak RSS
from GNU time. Before timing, each tool's result is checked against the generator's totals. Prints
Markdown tables: median seconds, MB/s (10^6 bytes), peak RSS, and time relative to gates.

Usage (from anywhere): python3 benches/compare.py [--mb 100] [--cases 100000] [--runs 5]
"""

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, "target", "release")
GNU_TIME = "/usr/bin/time"

PYTHON_COBERTURA = r'''
import json, sys
import xml.etree.ElementTree as ET

lines_valid = lines_covered = branches_valid = branches_covered = 0
for _, element in ET.iterparse(sys.argv[1], events=("end",)):
    tag = element.tag
    if tag == "line":
        lines_valid += 1
        if int(element.get("hits")) > 0:
            lines_covered += 1
        if element.get("branch") == "true":
            condition = element.get("condition-coverage")
            if condition:
                covered, valid = condition[condition.index("(") + 1 : condition.index(")")].split("/")
                branches_covered += int(covered)
                branches_valid += int(valid)
    elif tag == "class":
        element.clear()
print(json.dumps({"lines_valid": lines_valid, "lines_covered": lines_covered,
                  "branches_valid": branches_valid, "branches_covered": branches_covered}))
'''

PYTHON_JUNIT = r'''
import json, sys
import xml.etree.ElementTree as ET

counts = {"tests": 0, "passed": 0, "failed": 0, "errors": 0, "skipped": 0}
for _, element in ET.iterparse(sys.argv[1], events=("end",)):
    if element.tag == "testcase":
        counts["tests"] += 1
        tags = {child.tag for child in element}
        if "error" in tags:
            counts["errors"] += 1
        elif "failure" in tags:
            counts["failed"] += 1
        elif "skipped" in tags:
            counts["skipped"] += 1
        else:
            counts["passed"] += 1
        element.clear()
print(json.dumps(counts))
'''


def run(command):
    """Runs command under GNU time: (wall seconds, peak RSS in MiB, stdout)."""
    start = time.perf_counter()
    result = subprocess.run([GNU_TIME, "-v", *command], capture_output=True, text=True)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr[-2000:]}")
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return seconds, int(match.group(1)) / 1024 if match else float("nan"), result.stdout


def measure(tools, runs):
    """Interleaves the tools' runs (so load changes hit all alike) after one warm-up each."""
    for _, command in tools:
        run(command)
    times = {name: [] for name, _ in tools}
    peaks = {name: 0.0 for name, _ in tools}
    for _ in range(runs):
        for name, command in tools:
            seconds, rss, _ = run(command)
            times[name].append(seconds)
            peaks[name] = max(peaks[name], rss)
    return {name: (statistics.median(times[name]), min(times[name]), peaks[name]) for name, _ in tools}


def table(title, size, results, baseline):
    print(f"\n### {title}\n")
    print("| tool | median s | best s | MB/s (median) | peak RSS MiB | time vs gates |")
    print("|---|---:|---:|---:|---:|---:|")
    base = results[baseline][0]
    for name, (median, best, rss) in results.items():
        print(f"| {name} | {median:.3f} | {best:.3f} | {size / 1e6 / median:.0f} | {rss:.1f} | {median / base:.2f}x |")


DIFF_LINES = 20


def write_diff(coverage, step, diff):
    """Adds lines 1..DIFF_LINES to every `step`th file of `coverage`: (files, expected patch figures)."""
    files = covered = valid = 0
    class_pattern = re.compile(r'<class name="[^"]*" filename="([^"]*)"')
    line_pattern = re.compile(r'<line number="(\d+)" hits="(\d+)"')
    chosen = False
    index = 0
    with open(coverage) as report, open(diff, "w") as out:
        for text in report:
            opened = class_pattern.search(text)
            if opened:
                chosen = index % step == 0
                index += 1
                if chosen:
                    files += 1
                    out.write(f"diff --git a/{opened.group(1)} b/{opened.group(1)}\n--- a/{opened.group(1)}\n"
                              f"+++ b/{opened.group(1)}\n@@ -0,0 +1,{DIFF_LINES} @@\n")
                    out.write("".join(f"+line {number}\n" for number in range(1, DIFF_LINES + 1)))
                continue
            line = line_pattern.search(text) if chosen else None
            if line and int(line.group(1)) <= DIFF_LINES:
                valid += 1
                covered += int(line.group(2)) > 0
    return files, {"patch_lines_covered": covered, "patch_lines_valid": valid}


# The README's first command: the nine example reports under the built-in policy.
EXAMPLE_REPORTS = ["testdata/cobertura/coverage-py-branch.xml", "testdata/junit/pytest-xunit2.xml",
                   "testdata/bandit/bandit.json", "testdata/pip-audit/pip-audit.json", "testdata/radon/cc.json",
                   "testdata/ruff/ruff.json", "testdata/mypy/mypy.txt", "testdata/gitleaks/gitleaks.json",
                   "testdata/pip-licenses/pip-licenses.json"]


def example_check_seconds(gates, runs):
    """Median wall seconds of the whole `gates check` of the example reports, start-up included
    (it exits 1: the examples fail gates on purpose)."""
    command = [gates, "check", *(os.path.join(ROOT, path) for path in EXAMPLE_REPORTS)]
    times = []
    for _ in range(runs + 1):
        start = time.perf_counter()
        result = subprocess.run(command, capture_output=True)
        times.append(time.perf_counter() - start)
        if result.returncode not in (0, 1):
            sys.exit(f"failed ({result.returncode}): {' '.join(command)}\n{result.stderr[-2000:]!r}")
    return statistics.median(times[1:])


def check(label, found, expected):
    if found != expected:
        sys.exit(f"{label}: found {found}, expected {expected}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=100, help="Cobertura size in megabytes (10^6 bytes)")
    parser.add_argument("--cases", type=int, default=100_000, help="JUnit test cases")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each tool")
    parser.add_argument("--no-build", action="store_true", help="use the release binaries as they are")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep the files")
    args = parser.parse_args()

    if not os.path.exists(GNU_TIME):
        sys.exit("needs GNU time at /usr/bin/time (apt-get install time)")
    if not args.no_build:
        subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "gates-cli", "-p", "gates-benches"],
                       cwd=ROOT, check=True)
    gates = os.path.join(RELEASE, "gates")
    folder = args.keep or tempfile.mkdtemp(prefix="gates-bench-")
    os.makedirs(folder, exist_ok=True)
    try:
        generated = json.loads(subprocess.run(
            [os.path.join(RELEASE, "gen-reports"), folder, str(args.mb), str(args.cases)],
            capture_output=True, text=True, check=True).stdout)
        coverage = os.path.join(folder, "coverage.xml")
        junit = os.path.join(folder, "junit.xml")
        coverage_policy = os.path.join(folder, "coverage.toml")
        junit_policy = os.path.join(folder, "tests.toml")
        with open(coverage_policy, "w") as handle:
            handle.write('[[gate]]\nmetric = "coverage.lines"\nmin = 0\n')
        with open(junit_policy, "w") as handle:
            handle.write('[[gate]]\nmetric = "tests.total"\nmin = 0\n')
        python_cobertura = os.path.join(folder, "et_cobertura.py")
        python_junit = os.path.join(folder, "et_junit.py")
        with open(python_cobertura, "w") as handle:
            handle.write(PYTHON_COBERTURA)
        with open(python_junit, "w") as handle:
            handle.write(PYTHON_JUNIT)

        patch_policy = os.path.join(folder, "patch.toml")
        with open(patch_policy, "w") as handle:
            handle.write('[[gate]]\nmetric = "coverage.patch"\nmin = 0\n')
        patches = []
        for step in (49, 2):
            diff = os.path.join(folder, f"every-{step}.diff")
            files, expected = write_diff(coverage, step, diff)
            patches.append((files, expected, [gates, "check", "--format", "json", "--policy", patch_policy,
                                              "--diff", diff, coverage]))

        gates_cobertura = [gates, "check", "--format", "json", "--policy", coverage_policy, coverage]
        gates_junit = [gates, "check", "--format", "json", "--policy", junit_policy, junit]
        loop = [os.path.join(RELEASE, "quickxml-loop"), coverage]
        loop_trimmed = [os.path.join(RELEASE, "quickxml-loop"), "--skip-white-space", coverage]
        loop_junit = [os.path.join(RELEASE, "quickxml-loop"), "--element", "testcase", junit]
        python = sys.executable
        et_cobertura = [python, python_cobertura, coverage]
        et_junit = [python, python_junit, junit]

        # Everyone must find the generator's totals before anything is timed.
        expected_lines = {key: generated[key] for key in
                          ("lines_valid", "lines_covered", "branches_valid", "branches_covered")}
        metrics = json.loads(run(gates_cobertura)[2])["metrics"]
        check("gates (Cobertura)", {key: int(metrics[f"coverage.{key}"]) for key in expected_lines}, expected_lines)
        check("quickxml-loop", int(run(loop)[2]), generated["lines_valid"])
        check("quickxml-loop --skip-white-space", int(run(loop_trimmed)[2]), generated["lines_valid"])
        check("ElementTree (Cobertura)", json.loads(run(et_cobertura)[2]), expected_lines)
        expected_tests = {key: generated[key] for key in ("tests", "passed", "failed", "errors", "skipped")}
        metrics = json.loads(run(gates_junit)[2])["metrics"]
        check("gates (JUnit)", int(metrics["tests.total"]), generated["tests"])
        check("quickxml-loop --element testcase", int(run(loop_junit)[2]), generated["tests"])
        check("ElementTree (JUnit)", json.loads(run(et_junit)[2]), expected_tests)

        for files, expected, command in patches:
            metrics = json.loads(run(command)[2])["metrics"]
            check(f"gates --diff ({files} files)", {key: int(metrics[f"coverage.{key}"]) for key in expected}, expected)

        patch = measure([("gates check", gates_cobertura)]
                        + [(f"gates check --diff ({files:,} files)", command) for files, _, command in patches],
                        args.runs)
        cobertura = measure([("gates check", gates_cobertura), ("bare quick-xml loop", loop),
                             ("bare quick-xml loop, white space skipped", loop_trimmed),
                             ("Python ElementTree.iterparse", et_cobertura)], args.runs)
        tests = measure([("gates check", gates_junit), ("bare quick-xml loop", loop_junit),
                         ("Python ElementTree.iterparse", et_junit)], args.runs)

        coverage_size = generated["coverage_bytes"]
        junit_size = generated["junit_bytes"]
        print(f"Cobertura (coverage.py 7.6.1 shape): {coverage_size:,} bytes, {generated['lines_valid']:,} lines, "
              f"{generated['branches_valid']:,} branches. JUnit (pytest xunit2): {junit_size:,} bytes, "
              f"{generated['tests']:,} test cases. {args.runs} interleaved runs per tool after a warm-up; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; {sys.version.split()[0]} Python.")
        table(f"Cobertura, {coverage_size / 1e6:.1f} MB", coverage_size, cobertura, "gates check")
        table(f"JUnit, {generated['tests']:,} test cases, {junit_size / 1e6:.1f} MB", junit_size, tests, "gates check")

        table(f"Patch coverage, the same {coverage_size / 1e6:.1f} MB Cobertura, diffs adding {DIFF_LINES} lines "
              f"per file", coverage_size, patch, "gates check")

        gates_s = cobertura["gates check"][0]
        loop_s = cobertura["bare quick-xml loop"][0]
        trimmed_s = cobertura["bare quick-xml loop, white space skipped"][0]
        python_s = cobertura["Python ElementTree.iterparse"][0]
        peak = cobertura["gates check"][2]
        print("\n### Targets (Cobertura)\n")
        print(f"- Python ElementTree / gates: {python_s / gates_s:.1f}x (target >= 8x): "
              f"{'met' if python_s / gates_s >= 8 else 'NOT met'}")
        print(f"- gates / bare quick-xml loop: {gates_s / loop_s:.2f}x (target <= 1.3x): "
              f"{'met' if gates_s / loop_s <= 1.3 else 'NOT met'}")
        print(f"- gates / bare quick-xml loop skipping white space as gates does: {gates_s / trimmed_s:.2f}x")
        print(f"- gates peak RSS: {peak:.1f} MiB = {peak * 1024 * 1024 / coverage_size:.1%} of the file")
        junit_s, junit_loop_s, junit_peak = tests["gates check"][0], tests["bare quick-xml loop"][0], tests["gates check"][2]
        print("\n### Targets (JUnit)\n")
        print(f"- gates / bare quick-xml loop: {junit_s / junit_loop_s:.2f}x (target <= 1.3x): "
              f"{'met' if junit_s / junit_loop_s <= 1.3 else 'NOT met'}")
        print(f"- gates peak RSS: {junit_peak:.1f} MiB (target < 24 MiB): {'met' if junit_peak < 24 else 'NOT met'}")
        print("\n### Targets (patch coverage)\n")
        widest = list(patch)[-1]
        ratio = patch[widest][0] / patch["gates check"][0]
        print(f"- {widest} / plain gates check: {ratio:.2f}x (target <= 1.5x): {'met' if ratio <= 1.5 else 'NOT met'}")
        examples_s = example_check_seconds(gates, max(args.runs, 5))
        print("\n### Target (a typical project)\n")
        print(f"- `gates check` of the README's nine example reports: {examples_s * 1000:.1f} ms wall, start-up "
              f"included (target < 10 ms): {'met' if examples_s < 0.010 else 'NOT met'}")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
