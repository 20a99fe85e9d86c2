"""The home page's blocks built from published content, kept once (pages.views._shared_blocks):
what changes shows on the next request, and nothing of one member reaches another."""

import pytest
from django.test import Client

from news.models import NewsItem
from profiles.models import get_profile
from tests.factories import EventFactory, next_local
from tests.factories.communities import CommunityFactory
from tests.factories.news import NewsItemFactory
from tests.factories.profiles import ProfileFactory, profile_for
from tousvoisins.models import Commune, Theme

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_page_cache(settings):
    # The whole page is kept for visitors (pages.page_cache): here the blocks inside are measured.
    settings.PAGE_CACHE_ENABLED = False


def _html(response):
    assert response.status_code == 200
    return response.content.decode()


def _section(html, anchor):
    return html.split(f'id="{anchor}">')[1].split("</section>")[0]


def test_a_new_date_a_new_news_item_and_a_new_community_show_at_once(client):
    EventFactory(title="Marche du lundi", start=next_local(days=2))
    NewsItemFactory(title="La fête des voisins revient")
    _html(client.get("/"))  # kept

    EventFactory(title="Repas partagé", start=next_local(days=1))
    NewsItemFactory(title="Un nouveau référent à Rezé")
    CommunityFactory(name="Les jardiniers de Rezé")
    html = _html(client.get("/"))

    assert "Repas partagé" in _section(html, "prochaines-rencontres")
    assert "Un nouveau référent à Rezé" in _section(html, "actualites")
    assert "Les jardiniers de Rezé" in _section(html, "communautes")


def test_a_withdrawn_news_item_and_a_renamed_theme_show_at_once(client):
    item = NewsItemFactory(title="La fête des voisins revient")
    _html(client.get("/"))

    item.status = NewsItem.Status.DRAFT
    item.save()
    theme = Theme.objects.get(slug="emploi")
    theme.name = "Travail"
    theme.save()
    html = _html(client.get("/"))

    assert "La fête des voisins revient" not in html
    assert "Travail" in _section(html, "themes")


def test_each_member_sees_their_own_next_dates_and_communities(member, other_member):
    EventFactory(title="Repas à Rezé", insee="44143", themes=["solidarite"], start=next_local(days=2))
    EventFactory(title="Marche à Guérande", insee="44069", themes=["loisirs"], start=next_local(days=1))
    profile_for(member, insee="44143", interests=["cuisiner"])  # Rezé, Nantes Métropole
    profile_for(other_member, insee="44069")  # Guérande, Cap Atlantique
    community = CommunityFactory(name="Les cuisiniers de Rezé", members=[member])
    alice_client, bob_client = Client(), Client()
    alice_client.force_login(member)
    bob_client.force_login(other_member)

    alice = _html(alice_client.get("/"))
    bob = _html(bob_client.get("/"))
    alice_again = _html(alice_client.get("/"))

    assert "Repas à Rezé" in _section(alice, "prochaines-rencontres")
    assert "Marche à Guérande" not in _section(alice, "prochaines-rencontres")
    assert "Marche à Guérande" in _section(bob, "prochaines-rencontres")
    assert "Repas à Rezé" not in _section(bob, "prochaines-rencontres")
    assert "(vous en êtes membre)" in _section(alice, "communautes")
    assert "(vous en êtes membre)" not in _section(bob, "communautes")
    for anchor in ("qui-partage", "prochaines-rencontres", "communautes", "themes"):
        assert _section(alice_again, anchor) == _section(alice, anchor)
    assert community.name in _section(bob, "communautes")


def test_a_visitor_never_gets_a_member_s_blocks(client, member):
    CommunityFactory(name="Les cuisiniers de Rezé", members=[member])
    profile_for(member, insee="44143")
    member_client = Client()
    member_client.force_login(member)
    _html(member_client.get("/"))

    html = _html(client.get("/"))

    assert "(vous en êtes membre)" not in html
    assert _section(html, "prochaines-rencontres").startswith("Les prochaines rencontres</h2>")
    assert _section(html, "communautes").startswith("Des communautés pour garder le lien</h2>")


def test_a_changed_territory_changes_the_next_dates_at_once(client, member):
    EventFactory(title="Repas à Rezé", insee="44143", start=next_local(days=2))
    EventFactory(title="Marche à Guérande", insee="44069", start=next_local(days=1))
    profile = profile_for(member, insee="44069")
    client.force_login(member)
    assert "Marche à Guérande" in _section(_html(client.get("/")), "prochaines-rencontres")

    profile.commune = Commune.objects.get(insee="44143")
    profile.save()
    section = _section(_html(client.get("/")), "prochaines-rencontres")

    assert "Repas à Rezé" in section and "Marche à Guérande" not in section


@pytest.mark.parametrize("count", [1, 6])
def test_a_visitor_s_home_page_reads_nothing_once_kept(client, count, django_assert_num_queries):
    for day in range(count):
        EventFactory(start=next_local(days=day + 1))
        NewsItemFactory()
        CommunityFactory()
    client.get("/")

    # Everything kept: no query (the stamps are in the cache).
    with django_assert_num_queries(0):
        html = _html(client.get("/"))
    assert _section(html, "prochaines-rencontres").count("<li>") == min(count, 5)


@pytest.mark.parametrize("count", [3, 12])
def test_a_member_s_home_page_reads_only_what_is_theirs_once_kept(
    client, member, count, django_assert_num_queries
):
    profile_for(member, insee="44143", interests=["cuisiner"])
    for day in range(count):
        EventFactory(start=next_local(days=day + 1))
        ProfileFactory(interests=["cuisiner"])
        CommunityFactory()
    client.force_login(member)
    client.get("/")

    # 1. session, 2. user: the layout's suspension and unread messages are kept under the member's
    # own stamp, and their own blocks (who shares their interests, their communities) for them
    # (profiles.cards)
    with django_assert_num_queries(2):
        html = _html(client.get("/"))
    assert html.count("Vous aimez tous les deux") == min(count, 4)
    assert get_profile(member).display_name not in _section(html, "qui-partage")


def test_a_member_s_kept_blocks_follow_their_communities_at_once(client, member):
    from communities.models import Membership

    profile_for(member, insee="44143")
    community = CommunityFactory(name="Les cuisiniers de Rezé")
    client.force_login(member)
    assert "(vous en êtes membre)" not in _section(_html(client.get("/")), "communautes")

    Membership.objects.create(community=community, user=member)

    assert "(vous en êtes membre)" in _section(_html(client.get("/")), "communautes")
