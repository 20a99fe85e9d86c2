"""The Actualités tab through HTTP: list, filters, detail, what visitors may not see."""

from datetime import timedelta
from html import unescape

import pytest
from django.utils import timezone

from news.models import NewsItem
from tests.conftest import CAP_ATLANTIQUE, CARENE, NANTES_METROPOLE
from tests.factories.news import NewsItemFactory

pytestmark = pytest.mark.django_db


def _html(response):
    return unescape(response.content.decode())


def _card_titles(html):
    return [part.split("</a>", 1)[0] for part in html.split('class="card__title"><a href="')[1:]]


# The list ------------------------------------------------------------------------------------


def test_it_lists_published_news_with_date_themes_and_territory(client):
    NewsItemFactory(
        title="Vélos prêtés sur la presqu'île",
        published_at=timezone.make_aware(timezone.datetime(2026, 3, 1, 10)),
        themes=["mobilite", "solidarite"],
        siren=CAP_ATLANTIQUE,
    )
    NewsItemFactory(title="Pour tout le département")

    response = client.get("/actualites/")

    html = _html(response)
    assert response.status_code == 200
    assert "<title>Actualités — Tous voisins 44</title>" in html
    assert '<a href="/actualites/velos-pretes-sur-la-presquile/">Vélos prêtés sur la presqu\'île</a>' in html
    assert '<time datetime="2026-03-01">1er mars 2026</time>' in html
    assert '<li class="theme-badge theme-mobilite"><span class="theme-label theme-mobilite">' in html
    assert '<span class="theme-label__name">Mobilité</span></span></li>' in html
    assert "Communauté d'agglomération de la Presqu'île de Guérande Atlantique (Cap Atlantique)" in html
    assert "Toute la Loire-Atlantique" in html
    assert "2 actualités" in html


def test_it_orders_the_list_newest_first(client):
    now = timezone.now()
    for days, title in [(5, "Cinq jours"), (1, "Hier"), (3, "Trois jours")]:
        NewsItemFactory(title=title, published_at=now - timedelta(days=days))

    html = _html(client.get("/actualites/"))

    assert html.index("Hier") < html.index("Trois jours") < html.index("Cinq jours")


def test_it_hides_drafts_and_items_scheduled_for_later_from_visitors(client):
    NewsItemFactory(title="Visible tout de suite")
    draft = NewsItemFactory(title="Encore un brouillon", status=NewsItem.Status.DRAFT)
    later = NewsItemFactory(title="Paraîtra demain", published_at=timezone.now() + timedelta(days=1))

    html = _html(client.get("/actualites/"))
    feed = client.get("/actualites/flux.xml").content.decode()

    assert "Visible tout de suite" in html
    assert "Encore un brouillon" not in html and "Paraîtra demain" not in html
    assert "Encore un brouillon" not in feed and "Paraîtra demain" not in feed
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(later.get_absolute_url()).status_code == 404


def test_it_says_when_there_is_no_news_yet(client):
    html = _html(client.get("/actualites/"))

    assert "Aucune actualité ne correspond à votre recherche pour le moment." in html


def test_it_paginates_and_keeps_the_filters_in_the_links(client):
    for index in range(14):
        NewsItemFactory(title=f"Nouvelle {index}", themes=["logement"])

    first = _html(client.get("/actualites/?theme=logement"))
    second = client.get("/actualites/?theme=logement&page=2")

    assert len(_card_titles(first)) == 12
    assert "Page 1 sur 2" in first
    assert 'href="?theme=logement&page=2"' in first
    assert "<title>Actualités — Logement — page 2 — Tous voisins 44</title>" in _html(second)
    assert client.get("/actualites/?page=9").status_code == 404


def test_the_list_links_to_its_rss_feed_in_the_head_and_the_page(client):
    html = _html(client.get("/actualites/"))

    assert (
        '<link rel="alternate" type="application/rss+xml" title="Actualités de Tous voisins 44" '
        'href="/actualites/flux.xml">'
    ) in html
    assert "Suivre les actualités" in html


# Filters -------------------------------------------------------------------------------------


def test_it_filters_by_theme_and_says_so_in_the_title(client):
    NewsItemFactory(title="Café-emploi", themes=["emploi"])
    NewsItemFactory(title="Vélo partagé", themes=["mobilite"])

    html = _html(client.get("/actualites/?theme=mobilite"))

    assert "<title>Actualités — Mobilité — Tous voisins 44</title>" in html
    assert "Vélo partagé" in html and "Café-emploi" not in html
    assert 'href="/actualites/flux.xml?theme=mobilite"' in html
    assert '<option value="mobilite" selected>Mobilité</option>' in html


def test_it_filters_by_intercommunalite_with_the_news_for_the_whole_departement(client):
    NewsItemFactory(title="À Nantes", siren=NANTES_METROPOLE)
    NewsItemFactory(title="Sur la presqu'île", siren=CAP_ATLANTIQUE)
    NewsItemFactory(title="Partout")

    html = _html(client.get(f"/actualites/?territoire={NANTES_METROPOLE}"))

    assert "<title>Actualités — Nantes Métropole — Tous voisins 44</title>" in html
    assert "À Nantes" in html and "Partout" in html
    assert "Sur la presqu'île" not in html


def test_it_combines_both_filters(client):
    NewsItemFactory(title="Emploi à Saint-Nazaire", themes=["emploi"], siren=CARENE)
    NewsItemFactory(title="Logement à Saint-Nazaire", themes=["logement"], siren=CARENE)
    NewsItemFactory(title="Emploi à Nantes", themes=["emploi"], siren=NANTES_METROPOLE)

    html = _html(client.get(f"/actualites/?theme=emploi&territoire={CARENE}"))

    assert len(_card_titles(html)) == 1 and "Emploi à Saint-Nazaire" in html
    assert "Logement à Saint-Nazaire" not in html and "Emploi à Nantes" not in html
    assert f'href="/actualites/flux.xml?theme=emploi&territoire={CARENE}"' in html


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("theme=jardinage", "Ce thème n'existe pas. Choisissez un thème dans la liste."),
        (
            "territoire=123456789",
            "Cette intercommunalité n'est pas en Loire-Atlantique. Choisissez-en une dans la liste.",
        ),
    ],
)
def test_an_unknown_filter_is_explained_beside_its_field_and_ignored(client, query, message):
    NewsItemFactory(title="Une nouvelle")

    response = client.get(f"/actualites/?{query}")

    html = _html(response)
    assert response.status_code == 200
    assert message in html
    assert "Un filtre n'a pas pu être utilisé" in html
    assert "Une nouvelle" in html
    assert "<title>Actualités — Tous voisins 44</title>" in html


# The detail page -----------------------------------------------------------------------------


def test_the_detail_page_shows_the_whole_item(client):
    item = NewsItemFactory(
        title="Les cafés-emploi reprennent",
        lead="Chaque semaine, sans inscription.",
        body="Venez **comme vous êtes**.\n\n- un café\n- des conseils",
        themes=["emploi", "solidarite"],
        siren=CARENE,
        signature="Sophie",
        published_at=timezone.make_aware(timezone.datetime(2026, 10, 5, 9)),
    )

    response = client.get("/actualites/les-cafes-emploi-reprennent/")

    html = _html(response)
    assert response.status_code == 200
    assert "<title>Les cafés-emploi reprennent — Actualités — Tous voisins 44</title>" in html
    assert html.count("<h1") == 1
    assert '<nav class="breadcrumbs" aria-label="Fil d\'Ariane">' in html
    assert '<a href="/actualites/">Actualités</a>' in html
    assert 'Publiée le <time datetime="2026-10-05">5 octobre 2026</time>, par Sophie' in html
    assert '<li class="theme-badge theme-solidarite"><span class="theme-label theme-solidarite">' in html
    assert '<span class="theme-label__name">Solidarité</span></span></li>' in html
    assert "Région Nazairienne" in html
    assert '<p class="lead">Chaque semaine, sans inscription.</p>' in html
    assert "<strong>comme vous êtes</strong>" in html and "<li>des conseils</li>" in html
    assert 'href="/actualites/flux.xml"' in html
    assert item.get_absolute_url() == "/actualites/les-cafes-emploi-reprennent/"


def test_the_detail_page_shows_the_picture_with_its_description(client):
    from django.core.files.base import ContentFile

    item = NewsItemFactory(picture_alt="Des voisins autour d'une table")
    item.picture.save("photo.jpg", ContentFile(b"jpeg"), save=True)

    html = _html(client.get(item.get_absolute_url()))

    assert (
        f'<img class="news-item__picture" src="{item.picture.url}" alt="Des voisins autour d\'une table">'
        in html
    )


def test_the_detail_page_lists_other_news_of_its_theme(client):
    item = NewsItemFactory(title="Celle-ci", themes=["logement"])
    NewsItemFactory(title="Une autre du logement", themes=["logement", "emploi"])
    NewsItemFactory(title="Une du sport", themes=["loisirs-culture-sport"])
    NewsItemFactory(title="Brouillon du logement", themes=["logement"], status=NewsItem.Status.DRAFT)

    html = _html(client.get(item.get_absolute_url()))

    assert "Autres actualités du thème Logement" in html
    assert "Une autre du logement" in html
    assert "Une du sport" not in html and "Brouillon du logement" not in html
    assert '<a href="/actualites/?theme=logement">Toutes les actualités du thème Logement</a>' in html


def test_a_script_in_the_body_never_reaches_the_page(client):
    item = NewsItemFactory(
        title="Piège",
        lead="<b>chapô</b>",
        body=(
            'Texte <script>alert("pirate")</script>\n\n'
            '<img src=x onerror="alert(1)">\n\n[clic](javascript:alert(2))'
        ),
    )

    content = client.get(item.get_absolute_url()).content.decode()

    assert "<script>alert" not in content
    assert "onerror=" not in content
    assert "javascript:alert" not in content
    assert "&lt;b&gt;chapô&lt;/b&gt;" in content


def test_an_unknown_item_is_a_404(client):
    assert client.get("/actualites/nexiste-pas/").status_code == 404


def test_a_moderator_previews_a_draft_with_a_notice(client, moderator):
    draft = NewsItemFactory(title="En préparation", status=NewsItem.Status.DRAFT)
    client.force_login(moderator)

    html = _html(client.get(draft.get_absolute_url()))

    assert "Cette actualité n'est pas visible du public : c'est un brouillon." in html


def test_a_referent_previews_the_drafts_of_their_scope_only(client, nantes_referent):
    mine = NewsItemFactory(status=NewsItem.Status.DRAFT, siren=NANTES_METROPOLE)
    theirs = NewsItemFactory(status=NewsItem.Status.DRAFT, siren=CAP_ATLANTIQUE)
    client.force_login(nantes_referent)

    assert client.get(mine.get_absolute_url()).status_code == 200
    assert client.get(theirs.get_absolute_url()).status_code == 404


def test_a_member_cannot_see_a_draft(client, member):
    draft = NewsItemFactory(status=NewsItem.Status.DRAFT)
    client.force_login(member)

    assert client.get(draft.get_absolute_url()).status_code == 404


# Queries -------------------------------------------------------------------------------------


def _add(count, start=0):
    sirens = [NANTES_METROPOLE, CAP_ATLANTIQUE, CARENE, None]
    themes = [["emploi"], ["logement", "mobilite"], ["solidarite", "emploi", "sante-bien-etre"]]
    for index in range(start, start + count):
        NewsItemFactory(title=f"Nouvelle {index}", siren=sirens[index % 4], themes=themes[index % 3])


@pytest.mark.parametrize("path", ["/actualites/", f"/actualites/?theme=emploi&territoire={NANTES_METROPOLE}"])
def test_the_list_makes_the_same_few_queries_with_1_or_30_items(client, path, django_assert_num_queries):
    _add(1)
    # 1 thèmes and 2 intercommunalités of the filter form, 3 count, 4 the page's items with their
    # intercommunalité, 5 their thèmes.
    with django_assert_num_queries(5):
        assert client.get(path).status_code == 200
    _add(29, start=1)
    # The filter form's choices are kept since the first request (tousvoisins.fragments): 2
    # queries fewer; the new items' cards are rendered, so their thèmes are read.
    with django_assert_num_queries(3):
        assert client.get(path).status_code == 200


def test_the_list_signed_in_makes_the_same_few_queries(client, member, django_assert_num_queries):
    client.force_login(member)
    _add(1)
    # 1-2 thèmes and intercommunalités of the filter form, 3 count, 4 session, 5 user, 6 unread
    # messages in the header, 7 the member's current suspension (none), 8 items, 9 their thèmes.
    with django_assert_num_queries(9):
        client.get("/actualites/")
    _add(29, start=1)
    # The filter form's choices are kept since the first request (tousvoisins.fragments), and so
    # are the layout's unread messages and suspension (under the member's own stamp): 4 fewer.
    with django_assert_num_queries(5):
        client.get("/actualites/")


def test_the_detail_page_makes_three_queries(client, django_assert_num_queries):
    _add(30)
    item = NewsItem.objects.get(title="Nouvelle 4")

    # 1 the item with its intercommunalité, 2 its thèmes, 3 other news of its first thème.
    with django_assert_num_queries(3):
        assert client.get(item.get_absolute_url()).status_code == 200
