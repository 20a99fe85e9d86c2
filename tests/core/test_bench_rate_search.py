"""The benchmark's search for the highest rate of the mix that holds the targets (issue 18,
item 5): doubled until a run fails, then the gap halved."""

import pytest

from tests.core.bench_script import bench_module

pytestmark = pytest.mark.bench


def search(limit, **options):
    tried = []

    def holds(rate):
        tried.append(rate)
        return rate <= limit

    return bench_module().highest_rate(holds, **options), tried


def test_it_doubles_until_a_run_fails_then_halves_the_gap():
    highest, tried = search(137, start=30, halvings=3)
    assert tried == [30, 60, 120, 240, 180, 150, 135]
    assert highest == 135


def test_none_when_even_the_first_rate_fails():
    assert search(20, start=30) == (None, [30])


def test_the_ceiling_stops_the_doubling():
    highest, tried = search(10_000, start=30, ceiling=200)
    assert (highest, tried) == (120, [30, 60, 120])


def test_a_run_is_held_only_with_no_error_and_both_percentiles_within_target():
    bench = bench_module()
    # (page, latency, status, first byte): the whole latency is what the targets hold
    quick = [("agenda", 0.010, 200, 0.002)] * 100
    assert bench.mix_holds(quick)[3]
    assert not bench.mix_holds([*quick[:-1], ("agenda", 0.010, 500, 0.002)])[3]
    slow_tail = [("agenda", 0.010, 200, 0.002)] * 90 + [("agenda", 0.5, 200, 0.002)] * 10
    p95, _p99, errors, held = bench.mix_holds(slow_tail)
    assert (round(p95), errors, held) == (500, 0, False)
