"""The communities' list (its count and its pages of cards) and what a community's page shows to
everyone are kept (tousvoisins.fragments): they change on the next request after a community is
edited, someone joins or leaves, a host is named or renames themself, or a next date is over; and
"vous en êtes membre" stays each member's own."""

import html
from datetime import timedelta

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from tests.factories import EventFactory
from tests.factories.communities import CommunityFactory, guest
from tests.factories.profiles import ProfileFactory

pytestmark = pytest.mark.django_db


def read(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


# The list -----------------------------------------------------------------------------------------


def test_the_count_follows_communities_made_and_deleted(client):
    CommunityFactory(name="Les jardiniers de Rezé")
    assert "1 communauté" in read(client, "/communautes/")

    second = CommunityFactory(name="Les marcheurs de Rezé")
    assert "2 communautés" in read(client, "/communautes/")

    second.delete()
    page = read(client, "/communautes/")
    assert "1 communauté" in page and "Les marcheurs de Rezé" not in page


def test_a_guest_registered_by_a_referent_counts_at_once(client):
    community = CommunityFactory(name="Les tricoteuses")
    assert "0 membre" in read(client, "/communautes/")

    guest(community)

    assert "1 membre" in read(client, "/communautes/")


def test_leaving_changes_the_count_and_the_mark_of_that_member_only(alice, bob):
    community = CommunityFactory(members=[alice, bob])
    hers, his = signed_in(alice), signed_in(bob)
    assert "vous en êtes membre" in read(hers, "/communautes/")
    assert "2 membres" in read(his, "/communautes/")

    assert hers.post(f"/communautes/{community.slug}/quitter/").status_code == 302

    assert "vous en êtes membre" not in read(hers, "/communautes/")
    his_page = read(his, "/communautes/")
    assert "1 membre" in his_page and "vous en êtes membre" in his_page


def test_each_page_of_the_list_is_kept_on_its_own(client):
    for number in range(23):
        CommunityFactory(name=f"Communauté {number:02d}")

    first, second = read(client, "/communautes/"), read(client, "/communautes/?page=2")

    assert "Communauté 00" in first and "Communauté 19" in first and "Communauté 20" not in first
    assert "Communauté 20" in second and "Communauté 22" in second and "Communauté 00" not in second
    assert "Page 2 sur 2" in second


@time_machine.travel("2026-12-08 10:00 +01:00", tick=False)
def test_the_list_gives_the_next_date_once_one_is_over_within_the_kept_minute(client):
    community = CommunityFactory()
    soon = timezone.now() + timedelta(minutes=10)
    first = EventFactory(start=soon, end=soon + timedelta(hours=1))
    second = EventFactory(start=soon + timedelta(days=7), end=soon + timedelta(days=7, hours=1))
    community.events.add(first, second)
    # Kept ten seconds before the first date is over, asked five seconds after: the copy (kept a
    # minute at most) still holds the date over, so it is read again.
    with time_machine.travel(first.end - timedelta(seconds=10), tick=False):
        read(client, "/communautes/")
    with time_machine.travel(first.end + timedelta(seconds=5), tick=False):
        page = read(client, "/communautes/")

    assert f'datetime="{timezone.localtime(second.start).isoformat()}"' in page
    assert f'datetime="{timezone.localtime(first.start).isoformat()}"' not in page


@pytest.mark.parametrize("number", [3, 9])
def test_a_warm_list_makes_the_same_few_queries_whatever_the_number(
    client, alice, number, django_assert_num_queries
):
    for _ in range(number):
        CommunityFactory(members=[alice])
    client.get("/communautes/")
    with django_assert_num_queries(0):
        client.get("/communautes/")

    client.force_login(alice)
    # 1. session, 2. account, 3. her communities among the page's, 4. unread messages and
    # 5. suspension (the layout).
    with django_assert_num_queries(5):
        page = read(client, "/communautes/")
    assert page.count("vous en êtes membre") == number


# A community's page ------------------------------------------------------------------------------


def test_an_edited_community_shows_at_once_on_its_page(client):
    community = CommunityFactory(description="On cuisine chaque mardi.")
    assert "On cuisine chaque mardi." in read(client, community.get_absolute_url())

    community.description = "On cuisine chaque jeudi."
    community.save()

    page = read(client, community.get_absolute_url())
    assert "On cuisine chaque jeudi." in page and "chaque mardi" not in page


def test_joining_changes_the_count_on_the_page_and_the_member_is_told_alone(client, alice, bob):
    community = CommunityFactory()
    path = community.get_absolute_url()
    assert "0 membre" in read(client, path)
    hers, his = signed_in(alice), signed_in(bob)
    read(his, path)

    assert hers.post(f"/communautes/{community.slug}/rejoindre/").status_code == 302

    assert "Vous êtes membre de cette communauté." in read(hers, path)
    his_page = read(his, path)
    assert "1 membre" in his_page and "Vous êtes membre de cette communauté." not in his_page
    assert "Rejoindre la communauté" in his_page
    assert "1 membre" in read(client, path)


def test_a_host_named_or_renamed_shows_at_once_and_gets_the_hosts_tools(client):
    community = CommunityFactory()
    path = community.get_absolute_url()
    host = ProfileFactory(display_name="Martine").user
    assert "Martine" not in read(client, path)

    community.hosts.add(host)
    assert "Hôte : Martine." in read(client, path)
    assert "Pour les hôtes" in read(signed_in(host), path)
    assert "Pour les hôtes" not in read(client, path)

    host.profile.display_name = "Martine B."
    host.profile.save()
    assert "Hôte : Martine B.." in read(client, path)


@time_machine.travel("2026-12-08 10:00 +01:00", tick=False)
def test_a_date_over_leaves_the_page_at_once(client):
    community = CommunityFactory()
    soon = timezone.now() + timedelta(minutes=10)
    first = EventFactory(title="Atelier du matin", start=soon, end=soon + timedelta(hours=1))
    community.events.add(first)
    with time_machine.travel(first.end - timedelta(seconds=10), tick=False):
        assert "Atelier du matin" in read(client, community.get_absolute_url())

    with time_machine.travel(first.end + timedelta(seconds=5), tick=False):
        page = read(client, community.get_absolute_url())

    assert "Atelier du matin" not in page and "Pas de date prévue pour le moment." in page


def test_an_unknown_community_is_a_404(client):
    assert client.get("/communautes/nulle-part/").status_code == 404
    assert client.get("/communautes/nulle-part/").status_code == 404


@pytest.mark.parametrize("number", [2, 6])
def test_a_warm_page_makes_the_same_few_queries_whatever_the_number_of_members(
    client, alice, number, django_assert_num_queries
):
    event = EventFactory(recurrence="FREQ=WEEKLY", start=timezone.now() + timedelta(days=2))
    community = CommunityFactory(events=[event], members=[ProfileFactory().user for _ in range(number)])
    path = community.get_absolute_url()
    client.get(path)
    with django_assert_num_queries(0):
        client.get(path)

    client.force_login(alice)
    # 1. session, 2. account, 3. whether she is a member, 4. her roles (does she moderate it?),
    # 5. unread messages and 6. suspension (the layout).
    with django_assert_num_queries(6):
        page = read(client, path)
    assert f"{number} membres" in page
