"""Kept feeds answered before the rest of the middleware (tousvoisins.stamped.StampedFeedMiddleware):
the same answer as the view's, only for readers without a session, and never a stale one."""

import pytest
from django.conf import settings
from django.test import override_settings

from tests.factories import EventFactory
from tests.factories.news import NewsItemFactory

pytestmark = pytest.mark.django_db

FEEDS = ["/agenda/agenda.ics?theme=emploi", "/actualites/flux.xml"]
reached = []


class RecordingMiddleware:
    """Placed right after StampedFeedMiddleware: the requests it lets through."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        reached.append(request.get_full_path())
        return self.get_response(request)


@pytest.fixture
def recorded():
    middleware = list(settings.MIDDLEWARE)
    at = middleware.index("tousvoisins.stamped.StampedFeedMiddleware") + 1
    middleware.insert(at, f"{__name__}.RecordingMiddleware")
    reached.clear()
    with override_settings(MIDDLEWARE=middleware):
        yield reached


@pytest.fixture
def content():
    EventFactory(title="Atelier emploi du mardi", themes=["emploi"])
    NewsItemFactory(title="La médiathèque rouvre")


def _headers(response):
    return {name: value for name, value in response.items() if name != "X-Request-ID"}


@pytest.mark.parametrize("path", FEEDS)
def test_a_kept_feed_is_answered_early_with_the_view_s_own_answer(client, content, recorded, path):
    built = client.get(path, headers={"Accept-Encoding": "gzip"})
    assert recorded == [path]

    early = client.get(path, headers={"Accept-Encoding": "gzip"})

    assert recorded == [path]  # the second never went past StampedFeedMiddleware
    assert early.status_code == 200
    assert early.content == built.content
    assert _headers(early) == _headers(built)
    assert early["X-Frame-Options"] == "DENY" and early["Content-Encoding"] == "gzip"


@pytest.mark.parametrize("path", FEEDS)
def test_a_reader_asking_again_gets_a_304_early(client, content, recorded, path):
    first = client.get(path)

    again = client.get(path, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 304
    assert recorded == [path]


def test_a_change_goes_on_to_the_view_and_shows_at_once(client, content, recorded):
    path = "/agenda/agenda.ics?theme=emploi"
    first = client.get(path)
    EventFactory(title="Café des parents", themes=["emploi"])

    again = client.get(path, headers={"If-None-Match": first["ETag"]})

    assert again.status_code == 200
    assert "Café des parents" in again.content.decode()
    assert recorded == [path, path]
    client.get(path)
    assert recorded == [path, path]  # kept again, answered early again


def test_a_member_and_an_uncached_measure_go_through_the_whole_stack(client, content, recorded, member):
    path = "/actualites/flux.xml"
    client.get(path)
    client.force_login(member)

    signed_in = client.get(path)

    assert signed_in.status_code == 200
    assert recorded == [path, path]
    client.logout()
    with override_settings(PAGE_CACHE_BYPASS_HEADER="HTTP_X_BENCH_UNCACHED"):
        client.get(path, headers={"X-Bench-Uncached": "1"})
    assert recorded[-1] == path and len(recorded) == 3


def test_a_path_never_kept_goes_on_to_the_view(client, content, recorded):
    client.get("/agenda/agenda.ics?theme=pas-un-theme")
    client.get("/agenda/agenda.ics?theme=pas-un-theme")

    assert recorded == ["/agenda/agenda.ics?theme=pas-un-theme"] * 2
