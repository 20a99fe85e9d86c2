"""Suspension as the member lives it: can read, cannot send, is told why and until when."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.db import connection
from django.http import HttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import include, path

from accounts import charter
from accounts.models import Suspension

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]

PARIS = ZoneInfo("Europe/Paris")
NOW = datetime.datetime(2026, 11, 26, 10, 0, tzinfo=PARIS)
END = datetime.datetime(2026, 12, 1, 18, 0, tzinfo=PARIS)
REASON = "Messages insultants envers un autre membre sur le forum, le 20 novembre."


def publish(request):
    # Stands for any page a member sends something with (a forum reply, an event proposal).
    return HttpResponse(f"Reçu : {request.POST.get('texte', '')}")


urlpatterns = [
    path("essai/publier/", publish),
    path("", include(settings.ROOT_URLCONF)),
]


@pytest.fixture(autouse=True)
def frozen_time():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def member(member):
    # Accepted the charter at sign-up, so only the suspension is in play here.
    member.charter_version = charter.CHARTER_VERSION
    member.save(update_fields=["charter_version"])
    return member


def suspend(user, by, **fields):
    values = {"reason": REASON, "starts_at": NOW - datetime.timedelta(days=1), "ends_at": END, **fields}
    return Suspension.objects.create(user=user, created_by=by, **values)


def suspension_queries(queries):
    return [query["sql"] for query in queries if '"accounts_suspension"' in query["sql"]]


def test_it_stops_a_suspended_member_from_sending_and_says_why_and_until_when(client, member, moderator):
    suspend(member, moderator)
    client.force_login(member)

    response = client.post("/essai/publier/", {"texte": "Bonjour"})

    assert response.status_code == 403
    assert "<title>Compte suspendu — Tous voisins 44</title>" in response.text
    assert "<h1>Votre compte est suspendu</h1>" in response.text
    assert REASON in response.text
    assert "mardi 1er décembre 2026 à 18 h" in response.text
    assert "Vous pouvez toujours lire tout le site" in response.text
    assert 'href="/contact/"' in response.text
    assert "Reçu" not in response.text


def test_it_lets_a_suspended_member_read(client, member, moderator):
    suspend(member, moderator)
    client.force_login(member)

    for path_ in ("/", "/charte/", "/comptes/email/"):
        assert client.get(path_).status_code == 200, path_


def test_it_lets_a_suspended_member_sign_out(client, member, moderator):
    suspend(member, moderator)
    client.force_login(member)

    response = client.post("/comptes/logout/")

    assert response.status_code == 302
    assert response["Location"] == "/"
    assert not client.get("/").wsgi_request.user.is_authenticated


def test_it_lets_a_suspended_member_write_to_the_moderators(client, member, moderator):
    suspend(member, moderator)
    client.force_login(member)

    response = client.post("/contact/", {})

    assert response.status_code == 200
    assert "Compte suspendu —" not in response.text


@pytest.mark.parametrize(
    "fields",
    [
        {"lifted_at": NOW - datetime.timedelta(hours=1)},
        {"starts_at": NOW - datetime.timedelta(days=10), "ends_at": NOW - datetime.timedelta(minutes=1)},
        {"starts_at": NOW + datetime.timedelta(days=1)},
    ],
    ids=["lifted", "ended", "not-started-yet"],
)
def test_it_no_longer_stops_a_member_once_the_suspension_is_over(client, member, moderator, fields):
    suspend(member, moderator, **fields)
    client.force_login(member)

    response = client.post("/essai/publier/", {"texte": "Bonjour"})

    assert response.status_code == 200
    assert response.text == "Reçu : Bonjour"


def test_it_does_not_stop_a_member_for_someone_elses_suspension(client, member, other_member, moderator):
    suspend(other_member, moderator)
    client.force_login(member)

    assert client.post("/essai/publier/", {"texte": "Bonjour"}).text == "Reçu : Bonjour"


def test_it_costs_visitors_no_query(client, db):
    with CaptureQueriesContext(connection) as context:
        client.get("/")
        client.post("/essai/publier/", {"texte": "Bonjour"})

    assert suspension_queries(context.captured_queries) == []


def test_it_costs_a_signed_in_member_one_small_query_at_most(client, member):
    client.force_login(member)

    with CaptureQueriesContext(connection) as reading:
        client.get("/")
    with CaptureQueriesContext(connection) as sending:
        client.post("/essai/publier/", {"texte": "Bonjour"})

    # Reading looks it up only if the page shows it (the layout's banner does).
    assert len(suspension_queries(reading.captured_queries)) <= 1
    [query] = suspension_queries(sending.captured_queries)
    assert "LIMIT 1" in query
