"""The directory (/referents/) and a referent's page (/referents/<id>/)."""

from html import unescape

import pytest

from accounts.models import User
from referents.models import Referent
from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE
from tests.factories.referents import PermanenceFactory, ReferentFactory

pytestmark = pytest.mark.django_db


def _html(response):
    # Apostrophes come escaped (&#x27;): compare with the text a person reads.
    return unescape(response.content.decode())


@pytest.fixture
def referents(db):
    """A territory referent of Nantes Métropole, one of Cap Atlantique, and two thematic ones."""
    nantes = ReferentFactory(public_name="Claire", kind=Referent.Kind.TERRITORY, sirens=[NANTES_METROPOLE])
    PermanenceFactory(referent=nantes, place_name="Maison de quartier de Doulon")
    cap = ReferentFactory(public_name="Yann", kind=Referent.Kind.TERRITORY, sirens=[CAP_ATLANTIQUE])
    emploi = ReferentFactory(public_name="Sophie", themes=["emploi"])
    # Sophie holds a permanence in Nantes: she serves Nantes Métropole too.
    PermanenceFactory(referent=emploi, place_name="Maison de l'emploi")
    mobilite = ReferentFactory(public_name="Bernard", themes=["mobilite", "solidarite"])
    PermanenceFactory(referent=mobilite, insee="44015", place_name="Centre social")
    return {"nantes": nantes, "cap": cap, "emploi": emploi, "mobilite": mobilite}


def test_the_directory_shows_every_active_referent_as_a_card(client, referents):
    ReferentFactory(public_name="Parti", is_active=False)

    response = client.get("/referents/")

    html = _html(response)
    assert response.status_code == 200
    assert "<title>Référents — Tous voisins 44</title>" in html
    assert "4 référents" in html
    assert "Parti" not in html
    # Territory referents first, then by name.
    assert html.index(">Claire<") < html.index(">Yann<") < html.index(">Bernard<") < html.index(">Sophie<")
    assert "Référent de territoire" in html
    assert "Nantes Métropole" in html
    assert '<li class="theme-badge theme-mobilite"><span class="theme-label theme-mobilite">' in html
    assert '<span class="theme-label__name">Mobilité</span></span></li>' in html
    assert "Permanence : le mardi de 14 h à 17 h, Centre social (Blain)." in html
    assert f'href="/referents/{referents["nantes"].pk}/"' in html


def test_the_directory_filters_by_theme_without_javascript(client, referents):
    html = _html(client.get("/referents/?theme=mobilite"))

    assert "<title>Référents — Mobilité — Tous voisins 44</title>" in html
    assert "1 référent<" in html
    assert ">Bernard<" in html
    assert ">Sophie<" not in html
    assert '<option value="mobilite" selected>Mobilité</option>' in html


def test_filtering_by_territory_shows_its_referent_and_the_thematic_ones_who_meet_people_there(
    client, referents
):
    html = _html(client.get(f"/referents/?territoire={NANTES_METROPOLE}"))

    assert ">Claire<" in html
    assert ">Sophie<" in html  # a permanence in Nantes
    assert ">Yann<" not in html
    assert ">Bernard<" not in html  # his permanence is in Blain
    assert "2 référents" in html


def test_a_wrong_filter_is_explained_beside_its_field_and_ignored(client, referents):
    response = client.get("/referents/?theme=jardinage")

    html = _html(response)
    assert response.status_code == 200
    assert "Ce thème n'existe pas. Choisissez un thème dans la liste." in html
    assert "4 référents" in html


def test_the_directory_makes_the_same_queries_whatever_the_number_of_referents(
    client, referents, django_assert_num_queries
):
    # 1 thèmes and 2 intercommunalités of the filter form, 3 count for the pagination,
    # 4 referents with their account and scope, 5 their thèmes, 6 their intercommunalités,
    # 7 their permanences with the commune.
    with django_assert_num_queries(7):
        client.get("/referents/")
    for index in range(5):
        PermanenceFactory(referent=ReferentFactory(themes=["logement"], public_name=f"Autre {index}"))
    # The filter form's choices are kept since the first request (tousvoisins.fragments): 2
    # queries fewer; the cards are rendered again (new stamp), so 4 to 7 are read.
    with django_assert_num_queries(5):
        response = client.get("/referents/")
    assert "9 référents" in _html(response)


def test_the_filtered_directory_makes_the_same_queries(client, referents, django_assert_num_queries):
    with django_assert_num_queries(7):
        client.get(f"/referents/?theme=emploi&territoire={NANTES_METROPOLE}")


def test_an_empty_directory_says_so_and_invites_volunteers(client):
    html = _html(client.get("/referents/"))

    assert "Aucun référent ne correspond à votre recherche pour le moment." in html
    assert "Devenir référent" in html


def test_the_tab_is_marked_as_the_current_page(client):
    html = _html(client.get("/referents/"))

    assert '<a href="/referents/" aria-current="page">Référents</a>' in html


# Detail ------------------------------------------------------------------------------------


def test_the_detail_shows_the_card_permanences_and_contact_form(client, referents):
    referent = referents["mobilite"]
    referent.phone = "02 40 12 34 56"
    referent.save()

    response = client.get(f"/referents/{referent.pk}/")

    html = _html(response)
    assert response.status_code == 200
    assert "<title>Bernard, référent thématique — Tous voisins 44</title>" in html
    assert html.count("<h1") == 1
    assert "<h1>Bernard</h1>" in html
    assert "Mobilité" in html
    assert "Solidarité" in html
    assert "Toute la Loire-Atlantique, pour ces thèmes." in html
    assert "Le mardi de 14 h à 17 h" in html
    assert "Centre social, 1 rue de la Paix, Blain" in html
    # Dialled in its international form, so that any phone calls it (tousvoisins.phones).
    assert '<a href="tel:+33240123456">02 40 12 34 56</a>' in html
    assert '<h2 id="ecrire">Écrire à Bernard</h2>' in html
    assert (
        '<label for="id_email">Votre adresse e-mail <span class="required">(obligatoire)</span></label>'
        in html
    )


def test_the_detail_of_a_territory_referent_names_their_intercommunalite(client, referents):
    html = _html(client.get(f"/referents/{referents['cap'].pk}/"))

    assert "Communauté d'agglomération de la Presqu'île de Guérande Atlantique (Cap Atlantique)" in html
    assert "Pas de permanence pour le moment." in html


def test_an_inactive_or_unknown_referent_is_not_found(client, referents):
    referents["cap"].is_active = False
    referents["cap"].save()

    assert client.get(f"/referents/{referents['cap'].pk}/").status_code == 404
    assert client.get("/referents/999999/").status_code == 404


def test_the_detail_makes_a_fixed_number_of_queries(client, referents, django_assert_num_queries):
    # 1 the referent with their account and scope, 2 thèmes, 3 intercommunalités, 4 permanences.
    with django_assert_num_queries(4):
        client.get(f"/referents/{referents['emploi'].pk}/")


def test_no_page_shows_anyones_email_address(client, referents, member):
    pages = [
        "/referents/",
        f"/referents/{referents['nantes'].pk}/",
        f"/referents/{referents['emploi'].pk}/",
        "/referents/carte/",
        "/referents/trouver/?q=nantes",
        "/referents/trouver/?q=44150",
        "/referents/trouver/?q=Nantess",
        f"/referents/?theme=emploi&territoire={NANTES_METROPOLE}",
        "/referents/carte/intercommunalites.geojson",
    ]
    addresses = list(User.objects.values_list("email", flat=True))
    assert len(addresses) == 5
    # A visitor, a member, and a referent (who does not see their own address either).
    for user in (None, member, referents["nantes"].user):
        if user:
            client.force_login(user)
        for path in pages:
            html = _html(client.get(path))
            assert not [address for address in addresses if address in html], path
            assert "mailto:" not in html, path


def test_the_volunteer_link_opens_the_contact_form_on_the_right_subject(client):
    html = _html(client.get("/referents/carte/"))
    volunteer_url = html.split("Recherche un référent — devenez bénévole", 1)[1].split('href="', 1)[1]
    volunteer_url = volunteer_url.split('"', 1)[0]

    contact = _html(client.get(volunteer_url))

    assert volunteer_url == "/contact/?sujet=benevole"
    chosen = contact.split('value="benevole"', 1)[1].split(">", 1)[0]
    assert "checked" in chosen
    assert "Devenir référent bénévole" in contact
