"""The agenda to print: /agenda/imprimer/<siren>/, the next four weeks of one intercommunalité."""

import html
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine

from events.models import Event
from events.print_views import qr_code_data_uri
from tests.conftest import CARENE, NANTES_METROPOLE
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # Thursday 26 November 2026
URL = f"/agenda/imprimer/{NANTES_METROPOLE}/"
PRINT_CSS = Path(__file__).resolve().parents[2] / "events" / "static" / "events" / "print.css"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def at(month, day, hour, minutes=0, hours=2, **fields):
    start = datetime(2026 if month > 6 else 2027, month, day, hour, minutes, tzinfo=PARIS)
    return {"start": start, "end": start + timedelta(hours=hours), **fields}


def text(response):
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


def test_it_prints_the_next_four_weeks_of_a_territory_grouped_by_day(client):
    EventFactory(
        title="Café-tricot",
        place_name="Médiathèque Jules-Verne",
        address="2 rue de la Paix",
        step_free=True,
        hearing_loop=True,
        organiser_name="Les Mailles du quartier",
        **at(12, 1, 14),
    )
    EventFactory(title="Repair café", insee="44143", place_name="Salle Jean-Vilar", **at(11, 28, 10))
    EventFactory(title="Marche du samedi", recurrence="FREQ=WEEKLY;BYDAY=SA", **at(11, 28, 9, 30))
    EventFactory(title="Dernier jour", **at(12, 23, 18))
    EventFactory(title="Trop tard", **at(12, 24, 10))  # the 29th day
    EventFactory(title="À Saint-Nazaire", insee="44184", **at(12, 2, 10))  # another territory
    EventFactory(title="Pas encore publié", status=Event.Status.PROPOSED, **at(12, 2, 10))
    EventFactory(
        title="Annulé", status=Event.Status.CANCELLED, status_reason="Salle indisponible.", **at(12, 2, 10)
    )

    response = client.get(URL)
    assert response.status_code == 200
    assert title(response) == "Agenda à imprimer — Nantes Métropole — Tous voisins 44"
    page = text(response)
    assert "Agenda : Nantes Métropole" in page
    assert "Du jeudi 26 novembre au mercredi 23 décembre 2026" in page
    assert page.index("Samedi 28 novembre 2026") < page.index("Marche du samedi") < page.index("Repair café")
    assert page.index("Repair café") < page.index("Mardi 1er décembre 2026") < page.index("Café-tricot")
    assert page.count("Marche du samedi") == 4  # 28 November, 5, 12 and 19 December
    assert "De 14 h à 16 h Café-tricot Médiathèque Jules-Verne, 2 rue de la Paix — Nantes" in page
    assert "Salle Jean-Vilar, 1 rue de la Paix — Rezé" in page
    assert (
        "Accessibilité : Accès de plain-pied, possible en fauteuil roulant ; "
        "Boucle magnétique pour les appareils auditifs." in page
    )
    assert "Organisé par Les Mailles du quartier." in page
    assert "Mercredi 23 décembre 2026" in page and "Dernier jour" in page
    for absent in ("Trop tard", "À Saint-Nazaire", "Pas encore publié", "Annulé"):
        assert absent not in page


def test_it_links_back_to_the_territorys_agenda_with_a_qr_code_and_a_short_address(client):
    response = client.get(URL)
    content = response.content.decode()
    site_url = f"http://127.0.0.1:8000/agenda/?territoire={NANTES_METROPOLE}"
    short = f"127.0.0.1:8000/agenda/?territoire={NANTES_METROPOLE}"
    assert f'<a class="print-sheet__url" href="{site_url}">{short}</a>' in content
    qr = re.search(r'<img src="([^"]+)" width="164" height="164" alt="([^"]+)">', content)
    assert html.unescape(qr.group(1)) == qr_code_data_uri(site_url)
    assert qr.group(1).startswith("data:image/svg+xml")
    assert html.unescape(qr.group(2)) == (
        "QR code : l'agenda de Nantes Métropole, à jour, sur le site Tous voisins 44"
    )


def test_it_tells_screen_readers_how_to_print_without_javascript(client):
    response = client.get(URL)
    page = text(response)
    assert "utilisez la commande Imprimer de votre navigateur : Ctrl + P" in page
    content = response.content.decode()
    assert "<script" not in content.split("</header>", 1)[1]
    assert "style=" not in content  # the CSP forbids inline styles
    assert '<link rel="stylesheet" href="/static/events/print.css">' in content


def test_its_stylesheet_sets_an_a4_page_and_hides_the_site_around_the_sheet_in_print():
    css = PRINT_CSS.read_text()
    assert re.search(r"@page\s*\{[^}]*size:\s*A4", css)
    print_rules = css[css.index("@media print") :]
    assert ".site-header" in print_rules and ".site-footer" in print_rules and ".print-hint" in print_rules


def test_it_says_plainly_when_nothing_is_planned(client):
    EventFactory(title="À Saint-Nazaire", insee="44184", **at(12, 2, 10))
    response = client.get(f"/agenda/imprimer/{CARENE}/")
    assert response.status_code == 200
    assert "À Saint-Nazaire" in text(response)
    response = client.get(URL)
    assert "Aucune rencontre n'est prévue pour le moment dans les quatre prochaines semaines." in text(
        response
    )


def test_an_unknown_territory_is_not_found(client):
    assert client.get("/agenda/imprimer/123456789/").status_code == 404
    assert client.get("/agenda/imprimer/nantes/").status_code == 404


def test_its_queries_do_not_grow_with_the_number_of_events(client, django_assert_num_queries):
    EventFactory(**at(12, 1, 14))
    # 1 the intercommunalité, 2 its dates with their event and commune, 3 the territory referent
    # whose public number is printed for events without a number of their own.
    with django_assert_num_queries(3):
        assert client.get(URL).status_code == 200
    for day in range(2, 9):
        EventFactory(insee="44143", step_free=True, **at(12, day, 10))
    EventFactory(recurrence="FREQ=DAILY", **at(11, 27, 8))
    # New events: the sheet is built again, the intercommunalité stays kept (its names change
    # with the thèmes' stamp).
    with django_assert_num_queries(2):
        response = client.get(URL)
    assert text(response).count("Rencontre numéro") == 8 + 27
