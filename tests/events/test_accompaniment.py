""" "J'aimerais être accompagné(e)": asking and withdrawing, who sees the requests, the count shown to
the others who come, offering, accepting, the putting in touch once both agree, no contact shown,
and requests closing by themselves after the date (issue 12, items 2 and 8)."""

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail

from events.models import AccompanimentOffer, AccompanimentRequest, Participation
from tests.conftest import CAP_ATLANTIQUE, make_user
from tests.factories import EventFactory
from tests.factories.profiles import profile_for

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
def date(event):
    return event.occurrences.get()


def come(user, date):
    return Participation.objects.create(occurrence=date, user=user)


def url(event, what=""):
    return f"{event.get_absolute_url()}accompagnement/{what}"


def ask(client, event, date, kind="voiture", note="Je marche lentement."):
    return client.post(url(event, "demander/"), {"date": date.pk, "kind": kind, "note": note})


@pytest.fixture
def alice_asks(client, alice, event, date):
    """Alice comes to the date and asks for a lift."""
    come(alice, date)
    client.force_login(alice)
    ask(client, event, date)
    client.logout()
    return AccompanimentRequest.objects.get()


# Asking and withdrawing ------------------------------------------------------------------------


def test_a_member_coming_to_a_date_asks_to_be_accompanied(client, alice, event, date):
    come(alice, date)
    client.force_login(alice)
    page = text(client.get(event.get_absolute_url()))
    assert "J'aimerais être accompagné(e)" in page

    form = client.get(url(event, "demander/"), {"date": date.pk})
    assert form.status_code == 200
    assert "Qu'est-ce qui vous aiderait ?" in text(form)
    assert "Un trajet en voiture" in text(form)

    response = ask(client, event, date, kind="voiture", note="  Je pars du centre-bourg.  ")
    assert response.status_code == 302
    assert response["Location"] == event.get_absolute_url() + "#participer"
    request = AccompanimentRequest.objects.get()
    assert (request.occurrence, request.requester, request.kind) == (date, alice, "voiture")
    assert request.note == "Je pars du centre-bourg."
    assert request.status == AccompanimentRequest.Status.OPEN
    page = text(client.get(event.get_absolute_url()))
    assert "Votre demande d'accompagnement : un trajet en voiture." in page


def test_the_form_explains_its_errors_in_french_next_to_the_fields(client, alice, event, date):
    come(alice, date)
    client.force_login(alice)
    response = client.post(url(event, "demander/"), {"date": date.pk, "kind": "", "note": "x" * 301})
    assert response.status_code == 400
    page = text(response)
    assert "Choisissez ce qui vous aiderait." in page
    assert "Votre mot est trop long : 300 caractères au plus, vous en avez écrit 301." in page
    assert 'aria-describedby="id_note_helptext id_note_error"' in response.content.decode()
    assert not AccompanimentRequest.objects.exists()


def test_only_someone_coming_to_the_date_may_ask(client, other_member, event, date):
    client.force_login(other_member)
    response = ask(client, event, date)
    assert response.status_code == 302
    assert not AccompanimentRequest.objects.exists()
    page = text(client.get(response["Location"]))
    assert "dites d'abord « je participe » à cette date" in page


def test_visitors_are_sent_to_sign_in(client, event, date):
    response = client.get(url(event, "demander/"), {"date": date.pk})
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/connexion/") or "login" in response["Location"]


def test_a_member_asks_only_once_per_date(client, alice, event, date, alice_asks):
    client.force_login(alice)
    ask(client, event, date, kind="rendez-vous")
    assert AccompanimentRequest.objects.get().kind == "voiture"


def test_my_participations_offer_to_ask_and_show_the_request(client, alice, event, date):
    come(alice, date)
    client.force_login(alice)
    page = text(client.get("/agenda/mes-participations/"))
    assert "J'aimerais être accompagné(e) à « Chorale »" in page
    ask(client, event, date)
    page = text(client.get("/agenda/mes-participations/"))
    assert "Vous avez demandé à être accompagné(e) : en attente." in page


def test_the_requester_withdraws_the_request(client, alice, event, alice_asks):
    client.force_login(alice)
    response = client.post(url(event, "retirer/"), {"demande": alice_asks.pk})
    assert response.status_code == 302
    assert not AccompanimentRequest.objects.exists()


def test_nobody_else_withdraws_a_request(client, bob, event, date, alice_asks):
    come(bob, date)
    client.force_login(bob)
    assert client.post(url(event, "retirer/"), {"demande": alice_asks.pk}).status_code == 404
    assert AccompanimentRequest.objects.exists()


def test_leaving_the_date_takes_the_request_away(client, alice, event, date, alice_asks):
    client.force_login(alice)
    client.post(f"{event.get_absolute_url()}ne-plus-participer/", {"date": date.pk})
    assert not AccompanimentRequest.objects.exists()


# Who sees the open requests --------------------------------------------------------------------


def test_the_organiser_sees_the_requests_with_their_notes(client, organiser, event, alice_asks):
    client.force_login(organiser)
    page = text(client.get(event.get_absolute_url()))
    assert "Voir les demandes d'accompagnement" in page
    response = client.get(url(event))
    assert response.status_code == 200
    page = text(response)
    assert "Alice aimerait : un trajet en voiture." in page
    assert "Son mot : « Je marche lentement. »" in page
    assert "État : en attente." in page


def test_a_referent_of_the_territory_sees_them_and_marks_someone_handles_it(
    client, nantes_referent, event, alice_asks
):
    client.force_login(nantes_referent)
    assert "Alice aimerait" in text(client.get(url(event)))
    response = client.post(url(event, "on-s-en-occupe/"), {"demande": alice_asks.pk})
    assert response.status_code == 302
    alice_asks.refresh_from_db()
    assert alice_asks.status == AccompanimentRequest.Status.HANDLED
    assert alice_asks.handled_by == nantes_referent
    assert "État : quelqu'un s'en occupe (nadia)." in text(client.get(url(event)))


def test_the_requester_sees_that_someone_handles_it(client, alice, nantes_referent, event, alice_asks):
    client.force_login(nantes_referent)
    client.post(url(event, "on-s-en-occupe/"), {"demande": alice_asks.pk})
    client.force_login(alice)
    assert "Quelqu'un de l'équipe s'en occupe." in text(client.get(event.get_absolute_url()))


def test_a_moderator_sees_them(client, moderator, event, alice_asks):
    client.force_login(moderator)
    assert "Alice aimerait" in text(client.get(url(event)))


@pytest.mark.parametrize("who", ["cap_referent", "bob", "thematic_referent"])
def test_a_referent_out_of_scope_or_another_member_does_not(client, request, who, event, date, alice_asks):
    user = request.getfixturevalue(who)
    come(user, date)
    client.force_login(user)
    assert client.get(url(event)).status_code == 403
    assert client.post(url(event, "on-s-en-occupe/"), {"demande": alice_asks.pk}).status_code == 403
    assert "Voir les demandes d'accompagnement" not in text(client.get(event.get_absolute_url()))
    alice_asks.refresh_from_db()
    assert alice_asks.status == AccompanimentRequest.Status.OPEN


def test_a_visitor_is_sent_to_sign_in(client, event, alice_asks):
    response = client.get(url(event))
    assert response.status_code == 302
    assert "Alice" not in text(client.get(event.get_absolute_url()))


def test_the_requests_page_makes_a_fixed_number_of_queries(
    client, organiser, event, date, django_assert_num_queries
):
    for index in range(3):
        member = profile_for(make_user(f"membre{index}"), display_name=f"Membre {index}").user
        participation = come(member, date)
        AccompanimentRequest.objects.create(occurrence=date, participation=participation, kind="voiture")
    client.force_login(organiser)
    # session, user, suspension, groups (moderator? referent?), unread messages (the layout), the
    # event, the requests with their date, requester, profile and who handles them, and their offers
    # with the helpers (shown since the requests of people registered by phone, issue 12)
    with django_assert_num_queries(8):
        response = client.get(url(event))
    assert text(response).count("aimerait : un trajet en voiture") == 3


# What the others who come see, and offering ----------------------------------------------------


def test_the_others_coming_see_a_count_without_names(client, bob, event, date, alice_asks):
    carol = profile_for(make_user("carol"), display_name="Carol Durand").user
    AccompanimentRequest.objects.create(occurrence=date, participation=come(carol, date), kind="rendez-vous")
    come(bob, date)
    client.force_login(bob)
    page = text(client.get(event.get_absolute_url()))
    assert "2 personnes aimeraient être accompagnées." in page
    assert "Une personne aimerait : un trajet en voiture." in page
    assert "Alice" not in page and "Carol" not in page
    assert "Je marche lentement" not in page  # the note is for the organiser and referents


def test_members_not_coming_and_visitors_see_nothing(client, other_member, event, alice_asks):
    client.force_login(other_member)
    assert "aimerait" not in text(client.get(event.get_absolute_url()))
    client.logout()
    assert "aimerait" not in text(client.get(event.get_absolute_url()))


def test_a_member_coming_offers_and_the_requester_is_told(
    client, alice, bob, event, date, alice_asks, django_capture_on_commit_callbacks
):
    come(bob, date)
    client.force_login(bob)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(event, "proposer/"), {"demande": alice_asks.pk})
    assert response.status_code == 302
    offer = AccompanimentOffer.objects.get()
    assert (offer.request, offer.helper, offer.accepted_at) == (alice_asks, bob, None)
    assert "Vous avez proposé votre aide : elle vous répondra." in text(client.get(event.get_absolute_url()))
    [email] = mail.outbox
    assert email.to == [alice.email]
    assert email.subject == "[Tous voisins 44] Quelqu'un peut vous accompagner : Chorale"
    assert "Bob vient à la même rencontre que vous et propose de vous accompagner." in email.body
    assert bob.email not in email.body


def test_only_someone_coming_to_the_same_date_offers(client, other_member, event, alice_asks):
    client.force_login(other_member)
    client.post(url(event, "proposer/"), {"demande": alice_asks.pk})
    assert not AccompanimentOffer.objects.exists()


def test_one_does_not_offer_to_oneself_nor_twice(client, alice, bob, event, date, alice_asks):
    client.force_login(alice)
    client.post(url(event, "proposer/"), {"demande": alice_asks.pk})
    assert not AccompanimentOffer.objects.exists()
    come(bob, date)
    client.force_login(bob)
    client.post(url(event, "proposer/"), {"demande": alice_asks.pk})
    client.post(url(event, "proposer/"), {"demande": alice_asks.pk})
    assert AccompanimentOffer.objects.count() == 1


# Accepting and the putting in touch ------------------------------------------------------------


@pytest.fixture
def bob_offers(client, bob, event, date, alice_asks):
    come(bob, date)
    client.force_login(bob)
    client.post(url(event, "proposer/"), {"demande": alice_asks.pk})
    client.logout()
    mail.outbox.clear()
    return AccompanimentOffer.objects.get()


def test_the_requester_sees_offers_by_first_name_and_no_link_to_write_before_accepting(
    client, alice, bob, event, bob_offers
):
    bob.profile.display_name = "Bob Martin"
    bob.profile.save()
    client.force_login(alice)
    page = text(client.get(event.get_absolute_url()))
    assert "Accepter l'aide de Bob" in page
    assert "Martin" not in page
    assert "/membres/bob/ecrire/" not in client.get(event.get_absolute_url()).content.decode()
    client.force_login(bob)
    assert "/membres/alice/ecrire/" not in client.get(event.get_absolute_url()).content.decode()


def test_once_accepted_both_may_write_to_each_other_and_the_helper_is_told(
    client, alice, bob, event, alice_asks, bob_offers, django_capture_on_commit_callbacks
):
    client.force_login(alice)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(event, "accepter/"), {"proposition": bob_offers.pk})
    assert response.status_code == 302
    alice_asks.refresh_from_db()
    bob_offers.refresh_from_db()
    assert alice_asks.status == AccompanimentRequest.Status.MATCHED
    assert bob_offers.accepted_at is not None
    page = client.get(event.get_absolute_url()).content.decode()
    assert '<a href="/membres/bob/ecrire/" class="button button--small">Écrire à Bob</a>' in page
    assert "Bob vous accompagne." in text(client.get(event.get_absolute_url()))

    client.force_login(bob)
    page = client.get(event.get_absolute_url())
    assert '<a href="/membres/alice/ecrire/">Écrire à Alice</a>' in page.content.decode()
    assert "Vous accompagnez Alice (un trajet en voiture)." in text(page)
    [email] = mail.outbox
    assert email.to == [bob.email]
    assert email.subject == "[Tous voisins 44] Votre aide est acceptée : Chorale"
    assert "Alice accepte votre proposition" in email.body
    assert "http://testserver/membres/alice/ecrire/" in email.body or "/membres/alice/ecrire/" in email.body
    assert alice.email not in email.body

    # The link leads to the site's messages: Bob writes to Alice there.
    response = client.post("/membres/alice/ecrire/", {"body": "Bonjour, je passe vous prendre ?"})
    assert response.status_code == 302


def test_a_matched_request_is_no_longer_counted_nor_offered(client, event, date, alice_asks, bob_offers):
    alice_asks.status = AccompanimentRequest.Status.MATCHED
    alice_asks.save()
    charlie = make_user("dan")
    come(charlie, date)
    client.force_login(charlie)
    page = text(client.get(event.get_absolute_url()))
    assert "aimerait" not in page
    client.post(url(event, "proposer/"), {"demande": alice_asks.pk})
    assert AccompanimentOffer.objects.count() == 1


def test_only_the_requester_accepts(client, bob, event, bob_offers):
    client.force_login(bob)
    assert client.post(url(event, "accepter/"), {"proposition": bob_offers.pk}).status_code == 404
    bob_offers.refresh_from_db()
    assert bob_offers.accepted_at is None


def test_no_address_phone_or_email_is_ever_shown(
    client, alice, bob, organiser, event, alice_asks, bob_offers
):
    client.force_login(alice)
    client.post(url(event, "accepter/"), {"proposition": bob_offers.pk})
    for user, path in [
        (alice, event.get_absolute_url()),
        (bob, event.get_absolute_url()),
        (organiser, url(event)),
        (organiser, event.get_absolute_url()),
    ]:
        client.force_login(user)
        page = client.get(path).content.decode()
        assert alice.email not in page and bob.email not in page
        assert "@exemple.fr" not in page


def test_the_event_page_costs_two_more_queries_for_a_member_with_requests_on_their_date(
    client, bob, event, date, alice_asks, bob_offers, django_assert_num_queries
):
    client.force_login(bob)
    # as a member's detail page (10, tests/events/test_participation.py), + the requests of the
    # dates they joined with their requester, + the offers with their helper
    with django_assert_num_queries(12):
        client.get(event.get_absolute_url())


# Closing after the date ------------------------------------------------------------------------


def test_requests_close_by_themselves_after_the_date(client, alice, organiser, event, date, alice_asks):
    assert list(AccompanimentRequest.objects.open()) == [alice_asks]
    with time_machine.travel(datetime(2026, 12, 8, 16, 1, tzinfo=PARIS), tick=False):
        assert not AccompanimentRequest.objects.open().exists()
        client.force_login(organiser)
        assert "Personne n'a demandé à être accompagné(e)" in text(client.get(url(event)))
        bob = make_user("dan")
        Participation.objects.create(occurrence=date, user=bob)
        client.force_login(bob)
        client.post(url(event, "proposer/"), {"demande": alice_asks.pk})
        assert not AccompanimentOffer.objects.exists()


def test_the_referent_of_the_event_s_own_territory_sees_it(client, cap_referent, alice):
    start = datetime(2026, 12, 9, 14, tzinfo=PARIS)
    elsewhere = EventFactory(title="Atelier", insee="44069", start=start, end=start + timedelta(hours=2))
    occurrence = elsewhere.occurrences.get()
    AccompanimentRequest.objects.create(
        occurrence=occurrence, participation=come(alice, occurrence), kind="voiture"
    )
    assert elsewhere.intercommunalite.siren == CAP_ATLANTIQUE
    client.force_login(cap_referent)
    assert "Alice aimerait" in text(client.get(url(elsewhere)))


# Personal data ---------------------------------------------------------------------------------


def test_requests_and_offers_are_exported_and_erased(alice, bob, alice_asks, bob_offers):
    from events.personal_data import erase_user_data, export_user_data

    mine = export_user_data(alice)["demandes_d_accompagnement"]
    assert [(item["demande"], item["mot"], item["etat"]) for item in mine] == [
        ("Un trajet en voiture", "Je marche lentement.", "En attente")
    ]
    assert [item["evenement"] for item in export_user_data(bob)["propositions_d_accompagnement"]] == [
        "Chorale"
    ]
    erase_user_data(bob)
    assert not AccompanimentOffer.objects.exists()
    erase_user_data(alice)
    assert not AccompanimentRequest.objects.exists()
