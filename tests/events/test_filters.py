"""The agenda's filters: each alone, combined, and what happens with values that make no sense."""

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from tests.conftest import NANTES_METROPOLE
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=PARIS), tick=False):
        yield


@pytest.fixture
def events():
    """Four events across the territory, in December 2026."""

    def on(day, **fields):
        start = datetime(2026, 12, day, 14, tzinfo=PARIS)
        return EventFactory(start=start, end=start + timedelta(hours=2), **fields)

    on(
        1,
        title="Fête du vélo",
        insee="44109",
        themes=["mobilite"],
        step_free=True,
        description="Balade et réparation.",
    )
    on(3, title="Café-emploi", insee="44143", themes=["emploi"], step_free=True, sign_language=True)
    on(
        10,
        title="Atelier CV",
        insee="44184",
        themes=["emploi"],
        easy_read=True,
        organiser_name="Maison de l'emploi",
    )
    on(20, title="Tricot et papotage", insee="44113", themes=["loisirs-culture-sport"], quiet_place=True)


TITLES = ["Fête du vélo", "Café-emploi", "Atelier CV", "Tricot et papotage"]


def listed(response):
    """Titles of the events listed, in order."""
    content = html.unescape(response.content.decode())
    return re.findall(r'agenda-item__title"><a href="[^"]+">([^<]+)</a>', content)


def page_title(response):
    return html.unescape(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip())


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", TITLES),
        ("q=fete", ["Fête du vélo"]),
        ("q=réparations", ["Fête du vélo"]),
        ("q=maison+emploi", ["Atelier CV"]),
        ("q=emploi", ["Café-emploi", "Atelier CV"]),
        ("theme=emploi", ["Café-emploi", "Atelier CV"]),
        (f"territoire={NANTES_METROPOLE}", ["Fête du vélo", "Café-emploi"]),
        ("commune=44184", ["Atelier CV"]),
        ("du=2026-12-03", ["Café-emploi", "Atelier CV", "Tricot et papotage"]),
        ("au=2026-12-03", ["Fête du vélo", "Café-emploi"]),
        ("du=2026-12-02&au=2026-12-10", ["Café-emploi", "Atelier CV"]),
        ("du=02/12/2026&au=10/12/2026", ["Café-emploi", "Atelier CV"]),
        # Rezé is next to Nantes; Saint-Nazaire is about 50 km away, Nozay about 40.
        ("autour=44109&rayon=10", ["Fête du vélo", "Café-emploi"]),
        ("autour=44109", ["Fête du vélo", "Café-emploi"]),
        ("autour=44109&rayon=60", TITLES),
        ("acces=plain-pied", ["Fête du vélo", "Café-emploi"]),
        ("acces=plain-pied&acces=lsf", ["Café-emploi"]),
        ("acces=falc", ["Atelier CV"]),
        ("acces=calme", ["Tricot et papotage"]),
        ("acces=boucle-magnetique", []),
        ("theme=emploi&territoire=244400404&acces=plain-pied", ["Café-emploi"]),
        ("theme=emploi&du=2026-12-05&autour=44184&rayon=5", ["Atelier CV"]),
    ],
)
def test_each_filter_alone_and_combined(client, events, query, expected):
    response = client.get(f"/agenda/?{query}")
    assert response.status_code == 200
    assert listed(response) == expected


def test_filters_show_in_the_page_title_and_heading(client, events):
    response = client.get(f"/agenda/?theme=emploi&territoire={NANTES_METROPOLE}")
    assert page_title(response) == "Agenda — Emploi — Nantes Métropole — Tous voisins 44"
    response = client.get("/agenda/?q=vélo&commune=44113&autour=44109&rayon=20&du=2026-12-01&acces=lsf")
    assert page_title(response) == (
        "Agenda — « vélo » — Nozay — à 20 km autour de Nantes — à partir du 1er décembre 2026 "
        "— langue des signes — Tous voisins 44"
    )


def test_the_form_keeps_what_was_chosen(client, events):
    content = client.get("/agenda/?q=vélo&theme=emploi&acces=lsf&du=2026-12-01").content.decode()
    assert 'name="q" value="vélo"' in content
    assert '<option value="emploi" selected>Emploi</option>' in content
    assert re.search(r'<input type="checkbox" name="acces" value="lsf"[^>]* checked', content)
    assert 'name="du" value="2026-12-01"' in content


def test_the_form_has_labels_a_fieldset_and_full_names(client):
    content = html.unescape(client.get("/agenda/").content.decode())
    for field in ("q", "theme", "territoire", "lieu", "rayon", "du", "au"):
        assert f'<label for="id_{field}">' in content
    assert "<legend>Accessibilité</legend>" in content
    assert '<option value="244400537">Communauté de communes de Nozay</option>' in content


@pytest.mark.parametrize(
    ("query", "field", "message"),
    [
        ("theme=jardinage", "theme", "Ce thème n'existe pas. Choisissez un thème dans la liste."),
        ("territoire=123456789", "territoire", "Cette intercommunalité n'est pas en Loire-Atlantique."),
        # The URLs before the "Commune ou code postal" field: the message is beside that field.
        ("commune=75056", "lieu", "Cette commune n'est pas en Loire-Atlantique."),
        ("autour=75056", "lieu", "Cette commune n'est pas en Loire-Atlantique."),
        ("du=2026-13-45", "du", "Écrivez la date sous la forme jj/mm/aaaa, par exemple 08/12/2026."),
        ("au=demain", "au", "Écrivez la date sous la forme jj/mm/aaaa"),
        ("du=2026-12-10&au=2026-12-01", "au", "Cette date est avant la date « À partir du »."),
        ("autour=44109&rayon=beaucoup", "rayon", "Écrivez un nombre de kilomètres, par exemple 10."),
        ("autour=44109&rayon=500", "rayon", "Écrivez au plus 100 kilomètres."),
        ("acces=ascenseur", "acces", "« ascenseur » n'est pas un critère d'accessibilité connu."),
        ("q=" + "a" * 101, "q", "Écrivez au plus 100 caractères."),
        # Years no one means: once a server error (the day before 1 January of year 1).
        ("du=0001-01-01", "du", "Cette date est trop loin. Choisissez une date entre 2000 et 2099."),
        ("du=31/12/9999&au=31/12/9999", "au", "Cette date est trop loin."),
        ("rayon=5", "lieu", "Écrivez la commune autour de laquelle chercher, ou videz la distance."),
    ],
)
def test_a_wrong_value_gets_a_french_message_beside_its_field_and_the_list_still_shows(
    client, events, query, field, message
):
    response = client.get(f"/agenda/?{query}")
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    errors = re.search(rf'<ul class="errorlist" id="id_{field}_error">(.*?)</ul>', content, re.S)
    assert errors and message in errors.group(1)
    assert re.search(rf'aria-describedby="[^"]*id_{field}_error', content)
    assert "Un filtre n'a pas pu être utilisé" in content
    assert listed(response)  # the valid filters (here: none) still apply


def test_a_wrong_value_is_ignored_but_the_other_filters_apply(client, events):
    response = client.get("/agenda/?theme=jardinage&commune=44184")
    assert listed(response) == ["Atelier CV"]
    assert page_title(response) == "Agenda — Saint-Nazaire — Tous voisins 44"


def test_the_calendar_link_subscribes_to_the_same_selection(client, events):
    content = client.get("/agenda/?theme=emploi&acces=lsf&page=1").content.decode()
    assert 'href="/agenda/agenda.ics?theme=emploi&amp;acces=lsf"' in content
    assert "Ajouter cette sélection à mon agenda (téléphone, Outlook…)" in html.unescape(content)


@pytest.mark.parametrize(
    "path",
    [
        "/agenda/mois/2026/12/?theme=jardinage&autour=75056",
        "/agenda/carte/?theme=jardinage&du=0001-01-01&au=hier",
    ],
)
def test_the_month_and_the_map_show_the_same_messages_beside_their_fields(client, events, path):
    response = client.get(path)
    assert response.status_code == 200
    content = html.unescape(response.content.decode())
    assert "Ce thème n'existe pas. Choisissez un thème dans la liste." in content
    assert "Un filtre n'a pas pu être utilisé" in content


def test_the_map_s_markers_ignore_a_wrong_value_rather_than_fail(client, events):
    response = client.get("/agenda/carte/evenements.geojson?du=0001-01-01&theme=emploi")
    assert response.status_code == 200
    titles = sorted(feature["properties"]["title"] for feature in response.json()["features"])
    assert titles == ["Atelier CV", "Café-emploi"]
