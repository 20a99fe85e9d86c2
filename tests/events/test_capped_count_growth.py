"""The agenda's capped count (tousvoisins.pagination.CappedPaginator) stops after the rows it
needs: "more than 50 pages" is known from any 1,001 matching dates, without finding and sorting
every one (at the benchmark's L size, /agenda/?q=atelier+cuisine sorted 30,000 dates to count
1,001)."""

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Occurrence
from tests.core.plans import analyze, plan_of, rows_read
from tests.factories import EventFactory
from tousvoisins.pagination import CappedPaginator

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=PARIS), tick=False):
        yield


@pytest.mark.parametrize("dates", [600, 2400])
def test_the_count_reads_no_more_dates_than_its_cap(monkeypatch, dates):
    monkeypatch.setattr(CappedPaginator, "max_pages", 2)  # 40 dates offered, the 41st says "more"
    start = datetime(2026, 11, 27, 9, tzinfo=UTC)
    # The dates found are among many others: four for each, at the same times.
    titles = [f"Atelier cuisine {index}" for index in range(4)] + [f"Chorale {index}" for index in range(16)]
    for index, title in enumerate(titles):
        event = EventFactory(title=title, occurrences=False)
        Occurrence.objects.bulk_create(
            Occurrence(event=event, start=moment, end=moment + timedelta(hours=1))
            for moment in (start + timedelta(minutes=index + 20 * step) for step in range(dates // 4))
        )
    analyze("events_occurrence", "events_event")
    dates_found = Occurrence.objects.public().for_filters({"q": "atelier cuisine"}).for_list()
    paginator = CappedPaginator(dates_found, 20)
    with CaptureQueriesContext(connection) as captured:
        assert paginator.count == 40
    assert paginator.capped
    assert len(captured.captured_queries) == 1  # the capped count
    plan = plan_of(captured.captured_queries[0]["sql"])
    assert rows_read(plan, "events_occurrence") <= 41 + 4, plan
