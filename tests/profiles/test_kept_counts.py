"""/membres/'s count, the interest's tags, the viewer's interests and the filters' form with a
search, kept for everyone (profiles.listing): each member's count still leaves out their own
profile and their blocks, and a change shows on the next request."""

import re

import pytest
from django.test import Client

from profiles.models import Profile
from tests.conftest import make_user
from tests.factories.profiles import ProfileFactory, block, bulk_members, profile_for
from tests.profiles.test_pages import profile_data
from tousvoisins import content_stamp

pytestmark = pytest.mark.django_db


def heading(client, path="/membres/"):
    response = client.get(path)
    assert response.status_code == 200
    return re.search(r'<h2 id="resultats">(.*?)</h2>', response.text).group(1)


@pytest.fixture
def alice_and_bob(member, other_member):
    """Alice and Bob both like cooking; one client each, signed in; Paul and Zoé too."""
    profile_for(member, display_name="Alice", interests=["cuisiner"])
    profile_for(other_member, display_name="Bob", interests=["cuisiner", "jardinage"])
    ProfileFactory(user=make_user("paul"), display_name="Paul", interests=["cuisiner"])
    ProfileFactory(user=make_user("zoe"), display_name="Zoé", interests=["jardinage"])
    alice, bob = Client(), Client()
    alice.force_login(member)
    bob.force_login(other_member)
    return alice, bob


def test_each_member_is_counted_without_their_own_profile_nor_their_blocks(alice_and_bob, member):
    alice, bob = alice_and_bob
    assert heading(alice) == "3 membres"
    assert heading(bob) == "3 membres"  # the count kept for Alice's page

    block(member, Profile.objects.get(display_name="Paul").user)

    assert heading(alice) == "2 membres"
    assert heading(bob) == "3 membres"
    assert heading(alice, "/membres/?interet=cuisine") == "1 membre"  # Bob
    assert heading(bob, "/membres/?interet=cuisine") == "2 membres"  # Alice and Paul


def test_nothing_of_one_member_shows_in_the_other_s_page(alice_and_bob):
    alice, bob = alice_and_bob
    alice_page = alice.get("/membres/?interet=cuisine").text
    bob_page = bob.get("/membres/?interet=cuisine").text

    assert '<a href="/membres/member/">' not in alice_page
    assert '<a href="/membres/other_member/">' not in bob_page
    # Bob's own interests mark his page only: Zoé gardens, as he does
    bob_all = bob.get("/membres/").text
    alice_all = alice.get("/membres/").text
    assert 'jardinage<span class="visually-hidden"> (vous aussi)' in bob_all
    assert 'jardinage<span class="visually-hidden"> (vous aussi)' not in alice_all


def test_a_changed_profile_shows_at_once_in_the_count_and_the_search(alice_and_bob, member):
    alice, bob = alice_and_bob
    assert heading(bob, "/membres/?interet=couture") == "Aucun membre trouvé"

    alice.post("/mon-profil/", profile_data(display_name="Alice", interests_other="cuisiner, couture"))

    assert heading(bob, "/membres/?interet=couture") == "1 membre"
    assert "Alice" in bob.get("/membres/?interet=couture").text


def test_a_new_word_is_found_at_once(alice_and_bob):
    _alice, bob = alice_and_bob
    assert heading(bob, "/membres/?interet=tricot") == "Aucun membre trouvé"

    ProfileFactory(user=make_user("lea"), display_name="Léa", interests=["tricot"])

    assert heading(bob, "/membres/?interet=tricot") == "1 membre"


def test_my_new_interest_marks_the_cards_at_once(alice_and_bob):
    alice, _bob = alice_and_bob
    assert 'jardinage<span class="visually-hidden"> (vous aussi)' not in alice.get("/membres/").text

    alice.post("/mon-profil/", profile_data(display_name="Alice", interests_other="cuisiner, jardinage"))

    assert 'jardinage<span class="visually-hidden"> (vous aussi)' in alice.get("/membres/").text


def test_the_kept_filters_say_each_search_s_own_words_and_errors(alice_and_bob):
    alice, bob = alice_and_bob
    first = alice.get("/membres/?interet=cuisine&theme=emploi").text
    second = bob.get("/membres/?interet=jardin&theme=nimporte").text

    assert 'value="cuisine"' in first and 'value="jardin"' not in first
    assert 'value="jardin"' in second and 'value="cuisine"' not in second
    error = "Ce thème n&#x27;existe pas"
    assert error in second and error not in first


@pytest.mark.parametrize("count", [5, 45])
def test_a_search_kept_costs_the_same_queries_at_two_sizes(client, member, count, django_assert_num_queries):
    profile_for(member, interests=["loisir 0"])
    bulk_members(count)
    content_stamp.bump("members")
    client.force_login(member)
    path = "/membres/?interet=loisir+1&territoire=244400404"
    client.get(path)  # the count, the tags, the filters and the cards are kept

    # 1. session, 2. user: once warm, the listed ids and what this member leaves out are kept
    # (profiles.listing), and so are the layout's suspension and unread messages (under the
    # member's own stamp)
    with django_assert_num_queries(2):
        response = client.get(path)
    assert response.status_code == 200
