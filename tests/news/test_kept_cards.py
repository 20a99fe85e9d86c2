"""What the news pages keep (tousvoisins.fragments): the list's cards and filter form, a published
item's page body, the feed's descriptions. Each changes on the next request when the item is
edited or unpublished through the admin, and a filter form shows what each address asked."""

from datetime import timedelta
from html import unescape

import pytest
import time_machine
from django.utils import timezone

from news.models import NewsItem
from news.views import COUNT_SECONDS
from tests.factories.news import NewsItemFactory
from tests.news.test_admin import CHANGELIST, change_url, form_data

pytestmark = pytest.mark.django_db

LIST = "/actualites/"
FEED = "/actualites/flux.xml"


def _html(response):
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.fixture
def item(db):
    return NewsItemFactory(
        title="Un atelier CV à Blain",
        summary="Un atelier à Blain pour écrire son CV.",
        lead="Un atelier pour écrire son CV.",
        body="Venez avec vos questions.",
        themes=["emploi"],
    )


def _pages(item):
    return [LIST, item.get_absolute_url(), FEED]


def test_an_item_edited_in_the_admin_shows_on_every_page_at_once(client, moderator, item):
    visitor = client.__class__()
    for path in _pages(item):
        assert "Un atelier CV à Blain" in _html(visitor.get(path))
    assert "Venez avec vos questions." in _html(visitor.get(item.get_absolute_url()))

    client.force_login(moderator)
    response = client.post(
        change_url(item),
        form_data(title="Un atelier CV à Nozay", body="Apportez une clé USB.", summary="Un atelier à Nozay."),
    )
    assert response.status_code == 302

    for path in _pages(item):
        html = _html(visitor.get(path))
        assert "Un atelier CV à Nozay" in html, path
        assert "Un atelier CV à Blain" not in html, path
    detail = _html(visitor.get(item.get_absolute_url()))
    assert "Apportez une clé USB." in detail
    assert "Venez avec vos questions." not in detail
    assert "Apportez une clé USB." in _html(visitor.get(FEED))


def test_an_item_unpublished_in_the_admin_leaves_every_page_at_once(client, moderator, item):
    other = NewsItemFactory(title="Forum de l'emploi", themes=["emploi"])
    visitor = client.__class__()
    for path in _pages(item):
        visitor.get(path)
    assert "Un atelier CV à Blain" in _html(visitor.get(other.get_absolute_url()))  # "Autres actualités"

    client.force_login(moderator)
    client.post(CHANGELIST, {"action": "unpublish_selected", "_selected_action": [str(item.pk)]})

    assert visitor.get(item.get_absolute_url()).status_code == 404
    for path in (LIST, FEED, other.get_absolute_url()):
        html = _html(visitor.get(path))
        assert "Un atelier CV à Blain" not in html, path
        assert "Forum de l'emploi" in html, path


def test_a_draft_previewed_by_its_editor_is_never_kept(client, moderator, item):
    draft = NewsItemFactory(title="Bientôt : la fête des voisins", status=NewsItem.Status.DRAFT)
    client.force_login(moderator)

    first = _html(client.get(draft.get_absolute_url()))
    draft.body = "Le programme change."
    NewsItem.objects.filter(pk=draft.pk).update(body="Le programme change.")  # no stamp
    second = _html(client.get(draft.get_absolute_url()))

    assert "c'est un brouillon" in first
    assert "Le programme change." in second


def test_a_scheduled_item_appears_when_its_time_comes(client, item):
    later = NewsItemFactory(
        title="La fête des voisins", themes=["emploi"], published_at=timezone.now() + timedelta(minutes=5)
    )
    assert "La fête des voisins" not in _html(client.get(LIST))
    assert client.get(later.get_absolute_url()).status_code == 404

    # No stamp changes when its time comes: its page shows at once, the list (its count and
    # its page of items, kept for COUNT_SECONDS at most) a minute later at most.
    with time_machine.travel(later.published_at + timedelta(seconds=1)):
        assert "La fête des voisins" in _html(client.get(later.get_absolute_url()))
    with time_machine.travel(later.published_at + timedelta(seconds=COUNT_SECONDS + 1)):
        html = _html(client.get(LIST))
        assert "La fête des voisins" in html
        assert "2 actualités" in html


def test_the_filter_form_shows_what_each_address_asked(client, item):
    velo = _html(client.get(LIST, {"q": "vélo"}))
    cv = _html(client.get(LIST, {"q": "CV"}))
    plain = _html(client.get(LIST))
    wrong = _html(client.get(LIST, {"theme": "jardinage"}))

    assert 'value="vélo"' in velo and 'value="vélo"' not in cv
    assert 'value="CV"' in cv
    assert 'name="q"' in plain and 'value="vélo"' not in plain and 'value="CV"' not in plain
    assert "Ce thème n'existe pas." in wrong and "Ce thème n'existe pas." not in plain
    assert "Effacer les filtres" in velo and "Effacer les filtres" not in plain


def test_each_language_has_its_own_cards(client, item):
    french = _html(client.get(LIST))
    client.cookies["langue"] = "en"
    english = _html(client.get(LIST))

    assert "Un atelier CV à Blain" in english
    assert "1 actualité" in french and "1 actualité" not in english


# Query counts: the same with 1 and 30 items, fewer once the cards are kept --------------------


def _add(count, start=0):
    for index in range(start, start + count):
        NewsItemFactory(title=f"Nouvelle {index}", themes=["emploi", "logement"][: 1 + index % 2])


def test_the_list_makes_the_same_fewer_queries_once_kept(client, django_assert_num_queries):
    _add(1)
    # 1-2 the filter's thèmes and intercommunalités, 3 count, 4 items, 5 their thèmes (cards to
    # render). Kept: the choices, the count and the page's items (a minute at most), the cards.
    with django_assert_num_queries(5):
        client.get(LIST)
    with django_assert_num_queries(0):
        client.get(LIST)
    _add(29, start=1)  # a new stamp for the news: count, items and cards again (3 to 5)
    with django_assert_num_queries(3):
        client.get(LIST)
    with django_assert_num_queries(0):
        html = _html(client.get(LIST))
    assert "30 actualités" in html


def test_the_kept_count_is_per_selection(client):
    _add(3)
    NewsItemFactory(title="Atelier vélo", themes=["mobilite"])

    assert "4 actualités" in _html(client.get(LIST))
    assert "1 actualité" in _html(client.get(LIST, {"theme": "mobilite"}))
    assert "4 actualités" in _html(client.get(LIST, {"page": "1"}))
    assert "1 actualité" in _html(client.get(LIST, {"q": "vélo"}))


def test_an_items_page_makes_one_query_once_kept(client, django_assert_num_queries):
    _add(1)
    first = NewsItem.objects.get(title="Nouvelle 0")
    # 1 the item, 2 its thèmes, 3 other news of its first thème. Kept: 1 alone.
    with django_assert_num_queries(3):
        client.get(first.get_absolute_url())
    with django_assert_num_queries(1):
        client.get(first.get_absolute_url())
    _add(29, start=1)
    with django_assert_num_queries(3):
        client.get(first.get_absolute_url())
    with django_assert_num_queries(1):
        client.get(first.get_absolute_url())
