"""The news list keeps its count and its page of items (tousvoisins.fragments): an item added,
unpublished or deleted in the admin changes both on the next request, page by page and
selection by selection."""

import re
from html import unescape

import pytest

from tests.factories.news import NewsItemFactory
from tests.news.test_admin import ADD, CHANGELIST, form_data

pytestmark = pytest.mark.django_db

LIST = "/actualites/"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _html(response):
    assert response.status_code == 200
    return unescape(response.content.decode())


def _add(count):
    for number in range(count):
        NewsItemFactory(title=f"Nouvelle {number}", themes=["emploi"])


def test_an_item_added_in_the_admin_enters_the_kept_list_and_count_at_once(client, moderator):
    _add(2)
    visitor = client.__class__()
    assert "2 actualités" in _html(visitor.get(LIST))
    assert "Un atelier CV à Blain" not in _html(visitor.get(LIST))

    client.force_login(moderator)
    assert client.post(ADD, form_data()).status_code == 302

    html = _html(visitor.get(LIST))
    assert "3 actualités" in html
    assert "Un atelier CV à Blain" in html


def test_an_item_deleted_in_the_admin_leaves_every_kept_page(client, moderator):
    _add(13)  # two pages of 12
    first = NewsItemFactory(title="La dernière nouvelle", themes=["mobilite"])
    visitor = client.__class__()
    assert "La dernière nouvelle" in _html(visitor.get(LIST))
    assert "La dernière nouvelle" in _html(visitor.get(f"{LIST}?theme=mobilite"))
    second = _html(visitor.get(f"{LIST}?page=2"))
    assert "Nouvelle 0" in second and "Nouvelle 1" in second

    client.force_login(moderator)
    assert client.post(f"{CHANGELIST}{first.pk}/delete/", {"post": "yes"}).status_code == 302

    html = _html(visitor.get(LIST))
    assert "La dernière nouvelle" not in html and "13 actualités" in html
    # Page 2 had the oldest two; one of them moves up to page 1.
    second = _html(visitor.get(f"{LIST}?page=2"))
    assert "Nouvelle 0" in second and "Nouvelle 1" not in second
    assert "Aucune actualité ne correspond" in _html(visitor.get(f"{LIST}?theme=mobilite"))


def test_the_kept_page_is_per_language_and_page(client):
    _add(13)
    french = _html(client.get(f"{LIST}?page=2"))
    client.cookies["langue"] = "en"
    english = _html(client.get(f"{LIST}?page=2"))
    assert "Nouvelle 0" in french and "Nouvelle 0" in english
    assert french != english
    assert "Nouvelle 12" not in english  # page 1's newest item


@pytest.mark.parametrize("items", [1, 30])
def test_a_kept_list_makes_no_query_whatever_the_number_of_items(client, items, django_assert_num_queries):
    _add(items)
    # 1-2 the filter's thèmes and intercommunalités, 3 count, 4 the page's items with their
    # intercommunalité, 5 their thèmes (cards to render).
    with django_assert_num_queries(5):
        client.get(LIST)
    # Then the choices, the count, the page's items and their cards are kept.
    with django_assert_num_queries(0):
        html = _html(client.get(LIST))
    assert f"{items} actualité" in html


def test_a_member_gets_the_kept_list_with_their_own_header(client, member, other_member):
    _add(2)
    client.force_login(member)
    mine = _html(client.get(LIST))
    other = client.__class__()
    other.force_login(other_member)
    theirs = _html(other.get(LIST))
    assert "2 actualités" in mine and "2 actualités" in theirs
    # What is theirs (the sign-out form's token) is never the one who filled the kept copies'.
    mine_tokens, their_tokens = set(TOKEN.findall(mine)), set(TOKEN.findall(theirs))
    assert mine_tokens and their_tokens and not mine_tokens & their_tokens
