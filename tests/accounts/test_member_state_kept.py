"""What every page shows a member of their own (« Mes messages (n non lus) », the suspension
banner) is kept under their own stamp: it changes on the next request, never reaches another
member, and costs a page no query of its own once kept. Sending anything still reads the
suspension from the database."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from accounts import charter
from accounts.models import Suspension
from profiles.models import Message
from tests.factories.profiles import conversation_between, profile_for

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=PARIS)
BANNER = "Votre compte est suspendu jusqu'au"
REASON = "Messages insultants envers un autre membre sur le forum."


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def alice(member):
    member.charter_version = charter.CHARTER_VERSION
    member.save(update_fields=["charter_version"])
    return profile_for(member, display_name="Alice", interests=["cuisiner"]).user


@pytest.fixture
def bob(other_member):
    other_member.charter_version = charter.CHARTER_VERSION
    other_member.save(update_fields=["charter_version"])
    return profile_for(other_member, display_name="Bob", interests=["cuisine"]).user


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


def suspend(user, by, **fields):
    values = {"reason": REASON, "starts_at": NOW - datetime.timedelta(days=1), **fields}
    values.setdefault("ends_at", values["starts_at"] + datetime.timedelta(days=5))
    return Suspension.objects.create(user=user, created_by=by, **values)


def member_queries(queries):
    return [
        query["sql"]
        for query in queries
        if '"profiles_message"' in query["sql"] or '"accounts_suspension"' in query["sql"]
    ]


def test_a_message_received_shows_on_the_next_page_and_leaves_once_read(alice, bob):
    alices, bobs = signed_in(alice), signed_in(bob)
    assert "Mes messages (" not in bobs.get("/agenda/").text  # kept: none unread

    alices.post("/membres/bob/ecrire/", {"body": "Bonjour Bob, on se voit mardi ?"})

    assert "Mes messages (1 non lu)" in bobs.get("/agenda/").text
    conversation = Message.objects.get().conversation
    bobs.get(f"/messages/{conversation.pk}/")  # opening the thread reads it
    assert "Mes messages (" not in bobs.get("/agenda/").text


def test_a_suspension_shows_on_the_next_page_and_leaves_when_lifted_in_the_back_office(alice, moderator):
    alices = signed_in(alice)
    assert BANNER not in alices.get("/").text  # kept: not suspended

    suspension = suspend(alice, moderator)
    assert BANNER in alices.get("/").text

    signed_in(moderator).post(
        "/admin/accounts/suspension/", {"action": "lift", "_selected_action": [suspension.pk]}
    )
    suspension.refresh_from_db()
    assert suspension.lifted_at is not None
    assert BANNER not in alices.get("/").text


def test_a_suspension_decided_ahead_shows_when_it_starts_and_leaves_when_it_ends(
    alice, moderator, frozen_time
):
    starts = NOW + datetime.timedelta(hours=2)
    suspend(alice, moderator, starts_at=starts, ends_at=starts + datetime.timedelta(days=1))
    alices = signed_in(alice)
    assert BANNER not in alices.get("/").text  # kept until it starts

    frozen_time.move_to(starts + datetime.timedelta(minutes=1))
    assert BANNER in alices.get("/").text

    frozen_time.move_to(starts + datetime.timedelta(days=1, minutes=1))
    assert BANNER not in alices.get("/").text


def test_one_members_messages_and_suspension_never_reach_another(alice, bob, moderator):
    conversation_between(bob, alice, "Un", "Deux")
    suspend(alice, moderator)
    alices, bobs = signed_in(alice), signed_in(bob)

    for _ in range(2):  # built, then kept
        alice_page, bob_page = alices.get("/agenda/").text, bobs.get("/agenda/").text
        assert "Mes messages (2 non lus)" in alice_page and BANNER in alice_page
        assert "Mes messages (" not in bob_page and BANNER not in bob_page


def test_sending_reads_the_suspension_from_the_database_even_when_the_kept_copy_is_older(
    alice, bob, moderator
):
    alices = signed_in(alice)
    assert BANNER not in alices.get("/").text  # kept: not suspended
    # Written without the model's signals, so the member's stamp does not move.
    Suspension.objects.bulk_create(
        [
            Suspension(
                user=alice,
                created_by=moderator,
                reason=REASON,
                starts_at=NOW,
                ends_at=NOW + datetime.timedelta(days=2),
            )
        ]
    )

    response = alices.post("/membres/bob/ecrire/", {"body": "Bonjour Bob"})

    assert response.status_code == 403
    assert "<h1>Votre compte est suspendu</h1>" in response.text
    assert not Message.objects.exists()


@pytest.mark.parametrize("unread", [1, 25])
def test_the_layout_reads_neither_messages_nor_suspension_once_kept(alice, bob, moderator, unread):
    conversation_between(bob, alice, *(f"Message {n}" for n in range(unread)))
    suspend(alice, moderator)
    alices = signed_in(alice)
    alices.get("/agenda/")

    with CaptureQueriesContext(connection) as context:
        page = alices.get("/agenda/").text

    assert member_queries(context.captured_queries) == []
    assert BANNER in page
    assert f"Mes messages ({unread} non lu" in page
