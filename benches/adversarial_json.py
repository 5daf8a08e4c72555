#!/usr/bin/env python3
"""Peak memory and time of `gates check` on ~64 MB adversarial JSON reports, one kind at a time.

For every JSON format gates reads (the names are taken from crates/gates-core/src/model/format.rs, and
a format this script has no recipe for is an error), starts from the real report in testdata/ (or
a small report in the documented shape where testdata/ has none) and writes, into a temporary
folder, reports of about --mb megabytes (default 64) that stress a JSON reader:

- `items`: the report's list of findings/packages/lines holds one real item repeated;
- `long-string`: one kept string of the report (a message, a name) is the whole size;
- `skipped-arrays`: a key gates does not read holds millions of empty arrays;
- `skipped-keys`: a key gates does not read holds an object with millions of distinct keys;
- `many-files`: for the reports keyed by file (radon, coverage.py), millions of files;
- `value-arrays`: where a parser keeps a JSON value as it is (Safety's `CVE`, pytest-benchmark's
  `params`), millions of empty arrays;
- `deep`: an array nested deeper than any report (the file is all `[`).

Each report is checked twice, with `--input KIND=FILE` and with the kind told from the content,
as a separate process; wall time is measured here, peak RSS by GNU time (`/usr/bin/time`). A run
past --timeout seconds (default 60) is killed. Prints a Markdown table; the target is under
256 MB and 10 s for every run.

Usage (from the project root, after `cargo build --release -p gates-cli`):
    python3 benches/adversarial_json.py [--mb 64] [--only KIND,...] [--gates target/release/gates]
"""

import argparse
import copy
import json
import os
import re
import signal
import subprocess
import sys
import tempfile
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TARGET_MB = 256
TARGET_S = 10.0

# Formats gates reads that are not JSON.
NOT_JSON = {"cobertura", "jacoco", "lcov", "junit", "mypy", "flake8", "go-cover", "checkstyle", "tap", "trx", "nunit",
            "xunit", "opencover", "clover", "go-bench"}

SAFETY_REPORT = {
    "report_meta": {"safety_version": "3.6.2", "packages_found": 1, "vulnerabilities_found": 1},
    "scanned_packages": {"django": {"name": "django", "version": "4.0.1"}},
    "vulnerabilities": [
        {
            "vulnerability_id": "44742",
            "package_name": "django",
            "ignored": False,
            "analyzed_version": "4.0.1",
            "advisory": "Denial of service",
            "CVE": "CVE-2022-22818",
            "fixed_versions": ["4.0.2"],
        }
    ],
    "ignored_vulnerabilities": [],
}

# kind -> where its report comes from, the path to its list of items (FIRST: the first key of an
# object with something in it), the kept string key of an item, and the item keys a parser keeps as JSON values.
RECIPES = {
    "coveragepy-json": {"fixture": "coveragepy-json/coverage-py.json", "items": ["files", "FIRST", "executed_lines"],
                        "files": ["files"]},
    "bandit": {"fixture": "bandit/bandit.json", "items": ["results"], "string": "issue_text"},
    "sarif": {"fixture": "sarif/bandit.sarif", "items": ["runs", 0, "results"], "string": "ruleId"},
    "lint-sarif": {"fixture": "sarif/eslint.sarif", "items": ["runs", 0, "results"], "string": "ruleId"},
    "security-sarif": {"fixture": "sarif/bandit.sarif", "items": ["runs", 0, "results"], "string": "ruleId"},
    "pip-audit": {"fixture": "pip-audit/pip-audit.json", "items": ["dependencies"], "string": "name"},
    "safety": {"report": SAFETY_REPORT, "items": ["vulnerabilities"], "string": "advisory",
               "values": ["CVE", "ignored", "vulnerability_id"]},
    "radon-cc": {"fixture": "radon/cc.json", "items": ["FIRST"], "string": "name", "files": []},
    "radon-mi": {"fixture": "radon/mi.json", "files": []},
    "radon-raw": {"fixture": "radon/raw.json", "files": []},
    "ruff": {"fixture": "ruff/ruff.json", "items": [], "string": "message"},
    "mypy-json": {"fixture": "mypy/mypy.jsonl", "lines": True, "string": "message"},
    "pylint": {"fixture": "pylint/pylint.json", "items": [], "string": "message"},
    "pytest-benchmark": {"fixture": "pytest-benchmark/baseline.json", "items": ["benchmarks"], "string": "name",
                         "values": ["params", "extra_info"]},
    "pip-licenses": {"fixture": "pip-licenses/pip-licenses.json", "items": [], "string": "License"},
    "cargo-metadata": {"fixture": "cargo-metadata/cargo-metadata.json", "items": ["packages"], "string": "license"},
    "gitleaks": {"fixture": "gitleaks/gitleaks.json", "items": [], "string": "RuleID"},
    "go-test-json": {"fixture": "go-test-json/passing.jsonl", "lines": True, "string": "Output"},
    "cargo-json": {"fixture": "cargo-json/clippy.jsonl", "lines": True, "string": "reason"},
    "eslint": {"fixture": "eslint/eslint.json", "items": [], "string": "filePath"},
    "codeclimate": {"fixture": "codeclimate/eslint-gitlab.json", "items": [], "string": "description"},
    "jest-json": {"fixture": "jest-json/jest.json", "items": ["testResults"], "string": "name"},
    "mocha-json": {"fixture": "mocha-json/mocha.json", "items": ["tests"], "string": "title"},
    "ctrf": {"fixture": "ctrf/jest-ctrf.json", "items": ["results", "tests"], "string": "name"},
    "istanbul-json": {"fixture": "istanbul/coverage-final.json", "files": []},
    "simplecov": {"fixture": "simplecov/merged-coverage.json", "items": ["coverage", "FIRST", "lines"],
                  "files": ["coverage"]},
    "llvm-cov-json": {"fixture": "llvm-cov/tally.json", "items": ["data", 0, "files"], "string": "filename"},
    "npm-audit": {"fixture": "npm-audit/npm-audit-v2.json", "items": ["vulnerabilities", "FIRST", "via"],
                  "string": "title", "files": ["vulnerabilities"]},
    "cargo-audit": {"fixture": "cargo-audit/cargo-audit.json", "items": ["vulnerabilities", "list"]},
    "trivy": {"fixture": "trivy/trivy-fs.json", "items": ["Results", 1, "Vulnerabilities"], "string": "VulnerabilityID"},
    "grype": {"fixture": "grype/grype-dir.json", "items": ["matches"]},
    "osv-scanner": {"fixture": "osv-scanner/osv-scanner.json", "items": ["results", 0, "packages"]},
    "semgrep": {"fixture": "semgrep/semgrep.json", "items": ["results"], "string": "check_id"},
    "trufflehog": {"fixture": "trufflehog/trufflehog.jsonl", "lines": True, "string": "DetectorName"},
    "pip-outdated": {"fixture": "pip-outdated/pip-outdated.json", "items": [], "string": "name"},
    "npm-outdated": {"fixture": "npm-outdated/npm-outdated.json", "files": []},
    "cargo-outdated": {"fixture": "cargo-outdated/cargo-outdated-workspace.json", "lines": True, "string": "crate_name"},
    "cyclonedx": {"fixture": "cyclonedx/trivy-cyclonedx.json", "items": ["vulnerabilities"], "string": "id"},
    "golangci-lint": {"fixture": "golangci-lint/golangci-lint-v2.json", "items": ["Issues"], "string": "Text"},
    "criterion": {"fixture": "criterion/cargo-criterion-base.jsonl", "lines": True, "string": "id"},
    "hyperfine": {"fixture": "hyperfine/baseline.json", "items": ["results"], "string": "command"},
    "google-benchmark": {"fixture": "google-benchmark/base.json", "items": ["benchmarks"], "string": "name"},
    "jmh": {"fixture": "jmh/baseline.json", "items": [], "string": "benchmark"},
    "custom-smaller-is-better": {"fixture": "custom-bench/smaller-base.json", "items": [], "string": "name"},
    "custom-bigger-is-better": {"fixture": "custom-bench/bigger-base.json", "items": [], "string": "name"},
    "bmf": {"fixture": "bmf/base.json", "files": []},
    "benchmarkdotnet": {"fixture": "benchmarkdotnet/LedgerBench-base-report-full.json", "items": ["Benchmarks"],
                        "string": "FullName"},
}

PLACEHOLDER = "@@ADVERSARIAL@@"


def json_kinds():
    """The `--input` names of the JSON formats, from `Format::name` in model/format.rs."""
    with open(os.path.join(ROOT, "crates/gates-core/src/model/format.rs"), encoding="utf-8") as source:
        text = source.read()
    body = text[text.index("pub fn name(self)"):]
    body = body[:body.index("\n    }\n")]
    names = re.findall(r'Format::\w+ => "([a-z0-9-]+)"', body)
    return [name for name in names if name not in NOT_JSON]


def load(recipe):
    if "report" in recipe:
        return copy.deepcopy(recipe["report"])
    path = os.path.join(ROOT, "testdata", recipe["fixture"])
    with open(path, encoding="utf-8") as report:
        if recipe.get("lines"):
            return [json.loads(line) for line in report if line.strip()]
        return json.load(report)


def walk(doc, path):
    """The parent and key of `path` in `doc`; FIRST is the first key whose rest of the path holds
    something. (None, None) for the empty path."""
    if not path:
        return None, None
    step, rest = path[0], path[1:]
    if step == "FIRST":
        step = next(key for key in doc if holds_something(doc[key], rest))
    return walk(doc[step], rest) if rest else (doc, step)


def holds_something(node, path):
    parent, key = walk(node, path)
    return bool(parent[key] if parent is not None else node)


def repeated(item, size):
    """`[item,item,…]` of about `size` bytes."""
    one = item if isinstance(item, bytes) else json.dumps(item).encode()
    count = max(1, size // (len(one) + 1))
    return b"[" + b",".join([one] * count) + b"]"


def empty_arrays(size):
    return b"[" + b",".join([b"[]"] * (size // 3)) + b"]"


def distinct_keys(size):
    count = size // 14
    return b"{" + b",".join(b'"k%d":0' % number for number in range(count)) + b"}"


def long_string(size):
    return b'"' + b"a" * size + b'"'


def dumps(recipe, doc, filler):
    """The report `doc` as bytes, its PLACEHOLDER string replaced by `filler`."""
    if recipe.get("lines"):
        text = b"\n".join(json.dumps(line).encode() for line in doc) + b"\n"
    else:
        text = json.dumps(doc).encode()
    return text.replace(json.dumps(PLACEHOLDER).encode(), filler, 1)


def first_item(recipe, doc):
    """The first kept item of the report (a dict), which a shape may change."""
    if recipe.get("lines"):
        return doc[0]
    parent, key = walk(doc, recipe["items"])
    return parent[key][0] if parent is not None else doc[0]


def unread_slot(recipe, doc):
    """An object of the report where a key gates does not read may go."""
    if recipe.get("files") == []:
        entry = next(iter(doc.values()))
        return entry if isinstance(entry, dict) else entry[0]
    if isinstance(doc, dict):
        return doc
    return first_item(recipe, doc)


def shapes(kind, recipe, size):
    """(shape name, report bytes) for `kind`."""
    if recipe.get("lines"):
        lines = load(recipe)
        one = json.dumps(lines[0]).encode()
        yield "items", b"\n".join([one] * (size // (len(one) + 1))) + b"\n"
    elif "items" in recipe:
        doc = load(recipe)
        parent, key = walk(doc, recipe["items"])
        if parent is None:
            yield "items", repeated(doc[0], size)
        else:
            item = parent[key][0]
            parent[key] = PLACEHOLDER
            yield "items", dumps(recipe, doc, repeated(item, size))

    if "string" in recipe:
        doc = load(recipe)
        first_item(recipe, doc)[recipe["string"]] = PLACEHOLDER
        yield "long-string", dumps(recipe, doc, long_string(size))

    for shape, filler in (("skipped-arrays", empty_arrays), ("skipped-keys", distinct_keys)):
        doc = load(recipe)
        unread_slot(recipe, doc)["x-adversarial"] = PLACEHOLDER
        yield shape, dumps(recipe, doc, filler(size))

    if "files" in recipe:
        doc = load(recipe)
        parent, key = walk(doc, recipe["files"]) if recipe["files"] else (None, None)
        files = parent[key] if parent is not None else doc
        name, entry = next(iter(files.items()))
        one = json.dumps(entry).encode()
        count = size // (len(one) + len(name) + 12)
        body = b"{" + b",".join(b'"%d/%s":%s' % (number, name.encode(), one) for number in range(count)) + b"}"
        if parent is None:
            yield "many-files", body
        else:
            parent[key] = PLACEHOLDER
            yield "many-files", dumps(recipe, doc, body)

    for value_key in recipe.get("values", []):
        doc = load(recipe)
        first_item(recipe, doc)[value_key] = PLACEHOLDER
        yield f"value-arrays ({value_key})", dumps(recipe, doc, empty_arrays(size))

    yield "deep", b"[" * size


def run(gates, args, timeout, rss_file):
    """(exit code or a word, seconds, peak RSS in MB, stderr) of one `gates` process under GNU
    time, whose child starts small: a child forked from this script would count its memory too."""
    command = ["/usr/bin/time", "-f", "%M", "-o", rss_file, gates, *args]
    start = time.monotonic()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        _, stderr = process.communicate(timeout=timeout)
        code = str(process.returncode)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        _, stderr = process.communicate()
        code = "killed"
    seconds = time.monotonic() - start
    with open(rss_file, encoding="utf-8") as written:
        # GNU time writes "Command terminated by signal N" before the figure when it was killed.
        figures = re.findall(r"^(\d+)$", written.read(), re.MULTILINE)
    rss = int(figures[-1]) / 1024 if figures else float("nan")
    return code, seconds, rss, stderr.decode("utf-8", "replace")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--mb", type=int, default=64)
    parser.add_argument("--only", default="", help="comma-separated kinds")
    parser.add_argument("--gates", default=os.path.join(ROOT, "target/release/gates"))
    parser.add_argument("--timeout", type=float, default=60.0)
    options = parser.parse_args()

    kinds = json_kinds()
    missing = [kind for kind in kinds if kind not in RECIPES]
    if missing:
        sys.exit(f"no adversarial recipe for the JSON formats {missing}: add them to RECIPES")
    if options.only:
        kinds = [kind for kind in kinds if kind in options.only.split(",")]
    size = options.mb * 1024 * 1024

    print(f"gates check on ~{options.mb} MB adversarial JSON: exit code, wall seconds, peak RSS MB; "
          f"target under {TARGET_MB} MB and {TARGET_S:g} s\n")
    print("| kind | shape | MB | --input: exit | s | RSS MB | sniffed: exit | s | RSS MB | target |")
    print("|---|---|---:|---|---:|---:|---|---:|---:|---|")
    misses = []
    with tempfile.TemporaryDirectory(prefix="adversarial-json-") as folder:
        for kind in kinds:
            for shape, data in shapes(kind, RECIPES[kind], size):
                path = os.path.join(folder, f"{kind}.json")
                rss_file = os.path.join(folder, "rss")
                with open(path, "wb") as report:
                    report.write(data)
                cells = []
                met = True
                for args in (["check", "--input", f"{kind}={path}"], ["check", path]):
                    code, seconds, rss, stderr = run(options.gates, args, options.timeout, rss_file)
                    if "panicked" in stderr or code not in ("0", "1", "2"):
                        met = False
                    met = met and rss < TARGET_MB  # NaN (no figure) misses too
                    met = met and seconds < TARGET_S
                    cells += [code, f"{seconds:.2f}", f"{rss:.0f}"]
                if not met:
                    misses.append(f"{kind} {shape}")
                print(f"| {kind} | {shape} | {len(data) / 1e6:.0f} | " + " | ".join(cells) +
                      f" | {'yes' if met else 'MISSED'} |", flush=True)
                os.unlink(path)
    print(f"\n{len(misses)} missed the target" + (": " + ", ".join(misses) if misses else ""))
    return 1 if misses else 0


if __name__ == "__main__":
    sys.exit(main())
