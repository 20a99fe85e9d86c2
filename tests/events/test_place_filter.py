"""The agenda's place filter: one text field, « Commune ou code postal », instead of two lists of
207 communes. A name or a postal code finds the commune (as « Qui est mon référent ? » does), a
distance turns it into "around"; several communes or none get a French message beside the field,
what was typed is kept, and the communes it may mean are offered. Old links (?commune=<insee>,
?autour=<insee>) keep working. The filters fold into « Filtrer les rencontres », after which the
dates come."""

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.gis.db.models.fields import get_srid_info
from django.db import connection

from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=PARIS), tick=False):
        yield


def on(day, title, insee):
    start = datetime(2026, 12, day, 14, tzinfo=PARIS)
    return EventFactory(start=start, end=start + timedelta(hours=2), title=title, insee=insee)


@pytest.fixture
def events():
    on(1, "Fête du vélo", "44109")  # Nantes
    on(3, "Café-emploi", "44143")  # Rezé, next to Nantes
    on(10, "Atelier CV", "44184")  # Saint-Nazaire
    on(12, "Chorale", "44043")  # Clisson, 44190 like six other communes
    on(20, "Tricot et papotage", "44113")  # Nozay


ALL = ["Fête du vélo", "Café-emploi", "Atelier CV", "Chorale", "Tricot et papotage"]


def page_text(response):
    return html.unescape(response.content.decode())


def listed(response):
    return re.findall(r'agenda-item__title"><a href="[^"]+">([^<]+)</a>', page_text(response))


def error_beside_place(response):
    """The message under « Commune ou code postal », and whether the field points to it."""
    content = page_text(response)
    errors = re.search(r'<ul class="errorlist" id="id_lieu_error">(.*?)</ul>', content, re.S)
    field = re.search(r'<input type="text" name="lieu"[^>]*>', content).group(0)
    described = "id_lieu_error" in (re.search(r'aria-describedby="([^"]*)"', field) or [None, ""])[1]
    message = re.sub(r"<[^>]+>", "", errors.group(1)).strip() if errors else ""
    message = message.removeprefix("Erreur :").strip()
    return message, described, field


@pytest.mark.parametrize(
    ("typed", "expected", "heading"),
    [
        ("Nantes", ["Fête du vélo"], "Nantes"),
        ("nantes", ["Fête du vélo"], "Nantes"),
        ("st nazaire", ["Atelier CV"], "Saint-Nazaire"),
        ("SAINT-NAZAIRE", ["Atelier CV"], "Saint-Nazaire"),
        ("44600", ["Atelier CV"], "Saint-Nazaire"),
        ("44 400", ["Café-emploi"], "Rezé"),
        ("44190 Clisson", ["Chorale"], "Clisson"),
        ("Nozay (44)", ["Tricot et papotage"], "Nozay"),
    ],
)
def test_a_commune_is_found_by_its_name_or_its_postal_code(client, events, typed, expected, heading):
    response = client.get("/agenda/", {"lieu": typed})

    assert response.status_code == 200
    assert listed(response) == expected
    assert f'<h1>Agenda <span class="heading-detail">: {heading}</span></h1>' in page_text(response)
    message, _described, field = error_beside_place(response)
    assert message == ""
    assert f'value="{html.escape(typed, quote=True)}"' in field.replace("&#x27;", "'")


def test_with_a_distance_it_lists_the_rencontres_around_the_commune(client, events):
    response = client.get("/agenda/", {"lieu": "Nantes", "rayon": "10"})

    assert listed(response) == ["Fête du vélo", "Café-emploi"]
    assert "<title>Agenda — à 10 km autour de Nantes — Tous voisins 44</title>" in page_text(response)


def test_a_postal_code_of_several_communes_asks_which_one_and_keeps_what_was_typed(client, events):
    response = client.get("/agenda/", {"lieu": "44190", "theme": "emploi"})

    message, described, field = error_beside_place(response)
    assert message == (
        "Plusieurs communes correspondent à « 44190 » : choisissez la vôtre. Vouliez-vous dire Boussay, "
        "Clisson, Gétigné, Gorges, Saint-Hilaire-de-Clisson ou Saint-Lumine-de-Clisson ?"
    )
    assert described
    assert 'value="44190"' in field
    assert 'aria-invalid="true"' in field
    content = page_text(response)
    # One link per commune, the other filters kept: one tap chooses.
    assert '<a href="/agenda/?lieu=Clisson&amp;theme=emploi">Clisson</a>'.replace("&amp;", "&") in content
    assert re.search(r'<details class="agenda__filters filters-toggle" open>', content)
    # The place is ignored, the valid filters still apply.
    assert listed(response) == []  # no emploi event among these five


def test_following_an_offered_commune_filters_on_it(client, events):
    response = client.get("/agenda/", {"lieu": "44190"})
    link = re.search(r'<a href="(/agenda/\?lieu=Gorges)">Gorges</a>', page_text(response)).group(1)

    assert listed(client.get("/agenda/?lieu=Clisson")) == ["Chorale"]
    assert listed(client.get(link)) == []
    assert error_beside_place(client.get(link))[0] == ""


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        (
            "Paris",
            "Nous ne trouvons pas « Paris » parmi les communes de Loire-Atlantique. Écrivez le nom "
            "d'une commune ou son code postal, par exemple Blain ou 44130.",
        ),
        (
            "Nnates",
            "Nous ne trouvons pas « Nnates » parmi les communes de Loire-Atlantique. "
            "Vouliez-vous dire Nantes ?",
        ),
        (
            "75001",
            "Le code postal 75001 n'est pas celui d'une commune de Loire-Atlantique. Vérifiez-le, ou "
            "écrivez le nom de la commune.",
        ),
        (
            "44",
            "Un code postal a 5 chiffres, par exemple 44130. Écrivez les 5 chiffres, ou le nom de la "
            "commune.",
        ),
        (
            "saint",
            "Beaucoup de communes correspondent à « saint ». Écrivez le nom en entier ou le code postal.",
        ),
    ],
)
def test_an_unknown_place_gets_a_french_message_beside_the_field_and_every_rencontre_still_shows(
    client, events, typed, message
):
    response = client.get("/agenda/", {"lieu": typed})

    assert response.status_code == 200
    found, described, field = error_beside_place(response)
    assert found == message
    assert described
    assert f'value="{typed}"' in field
    assert listed(response) == ALL
    assert "Un filtre n'a pas pu être utilisé" in page_text(response)


def test_a_misspelt_name_offers_the_commune_it_may_mean(client, events):
    content = page_text(client.get("/agenda/", {"lieu": "Nnates"}))

    assert '<a href="/agenda/?lieu=Nantes">Nantes</a>' in content


def test_a_former_commune_s_name_finds_the_commune_nouvelle(client):
    on(5, "Marche", "44213")  # Loireauxence, which Varades joined

    response = client.get("/agenda/", {"lieu": "Varades"})

    assert listed(response) == ["Marche"]
    assert "Agenda — Loireauxence" in page_text(response)


@pytest.mark.parametrize(
    ("query", "expected", "shown", "radius"),
    [
        ("commune=44184", ["Atelier CV"], "Saint-Nazaire", ""),
        ("autour=44109", ["Fête du vélo", "Café-emploi"], "Nantes", "10"),
        (
            "autour=44109&rayon=60",
            ["Fête du vélo", "Café-emploi", "Atelier CV", "Chorale", "Tricot et papotage"],
            "Nantes",
            "60",
        ),
    ],
)
def test_old_links_with_an_insee_code_keep_working_and_fill_the_field(
    client, events, query, expected, shown, radius
):
    response = client.get(f"/agenda/?{query}")

    assert response.status_code == 200
    assert listed(response) == expected
    _message, _described, field = error_beside_place(response)
    assert f'value="{shown}"' in field
    rayon = re.search(r'<input type="number" name="rayon"[^>]*>', page_text(response)).group(0)
    assert (f'value="{radius}"' in rayon) if radius else "value=" not in rayon


def test_the_typed_place_wins_over_an_old_insee_code(client, events):
    assert listed(client.get("/agenda/?commune=44184&lieu=Nozay")) == ["Tricot et papotage"]


def test_the_month_the_map_and_the_calendar_feed_take_the_same_field(client, events):
    month = page_text(client.get("/agenda/mois/2026/12/", {"lieu": "44600"}))
    assert "Atelier CV" in month and "Chorale" not in month

    geojson = client.get("/agenda/carte/evenements.geojson", {"lieu": "st nazaire"}).json()
    assert [feature["properties"]["title"] for feature in geojson["features"]] == ["Atelier CV"]

    feed = client.get("/agenda/agenda.ics", {"lieu": "Clisson"}).content.decode()
    assert "SUMMARY:Chorale" in feed and "SUMMARY:Atelier CV" not in feed


def test_the_two_lists_of_207_communes_are_gone(client, events):
    content = page_text(client.get("/agenda/"))

    assert '<input type="text" name="lieu"' in content
    assert '<label for="id_lieu">Commune ou code postal</label>' in content
    assert 'name="commune"' not in content and 'name="autour"' not in content
    assert '<option value="44109"' not in content
    # What is left: 6 thèmes and 17 intercommunalités, each with its "all" choice.
    assert content.count("<option") == 6 + 1 + 17 + 1


def test_the_filters_fold_under_a_summary_saying_which_are_chosen(client, events):
    plain = page_text(client.get("/agenda/"))
    assert '<details class="agenda__filters filters-toggle">' in plain
    assert "<summary" in plain and "Filtrer les rencontres" in plain
    assert "Filtres choisis" not in plain

    chosen = page_text(client.get("/agenda/", {"lieu": "Nantes", "du": "2026-12-01"}))
    # Chosen and valid: folded, so the dates come first on a phone; the summary says what is chosen.
    assert '<details class="agenda__filters filters-toggle">' in chosen
    assert "Filtres choisis : Nantes, à partir du 1er décembre 2026</span></summary>" in chosen
    # The details, then the dates: the results are the next thing after the folded filters.
    assert chosen.index("</details>") < chosen.index('class="agenda-item')


@pytest.mark.parametrize("count", [3, 9])
def test_the_filtered_list_makes_the_same_few_queries_as_before_or_fewer(
    client, django_assert_num_queries, count
):
    for index in range(count):
        on(1 + index, f"Rencontre {index}", "44184" if index % 2 else "44109")
    # GeoDjango reads the units of SRID 4326 once per process, at its first distance: whichever
    # test comes first would count it.
    get_srid_info(4326, connection)
    # Without a place: 1 thèmes, 2 intercommunalités (the form's two short lists), 3 count,
    # 4 the page's dates, 5 their event and commune, 6 their thèmes (5-6 for rows not kept yet:
    # tousvoisins.fragments). (The list of the 207 communes, read for two selects, was one more.)
    with django_assert_num_queries(6):
        client.get("/agenda/")
    # A name or a postal code: one query finds the commune, as the list of communes did. The
    # rows of these dates are kept from the first list (tousvoisins.fragments): no thèmes read;
    # the form's two short lists are kept too (issue 18): 1 the commune, 2 count, 3 the dates.
    with django_assert_num_queries(3):
        response = client.get("/agenda/", {"lieu": "St Nazaire"})
    assert len(listed(response)) == count // 2
    with django_assert_num_queries(3):
        client.get("/agenda/", {"lieu": "44600", "rayon": "5"})
    # An old link: one query for its INSEE code; the selection is the one of "St Nazaire", whose
    # count and page of dates are kept: the commune alone.
    with django_assert_num_queries(1):
        client.get("/agenda/", {"commune": "44184"})
    # The map and the month: the same one query for the place (the month ranks its dates, then
    # reads the events and the thèmes of the dates it shows in queries of their own: issue 18),
    # the form's lists kept.
    with django_assert_num_queries(2):
        client.get("/agenda/carte/", {"lieu": "Nantes"})
    with django_assert_num_queries(4):
        client.get("/agenda/mois/2026/12/", {"lieu": "44000"})
