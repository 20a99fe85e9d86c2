"""fragments.want(): an area asked for early (a member's own, by the middleware) is read in the
same round trip as the page's stamps, not in one of its own."""

import pytest
from django.core.signals import request_finished, request_started

from tousvoisins import content_stamp, fragments

pytestmark = pytest.mark.django_db


@pytest.fixture
def in_a_request():
    request_started.send(sender=None)
    yield
    request_finished.send(sender=None)


def test_a_wanted_area_comes_with_the_next_stamps_read(in_a_request):
    area = content_stamp.member(7)
    first = content_stamp.stamp(area)
    fragments.want(area)

    fragments.read_stamps("agenda")
    content_stamp.bump_member(7)  # after the round trip: this request keeps what it read

    assert fragments.request_stamps(area)[area] == first
    assert content_stamp.stamp(area) != first


def test_a_members_area_moves_without_touching_the_visitors_pages():
    site = content_stamp.stamp()
    area = content_stamp.member(7)
    before = content_stamp.stamp(area)

    content_stamp.bump_member(7)

    assert content_stamp.stamp(area) != before
    assert content_stamp.stamp() == site


def test_outside_a_request_nothing_is_remembered():
    fragments.want(content_stamp.member(7))  # no request under way: nothing to add it to

    assert fragments.request_stamps("agenda").keys() == {"agenda", content_stamp.THEMES}


def test_a_wanted_function_is_asked_at_the_read_and_may_add_nothing(in_a_request):
    asked = []

    def area():
        asked.append(True)
        return None

    fragments.want(area)
    assert asked == []  # nothing read yet

    assert fragments.request_stamps("agenda").keys() == {"agenda", content_stamp.THEMES}
    assert asked == [True]
