"""Communities elsewhere on the site: the home page ("près de chez vous"), the member's profile
("Mes communautés") and the matching ("des membres de vos communautés partagent…")."""

import html

import pytest

from tests.factories.communities import CommunityFactory
from tests.factories.profiles import ProfileFactory, profile_for
from tousvoisins.models import Theme

pytestmark = pytest.mark.django_db


def _html(response):
    return html.unescape(response.content.decode())


def _section(page, anchor):
    return page.split(f'id="{anchor}"')[1].split("</section>")[0]


def test_the_home_page_shows_communities_to_visitors(client):
    community = CommunityFactory(name="Les cuisiniers du mardi à Rezé")

    section = _section(_html(client.get("/")), "communautes")

    assert section.startswith(">Des communautés pour garder le lien</h2>")
    assert f'<a href="{community.get_absolute_url()}">Les cuisiniers du mardi à Rezé</a>' in section
    assert 'href="/communautes/"' in section


def test_the_home_page_shows_a_member_the_communities_near_them_first(client, member):
    profile = profile_for(member, insee="44143")
    profile.themes.set(Theme.objects.filter(slug="emploi"))
    CommunityFactory(name="Marche à Guérande", insee="44069")
    CommunityFactory(name="Cuisine à Rezé", insee="44143")
    CommunityFactory(name="Entretiens à Blain", insee="44015", theme="emploi")
    CommunityFactory(name="Pêche à Clisson", insee="44043")
    client.force_login(member)

    section = _section(_html(client.get("/")), "communautes")

    assert section.startswith(">Des communautés près de chez vous</h2>")
    assert (
        section.index("Entretiens à Blain")
        < section.index("Cuisine à Rezé")
        < section.index("Pêche à Clisson")
    )
    assert "Marche à Guérande" not in section


def test_the_home_page_says_nothing_of_communities_when_there_are_none(client):
    assert 'id="communautes"' not in _html(client.get("/"))


def test_my_profile_lists_my_communities(client, alice):
    CommunityFactory(name="Les cuisiniers du mardi", members=[alice])
    CommunityFactory(name="Les marcheurs du jeudi")
    client.force_login(alice)

    section = _section(_html(client.get("/mon-profil/")), "mes-communautes")

    assert "Les cuisiniers du mardi" in section
    assert "Les marcheurs du jeudi" not in section


def test_my_profile_invites_me_to_find_a_community(client, alice):
    client.force_login(alice)

    section = _section(_html(client.get("/mon-profil/")), "mes-communautes")

    assert "Vous n'êtes membre d'aucune communauté pour le moment." in section


def test_the_matching_shows_members_of_my_communities_who_share_my_interests(client, member):
    me = profile_for(member, interests=["cuisiner", "jardiner"]).user
    karim = ProfileFactory(display_name="Karim", interests=["cuisiner"]).user
    lucie = ProfileFactory(display_name="Lucie", interests=["cuisiner", "jardiner"]).user
    paul = ProfileFactory(display_name="Paul", interests=["cuisiner"]).user  # not in my community
    hidden = ProfileFactory(display_name="Cachée", interests=["cuisiner"], visibility="masquee").user
    CommunityFactory(members=[me, karim, lucie, hidden])
    CommunityFactory(members=[paul])
    client.force_login(member)

    section = _section(_html(client.get("/mon-profil/rencontres/")), "communautes")

    assert section.startswith(">Des membres de vos communautés partagent vos centres d'intérêt</h2>")
    assert section.index("Lucie") < section.index("Karim")
    assert "Vous aimez tous les deux : <strong>cuisiner, jardinage</strong>" in section
    assert "Paul" not in section and "Cachée" not in section


def test_the_sitemap_links_to_the_communities(client):
    assert '<a href="/communautes/">Communautés</a>' in _html(client.get("/plan-du-site/"))
