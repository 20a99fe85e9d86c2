"""/membres/ from the ids kept for everyone and what each member leaves out, kept for them
(profiles.listing): every change of who is listed to whom shows on the next request, and one
member's blocks never reach another member's list."""

import re

import pytest
from django.test import Client

from profiles import listing
from profiles.models import Profile
from tests.conftest import make_user
from tests.factories.profiles import ProfileFactory, bulk_members, profile_for
from tests.profiles.test_pages import profile_data
from tousvoisins import content_stamp
from tousvoisins.pagination import CappedPaginator

pytestmark = pytest.mark.django_db


def names(client, path="/membres/"):
    """The usernames of the cards of a page, in their order."""
    response = client.get(path)
    assert response.status_code == 200
    return re.findall(
        r'<h3 class="card__title member-card__name"><a href="/membres/([^/]+)/">', response.text
    )


def heading(client, path="/membres/"):
    return re.search(r'<h2 id="resultats">(.*?)</h2>', client.get(path).text).group(1)


@pytest.fixture
def three(member, other_member):
    """Alice (member, "alice"), Bob (other_member, "bob") and Chloé, signed in, one client each;
    Paul and Zoé too."""
    profile_for(member, display_name="Alice", interests=["cuisiner"])
    profile_for(other_member, display_name="Bob", interests=["cuisiner"])
    chloe = make_user("chloe")
    ProfileFactory(user=chloe, display_name="Chloé", interests=["jardinage"])
    ProfileFactory(user=make_user("paul"), display_name="Paul", interests=["cuisiner"])
    ProfileFactory(user=make_user("zoe"), display_name="Zoé", interests=["jardinage"])
    clients = []
    for user in (member, other_member, chloe):
        client = Client()
        client.force_login(user)
        clients.append(client)
    return clients


def test_a_member_never_sees_their_own_card(three):
    alice, bob, chloe = three
    assert names(alice) == ["bob", "chloe", "paul", "zoe"]
    assert names(bob) == ["alice", "chloe", "paul", "zoe"]  # the same kept ids, another left out
    assert names(chloe) == ["alice", "bob", "paul", "zoe"]


def test_a_block_takes_both_out_of_each_other_s_list_at_once_and_no_one_else_s(three):
    alice, bob, chloe = three
    for client in three:
        names(client)  # everything kept

    alice.post("/membres/paul/bloquer/")

    assert "paul" not in names(alice)
    assert heading(alice) == "3 membres"
    paul = Client()
    paul.force_login(Profile.objects.get(display_name="Paul").user)
    assert "alice" not in names(paul)  # blocked, Paul no longer sees Alice either
    assert names(bob) == ["alice", "chloe", "paul", "zoe"]
    assert names(chloe) == ["alice", "bob", "paul", "zoe"]
    assert heading(bob) == "4 membres"

    alice.post("/membres/paul/debloquer/")

    assert "paul" in names(alice)
    assert "alice" in names(paul)


def test_a_hidden_profile_or_a_closed_account_leaves_every_list_at_once(three, member):
    alice, bob, chloe = three
    names(bob), names(chloe)

    alice.post("/mon-profil/", profile_data(display_name="Alice", visibility="masquee"))
    assert "alice" not in names(bob)
    assert "alice" not in names(chloe)

    zoe = Profile.objects.get(display_name="Zoé").user
    zoe.is_active = False
    zoe.save(update_fields=["is_active"])
    assert "zoe" not in names(bob)
    assert "zoe" not in names(bob, "/membres/?interet=jardinage")


def test_a_new_public_profile_shows_at_once(three):
    _alice, bob, _chloe = three
    names(bob), names(bob, "/membres/?interet=cuisine")

    ProfileFactory(user=make_user("anna"), display_name="Anna", interests=["cuisiner"], visibility="publique")

    assert names(bob) == ["alice", "anna", "chloe", "paul", "zoe"]
    assert names(bob, "/membres/?interet=cuisine") == ["alice", "anna", "paul"]


def test_an_interest_lists_those_who_have_it_without_the_viewer_nor_their_blocks(three):
    alice, bob, chloe = three
    assert names(alice, "/membres/?interet=cuisine") == ["bob", "paul"]
    assert names(chloe, "/membres/?interet=cuisine") == ["alice", "bob", "paul"]

    alice.post("/membres/bob/bloquer/")

    assert names(alice, "/membres/?interet=cuisine") == ["paul"]
    assert names(bob, "/membres/?interet=cuisine") == ["paul"]
    assert names(chloe, "/membres/?interet=cuisine") == ["alice", "bob", "paul"]
    assert names(chloe, "/membres/?interet=jardinage") == ["zoe"]


def test_pages_one_and_two_follow_on_without_the_viewer(client, member):
    bulk_members(30)  # "Foule 0" … "Foule 29", in the order of their names
    profile_for(member, display_name="Foule 10 bis")
    client.force_login(member)

    first, second = names(client), names(client, "/membres/?page=2")

    assert len(first) == 20 and len(second) == 10
    assert "alice" not in first + second
    listed = Profile.objects.listed().exclude(pk=member.pk).order_by("display_name", "pk")
    assert first + second == [profile.user.username for profile in listed]
    assert heading(client) == "30 membres"


def test_the_cap_still_says_more_than_with_the_viewer_and_blocks_left_out(client, member, monkeypatch):
    monkeypatch.setattr(CappedPaginator, "max_pages", 2)  # 40 members offered
    profiles = bulk_members(42)
    profile_for(member, display_name="Foule")
    client.force_login(member)
    assert heading(client) == "Plus de 40 membres"

    client.post(f"/membres/{profiles[0].user.username}/bloquer/")
    assert heading(client) == "Plus de 40 membres"  # 41 left

    client.post(f"/membres/{profiles[1].user.username}/bloquer/")
    assert heading(client) == "40 membres"
    assert len(names(client, "/membres/?page=2")) == 20


def test_a_member_leaving_out_more_than_the_room_kept_gets_the_same_list_read_live(
    client, member, monkeypatch
):
    monkeypatch.setattr(listing, "LEFT_OUT_ROOM", 2)
    profiles = bulk_members(6)
    profile_for(member, display_name="Alice")
    client.force_login(member)
    for profile in profiles[:3]:
        client.post(f"/membres/{profile.user.username}/bloquer/")

    assert names(client) == [profile.user.username for profile in profiles[3:]]
    assert heading(client) == "3 membres"


@pytest.mark.parametrize("count", [5, 60])
def test_a_warm_page_costs_the_same_queries_at_two_sizes(client, member, count, django_assert_num_queries):
    profile_for(member, interests=["loisir 0"])
    bulk_members(count)
    content_stamp.bump("members")
    client.force_login(member)
    for path in ("/membres/", "/membres/?interet=loisir+1", "/membres/?page=2"):
        client.get(path)  # the ids, what this member leaves out, the cards, the form: kept

        # 1. session, 2. user: FEWER than the first request, the page making no query of its own
        # once warm, nor the layout (suspension and unread messages kept under the member's stamp)
        with django_assert_num_queries(2):
            response = client.get(path)
        assert response.status_code == 200
