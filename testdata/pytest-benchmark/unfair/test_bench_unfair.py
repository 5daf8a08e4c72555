"""Two benchmarks whose timing setup is chosen from the environment, to make a pair of runs that
is not a fair comparison: the same work, timed with different iterations per round.

GATES_BENCH_ITERATIONS sets test_pedantic_sum's iterations per round (pedantic mode, 10 rounds);
test_calibrated_sort is calibrated by pytest-benchmark itself.
"""

import os

ITERATIONS = int(os.environ.get("GATES_BENCH_ITERATIONS", "1"))
NUMBERS = [(i * 7919) % 1009 for i in range(2000)]


def total_of_squares():
    return sum(n * n for n in NUMBERS)


def test_pedantic_sum(benchmark):
    result = benchmark.pedantic(total_of_squares, iterations=ITERATIONS, rounds=10)
    assert result == sum(n * n for n in NUMBERS)


def test_calibrated_sort(benchmark):
    result = benchmark(sorted, NUMBERS)
    assert result[0] == 0
