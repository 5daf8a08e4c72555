#!/usr/bin/env python3
"""Run two gates binaries over every report under the given folders, in every output format, and
over the whole runs listed in same-outputs.pipelines; list every difference of stdout, stderr or
exit code. For a change that must not change behaviour (a restructuring):

    git worktree add /tmp/before main && (cd /tmp/before && cargo build --release -p gates-cli)
    cargo build --release -p gates-cli
    python3 tools/same-outputs.py /tmp/before/target/release/gates target/release/gates testdata

Run from the repository root; exits 1 when any run differs."""
import os, subprocess, sys, tempfile, shutil

old, new = sys.argv[1], sys.argv[2]
roots = sys.argv[3:]
FORMATS = ["table", "json", "markdown", "sarif", "junit", "codeclimate"]
SKIP_EXT = {".md", ".sh", ".py", ".toml", ".txt.license", ".cfg", ".ini", ".lock"}

def files():
    for root in roots:
        for dirpath, _, names in os.walk(root):
            if "/." in dirpath or "node_modules" in dirpath or "__pycache__" in dirpath:
                continue
            for name in sorted(names):
                path = os.path.join(dirpath, name)
                if os.path.splitext(name)[1] in SKIP_EXT or name.startswith("README"):
                    continue
                if os.path.getsize(path) > 20_000_000:
                    continue
                yield path

def run(binary, args, cwd):
    env = {k: v for k, v in os.environ.items() if not k.startswith("GITHUB") and k not in ("CI", "GITLAB_CI")}
    env["NO_COLOR"] = "1"
    p = subprocess.run([binary] + args, capture_output=True, cwd=cwd, env=env, timeout=120)
    return p.returncode, p.stdout, p.stderr

cases = []
for path in files():
    for fmt in FORMATS:
        cases.append(["check", path, "--format", fmt])
here = os.getcwd()
extra = [line.split() for line in open(os.path.join(os.path.dirname(__file__), "same-outputs.pipelines")) if line.strip() and not line.startswith("#")]
cases += extra
diffs = 0
for args in cases:
    a = run(old, args, here)
    b = run(new, args, here)
    if a != b:
        diffs += 1
        print("DIFF", " ".join(args))
        for label, x, y in (("rc", a[0], b[0]), ("stdout", a[1], b[1]), ("stderr", a[2], b[2])):
            if x != y:
                print(f"  {label}: old={str(x)[:300]!r}\n          new={str(y)[:300]!r}")
print(f"{len(cases)} runs, {diffs} differ")
sys.exit(1 if diffs else 0)
