"""Issue 17, item 3: every page that names a thème shows its pictogram, always followed by the
thème's name in words (never the colour or the drawing alone)."""

import html
import re

import pytest

from news.models import NewsItem
from tests.factories import EventFactory
from tests.factories.forum import TopicFactory
from tests.factories.links import LinkFactory
from tests.factories.news import NewsItemFactory
from tests.factories.referents import PermanenceFactory, ReferentFactory
from tousvoisins.models import Theme

pytestmark = pytest.mark.django_db

# Each page of the list, found from the objects of the `content` fixture.
PAGES = {
    "agenda list": lambda content: "/agenda/",
    "event detail": lambda content: content["event"].get_absolute_url(),
    "month grid": lambda content: content["month"],
    "agenda map list": lambda content: "/agenda/carte/",
    "forum index": lambda content: "/forum/",
    "forum category": lambda content: content["topic"].category.get_absolute_url(),
    "forum topic": lambda content: content["topic"].get_absolute_url(),
    "news list": lambda content: "/actualites/",
    "news detail": lambda content: content["news"].get_absolute_url(),
    "useful links": lambda content: "/liens-utiles/",
    "referents directory": lambda content: "/referents/",
    "referent detail": lambda content: content["referent"].get_absolute_url(),
    "referents map list": lambda content: "/referents/carte/",
}


@pytest.fixture
def emploi():
    return Theme.objects.get(slug="emploi")


@pytest.fixture
def content(emploi):
    event = EventFactory(title="Atelier CV", themes=[emploi.slug])
    start = event.occurrences.get().start
    link = LinkFactory(title="France Travail")
    link.themes.set([emploi])
    referent = ReferentFactory(themes=[emploi.slug])
    PermanenceFactory(referent=referent)
    return {
        "event": event,
        "month": f"/agenda/mois/{start:%Y}/{start:%m}/",
        "topic": TopicFactory(category="emploi", title="Trouver un stage"),
        "news": NewsItemFactory(themes=[emploi.slug], status=NewsItem.Status.PUBLISHED),
        "referent": referent,
    }


def pictogram_tags(page, theme):
    """The <img> tags of `theme`'s pictogram on the page."""
    return re.findall(rf'<img[^>]*src="[^"]*/img/themes/{re.escape(theme.pictogram)}\.svg"[^>]*>', page)


def name_right_after(page, tag):
    """The words that follow the pictogram, up to the end of its label."""
    after = page[page.index(tag) + len(tag) :]
    return html.unescape(re.sub(r"<[^>]+>", "", after.split("</span></span>", 1)[0])).strip()


@pytest.mark.parametrize("page_name", PAGES)
def test_the_theme_pictogram_is_shown_with_its_name(client, content, emploi, page_name):
    response = client.get(PAGES[page_name](content))

    assert response.status_code == 200
    page = response.content.decode()
    tags = pictogram_tags(page, emploi)
    assert tags, f"pas de pictogramme « {emploi.name} » sur {page_name}"
    for tag in tags:
        # Decorative: the name that follows says it, a screen reader does not say it twice.
        assert 'alt=""' in tag
        assert 'width="24"' in tag and 'height="24"' in tag
        assert name_right_after(page, tag) == emploi.name


def test_every_theme_has_its_pictogram_file():
    from django.contrib.staticfiles import finders

    for theme in Theme.objects.all():
        assert finders.find(theme.pictogram_path), theme.slug


def test_the_month_grid_and_the_map_list_give_each_date_all_its_themes_in_order(client, emploi):
    EventFactory(title="Café solidaire", themes=["solidarite", "emploi"])
    event = EventFactory(title="Seule dans son thème", themes=["mobilite"])
    start = event.occurrences.get().start

    for path in (f"/agenda/mois/{start:%Y}/{start:%m}/", "/agenda/carte/"):
        page = client.get(path).content.decode()
        item = page[page.index("Café solidaire") :]
        item = item[: item.index("</li></ul>")]
        names = [
            html.unescape(name) for name in re.findall(r'<span class="theme-label__name">(.*?)</span>', item)
        ]
        assert names == ["Emploi", "Solidarité"], path
        assert "Mobilité" not in item
