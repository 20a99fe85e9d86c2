"""The agenda's iCalendar feed reads a bounded number of dates and events, whatever the
agenda's size (Event.objects.ical_feed_stamps, events.ical.feed)."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine

from events.models import Event, Occurrence
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
BYPASS = "HTTP_X_SANS_CACHE"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=PARIS), tick=False) as traveller:
        yield traveller


@pytest.fixture
def uncached(settings):
    """As the benchmark asks: the feed built each time (the VEVENT texts stay kept)."""
    settings.PAGE_CACHE_BYPASS_HEADER = BYPASS


def at(days, hour=14, **fields):
    start = datetime(2026, 11, 26, hour, tzinfo=PARIS) + timedelta(days=days)
    return {"start": start, "end": start + timedelta(hours=2), **fields}


def summaries(response):
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    return [str(component["SUMMARY"]) for component in calendar.walk("VEVENT")]


@pytest.mark.parametrize("events", [4, 16])
def test_the_feed_makes_the_same_queries_at_two_sizes_and_fewer_once_its_texts_are_kept(
    client, django_assert_num_queries, uncached, events
):
    for index in range(events):
        EventFactory(
            title=f"Rencontre {index:02}",
            themes=["emploi"],
            recurrence="FREQ=WEEKLY" if index % 3 == 0 else "",
            **at(1 + index),
        )
    # 1-2. thèmes and intercommunalités for the filters
    # 3. the events to show, soonest first, with their stamps only
    # 4. their VEVENT texts as stored for every worker (events.VeventText): none yet
    # 5. the columns a VEVENT shows, for the events whose text is not kept yet
    # 6-8. those texts stored (a savepoint, one insert, its release)
    with django_assert_num_queries(8):
        first = client.get("/agenda/agenda.ics", HTTP_X_SANS_CACHE="1")
    assert summaries(first) == [f"Rencontre {index:02}" for index in range(events)]
    # Built again: every text is kept, and so are the filters' lists and which events the
    # selection holds (under the agenda's stamp: issue 18): the texts joined, no query.
    with django_assert_num_queries(0):
        again = client.get("/agenda/agenda.ics", HTTP_X_SANS_CACHE="1")
    assert again.content == first.content


def test_a_changed_event_is_written_again_and_the_others_are_kept(client, uncached, frozen_now):
    kept = EventFactory(title="Chorale", **at(2))
    changed = EventFactory(title="Repair café", **at(3))
    assert summaries(client.get("/agenda/agenda.ics", HTTP_X_SANS_CACHE="1")) == ["Chorale", "Repair café"]
    frozen_now.shift(timedelta(minutes=5))
    changed.title = "Repair café du quartier"
    changed.save()
    Event.objects.filter(pk=kept.pk).update(status=Event.Status.CANCELLED)
    response = client.get("/agenda/agenda.ics", HTTP_X_SANS_CACHE="1")
    assert summaries(response) == ["Chorale", "Repair café du quartier"]
    assert b"STATUS:CANCELLED" in response.content


def naive_first_events(occurrences, limit):
    """The events of `occurrences` by their first date, as a person would count them."""
    firsts = {}
    for occurrence in occurrences.order_by("start", "event_id"):
        firsts.setdefault(occurrence.event_id, occurrence.start)
    return sorted(firsts, key=lambda pk: (firsts[pk], pk))[:limit]


@pytest.mark.parametrize("scan", [4, 12, 20, 30, 1000])
def test_the_first_events_are_found_among_the_first_dates_or_else_among_all(monkeypatch, scan):
    """Few dates read when they hold enough events; all the window's dates when a few daily
    events fill them (the same events either way)."""
    monkeypatch.setattr("events.models.event.FEED_LIMIT", 5)
    monkeypatch.setattr("events.models.event.FEED_SCAN", scan)
    for index in range(3):
        EventFactory(title=f"Marche {index}", recurrence="FREQ=DAILY", **at(index, hour=9))
    for index in range(8):
        EventFactory(title=f"Atelier {index}", **at(2 + index * 3))
    EventFactory(title="Passé", **at(-60))
    window = Occurrence.objects.public().between(date(2026, 10, 26), date(2027, 11, 26))
    stamps = list(Event.objects.ical_feed_stamps(window))
    assert [row["pk"] for row in stamps] == naive_first_events(window, 5)
    assert "Passé" not in Event.objects.filter(pk__in=[row["pk"] for row in stamps]).values_list(
        "title", flat=True
    )
