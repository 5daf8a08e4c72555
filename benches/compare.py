#!/usr/bin/env python3
"""One-run comparison on a generated ~100 MB coverage.py Cobertura file and a 100k-case JUnit file.

Times (median of 5 runs, wall clock) `gates check` on each file, a bare quick-xml event loop over
the Cobertura file, and Python's xml.etree.ElementTree.iterparse summing the same line and branch
totals; peak RSS from GNU time. Usage: python3 benches/compare.py [MEGABYTES] (after
`cargo build --release -p gates-cli -p gates-benches`).
"""
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
import xml.etree.ElementTree as ET

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RELEASE = os.path.join(ROOT, "target", "release")
RUNS = 5


def timed(command):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        subprocess.run(command, check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mb(command):
    result = subprocess.run(["/usr/bin/time", "-v", *command], capture_output=True, text=True)
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return int(match.group(1)) / 1024 if match else float("nan")


def python_totals(path):
    lines_valid = lines_covered = branches_valid = branches_covered = 0
    for _, element in ET.iterparse(path, events=("end",)):
        if element.tag == "line":
            lines_valid += 1
            if int(element.get("hits", "0")) > 0:
                lines_covered += 1
            condition = element.get("condition-coverage")
            if element.get("branch") == "true" and condition:
                covered, valid = condition.split("(")[1].rstrip(")").split("/")
                branches_covered += int(covered)
                branches_valid += int(valid)
        elif element.tag == "class":
            element.clear()
    return lines_valid, lines_covered, branches_valid, branches_covered


def python_timed(path):
    times = []
    for _ in range(RUNS):
        start = time.perf_counter()
        python_totals(path)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main():
    megabytes = sys.argv[1] if len(sys.argv) > 1 else "100"
    with tempfile.TemporaryDirectory() as folder:
        print(subprocess.run([os.path.join(RELEASE, "gen-reports"), folder, megabytes], capture_output=True, text=True, check=True).stdout)
        coverage = os.path.join(folder, "coverage.xml")
        junit = os.path.join(folder, "junit.xml")
        policy = os.path.join(folder, "policy.toml")
        with open(policy, "w") as handle:
            handle.write('[[gate]]\nmetric = "coverage.lines"\nmin = 0\n\n[[gate]]\nmetric = "tests.total"\nmin = 0\n')
        gates = os.path.join(RELEASE, "gates")
        size_mb = os.path.getsize(coverage) / 1e6
        rows = [
            ("gates check coverage.xml", timed([gates, "check", "--format", "json", "--policy", policy, coverage]), peak_rss_mb([gates, "check", "--format", "json", "--policy", policy, coverage])),
            ("bare quick-xml loop", timed([os.path.join(RELEASE, "xml-loop"), coverage]), peak_rss_mb([os.path.join(RELEASE, "xml-loop"), coverage])),
            ("Python ElementTree.iterparse", python_timed(coverage), float("nan")),
        ]
        gates_seconds = rows[0][1]
        print(f"Cobertura: {size_mb:.1f} MB, {RUNS} runs each, median wall time\n")
        print("| run | median s | MB/s | peak RSS MB | time vs gates |")
        print("|---|---|---|---|---|")
        for name, seconds, rss in rows:
            print(f"| {name} | {seconds:.3f} | {size_mb / seconds:.0f} | {rss:.1f} | {seconds / gates_seconds:.2f}x |")
        junit_seconds = timed([gates, "check", "--format", "json", "--policy", policy, junit])
        junit_mb = os.path.getsize(junit) / 1e6
        print(f"\nJUnit: 100,000 test cases, {junit_mb:.1f} MB: gates check median {junit_seconds:.3f} s "
              f"({junit_mb / junit_seconds:.0f} MB/s), peak RSS {peak_rss_mb([gates, 'check', '--format', 'json', '--policy', policy, junit]):.1f} MB")
        print("\nPython totals:", python_totals(coverage))


if __name__ == "__main__":
    main()
