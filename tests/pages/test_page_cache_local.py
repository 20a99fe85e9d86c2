"""Each process keeps the copies of pages and feeds it served (pages.page_cache.local_copies,
tousvoisins.stamped): a hit reads only the shared stamp; the shared copy when the process lacks
one; never a copy older than the content."""

import pytest
from django.core.cache import cache
from django.test import Client

from events.models import Event
from events.services import event_publish
from pages import page_cache
from tests.factories import EventFactory
from tousvoisins import content_stamp, stamped

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def shared_page_keys():
    return [key for key in cache._cache if ":page:" in key and not key.endswith(":lock")]


def test_a_process_serves_its_own_copy_without_reading_the_shared_one(client):
    EventFactory(title="Atelier couture du lundi")
    assert client.get("/agenda/")[page_cache.HEADER] == "miss"
    # The shared copy is gone (evicted, or never reached this process): this process still has it.
    cache.delete_many([key.split(":", 2)[2] for key in shared_page_keys()])
    page = client.get("/agenda/")
    assert page[page_cache.HEADER] == "hit"
    assert "Atelier couture du lundi" in page.text


def test_another_process_takes_the_shared_copy(client):
    first = client.get("/agenda/")
    page_cache.local_copies().clear()  # as a second server would be
    second = client.get("/agenda/")
    assert second[page_cache.HEADER] == "hit"
    assert second.content == first.content


def test_a_process_copy_is_never_served_after_the_content_changed(client):
    event = EventFactory(title="Jardin partagé des Dervallières", status=Event.Status.PROPOSED)
    assert "Jardin partagé" not in client.get("/agenda/").text
    assert client.get("/agenda/")[page_cache.HEADER] == "hit"
    event_publish(event=event)
    page = client.get("/agenda/")
    assert page[page_cache.HEADER] == "miss"
    assert "Jardin partagé des Dervallières" in page.text


def test_a_process_copy_is_not_served_once_its_time_is_over(client, settings):
    settings.PAGE_CACHE_FRESH_SECONDS = 0
    client.get("/aide/")
    assert client.get("/aide/")[page_cache.HEADER] != "hit"


def test_the_feed_copy_of_a_process_follows_the_stamp():
    reader = Client()
    EventFactory(title="Permanence emploi")
    first = reader.get("/agenda/agenda.ics")
    assert b"Permanence emploi" in first.content
    # Gone from the shared cache: the process's copy answers, byte for byte.
    cache.delete_many(
        [key.split(":", 2)[2] for key in cache._cache if f"stamped:{stamped.FORMAT}:agenda" in key]
    )
    assert reader.get("/agenda/agenda.ics").content == first.content
    content_stamp.bump("agenda")
    EventFactory(title="Atelier CV")
    assert b"Atelier CV" in reader.get("/agenda/agenda.ics").content


@pytest.mark.parametrize(
    "path", ["/agenda/agenda.ics", "/actualites/flux.xml", "/donnees-ouvertes/evenements.json"]
)
def test_feeds_and_files_are_left_to_their_own_cache(client, path):
    # They answer conditional requests (ETag, 304) from tousvoisins.stamped or the open-data
    # files: the page cache neither keeps them nor reads a copy for them.
    client.get(path)
    response = client.get(path)
    assert response.status_code == 200 and page_cache.HEADER not in response
    assert not [key for key in cache._cache if ":page:" in key]
