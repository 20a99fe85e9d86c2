"""The benchmark's growth table (issue 18, item 4): p95 at L over p95 at M, for each page's own
cost and for its latencies in the mix, each with its verdict; a profile-only run (the S column)
has no mix."""

import re
from pathlib import Path

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


def test_the_queries_verdict_is_on_the_warm_path_and_the_median_follows():
    scales = {
        "S": {"queries": {"agenda filtré": 8.0, "forum": 1.0}},  # kept before warm counts were
        "M": {
            "queries": {"agenda filtré": 3.0, "forum": 1.0},
            "warm_queries": {"agenda filtré": 1.0, "forum": 1.0},
        },
        "L": {
            "queries": {"agenda filtré": 8.0, "forum": 2.0},
            "warm_queries": {"agenda filtré": 1.0, "forum": 2.0},
        },
    }

    header, _, filtered, forum = bench_module().queries_rows(
        ["agenda filtré", "forum"], scales, ["S", "M", "L"]
    )

    assert (
        header == "| page | warm at S | warm at M | warm at L | | median at S | median at M | median at L |"
    )
    assert filtered == "| agenda filtré | 8 | 1 | 1 | FAIL | 8 | 3 | 8 |"
    assert forum == "| forum | 1 | 1 | 2 | FAIL | 1 | 1 | 2 |"


def test_one_scale_gives_no_verdict():
    scales = {"M": {"queries": {"forum": 1.0}, "warm_queries": {"forum": 1.0}}}

    assert bench_module().queries_rows(["forum"], scales, ["M"])[-1] == "| forum | 1 |  | 1 |"


def test_a_download_is_judged_on_its_first_byte_and_its_whole_time_is_shown_beside():
    json_file = "données ouvertes JSON"
    scales = {
        "M": {"alone_p95": {json_file: 2.0}, "p95": {json_file: 3.0}, "whole_p95": {json_file: 4.6}},
        "L": {"alone_p95": {json_file: 2.0}, "p95": {json_file: 3.3}, "whole_p95": {json_file: 8.7}},
    }
    bench = bench_module()

    assert bench.growth_rows([json_file], scales, "L") == [
        "| données ouvertes JSON (first byte in the mix) "
        "| 2.0 | 2.0 | 1.00 | PASS | 3.0 | 3.3 | 1.10 | PASS |"
    ]
    lines = bench.whole_download_lines(scales, "L")
    assert "| données ouvertes JSON | 4.6 | 8.7 | 1.89 |" in lines
    assert bench.whole_download_lines({"M": {}, "L": {}}, "L") == []


def test_an_ordinary_page_is_still_judged_on_its_whole_time():
    bench = bench_module()

    assert "agenda" not in bench.DOWNLOADS
    assert set(bench.DOWNLOADS) <= {kind for _, kind, _ in _anonymous_kinds(bench)}


def _anonymous_kinds(bench):
    """The mix's anonymous (share, kind, maker) entries, read from the script's source: the download
    kinds must be pages of the mix, by the same names."""
    source = Path(bench.__file__).read_text()
    return [(None, kind, None) for kind in re.findall(r'\(\d+, "([^"]+)", lambda', source)]


def test_a_page_s_own_p95_is_the_lower_of_its_two_passes_and_both_are_kept():
    profiles = {"agenda": {"alone_p95": 11.5, "q": 1}, "forum": {"alone_p95": 3.0}, "absent": None}
    again = {"agenda": {"alone_p95": 5.5}, "forum": {"alone_p95": 3.4}, "absent": None}

    bench_module().lower_alone_p95(profiles, again)

    assert profiles["agenda"] == {"alone_p95": 5.5, "q": 1, "alone_passes": (11.5, 5.5)}
    assert profiles["forum"]["alone_p95"] == 3.0 and profiles["forum"]["alone_passes"] == (3.0, 3.4)
    assert profiles["absent"] is None


def test_a_page_s_own_cost_growing_by_a_millisecond_or_less_passes_and_says_so():
    scales = {
        "M": {"alone_p95": {"CSV": 1.0, "agenda": 4.0, "plancher (témoin)": 0.9}, "p95": {"CSV": 1.0}},
        "L": {"alone_p95": {"CSV": 1.9, "agenda": 6.5, "plancher (témoin)": 1.2}, "p95": {"CSV": 1.9}},
    }
    bench = bench_module()

    rows = bench.growth_rows(["CSV", "agenda"], scales, "L")

    # Alone, 0.9 ms more is within what one request's time resolves; in the mix it is not judged so.
    assert rows[0] == "| CSV | 1.0 | 1.9 | 1.90 | PASS (≤ 1 ms more) | 1.0 | 1.9 | 1.90 | FAIL |"
    assert rows[1] == "| agenda | 4.0 | 6.5 | 1.62 | FAIL | — | — | — | — |"
    control = bench.control_lines(scales, "L")[0]
    assert "0.9 ms at M, 1.2 ms at L, ratio 1.33" in control
    assert bench.control_lines({"M": {}, "L": {}}, "L") == []
