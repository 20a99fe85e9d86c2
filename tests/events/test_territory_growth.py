"""The agenda of one intercommunalité (the filtered list, the printable agenda) walks that
territory's own dates in order (Occurrence.intercommunalite, kept by the database's triggers, and
occurrence_territory_idx), so it reads about the dates it shows however many the rest of the
département has. Before, the dates of the whole département were walked in order and each one's
event checked: at the benchmark's L size, 14,000 dates read for 20 shown."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Occurrence
from tests.core.plans import analyze, plan_of, rows_read
from tests.factories import EventFactory
from tousvoisins import fragments
from tousvoisins.models import Commune, Intercommunalite
from tousvoisins.places import locate_event

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOZAY = "244400537"  # the intercommunalité of Nozay (commune 44113)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=PARIS), tick=False):
        yield


def many_dates(event, count, *, every=timedelta(hours=6), first_day=1):
    """`count` more dates of `event`, written in bulk (as the importers and the seeding do)."""
    # In UTC: an hour added to a local time may land in the hour skipped in March.
    start = datetime(2026, 11, 26, 8, tzinfo=UTC) + timedelta(days=first_day)
    Occurrence.objects.bulk_create(
        Occurrence(event=event, start=start + index * every, end=start + index * every + timedelta(hours=1))
        for index in range(count)
    )


def agenda_of_nozay(elsewhere):
    """A regular event in Nozay with 300 dates, and `elsewhere` dates in Nantes at the same times."""
    nozay = EventFactory(title="Tricot à Nozay", insee="44113", occurrences=False)
    many_dates(nozay, 300, every=timedelta(hours=12))
    nantes = EventFactory(title="Café à Nantes", insee="44109", occurrences=False)
    many_dates(nantes, elsewhere, every=timedelta(days=150) / elsewhere)
    analyze("events_occurrence", "events_event", "events_event_themes")
    return Intercommunalite.objects.get(siren=NOZAY)


def test_every_date_carries_its_events_territory_also_when_written_in_bulk_or_moved():
    event = EventFactory(title="Marche", insee="44109", occurrences=False)
    many_dates(event, 3)
    nantes_metropole = Commune.objects.get(insee="44109").intercommunalite
    assert set(event.occurrences.values_list("intercommunalite", flat=True)) == {nantes_metropole.pk}
    event.point = None
    event.commune = Commune.objects.get(insee="44113")
    locate_event(event, geocode=False)
    event.save()
    assert set(event.occurrences.values_list("intercommunalite", flat=True)) == {
        Intercommunalite.objects.get(siren=NOZAY).pk
    }


def test_a_moved_event_leaves_the_agenda_of_its_former_territory(client):
    event = EventFactory(title="Repair café", insee="44109")
    assert "Repair café" in client.get("/agenda/?territoire=244400404").content.decode()
    event.point = None
    event.commune = Commune.objects.get(insee="44113")
    locate_event(event, geocode=False)
    event.save()
    assert "Repair café" not in client.get("/agenda/?territoire=244400404").content.decode()
    assert "Repair café" in client.get(f"/agenda/?territoire={NOZAY}").content.decode()
    assert "Repair café" in client.get(f"/agenda/imprimer/{NOZAY}/").content.decode()


@pytest.mark.parametrize("elsewhere", [2000, 8000])
def test_a_territorys_first_page_reads_its_own_dates_only(elsewhere):
    territory = agenda_of_nozay(elsewhere)
    page = Occurrence.objects.public().in_territory(territory).upcoming().for_list()[:20]
    assert {occurrence.event.title for occurrence in page} == {"Tricot à Nozay"}
    plan = plan_of(page)
    # The twenty dates shown and the few the index walk passes over; never the thousands of
    # dates of Nantes that come at the same times, nor all 300 of Nozay.
    assert rows_read(plan, "events_occurrence") <= 40, plan


def test_the_filtered_agenda_makes_the_same_queries_at_two_sizes(client):
    territory = agenda_of_nozay(500)
    fragments.clear()  # both requests render their rows (tousvoisins.fragments)
    with CaptureQueriesContext(connection) as small:
        first = client.get(f"/agenda/?territoire={territory.siren}")
    nantes = EventFactory(title="Atelier à Nantes", insee="44109", occurrences=False)
    many_dates(nantes, 4000, every=timedelta(minutes=90))
    analyze("events_occurrence")
    fragments.clear()
    with CaptureQueriesContext(connection) as large:
        second = client.get(f"/agenda/?territoire={territory.siren}")
    assert first.status_code == second.status_code == 200
    assert len(large.captured_queries) == len(small.captured_queries)
