"""What the first translation pass left in French (issue 15): the repetitions said in words, the
form's days and weeks, the large-print programme, dates with their month in the right form, the
thèmes' names in the map, the calendars and the JSON-LD, and the readability hints (French rules,
so only for a text written in French)."""

import html
import json
import re
from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.template.loader import render_to_string
from django.utils import translation

from events.models import Event
from events.recurrence import describe_rule
from tests.conftest import NANTES_METROPOLE
from tests.events.test_admin import change_url, form_data
from tests.events.test_proposals import proposal
from tests.events.test_summary import HARD, messages_of
from tests.factories import PARIS, EventFactory, next_local
from tousvoisins.dates import day_in_words

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # Thursday 26 November 2026
START = datetime(2026, 12, 1, 14, tzinfo=PARIS)  # a Tuesday
PROPOSE = "/agenda/proposer/"
LANGUAGES = ["en", "ar", "uk"]

# rule: {language: how it is said}
RULES = {
    "FREQ=WEEKLY;BYDAY=TU,TH": {
        "fr": "tous les mardis et jeudis",
        "en": "every Tuesday and Thursday",
        "ar": "كل ثلاثاء وخميس",
        "uk": "щотижня по вівторках і четвергах",
    },
    "FREQ=MONTHLY;BYDAY=1TU": {
        "fr": "le 1er mardi du mois",
        "en": "the first Tuesday of the month",
        "ar": "يوم الثلاثاء من الأسبوع الأول من كل شهر",
        "uk": "щомісяця: вівторок, перший тиждень",
    },
    "FREQ=WEEKLY;INTERVAL=2;BYDAY=TU": {
        "fr": "un mardi sur deux",
        "en": "every other Tuesday",
        "ar": "يوم الثلاثاء كل أسبوعين",
        "uk": "раз на два тижні: вівторок",
    },
    "FREQ=DAILY;COUNT=10": {
        "fr": "tous les jours, 10 fois",
        "en": "every day, 10 times",
        "ar": "كل يوم، 10 مرات",
        "uk": "щодня, 10 разів",
    },
    "FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T235959": {
        "fr": "tous les mardis, jusqu'au 29 juin 2027",
        "en": "every Tuesday, until 29 June 2027",
        "ar": "كل ثلاثاء، حتى 29 يونيو 2027",
        "uk": "щотижня по вівторках, до 29 червня 2027",
    },
    "FREQ=MONTHLY;BYMONTHDAY=1": {
        "fr": "le 1er de chaque mois",
        "en": "on day 1 of each month",
        "ar": "يوم 1 من كل شهر",
        "uk": "щомісяця 1 числа",
    },
    "FREQ=YEARLY": {
        "fr": "tous les ans, le 1er décembre",
        "en": "every year on 1 December",
        "ar": "كل عام في 1 ديسمبر",
        "uk": "щороку 1 грудня",
    },
    "FREQ=MONTHLY;BYDAY=MO,TU": {
        "fr": "régulièrement",
        "en": "regularly",
        "ar": "بانتظام",
        "uk": "регулярно",
    },
}


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


def text(response):
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def in_language(client, code):
    client.cookies["langue"] = code
    return client


# 1. Repetitions in words ------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["fr", *LANGUAGES])
def test_repetitions_are_said_in_the_four_languages(language):
    with translation.override(language):
        for rule, words in RULES.items():
            assert describe_rule(rule, dtstart=START) == words[language], rule


def test_counts_follow_each_languages_plural_forms():
    with translation.override("uk"):
        assert describe_rule("FREQ=DAILY;COUNT=2", dtstart=START) == "щодня, 2 рази"
        assert describe_rule("FREQ=DAILY;COUNT=21", dtstart=START) == "щодня, 21 раз"
    with translation.override("ar"):
        assert describe_rule("FREQ=DAILY;COUNT=11", dtstart=START) == "كل يوم، 11 مرة"
    with translation.override("en"):
        assert describe_rule("FREQ=DAILY;INTERVAL=3", dtstart=START) == "every 3 days"


@pytest.mark.parametrize(
    "language, said, french",
    [
        ("en", "Every Tuesday and Thursday, 2 p.m. to 4 p.m.", "Tous les mardis"),
        ("ar", "كل ثلاثاء وخميس، من 14:00 إلى 16:00", "Tous les mardis"),
        ("uk", "Щотижня по вівторках і четвергах, з 14:00 до 16:00", "Tous les mardis"),
    ],
)
def test_the_event_page_says_the_repetition_in_the_language_chosen(client, language, said, french):
    event = EventFactory(recurrence="FREQ=WEEKLY;BYDAY=TU,TH", start=START, end=START + timedelta(hours=2))
    page = text(in_language(client, language).get(event.get_absolute_url()))
    assert said in page
    assert french not in page


def test_a_wrong_rule_is_explained_in_the_language_chosen(client):
    event = EventFactory(start=START, end=START + timedelta(hours=2))
    event.recurrence = "FREQ=HOURLY"
    with translation.override("en"), pytest.raises(ValidationError) as raised:
        event.full_clean()
    assert "A repeat must be daily, weekly, monthly or yearly." in str(raised.value)


@pytest.mark.parametrize(
    "language, tuesday, first, last",
    [
        ("fr", "Mardi", "1er", "dernier"),
        ("en", "Tuesday", "first", "last"),
        ("ar", "الثلاثاء", "الأسبوع الأول", "الأسبوع الأخير"),
        ("uk", "Вівторок", "перший тиждень", "останній тиждень"),
    ],
)
def test_the_proposal_forms_days_and_weeks_speak_the_language_chosen(
    client, member, language, tuesday, first, last
):
    client.force_login(member)
    content = html.unescape(in_language(client, language).get(PROPOSE).content.decode())
    assert re.search(rf'value="TU"[^>]*>\s*{tuesday}\s*</label>', content) or re.search(
        rf'<input[^>]+value="TU"[^>]*>\s*{tuesday}', content
    ), content[content.index('value="TU"') - 200 : content.index('value="TU"') + 200]
    assert f'<option value="1">{first}</option>' in content
    assert f'<option value="-1">{last}</option>' in content
    if language != "fr":
        assert '<option value="1">1er</option>' not in content


# 2. The large-print programme -------------------------------------------------------------------


@pytest.mark.parametrize(
    "language, said",
    [
        ("fr", "Tous les mardis de 14 h à 16 h 30, jusqu'au 29 juin 2027"),
        ("en", "Every Tuesday, 2 p.m. to 4:30 p.m., until 29 June 2027"),
        ("ar", "كل ثلاثاء، من 14:00 إلى 16:30، حتى 29 يونيو 2027"),
        ("uk", "Щотижня по вівторках, з 14:00 до 16:30, до 29 червня 2027"),
    ],
)
def test_the_large_print_programme_says_the_repetition_in_the_language_chosen(client, language, said):
    EventFactory(
        title="Café-tricot du mardi",
        insee="44109",
        recurrence="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T235959",
        start=START,
        end=START + timedelta(hours=2, minutes=30),
    )
    page = text(in_language(client, language).get(f"/agenda/imprimer/{NANTES_METROPOLE}/gros-caracteres/"))
    assert said in page
    # The same page in another language right after: nothing kept from the first one.
    other = "en" if language != "en" else "fr"
    again = text(in_language(client, other).get(f"/agenda/imprimer/{NANTES_METROPOLE}/gros-caracteres/"))
    assert said not in again


# 3. Dates: the month as written inside a date ---------------------------------------------------

DATES = {
    "fr": ("26 novembre 2026", "jeudi 26 novembre 2026"),
    "en": ("26 November 2026", "Thursday 26 November 2026"),
    "ar": ("26 نوفمبر 2026", "الخميس 26 نوفمبر 2026"),
    "uk": ("26 листопада 2026", "четвер, 26 листопада 2026"),
}


@pytest.mark.parametrize("language", ["fr", *LANGUAGES])
def test_dates_read_right_in_the_four_languages(language):
    in_template, in_words = DATES[language]
    with translation.override(language):
        rendered = render_to_string("includes/time.html", {"value": date(2026, 11, 26)})
        assert f'<time datetime="2026-11-26">{in_template}</time>' in rendered
        assert day_in_words(date(2026, 11, 26)) == in_words
    if language == "uk":
        assert "Листопад" not in rendered


def test_an_event_page_dates_have_the_ukrainian_genitive(client):
    event = EventFactory(start=START, end=START + timedelta(hours=2))
    page = text(in_language(client, "uk").get(event.get_absolute_url()))
    assert "1 грудня 2026" in page
    assert "Грудень" not in page


# 4. Thèmes' names -------------------------------------------------------------------------------


def test_the_map_says_the_themes_in_the_language_chosen(client):
    EventFactory(themes=["sante-bien-etre"], start=START, end=START + timedelta(hours=2))
    data = json.loads(in_language(client, "en").get("/agenda/carte/evenements.geojson").content)
    names = [theme["name"] for feature in data["features"] for theme in feature["properties"]["themes"]]
    assert names == ["Health and well-being"]


def test_the_agenda_heading_names_the_chosen_theme_in_the_language_chosen(client):
    page = text(in_language(client, "en").get("/agenda/?theme=sante-bien-etre"))
    assert "Health and well-being" in page
    assert "Santé et bien-être" not in page


def test_the_json_ld_and_the_calendar_say_the_themes_in_the_language_chosen(client):
    event = EventFactory(themes=["sante-bien-etre"], start=START, end=START + timedelta(hours=2))
    client = in_language(client, "en")
    detail = client.get(event.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', detail, re.S).group(1))
    assert data["keywords"] == "Health and well-being"
    feed = client.get("/agenda/agenda.ics").content.decode()
    assert "CATEGORIES:Health and well-being" in feed
    # The French feed, right after, keeps the French name (the kept VEVENT texts follow the language).
    french = in_language(client, "fr").get("/agenda/agenda.ics").content.decode()
    assert "CATEGORIES:Santé et bien-être" in french
    assert "Health" not in french


# 6. Readability hints: French rules, for texts in French only -------------------------------------


def test_a_text_written_in_english_gets_no_french_readability_hint(client, member):
    client.force_login(member)
    response = client.post(PROPOSE, proposal(summary=HARD, language="en", relire="1"))
    assert "Conseil pour un texte facile à lire" not in text(response)
    assert not Event.objects.exists()


def test_a_text_written_in_french_still_gets_its_hints_on_an_english_page(client, member):
    client.force_login(member)
    response = in_language(client, "en").post(PROPOSE, proposal(summary=HARD, language="fr", relire="1"))
    assert 'id="id_summary_hints"' in response.content.decode()


def test_the_admin_gives_no_french_hint_for_a_text_written_in_english(client, nantes_referent):
    event = EventFactory(insee="44143", themes=["emploi"], start=next_local(days=5))
    client.force_login(nantes_referent)
    data = form_data(client.get(change_url(event)))
    data.update(summary=HARD, language="en")
    response = client.post(change_url(event), data)
    assert response.status_code == 302
    event.refresh_from_db()
    assert (event.summary, event.language) == (HARD, "en")
    assert not [message for message in messages_of(response) if "facile à lire" in message]
