"""The large-print programme (issue 12, item 5): /agenda/imprimer/<siren>/gros-caracteres/ and its
PDF, for a real intercommunalité (Nantes Métropole) with the demo events and a few of ours."""

import html
import io
import re
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache
from pypdf import PdfReader

from events.demo import seed_demo
from events.models import Event
from referents.models import Referent
from tests.conftest import NANTES_METROPOLE, make_user
from tests.factories import EventFactory
from tests.factories.referents import ReferentFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # Thursday 26 November 2026
PAGE = f"/agenda/imprimer/{NANTES_METROPOLE}/gros-caracteres/"
PDF = f"/agenda/imprimer/{NANTES_METROPOLE}/gros-caracteres.pdf"
LARGE_CSS = Path(__file__).resolve().parents[2] / "events" / "static" / "events" / "print-large.css"
RULE = "Tous les mardis de 14 h à 16 h 30, jusqu'au 29 juin 2027"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()


def text(response):
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def at(month, day, hour, minutes=0, duration=timedelta(hours=2), **fields):
    start = datetime(2026, month, day, hour, minutes, tzinfo=PARIS)
    return {"start": start, "end": start + duration, **fields}


@pytest.fixture
def agenda():
    """Nantes Métropole's demo events, a weekly café-tricot with its welcomer, a one-off workshop,
    and the territory referent's public number."""
    seed_demo()
    ReferentFactory(
        public_name="Nadia",
        user=make_user("nadia-tel"),
        kind=Referent.Kind.TERRITORY,
        sirens=[NANTES_METROPOLE],
        phone="02 40 41 42 43",
        phone_hours="du lundi au vendredi, de 9 h à 12 h",
    )
    tricot = EventFactory(
        title="Café-tricot du mardi",
        recurrence="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T235959",
        step_free=True,
        hearing_loop=True,
        welcomer_name="Martine",
        welcomer_hint="au fond de la salle, avec un foulard vert",
        how_to_come="Bus C4, arrêt Mairie.",
        phone_registration=True,
        phone_number="0240123456",
        **at(12, 1, 14, duration=timedelta(hours=2, minutes=30)),
    )
    workshop = EventFactory(title="Atelier CV unique", insee="44143", **at(12, 10, 10))
    return {"tricot": tricot, "workshop": workshop}


def test_a_recurring_event_appears_once_with_its_rule_welcomer_access_and_phone(client, agenda):
    response = client.get(PAGE)
    assert response.status_code == 200
    page = text(response)
    assert page.count("Café-tricot du mardi") == 1
    assert f"{RULE}." in page
    assert "Qui vous accueille : Martine, au fond de la salle, avec un foulard vert." in page
    assert "Comment venir : Bus C4, arrêt Mairie." in page
    assert "Accessibilité : accès de plain-pied, possible en fauteuil roulant ; boucle magnétique" in page
    assert "Pour venir accompagné ou vous inscrire par téléphone : 02 40 12 34 56" in page
    # An event with no number of its own: the territory referent's, with the hours to call.
    assert page.count("Atelier CV unique") == 1
    assert "Jeudi 10 décembre 2026, de 10 h à 12 h." in page
    assert "02 40 41 42 43 (du lundi au vendredi, de 9 h à 12 h)" in page
    # The demo's own weekly events of Nantes Métropole are said once too.
    demo_regular = Event.objects.published().recurring().filter(intercommunalite=NANTES_METROPOLE)
    for event in demo_regular.exclude(pk=agenda["tricot"].pk):
        assert page.count(event.title) == 1, event.title
    # The way back to the site.
    assert "QR code : l'agenda de Nantes Métropole" in response.content.decode()
    assert f"/agenda/?territoire={NANTES_METROPOLE}" in page
    assert 'href="/agenda/imprimer/244400404/gros-caracteres.pdf"' in response.content.decode()


def test_only_the_territorys_published_events_of_the_next_four_weeks_are_printed(client, agenda):
    EventFactory(title="À Saint-Nazaire", insee="44184", **at(12, 2, 10))
    EventFactory(title="Pas encore publié", status=Event.Status.PROPOSED, **at(12, 2, 10))
    EventFactory(title="Trop tard", **at(12, 24, 10))
    page = text(client.get(PAGE))
    for title in ("À Saint-Nazaire", "Pas encore publié", "Trop tard"):
        assert title not in page


def test_the_css_sets_large_type_in_one_column():
    css = LARGE_CSS.read_text()
    print_rules = css[css.index("@media print") :]
    body = re.search(r"\.large-print \{ font-size: (\d+)pt", print_rules)
    assert int(body.group(1)) >= 16
    for heading in ("h1", "h2", "h3"):
        size = re.search(rf"\.large-print {heading} \{{ font-size: (\d+)pt", print_rules)
        assert int(size.group(1)) > int(body.group(1))
    assert "column" not in css.replace("one column", "")  # no multi-column layout


def test_the_pdf_opens_has_the_events_and_large_type(client, agenda):
    response = client.get(PDF)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")

    reader = PdfReader(io.BytesIO(response.content))
    sizes = []

    def visit(chunk, cm, tm, font, font_size):
        if chunk.strip():
            # The size in points on the page: the font's size scaled by both matrices.
            sizes.append(round(font_size * abs(tm[0]) * abs(cm[0]), 1))

    words = re.sub(r"\s+", " ", " ".join(page.extract_text(visitor_text=visit) for page in reader.pages))
    assert "Café-tricot du mardi" in words
    assert "Atelier CV unique" in words
    assert words.count("Café-tricot du mardi") == 1
    assert "Martine" in words
    assert "02 40 12 34 56" in words
    assert min(sizes) >= 16
    assert max(sizes) >= 28  # the title


def test_the_pdf_is_made_once_then_kept_until_the_agenda_changes(
    client, agenda, django_assert_max_num_queries
):
    first = client.get(PDF).content
    # 1 the intercommunalité, 2 its dates, 3 the referent to call, 4 the agenda's stamp: no PDF work.
    with django_assert_max_num_queries(4):
        assert client.get(PDF).content == first
    agenda["workshop"].title = "Atelier CV renommé"
    with time_machine.travel(NOW + timedelta(minutes=1), tick=False):
        agenda["workshop"].save()
        changed = client.get(PDF).content
    assert changed != first
    assert "Atelier CV renommé" in " ".join(
        page.extract_text() for page in PdfReader(io.BytesIO(changed)).pages
    )


def test_an_unknown_territory_has_no_large_print_programme(client):
    assert client.get("/agenda/imprimer/123456789/gros-caracteres/").status_code == 404
    assert client.get("/agenda/imprimer/123456789/gros-caracteres.pdf").status_code == 404


def test_the_printable_page_and_the_agenda_link_to_the_large_print_programme(client):
    content = client.get(f"/agenda/imprimer/{NANTES_METROPOLE}/").content.decode()
    assert f'href="{PAGE}"' in content
    assert f'href="{PDF}"' in content
    agenda_page = client.get(f"/agenda/?territoire={NANTES_METROPOLE}").content.decode()
    assert f'href="{PAGE}"' in agenda_page
    assert f'href="{PDF}"' in agenda_page
    assert f'href="{PAGE}"' in client.get("/agenda/").content.decode()


def test_its_queries_do_not_grow_with_the_number_of_events(client, django_assert_num_queries):
    EventFactory(**at(12, 1, 14))
    # 1 the intercommunalité, 2 its dates with their event and commune, 3 the territory referent
    # whose public number is printed for events without a number of their own.
    with django_assert_num_queries(3):
        assert client.get(PAGE).status_code == 200
    for day in range(2, 9):
        EventFactory(insee="44143", welcomer_name="Martine", **at(12, day, 10))
    EventFactory(title="Tous les jours", recurrence="FREQ=DAILY", **at(11, 27, 8))
    # New events: the sheet is built again, the intercommunalité stays kept (its names change
    # with the thèmes' stamp).
    with django_assert_num_queries(2):
        response = client.get(PAGE)
    assert text(response).count("Rencontre numéro") == 8
    assert text(response).count("Tous les jours de 8 h à 10 h") == 1
