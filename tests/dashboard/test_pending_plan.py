"""What waits on the dashboard reads the oldest proposals through their index
(event_proposed_created_idx), not every proposal ever made: the same rows at two sizes."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboard import queries
from events.models import Event
from tests.core.plans import analyze, plan_of, rows_read
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def proposals(count):
    """`count` proposals, one a day back from now, copies of one made by the factory."""
    model = EventFactory(status=Event.Status.PROPOSED)
    now = timezone.now()
    copies = []
    for index in range(count - 1):
        copy = Event.objects.get(pk=model.pk)
        copy.pk = None
        copy.slug = f"{model.slug}-{index}"
        copy.created = now - timedelta(days=index + 1)
        copies.append(copy)
    Event.objects.bulk_create(copies)
    # Published events around them, as in a real agenda: most events are not waiting.
    analyze("events_event")


@pytest.mark.parametrize("count", [500, 2500])
def test_the_oldest_proposals_are_read_by_their_index(moderator, count):
    proposals(count)
    with CaptureQueriesContext(connection) as captured:
        items = queries.pending_items(moderator)
    assert len(items) == queries.PENDING_LIMIT
    sql = next(
        query["sql"] for query in captured.captured_queries if '"events_event"."title"' in query["sql"]
    )

    plan = plan_of(sql)
    assert rows_read(plan, "events_event") <= queries.PENDING_LIMIT
