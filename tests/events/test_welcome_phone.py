"""Who welcomes people, how to come, and the phone (issue 12, items 3 and 4): the fields through the
proposal form and the admin, the French check of phone numbers, and what the event's page, the
printed agenda and a referent's card say."""

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError

from events.models import Event
from referents.models import Referent
from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE, make_user
from tests.events.test_admin import form_data
from tests.events.test_proposals import field_errors, proposal
from tests.factories import EventFactory
from tests.factories.referents import ReferentFactory
from tousvoisins.phones import normalize_phone, phone_in_groups, phone_link

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # Thursday 26 November 2026
PROPOSE = "/agenda/proposer/"
PRINT = f"/agenda/imprimer/{NANTES_METROPOLE}/"
PHONE_SENTENCE = "Pour venir accompagné ou vous inscrire par téléphone :"
WELCOME = {
    "welcomer_name": "Martine",
    "welcomer_hint": "au fond de la salle, avec un foulard vert",
    "how_to_come": "Bus C4, arrêt Mairie. Entrée par la cour.",
}


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def text(response):
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def next_week(**fields):
    start = datetime(2026, 12, 1, 14, tzinfo=PARIS)
    return EventFactory(start=start, end=start + timedelta(hours=2), **fields)


def territory_referent(siren=NANTES_METROPOLE, **fields):
    return ReferentFactory(
        public_name="Nadia",
        user=make_user(f"referente-{siren}"),
        kind=Referent.Kind.TERRITORY,
        sirens=[siren],
        **fields,
    )


# The phone numbers themselves -----------------------------------------------------------------


@pytest.mark.parametrize(
    "typed",
    [
        "02 40 00 00 00",
        "0240000000",
        "02.40.00.00.00",
        "02-40-00-00-00",
        "+33 2 40 00 00 00",
        "+33 (0)2 40 00 00 00",
    ],
)
def test_a_french_number_is_stored_as_ten_digits_however_it_is_typed(typed):
    assert normalize_phone(typed) == "0240000000"


@pytest.mark.parametrize(
    "typed", ["02 40 00 00", "12 40 00 00 00", "+44 20 7946 0000", "deux quarante", "00 00 00 00 00"]
)
def test_anything_else_is_refused_with_a_french_message(typed):
    with pytest.raises(ValidationError) as error:
        normalize_phone(typed)
    assert "Écrivez un numéro de téléphone français à 10 chiffres" in error.value.messages[0]


def test_a_stored_number_is_shown_by_two_digits_and_dialled_from_anywhere():
    assert phone_in_groups("0240000000") == "02 40 00 00 00"
    assert phone_link("0240000000") == "tel:+33240000000"


# Item 3 and 4: the proposal form ---------------------------------------------------------------


def test_the_proposal_form_takes_the_welcomer_how_to_come_and_a_phone_number(client, member):
    client.force_login(member)
    page = text(client.get(PROPOSE))
    assert "Pour vous trouver" in page
    assert "Qui accueille les personnes ?" in page
    assert "au fond de la salle, avec un foulard vert" in page  # the example of the help text
    assert "jamais un numéro personnel, sauf si vous voulez le rendre public" in page

    response = client.post(
        PROPOSE, proposal(**WELCOME, phone_registration="on", phone_number="+33 2 40 12 34 56")
    )

    assert response.status_code == 302
    event = Event.objects.get()
    assert (event.welcomer_name, event.welcomer_hint, event.how_to_come) == tuple(WELCOME.values())
    assert event.phone_registration
    assert event.phone_number == "0240123456"
    # Shown again, as stored, when the member changes the proposal.
    content = html.unescape(client.get(f"/agenda/mes-propositions/{event.pk}/modifier/").content.decode())
    assert 'name="welcomer_name" value="Martine"' in content
    assert 'value="0240123456"' in content


def test_a_wrong_number_is_refused_beside_its_field(client, member):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(phone_number="02 40 12"))
    assert response.status_code == 200
    assert "Écrivez un numéro de téléphone français à 10 chiffres" in field_errors(response, "phone_number")
    assert not Event.objects.exists()


def test_registration_by_phone_needs_a_number(client, member):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(phone_registration="on", phone_number=""))
    assert response.status_code == 200
    assert "Indiquez le numéro à appeler pour s'inscrire" in field_errors(response, "phone_number")
    assert not Event.objects.exists()


# Item 3 and 4: the admin -----------------------------------------------------------------------


def test_a_referent_sets_the_welcomer_and_the_phone_in_the_admin(client, nantes_referent):
    event = next_week(status=Event.Status.PROPOSED)
    url = f"/admin/events/event/{event.pk}/change/"
    client.force_login(nantes_referent)
    data = form_data(client.get(url))
    assert "Accueil et téléphone" in text(client.get(url))

    data.update(WELCOME, phone_registration="on", phone_number="02 40 99 99 99 9")
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Écrivez un numéro de téléphone français à 10 chiffres" in text(response)

    data.update(phone_number="02.40.99.99.99")
    response = client.post(url, data)
    assert response.status_code == 302, text(response)
    event.refresh_from_db()
    assert (event.welcomer_name, event.how_to_come) == ("Martine", WELCOME["how_to_come"])
    assert event.phone_number == "0240999999"
    assert 'value="0240999999"' in client.get(url).content.decode()


# What people read -------------------------------------------------------------------------------


def test_the_event_page_says_who_welcomes_how_to_come_and_the_number(client):
    event = next_week(**WELCOME, phone_registration=True, phone_number="0240123456")
    page = text(client.get(event.get_absolute_url()))
    assert "Qui vous accueille Martine, au fond de la salle, avec un foulard vert." in page
    assert "Comment venir Bus C4, arrêt Mairie. Entrée par la cour." in page
    assert "Inscription par téléphone." in page
    assert f"{PHONE_SENTENCE} 02 40 12 34 56" in page
    assert 'href="tel:+33240123456"' in client.get(event.get_absolute_url()).content.decode()


def test_without_a_number_of_its_own_the_event_shows_its_territory_referents(client):
    territory_referent(phone="02 40 41 42 43", phone_hours="du lundi au vendredi, de 9 h à 12 h")
    event = next_week()
    page = text(client.get(event.get_absolute_url()))
    assert f"{PHONE_SENTENCE} 02 40 41 42 43 (du lundi au vendredi, de 9 h à 12 h)." in page
    # Another territory's referent is not the one to call.
    elsewhere = next_week(insee="44069")  # Guérande, Cap Atlantique
    assert PHONE_SENTENCE not in text(client.get(elsewhere.get_absolute_url()))


def test_an_event_with_nothing_said_shows_no_welcome_section(client):
    event = next_week()
    page = text(client.get(event.get_absolute_url()))
    assert "Sur place" not in page
    assert PHONE_SENTENCE not in page


def test_the_detail_still_makes_a_fixed_number_of_queries_with_a_territory_phone(
    client, django_assert_num_queries
):
    territory_referent(phone="0240414243")
    event = next_week(**WELCOME)
    # 1. the event, 2. its thèmes, 3. its next dates, 4. the referents to contact (their public
    # number comes with them: no query for the phone), 5. its communities
    with django_assert_num_queries(5):
        response = client.get(event.get_absolute_url())
    assert f"{PHONE_SENTENCE} 02 40 41 42 43" in text(response)


def test_the_printed_agenda_shows_the_welcomer_how_to_come_and_the_number(client):
    territory_referent(phone="0240414243")
    next_week(title="Café-tricot", **WELCOME, phone_number="0240123456")
    next_week(title="Atelier CV")
    page = text(client.get(PRINT))
    assert "Qui vous accueille : Martine, au fond de la salle, avec un foulard vert." in page
    assert "Comment venir : Bus C4, arrêt Mairie. Entrée par la cour." in page
    assert f"{PHONE_SENTENCE} 02 40 12 34 56" in page  # the event's own number
    assert f"{PHONE_SENTENCE} 02 40 41 42 43" in page  # the referent's, for the other event


# Item 4: the referent's public number ----------------------------------------------------------


def test_a_referent_shows_the_structure_number_and_when_to_call(client):
    referent = territory_referent(phone="+33 2 40 41 42 43", phone_hours="le mardi de 9 h à 12 h")
    referent.refresh_from_db()
    assert referent.phone == "0240414243"
    page = text(client.get(referent.get_absolute_url()))
    assert "Téléphone de la structure 02 40 41 42 43" in page
    assert "Quand appeler : le mardi de 9 h à 12 h." in page
    assert "Téléphone : 02 40 41 42 43 (le mardi de 9 h à 12 h)" in text(client.get("/referents/"))


def test_a_referent_without_a_number_shows_none(client):
    referent = territory_referent(siren=CAP_ATLANTIQUE)
    assert "Téléphone" not in text(client.get(referent.get_absolute_url()))
    assert "Téléphone :" not in text(client.get("/referents/"))


def test_a_referent_enters_their_number_in_the_admin_with_a_french_check(client):
    referent = territory_referent()
    client.force_login(referent.user)
    url = f"/admin/referents/referent/{referent.pk}/change/"
    page = text(client.get(url))
    assert "jamais un numéro personnel, sauf si vous voulez le rendre public" in page
    data = {
        "public_name": "Nadia",
        "structure": "CCAS",
        "structure_kind": "association",
        "title": "referente",
        "presentation": "Je vous accueille.",
        "phone": "06 12",
        "phone_hours": "le matin",
        "permanences-TOTAL_FORMS": "0",
        "permanences-INITIAL_FORMS": "0",
        "permanences-MIN_NUM_FORMS": "0",
        "permanences-MAX_NUM_FORMS": "1000",
    }
    response = client.post(url, data)
    assert response.status_code == 200
    assert "Écrivez un numéro de téléphone français à 10 chiffres" in text(response)

    data["phone"] = "02 51 00 00 00"
    response = client.post(url, data)
    assert response.status_code == 302, text(response)
    referent.refresh_from_db()
    assert (referent.phone, referent.phone_hours) == ("0251000000", "le matin")


# Personal data ----------------------------------------------------------------------------------


def test_the_number_and_the_welcomer_are_in_the_members_data_and_leave_with_the_account(member):
    from events.personal_data import erase_user_data, export_user_data

    member.first_name = "Alice"
    member.save()
    mine = next_week(
        proposed_by=member, welcomer_name="Alice", welcomer_hint="en rouge", phone_number="0612345678"
    )
    other = next_week(
        proposed_by=member, welcomer_name="Martine", phone_registration=True, phone_number="0240123456"
    )
    proposed = export_user_data(member)["evenements_proposes"]
    assert {(data["qui_accueille"], data["numero_a_appeler"]) for data in proposed} == {
        ("Alice", "0612345678"),
        ("Martine", "0240123456"),
    }

    erase_user_data(member)
    mine.refresh_from_db()
    other.refresh_from_db()
    assert (mine.welcomer_name, mine.welcomer_hint, mine.phone_number) == ("", "", "")
    # Someone else who welcomes stays; the number the member typed goes, it may be theirs.
    assert (other.welcomer_name, other.phone_number, other.phone_registration) == ("Martine", "", False)
