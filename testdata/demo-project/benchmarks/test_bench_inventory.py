"""pytest-benchmark benchmarks of the inventory package.

Each benchmark repeats a fixed unit of work round(units * GATES_BENCH_SLOWDOWN) times
(default factor 1.0), so a factor of 1.15 makes it about 15 % slower, up to timing noise.
Every unit count is a multiple of 20, so 0.7, 1.05, 1.15 and 1.3 give whole numbers of units
(14, 21, 23, 26 per 20): the work ratios are exact, with no rounding.
The work is CPU work on the package's own functions, never a sleep.
Not part of the ordinary test run (testpaths = ["tests"]): run with `pytest benchmarks`.
"""

import os

import pytest

from inventory.csvparse import export, parse_lines
from inventory.ledger import Ledger
from inventory.pricing import bulk_quote, grade

FACTOR = float(os.environ.get("GATES_BENCH_SLOWDOWN", "1.0"))

LINES = [f"SKU-{i};{i % 50 + 1};{i % 17 + 0.5:.2f}" for i in range(100)]
QUOTE = [(1.0 + i % 13, i % 120) for i in range(100)]


def repeat(unit, units, *args):
    """Runs `unit(*args)` round(units * FACTOR) times; the time scales with the factor."""
    result = None
    for _ in range(max(1, round(units * FACTOR))):
        result = unit(*args)
    return result


def parse_and_export(lines):
    rows, errors = parse_lines(lines)
    assert not errors
    return export(rows)


def quote_and_grade(lines):
    total = bulk_quote(lines, "eu", member=True)
    return total, [grade(i / 100 - 0.1) for i in range(100)]


def fill_ledger(count):
    ledger = Ledger()
    for i in range(count):
        ledger.receive(f"SKU-{i % 20}", 5)
        ledger.ship(f"SKU-{i % 20}", 2)
    return ledger


def test_parse_and_export(benchmark):
    out = benchmark(repeat, parse_and_export, 20, LINES)
    assert out.count("\n") == len(LINES) - 1


def test_bulk_quote(benchmark):
    total, grades = benchmark(repeat, quote_and_grade, 40, QUOTE)
    assert total > 0 and grades[-1] == "A"


@pytest.mark.benchmark(group="ledger")
def test_fill_ledger(benchmark):
    ledger = benchmark(repeat, fill_ledger, 20, 160)
    assert ledger.balance("SKU-0") == 24
