"""The useful links page in English, Arabic and Ukrainian (the `langue` cookie): the interface is
translated, what the moderators wrote about each site keeps its language, the queries stay the same."""

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from links.models import Link
from tests.factories.links import LinkFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def french_after():
    yield
    # A request activates its language for the thread: the tests after these ones run in French.
    translation.activate(settings.LANGUAGE_CODE)


def text(response):
    """The page's text without tags and with spaces collapsed, as a person reads it."""
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def get_in(client, language, url):
    client.cookies["langue"] = language
    return client.get(url)


TRANSLATED = {
    "en": ("Do you know a useful website?", "External site:", "Free, with registration", "2 links."),
    "ar": ("هل تعرف موقعًا مفيدًا؟", "موقع خارجي:", "مجاني، مع تسجيل", "2 رابطان."),
    "uk": ("Знаєте корисний сайт?", "Зовнішній сайт:", "Безкоштовно, з реєстрацією", "2 посилання."),
}


@pytest.mark.parametrize("language", ["en", "ar", "uk"])
def test_the_page_speaks_the_chosen_language_and_keeps_what_the_moderators_wrote(client, language):
    LinkFactory(title="Ameli", purpose="Pour suivre vos remboursements de soins.")
    LinkFactory(title="France Travail", cost=Link.Cost.FREE_WITH_ACCOUNT)

    response = get_in(client, language, "/liens-utiles/")
    page = text(response)

    for phrase in TRANSLATED[language]:
        assert phrase in page
    assert "Vous connaissez un site utile ?" not in page
    assert "Site extérieur :" not in page
    assert "Gratuit, avec une inscription" not in page
    # What the moderators wrote is content: it keeps its language, marked for screen readers.
    assert "Pour suivre vos remboursements de soins." in page
    assert "Ameli" in page
    assert (
        '<p class="useful-link__purpose" lang="fr" dir="ltr">Pour suivre vos remboursements de soins.</p>'
        in response.content.decode()
    )


def test_in_french_the_moderators_words_need_no_mark(client):
    LinkFactory(purpose="Pour suivre vos remboursements de soins.")

    content = client.get("/liens-utiles/").content.decode()

    assert '<p class="useful-link__purpose">Pour suivre vos remboursements de soins.</p>' in content


def test_a_wrong_filter_is_explained_in_english(client):
    LinkFactory()

    page = text(get_in(client, "en", "/liens-utiles/?categorie=nulle-part"))

    assert "This category does not exist. Choose a category from the list." in page
    assert "One filter could not be used" in page
    assert "Cette catégorie n'existe pas." not in page


def test_a_site_that_no_longer_answers_is_said_in_ukrainian(client):
    LinkFactory(is_broken=True, failures=2, checked_at=datetime(2026, 11, 24, 6, tzinfo=PARIS))

    page = text(get_in(client, "uk", "/liens-utiles/"))

    assert "Цей сайт, можливо, тимчасово недоступний" in page
    assert "Спробуйте пізніше." in page
    assert "Réessayez plus tard." not in page


def test_the_page_makes_the_same_queries_in_every_language(client):
    LinkFactory.create_batch(3)
    counts = {}
    for language in ["fr", "en", "ar", "uk"]:
        client.cookies["langue"] = language
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/liens-utiles/").status_code == 200
        counts[language] = len(queries)

    assert len(set(counts.values())) == 1, counts
