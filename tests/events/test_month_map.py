"""The month grid and the map of the agenda, with their filters and their list equivalents."""

import html
import json
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from events.models import Event
from tests.conftest import NANTES_METROPOLE
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # Thursday 26 November 2026


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def on(day, hour=14, month=12, **fields):
    start = datetime(2026 if month > 10 else 2027, month, day, hour, tzinfo=PARIS)
    return EventFactory(start=start, end=start + timedelta(hours=2), **fields)


def text(fragment):
    fragment = re.sub(r"<script.*?</script>", " ", fragment, flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", fragment))).strip()


def title(response):
    return html.unescape(re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip())


def cells(response):
    """{'mardi 1er décembre 2026': (classes, aria-current, text of the cell)} for each day of the grid."""
    content = response.content.decode()
    found = {}
    for attributes, inner in re.findall(r"<td([^>]*)>(.*?)</td>", content, re.S):
        day = text(re.search(r'<span class="visually-hidden">(.*?)</span>', inner).group(1))
        current = re.search(r'aria-current="(\w+)"', attributes)
        found[day] = (
            re.search(r'class="([^"]*)"', attributes).group(1),
            current.group(1) if current else None,
            text(inner),
        )
    return found


# The month grid ---------------------------------------------------------------------------


def test_the_month_is_a_table_with_a_caption_and_weekday_headers(client):
    response = client.get("/agenda/mois/2026/12/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "<caption>Décembre 2026</caption>" in content
    headers = re.findall(r'<th scope="col">(\w+)</th>', content)
    assert headers == ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]
    # Five weeks, from Monday 30 November to Sunday 3 January.
    assert content.count("<tr>") == 1 + 5
    assert title(response) == "Agenda de décembre 2026 — Tous voisins 44"
    assert content.count("<h1") == 1


def test_each_day_lists_its_events_with_links(client):
    cafe = on(8, title="Café-emploi", themes=["emploi"])
    on(8, 18, title="Soirée jeux")
    response = client.get("/agenda/mois/2026/12/")
    words = cells(response)["mardi 8 décembre 2026"][2]
    # Each date says its thèmes in words, beside their pictogram (issue 17).
    assert (
        words == "8 mardi 8 décembre 2026 14 h Café-emploi Emploi 18 h Soirée jeux Loisirs, culture et sport"
    )
    assert f'<a href="{cafe.get_absolute_url()}">Café-emploi</a>' in response.content.decode()
    assert cells(response)["mercredi 9 décembre 2026"][2] == "9 mercredi 9 décembre 2026"


def test_a_recurring_event_shows_on_each_of_its_days(client):
    on(1, title="Tricot", recurrence="FREQ=WEEKLY;BYDAY=TU")
    grid = cells(client.get("/agenda/mois/2026/12/"))
    tuesdays = [day for day, (_, _, words) in grid.items() if "Tricot" in words]
    assert tuesdays == [
        "mardi 1er décembre 2026",
        "mardi 8 décembre 2026",
        "mardi 15 décembre 2026",
        "mardi 22 décembre 2026",
        "mardi 29 décembre 2026",
    ]


def test_days_outside_the_month_are_greyed_and_empty(client):
    on(1, month=1, title="Galette des rois")  # Friday 1 January 2027, in the grid's last week
    on(30, month=11, title="Fin novembre")  # Monday 30 November, in its first week
    grid = cells(client.get("/agenda/mois/2026/12/"))
    for day in ("lundi 30 novembre 2026", "vendredi 1er janvier 2027", "dimanche 3 janvier 2027"):
        classes, _, words = grid[day]
        assert "month__day--outside" in classes
        assert "Galette" not in words and "Fin novembre" not in words


def test_today_is_marked(client):
    grid = cells(client.get("/agenda/mois/2026/11/"))
    assert grid["jeudi 26 novembre 2026"][1] == "date"
    assert "aujourd'hui" in grid["jeudi 26 novembre 2026"][2]
    assert [day for day, (_, current, _) in grid.items() if current] == ["jeudi 26 novembre 2026"]


def test_a_busy_day_shows_four_events_and_links_to_the_others(client):
    for hour in range(9, 16):
        on(12, hour, title=f"Atelier de {hour} h")
    response = client.get("/agenda/mois/2026/12/?theme=loisirs-culture-sport")
    words = cells(response)["samedi 12 décembre 2026"][2]
    assert "Atelier de 12 h" in words and "Atelier de 13 h" not in words
    assert "Et 3 autres le samedi 12 décembre 2026" in words
    assert (
        'href="/agenda/?theme=loisirs-culture-sport&amp;du=2026-12-12&amp;au=2026-12-12"'
        in response.content.decode()
    )


def test_an_event_begun_last_month_shows_on_the_first_day(client):
    start = datetime(2026, 11, 28, 10, tzinfo=PARIS)
    EventFactory(title="Festival", start=start, end=start + timedelta(days=5))
    grid = cells(client.get("/agenda/mois/2026/12/"))
    assert "depuis le 28 novembre Festival" in grid["mardi 1er décembre 2026"][2]
    assert "Festival" not in grid["mercredi 2 décembre 2026"][2]


def test_it_hides_proposed_events_and_marks_cancelled_ones(client):
    on(3, title="En attente", status=Event.Status.PROPOSED)
    on(4, title="Tempête", status=Event.Status.CANCELLED, status_reason="Alerte météo.")
    grid = cells(client.get("/agenda/mois/2026/12/"))
    assert "En attente" not in grid["jeudi 3 décembre 2026"][2]
    assert "Tempête (annulé)" in grid["vendredi 4 décembre 2026"][2]


def test_the_month_takes_the_same_filters_as_the_list(client):
    on(3, title="Café-emploi", themes=["emploi"], insee="44109")
    on(3, 16, title="Atelier CV", themes=["emploi"], insee="44184")
    on(3, 18, title="Chorale", insee="44109")
    response = client.get(f"/agenda/mois/2026/12/?theme=emploi&territoire={NANTES_METROPOLE}")
    words = cells(response)["jeudi 3 décembre 2026"][2]
    assert "Café-emploi" in words
    assert "Atelier CV" not in words and "Chorale" not in words
    assert title(response) == "Agenda de décembre 2026 — Emploi — Nantes Métropole — Tous voisins 44"
    content = response.content.decode()
    assert 'action="/agenda/mois/2026/12/"' in content
    # The month is the dates: no date fields in its form.
    assert 'name="du"' not in content


def test_previous_and_next_month_keep_the_filters_but_not_the_dates(client):
    content = client.get("/agenda/mois/2026/12/?theme=emploi&du=2026-12-01&page=2").content.decode()
    assert '<a href="/agenda/mois/2026/11/?theme=emploi" rel="prev">' in content
    assert '<a href="/agenda/mois/2027/01/?theme=emploi" rel="next">' in content
    assert "Mois précédent : novembre 2026" in text(content)
    assert "Mois suivant : janvier 2027" in text(content)
    content = client.get("/agenda/mois/2026/01/").content.decode()
    assert 'href="/agenda/mois/2025/12/"' in content


def test_the_links_between_list_month_and_map_keep_the_filters(client):
    content = client.get("/agenda/?theme=emploi&du=2027-02-10").content.decode()
    assert 'href="/agenda/mois/2027/02/?theme=emploi"' in content
    assert 'href="/agenda/carte/?theme=emploi&amp;du=2027-02-10"' in content
    content = client.get("/agenda/mois/2026/12/?theme=emploi").content.decode()
    assert re.search(r'href="/agenda/mois/2026/12/\?theme=emploi"[^>]*aria-current="page"', content)


def test_the_month_page_without_a_month_opens_this_month(client):
    response = client.get("/agenda/mois/?theme=emploi&du=2026-01-01")
    assert response.status_code == 302
    assert response["Location"] == "/agenda/mois/2026/11/?theme=emploi"


@pytest.mark.parametrize(
    "path",
    [
        "/agenda/mois/2026/13/",
        "/agenda/mois/2026/00/",
        "/agenda/mois/1999/12/",
        "/agenda/mois/2031/01/",
        "/agenda/mois/2026/1/",
    ],
)
def test_a_month_out_of_range_is_not_found(client, path):
    assert client.get(path).status_code == 404


def test_an_empty_month_says_so(client):
    page = text(client.get("/agenda/mois/2027/03/?theme=logement").content.decode())
    assert "Aucune rencontre ce mois-ci avec ces filtres." in page


@pytest.mark.parametrize("events", [2, 12])
def test_the_month_makes_the_same_queries_whatever_the_number_of_events(
    client, django_assert_num_queries, events
):
    for index in range(events):
        on(1 + index % 5, 9 + index, recurrence="FREQ=WEEKLY" if index % 3 == 0 else "", step_free=True)
    # 1-2. thèmes and intercommunalités for the filter form's choices
    # 3. the month's dates, at most four a day, with each day's count (of their events, the status)
    # 4. the events of the dates kept
    # 5. the thèmes of the events shown
    with django_assert_num_queries(5):
        response = client.get("/agenda/mois/2026/12/?acces=plain-pied")
    assert "Atelier" not in text(response.content.decode())


# The map -----------------------------------------------------------------------------------


def geojson(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/geo+json"
    return json.loads(response.content)


def test_the_geojson_has_one_feature_per_event_at_its_next_date(client):
    tricot = on(1, title="Tricot", insee="44184", recurrence="FREQ=WEEKLY;BYDAY=TU")
    on(3, title="Café-emploi", insee="44109", themes=["emploi"])
    data = geojson(client.get("/agenda/carte/evenements.geojson"))
    assert data["type"] == "FeatureCollection"
    assert [feature["properties"]["title"] for feature in data["features"]] == ["Tricot", "Café-emploi"]
    feature = data["features"][0]
    assert feature["geometry"] == {
        "type": "Point",
        "coordinates": [round(tricot.point.x, 5), round(tricot.point.y, 5)],
    }
    assert feature["properties"] == {
        "title": "Tricot",
        "url": tricot.get_absolute_url(),
        "when": "mardi 1er décembre 2026, de 14 h à 16 h",
        "place": "Médiathèque, Saint-Nazaire",
        "cancelled": False,
        "themes": [{"name": "Loisirs, culture et sport", "pictogram": "/static/img/themes/loisirs.svg"}],
    }


def test_the_geojson_follows_the_filters_and_shows_only_public_coming_dates(client):
    on(3, title="Café-emploi", themes=["emploi"])
    on(4, title="Chorale")
    on(5, title="En attente", status=Event.Status.PROPOSED)
    EventFactory(title="Hier", start=NOW - timedelta(days=1), end=NOW - timedelta(days=1, hours=-2))
    titles = [
        f["properties"]["title"] for f in geojson(client.get("/agenda/carte/evenements.geojson"))["features"]
    ]
    assert titles == ["Café-emploi", "Chorale"]
    data = geojson(client.get("/agenda/carte/evenements.geojson?theme=emploi&au=2026-12-03"))
    assert [f["properties"]["title"] for f in data["features"]] == ["Café-emploi"]
    data = geojson(client.get("/agenda/carte/evenements.geojson?du=2026-12-04"))
    assert [f["properties"]["title"] for f in data["features"]] == ["Chorale"]


def test_the_map_page_lists_the_same_events_by_commune(client):
    on(3, title="Atelier CV", insee="44184", place_name="Maison de l'emploi")
    on(4, title="Chorale", insee="44109")
    on(1, title="Tricot", insee="44109", recurrence="FREQ=WEEKLY;BYDAY=TU")
    response = client.get("/agenda/carte/")
    assert response.status_code == 200
    page = text(response.content.decode())
    assert "3 rencontres sur la carte" in page
    listing = page[page.index("Les mêmes rencontres, par commune") :]
    assert listing.index(
        "Nantes Tricot Mardi 1er décembre 2026, de 14 h à 16 h, Médiathèque"
    ) < listing.index("Chorale")
    assert listing.index("Chorale") < listing.index("Saint-Nazaire Atelier CV Jeudi 3 décembre 2026")
    assert title(response) == "Carte de l'agenda — Tous voisins 44"


def test_the_map_page_loads_leaflet_and_its_settings_without_inline_script(client, settings):
    response = client.get("/agenda/carte/?theme=emploi")
    content = response.content.decode()
    assert '<script src="/static/leaflet/leaflet.js"></script>' in content
    assert '<link rel="stylesheet" href="/static/leaflet/leaflet.css">' in content
    assert '<script src="/static/events/map.js"></script>' in content
    config = json.loads(
        re.search(
            r'<script id="agenda-map-config" type="application/json">(.*?)</script>', content, re.S
        ).group(1)
    )
    assert config["tiles"] == settings.MAP_TILES_URL
    assert config["attribution"] == settings.MAP_TILES_ATTRIBUTION
    assert config["geojson"] == "/agenda/carte/evenements.geojson?theme=emploi"
    assert 'href="/agenda/agenda.ics?theme=emploi">Ajouter cette sélection à mon agenda' in content
    # Every other <script> is JSON data; none runs inline.
    assert not re.search(r"<script>(?!\s*</script>)", content)
    assert "leaflet" not in client.get("/agenda/").content.decode()
    assert "leaflet" not in client.get("/agenda/mois/2026/12/").content.decode()


def test_the_map_says_when_it_shows_only_the_first_events(client, monkeypatch):
    monkeypatch.setattr("events.views.MAP_LIMIT", 2)
    for day in (3, 4, 5):
        on(day)
    page = text(client.get("/agenda/carte/").content.decode())
    assert "La carte montre les 2 prochaines rencontres." in page
    assert len(geojson(client.get("/agenda/carte/evenements.geojson"))["features"]) == 2


def test_an_empty_map_says_so(client):
    page = text(client.get("/agenda/carte/?theme=logement").content.decode())
    assert "Aucune rencontre à montrer" in page
    assert "Aucune rencontre ne correspond à votre recherche pour le moment." in page


@pytest.mark.parametrize("events", [2, 9])
def test_the_map_makes_the_same_queries_whatever_the_number_of_events(
    client, django_assert_num_queries, events
):
    for index in range(events):
        on(
            1 + index,
            insee=["44109", "44184", "44113"][index % 3],
            recurrence="FREQ=WEEKLY" if index % 2 else "",
        )
    # 1-2. thèmes and intercommunalités for the filter form's choices
    # 3. the next date of each event, with its event and commune
    with django_assert_num_queries(3):
        response = client.get("/agenda/carte/?theme=loisirs-culture-sport")
    assert f"{events} rencontres sur la carte" in text(response.content.decode())
    # The form's two lists are kept from the page (tousvoisins.fragments): the dates alone.
    with django_assert_num_queries(1):
        data = geojson(client.get("/agenda/carte/evenements.geojson?theme=loisirs-culture-sport"))
    assert len(data["features"]) == events
