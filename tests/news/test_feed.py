"""The news' RSS 2.0 feed: valid XML, the latest published items, the list's filters."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone

from news.models import NewsItem
from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE
from tests.factories.news import NewsItemFactory

pytestmark = pytest.mark.django_db

FEED = "/actualites/flux.xml"
DC = "{http://purl.org/dc/elements/1.1/}"


def _channel(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    root = ET.fromstring(response.content)
    assert (root.tag, root.get("version")) == ("rss", "2.0")
    return root.find("channel")


def _titles(channel):
    return [item.findtext("title") for item in channel.findall("item")]


def test_it_is_valid_rss_with_the_published_items_newest_first(client, settings):
    settings.SITE_URL = "https://tousvoisins44.fr"
    now = timezone.now()
    NewsItemFactory(title="Avant-hier", published_at=now - timedelta(days=2))
    item = NewsItemFactory(
        title="Hier",
        summary="En bref & court.",
        lead="Le chapô & le reste.",
        body="Un **texte**.",
        themes=["emploi", "logement"],
        signature="Sophie",
        published_at=now - timedelta(days=1),
    )
    NewsItemFactory(title="Brouillon", status=NewsItem.Status.DRAFT)
    NewsItemFactory(title="Demain", published_at=now + timedelta(days=1))

    channel = _channel(client.get(FEED))

    assert channel.findtext("title") == "Actualités de Tous voisins 44"
    assert channel.findtext("link") == "https://tousvoisins44.fr/actualites/"
    assert channel.findtext("language") == "fr"
    assert _titles(channel) == ["Hier", "Avant-hier"]
    first = channel.find("item")
    url = f"https://tousvoisins44.fr{item.get_absolute_url()}"
    assert first.findtext("link") == url
    assert first.findtext("guid") == url
    assert first.findtext("description") == (
        "<p><strong>En bref &amp; court.</strong></p><p>Le chapô &amp; le reste.</p>"
        "<p>Un <strong>texte</strong>.</p>"
    )
    assert [category.text for category in first.findall("category")] == ["Emploi", "Logement"]
    assert first.findtext(f"{DC}creator") == "Sophie"
    assert first.findtext("pubDate")


def test_it_keeps_the_latest_20_items(client):
    now = timezone.now()
    for index in range(22):
        NewsItemFactory(title=f"Nouvelle {index}", published_at=now - timedelta(hours=index + 1))

    titles = _titles(_channel(client.get(FEED)))

    assert len(titles) == 20
    assert titles[0] == "Nouvelle 0" and titles[-1] == "Nouvelle 19"


def test_it_honours_the_lists_filters(client):
    NewsItemFactory(title="Emploi à Nantes", themes=["emploi"], siren=NANTES_METROPOLE)
    NewsItemFactory(title="Emploi sur la presqu'île", themes=["emploi"], siren=CAP_ATLANTIQUE)
    NewsItemFactory(title="Logement à Nantes", themes=["logement"], siren=NANTES_METROPOLE)
    NewsItemFactory(title="Emploi partout", themes=["emploi"])

    channel = _channel(client.get(FEED, {"theme": "emploi", "territoire": NANTES_METROPOLE}))

    assert set(_titles(channel)) == {"Emploi à Nantes", "Emploi partout"}
    assert channel.findtext("title") == "Actualités de Tous voisins 44 — Emploi, Nantes Métropole"
    assert channel.findtext("link").endswith(f"/actualites/?theme=emploi&territoire={NANTES_METROPOLE}")


@pytest.mark.parametrize("query", ["theme=jardinage", "territoire=123456789"])
def test_an_unknown_filter_is_a_404_not_a_wrong_feed(client, query):
    assert client.get(f"{FEED}?{query}").status_code == 404


def test_a_script_in_a_body_never_reaches_the_feed(client):
    NewsItemFactory(body='Bonjour <script>alert("x")</script> [clic](javascript:alert(1))')

    description = _channel(client.get(FEED)).find("item").findtext("description")

    assert "<script" not in description and "javascript:" not in description
    assert "Bonjour" in description


def _add(count, start=0):
    sirens = [NANTES_METROPOLE, CAP_ATLANTIQUE, None]
    themes = [["emploi"], ["logement", "emploi"], ["solidarite", "mobilite", "emploi"]]
    for index in range(start, start + count):
        NewsItemFactory(title=f"Nouvelle {index}", siren=sirens[index % 3], themes=themes[index % 3])


@pytest.mark.parametrize("query", ["", f"?theme=emploi&territoire={NANTES_METROPOLE}"])
def test_the_feed_makes_the_same_few_queries_with_1_or_30_items(client, query, django_assert_num_queries):
    client.get(FEED)  # the site (django.contrib.sites) is read once per process, then cached
    _add(1)
    # 1 the items with their intercommunalité, 2 their thèmes: the filters' thèmes and
    # intercommunalités are kept since the first request (tousvoisins.fragments).
    with django_assert_num_queries(2):
        first = client.get(FEED + query)
    _add(29, start=1)
    with django_assert_num_queries(2):
        second = client.get(FEED + query)
    assert len(_titles(_channel(first))) == 1
    assert len(_titles(_channel(second))) == 20
