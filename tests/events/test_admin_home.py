"""The admin home of a referent (issue 12, items 6 and 8): the four things they do most, as large
buttons with counts of their own scope; and the plain French of the referents' screens."""

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from events.models import Event, Participation
from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE
from tests.factories import EventFactory
from tests.factories.profiles import UserFactory
from tousvoisins.models import Intercommunalite

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)
HOME = "/admin/"
REZE, GUERANDE = "44143", "44069"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def text(response):
    assert response.status_code == 200
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def proposal(insee, title="Proposition"):
    return EventFactory(title=title, insee=insee, status=Event.Status.PROPOSED)


def participants(event, count):
    occurrence = event.occurrences.order_by("start").first()
    for _ in range(count):
        Participation.objects.create(occurrence=occurrence, user=UserFactory())


@pytest.fixture
def two_territories():
    """Two proposals and three people coming within the week in Nantes Métropole; one and one in
    Cap Atlantique."""
    proposal(REZE, "Pique-nique à Rezé")
    proposal(REZE, "Chorale à Rezé")
    proposal(GUERANDE, "Balade à Guérande")
    participants(EventFactory(title="Café à Rezé", insee=REZE, start=NOW + timedelta(days=2)), 3)
    participants(EventFactory(title="Café à Guérande", insee=GUERANDE, start=NOW + timedelta(days=3)), 1)


def test_a_nantes_referent_sees_the_counts_of_nantes_metropole_only(client, nantes_referent, two_territories):
    client.force_login(nantes_referent)
    page = text(client.get(HOME))
    assert "Ce que vous faites le plus souvent" in page
    assert "2 propositions à relire" in page
    assert "3 personnes inscrites dans les 7 prochains jours." in page
    assert "Inscrire quelqu'un par téléphone" in page
    assert "Imprimer le programme" in page


def test_a_cap_atlantique_referent_sees_the_counts_of_cap_atlantique_only(
    client, cap_referent, two_territories
):
    client.force_login(cap_referent)
    page = text(client.get(HOME))
    assert "1 proposition à relire" in page
    assert "1 personne inscrite dans les 7 prochains jours." in page


def test_a_moderator_sees_the_counts_of_the_whole_departement(client, moderator, two_territories):
    client.force_login(moderator)
    page = text(client.get(HOME))
    assert "3 propositions à relire" in page
    assert "4 personnes inscrites dans les 7 prochains jours." in page


def test_the_counts_are_those_of_the_lists_the_buttons_open(client, nantes_referent, two_territories):
    client.force_login(nantes_referent)
    content = client.get(HOME).content.decode()
    proposals = re.search(r'href="([^"]*proposedevent[^"]*)"[^>]*>\s*2 propositions', content).group(1)
    coming = re.search(r'href="([^"]*participation/\?quand=7-jours)"', content).group(1)
    listed = client.get(html.unescape(proposals)).context["cl"].result_list
    assert sorted(event.title for event in listed) == ["Chorale à Rezé", "Pique-nique à Rezé"]
    people = client.get(html.unescape(coming)).context["cl"].result_list
    assert {p.occurrence.event.title for p in people} == {"Café à Rezé"} and len(people) == 3


def test_only_dates_of_the_coming_week_count(client, nantes_referent):
    participants(EventFactory(title="Dans huit jours", insee=REZE, start=NOW + timedelta(days=8)), 2)
    participants(EventFactory(title="Dans six jours", insee=REZE, start=NOW + timedelta(days=6)), 1)
    client.force_login(nantes_referent)
    assert "1 personne inscrite dans les 7 prochains jours." in text(client.get(HOME))


def test_a_territory_referent_prints_the_programme_of_their_intercommunalite(client, nantes_referent):
    client.force_login(nantes_referent)
    content = client.get(HOME).content.decode()
    assert f'href="/agenda/imprimer/{NANTES_METROPOLE}/"' in content
    assert f'href="/agenda/imprimer/{CAP_ATLANTIQUE}/"' not in content


def test_a_thematic_referent_and_a_moderator_may_print_every_intercommunalite(
    client, thematic_referent, moderator
):
    every = set(Intercommunalite.objects.values_list("siren", flat=True))
    for user in (thematic_referent, moderator):
        client.force_login(user)
        content = client.get(HOME).content.decode()
        assert set(re.findall(r'href="/agenda/imprimer/(\d{9})/"', content)) == every


def test_a_member_gets_no_admin_home(client, member):
    client.force_login(member)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_the_home_makes_the_same_queries_whatever_the_number_of_rows(
    client, nantes_referent, django_assert_num_queries
):
    client.force_login(nantes_referent)
    client.get(HOME)  # content types and permissions are cached after a first visit

    def count():
        # session, user, their group names, the proposals in scope, the participations in scope
        # within 7 days, their intercommunalités (print links), the user's and their groups'
        # permissions (list of models), the recent actions, whether they have a second factor
        # (accounts.admin_home offers it).
        with django_assert_num_queries(10) as captured:
            client.get(HOME)
        return len(captured)

    first = count()
    proposal(REZE)
    participants(EventFactory(insee=REZE, start=NOW + timedelta(days=1)), 3)
    assert count() == first


# Plain French on the referents' screens --------------------------------------------------------


def test_the_lists_speak_plain_french(client, nantes_referent, two_territories):
    client.force_login(nantes_referent)
    page = text(client.get("/admin/events/proposedevent/"))
    assert "Choisissez une proposition à relire" in page
    assert "Sélectionnez" not in page and "objet" not in page
    assert "Pour les lignes cochées : " in page
    assert "Appliquer" in page
    page = text(client.get("/admin/events/event/"))
    assert "Choisissez un événement" in page
    assert "Ajouter un événement" in page
    assert "Qui vient à vos rencontres" in text(client.get("/admin/events/participation/"))


def test_the_forms_speak_plain_french(client, nantes_referent):
    event = proposal(REZE, "Pique-nique à Rezé")
    client.force_login(nantes_referent)
    page = text(client.get(f"/admin/events/proposedevent/{event.pk}/change/"))
    assert "Relire la proposition" in page and "Modification de" not in page
    page = text(client.get("/admin/events/event/add/"))
    assert "Ajouter un événement" in page and "Ajout de" not in page


def test_the_delete_action_is_worded_plainly(client):
    EventFactory()  # actions show on a list that has rows
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    content = client.get("/admin/events/event/").content.decode()
    assert "Supprimer définitivement les lignes cochées" in content
    assert "sélectionnés" not in content


def test_every_admin_page_loads_the_larger_type(client, nantes_referent):
    client.force_login(nantes_referent)
    for path in (HOME, "/admin/events/event/", "/admin/guide/"):
        assert "/static/css/admin.css" in client.get(path).content.decode()


def test_the_phone_registration_button_opens_the_registration_form(client, nantes_referent, two_territories):
    client.force_login(nantes_referent)
    page = client.get(HOME).content.decode()

    assert 'href="/admin/events/proxyregistration/add/"' in page
    form = client.get("/admin/events/proxyregistration/add/")
    assert form.status_code == 200
    assert "<title>Inscrire quelqu&#x27;un — Tous voisins 44</title>" in form.content.decode()
