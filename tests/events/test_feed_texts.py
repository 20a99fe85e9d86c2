"""The agenda's iCalendar feeds join VEVENT texts written once for every worker (events.VeventText)
and, built for one request, go out gzip joined from pieces compressed once (issue 18): a client
unpacks exactly the feed as written, whatever the path that served it."""

import gzip
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine
from django.test import Client

from events import ical, views
from events.models import Event, VeventText
from tests.conftest import CAP_ATLANTIQUE
from tests.factories import EventFactory
from tousvoisins import fragments
from tousvoisins.models import Commune, Theme

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
BYPASS = "HTTP_X_SANS_CACHE"
FILTERS = ["", "?theme=emploi", f"?territoire={CAP_ATLANTIQUE}", "?du=01/12/2026&au=10/12/2026", "?q=café"]


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=PARIS), tick=False) as traveller:
        yield traveller


@pytest.fixture
def uncached(settings):
    """As the benchmark asks: the feed built for each request (nothing of the whole feed kept)."""
    settings.PAGE_CACHE_BYPASS_HEADER = BYPASS


@pytest.fixture
def agenda():
    EventFactory(title="Repair café", themes=["emploi"], **at(2))
    EventFactory(
        title="Chorale", themes=["loisirs-culture-sport", "emploi"], recurrence="FREQ=WEEKLY", **at(3)
    )
    EventFactory(title="Balade en bord de mer", insee="44055", **at(5, all_day=True))
    EventFactory(title="Atelier CV", themes=["emploi"], insee="44184", **at(20))
    cancelled = EventFactory(title="Troc de graines", **at(8))
    cancelled.status = Event.Status.CANCELLED
    cancelled.save()


def at(days, hour=14, **fields):
    start = datetime(2026, 11, 26, hour, tzinfo=PARIS) + timedelta(days=days)
    return {"start": start, "end": start + timedelta(hours=2), **fields}


def uncached_feed(client, path, encoding=None):
    headers = {BYPASS: "1"}
    if encoding:
        headers["HTTP_ACCEPT_ENCODING"] = encoding
    response = client.get(f"/agenda/agenda.ics{path}", **headers)
    assert response.status_code == 200
    return response


def unpacked(response):
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(response.content)
    return response.content


def forget_this_process():
    """As a worker that has served nothing yet: no text, no selection, no filters' lists kept."""
    ical._texts.clear()
    fragments.clear()


def summaries(body):
    return sorted(
        str(component["SUMMARY"]) for component in icalendar.Calendar.from_ical(body).walk("VEVENT")
    )


@pytest.mark.parametrize("path", FILTERS)
def test_the_gzip_feed_unpacks_to_the_very_bytes_of_the_plain_one(client, uncached, agenda, path):
    packed = uncached_feed(client, path, "gzip, deflate, br")
    plain = uncached_feed(client, path)
    assert packed["Content-Encoding"] == "gzip"
    assert "Content-Encoding" not in plain
    assert "Accept-Encoding" in packed["Vary"] and "Accept-Encoding" in plain["Vary"]
    assert int(packed["Content-Length"]) == len(packed.content)
    assert gzip.decompress(packed.content) == plain.content
    # Written from nothing (no text kept or stored): the same bytes again.
    forget_this_process()
    VeventText.objects.all().delete()
    assert unpacked(uncached_feed(client, path, "gzip")) == plain.content
    calendar = icalendar.Calendar.from_ical(plain.content)
    assert calendar.walk("VTIMEZONE")
    for component in calendar.walk("VEVENT"):
        assert component["UID"] and component["DTSTART"] and component["SUMMARY"]


def test_the_feed_as_written_whole_is_the_feed_joined(client, uncached, agenda):
    joined = unpacked(uncached_feed(client, "", "gzip"))
    events = (
        Event.objects.public().prefetch_related("themes").select_related("commune").order_by("start", "pk")
    )
    assert joined == ical.calendar(list(events), name="Agenda Tous voisins 44")
    assert summaries(joined) == [
        "Atelier CV",
        "Balade en bord de mer",
        "Chorale",
        "Repair café",
        "Troc de graines",
    ]


def test_gzip_only_for_a_client_that_accepts_it(client, uncached, agenda):
    for encoding in (None, "identity", "deflate", "br"):
        response = uncached_feed(client, "", encoding)
        assert "Content-Encoding" not in response
        assert response.content.startswith(b"BEGIN:VCALENDAR")


def test_the_kept_feed_too_unpacks_to_the_same_bytes_and_answers_304(client, agenda):
    plain = client.get("/agenda/agenda.ics")
    packed = client.get("/agenda/agenda.ics", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert gzip.decompress(packed.content) == plain.content
    for etag in (plain["ETag"], packed["ETag"]):
        again = client.get("/agenda/agenda.ics", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=etag)
        assert again.status_code == 304


def test_an_uncached_feed_answers_304_to_its_etag(client, uncached, agenda):
    first = uncached_feed(client, "", "gzip")
    again = client.get(
        "/agenda/agenda.ics", HTTP_ACCEPT_ENCODING="gzip", HTTP_IF_NONE_MATCH=first["ETag"], **{BYPASS: "1"}
    )
    assert again.status_code == 304
    assert again.content == b""


def test_a_worker_that_served_nothing_yet_reads_the_texts_another_wrote(
    client, uncached, agenda, django_assert_num_queries
):
    first = uncached_feed(client, "?theme=emploi", "gzip")
    assert VeventText.objects.filter(language="fr").count() == 3
    forget_this_process()
    # 1-2. thèmes and intercommunalités for the filters (kept by each process)
    # 3. the events' texts as another worker stored them (the selection is in the shared cache):
    # no event is read, nothing is written
    with django_assert_num_queries(3):
        again = uncached_feed(client, "?theme=emploi", "gzip")
    assert again.content == first.content


def test_a_changed_event_shows_in_the_next_uncached_feed(client, uncached, agenda, frozen_now):
    before = unpacked(uncached_feed(client, "", "gzip"))
    frozen_now.shift(timedelta(minutes=1))
    event = Event.objects.get(title="Repair café")
    event.title = "Repair café du quartier"
    event.save()
    after = unpacked(uncached_feed(client, "", "gzip"))
    assert "Repair café du quartier" in summaries(after)
    assert after == uncached_feed(client, "").content
    assert bytes(VeventText.objects.get(event=event, language="fr").text) in after
    assert before != after


def test_a_renamed_thème_or_commune_is_written_again(client, uncached, agenda):
    uncached_feed(client, "", "gzip")
    theme = Theme.objects.get(slug="emploi")
    theme.name = "Travail"
    theme.save()
    commune = Commune.objects.get(insee="44184")
    commune.name = "Saint-Nazaire-sur-Loire"
    commune.save()
    body = unpacked(uncached_feed(client, "", "gzip"))
    assert b"Saint-Nazaire-sur-Loire" in body
    assert b"CATEGORIES:Travail" in body
    assert body == uncached_feed(client, "").content


def test_a_cancelled_or_unpublished_event_changes_the_next_feed(client, uncached, agenda, frozen_now):
    uncached_feed(client, "", "gzip")
    frozen_now.shift(timedelta(minutes=1))
    # A bulk change, without a save: the stamps read each time tell it.
    Event.objects.filter(title="Chorale").update(status=Event.Status.CANCELLED)
    event = Event.objects.get(title="Repair café")
    event.status = Event.Status.REFUSED
    event.save()
    body = unpacked(uncached_feed(client, "", "gzip"))
    chorale = next(c for c in icalendar.Calendar.from_ical(body).walk("VEVENT") if c["SUMMARY"] == "Chorale")
    assert str(chorale["STATUS"]) == "CANCELLED"
    assert "Repair café" not in summaries(body)


def test_nothing_of_a_member_enters_the_feed(client, uncached, agenda, member, other_member):
    anonymous = unpacked(uncached_feed(client, "", "gzip"))
    # A member's own proposal is theirs to see on their pages, never in a feed.
    EventFactory(title="Idée d'Alice", status=Event.Status.PROPOSED, proposed_by=member, **at(4))
    bodies = []
    for person in (member, other_member):
        signed_in = Client()
        signed_in.force_login(person)
        bodies.append(unpacked(uncached_feed(signed_in, "", "gzip")))
    assert bodies[0] == bodies[1] == unpacked(uncached_feed(client, "", "gzip")) == anonymous
    for person in (member, other_member):
        assert person.email.encode() not in bodies[0]
    assert "Idée" not in bodies[0].decode()


def test_the_open_data_job_writes_the_texts_ahead_and_drops_the_stale_ones(
    client, uncached, agenda, frozen_now
):
    assert ical.prepare_texts() == 5
    assert ical.prepare_texts() == 0
    assert set(VeventText.objects.values_list("language", flat=True)) == {"fr"}
    frozen_now.shift(timedelta(minutes=1))
    changed = Event.objects.get(title="Repair café")
    changed.title = "Repair café du quartier"
    changed.save()
    withdrawn = Event.objects.get(title="Chorale")
    withdrawn.status = Event.Status.REFUSED
    withdrawn.save()
    assert ical.prepare_texts() == 1
    assert not VeventText.objects.filter(event=withdrawn).exists()
    assert b"Repair caf\xc3\xa9 du quartier" in bytes(VeventText.objects.get(event=changed).text)
    # A worker's first feed reads them all: no event read, nothing written.
    forget_this_process()
    written = unpacked(uncached_feed(client, "", "gzip"))
    VeventText.objects.all().delete()
    forget_this_process()
    assert unpacked(uncached_feed(client, "", "gzip")) == written


def test_the_texts_written_ahead_are_those_of_the_feeds_window():
    assert ical.PREPARED_BEFORE == views.FEED_WINDOW_BEFORE
    assert ical.PREPARED_AFTER == views.FEED_WINDOW_AFTER
