"""The news' leftovers of the first translation pass (issue 15): the thème named in the language
chosen (the "other news" of a detail page, the moderators' list) and the territory filter's help."""

import html
import re

import pytest

from tests.factories.news import NewsItemFactory

pytestmark = pytest.mark.django_db

OTHER_NEWS = {
    "en": "More news on the topic Housing",
    "ar": "السكن",
    "uk": "Житло",
}
TERRITORY_HELP = {
    "en": ("A group of neighbouring communes.", "News for all of Loire-Atlantique is shown too."),
}


def text(response):
    assert response.status_code == 200
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


@pytest.mark.parametrize("language", OTHER_NEWS)
def test_the_other_news_of_a_theme_name_it_in_the_language_chosen(client, language):
    item = NewsItemFactory(title="Celle-ci", themes=["logement"])
    NewsItemFactory(title="Une autre du logement", themes=["logement"])
    client.cookies["langue"] = language
    page = text(client.get(item.get_absolute_url()))
    assert OTHER_NEWS[language] in page
    assert "Logement" not in page


def test_the_territory_filter_is_explained_in_the_language_chosen(client):
    client.cookies["langue"] = "en"
    content = client.get("/actualites/").content.decode()
    for phrase in TERRITORY_HELP["en"]:
        assert phrase in content
    assert "Un groupe de communes voisines" not in content
    assert '<a href="/territoire/">Which communes are in each one?</a>' in content
    # And French again right after: nothing was kept from the English page.
    client.cookies["langue"] = "fr"
    content = client.get("/actualites/").content.decode()
    assert "Un groupe de communes voisines." in content
    assert "Les actualités de toute la Loire-Atlantique sont montrées aussi." in content


def test_the_moderators_list_names_the_themes_in_the_language_chosen(client, moderator):
    NewsItemFactory(title="Une nouvelle du logement", themes=["logement", "emploi"])
    client.force_login(moderator)
    client.cookies["langue"] = "en"
    page = text(client.get("/admin/news/newsitem/"))
    assert "Employment, Housing" in page or "Housing, Employment" in page
    assert "Logement" not in page
