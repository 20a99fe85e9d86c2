"""The home page's leftovers of the first translation pass (issue 15): the thèmes' names and
descriptions, the communities' thème and the "Vous aimez tous les deux" of the member cards in the
language chosen; the events and news written in another language marked with `lang`."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import EventFactory, next_local
from tests.factories.communities import CommunityFactory
from tests.factories.news import NewsItemFactory
from tests.factories.profiles import ProfileFactory, profile_for
from tousvoisins import fragments

pytestmark = pytest.mark.django_db

# language: (a thème's name, its description, the community's thème, "Vous aimez tous les deux")
HOME = {
    "en": ("Health and well-being", "Help each other as neighbours", "Leisure", "You both like"),
    "ar": ("الصحة والعافية", "التعاون بين الجيران", "الترفيه", "كلاكما يحب"),
    "uk": ("Здоров'я і добробут", "Допомагати одне одному по-сусідськи", "Дозвілля", "Вам обом подобається"),
}
FRENCH = (
    "Santé et bien-être",
    "S'entraider entre voisins",
    "Loisirs, culture et sport",
    "Vous aimez tous les deux",
)


def _page(client, language=None):
    if language:
        client.cookies["langue"] = language
    response = client.get("/")
    assert response.status_code == 200
    return response.content.decode().replace("&#x27;", "'")


@pytest.fixture
def reader(client, member):
    """`member` signed in, who shares « cuisiner » with Paul."""
    profile_for(member, display_name="Alice", insee="44143", interests=["cuisiner"])
    ProfileFactory(user__username="paul-4821", display_name="Paul", insee="44143", interests=["cuisiner"])
    CommunityFactory(name="Les cuisiniers du mardi", theme="loisirs-culture-sport")
    client.force_login(member)
    return client


@pytest.mark.parametrize("language", HOME)
def test_the_home_page_says_themes_and_shared_interests_in_the_language_chosen(reader, language):
    page = _page(reader, language)
    theme, description, community_theme, shared = HOME[language]
    assert theme in page
    assert description in page
    assert community_theme in page
    assert shared in page
    for french in FRENCH:
        assert french not in page


def test_the_home_page_stays_french_by_default(reader):
    page = _page(reader)
    for french in FRENCH:
        assert french in page


def test_events_and_news_written_in_another_language_are_marked_on_the_home_page(client):
    EventFactory(title="Knitting café", summary="We knit together.", language="en", start=next_local(days=3))
    EventFactory(title="Café-tricot", summary="On tricote ensemble.", start=next_local(days=4))
    NewsItemFactory(title="أخبار الحي", summary="خبر قصير.", language="ar")
    page = _page(client)
    assert 'lang="en" dir="ltr">Knitting café</a>' in page
    assert '<span lang="en" dir="ltr">We knit together.</span>' in page
    assert 'lang="ar" dir="rtl">أخبار الحي</a>' in page
    assert '<span lang="ar" dir="rtl">خبر قصير.</span>' in page
    # French content on a French page carries nothing.
    assert re.search(r'<a href="[^"]+">Café-tricot</a>', page)
    assert "<span>On tricote ensemble.</span>" in page


def test_marking_the_language_costs_no_query_per_card(client):
    EventFactory(title="Knitting café", language="en", start=next_local(days=3))
    NewsItemFactory(language="ar")
    # Both pages built from nothing kept (the home page keeps its blocks: tousvoisins.fragments).
    fragments.clear()
    with CaptureQueriesContext(connection) as one:
        _page(client)
    for day in range(4, 8):
        EventFactory(language="en", start=next_local(days=day))
        NewsItemFactory(language="uk")
    fragments.clear()
    with CaptureQueriesContext(connection) as many:
        _page(client)
    assert len(many) == len(one)
