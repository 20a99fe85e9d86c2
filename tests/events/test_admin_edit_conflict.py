"""Two referents editing the same event in the admin: the second to save is told, and nothing
the first saved is lost; saving again, knowingly, keeps the second one's changes."""

import html
import re

import pytest
from django.test import Client

from accounts.models import TERRITORY_REFERENTS
from events.models import Event
from tests.conftest import NANTES_METROPOLE, make_user
from tests.events.test_admin import form_data
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
CONFLICT = "Quelqu'un d'autre a enregistré cette fiche pendant que vous la modifiiez."


def text(response):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


@pytest.fixture
def event():
    # Rezé: in the scope of the Nantes Métropole referent and of the moderators.
    return EventFactory(
        title="Pique-nique à Rezé",
        insee="44143",
        themes=["loisirs-culture-sport"],
        status=Event.Status.PUBLISHED,
    )


def url(event):
    return f"/admin/events/event/{event.pk}/change/"


def test_the_second_referent_to_save_is_told_and_the_first_change_is_kept(client, nantes_referent, event):
    colleague = make_user("noemie", group=TERRITORY_REFERENTS, sirens=[NANTES_METROPOLE])
    first, second = client, Client()
    first.force_login(nantes_referent)
    second.force_login(colleague)
    first_data = form_data(first.get(url(event)))
    second_data = form_data(second.get(url(event)))
    assert first_data["edit_fingerprint"] == second_data["edit_fingerprint"] != ""

    first_data["title"] = "Pique-nique au bord de la Sèvre"
    response = first.post(url(event), first_data)
    assert response.status_code == 302, text(response)

    second_data["place_name"] = "Parc de la Balinière"
    response = second.post(url(event), second_data)
    assert response.status_code == 200
    assert CONFLICT in text(response)
    event.refresh_from_db()
    assert event.title == "Pique-nique au bord de la Sèvre"
    assert event.place_name != "Parc de la Balinière"

    # The form came back with what the second one typed; saving again keeps it, knowingly.
    again = form_data(response)
    assert again["place_name"] == "Parc de la Balinière"
    response = second.post(url(event), again)
    assert response.status_code == 302, text(response)
    event.refresh_from_db()
    assert event.place_name == "Parc de la Balinière"
    assert event.title == "Pique-nique à Rezé"  # the form sent back still had the old title


def test_one_person_saving_twice_in_a_row_is_not_bothered(client, nantes_referent, event):
    client.force_login(nantes_referent)
    data = form_data(client.get(url(event)))
    data["place_name"] = "Salle des fêtes"
    assert client.post(url(event), data).status_code == 302
    data = form_data(client.get(url(event)))
    data["place_name"] = "Salle polyvalente"
    response = client.post(url(event), data)
    assert response.status_code == 302, text(response)
    event.refresh_from_db()
    assert event.place_name == "Salle polyvalente"


def test_a_referent_out_of_scope_cannot_open_it(client, cap_referent, event):
    client.force_login(cap_referent)
    assert client.get(url(event)).status_code in (302, 403, 404)
