"""A member's suggestions (« Mes affinités », the signed-in home) are ranked by one process for
every other (profiles.cards.kept_for_member, shared): another worker reads them instead of
ranking the member again, each member still gets only their own, and a change shows at once.
Another process is played by fragments.clear(), which forgets this process's own copies."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from tests.conftest import make_user
from tests.factories.profiles import ProfileFactory, bulk_members, profile_for
from tests.profiles.test_kept_cards import _card, _html
from tests.profiles.test_pages import profile_data
from tousvoisins import fragments

pytestmark = pytest.mark.django_db

PAGES = ("/mon-profil/rencontres/", "/")


@pytest.fixture
def two_members(member, other_member):
    """Alice likes cooking, Bob gardening; Paul likes both. One client each, signed in."""
    profile_for(member, display_name="Alice", interests=["cuisiner"])
    profile_for(other_member, display_name="Bob", interests=["jardinage"])
    ProfileFactory(user=make_user("paul"), display_name="Paul", interests=["cuisiner", "jardinage"])
    alice, bob = Client(), Client()
    alice.force_login(member)
    bob.force_login(other_member)
    return alice, bob


def ranking_queries(client, path):
    with CaptureQueriesContext(connection) as context:
        html = _html(client.get(path))
    queries = [query["sql"] for query in context.captured_queries]
    return [sql for sql in queries if "profiles_interestitem" in sql], html


@pytest.mark.parametrize("path", PAGES)
@pytest.mark.parametrize("count", [5, 40])
def test_another_process_reads_the_suggestions_without_ranking_again(client, member, path, count):
    profile_for(member, interests=["loisir 0"], skills=["loisir 1"], wishes=["loisir 0"])
    bulk_members(count)
    client.force_login(member)
    first, first_html = ranking_queries(client, path)
    assert first  # ranked once

    fragments.clear()  # another process
    again, html = ranking_queries(client, path)

    assert again == []  # none of the ranking's queries: read from the shared cache
    assert html.count('class="card member-card"') == first_html.count('class="card member-card"') > 0


@pytest.mark.parametrize("path", PAGES)
def test_each_member_gets_only_their_own_suggestions_in_any_process(two_members, path):
    alice, bob = two_members
    alice_first = _card(_html(alice.get(path)), "paul")
    fragments.clear()
    bob_first = _card(_html(bob.get(path)), "paul")
    fragments.clear()
    alice_again = _card(_html(alice.get(path)), "paul")

    assert "<strong>cuisiner</strong>" in alice_first and "jardinage" not in alice_first
    assert "<strong>jardinage</strong>" in bob_first and "cuisiner" not in bob_first
    assert alice_again == alice_first
    assert not _card(_html(bob.get(path)), "alice")  # Alice shares nothing with Bob


@pytest.mark.parametrize("path", PAGES)
def test_a_change_shows_at_once_in_another_process(two_members, path):
    alice, bob = two_members
    _html(alice.get(path))
    fragments.clear()
    assert not _card(_html(alice.get(path)), "bob")

    bob.post("/mon-profil/", profile_data(display_name="Bob", interests_other="jardinage, cuisiner"))
    fragments.clear()

    assert "<strong>cuisiner</strong>" in _card(_html(alice.get(path)), "bob")
