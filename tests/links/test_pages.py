"""The "Liens utiles" page, as a visitor reads it: links grouped by category, what each site is for,
whether it is free and who runs it, filters by category and thème that work without JavaScript."""

import re
from datetime import datetime
from html import unescape
from zoneinfo import ZoneInfo

import pytest

from links.models import Category, Link
from tests.factories.links import CategoryFactory, LinkFactory

pytestmark = pytest.mark.django_db

PAGE = "/liens-utiles/"
PARIS = ZoneInfo("Europe/Paris")


def _html(response):
    return unescape(response.content.decode())


def _title(html):
    return re.search(r"<title>(.*?)</title>", html, re.S).group(1).strip()


def _headings(html, level):
    return [
        re.sub(r"<[^>]+>", "", text).strip()
        for text in re.findall(rf"<h{level}[^>]*>(.*?)</h{level}>", html, re.S)
    ]


@pytest.fixture
def links(db):
    return {
        "ameli": LinkFactory(
            title="Ameli",
            url="https://www.ameli.fr/",
            category=Category.objects.get(slug="sante-et-droits"),
            purpose="Pour suivre vos remboursements de soins.",
            cost=Link.Cost.FREE_WITH_ACCOUNT,
            organisation="L'Assurance Maladie",
            themes=["sante-bien-etre"],
        ),
        "francetravail": LinkFactory(
            title="France Travail",
            url="https://www.francetravail.fr/candidat",
            category=Category.objects.get(slug="emploi-et-formation"),
            purpose="Pour chercher des offres d'emploi.",
            organisation="France Travail",
            themes=["emploi"],
            order=10,
        ),
        "onisep": LinkFactory(
            title="Onisep",
            url="https://www.onisep.fr/",
            category=Category.objects.get(slug="emploi-et-formation"),
            purpose="Pour découvrir des métiers.",
            order=5,
        ),
        "fun": LinkFactory(
            title="FUN MOOC",
            url="https://www.fun-mooc.fr/",
            category=Category.objects.get(slug="apprendre-en-ligne"),
            purpose="Pour suivre des cours en ligne.",
            cost=Link.Cost.PARTLY_PAID,
            themes=["loisirs-culture-sport", "emploi"],
        ),
    }


def test_it_groups_the_links_by_category_in_the_categories_order(client, links):
    html = _html(client.get(PAGE))

    assert _headings(html, 1) == ["Liens utiles"]
    categories = [name for name in _headings(html, 2) if name in {c.name for c in Category.objects.all()}]
    assert categories == ["Emploi et formation", "Santé et droits", "Apprendre en ligne"]
    # Inside a category, the moderators' order first, then the name.
    assert _headings(html, 3) == ["Onisep", "France Travail", "Ameli", "FUN MOOC"]
    assert "Pour chercher un travail, trouver une formation et préparer votre projet." in html
    assert '<section class="links-category" id="categorie-emploi-et-formation"' in html
    assert '<a href="#categorie-sante-et-droits">Santé et droits</a> (1)' in html


def test_it_says_what_each_site_is_for_whether_it_is_free_and_who_runs_it(client, links):
    html = _html(client.get(PAGE))

    assert '<a href="https://www.ameli.fr/" aria-describedby="lien-' in html
    assert "Site extérieur : ameli.fr" in html
    assert "Site extérieur : francetravail.fr" in html
    assert "Pour suivre vos remboursements de soins." in html
    assert "<dt>Prix</dt><dd" in html
    assert "Gratuit, avec une inscription</dd>" in html
    assert "En partie payant : l'essentiel est gratuit, certains services payants</dd>" in html
    assert ">Gratuit</dd>" in html
    assert "<dt>Géré par</dt><dd>L'Assurance Maladie</dd>" in html
    assert (
        '<li class="theme-badge theme-sante-bien-etre"><span class="theme-label theme-sante-bien-etre">'
        in html
    )
    assert '<span class="theme-label__name">Santé et bien-être</span></span></li>' in html
    # Same tab: nothing opens a new window.
    assert 'target="_blank"' not in html
    assert "4 liens." in html


def test_it_points_to_the_contact_form_to_propose_or_report_a_link(client, links):
    html = _html(client.get(PAGE))

    assert '<a href="/contact/?sujet=autre&page=/liens-utiles/">Proposer un lien</a>' in html.replace(
        "&amp;", "&"
    )
    assert "/contact/?sujet=probleme&page=/liens-utiles/" in html.replace("&amp;", "&")
    assert client.get("/contact/?sujet=autre&page=/liens-utiles/").status_code == 200


def test_it_hides_links_a_moderator_took_off(client, links):
    links["onisep"].is_active = False
    links["onisep"].save()

    html = _html(client.get(PAGE))

    assert "Onisep" not in html
    assert "France Travail" in html


def test_a_category_filter_shows_its_links_only_and_names_it_in_the_title(client, links):
    html = _html(client.get(PAGE, {"categorie": "emploi-et-formation"}))

    assert _title(html) == "Liens utiles — Emploi et formation — Tous voisins 44"
    assert _headings(html, 1) == ["Liens utiles : Emploi et formation"]
    assert _headings(html, 3) == ["Onisep", "France Travail"]
    assert '<option value="emploi-et-formation" selected>' in html
    assert "2 liens pour cette sélection." in html
    # One category: no list of categories to jump to.
    assert "Aller à une catégorie" not in html


def test_a_theme_filter_keeps_the_links_of_that_theme_across_categories(client, links):
    html = _html(client.get(PAGE, {"theme": "emploi"}))

    assert _title(html) == "Liens utiles — Emploi — Tous voisins 44"
    assert _headings(html, 3) == ["France Travail", "FUN MOOC"]


def test_both_filters_together(client, links):
    html = _html(client.get(PAGE, {"categorie": "apprendre-en-ligne", "theme": "emploi"}))

    assert _title(html) == "Liens utiles — Apprendre en ligne — Emploi — Tous voisins 44"
    assert _headings(html, 3) == ["FUN MOOC"]


def test_a_filter_that_selects_nothing_says_so_and_offers_every_link(client, links):
    html = _html(client.get(PAGE, {"categorie": "se-loger"}))

    assert "Aucun lien ne correspond à votre choix pour le moment." in html
    assert '<a href="/liens-utiles/">Voir tous les liens utiles</a>' in html
    assert _headings(html, 3) == []


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"categorie": "jardinage"}, "Cette catégorie n'existe pas. Choisissez une catégorie dans la liste."),
        ({"theme": "inconnu"}, "Ce thème n'existe pas. Choisissez un thème dans la liste."),
    ],
)
def test_an_unknown_filter_is_explained_beside_its_field_and_every_link_is_listed(
    client, links, query, message
):
    response = client.get(PAGE, query)

    html = _html(response)
    assert response.status_code == 200
    assert message in html
    assert "Un filtre n'a pas pu être utilisé : voyez le message à côté du champ." in html
    assert 'aria-invalid="true"' in html
    assert _title(html) == "Liens utiles — Tous voisins 44"
    assert len(_headings(html, 3)) == 4


def test_a_broken_link_stays_listed_with_a_warning(client, links):
    Link.objects.filter(pk=links["ameli"].pk).update(
        is_broken=True, failures=2, checked_at=datetime(2026, 11, 24, 6, tzinfo=PARIS), check_status=503
    )

    html = _html(client.get(PAGE))

    assert "Ameli" in _headings(html, 3)
    assert (
        "Ce site est peut-être momentanément indisponible : il ne répondait pas lors de nos dernières "
        'vérifications (le <time datetime="2026-11-24">24 novembre 2026</time>). Réessayez plus tard.'
    ) in html
    assert html.count("momentanément indisponible") == 1


def test_the_page_without_any_link_still_answers(client):
    html = _html(client.get(PAGE))

    assert "Aucun lien ne correspond à votre choix pour le moment." in html
    assert "Voir tous les liens utiles" not in html


def test_the_page_makes_the_same_queries_for_1_or_30_links(client, django_assert_num_queries):
    # 1 categories and 2 thèmes for the filter form, 3 count, 4 links with their category,
    # 5 their thèmes.
    other = CategoryFactory(name="Autre", slug="autre")
    LinkFactory(themes=["emploi"])
    with django_assert_num_queries(5):
        assert client.get(PAGE).status_code == 200
    for index in range(29):
        LinkFactory(
            category=other if index % 2 else Category.objects.get(slug="se-loger"), themes=["logement"]
        )
    with django_assert_num_queries(5):
        html = _html(client.get(PAGE))
    assert "30 liens." in html
    # The filter form's choices and these links' rows are kept since the request before
    # (tousvoisins.fragments): 1-2 the choices and 5 the thèmes are not read again.
    with django_assert_num_queries(2):
        client.get(PAGE, {"theme": "logement", "categorie": "se-loger"})


def test_a_signed_in_member_reads_the_same_page_in_few_queries(client, member, django_assert_num_queries):
    LinkFactory()
    client.force_login(member)
    client.get(PAGE)
    LinkFactory()
    # The 5 of the page, + 6 session, 7 user; the header's unread messages and base.html's
    # suspension banner are kept under the member's own stamp since the first request.
    with django_assert_num_queries(7):
        client.get(PAGE)


def test_a_long_list_goes_on_over_pages_and_the_filters_follow(client):
    for _ in range(61):
        LinkFactory(themes=["emploi"])

    first = _html(client.get(PAGE, {"theme": "emploi"}))
    second = _html(client.get(PAGE, {"theme": "emploi", "page": 2}))

    assert len(_headings(first, 3)) == 60
    assert 'href="?theme=emploi&page=2"' in first.replace("&amp;", "&")
    assert len(_headings(second, 3)) == 1
    assert _title(second) == "Liens utiles — Emploi — page 2 — Tous voisins 44"
