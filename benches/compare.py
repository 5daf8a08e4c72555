#!/usr/bin/env python3
"""One-run comparison of `gates check` with a bare quick-xml loop and the peers a user would pick instead.

In one run: builds the release binaries (unless --no-build), installs each peer in a throwaway
virtualenv under target/bench-venvs/ (reused when present; a peer that cannot be installed is
skipped with a note), generates a coverage.py Cobertura report of --mb megabytes (default 100) and
a pytest JUnit report of --cases test cases (default 100,000) into a temporary folder
(`gen-reports`), with the same files split into 200 Cobertura shards and the same test cases into
1,000 JUnit shards, then times, interleaved, --runs runs (default 5) of each of:

- `gates check --format json --policy P FILE`, P holding one gate (`coverage.lines`, or
  `tests.total` for the JUnit file), and the same over all the shards in one call;
- `quickxml-loop FILE`: a bare quick-xml 0.42 `read_event_into` loop counting `<line>` (or
  `<testcase>`) elements, reading through the same 64 KiB `BufReader` as gates; the targets' floor;
- `quickxml-loop --skip-white-space FILE`: the same loop with `trim_text_start`, which gates' parser
  also sets outside `<source>` (for information);
- `quickxml-loop --read-attributes --element testcase FILE`: the JUnit loop also reading each
  `<testcase>`'s attributes with quick-xml's checked iterator and unescaping them (for
  information: the floor of any reader that looks at attributes);
- Python's `xml.etree.ElementTree.iterparse` and lxml's `etree.iterparse` summing the same totals
  from the `<line>` elements (Cobertura), or counting `<testcase>` outcomes (JUnit, ElementTree);
- pycobertura: `Cobertura(FILE).line_rate()`; junitparser: `JUnitXml.fromfile(FILE)` and each
  case's outcome;
- `gates check --diff D` with one `coverage.patch` gate, D a unified diff written here that adds
  lines 1 to 20 to every 49th or every 2nd file of the Cobertura report (139 and 3,400 of its
  6,800 files at 100 MB), and `diff-cover FILE --diff-file D --format json:OUT` on the same diffs, run in
  a scratch git repository; their patch figures are checked first against the report's own lines
  (a changed line counts when the report lists it, and is covered when its hits are above zero);
- `gates check` of the README's nine example reports (its first command), start-up included.

Every run is a separate process under `/usr/bin/time -v`: wall time from this script, peak RSS from
GNU time; a timed run's standard output goes to /dev/null, as hyperfine's does. Before timing, each
tool's result is checked against the generator's totals (that check run is timed too: a tool taking
over 2 minutes is timed with fewer runs, said in its row). Prints Markdown tables: median and best
seconds, MB/s (10^6 bytes), peak RSS, time and peak RSS relative to gates; then the notes and
whether the targets are met.

Usage (from anywhere): python3 benches/compare.py [--mb 100] [--cases 100000] [--runs 5]
       python3 benches/compare.py --quick    (2 MB, 2,000 cases, 1 run: a smoke test)
"""

import argparse
import collections
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
VENVS = os.path.join(ROOT, "target", "bench-venvs")
GNU_TIME = "/usr/bin/time"

# The peers, each with the pinned requirements of its own virtualenv.
PEERS = {
    "pycobertura": ["pycobertura==4.1.0", "lxml==6.1.3"],
    "lxml": ["lxml==6.1.3"],
    "junitparser": ["junitparser==5.0.3"],
    "diff-cover": ["diff-cover==11.0.1"],
}
COVERAGE_SHARDS = 200
JUNIT_SHARDS = 1_000
# A tool whose check run takes longer is timed with fewer runs.
SLOW_SECONDS = 120

# ETREE is replaced by the module: Python's xml.etree.ElementTree or lxml.etree.
ITERPARSE_COBERTURA = r"""
import json, sys
import ETREE as ET

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
"""

ELEMENTTREE_JUNIT = r"""
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
"""

# `--count` (the check run only) also sums the lines of every file, as `pycobertura show` does.
PYCOBERTURA = r"""
import json, sys
from pycobertura import Cobertura

report = Cobertura(sys.argv[1])
result = {"line_rate": report.line_rate()}
if "--count" in sys.argv:
    result["statements"] = report.total_statements()
print(json.dumps(result))
"""

JUNITPARSER = r"""
import json, sys
from junitparser import JUnitXml, TestSuite

report = JUnitXml.fromfile(sys.argv[1])
counts = {"tests": 0, "passed": 0, "failed": 0, "errors": 0, "skipped": 0}
for suite in [report] if isinstance(report, TestSuite) else report:
    for case in suite:
        counts["tests"] += 1
        if case.is_error:
            counts["errors"] += 1
        elif case.is_failure:
            counts["failed"] += 1
        elif case.is_skipped:
            counts["skipped"] += 1
        else:
            counts["passed"] += 1
print(json.dumps(counts))
"""

# A row: its name, its command, the folder it runs in, its number of timed runs (None: --runs).
Tool = collections.namedtuple("Tool", "name command cwd runs", defaults=(None, None))


def progress(message):
    """What the script is doing, on standard error (the tables go to standard output)."""
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(command, cwd=None, keep_output=True):
    """Runs command under GNU time: (wall seconds, peak RSS in MiB, stdout). Without keep_output
    its standard output goes to /dev/null, as hyperfine sends it: its time then does not hold this
    script reading what it prints (600 KB of JSON for the JUnit file's failed tests, which a pipe
    takes 64 KiB at a time, on the same two processors)."""
    start = time.perf_counter()
    output = subprocess.PIPE if keep_output else subprocess.DEVNULL
    result = subprocess.run([GNU_TIME, "-v", *command], stdout=output, stderr=subprocess.PIPE,
                            text=True, cwd=cwd)
    seconds = time.perf_counter() - start
    if result.returncode != 0:
        sys.exit(f"failed ({result.returncode}): {' '.join(command[:8])}\n{result.stderr[-2000:]}")
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", result.stderr)
    return seconds, int(match.group(1)) / 1024 if match else float("nan"), result.stdout


def measure(tools, runs):
    """Interleaves the tools' runs (so load changes hit all alike) after one warm-up each (none for
    a tool with its own fewer runs: its check run was the warm-up)."""
    for tool in tools:
        if tool.runs is None:
            run(tool.command, tool.cwd, keep_output=False)
    times = {tool.name: [] for tool in tools}
    peaks = {tool.name: 0.0 for tool in tools}
    for round_ in range(runs):
        for tool in tools:
            if round_ < (tool.runs or runs):
                seconds, rss, _ = run(tool.command, tool.cwd, keep_output=False)
                times[tool.name].append(seconds)
                peaks[tool.name] = max(peaks[tool.name], rss)
    return {tool.name: (statistics.median(times[tool.name]), min(times[tool.name]), peaks[tool.name])
            for tool in tools}


def table(title, sizes, results, baseline):
    """sizes: the bytes each row reads (one number for all, or a dict by row)."""
    print(f"\n### {title}\n")
    print("| tool | median s | best s | MB/s (median) | peak RSS MiB | time vs gates | peak RSS vs gates |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    base_seconds, _, base_rss = results[baseline]
    for name, (median, best, rss) in results.items():
        size = sizes[name] if isinstance(sizes, dict) else sizes
        print(f"| {name} | {median:.3f} | {best:.3f} | {size / 1e6 / median:.0f} | {rss:.1f} | "
              f"{median / base_seconds:.2f}x | {rss / base_rss:.1f}x |")


def target(label, value, limit, at_least=False, unit="x"):
    """Prints one target line: `value` against `limit` (at most, or at least)."""
    met = value >= limit if at_least else value <= limit
    sign = ">=" if at_least else "<="
    # Three decimals, so a ratio just past its limit does not print as the limit itself.
    print(f"- {label}: {value:.3f}{unit} (target {sign} {limit}{unit}): {'met' if met else 'NOT met'}")


def peer_environment(name, notes):
    """The bin folder of a virtualenv holding the peer's pinned requirements, created and installed
    once under target/bench-venvs/; None, with a note, when it cannot be installed."""
    requirements = PEERS[name]
    folder = os.path.join(VENVS, "+".join(requirement.replace("==", "-") for requirement in requirements))
    bin_folder = os.path.join(folder, "bin")
    marker = os.path.join(folder, "installed")
    if os.path.exists(marker):
        return bin_folder
    shutil.rmtree(folder, ignore_errors=True)
    try:
        subprocess.run([sys.executable, "-m", "venv", folder], check=True, capture_output=True, timeout=300)
        subprocess.run([os.path.join(bin_folder, "python"), "-m", "pip", "install", "--quiet",
                        "--disable-pip-version-check", *requirements],
                       check=True, capture_output=True, text=True, timeout=600)
    except (subprocess.CalledProcessError, subprocess.TimeoutExpired, OSError) as error:
        reason = (getattr(error, "stderr", None) or str(error)).strip().splitlines()
        notes.append(f"{name} skipped: `pip install {' '.join(requirements)}` failed "
                     f"({reason[-1] if reason else 'no message'}).")
        shutil.rmtree(folder, ignore_errors=True)
        return None
    with open(marker, "w") as handle:
        handle.write("\n".join(requirements) + "\n")
    return bin_folder


def write_script(folder, name, text):
    path = os.path.join(folder, name)
    with open(path, "w") as handle:
        handle.write(text)
    return path


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


def checked_json(tool, label, expected=None):
    """Runs the tool once and parses its JSON output, compared with `expected` when given;
    returns (output, seconds)."""
    seconds, _, stdout = run(tool.command, tool.cwd)
    found = json.loads(stdout)
    if expected is not None:
        check(label, found, expected)
    return found, seconds


def gates_metrics(command, expected, label):
    """Runs `gates check --format json` once; its metrics named as `expected`'s keys must be its values."""
    metrics = json.loads(run(command)[2])["metrics"]
    check(label, {key: int(metrics[key]) for key in expected}, expected)


def fewer_runs(seconds, runs):
    """The runs for a tool whose check run took `seconds`: all, or 2 (1 over 5 minutes) when slow."""
    if seconds <= SLOW_SECONDS:
        return None
    return min(runs, 1 if seconds > 300 else 2)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=100, help="Cobertura size in megabytes (10^6 bytes)")
    parser.add_argument("--cases", type=int, default=100_000, help="JUnit test cases")
    parser.add_argument("--runs", type=int, default=5, help="timed runs of each tool")
    parser.add_argument("--quick", action="store_true", help="a smoke test: 2 MB, 2,000 cases, 1 run")
    parser.add_argument("--no-build", action="store_true", help="use the release binaries as they are")
    parser.add_argument("--keep", metavar="DIR", help="generate into DIR and keep the files")
    args = parser.parse_args()
    if args.quick:
        args.mb, args.cases, args.runs = 2, 2_000, 1

    if not os.path.exists(GNU_TIME):
        sys.exit("needs GNU time at /usr/bin/time (apt-get install time)")
    if not args.no_build:
        subprocess.run(["cargo", "build", "--quiet", "--release", "-p", "gates-cli", "-p", "gates-benches"],
                       cwd=ROOT, check=True)
    notes = []
    progress(f"virtualenvs of the peers under {os.path.relpath(VENVS, ROOT)}/")
    peers = {name: peer_environment(name, notes) for name in PEERS}
    gates = os.path.join(RELEASE, "gates")
    folder = args.keep or tempfile.mkdtemp(prefix="gates-bench-")
    os.makedirs(folder, exist_ok=True)
    try:
        progress(f"generating {args.mb} MB of Cobertura and {args.cases:,} test cases, and their shards")
        generated = json.loads(subprocess.run(
            [os.path.join(RELEASE, "gen-reports"), folder, str(args.mb), str(args.cases),
             str(COVERAGE_SHARDS), str(JUNIT_SHARDS)],
            capture_output=True, text=True, check=True).stdout)
        coverage = os.path.join(folder, "coverage.xml")
        junit = os.path.join(folder, "junit.xml")
        coverage_shards = sorted(os.path.join(folder, "coverage-shards", name)
                                 for name in os.listdir(os.path.join(folder, "coverage-shards")))
        junit_shards = sorted(os.path.join(folder, "junit-shards", name)
                              for name in os.listdir(os.path.join(folder, "junit-shards")))
        coverage_policy = write_script(folder, "coverage.toml", '[[gate]]\nmetric = "coverage.lines"\nmin = 0\n')
        junit_policy = write_script(folder, "tests.toml", '[[gate]]\nmetric = "tests.total"\nmin = 0\n')
        patch_policy = write_script(folder, "patch.toml", '[[gate]]\nmetric = "coverage.patch"\nmin = 0\n')
        python = sys.executable
        expected_lines = {key: generated[key] for key in
                          ("lines_valid", "lines_covered", "branches_valid", "branches_covered")}
        expected_tests = {key: generated[key] for key in ("tests", "passed", "failed", "errors", "skipped")}
        coverage_shards_name = f"gates check, {len(coverage_shards)} shards of the same files"
        junit_shards_name = f"gates check, {len(junit_shards):,} shards of the same cases"

        progress("checking every tool's totals")
        # Cobertura: everyone must find the generator's totals before anything is timed.
        gates_cobertura = [gates, "check", "--format", "json", "--policy", coverage_policy]
        line_keys = {f"coverage.{key}": value for key, value in expected_lines.items()}
        gates_metrics(gates_cobertura + [coverage], line_keys, "gates (Cobertura)")
        gates_metrics(gates_cobertura + coverage_shards, line_keys, "gates (Cobertura shards)")
        loop = os.path.join(RELEASE, "quickxml-loop")
        cobertura_tools = [
            Tool("gates check", gates_cobertura + [coverage]),
            Tool(coverage_shards_name, gates_cobertura + coverage_shards),
            Tool("bare quick-xml loop", [loop, coverage]),
            Tool("bare quick-xml loop, white space skipped", [loop, "--skip-white-space", coverage]),
        ]
        for tool in cobertura_tools[2:]:
            check(tool.name, int(run(tool.command)[2]), generated["lines_valid"])
        elementtree = write_script(folder, "et_cobertura.py",
                                   ITERPARSE_COBERTURA.replace("ETREE", "xml.etree.ElementTree"))
        cobertura_tools.append(Tool("Python ElementTree.iterparse", [python, elementtree, coverage]))
        checked_json(cobertura_tools[-1], "ElementTree (Cobertura)", expected_lines)
        if peers["lxml"]:
            script = write_script(folder, "lxml_cobertura.py", ITERPARSE_COBERTURA.replace("ETREE", "lxml.etree"))
            tool = Tool("lxml 6.1.3 etree.iterparse", [os.path.join(peers["lxml"], "python"), script, coverage])
            checked_json(tool, "lxml (Cobertura)", expected_lines)
            cobertura_tools.append(tool)
        if peers["pycobertura"]:
            script = write_script(folder, "pycobertura_rate.py", PYCOBERTURA)
            command = [os.path.join(peers["pycobertura"], "python"), script, coverage]
            found, _ = checked_json(Tool("pycobertura", command + ["--count"]), "pycobertura")
            ratio = expected_lines["lines_covered"] / expected_lines["lines_valid"]
            check("pycobertura line_rate()", found["line_rate"], float(f"{ratio:.4g}"))
            check("pycobertura total_statements()", found["statements"], expected_lines["lines_valid"])
            cobertura_tools.append(Tool("pycobertura 4.1.0 Cobertura(FILE).line_rate()", command))
            notes.append(f"pycobertura's `line_rate()` is the root's `line-rate` attribute (4 significant digits: "
                         f"{found['line_rate']} for {ratio:.6f}), read after lxml parsed the whole report into a "
                         f"tree; the check run also matched `total_statements()` with lines-valid. Its "
                         f"`total_hits()` is not lines-covered: it counts a partly taken branch line as a miss.")

        # JUnit.
        gates_junit = [gates, "check", "--format", "json", "--policy", junit_policy]
        test_keys = {f"tests.{'total' if key == 'tests' else key}": value for key, value in expected_tests.items()}
        gates_metrics(gates_junit + [junit], test_keys, "gates (JUnit)")
        gates_metrics(gates_junit + junit_shards, test_keys, "gates (JUnit shards)")
        junit_tools = [
            Tool("gates check", gates_junit + [junit]),
            Tool(junit_shards_name, gates_junit + junit_shards),
            Tool("bare quick-xml loop", [loop, "--element", "testcase", junit]),
            Tool("quick-xml loop reading every attribute", [loop, "--read-attributes", "--element", "testcase", junit]),
        ]
        for tool in junit_tools[2:]:
            check(tool.name, int(run(tool.command)[2]), generated["tests"])
        script = write_script(folder, "et_junit.py", ELEMENTTREE_JUNIT)
        junit_tools.append(Tool("Python ElementTree.iterparse", [python, script, junit]))
        checked_json(junit_tools[-1], "ElementTree (JUnit)", expected_tests)
        if peers["junitparser"]:
            script = write_script(folder, "junitparser_counts.py", JUNITPARSER)
            tool = Tool("junitparser 5.0.3 JUnitXml.fromfile", [os.path.join(peers["junitparser"], "python"),
                                                                 script, junit])
            checked_json(tool, "junitparser", expected_tests)
            junit_tools.append(tool)
            notes.append("junitparser parses with lxml when it is installed, else with Python's ElementTree; "
                         "its virtualenv has junitparser alone, as `pip install junitparser` leaves it.")

        # Patch coverage: the diffs, gates, and diff-cover in a scratch git repository.
        gates_patch_tools = []
        repository = os.path.join(folder, "repository")
        subprocess.run(["git", "init", "--quiet", repository], check=True)
        diff_cover_rows = []
        for step in (49, 2):
            diff = os.path.join(folder, f"every-{step}.diff")
            files, expected = write_diff(coverage, step, diff)
            command = [gates, "check", "--format", "json", "--policy", patch_policy, "--diff", diff, coverage]
            patch_keys = {f"coverage.{key}": value for key, value in expected.items()}
            gates_metrics(command, patch_keys, f"gates --diff ({files} files)")
            gates_patch_tools.append(Tool(f"gates check --diff ({files:,} files)", command))
            if peers["diff-cover"]:
                out = os.path.join(folder, f"diff-cover-{step}.json")
                command = [os.path.join(peers["diff-cover"], "diff-cover"), coverage, "--diff-file", diff,
                           "--format", f"json:{out}", "--quiet"]
                seconds, _, _ = run(command, repository)
                with open(out) as handle:
                    report = json.load(handle)
                found = {"patch_lines_covered": report["total_num_lines"] - report["total_num_violations"],
                         "patch_lines_valid": report["total_num_lines"]}
                check(f"diff-cover ({files} files)", found, expected)
                runs = fewer_runs(seconds, args.runs)
                name = f"diff-cover 11.0.1 --diff-file ({files:,} files)"
                if runs:
                    name += f", {runs} run{'s' if runs > 1 else ''}"
                    notes.append(f"diff-cover on the {files:,}-file diff took {seconds:.0f} s in its check run, "
                                 f"so it is timed with {runs} run{'s' if runs > 1 else ''}, not {args.runs}.")
                diff_cover_rows.append(Tool(name, command, repository, runs))
        patch_tools = [Tool("gates check", gates_cobertura + [coverage]), *gates_patch_tools, *diff_cover_rows]
        if peers["diff-cover"]:
            notes.append("diff-cover's figures are its `total_num_lines` (changed lines the report lists) and "
                         "`total_num_lines - total_num_violations` (of those, hits above zero), checked equal to "
                         "gates' patch lines valid and covered.")

        progress(f"timing Cobertura: {len(cobertura_tools)} tools")
        cobertura = measure(cobertura_tools, args.runs)
        progress(f"timing JUnit: {len(junit_tools)} tools")
        tests = measure(junit_tools, args.runs)
        progress(f"timing patch coverage: {len(patch_tools)} tools")
        patch = measure(patch_tools, args.runs)
        examples_s = example_check_seconds(gates, max(args.runs, 5))

        coverage_size = generated["coverage_bytes"]
        junit_size = generated["junit_bytes"]
        print(f"Cobertura (coverage.py 7.6.1 shape): {coverage_size:,} bytes, {generated['files']:,} files, "
              f"{generated['lines_valid']:,} lines, "
              f"{generated['branches_valid']:,} branches. JUnit (pytest xunit2): {junit_size:,} bytes, "
              f"{generated['tests']:,} test cases. {args.runs} interleaved run{'s' if args.runs > 1 else ''} per tool after a warm-up; "
              f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}; Python {sys.version.split()[0]}.")
        table(f"Cobertura, {coverage_size / 1e6:.1f} MB", dict.fromkeys(cobertura, coverage_size)
              | {coverage_shards_name: generated["coverage_shard_bytes"]}, cobertura, "gates check")
        table(f"JUnit, {generated['tests']:,} test cases, {junit_size / 1e6:.1f} MB",
              dict.fromkeys(tests, junit_size) | {junit_shards_name: generated["junit_shard_bytes"]},
              tests, "gates check")
        table(f"Patch coverage, the same {coverage_size / 1e6:.1f} MB Cobertura, diffs adding {DIFF_LINES} lines "
              f"per file", coverage_size, patch, "gates check")
        if notes:
            print("\n### Notes\n")
            for note in notes:
                print(f"- {note}")

        gates_s = cobertura["gates check"][0]
        print("\n### Targets (Cobertura)\n")
        target("Python ElementTree / gates", cobertura["Python ElementTree.iterparse"][0] / gates_s, 8, at_least=True)
        target("gates / bare quick-xml loop", gates_s / cobertura["bare quick-xml loop"][0], 1.3)
        print(f"- gates / bare quick-xml loop skipping white space as gates does: "
              f"{gates_s / cobertura['bare quick-xml loop, white space skipped'][0]:.2f}x")
        peak = cobertura["gates check"][2]
        print(f"- gates peak RSS: {peak:.1f} MiB = {peak * 1024 * 1024 / coverage_size:.1%} of the file")
        junit_s, junit_peak = tests["gates check"][0], tests["gates check"][2]
        print("\n### Targets (JUnit)\n")
        target("gates / bare quick-xml loop", junit_s / tests["bare quick-xml loop"][0], 1.3)
        print(f"- gates / quick-xml loop reading every attribute of each `<testcase>`: "
              f"{junit_s / tests['quick-xml loop reading every attribute'][0]:.2f}x")
        target("gates peak RSS", junit_peak, 24, unit=" MiB")
        print("\n### Targets (patch coverage)\n")
        widest = gates_patch_tools[-1].name
        target(f"{widest} / plain gates check", patch[widest][0] / patch["gates check"][0], 1.5)
        print("\n### Targets (shards: time per byte, shards / one file)\n")
        per_byte = (cobertura[coverage_shards_name][0] / generated["coverage_shard_bytes"]) / (gates_s / coverage_size)
        target(f"{len(coverage_shards)} Cobertura shards", per_byte, 1.25)
        per_byte = (tests[junit_shards_name][0] / generated["junit_shard_bytes"]) / (junit_s / junit_size)
        target(f"{len(junit_shards):,} JUnit shards", per_byte, 1.25)
        print("\n### Target (a typical project)\n")
        target("`gates check` of the README's nine example reports, wall, start-up included", examples_s * 1000, 10,
               unit=" ms")
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
