"""An adversarial evaluation of inventory.csvparse.parse_line, as a project's own script would be.

Each case is a hostile stock line and whether a robust parser must reject it. A case passes when
parse_line rejects what must be rejected (ValueError) and reads what must be read. Writes
results.json: {"summary": {"cases", "passed", "pass_rate", "pass_rate_text"}, "cases": [...]}.
Run from this folder: python3 adversarial_eval.py
"""

import json
import pathlib
import sys

HERE = pathlib.Path(__file__).parent
sys.path.insert(0, str(HERE.parent / "demo-project"))

from inventory.csvparse import parse_line  # noqa: E402

CASES = [
    ("SKU-1;12;4.50", False),
    ("  SKU-2 ; 3 ; 1.25  ", False),
    ("SKU-3;0;0", False),
    ("SKU-4;-5;4.50", True),  # negative stock
    ("SKU-5;12;-4.50", True),  # negative price
    ("SKU-6;12;nan", True),
    ("SKU-7;12;inf", True),
    ("SKU-8;1e3;4.50", True),  # quantity not a whole number as written
    ("SKU-9;12;4.50;extra", True),
    (";12;4.50", True),
    ("SKU-10;;4.50", True),
    ("SKU-11;12;", True),
    ("SKU\x00-12;12;4.50", True),  # control character in the SKU
    ("SKU-13;99999999999999999999;4.50", True),  # absurd quantity
    ("SKU-14;12;4,50", True),  # decimal comma
    ("SKU-15;12;1_000.5", True),  # Python digit grouping
]


def run(text, must_reject):
    try:
        parsed = parse_line(text)
    except ValueError as error:
        return must_reject, f"rejected: {error}"
    return not must_reject, f"read as {parsed!r}"


cases = []
for text, must_reject in CASES:
    passed, outcome = run(text, must_reject)
    cases.append({"input": text, "must_reject": must_reject, "passed": passed, "outcome": outcome})
passed = sum(case["passed"] for case in cases)
rate = 100.0 * passed / len(cases)
summary = {"cases": len(cases), "passed": passed, "pass_rate": rate, "pass_rate_text": f"{rate:.2f}%"}
(HERE / "results.json").write_text(json.dumps({"summary": summary, "cases": cases}, indent=2) + "\n")
print(json.dumps(summary))
