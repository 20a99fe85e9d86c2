"""The benchmark counts as an error any answer but 200: a redirect to the sign-in or to the
second-factor set-up would otherwise be measured as if it were the page."""

import pytest

from tests.core.bench_script import BENCH, bench_module

pytestmark = pytest.mark.bench


@pytest.mark.parametrize("status", [301, 302, 304, 403, 404, 429, 500, 503, 599])
def test_anything_but_200_is_an_error(status):
    assert bench_module().is_error(status)


def test_a_page_served_is_not_an_error():
    assert not bench_module().is_error(200)


def test_the_report_and_the_loops_all_count_errors_the_same_way():
    source = BENCH.read_text()
    assert ">= 400" not in source
    assert source.count("is_error(") >= 4
