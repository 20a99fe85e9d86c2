"""The benchmark's growth table (issue 18, item 4): p95 at L over p95 at M, for each page's own
cost and for its latencies in the mix, each with its verdict; a profile-only run (the S column)
has no mix."""

import pytest

from tests.core.bench_script import bench_module

pytestmark = pytest.mark.bench


def test_each_page_gets_both_ratios_with_their_verdicts():
    scales = {
        "M": {"alone_p95": {"agenda": 10.0, "forum": 4.0}, "p95": {"agenda": 20.0, "forum": 8.0}},
        "L": {"alone_p95": {"agenda": 12.0, "forum": 8.0}, "p95": {"agenda": 40.0, "forum": 8.0}},
    }

    rows = bench_module().growth_rows(["agenda", "forum"], scales, "L")

    assert rows == [
        "| agenda | 10.0 | 12.0 | 1.20 | PASS | 20.0 | 40.0 | 2.00 | FAIL |",
        "| forum | 4.0 | 8.0 | 2.00 | FAIL | 8.0 | 8.0 | 1.00 | PASS |",
    ]


def test_a_page_measured_at_one_scale_only_is_left_out_and_a_missing_mix_shows_dashes():
    scales = {
        "M": {"alone_p95": {"agenda": 10.0, "new page": 3.0}, "p95": {}},
        "L": {"alone_p95": {"agenda": 14.0}},
    }

    rows = bench_module().growth_rows(["agenda", "new page"], scales, "L")

    assert rows == ["| agenda | 10.0 | 14.0 | 1.40 | PASS | — | — | — | — |"]
