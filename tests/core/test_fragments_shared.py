"""fragments.kept(shared=True): what is dear to build is built by one process and read by the
others from the shared cache, no longer than it had left, and built again when its stamps change.
Another process is played by fragments.clear(), which forgets this process's own copies."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tousvoisins import content_stamp, fragments

pytestmark = pytest.mark.django_db
NOW = datetime(2026, 11, 26, 10, tzinfo=ZoneInfo("Europe/Paris"))


@pytest.fixture
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


class Builder:
    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return f"copie {self.calls}"


def keep(build, *, shared=True, seconds=60):
    return fragments.kept("test:shared", build, areas=("agenda",), key="k", seconds=seconds, shared=shared)


def test_a_shared_copy_is_built_once_for_every_process():
    build = Builder()
    assert keep(build) == "copie 1"
    fragments.clear()  # another process

    assert keep(build) == "copie 1"
    assert build.calls == 1


def test_a_copy_that_is_not_shared_is_built_by_each_process():
    build = Builder()
    keep(build, shared=False)
    fragments.clear()

    assert keep(build, shared=False) == "copie 2"


def test_a_shared_copy_is_built_again_when_its_area_changes():
    build = Builder()
    keep(build)

    content_stamp.bump("agenda")

    assert keep(build) == "copie 2"


def test_a_process_keeps_a_shared_copy_no_longer_than_it_had_left(frozen_now):
    build = Builder()
    keep(build, seconds=60)
    frozen_now.shift(timedelta(seconds=50))
    fragments.clear()
    assert keep(build, seconds=60) == "copie 1"  # read with 10 seconds left

    frozen_now.shift(timedelta(seconds=11))

    assert keep(build, seconds=60) == "copie 2"


def test_the_lifetime_may_come_from_the_value_built(frozen_now):
    def build():
        return {"until": NOW.timestamp() + 30}

    keep(build, seconds=lambda value: value["until"] - NOW.timestamp())
    frozen_now.shift(timedelta(seconds=31))
    fragments.clear()
    built_again = Builder()

    assert keep(built_again) == "copie 1"
