"""'Qui est mon référent ?' (/referents/trouver/?q=) with the real communes and postal codes."""

from html import unescape

import pytest

from events.models import Event
from referents.models import Referent
from tests.conftest import CAP_ATLANTIQUE, CARENE
from tests.factories import EventFactory, next_local
from tests.factories.referents import PermanenceFactory, ReferentFactory
from tousvoisins.commune_lookup import FORMER_COMMUNES, find_commune
from tousvoisins.lib import normalize_place_name
from tousvoisins.models import Commune

pytestmark = pytest.mark.django_db

CARENE_NAME = "Communauté d'agglomération de la Région Nazairienne et de l'Estuaire (CARENE)"
CAP_NAME = "Communauté d'agglomération de la Presqu'île de Guérande Atlantique (Cap Atlantique)"
COMPA_NAME = "Communauté de communes du Pays d'Ancenis (COMPA)"
ESTUAIRE_NAME = "Communauté de communes du Sud Estuaire"
ERDRE_NAME = "Communauté de communes d'Erdre et Gesvres"
BLAIN_NAME = "Communauté de communes du Pays de Blain"
SEVRE_LOIRE_NAME = "Communauté de communes Sèvre et Loire"
SUD_RETZ_NAME = "Communauté de communes Sud Retz Atlantique"
PORNIC_NAME = "Communauté d'agglomération Pornic Agglo Pays de Retz"


def _html(response):
    return unescape(response.content.decode())


@pytest.mark.parametrize(
    ("typed", "commune", "territory"),
    [
        ("st nazaire", "Saint-Nazaire", CARENE_NAME),
        ("SAINT-NAZAIRE", "Saint-Nazaire", CARENE_NAME),
        ("  Saint Nazaire ", "Saint-Nazaire", CARENE_NAME),
        ("44600", "Saint-Nazaire", CARENE_NAME),
        ("la baule", "La Baule-Escoublac", CAP_NAME),
        ("LA BAULE ESCOUBLAC", "La Baule-Escoublac", CAP_NAME),
        ("44500", "La Baule-Escoublac", CAP_NAME),
        ("Ancenis", "Ancenis-Saint-Géréon", COMPA_NAME),
        ("ancenis st gereon", "Ancenis-Saint-Géréon", COMPA_NAME),
        ("ste luce", "Sainte-Luce-sur-Loire", "Nantes Métropole"),
        ("STE-LUCE-SUR-LOIRE", "Sainte-Luce-sur-Loire", "Nantes Métropole"),
        ("Sainte Luce sur Loire", "Sainte-Luce-sur-Loire", "Nantes Métropole"),
        ("44980", "Sainte-Luce-sur-Loire", "Nantes Métropole"),
        ("St-Herblain", "Saint-Herblain", "Nantes Métropole"),
        ("st herblain", "Saint-Herblain", "Nantes Métropole"),
        ("ST-HERBLAIN", "Saint-Herblain", "Nantes Métropole"),
        ("Saint Herblain", "Saint-Herblain", "Nantes Métropole"),
        ("saint-herblain", "Saint-Herblain", "Nantes Métropole"),
        ("44800", "Saint-Herblain", "Nantes Métropole"),
        ("44 800", "Saint-Herblain", "Nantes Métropole"),
        # Nantes has four postal codes.
        ("44000", "Nantes", "Nantes Métropole"),
        ("44100", "Nantes", "Nantes Métropole"),
        ("44200", "Nantes", "Nantes Métropole"),
        ("44300", "Nantes", "Nantes Métropole"),
        ("reze", "Rezé", "Nantes Métropole"),
        ("REZÉ", "Rezé", "Nantes Métropole"),
        ("guerande", "Guérande", CAP_NAME),
        # "œ" typed as two letters, or not.
        ("paimboeuf", "Paimbœuf", ESTUAIRE_NAME),
        ("Paimbœuf", "Paimbœuf", ESTUAIRE_NAME),
        # The postal code and the name together, as on an envelope; the département's number.
        ("44600 Saint-Nazaire", "Saint-Nazaire", CARENE_NAME),
        ("Saint-Nazaire (44600)", "Saint-Nazaire", CARENE_NAME),
        ("44560 paimboeuf", "Paimbœuf", ESTUAIRE_NAME),
        ("Nort-sur-Erdre (44)", "Nort-sur-Erdre", ERDRE_NAME),
        ("blain 44", "Blain", BLAIN_NAME),
        # Communes nouvelles, by their name.
        ("Loireauxence", "Loireauxence", COMPA_NAME),
        ("vallons de l'erdre", "Vallons-de-l'Erdre", COMPA_NAME),
        ("divatte sur loire", "Divatte-sur-Loire", SEVRE_LOIRE_NAME),
        ("machecoul st meme", "Machecoul-Saint-Même", SUD_RETZ_NAME),
        ("CORCOUE-SUR-LOGNE", "Corcoué-sur-Logne", SUD_RETZ_NAME),
        ("chaumes en retz", "Chaumes-en-Retz", PORNIC_NAME),
    ],
)
def test_it_finds_the_commune_and_its_intercommunalite_whatever_the_spelling(
    client, typed, commune, territory
):
    response = client.get("/referents/trouver/", {"q": typed})

    html = _html(response)
    assert response.status_code == 200
    assert f"<title>Qui est mon référent ? — {commune} — Tous voisins 44</title>" in html
    assert f'<h2 id="resultat">{commune} : {territory}</h2>' in html
    assert f'value="{typed.strip()}"' in html


def test_a_postal_code_shared_by_several_communes_offers_the_choice(client):
    response = client.get("/referents/trouver/?q=44150")

    html = _html(response)
    assert (
        "<title>Qui est mon référent ? — plusieurs communes pour « 44150 » — Tous voisins 44</title>" in html
    )
    assert "Plusieurs communes correspondent à « 44150 »" in html
    assert '<a href="?q=44150&commune=44003">Ancenis-Saint-Géréon</a>' in html
    assert '<a href="?q=44150&commune=44163">Vair-sur-Loire</a>' in html


@pytest.mark.parametrize(
    ("typed", "communes"),
    [
        ("44370", ["Loireauxence", "Montrelais"]),
        ("44540", ["Le Pin", "Vallons-de-l'Erdre"]),
        ("44 150", ["Ancenis-Saint-Géréon", "Vair-sur-Loire"]),
        (
            "44680",
            ["Chaumes-en-Retz", "Saint-Hilaire-de-Chaléons", "Saint-Mars-de-Coutais", "Sainte-Pazanne"],
        ),
    ],
)
def test_every_commune_of_a_shared_postal_code_is_offered(client, typed, communes):
    html = _html(client.get("/referents/trouver/", {"q": typed}))

    choices = html.split('<ul class="commune-choices">', 1)[1].split("</ul>", 1)[0]
    assert [line.split("</a>")[0].rsplit(">", 1)[1] for line in choices.split("<li>")[1:]] == communes


@pytest.mark.parametrize(
    ("typed", "commune"),
    [
        ("44150 vair", "Vair-sur-Loire"),
        ("Ancenis 44150", "Ancenis-Saint-Géréon"),
        ("44370 loireauxence", "Loireauxence"),
    ],
)
def test_a_name_beside_a_shared_postal_code_picks_the_commune(client, typed, commune):
    html = _html(client.get("/referents/trouver/", {"q": typed}))

    assert f'<h2 id="resultat">{commune} : ' in html


def test_choosing_among_several_communes_gives_the_result(client):
    html = _html(client.get("/referents/trouver/?q=44150&commune=44163"))

    assert f"Vair-sur-Loire : {COMPA_NAME}" in html
    assert 'value="44150"' in html


def test_a_name_matching_too_many_communes_asks_for_more(client):
    html = _html(client.get("/referents/trouver/?q=saint"))

    assert "Plusieurs communes correspondent à « saint »" in html
    assert "écrivez un nom plus complet ou votre code postal" in html


@pytest.mark.parametrize(
    ("typed", "commune", "former"),
    [
        ("Varades", "Loireauxence", "Varades"),
        ("VARADES", "Loireauxence", "Varades"),
        ("belligne", "Loireauxence", "Belligné"),
        ("La Rouxière", "Loireauxence", "La Rouxière"),
        ("bourgneuf en retz", "Villeneuve-en-Retz", "Bourgneuf-en-Retz"),
        ("Bourgneuf", "Villeneuve-en-Retz", "Bourgneuf-en-Retz"),
        ("Le Clion-sur-Mer", "Pornic", "Le Clion-sur-Mer"),
        ("le clion", "Pornic", "Le Clion-sur-Mer"),
        ("Ste-Marie-sur-Mer", "Pornic", "Sainte-Marie-sur-Mer"),
        ("Bonnœuvre", "Vallons-de-l'Erdre", "Bonnœuvre"),
        ("bonnoeuvre", "Vallons-de-l'Erdre", "Bonnœuvre"),
        ("st mars la jaille", "Vallons-de-l'Erdre", "Saint-Mars-la-Jaille"),
        ("Freigne", "Vallons-de-l'Erdre", "Freigné"),
        ("st jean de corcoue", "Corcoué-sur-Logne", "Saint-Jean-de-Corcoué"),
        ("Saint-Étienne-de-Corcoué", "Corcoué-sur-Logne", "Saint-Étienne-de-Corcoué"),
        ("anetz", "Vair-sur-Loire", "Anetz"),
        ("ST-HERBLON", "Vair-sur-Loire", "Saint-Herblon"),
        ("barbechat", "Divatte-sur-Loire", "Barbechat"),
        ("la chapelle basse mer", "Divatte-sur-Loire", "La Chapelle-Basse-Mer"),
        ("Chéméré", "Chaumes-en-Retz", "Chéméré"),
        ("arthon", "Chaumes-en-Retz", "Arthon-en-Retz"),
        ("st meme le tenu", "Machecoul-Saint-Même", "Saint-Même-le-Tenu"),
    ],
)
def test_a_former_commune_leads_to_the_commune_nouvelle_and_says_so(client, typed, commune, former):
    html = _html(client.get("/referents/trouver/", {"q": typed}))

    assert f'<h2 id="resultat">{commune} : ' in html
    assert f"« {former} » fait aujourd'hui partie de la commune de {commune}." in html


@pytest.mark.parametrize(
    ("typed", "commune"),
    [("44011", "Loireauxence"), ("44225", "Vallons-de-l'Erdre"), ("49144", "Vallons-de-l'Erdre")],
)
def test_a_former_insee_code_of_the_data_leads_to_the_commune_nouvelle(client, typed, commune):
    html = _html(client.get("/referents/trouver/", {"q": typed}))

    assert f'<h2 id="resultat">{commune} : ' in html


def test_the_name_of_a_commune_nouvelle_comes_before_a_former_name():
    # "Saint-Géréon" is a former commune, and part of the name of today's Ancenis-Saint-Géréon.
    lookup = find_commune("st gereon")

    assert (lookup.commune.name, lookup.former_name) == ("Ancenis-Saint-Géréon", "")


def test_every_former_commune_points_at_a_real_commune_nouvelle():
    for name, (insee, former_code) in FORMER_COMMUNES.items():
        commune = Commune.objects.get(insee=insee)
        assert commune.former_insee_codes, name
        if former_code:
            assert former_code in commune.former_insee_codes, name
        # A former name that were still a commune's would never be reached.
        assert not Commune.objects.filter(search_name=normalize_place_name(name)).exists(), name


def test_every_commune_nouvelle_of_the_data_has_its_former_names():
    communes_nouvelles = set(Commune.objects.exclude(former_insee_codes=[]).values_list("insee", flat=True))

    assert communes_nouvelles == {insee for insee, _ in FORMER_COMMUNES.values()}
    assert len(communes_nouvelles) == 10


@pytest.mark.parametrize(("typed", "suggestion"), [("Nantess", "Nantes"), ("Guerrande", "Guérande")])
def test_an_unknown_name_gets_a_friendly_message_and_the_closest_names(client, typed, suggestion):
    response = client.get("/referents/trouver/", {"q": typed})

    html = _html(response)
    assert response.status_code == 200
    assert f"<title>Qui est mon référent ? — « {typed} » introuvable — Tous voisins 44</title>" in html
    assert f"Nous n'avons pas trouvé « {typed} »" in html
    assert "Vérifiez l'orthographe, ou écrivez votre code postal." in html
    assert "Vouliez-vous dire :" in html
    assert f">{suggestion}</a>" in html


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [("Varadess", "Loireauxence"), ("Bonoeuvre", "Vallons-de-l'Erdre"), ("Chemeray", "Chaumes-en-Retz")],
)
def test_a_misspelt_former_name_suggests_its_commune_nouvelle_first(client, typed, suggestion):
    html = _html(client.get("/referents/trouver/", {"q": typed}))

    suggestions = html.split("Vouliez-vous dire :", 1)[1].split("</ul>", 1)[0]
    assert suggestions.split("</a>", 1)[0].endswith(f">{suggestion}")


def test_a_misspelt_former_name_is_named_beside_the_suggestion(client):
    html = _html(client.get("/referents/trouver/?q=Bonoeuvre"))

    assert "Vouliez-vous dire :" in html
    assert (
        ">Vallons-de-l'Erdre</a> <span class=\"meta\">(« Bonnœuvre » en fait partie aujourd'hui)</span>"
        in html
    )


@pytest.mark.parametrize("typed", ["75001", "75001 Paris", "49000"])
def test_a_postal_code_outside_loire_atlantique_is_explained(client, typed):
    response = client.get("/referents/trouver/", {"q": typed})

    assert response.status_code == 200
    assert "Ce code postal n'est pas celui d'une commune de Loire-Atlantique." in _html(response)


@pytest.mark.parametrize("typed", ["44", "4480", "44 80"])
def test_a_number_too_short_for_a_postal_code_is_explained(client, typed):
    response = client.get("/referents/trouver/", {"q": typed})

    assert response.status_code == 200
    assert "Un code postal a 5 chiffres, par exemple 44600." in _html(response)


@pytest.mark.parametrize(
    "typed",
    [
        "Paris",
        "<script>alert(1)</script>",
        "x" * 500,
        "%%%",
        "44",
        "(44)",
        "'",
        "4" * 12,
        "ÿ\u0301",
        "44600" * 30,
    ],
)
def test_odd_entries_never_give_an_error_page(client, typed):
    response = client.get("/referents/trouver/", {"q": typed})

    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_an_unknown_commune_code_in_the_address_just_shows_the_form(client):
    response = client.get("/referents/trouver/?commune=99999")

    assert response.status_code == 200
    assert "<title>Qui est mon référent ? — Tous voisins 44</title>" in _html(response)


def test_the_lookup_ignores_empty_entries():
    assert not find_commune("   ").searched


# The result ---------------------------------------------------------------------------------


@pytest.fixture
def carene():
    karim = ReferentFactory(public_name="Karim", kind=Referent.Kind.TERRITORY, sirens=[CARENE])
    emploi = ReferentFactory(public_name="Sophie", themes=["emploi"])
    PermanenceFactory(referent=emploi, insee="44184", place_name="Espace France services")
    ReferentFactory(public_name="Bernard", themes=["mobilite"])  # no permanence there
    ReferentFactory(public_name="Yann", kind=Referent.Kind.TERRITORY, sirens=[CAP_ATLANTIQUE])
    return karim


def test_the_result_shows_the_territory_referent_the_thematic_ones_and_the_next_events(client, carene):
    for days in range(1, 8):
        EventFactory(insee="44184", title=f"Atelier numéro {days}", start=next_local(days=days))
    EventFactory(insee="44109", title="Rencontre à Nantes")
    EventFactory(insee="44184", title="Rencontre proposée", status=Event.Status.PROPOSED)

    html = _html(client.get("/referents/trouver/?q=st nazaire"))

    territory_section = html.split('id="referent-territoire"', 1)[1].split("</section>", 1)[0]
    assert ">Karim<" in territory_section
    assert ">Yann<" not in html
    thematic_section = html.split('id="referents-thematiques"', 1)[1].split("</section>", 1)[0]
    assert ">Sophie<" in thematic_section
    assert ">Bernard<" not in thematic_section
    events = html.split('id="prochaines-rencontres"', 1)[1].split("</section>", 1)[0]
    assert [f"Atelier numéro {days}" in events for days in range(1, 8)] == [True] * 5 + [False] * 2
    assert "Rencontre à Nantes" not in events
    assert "Rencontre proposée" not in events
    assert f'href="/agenda/?territoire={CARENE}"' in events


def test_a_territory_without_referent_invites_volunteers(client):
    html = _html(client.get("/referents/trouver/?q=nozay"))

    assert "Votre intercommunalité n'a pas encore de référent de territoire." in html
    assert "Recherche un référent — devenez bénévole" in html
    assert 'href="/contact/?sujet=benevole' in html
    assert "Pas de rencontre annoncée pour le moment dans votre intercommunalité." in html


def test_the_result_makes_a_fixed_number_of_queries(client, carene, django_assert_num_queries):
    EventFactory(insee="44184")
    # 1 the commune by postal code with its intercommunalité, 2 the referents serving it with
    # their account and scope, 3 their thèmes, 4 their intercommunalités, 5 their permanences,
    # 6 the next dates with their event and commune.
    with django_assert_num_queries(6):
        client.get("/referents/trouver/?q=44600")
    # By name: 1 the commune, the exact name first within that one query. Since the first
    # request (tousvoisins.fragments) the active referents serving the intercommunalité, their
    # cards (3-5: thèmes, intercommunalités, permanences) and the next dates (6) are kept.
    with django_assert_num_queries(1):
        client.get("/referents/trouver/?q=st nazaire")
