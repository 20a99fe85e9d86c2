""" "J'aimerais être accompagné(e)" for someone registered by phone (issue 12, item 2: "or a referent
for someone registered by phone"): the referent asks from "Qui vient", the request shows in the
organiser's list and in the count the others who come see, offers work, and nobody can write to a
person without an account; the personal-data page says who sees the requests."""

import html
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.db import IntegrityError, transaction

from events.models import AccompanimentOffer, AccompanimentRequest, Participation, ProxyRegistration
from tests.conftest import make_user
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def text(response):
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


@pytest.fixture
def organiser(db):
    return make_user("olga")


@pytest.fixture
def event(organiser):
    start = datetime(2026, 12, 8, 14, tzinfo=PARIS)
    return EventFactory(title="Chorale", start=start, end=start + timedelta(hours=2), proposed_by=organiser)


@pytest.fixture
def occurrence(event):
    return event.occurrences.get()


@pytest.fixture
def jeannine(occurrence, nantes_referent):
    return ProxyRegistration.objects.create(
        occurrence=occurrence,
        first_name="Jeannine",
        phone="02 40 12 34 56",
        consent_given_on=date(2026, 11, 25),
        registered_by=nantes_referent,
    )


def ask_url(event, registration=None):
    query = f"?inscription={registration.pk}" if registration else ""
    return f"{event.get_absolute_url()}qui-vient/accompagnement/{query}"


def ask(client, event, registration, kind="voiture", note="Vient en fauteuil."):
    return client.post(ask_url(event), {"inscription": registration.pk, "kind": kind, "note": note})


@pytest.fixture
def asked(client, nantes_referent, event, jeannine):
    client.force_login(nantes_referent)
    ask(client, event, jeannine)
    client.logout()
    return AccompanimentRequest.objects.get()


# Asking from "Qui vient" -------------------------------------------------------------------------


def test_the_referent_asks_for_accompaniment_from_who_comes(client, nantes_referent, event, jeannine):
    client.force_login(nantes_referent)
    page = text(client.get(f"{event.get_absolute_url()}qui-vient/"))
    assert "Demander un accompagnement pour cette personne (Jeannine)" in page
    form = client.get(ask_url(event, jeannine))
    assert form.status_code == 200
    assert "Qu'est-ce qui aiderait Jeannine ?" in text(form)
    response = ask(client, event, jeannine)
    assert response.status_code == 302
    assert response.url == f"{event.get_absolute_url()}qui-vient/"
    wanted = AccompanimentRequest.objects.get()
    assert (wanted.registration, wanted.participation, wanted.occurrence_id) == (
        jeannine,
        None,
        jeannine.occurrence_id,
    )
    assert (wanted.kind, wanted.note) == ("voiture", "Vient en fauteuil.")
    # The referent who asks arranges it: nobody can write to Jeannine.
    assert wanted.status == AccompanimentRequest.Status.HANDLED and wanted.handled_by == nantes_referent
    assert wanted.requester is None and wanted.requester_name == "Jeannine"
    page = text(client.get(f"{event.get_absolute_url()}qui-vient/"))
    assert "Demandé : un trajet en voiture." in page
    assert "Demander un accompagnement pour cette personne" not in page


def test_the_organiser_asks_too(client, organiser, event, jeannine):
    client.force_login(organiser)
    assert ask(client, event, jeannine, kind="venir-avec-moi").status_code == 302
    assert AccompanimentRequest.objects.get().handled_by == organiser


def test_the_kind_is_required_with_a_message_next_to_the_field(client, nantes_referent, event, jeannine):
    client.force_login(nantes_referent)
    response = ask(client, event, jeannine, kind="")
    assert response.status_code == 400
    assert "Choisissez ce qui aiderait Jeannine." in text(response)
    assert not AccompanimentRequest.objects.exists()


def test_asking_twice_is_refused(client, nantes_referent, event, jeannine, asked):
    client.force_login(nantes_referent)
    response = ask(client, event, jeannine, kind="rendez-vous")
    assert response.status_code == 302
    assert AccompanimentRequest.objects.get().kind == "voiture"


@pytest.mark.parametrize("who", ["cap_referent", "bob", "thematic_referent"])
def test_only_the_people_who_see_who_comes_may_ask(client, request, who, event, jeannine):
    client.force_login(request.getfixturevalue(who))
    assert client.get(ask_url(event, jeannine)).status_code == 403
    assert ask(client, event, jeannine).status_code == 403
    assert not AccompanimentRequest.objects.exists()


def test_a_visitor_is_sent_to_sign_in(client, event, jeannine):
    assert ask(client, event, jeannine).status_code == 302
    assert not AccompanimentRequest.objects.exists()


def test_a_registration_of_another_event_or_a_past_date_is_not_found(
    client, nantes_referent, event, jeannine
):
    other = EventFactory(title="Autre", start=datetime(2026, 12, 9, 14, tzinfo=PARIS))
    client.force_login(nantes_referent)
    assert ask(client, other, jeannine).status_code == 404
    with time_machine.travel(datetime(2026, 12, 9, 10, tzinfo=PARIS), tick=False):
        assert ask(client, event, jeannine).status_code == 404
    assert not AccompanimentRequest.objects.exists()


def test_a_request_needs_a_participation_or_a_registration(occurrence):
    with pytest.raises(IntegrityError), transaction.atomic():
        AccompanimentRequest.objects.create(occurrence=occurrence, kind="voiture")


def test_erasing_the_registration_erases_its_request(jeannine, asked):
    jeannine.delete()
    assert not AccompanimentRequest.objects.exists()


# The organiser's list, the others who come, offers --------------------------------------------


def test_the_organisers_list_shows_her_marked_registered_by_a_referent(client, organiser, event, asked):
    client.force_login(organiser)
    page = text(client.get(f"{event.get_absolute_url()}accompagnement/"))
    assert (
        "Jeannine (inscrite par un référent, sans compte sur le site) aimerait : un trajet en voiture."
        in page
    )
    assert "Son mot : « Vient en fauteuil. »" in page
    assert "Personne n'a encore proposé de l'accompagner." in page


def test_a_member_coming_to_the_date_sees_the_count_and_offers(client, alice, bob, event, occurrence, asked):
    Participation.objects.create(occurrence=occurrence, user=alice)
    Participation.objects.create(occurrence=occurrence, user=bob)
    client.force_login(alice)
    page = text(client.get(event.get_absolute_url()))
    assert "1 personne aimerait être accompagnée." in page
    assert "Jeannine" not in page and "02 40 12 34 56" not in page
    response = client.post(f"{event.get_absolute_url()}accompagnement/proposer/", {"demande": asked.pk})
    assert response.status_code == 302
    offer = AccompanimentOffer.objects.get()
    assert offer.helper == alice and offer.request == asked
    assert mail.outbox == []  # nobody to write to: the referent arranges it
    page = text(client.get(event.get_absolute_url()))
    assert "un référent, qui connaît cette personne, vous écrira par la messagerie du site" in page
    assert "Écrire à Jeannine" not in page


def test_the_organiser_sees_the_offer_and_may_write_to_the_helper(
    client, organiser, alice, event, occurrence, asked
):
    Participation.objects.create(occurrence=occurrence, user=alice)
    client.force_login(alice)
    client.post(f"{event.get_absolute_url()}accompagnement/proposer/", {"demande": asked.pk})
    client.force_login(organiser)
    response = client.get(f"{event.get_absolute_url()}accompagnement/")
    page = text(response)
    assert "Proposent de l'accompagner : Alice" in page
    assert "Écrire à Alice" in page
    assert f"/membres/{alice.username}/ecrire/" in response.content.decode()
    assert "Écrire à Jeannine" not in page


def test_nobody_can_accept_an_offer_in_her_place(client, alice, event, occurrence, asked):
    Participation.objects.create(occurrence=occurrence, user=alice)
    offer = AccompanimentOffer.objects.create(request=asked, helper=alice)
    client.force_login(alice)
    response = client.post(f"{event.get_absolute_url()}accompagnement/accepter/", {"proposition": offer.pk})
    assert response.status_code == 404
    offer.refresh_from_db()
    assert offer.accepted_at is None


def test_the_requests_page_makes_a_fixed_number_of_queries(
    client, organiser, nantes_referent, event, occurrence, alice, django_assert_num_queries
):
    for name in ("Jeannine", "Paulette", "Roger"):
        registration = ProxyRegistration.objects.create(
            occurrence=occurrence,
            first_name=name,
            phone="02 40 12 34 56",
            consent_given_on=date(2026, 11, 25),
        )
        wanted = AccompanimentRequest.objects.create(
            occurrence=occurrence, registration=registration, kind="voiture"
        )
        AccompanimentOffer.objects.create(request=wanted, helper=alice)
    client.force_login(organiser)
    # as tests/events/test_accompaniment.py: 7, with the offers and their helpers in one more
    with django_assert_num_queries(8):
        response = client.get(f"{event.get_absolute_url()}accompagnement/")
    assert text(response).count("Écrire à Alice") == 3


# The personal-data page --------------------------------------------------------------------------


def test_the_personal_data_page_says_who_sees_accompaniment_requests(client):
    page = text(client.get("/donnees-personnelles/"))
    assert (
        "Les demandes d'accompagnement (« J'aimerais être accompagné(e) ») ne sont vues que par "
        "l'organisateur de la rencontre, les référents de son territoire et l'équipe de modération ; "
        "elles se ferment d'elles-mêmes après la date."
    ) in page
