"""The waiting list under concurrent requests, on PostgreSQL with real threads (each its own
connection): joins keep a unique order, and confirmations, "je participe" and registrations by a
referent racing for the same places never put more people than the capacity.

These tests commit for real (transaction=True): the flush after each empties every table, so the
reference data (territory, thèmes, roles) is copied aside first and put back after them
(tests.conftest.COMMITTING).
"""

import threading
from datetime import date

from django.core.exceptions import ValidationError
from django.db import connection

from events.models import Participation, ProxyRegistration, WaitingListEntry
from events.services import participation_join, participation_leave, proxy_register
from events.services_waiting_list import offer_next_place, waiting_list_join, waiting_offer_confirm
from tests.conftest import COMMITTING, make_user
from tests.factories import EventFactory

pytestmark = COMMITTING
Status = WaitingListEntry.Status
PEOPLE = 8


def at_once(*calls):
    """Run each call in its own thread and connection, all released together; [(result or error)]."""
    barrier = threading.Barrier(len(calls))
    results = [None] * len(calls)

    def run(index, call):
        try:
            barrier.wait(timeout=10)
            results[index] = call()
        except ValidationError as error:
            results[index] = error
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(index, call)) for index, call in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    return results


def full_date(capacity):
    occurrence = EventFactory(capacity=capacity).occurrences.get()
    for number in range(capacity):
        Participation.objects.create(occurrence=occurrence, user=make_user(f"venu-{number}"))
    return occurrence


def test_concurrent_joins_each_get_their_own_place_in_line():
    occurrence = full_date(capacity=2)
    members = [make_user(f"attente-{number}") for number in range(PEOPLE)]

    results = at_once(
        *[lambda member=member: waiting_list_join(occurrence=occurrence, user=member) for member in members]
    )

    assert all(isinstance(result, tuple) and result[1] for result in results), results
    positions = sorted(occurrence.waiting_list.values_list("position", flat=True))
    assert positions == list(range(1, PEOPLE + 1))
    # The same member twice at the same moment: one place in line.
    late = make_user("en-retard")
    at_once(*[lambda: waiting_list_join(occurrence=occurrence, user=late)] * 3)
    assert occurrence.waiting_list.filter(user=late).count() == 1


def test_a_freed_place_is_taken_once_whoever_races_for_it():
    occurrence = full_date(capacity=3)
    members = [make_user(f"attente-{number}") for number in range(4)]
    for member in members:
        waiting_list_join(occurrence=occurrence, user=member)
    leaving = [
        each.user for each in Participation.objects.filter(occurrence=occurrence).select_related("user")[:2]
    ]

    # Two participants leave at the same moment: two places, offered to the first two in line.
    at_once(*[lambda user=user: participation_leave(occurrence=occurrence, user=user) for user in leaving])
    offer_next_place(occurrence=occurrence)  # a second call offers nothing more
    assert list(occurrence.waiting_list.order_by("position").values_list("status", flat=True)) == [
        Status.OFFERED,
        Status.OFFERED,
        Status.WAITING,
        Status.WAITING,
    ]
    offered = list(occurrence.waiting_list.filter(status=Status.OFFERED))
    others = [make_user(f"autre-{number}") for number in range(4)]
    person = ProxyRegistration(first_name="Marcel", phone="02 40 12 34 56", consent_given_on=date(2026, 1, 5))

    # The two confirm (twice each), while others say "je participe" and a referent registers someone.
    results = at_once(
        *[lambda entry=entry: waiting_offer_confirm(entry=entry) for entry in offered * 2],
        *[lambda member=member: participation_join(occurrence=occurrence, user=member) for member in others],
        lambda: proxy_register(person=person, occurrences=[occurrence], registered_by=None),
    )

    assert occurrence.count_people_coming() == 3
    assert occurrence.count_places_taken() == 3
    assert set(Participation.objects.filter(occurrence=occurrence).values_list("user", flat=True)) >= {
        entry.user_id for entry in offered
    }
    assert not ProxyRegistration.objects.exists()
    assert not Participation.objects.filter(user__in=others).exists()
    assert sum(result is True for result in results[:4]) == 2  # each place confirmed once
    assert all(isinstance(result, ValidationError) for result in results[4:])
