"""The month grid ranks the dates of its month reading nothing of their events (whether each is
public is the date's own copy, Occurrence.is_public), and reads the rows of the few events it
shows: at the benchmark's L size its one query read the rows of 94,000 public events to rank one
month."""

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Event, Occurrence
from tests.core.plans import analyze, plan_of, rows_read
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
IN_MONTH = 40


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=PARIS), tick=False):
        yield


def seed(others):
    """IN_MONTH events with a date in December 2026, and `others` events dated other months."""
    model = EventFactory(occurrences=False)
    fields = {
        name: getattr(model, name)
        for name in ("summary", "description", "place_name", "address", "organiser_name", "point")
    }
    fields |= {"commune_id": model.commune_id, "intercommunalite_id": model.intercommunalite_id}
    december = datetime(2026, 12, 3, 9, tzinfo=UTC)
    other_month = datetime(2027, 3, 3, 9, tzinfo=UTC)
    events = Event.objects.bulk_create(
        Event(
            title=f"Rencontre {index}",
            slug=f"rencontre-{index}",
            start=(december if index < IN_MONTH else other_month) + timedelta(minutes=index % 24),
            end=(december if index < IN_MONTH else other_month) + timedelta(minutes=index % 24 + 60),
            status=Event.Status.PUBLISHED,
            **fields,
        )
        for index in range(IN_MONTH + others)
    )
    Occurrence.objects.bulk_create(
        Occurrence(event=event, start=event.start, end=event.end) for event in events
    )
    analyze("events_event", "events_occurrence")


def december():
    return Occurrence.objects.public().for_month(date(2026, 12, 1), date(2026, 12, 31), per_day=4)


@pytest.mark.parametrize("others", [1500, 6000])
def test_the_month_grid_reads_no_event_row_to_rank_a_month(others):
    seed(others)
    with CaptureQueriesContext(connection) as captured:
        dates = december()
    # 1. the month's first dates of each day and their totals; 2. the events of those dates
    assert len(captured.captured_queries) == 2
    assert len(dates) == 4  # 40 dates on one day: the first four shown…
    assert {shown.day_total for shown in dates} == {IN_MONTH}  # …and "et 36 autres"
    ranking = plan_of(captured.captured_queries[0]["sql"])
    assert rows_read(ranking, "events_occurrence") <= IN_MONTH + 2, ranking
    # The ranking reads no event: their titles and the rest are read for the dates kept, in the
    # second query.
    assert rows_read(ranking, "events_event") == 0, ranking
    events = plan_of(captured.captured_queries[1]["sql"])
    assert rows_read(events, "events_event") <= 4, events


def test_a_date_begun_last_month_shows_on_the_first_with_the_days_total():
    event = EventFactory(occurrences=False)
    Occurrence.objects.create(
        event=event, start=datetime(2026, 11, 30, 9, tzinfo=UTC), end=datetime(2026, 12, 2, 9, tzinfo=UTC)
    )
    [shown] = december()
    assert shown.grid_day == date(2026, 12, 1)
    assert shown.day_total == 1
    assert shown.event.title == event.title
