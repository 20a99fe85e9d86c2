"""The agenda in English, Arabic and Ukrainian (the `langue` cookie), and the language of an event's
own text, marked with `lang` when it differs from the page's."""

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # Thursday 26 November 2026
PROPOSE = "/agenda/proposer/"

# A phrase of each page in each language, and the French it replaces.
AGENDA = {
    "en": "Filter the events",
    "ar": "تصفية اللقاءات",
    "uk": "Фільтрувати зустрічі",
}
EVENT_PAGE = {
    "en": "Free and open to all.",
    "ar": "مجاني ومفتوح للجميع.",
    "uk": "Безкоштовно і відкрито для всіх.",
}
DISTANCE_ERROR = {
    "en": "Write a number of kilometres, for example 10.",
    "ar": "اكتبوا عدد الكيلومترات، مثلًا 10.",
    "uk": "Напишіть кількість кілометрів, наприклад 10.",
}
TITLE_ERROR = {
    "en": "Give the event a title.",
    "ar": "أعطوا اللقاء عنوانًا.",
    "uk": "Дайте зустрічі назву.",
}
MONTH = {
    "en": "Previous month",
    "ar": "الشهر السابق",
    "uk": "Попередній місяць",
}
MAP = {
    "en": "The same events, by commune",
    "ar": "نفس اللقاءات، حسب البلدية",
    "uk": "Ті самі зустрічі за громадами",
}
LANGUAGES = ["en", "ar", "uk"]


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def at(day, hour, **fields):
    start = datetime(2026, 12, day, hour, tzinfo=PARIS)
    return {"start": start, "end": start + timedelta(hours=2), **fields}


def text(response):
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def in_language(client, code):
    client.cookies["langue"] = code
    return client


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_agenda_speaks_the_language_chosen(client, code):
    EventFactory(title="Café-emploi", **at(8, 14))
    response = in_language(client, code).get("/agenda/")
    assert response.status_code == 200
    page = text(response)
    assert AGENDA[code] in page
    assert "Filtrer les rencontres" not in page
    assert "Café-emploi" in page  # what people wrote is not translated


@pytest.mark.parametrize("code", LANGUAGES)
def test_a_wrong_filter_is_explained_in_the_language_chosen(client, code):
    page = text(in_language(client, code).get("/agenda/?lieu=Blain&rayon=beaucoup"))
    assert DISTANCE_ERROR[code] in page
    assert "Écrivez un nombre de kilomètres" not in page


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_event_page_speaks_the_language_chosen(client, code):
    event = EventFactory(title="Repair café", **at(8, 14))
    page = text(in_language(client, code).get(event.get_absolute_url()))
    assert EVENT_PAGE[code] in page
    assert "Gratuit et ouvert à tous." not in page
    assert "Repair café" in page


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_month_grid_and_the_map_speak_the_language_chosen(client, code):
    EventFactory(title="Repair café", **at(8, 14))
    in_language(client, code)
    month = text(client.get("/agenda/mois/2026/12/"))
    assert MONTH[code] in month
    assert "Mois précédent" not in month
    map_page = text(client.get("/agenda/carte/"))
    assert MAP[code] in map_page
    assert "Les mêmes rencontres, par commune" not in map_page


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_proposal_form_explains_a_mistake_in_the_language_chosen(client, member, code):
    in_language(client, code).force_login(member)
    response = client.post(PROPOSE, {"title": "", "summary": "On tricote ensemble."})
    assert response.status_code == 200
    page = text(response)
    assert TITLE_ERROR[code] in page
    assert "Donnez un titre à la rencontre." not in page
    assert not Event.objects.exists()


def test_french_stays_the_default(client):
    page = text(client.get("/agenda/"))
    assert "Filtrer les rencontres" in page
    assert "Filter the events" not in page


# The language of an event's own text ---------------------------------------------------------


def test_the_proposal_form_offers_the_language_of_the_text_french_by_default(client, member):
    client.force_login(member)
    content = client.get(PROPOSE).content.decode()
    assert "Langue du texte" in content
    assert re.search(r'<option value="fr" selected>Français</option>', content)
    assert '<option value="en">English</option>' in content


def test_a_member_proposes_an_event_written_in_english(client, member):
    client.force_login(member)
    data = {
        "title": "Knitting café",
        "summary": "We knit together over a coffee.",
        "themes": ["emploi"],
        "language": "en",
        "start_date": "2026-12-08",
        "start_time": "14:00",
        "end_time": "16:00",
        "place_name": "Maison de quartier",
        "commune_name": "Rezé",
        "organiser_name": "Association Entraide",
    }
    response = client.post(PROPOSE, data)
    assert response.status_code == 302, text(response)
    assert Event.objects.get().language == "en"


def test_a_proposal_sent_without_a_language_is_in_french(client, member):
    client.force_login(member)
    data = {
        "title": "Café-tricot",
        "summary": "On tricote ensemble autour d'un café.",
        "themes": ["emploi"],
        "start_date": "2026-12-08",
        "start_time": "14:00",
        "end_time": "16:00",
        "place_name": "Maison de quartier",
        "commune_name": "Rezé",
        "organiser_name": "Association Entraide",
    }
    assert client.post(PROPOSE, data).status_code == 302
    assert Event.objects.get().language == "fr"


def test_an_event_written_in_english_is_marked_on_a_french_page(client):
    event = EventFactory(title="Knitting café", summary="We knit together.", language="en", **at(8, 14))
    detail = client.get(event.get_absolute_url()).content.decode()
    assert '<h1 lang="en" dir="ltr">Knitting café</h1>' in detail
    assert 'lang="en" dir="ltr">We knit together.</p>' in detail
    agenda = client.get("/agenda/").content.decode()
    assert re.search(r'<h4 class="agenda-item__title" lang="en" dir="ltr"><a [^>]+>Knitting café</a>', agenda)
    month = client.get("/agenda/mois/2026/12/").content.decode()
    assert re.search(r'<a href="[^"]+" lang="en" dir="ltr">Knitting café</a>', month)


def test_an_event_in_french_is_not_marked_on_a_french_page(client):
    event = EventFactory(title="Café-tricot", **at(8, 14))
    detail = client.get(event.get_absolute_url()).content.decode()
    assert "<h1>Café-tricot</h1>" in detail
    assert 'lang="fr"' not in detail.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_french_event_is_marked_on_an_arabic_page(client):
    event = EventFactory(title="Café-tricot", **at(8, 14))
    detail = in_language(client, "ar").get(event.get_absolute_url()).content.decode()
    assert '<h1 lang="fr" dir="ltr">Café-tricot</h1>' in detail
    agenda = client.get("/agenda/").content.decode()
    assert 'lang="fr" dir="ltr"><a' in agenda


def test_an_arabic_event_is_marked_right_to_left_on_a_french_page(client):
    event = EventFactory(title="مقهى الحياكة", language="ar", **at(8, 14))
    detail = client.get(event.get_absolute_url()).content.decode()
    assert '<h1 lang="ar" dir="rtl">مقهى الحياكة</h1>' in detail


# Query counts: the same in every language --------------------------------------------------------


@pytest.mark.parametrize("code", LANGUAGES)
def test_the_pages_make_the_same_queries_in_every_language(client, django_assert_num_queries, code):
    for index in range(4):
        EventFactory(themes=["emploi", "logement"], language="en" if index % 2 else "fr", **at(1 + index, 14))
    event = Event.objects.first()
    in_language(client, code)
    # As in French (tests/events/test_pages.py): a cold list reads its rows' events on their own.
    with django_assert_num_queries(6):
        client.get("/agenda/")
    with django_assert_num_queries(5):
        client.get(event.get_absolute_url())


def test_the_calendar_file_and_the_json_ld_say_the_language_of_an_english_event(client):
    event = EventFactory(title="Knitting café", language="en", **at(8, 14))
    ics = client.get(event.get_ical_url()).content.decode()
    assert "SUMMARY;LANGUAGE=en:Knitting café" in ics
    assert '"inLanguage": "en"' in client.get(event.get_absolute_url()).content.decode()
    french = EventFactory(title="Café-tricot", **at(9, 14))
    assert "SUMMARY:Café-tricot" in client.get(french.get_ical_url()).content.decode()
