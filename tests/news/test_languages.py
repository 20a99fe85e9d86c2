"""The news in English, Arabic and Ukrainian, and news items written in another language than French.

The interface follows the `langue` cookie; a news item keeps the language it was written in, and
its title, summary and text carry `lang` (and `dir`) wherever that differs from the page's.
"""

from html import unescape
from xml.etree import ElementTree

import pytest

from news.models import NewsItem
from tests.factories.news import NewsItemFactory
from tests.news.test_admin import ADD, form_data

pytestmark = pytest.mark.django_db

DC = "{http://purl.org/dc/elements/1.1/}"


def _html(response):
    return unescape(response.content.decode())


def _in(client, code):
    client.cookies["langue"] = code
    return client


@pytest.mark.parametrize(
    ("code", "translated", "french"),
    [
        (
            "en",
            ["<title>News — Tous voisins 44</title>", "Filter the news", "2 news items", "Follow the news"],
            "Filtrer les actualités",
        ),
        ("ar", ["تصفية الأخبار", "عرض الأخبار", "كل لوار أتلانتيك"], "Filtrer les actualités"),
        ("uk", ["Фільтрувати новини", "2 новини", "Стежити за новинами"], "Afficher les actualités"),
    ],
)
def test_the_list_speaks_the_chosen_language(client, code, translated, french, django_assert_num_queries):
    NewsItemFactory(title="Atelier CV à Blain")
    NewsItemFactory(title="Balade à Guérande")

    client = _in(client, code)
    # The filter form's thèmes and intercommunalités, the count, the items, their thèmes: as in French.
    with django_assert_num_queries(5):
        response = client.get("/actualites/")

    html = _html(response)
    assert response.status_code == 200
    for words in translated:
        assert words in html
    assert french not in html
    # The items themselves keep their French titles.
    assert "Atelier CV à Blain" in html


@pytest.mark.parametrize(
    ("code", "translated", "french"),
    [
        (
            "en",
            ["Published on", ", by Sophie", "All the news", "More news on the topic Employment"],
            "Toutes les actualités",
        ),
        ("ar", ["نُشر في", "، بقلم Sophie", "كل الأخبار"], "Toutes les actualités"),
        ("uk", ["Опубліковано", ", автор: Sophie", "Усі новини"], "Publiée le"),
    ],
)
def test_the_detail_speaks_the_chosen_language(client, code, translated, french):
    item = NewsItemFactory(title="Atelier CV à Blain", signature="Sophie")
    NewsItemFactory(title="Forum de l'emploi")

    html = _html(_in(client, code).get(item.get_absolute_url()))

    for words in translated:
        assert words in html
    assert french not in html
    assert '<div class="news-item__body" lang="fr" dir="ltr">' in html


def test_a_ukrainian_item_on_a_french_page_carries_lang_uk(client):
    item = NewsItemFactory(
        title="Курси французької мови",
        lead="Щовівторка в бібліотеці.",
        summary="Курси для всіх.",
        language="uk",
    )

    listing = _html(client.get("/actualites/"))
    detail = _html(client.get(item.get_absolute_url()))

    url = item.get_absolute_url()
    assert (
        f'<h3 class="card__title" lang="uk" dir="ltr"><a href="{url}">Курси французької мови</a>' in listing
    )
    assert '<p class="news-card__lead" lang="uk" dir="ltr">Курси для всіх.</p>' in listing
    assert '<h1 lang="uk" dir="ltr">Курси французької мови</h1>' in detail
    assert '<p class="lead" lang="uk" dir="ltr">Щовівторка в бібліотеці.</p>' in detail
    assert '<div class="news-item__body" lang="uk" dir="ltr">' in detail
    # The interface around it stays French.
    assert "Publiée le" in detail


def test_a_ukrainian_item_on_a_ukrainian_page_needs_no_mark(client):
    item = NewsItemFactory(title="Курси французької мови", language="uk")

    html = _html(_in(client, "uk").get(item.get_absolute_url()))

    assert "<h1>Курси французької мови</h1>" in html


def test_an_arabic_item_reads_right_to_left_on_a_french_page(client):
    item = NewsItemFactory(title="دروس اللغة الفرنسية", language="ar")

    html = _html(client.get(item.get_absolute_url()))

    assert '<h1 lang="ar" dir="rtl">دروس اللغة الفرنسية</h1>' in html


def test_a_french_item_is_not_marked_on_a_french_page(client):
    item = NewsItemFactory(title="Atelier CV à Blain")

    html = _html(client.get(item.get_absolute_url()))

    assert "<h1>Atelier CV à Blain</h1>" in html
    # <html lang="fr" dir="ltr"> and the language menu aside, nothing is marked.
    assert 'lang="fr" dir' not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_the_feed_gives_each_items_language_and_its_own_words_in_the_readers(client):
    NewsItemFactory(title="Курси французької мови", language="uk")
    NewsItemFactory(title="Atelier CV à Blain")

    response = _in(client, "en").get("/actualites/flux.xml")

    channel = ElementTree.fromstring(response.content).find("channel")
    assert channel.findtext("title") == "News from Tous voisins 44"
    assert channel.findtext("language") == "en"
    languages = {item.findtext("title"): item.findtext(f"{DC}language") for item in channel.findall("item")}
    assert languages == {"Курси французької мови": "uk", "Atelier CV à Blain": "fr"}


def test_the_admin_form_asks_the_language_of_the_text_and_keeps_it(client, moderator):
    client.force_login(moderator)

    page = _html(client.get(ADD))
    response = client.post(ADD, form_data(title="Курси французької мови", language="uk"))

    assert "Langue du texte" in page
    assert response.status_code == 302
    assert NewsItem.objects.get(title="Курси французької мови").language == "uk"


def test_an_item_saved_without_a_language_is_french(client, moderator):
    client.force_login(moderator)

    client.post(ADD, form_data(title="Un atelier"))

    assert NewsItem.objects.get(title="Un atelier").language == "fr"
