import datetime
import re
from pathlib import Path

import pytest
import time_machine
from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.urls import resolve

from accounts.models import Suspension
from pages import rgaa_audit
from tousvoisins.models import Theme

pytestmark = pytest.mark.django_db

TABS = [
    ("/agenda/", "Agenda"),
    ("/referents/", "Référents"),
    ("/actualites/", "Actualités"),
    ("/liens-utiles/", "Liens utiles"),
    ("/forum/", "Forum"),
    ("/membres/", "Membres"),
]

# Every page of the layout and its <title> (each one unique).
PAGES = {
    "/": "Accueil",
    "/mentions-legales/": "Mentions légales",
    "/accessibilite/": "Déclaration d'accessibilité",
    "/donnees-personnelles/": "Données personnelles",
    "/plan-du-site/": "Plan du site",
    "/aide/": "Aide",
    "/charte/": "Charte de Tous voisins 44",
    "/contact/": "Contact : nous écrire",
    "/contact/merci/": "Message envoyé",
}

FOOTER_LINKS = [
    ("/mentions-legales/", "Mentions légales"),
    ("/accessibilite/", f"Accessibilité : {rgaa_audit.current_audit().status}"),
    ("/donnees-personnelles/", "Données personnelles"),
    ("/plan-du-site/", "Plan du site"),
    ("/aide/", "Aide"),
    ("/charte/", "Charte"),
    ("/contact/", "Nous écrire"),
]


def _html(response):
    return response.content.decode()


@pytest.mark.parametrize(("path", "title"), PAGES.items())
def test_it_serves_each_page_in_french_with_its_own_title_and_one_h1(client, path, title):
    response = client.get(path)

    assert response.status_code == 200
    html = _html(response)
    assert '<html lang="fr" dir="ltr">' in html
    assert f"<title>{title} — Tous voisins 44</title>" in html
    assert html.count("<h1") == 1
    assert '<a class="skip-link" href="#contenu">Aller au contenu</a>' in html
    assert '<main id="contenu" tabindex="-1"' in html


def test_it_gives_every_page_a_different_title():
    assert len(set(PAGES.values())) == len(PAGES)


def test_it_shows_the_six_tabs_in_the_main_menu(client):
    html = _html(client.get("/"))

    nav = html.split('<nav aria-label="Menu principal"', 1)[1].split("</nav>", 1)[0]
    for path, label in TABS:
        assert f'<a href="{path}">{label}</a>' in nav


def test_it_marks_the_current_tab(rf):
    html = render_to_string("includes/header.html", request=rf.get("/forum/"))

    assert '<a href="/forum/" aria-current="page">Forum</a>' in html
    assert '<a href="/agenda/">Agenda</a>' in html


@pytest.mark.parametrize(
    ("path", "current"),
    [
        ("/agenda/mois/2026/12/", '<a href="/agenda/" aria-current="true">Agenda</a>'),
        ("/mon-profil/", '<a href="/membres/" aria-current="true">Membres</a>'),
        ("/messages/", '<a href="/membres/" aria-current="true">Membres</a>'),
    ],
)
def test_it_marks_the_tab_of_a_page_inside_it_as_current_section(rf, path, current):
    html = render_to_string("includes/header.html", request=rf.get(path))

    assert current in html


def test_it_marks_no_tab_outside_the_tabs(rf):
    header = render_to_string("includes/header.html", request=rf.get("/aide/"))
    assert "aria-current" not in header.split('class="main-nav"', 1)[1]  # (the language menu marks French)


def test_it_links_the_legal_pages_in_the_footer(client):
    html = _html(client.get("/aide/"))

    footer = html.split('<footer class="site-footer">', 1)[1]
    for path, label in FOOTER_LINKS:
        assert f'<a href="{path}">{label}</a>' in footer
    assert "un service du Département de Loire-Atlantique" in footer


def test_it_offers_sign_in_and_sign_up_to_visitors(client):
    html = _html(client.get("/"))

    assert ">Se connecter</a>" in html
    assert ">Créer un compte</a>" in html
    assert "Se déconnecter" not in html


def test_it_offers_account_and_sign_out_to_members(client, member):
    client.force_login(member)
    html = _html(client.get("/"))

    assert ">Mon compte</a>" in html
    logout_form = r'<form method="post" action="/comptes/logout/"[^>]*>\s*<input type="hidden" name="csrf'
    assert re.search(logout_form, html)
    assert "Se déconnecter</button>" in html
    assert ">Administration</a>" not in html
    assert ">Se connecter</a>" not in html


def test_it_links_the_administration_for_staff(client, moderator):
    client.force_login(moderator)

    assert '<a href="/admin/">Administration</a>' in _html(client.get("/"))


def test_it_tells_a_suspended_member_why_and_until_when(client, member):
    Suspension.objects.create(
        user=member,
        reason="Messages insultants sur le forum.",
        ends_at=datetime.datetime(2026, 12, 1, 13, 30, tzinfo=datetime.UTC),
        starts_at=datetime.datetime(2026, 11, 1, tzinfo=datetime.UTC),
    )
    client.force_login(member)

    with time_machine.travel(datetime.datetime(2026, 11, 26, 12, tzinfo=datetime.UTC), tick=False):
        html = _html(client.get("/aide/"))

    assert "Votre compte est suspendu jusqu'au" in html
    assert '<time datetime="2026-12-01T14:30:00+01:00">1er décembre 2026 à 14 h 30</time>' in html
    assert "Raison : Messages insultants sur le forum." in html
    assert "Vous pouvez toujours lire le site" in html
    assert '<a href="/contact/">écrivez-nous</a>' in html


def test_it_shows_no_banner_to_a_member_in_good_standing(client, member):
    client.force_login(member)
    response = client.get("/")

    assert response.status_code == 200
    assert "Votre compte est suspendu" not in _html(response)
    assert "Mon profil" in _html(response)  # signed in, the page is the member's


def test_it_shows_the_charter_version_in_words(client):
    html = _html(client.get("/charte/"))

    assert 'Version du <time datetime="2026-11-26">26 novembre 2026</time>' in html
    assert "Je ne donne jamais l'adresse" in html


def test_it_names_the_publisher_and_the_data_sources_on_the_legal_notice(client):
    html = _html(client.get("/mentions-legales/"))

    assert "3 quai Ceineray" in html
    assert "président du Conseil départemental" in html
    assert "Licence Ouverte 2.0" in html
    assert "INSEE (COG 2026, populations légales 2023)" in html
    assert "© IGN" in html


def test_it_shows_the_hosting_provider_set_by_the_operator(client, settings):
    settings.HOSTING_PROVIDER = "Hébergeur Exemple SAS, 1 rue du Port, 44000 Nantes"

    assert "Hébergeur Exemple SAS, 1 rue du Port, 44000 Nantes" in _html(client.get("/mentions-legales/"))


def test_it_gives_the_accessibility_statement_its_required_sections(client):
    html = _html(client.get("/accessibilite/"))

    for heading in [
        "État de conformité",
        "Résultats des tests",
        "Contenus non accessibles",
        "Établissement de cette déclaration",
        "Retour d'information et contact",
        "Voies de recours",
    ]:
        assert f"<h2>{heading}</h2>" in html
    assert f"<strong>{rgaa_audit.current_audit().status}</strong>" in html
    assert '<a href="/contact/?sujet=accessibilite">' in html
    assert "Libre réponse 71120" in html


def test_it_explains_personal_data_and_cookies(client):
    html = _html(client.get("/donnees-personnelles/"))

    assert "décret n° 2021-1362" in html
    assert "CNIL" in html
    assert "<strong>sessionid</strong>" in html
    assert "<strong>csrftoken</strong>" in html


def test_it_lists_every_page_on_the_sitemap(client):
    html = _html(client.get("/plan-du-site/"))

    for path in PAGES:
        if path != "/contact/merci/":
            assert f'<a href="{path}">' in html
    assert '<a href="/comptes/signup/">Créer un compte</a>' in html
    assert '<a href="/comptes/login/">Se connecter</a>' in html
    assert '<a href="/comptes/password/reset/">Mot de passe oublié</a>' in html


@pytest.mark.parametrize(("path", "label"), TABS)
def test_every_tab_is_served_by_its_own_app(client, path, label):
    # No "coming soon" page is left: each tab's link leads to its app.
    assert not resolve(path).view_name.startswith("pages:")
    assert client.get(path).status_code in (200, 302)


def test_it_shows_the_six_themes_on_the_home_page(client):
    html = _html(client.get("/"))

    for theme in Theme.objects.all():
        assert f'class="card card--theme theme-{theme.slug}"' in html
        assert f'src="/static/img/themes/{theme.pictogram}.svg" alt=""' in html
        assert f'<a href="/agenda/?theme={theme.slug}">{theme.name}</a>' in html
    assert "Créer un compte</a>" in html


def test_it_invites_only_visitors_to_sign_up_on_the_home_page(client, member):
    client.force_login(member)
    response = client.get("/")

    assert response.status_code == 200
    assert "Rejoignez vos voisins" not in _html(response)
    assert "Mon compte" in _html(response)


def test_it_shows_the_next_published_dates_on_the_home_page(client):
    from events.models import Event
    from tests.factories import EventFactory, next_local

    EventFactory(title="Repas partagé", start=next_local(days=2), place_name="Salle des fêtes")
    EventFactory(title="Marche du lundi", start=next_local(days=1))
    EventFactory(title="Proposition pas encore relue", status=Event.Status.PROPOSED)
    EventFactory(title="Atelier passé", start=next_local(days=-3))

    html = _html(client.get("/"))

    section = html.split('id="prochaines-rencontres"')[1].split("</section>")[0]
    assert section.index("Marche du lundi") < section.index("Repas partagé")
    assert "Salle des fêtes (Nantes)" in section
    assert "Proposition pas encore relue" not in section
    assert "Atelier passé" not in section


def _next_dates_section(client):
    html = _html(client.get("/"))
    return html.split('id="prochaines-rencontres">')[1].split("</section>")[0]


def test_it_shows_a_member_the_next_dates_of_their_territory_and_themes(client, member):
    from profiles.models import get_profile
    from tests.factories import EventFactory, next_local
    from tousvoisins.models import Commune

    EventFactory(title="Marche à Guérande", insee="44069", themes=["loisirs"], start=next_local(days=1))
    EventFactory(title="Repas à Rezé", insee="44143", themes=["solidarite"], start=next_local(days=2))
    EventFactory(
        title="Café-emploi à Saint-Nazaire", insee="44184", themes=["emploi"], start=next_local(days=3)
    )
    profile = get_profile(member)
    client.force_login(member)

    # Nothing chosen yet: the next dates of the whole département.
    assert "Marche à Guérande" in _next_dates_section(client).split("</h2>")[1]

    profile.commune = Commune.objects.get(insee="44143")  # Rezé, Nantes Métropole
    profile.save()
    profile.themes.set(Theme.objects.filter(slug="emploi"))
    section = _next_dates_section(client)
    assert section.startswith("Les prochaines rencontres près de chez vous et dans vos thèmes</h2>")
    assert "Repas à Rezé" in section and "Café-emploi à Saint-Nazaire" in section
    assert "Marche à Guérande" not in section

    profile.themes.set(Theme.objects.filter(slug="logement"))  # nothing of it comes
    profile.commune = None
    profile.save()
    section = _next_dates_section(client)
    assert section.startswith("Les prochaines rencontres</h2>")  # so all of them, said plainly
    assert "Marche à Guérande" in section


def test_it_shows_the_latest_published_news_on_the_home_page(client):
    from news.models import NewsItem
    from tests.factories.news import NewsItemFactory

    NewsItemFactory(title="La fête des voisins revient")
    NewsItemFactory(title="Brouillon pas encore relu", status=NewsItem.Status.DRAFT)
    html = _html(client.get("/"))
    section = html.split('id="actualites">')[1].split("</section>")[0]
    assert "La fête des voisins revient" in section
    assert "Brouillon pas encore relu" not in section
    assert "Toutes les actualités" in section


def test_it_offers_to_find_ones_referent_from_the_home_page(client):
    html = _html(client.get("/"))

    assert '<form method="get" action="/referents/trouver/"' in html
    assert '<label for="home-q">Votre commune ou votre code postal</label>' in html


@pytest.mark.parametrize("events", [1, 6])
def test_it_builds_the_home_page_in_four_queries_for_a_visitor(client, django_assert_num_queries, events):
    from tests.factories import EventFactory, next_local
    from tests.factories.news import NewsItemFactory

    for day in range(events):
        EventFactory(start=next_local(days=day + 1))
        NewsItemFactory()
    # 1. the themes, 2. the next dates with their event and commune, 3. the newest communities,
    # 4. the latest news
    with django_assert_num_queries(4):
        response = client.get("/")
    assert response.status_code == 200


def test_it_builds_the_home_page_in_nine_queries_for_a_member(client, member, django_assert_num_queries):
    client.force_login(member)
    # 1. session, 2. user, 3. current suspension (SuspensionMiddleware), 4. the themes, 5. the next
    # dates, 6. the member's tags for "Qui partage mes centres d'intérêt ?" (none yet: no ranking
    # query), 7. the communities, 8. the latest news, 9. the unread messages (the layout's "Mes messages")
    with django_assert_num_queries(9):
        response = client.get("/")
    assert response.status_code == 200


@pytest.mark.parametrize("events", [1, 6])
def test_it_builds_a_member_s_own_next_dates_in_the_same_nine_queries(
    client, member, django_assert_num_queries, events
):
    from profiles.models import get_profile
    from tests.factories import EventFactory, next_local
    from tousvoisins.models import Commune

    for day in range(events):
        EventFactory(insee="44143", themes=["emploi", "solidarite"], start=next_local(days=day + 1))
    profile = get_profile(member)
    profile.commune = Commune.objects.get(insee="44143")
    profile.save()
    profile.themes.set(Theme.objects.filter(slug__in=["emploi", "solidarite"]))
    client.force_login(member)
    # As above: the member's tags, place and thèmes come in query 6, their own dates in query 5.
    with django_assert_num_queries(9):
        response = client.get("/")
    section = _html(response).split('id="prochaines-rencontres">')[1].split("</section>")[0]
    assert section.startswith("Les prochaines rencontres près de chez vous et dans vos thèmes")
    assert section.count("<li><a href=") == min(events, 5)


def test_it_has_a_css_class_with_the_colour_of_each_theme():
    css = Path(finders.find("css/site.css")).read_text()

    for theme in Theme.objects.all():
        assert f".theme-{theme.slug} {{ --theme: {theme.colour}; }}" in css


def test_it_has_a_pictogram_for_each_theme():
    for theme in Theme.objects.all():
        assert finders.find(theme.pictogram_path), theme.pictogram


def test_it_keeps_the_stylesheet_light():
    assert Path(finders.find("css/site.css")).stat().st_size < 16_500  # four languages, one right to left


def test_it_answers_unknown_pages_with_a_french_404_in_the_layout(client):
    response = client.get("/cette-page-n-existe-pas/")

    assert response.status_code == 404
    html = _html(response)
    assert "<title>Page introuvable — Tous voisins 44</title>" in html
    assert '<nav aria-label="Menu principal"' in html


def test_it_renders_the_500_page_without_a_request():
    # Django renders 500.html with an empty context: the layout must still work.
    html = render_to_string("500.html")

    assert "<title>Erreur du site — Tous voisins 44</title>" in html
    assert '<a href="/agenda/">Agenda</a>' in html


def test_it_renders_the_403_page_in_the_layout(rf):
    request = rf.get("/")
    request.user = type("Anonymous", (), {"is_authenticated": False})()

    html = render_to_string("403.html", request=request)

    assert "<title>Accès refusé — Tous voisins 44</title>" in html


def test_it_writes_dates_in_french_words():
    first = render_to_string("includes/time.html", {"value": datetime.date(2026, 12, 1)})
    event = render_to_string(
        "includes/time.html",
        {"value": datetime.datetime(2026, 12, 8, 17, 0, tzinfo=datetime.UTC), "weekday": True, "time": True},
    )

    assert first.strip() == '<time datetime="2026-12-01">1er décembre 2026</time>'
    assert event.strip() == '<time datetime="2026-12-08T18:00:00+01:00">mardi 8 décembre 2026 à 18 h</time>'


def test_it_paginates_keeping_the_filters():
    request = RequestFactory().get("/agenda/", {"theme": "emploi", "page": "2"})
    page = Paginator(list(range(50)), 10).page(2)

    html = render_to_string("includes/pagination.html", {"page_obj": page}, request)

    assert '<nav class="pagination" aria-label="Pagination">' in html
    assert 'href="?theme=emploi&amp;page=1" rel="prev">Page précédente</a>' in html
    assert 'href="?theme=emploi&amp;page=3" rel="next">Page suivante</a>' in html
    assert '<span aria-current="page">Page 2 sur 5</span>' in html


def test_it_has_no_inline_style_or_script_in_any_template():
    # The Content Security Policy forbids them: they would be silently blocked.
    for template in Path(settings.BASE_DIR, "templates").rglob("*.html"):
        text = template.read_text()
        assert not re.search(r"\sstyle=|<style", text), template
        assert not re.search(r"\son[a-z]+=", text), template
        for script in re.findall(r"<script[^>]*>", text):
            assert "src=" in script or "application/ld+json" in script, template


def test_the_header_leads_a_member_to_their_profile_and_unread_messages(client, member, other_member):
    from tests.factories.profiles import conversation_between, profile_for

    profile_for(member, display_name="Martine")
    profile_for(other_member, display_name="Paul")
    conversation_between(other_member, member, "Bonjour Martine", "Vous venez samedi ?")
    client.force_login(member)

    header = _html(client.get("/")).split("</header>")[0]

    assert '<a href="/mon-profil/">Mon profil</a>' in header
    assert '<a href="/messages/">Mes messages (2 non lus)</a>' in header


def test_the_header_shows_no_count_when_all_is_read_and_nothing_to_visitors(client, member):
    assert "Mes messages" not in _html(client.get("/")).split("</header>")[0]

    client.force_login(member)
    assert '<a href="/messages/">Mes messages</a>' in _html(client.get("/")).split("</header>")[0]
