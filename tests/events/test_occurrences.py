"""Dates of events: materialised for twelve months, kept in step, extended by a periodic job."""

import io
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from events.models import Occurrence
from events.services import event_sync_occurrences
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # a Thursday


@pytest.fixture
def traveller():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def local_starts(event):
    return [occurrence.start.astimezone(PARIS) for occurrence in event.occurrences.order_by("start")]


def test_a_single_event_has_exactly_one_date(traveller):
    event = EventFactory(
        start=datetime(2026, 12, 3, 18, tzinfo=PARIS), end=datetime(2026, 12, 3, 20, tzinfo=PARIS)
    )
    assert [(o.start, o.end) for o in event.occurrences.all()] == [(event.start, event.end)]


def test_every_tuesday_at_14_h_keeps_its_hour_across_summer_time(traveller):
    traveller.move_to(datetime(2027, 3, 1, 10, tzinfo=PARIS))
    event = EventFactory(
        start=datetime(2027, 3, 2, 14, tzinfo=PARIS),
        end=datetime(2027, 3, 2, 16, tzinfo=PARIS),
        recurrence="FREQ=WEEKLY;BYDAY=TU",
    )
    starts = {start.date(): start for start in local_starts(event)}
    for day in (date(2027, 3, 23), date(2027, 3, 30), date(2027, 10, 26), date(2027, 11, 2)):
        assert starts[day].time() == time(14, 0)
    # In UTC the hour moves: 13 h before the last Sunday of March, 12 h after, 13 h again in November.
    assert starts[date(2027, 3, 23)].utcoffset() == timedelta(hours=1)
    assert starts[date(2027, 3, 30)].utcoffset() == timedelta(hours=2)
    assert starts[date(2027, 11, 2)].utcoffset() == timedelta(hours=1)
    ends = {o.start.astimezone(PARIS).date(): o.end.astimezone(PARIS) for o in event.occurrences.all()}
    assert ends[date(2027, 3, 30)].time() == time(16, 0)


def test_the_first_saturday_of_each_month(traveller):
    event = EventFactory(
        start=datetime(2026, 12, 5, 10, tzinfo=PARIS),
        end=datetime(2026, 12, 5, 12, tzinfo=PARIS),
        recurrence="FREQ=MONTHLY;BYDAY=1SA",
    )
    days = [start.date() for start in local_starts(event)]
    assert days[:4] == [date(2026, 12, 5), date(2027, 1, 2), date(2027, 2, 6), date(2027, 3, 6)]
    assert len(days) == 12


def test_a_count_limits_the_dates(traveller):
    event = EventFactory(
        start=datetime(2026, 12, 1, 14, tzinfo=PARIS),
        end=datetime(2026, 12, 1, 16, tzinfo=PARIS),
        recurrence="FREQ=WEEKLY;BYDAY=TU;COUNT=3",
    )
    assert [s.date() for s in local_starts(event)] == [
        date(2026, 12, 1),
        date(2026, 12, 8),
        date(2026, 12, 15),
    ]


def test_an_until_date_includes_its_own_day(traveller):
    event = EventFactory(
        start=datetime(2026, 12, 1, 14, tzinfo=PARIS),
        end=datetime(2026, 12, 1, 16, tzinfo=PARIS),
        recurrence="FREQ=WEEKLY;BYDAY=TU;UNTIL=20261222T225959Z",
    )
    assert [s.date() for s in local_starts(event)][-1] == date(2026, 12, 22)
    assert event.occurrences.count() == 4


def test_exception_dates_remove_dates(traveller):
    event = EventFactory(
        start=datetime(2026, 12, 1, 14, tzinfo=PARIS),
        end=datetime(2026, 12, 1, 16, tzinfo=PARIS),
        recurrence="FREQ=WEEKLY;BYDAY=TU;COUNT=4",
        exception_dates=[date(2026, 12, 15)],
    )
    assert [s.date() for s in local_starts(event)] == [
        date(2026, 12, 1),
        date(2026, 12, 8),
        date(2026, 12, 22),
    ]
    event.exception_dates = []
    event.save()
    result = event_sync_occurrences(event)
    assert [o.start.astimezone(PARIS).date() for o in result.created] == [date(2026, 12, 15)]


def test_dates_are_materialised_for_twelve_months(traveller):
    event = EventFactory(
        start=datetime(2026, 12, 1, 14, tzinfo=PARIS),
        end=datetime(2026, 12, 1, 16, tzinfo=PARIS),
        recurrence="FREQ=WEEKLY;BYDAY=TU",
    )
    starts = local_starts(event)
    assert starts[-1] < NOW + timedelta(days=365) <= starts[-1] + timedelta(days=7)
    assert len(starts) == 52


def test_editing_the_rule_keeps_the_dates_that_do_not_move(traveller):
    event = EventFactory(
        start=datetime(2026, 12, 1, 14, tzinfo=PARIS),
        end=datetime(2026, 12, 1, 16, tzinfo=PARIS),
        recurrence="FREQ=WEEKLY;BYDAY=TU",
    )
    tuesdays = dict(event.occurrences.values_list("start", "pk"))
    event.recurrence = "FREQ=WEEKLY;BYDAY=TU,TH"
    event.end = datetime(2026, 12, 1, 17, tzinfo=PARIS)
    event.save()
    result = event_sync_occurrences(event)
    assert len(result.created) == 52 and not result.deleted
    kept = dict(event.occurrences.filter(start__in=tuesdays).values_list("start", "pk"))
    assert kept == tuesdays
    assert {o.end.astimezone(PARIS).time() for o in event.occurrences.all()} == {time(17, 0)}


def test_moving_the_hour_moves_the_future_dates_with_who_comes(traveller):
    event = EventFactory(
        start=datetime(2026, 12, 1, 14, tzinfo=PARIS),
        end=datetime(2026, 12, 1, 16, tzinfo=PARIS),
        recurrence="FREQ=WEEKLY;BYDAY=TU",
    )
    rows = set(event.occurrences.values_list("pk", flat=True))
    event.start, event.end = datetime(2026, 12, 1, 15, tzinfo=PARIS), datetime(2026, 12, 1, 17, tzinfo=PARIS)
    event.save()
    result = event_sync_occurrences(event)
    assert len(result.updated) == 52 and not result.deleted and not result.created
    assert set(event.occurrences.values_list("pk", flat=True)) == rows
    assert {s.time() for s in local_starts(event)} == {time(15, 0)}
    moved = result.updated[0]
    assert (moved.old_start, moved.start) == (
        datetime(2026, 12, 1, 14, tzinfo=PARIS),
        datetime(2026, 12, 1, 15, tzinfo=PARIS),
    )


def test_a_new_day_for_a_recurring_event_replaces_its_dates(traveller):
    event = EventFactory(
        start=datetime(2026, 12, 1, 14, tzinfo=PARIS),
        end=datetime(2026, 12, 1, 16, tzinfo=PARIS),
        recurrence="FREQ=WEEKLY;BYDAY=TU",
    )
    event.start, event.end = datetime(2026, 12, 3, 14, tzinfo=PARIS), datetime(2026, 12, 3, 16, tzinfo=PARIS)
    event.recurrence = "FREQ=WEEKLY;BYDAY=TH"
    event.save()
    result = event_sync_occurrences(event)
    assert len(result.deleted) == 52 and len(result.created) == 52 and not result.updated


def test_a_single_date_moved_to_another_day_keeps_its_row(traveller):
    event = EventFactory(
        start=datetime(2026, 12, 3, 18, tzinfo=PARIS), end=datetime(2026, 12, 3, 20, tzinfo=PARIS)
    )
    row = event.occurrences.get()
    event.start, event.end = datetime(2026, 12, 10, 9, tzinfo=PARIS), datetime(2026, 12, 10, 12, tzinfo=PARIS)
    event.save()
    result = event_sync_occurrences(event)
    assert result.updated == [row] and not result.created and not result.deleted
    assert event.occurrences.get().pk == row.pk
    assert event.occurrences.get().start == datetime(2026, 12, 10, 9, tzinfo=PARIS)


def test_past_dates_of_a_recurring_event_stay_as_history(traveller):
    event = EventFactory(
        start=datetime(2026, 12, 1, 14, tzinfo=PARIS),
        end=datetime(2026, 12, 1, 16, tzinfo=PARIS),
        recurrence="FREQ=WEEKLY;BYDAY=TU",
    )
    first = event.occurrences.earliest("start")
    traveller.move_to(datetime(2026, 12, 10, 10, tzinfo=PARIS))
    event.recurrence = "FREQ=WEEKLY;BYDAY=TU;UNTIL=20261231"
    event.save()
    event_sync_occurrences(event)
    assert event.occurrences.filter(pk=first.pk).exists()
    assert [s.date() for s in local_starts(event)] == [
        date(2026, 12, 1),
        date(2026, 12, 8),
        date(2026, 12, 15),
        date(2026, 12, 22),
        date(2026, 12, 29),
    ]


def test_extend_occurrences_adds_the_new_weeks_and_is_idempotent(traveller):
    event = EventFactory(
        start=datetime(2026, 12, 1, 14, tzinfo=PARIS),
        end=datetime(2026, 12, 1, 16, tzinfo=PARIS),
        recurrence="FREQ=WEEKLY;BYDAY=TU",
    )
    EventFactory(start=datetime(2026, 12, 2, 14, tzinfo=PARIS), end=datetime(2026, 12, 2, 16, tzinfo=PARIS))
    assert event.occurrences.count() == 52
    traveller.move_to(NOW + timedelta(days=28))
    out = io.StringIO()
    call_command("extend_occurrences", stdout=out)
    assert out.getvalue().strip() == "4 date(s) ajoutée(s)."
    assert event.occurrences.count() == 56
    before = sorted(Occurrence.objects.values_list("pk", "start", "end"))
    call_command("extend_occurrences", stdout=out)
    assert sorted(Occurrence.objects.values_list("pk", "start", "end")) == before


def test_a_second_sync_changes_nothing(traveller):
    event = EventFactory(
        start=datetime(2026, 12, 1, 14, tzinfo=PARIS),
        end=datetime(2026, 12, 1, 16, tzinfo=PARIS),
        recurrence="FREQ=MONTHLY;BYDAY=1TU",
    )
    assert not event_sync_occurrences(event).changed
