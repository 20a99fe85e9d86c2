"""/communautes/ and a community's page: the list and its filters, joining and leaving in one
click, member names only to members, the next dates, and the link from an event's page."""

import html

import pytest

from communities.models import Membership
from tests.conftest import CAP_ATLANTIQUE, NANTES_METROPOLE
from tests.factories import EventFactory, next_local
from tests.factories.communities import CommunityFactory, guest
from tests.factories.profiles import ProfileFactory, profile_for

pytestmark = pytest.mark.django_db


def _html(response):
    return html.unescape(response.content.decode())


# The list -----------------------------------------------------------------------------------------


def test_it_lists_communities_with_their_theme_place_and_members(client, alice):
    community = CommunityFactory(name="Les cuisiniers du mardi à Rezé", members=[alice])

    page = _html(client.get("/communautes/"))

    assert "<h1>Communautés" in page
    assert f'<a href="/communautes/{community.slug}/">Les cuisiniers du mardi à Rezé</a>' in page
    assert "Rezé · 1 membre" in page
    assert "Loisirs, culture et sport" in page


def test_it_filters_by_theme_and_territory(client):
    CommunityFactory(name="Cuisine à Rezé", insee="44143")
    CommunityFactory(name="Emploi à Guérande", insee="44069", theme="emploi")

    by_territory = _html(client.get(f"/communautes/?territoire={CAP_ATLANTIQUE}"))
    by_theme = _html(client.get("/communautes/?theme=loisirs-culture-sport"))

    assert "Emploi à Guérande" in by_territory and "Cuisine à Rezé" not in by_territory
    assert "Cuisine à Rezé" in by_theme and "Emploi à Guérande" not in by_theme
    assert f"?territoire={NANTES_METROPOLE}" not in by_theme


def test_a_wrong_filter_is_said_beside_its_field_not_a_500(client):
    response = client.get("/communautes/?theme=nimporte")

    assert response.status_code == 200
    assert "Ce thème n'existe pas." in _html(response)


@pytest.mark.parametrize("count", [2, 7])
def test_the_list_makes_the_same_queries_whatever_the_number_of_communities(
    client, django_assert_num_queries, count
):
    event = EventFactory(recurrence="FREQ=WEEKLY", start=next_local(days=2))
    for index in range(count):
        community = CommunityFactory(events=[event])
        guest(community, first_name=f"Invitée {index}")
        Membership.objects.create(community=community, user=ProfileFactory().user)
    # 1. the filter form's thèmes, 2. its intercommunalités, 3. the count, 4. the page of
    # communities with thème, place, members and next date
    with django_assert_num_queries(4):
        response = client.get("/communautes/?theme=loisirs-culture-sport")
    assert _html(response).count('class="card card--theme community-card') == count


@pytest.mark.parametrize("count", [2, 7])
def test_signed_in_the_list_makes_the_same_queries_whatever_the_number(
    client, alice, django_assert_num_queries, count
):
    for _ in range(count):
        CommunityFactory(members=[alice])
    client.force_login(alice)
    # session, user, the current suspension, the unread messages (the layout), then as above, and
    # the member's own communities among the page's (its "vous en êtes membre")
    with django_assert_num_queries(4 + 4 + 1):
        response = client.get("/communautes/")
    assert _html(response).count("vous en êtes membre") == count
    # Warm, the choices, the count and the page are kept: session, user and the member's own
    # communities (the layout's suspension and unread messages are kept under their own stamp).
    with django_assert_num_queries(2 + 1):
        response = client.get("/communautes/")
    assert _html(response).count("vous en êtes membre") == count


# Joining and leaving -----------------------------------------------------------------------------


def test_a_member_joins_in_one_click_and_reads_the_welcome(client, alice):
    community = CommunityFactory(welcome_message="Bienvenue ! Demandez Martine à l'entrée.")
    client.force_login(alice)

    response = client.post(f"/communautes/{community.slug}/rejoindre/", follow=True)

    assert Membership.objects.filter(community=community, user=alice).exists()
    page = _html(response)
    assert f"Bienvenue dans la communauté « {community.name} » !" in page
    assert "Le mot des hôtes : Bienvenue ! Demandez Martine à l'entrée." in page
    assert "Vous êtes membre de cette communauté." in page


def test_joining_twice_is_still_once(client, alice):
    community = CommunityFactory(members=[alice])
    client.force_login(alice)

    response = client.post(f"/communautes/{community.slug}/rejoindre/", follow=True)

    assert Membership.objects.filter(community=community, user=alice).count() == 1
    assert "Vous êtes déjà membre" in _html(response)


def test_a_member_leaves_in_one_click(client, alice):
    community = CommunityFactory(members=[alice])
    client.force_login(alice)

    response = client.post(f"/communautes/{community.slug}/quitter/", follow=True)

    assert not Membership.objects.filter(community=community, user=alice).exists()
    assert "Vous avez quitté la communauté" in _html(response)
    assert "Rejoindre la communauté" in _html(response)


def test_a_visitor_is_asked_to_sign_in_to_join(client):
    community = CommunityFactory()

    response = client.post(f"/communautes/{community.slug}/rejoindre/")

    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")
    assert not Membership.objects.exists()


def test_joining_is_a_post_only(client, alice):
    community = CommunityFactory()
    client.force_login(alice)

    assert client.get(f"/communautes/{community.slug}/rejoindre/").status_code == 405


def test_an_unknown_community_is_not_found(client):
    assert client.get("/communautes/rien-du-tout/").status_code == 404


# Who sees the names ------------------------------------------------------------------------------


def test_member_names_are_shown_to_members_only_respecting_visibility(client, alice, bob, other_member):
    hidden = ProfileFactory(display_name="Cachée", visibility="masquee").user
    community = CommunityFactory(members=[alice, bob, hidden])
    url = community.get_absolute_url()

    visitor = _html(client.get(url))
    client.force_login(bob)
    as_member = _html(client.get(url))

    assert "3 membres" in visitor
    assert "Alice" not in visitor and "Bob" not in visitor
    assert "Les membres : Alice, Bob, et d'autres personnes qui ne montrent pas leur nom." in as_member
    assert "Cachée" not in as_member


def test_a_signed_in_non_member_does_not_see_the_names(client, alice, bob):
    community = CommunityFactory(members=[alice])
    client.force_login(bob)

    page = _html(client.get(community.get_absolute_url()))

    assert "Alice" not in page
    assert "Rejoindre la communauté" in page


def test_the_page_shows_the_next_dates_of_its_events(client):
    event = EventFactory(title="Atelier cuisine", recurrence="FREQ=WEEKLY", start=next_local(days=3))
    community = CommunityFactory(events=[event])

    page = _html(client.get(community.get_absolute_url()))

    assert "Les prochaines rencontres" in page
    assert page.count(f'<a href="{event.get_absolute_url()}">Atelier cuisine</a>') == 4


def test_a_visitor_reads_a_community_page_in_three_queries(client, django_assert_num_queries):
    event = EventFactory(recurrence="FREQ=WEEKLY", start=next_local(days=3))
    community = CommunityFactory(events=[event])
    # 1. the community with its thème, place, members and next date, 2. its hosts, 3. its next dates
    with django_assert_num_queries(3):
        assert client.get(community.get_absolute_url()).status_code == 200


# From an event's page -----------------------------------------------------------------------------


def test_an_event_page_offers_to_join_its_community(client, alice):
    event = EventFactory(title="Atelier cuisine", recurrence="FREQ=WEEKLY")
    community = CommunityFactory(name="Les cuisiniers du mardi", events=[event])
    client.force_login(alice)

    page = _html(client.get(event.get_absolute_url()))

    assert "Rejoindre la communauté de cette rencontre" in page
    assert f'action="/communautes/{community.slug}/rejoindre/"' in page
    response = client.post(f"/communautes/{community.slug}/rejoindre/", {"next": event.get_absolute_url()})
    assert response["Location"] == event.get_absolute_url()
    assert Membership.objects.filter(community=community, user=alice).exists()
    assert "Vous êtes membre de la communauté" in _html(client.get(event.get_absolute_url()))


def test_an_event_without_community_says_nothing_of_it(client):
    event = EventFactory()

    assert "Rejoindre la communauté" not in _html(client.get(event.get_absolute_url()))


def test_hosts_names_are_public_but_not_members(client, member):
    host = profile_for(member, display_name="Martine").user
    community = CommunityFactory(hosts=[host])

    assert "Hôte : Martine." in _html(client.get(community.get_absolute_url()))
