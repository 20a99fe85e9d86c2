"""What the useful links page keeps (tousvoisins.fragments): each link's row, the filter form and
its choices. They change on the next request when a link is edited or taken off in the admin, or
found broken by the checker."""

from html import unescape

import pytest

from links.checker import Outcome, record
from links.models import Category, Link
from tests.factories.links import LinkFactory
from tests.links.test_admin import _change_url, _form

pytestmark = pytest.mark.django_db

PAGE = "/liens-utiles/"


def _html(response):
    assert response.status_code == 200
    return unescape(response.content.decode())


@pytest.fixture
def ameli(db):
    return LinkFactory(
        title="Ameli",
        url="https://www.ameli.fr/",
        category=Category.objects.get(slug="sante-et-droits"),
        purpose="Pour suivre vos remboursements de soins.",
        themes=["sante-bien-etre"],
    )


def test_a_link_edited_in_the_admin_shows_at_once(client, moderator, ameli):
    visitor = client.__class__()
    assert "Pour suivre vos remboursements de soins." in _html(visitor.get(PAGE))

    client.force_login(moderator)
    response = client.post(_change_url(ameli), _form(purpose="Pour suivre vos soins et vos droits."))
    assert response.status_code == 302

    html = _html(visitor.get(PAGE))
    assert "Pour suivre vos soins et vos droits." in html
    assert "Pour suivre vos remboursements de soins." not in html


def test_a_link_taken_off_in_the_admin_leaves_the_page_at_once(client, moderator, ameli):
    LinkFactory(title="Service public")
    visitor = client.__class__()
    assert "Ameli" in _html(visitor.get(PAGE))

    client.force_login(moderator)
    form = _form()
    del form["is_active"]  # unticked
    assert client.post(_change_url(ameli), form).status_code == 302

    html = _html(visitor.get(PAGE))
    assert "Ameli" not in html
    assert "Service public" in html


def test_a_link_found_broken_says_so_at_once(client, ameli):
    assert "peut-être momentanément indisponible" not in _html(client.get(PAGE))

    for _ in range(2):  # broken after two failed checks in a row
        record(ameli, Outcome(False, 404, "La page n'existe plus (404)."))

    assert "peut-être momentanément indisponible" in _html(client.get(PAGE))


def test_a_new_category_is_offered_in_the_filter_at_once(client, moderator, ameli):
    assert "Vie de quartier" not in _html(client.get(PAGE))

    Category.objects.create(name="Vie de quartier", slug="vie-de-quartier", description="Près de chez vous.")

    assert '<option value="vie-de-quartier">Vie de quartier</option>' in _html(client.get(PAGE))


def test_the_filter_form_shows_what_each_address_asked(client, ameli):
    wrong = _html(client.get(PAGE, {"categorie": "jardinage"}))
    chosen = _html(client.get(PAGE, {"categorie": "sante-et-droits"}))
    plain = _html(client.get(PAGE))

    error = "Cette catégorie n'existe pas."
    assert error in wrong and error not in chosen and error not in plain
    assert '<option value="sante-et-droits" selected>' in chosen
    assert '<option value="sante-et-droits" selected>' not in plain
    assert "Voir tous les liens" in chosen and "Voir tous les liens</a>" not in plain


def test_the_page_makes_the_same_fewer_queries_once_kept(client, django_assert_num_queries):
    LinkFactory(themes=["emploi"])
    # 1-2 the filter's categories and thèmes, 3 count, 4 links with their category, 5 their
    # thèmes (rows to render). Kept: 3 and 4 remain.
    with django_assert_num_queries(5):
        client.get(PAGE)
    with django_assert_num_queries(2):
        client.get(PAGE)
    for _ in range(29):
        LinkFactory(themes=["logement"])
    with django_assert_num_queries(5):  # a new stamp: choices and rows are built again
        client.get(PAGE)
    with django_assert_num_queries(2):
        html = _html(client.get(PAGE))
    assert "30 liens." in html
    assert Link.objects.count() == 30
