"""Useful links in the admin, from both sides: the moderation team adds, changes and checks links
and categories; referents may only look; members have no admin at all."""

import socket
from html import unescape

import pytest
from django.utils import timezone

from links.models import Category, Link
from tests.factories.links import LinkFactory
from tousvoisins.models import Theme

pytestmark = pytest.mark.django_db

LINKS = "/admin/links/link/"
CATEGORIES = "/admin/links/category/"


def _html(response):
    return unescape(response.content.decode())


def _change_url(link):
    return f"{LINKS}{link.pk}/change/"


def _form(**changes):
    return {
        "title": "Ameli",
        "url": "https://www.ameli.fr/",
        "category": str(Category.objects.get(slug="sante-et-droits").pk),
        "purpose": "Pour suivre vos remboursements de soins.",
        "cost": "gratuit-inscription",
        "organisation": "L'Assurance Maladie",
        "themes": [str(Theme.objects.get(slug="sante-bien-etre").pk)],
        "is_active": "on",
        "order": "10",
        **changes,
    }


def _closed_port():
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        return closed.getsockname()[1]


# Moderators ----------------------------------------------------------------------------------


def test_a_moderator_adds_a_link(client, moderator):
    client.force_login(moderator)

    response = client.post(f"{LINKS}add/", _form())

    assert response.status_code == 302, _html(response)
    assert response["Location"] == LINKS
    link = Link.objects.get()
    assert (link.title, link.category.slug, link.cost, link.is_active) == (
        "Ameli",
        "sante-et-droits",
        Link.Cost.FREE_WITH_ACCOUNT,
        True,
    )
    assert list(link.themes.values_list("slug", flat=True)) == ["sante-bien-etre"]
    assert "Ameli" in client.get("/liens-utiles/").content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"purpose": "Suivre ses remboursements."}, "Commencez la phrase par « Pour »"),
        ({"url": "ftp://www.ameli.fr/"}, "Écrivez l'adresse complète du site, par exemple https://"),
        ({"url": "ameli"}, "Écrivez l'adresse complète du site, par exemple https://"),
        ({"title": ""}, "Ce champ est obligatoire."),
    ],
)
def test_a_moderator_is_told_what_to_fix_and_keeps_what_they_typed(client, moderator, changes, message):
    client.force_login(moderator)

    response = client.post(f"{LINKS}add/", _form(**changes))

    html = _html(response)
    assert response.status_code == 200
    assert message in html
    assert "L'Assurance Maladie" in html
    assert not Link.objects.exists()


def test_an_address_without_its_beginning_gets_https(client, moderator):
    client.force_login(moderator)

    client.post(f"{LINKS}add/", _form(url="www.ameli.fr"))

    assert Link.objects.get().url == "https://www.ameli.fr"


def test_the_same_site_cannot_be_added_twice(client, moderator):
    LinkFactory(url="https://www.ameli.fr/")
    client.force_login(moderator)

    response = client.post(f"{LINKS}add/", _form())

    assert "Ce site est déjà dans les liens utiles." in _html(response)
    assert Link.objects.count() == 1


def test_a_new_address_starts_the_checks_afresh(client, moderator):
    link = LinkFactory(**_model_fields())
    Link.objects.filter(pk=link.pk).update(
        failures=2,
        is_broken=True,
        check_status=404,
        check_result="La page n'existe plus (404).",
        checked_at=timezone.now(),
    )
    client.force_login(moderator)

    response = client.post(_change_url(link), _form(url="https://www.ameli.fr/assure"))

    assert response.status_code == 302
    link.refresh_from_db()
    assert link.url == "https://www.ameli.fr/assure"
    assert (link.failures, link.is_broken, link.check_status, link.check_result, link.checked_at) == (
        0,
        False,
        None,
        "",
        None,
    )


def test_other_changes_keep_the_checks(client, moderator):
    link = LinkFactory(**_model_fields())
    Link.objects.filter(pk=link.pk).update(failures=1, check_status=503)
    client.force_login(moderator)

    response = client.post(_change_url(link), _form(title="Ameli, l'Assurance Maladie"))

    assert response.status_code == 302
    assert response["Location"] == LINKS
    link.refresh_from_db()
    assert (link.title, link.failures, link.check_status) == ("Ameli, l'Assurance Maladie", 1, 503)


def _model_fields():
    return {
        "title": "Ameli",
        "url": "https://www.ameli.fr/",
        "category": Category.objects.get(slug="sante-et-droits"),
        "purpose": "Pour suivre vos remboursements de soins.",
        "cost": Link.Cost.FREE_WITH_ACCOUNT,
        "organisation": "L'Assurance Maladie",
    }


def test_a_moderator_lists_broken_links_with_the_filter(client, moderator):
    LinkFactory(title="Site en panne", is_broken=True, failures=2, checked_at=timezone.now())
    LinkFactory(title="Site fragile", failures=1, checked_at=timezone.now())
    LinkFactory(title="Site en forme", checked_at=timezone.now())
    LinkFactory(title="Site tout neuf")
    client.force_login(moderator)

    everything = _html(client.get(LINKS))
    broken = _html(client.get(LINKS, {"etat": "ne-repond-plus"}))

    assert all(
        title in everything for title in ("Site en panne", "Site fragile", "Site en forme", "Site tout neuf")
    )
    assert "<strong>Ne répond plus</strong>" in everything
    assert "Une vérification ratée" in everything and "Jamais vérifié" in everything
    assert "Site en panne" in broken
    assert "Site fragile" not in broken and "Site en forme" not in broken
    assert "Site fragile" in _html(client.get(LINKS, {"etat": "echec-recent"}))
    assert "Site tout neuf" in _html(client.get(LINKS, {"etat": "jamais-verifie"}))
    assert "Site tout neuf" not in _html(client.get(LINKS, {"etat": "repond"}))


def test_a_moderator_searches_links_by_name_address_or_organisation(client, moderator):
    LinkFactory(title="Ameli", url="https://www.ameli.fr/", organisation="L'Assurance Maladie")
    LinkFactory(title="Pix", url="https://pix.fr/", organisation="Pix, un service public")
    client.force_login(moderator)

    assert "Pix" not in _html(client.get(LINKS, {"q": "assurance"}))
    assert "Ameli" in _html(client.get(LINKS, {"q": "ameli.fr"}))


def test_the_links_changelist_makes_the_same_queries_whatever_the_number_of_links(
    client, moderator, django_assert_num_queries
):
    LinkFactory()
    client.force_login(moderator)
    client.get(LINKS)
    # 1 session, 2 user, 3-4 the user's own and group permissions, 5 the groups (is_moderator,
    # for the check action), 6 count, 7 count without filters, 8 links with their category,
    # 9 categories and 10 thèmes for the filters.
    with django_assert_num_queries(10):
        client.get(LINKS)
    for _ in range(20):
        LinkFactory(themes=["emploi"])
    with django_assert_num_queries(10):
        client.get(LINKS)


def test_a_moderator_checks_chosen_links_now(client, moderator):
    link = LinkFactory(title="Site fermé", url=f"http://127.0.0.1:{_closed_port()}/")
    client.force_login(moderator)

    response = client.post(
        LINKS, {"action": "check_now", "_selected_action": [str(link.pk)], "index": "0"}, follow=True
    )

    assert "1 lien(s) vérifié(s). Sans réponse correcte : Site fermé." in _html(response)
    link.refresh_from_db()
    assert link.failures == 1
    assert link.checked_at is not None


def test_a_moderator_adds_and_reorders_categories(client, moderator):
    client.force_login(moderator)

    response = client.post(
        f"{CATEGORIES}add/",
        {
            "name": "Culture",
            "slug": "culture",
            "description": "Des musées et des livres en ligne.",
            "order": "5",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == CATEGORIES
    assert Category.objects.first().slug == "culture"
    html = _html(client.get(CATEGORIES))
    assert "Démarches en ligne" in html and "Culture" in html


def test_a_category_with_links_cannot_be_deleted(client, moderator):
    link = LinkFactory()
    client.force_login(moderator)

    response = client.post(f"{CATEGORIES}{link.category.pk}/delete/", {"post": "yes"})

    assert response.status_code == 200
    assert Category.objects.filter(pk=link.category.pk).exists()


# Referents: view only --------------------------------------------------------------------------


@pytest.fixture(params=["thematic_referent", "nantes_referent"])
def referent(request):
    return request.getfixturevalue(request.param)


def test_a_referent_sees_the_links_and_their_checks(client, referent):
    LinkFactory(title="Site en panne", is_broken=True, failures=2, checked_at=timezone.now())
    client.force_login(referent)

    response = client.get(LINKS)

    assert response.status_code == 200
    html = _html(response)
    assert "Site en panne" in html
    assert "Vérifier maintenant les liens choisis" not in html
    assert "Ajouter lien utile" not in html


def test_a_referent_cannot_change_add_or_delete_a_link(client, referent):
    link = LinkFactory(**_model_fields())
    client.force_login(referent)

    page = client.get(_change_url(link))
    change = client.post(_change_url(link), _form(title="Piraté"))
    add = client.post(f"{LINKS}add/", _form(url="https://www.exemple.fr/"))
    delete = client.post(f"{LINKS}{link.pk}/delete/", {"post": "yes"})
    action = client.post(LINKS, {"action": "check_now", "_selected_action": [str(link.pk)], "index": "0"})

    assert page.status_code == 200
    assert 'name="_save"' not in page.content.decode()
    assert (change.status_code, add.status_code, delete.status_code) == (403, 403, 403)
    assert action.status_code == 200  # the unknown action is refused with the changelist
    link.refresh_from_db()
    assert link.title == "Ameli"
    assert link.checked_at is None
    assert Link.objects.count() == 1


def test_a_referent_cannot_change_a_category(client, referent):
    category = Category.objects.get(slug="se-loger")
    client.force_login(referent)

    response = client.post(
        f"{CATEGORIES}{category.pk}/change/",
        {"name": "Autre nom", "slug": "se-loger", "description": "x", "order": "1"},
    )

    assert response.status_code == 403
    category.refresh_from_db()
    assert category.name == "Se loger"


# Members -------------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [LINKS, CATEGORIES, f"{LINKS}add/"])
def test_a_member_has_no_admin_access(client, member, path):
    client.force_login(member)

    response = client.get(path)

    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")
