"""The dashboard's dates per territory read a few columns of every published event
(dashboard.queries.published_events_figures): the partial index event_published_figures_idx holds
them all, so PostgreSQL reads that index (3.5 MB at the L size) rather than the events table and
its texts (92 MB), which the first count of the figures read from disk at the L size."""

import re

import pytest
from django.db import connection
from django.db.models import Q

from dashboard import queries
from events.models import Event
from tests.core.plans import analyze, plan_of, scans
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def the_index():
    (index,) = [index for index in Event._meta.indexes if index.name == "event_published_figures_idx"]
    return index


def columns_read(queryset):
    sql, _ = queryset.query.sql_with_params()
    return set(re.findall(r'"events_event"\."(\w+)"', sql))


def test_the_index_holds_every_column_the_figures_read_of_an_event(moderator):
    index = the_index()
    held = {Event._meta.get_field(name).column for name in (*index.fields, *index.include)}
    # The condition's column is the index's own condition: status = published.
    assert columns_read(queries.published_events_figures(moderator)) <= held | {"status"}
    assert index.condition == Q(status=Event.Status.PUBLISHED)


@pytest.mark.parametrize("count", [40, 200])
def test_the_index_can_answer_alone_at_two_sizes(moderator, count):
    for index in range(count):
        EventFactory(title=f"Rendez-vous {index}", status=Event.Status.PUBLISHED if index % 4 else "proposed")
    analyze("events_event")
    with connection.cursor() as cursor:
        # The tables of a test are too small for the planner to prefer an index on its own.
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        plan = plan_of(queries.published_events_figures(moderator))
    assert scans(plan, "events_event") == {"Index Only Scan"}
