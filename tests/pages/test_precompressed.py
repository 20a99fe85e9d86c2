"""Kept pages and feeds go out compressed to whoever accepts gzip (tousvoisins.precompressed):
the same bytes once unpacked, a Vary on Accept-Encoding, and nothing personal ever compressed."""

import gzip

import pytest
from django.core.cache import cache

from pages import page_cache
from tousvoisins import stamped
from tests.conftest import PASSWORD, make_user
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def test_a_kept_page_goes_out_compressed_to_a_browser_that_accepts_it(client):
    EventFactory(title="Atelier cuisine du mardi")
    plain = client.get("/agenda/")
    packed = client.get("/agenda/", **GZIP)
    assert packed[page_cache.HEADER] == "hit"
    assert packed["Content-Encoding"] == "gzip"
    assert int(packed["Content-Length"]) == len(packed.content) < len(plain.content)
    assert gzip.decompress(packed.content) == plain.content
    assert "Accept-Encoding" in packed["Vary"] and "Cookie" in packed["Vary"]
    # The same copy, plain, to a client that does not accept gzip.
    again = client.get("/agenda/")
    assert again[page_cache.HEADER] == "hit" and not again.has_header("Content-Encoding")
    assert again.content == plain.content


def test_the_first_visitor_after_a_change_gets_the_page_as_built(client):
    first = client.get("/agenda/", **GZIP)
    assert first[page_cache.HEADER] == "miss"
    assert not first.has_header("Content-Encoding")  # the front server compresses it
    assert client.get("/agenda/", **GZIP)["Content-Encoding"] == "gzip"


def test_nothing_personal_is_ever_compressed_here(client):
    member = make_user("odette")
    assert client.login(username=member.username, password=PASSWORD)
    for path in ("/agenda/", "/contact/", "/"):
        client.get(path, **GZIP)
        response = client.get(path, **GZIP)
        assert response.status_code == 200
        assert not response.has_header("Content-Encoding"), path


def test_a_page_with_a_form_is_never_compressed_here(client):
    client.get("/contact/", **GZIP)
    assert not client.get("/contact/", **GZIP).has_header("Content-Encoding")


def test_a_kept_feed_goes_out_compressed_with_a_weak_validator(client):
    EventFactory(title="Permanence emploi")
    plain = client.get("/agenda/agenda.ics")
    packed = client.get("/agenda/agenda.ics", **GZIP)
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    assert packed["ETag"] == f"W/{plain['ETag']}"
    # A calendar app asking again with the weak validator gets "not modified".
    assert client.get("/agenda/agenda.ics", HTTP_IF_NONE_MATCH=packed["ETag"], **GZIP).status_code == 304


def test_a_kept_feed_holds_its_gzip_copy_alone_and_serves_it_plain_too(client):
    EventFactory(title="Permanence emploi")
    built = client.get("/agenda/agenda.ics")
    (key,) = [key for key in cache._cache if f"stamped:{stamped.FORMAT}:" in key]
    content, _headers, packed = cache.get(key.split(":", 2)[2])
    # A worker's first request for a feed reads it from the shared cache: the small copy only.
    assert content is None and gzip.decompress(packed) == built.content
    again = client.get("/agenda/agenda.ics")
    assert not again.has_header("Content-Encoding") and again["Content-Length"] == str(len(built.content))
    assert again.content == built.content and b"Permanence emploi" in again.content
    assert client.get("/agenda/agenda.ics", **GZIP).content == packed


def test_the_bench_uncached_measure_builds_and_keeps_nothing(client, settings):
    settings.PAGE_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_UNCACHED"
    EventFactory(title="Permanence emploi")
    built = client.get("/agenda/agenda.ics", HTTP_X_BENCH_UNCACHED="1", **GZIP)
    # Gzip all the same: joined from the events' pieces compressed once (events.ical), not
    # compressed on the request; the same bytes as the plain feed once unpacked.
    assert built["Content-Encoding"] == "gzip"
    plain = client.get("/agenda/agenda.ics", HTTP_X_BENCH_UNCACHED="1")
    assert b"Permanence emploi" in plain.content and not plain.has_header("Content-Encoding")
    assert gzip.decompress(built.content) == plain.content
    assert not [key for key in cache._cache if "stamped:" in key]
