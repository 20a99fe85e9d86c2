"""The agenda list's dates, grouped by day, kept per selection and page for every worker
(events.views.days_html): a worker that has not shown a selection yet reads its dates from the
shared cache rather than rendering their rows, and the next request shows a change at once.
Another worker is played by fragments.clear(), which forgets this process's own copies."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from events.models import Event
from events.services import event_publish
from tests.conftest import NANTES_METROPOLE
from tests.factories import EventFactory
from tousvoisins import fragments

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # Thursday 26 November 2026
SELECTION = f"/agenda/?territoire={NANTES_METROPOLE}&theme=emploi"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def at(day, hour, **fields):
    start = datetime(2026, 11, day, hour, tzinfo=PARIS)
    return {"start": start, "end": start + timedelta(hours=2), **fields}


def results(response):
    assert response.status_code == 200
    page = response.content.decode()
    return page[page.index('id="resultats"') : page.index('class="agenda__subscribe"')]


@pytest.fixture
def dates():
    for index in range(6):
        day = 26 + index % 3
        EventFactory(title=f"Café-emploi n° {index}", themes=["emploi"], insee="44109", **at(day, 14))


def test_another_worker_reads_the_dates_without_rendering_a_row(client, dates, django_assert_num_queries):
    first = results(client.get(SELECTION))
    assert "Aujourd'hui, jeudi 26 novembre 2026" in first
    assert "Demain, vendredi 27 novembre 2026" in first
    assert first.count("Café-emploi n° ") == 6
    fragments.clear()

    # The thèmes and intercommunalités of the filter form, then its selection; the count, the
    # page's dates and their rows grouped by day come from the shared cache.
    with django_assert_num_queries(2):
        again = results(client.get(SELECTION))
    assert again == first


def test_an_event_published_shows_on_the_next_request_in_every_worker(client, dates):
    assert "Atelier CV du vendredi" not in results(client.get(SELECTION))
    event = EventFactory(
        title="Atelier CV du vendredi",
        themes=["emploi"],
        insee="44109",
        status=Event.Status.PROPOSED,
        **at(27, 9),
    )
    assert "Atelier CV du vendredi" not in results(client.get(SELECTION))

    event_publish(event=event)

    assert "Atelier CV du vendredi" in results(client.get(SELECTION))
    fragments.clear()
    assert "Atelier CV du vendredi" in results(client.get(SELECTION))


def test_an_empty_selection_says_so_and_suggests_fewer_filters(client, dates):
    page = results(client.get(f"/agenda/?territoire={NANTES_METROPOLE}&theme=logement"))
    assert "Aucune rencontre ne correspond à votre recherche pour le moment." in page
    assert "voyez toutes les rencontres" in page
    assert "agenda-day" not in page
