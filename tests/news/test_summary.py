"""A news item's "En bref" (issue 17, item 2): required and limited in the admin, with a readability
hint that never blocks; made from the lead for the items written before it; shown in the list, on
the home page and in the feed, at the same cost in queries."""

import html
import importlib
import re
from xml.etree import ElementTree

import pytest
from django.apps import apps
from django.contrib.messages import get_messages

from news.models import NewsItem
from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE
from tests.factories.news import NewsItemFactory
from tests.news.test_admin import ADD, change_url, form_data

pytestmark = pytest.mark.django_db

HARD = "Une réunion sur la mutualisation et la dématérialisation des démarches de l'EPCI."
PLAIN = "Les cafés-emploi reprennent le mardi. On y parle de sa recherche d'emploi, sans inscription."


def text(response):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def field_error(response):
    found = re.search(
        r'<ul class="errorlist"[^>]*id="id_summary_error"[^>]*>(.*?)</ul>', response.content.decode()
    )
    return html.unescape(re.sub(r"<[^>]+>", "", found.group(1))).strip() if found else text(response)


def test_the_admin_requires_en_bref_and_limits_it(client, moderator):
    client.force_login(moderator)
    assert "Par exemple : « Les cafés-emploi reprennent le mardi." in text(client.get(ADD))

    response = client.post(ADD, form_data(summary=""))
    assert response.status_code == 200
    assert "Écrivez en une ou deux phrases ce que dit cette actualité." in field_error(response)

    response = client.post(ADD, form_data(summary="Une nouvelle. " * 20))
    assert response.status_code == 200
    assert "Écrivez 200 caractères au plus : votre texte en a 279." in field_error(response)
    assert "Une nouvelle. Une nouvelle." in text(response)  # kept
    assert not NewsItem.objects.exists()


def test_a_referent_saves_a_hard_summary_and_is_given_the_hint(client, nantes_referent):
    client.force_login(nantes_referent)
    response = client.post(ADD, form_data(summary=HARD, siren=NANTES_METROPOLE))
    assert response.status_code == 302
    assert NewsItem.objects.get().summary == HARD
    hints = [
        str(message) for message in get_messages(response.wsgi_request) if "facile à lire" in str(message)
    ]
    assert len(hints) == 1
    assert hints[0].startswith(
        "Enregistré. Un conseil pour que « En bref » soit facile à lire : Des mots peu"
    )
    assert "« EPCI »" in hints[0]


def test_a_referent_out_of_scope_cannot_change_it(client, nantes_referent):
    item = NewsItemFactory(siren=CAP_ATLANTIQUE, themes=["loisirs-culture-sport"], summary=PLAIN)
    client.force_login(nantes_referent)
    client.post(change_url(item), form_data(siren=NANTES_METROPOLE, summary="Détourné."))
    item.refresh_from_db()
    assert item.summary == PLAIN


@pytest.mark.parametrize("count", [2, 12])
def test_the_list_shows_it_at_the_same_cost(client, django_assert_num_queries, count):
    for index in range(count):
        NewsItemFactory(title=f"Nouvelle {index}", summary=f"En bref numéro {index}.")
    # The same five queries as without it (tests/news/test_pages.py).
    with django_assert_num_queries(5):
        page = text(client.get("/actualites/"))
    assert all(f"En bref numéro {index}." in page for index in range(count))


def test_the_home_page_shows_it_in_the_same_four_queries(client, django_assert_num_queries):
    NewsItemFactory(summary=PLAIN)
    # 1. the thèmes, 2. the next dates, 3. the latest news, 4. communities near you
    # (tests/pages/test_pages.py)
    with django_assert_num_queries(4):
        response = client.get("/")
    assert PLAIN in text(response)


def test_the_feed_and_the_page_description_begin_with_it(client):
    item = NewsItemFactory(summary=PLAIN)
    feed = ElementTree.fromstring(client.get("/actualites/flux.xml").content)
    assert feed.findtext("channel/item/description").startswith(
        f"<p><strong>{html.escape(PLAIN)}</strong></p><p>Ce qui change"
    )
    content = html.unescape(client.get(item.get_absolute_url()).content.decode())
    assert re.search(r'<meta name="description" content="([^"]*)"', content).group(1) == PLAIN


def test_the_data_migration_fills_it_from_the_lead(db):
    item = NewsItemFactory(lead="Les ateliers reprennent. Ils sont gratuits.")
    NewsItem.objects.update(summary="")
    importlib.import_module("news.migrations.0004_newsitem_summary").fill_summaries(apps, None)
    item.refresh_from_db()
    assert item.summary == "Les ateliers reprennent."


def test_every_demo_news_item_has_a_plain_summary():
    from news.demo import NEWS
    from tousvoisins.readability import readability_hints

    for demo in NEWS:
        assert 0 < len(demo.summary) <= 200, demo.title
        assert readability_hints(demo.summary) == [], demo.title
