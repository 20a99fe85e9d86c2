"""The communities' cards and filter fields are kept (tousvoisins.fragments): a card changes on
the next request after its community changes, and "vous en êtes membre" is each member's own."""

import html
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone

from tests.factories import EventFactory
from tests.factories.communities import CommunityFactory
from tests.factories.profiles import ProfileFactory

pytestmark = pytest.mark.django_db


def communities(client, query=""):
    response = client.get(f"/communautes/{query}")
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def test_a_renamed_community_shows_its_new_name_at_once(client):
    community = CommunityFactory(name="Les cuisiniers du mardi")
    assert "Les cuisiniers du mardi" in communities(client)

    community.name = "Les cuisiniers du jeudi"
    community.save()

    page = communities(client)
    assert "Les cuisiniers du jeudi" in page and "Les cuisiniers du mardi" not in page


def test_joining_changes_the_count_and_says_so_to_the_member_only(client, alice, bob):
    community = CommunityFactory(name="Les marcheurs de Rezé")
    assert "0 membre" in communities(client)

    client.force_login(alice)
    assert client.post(f"/communautes/{community.slug}/rejoindre/").status_code == 302
    hers = communities(client)
    client.force_login(bob)
    his = communities(client)
    client.logout()
    visitor = communities(client)

    assert "1 membre" in hers and "vous en êtes membre" in hers
    assert "1 membre" in his and "vous en êtes membre" not in his
    assert "vous en êtes membre" not in visitor


def test_member_names_never_reach_the_list(client, bob):
    alice = ProfileFactory(display_name="Alice des Dervallières").user
    CommunityFactory(members=[alice])

    client.force_login(alice)
    assert "Alice des Dervallières" not in communities(client).split("<main", 1)[1].split("</main>")[0]
    client.force_login(bob)
    assert "Alice des Dervallières" not in communities(client)


def test_the_kept_filters_show_each_choice(client):
    CommunityFactory()

    assert '<option value="emploi" selected>' in communities(client, "?theme=emploi")
    assert '<option value="emploi" selected>' not in communities(client, "?theme=logement")
    assert "Ce thème n'existe pas" in communities(client, "?theme=nimporte")


@pytest.mark.parametrize("number", [2, 9])
def test_the_list_makes_the_same_queries_whatever_the_number_of_communities(
    client, number, django_assert_num_queries
):
    for _ in range(number):
        CommunityFactory()
    # 1-2. the thèmes and intercommunalités of the filters, 3. the count, 4. the page's
    # communities with their thème, place, number of members and next date
    with django_assert_num_queries(4):
        client.get("/communautes/")
    # Then the filters' choices, the count and the page are kept (tousvoisins.fragments): a warm
    # list makes no query at all.
    with django_assert_num_queries(0):
        client.get("/communautes/")


@time_machine.travel("2026-12-08 10:00 +01:00", tick=False)
def test_a_card_gives_the_next_date_once_one_has_passed(client):
    community = CommunityFactory()
    soon = timezone.now() + timedelta(hours=2)
    first = EventFactory(start=soon, end=soon + timedelta(hours=1))
    second = EventFactory(start=soon + timedelta(days=2), end=soon + timedelta(days=2, hours=1))
    community.events.add(first, second)
    before = communities(client)

    # The same day, no change made: only the hour.
    with time_machine.travel(soon + timedelta(hours=1, minutes=5), tick=False):
        after = communities(client)

    assert f'datetime="{timezone.localtime(first.start).isoformat()}"' in before
    assert f'datetime="{timezone.localtime(first.start).isoformat()}"' not in after
    assert f'datetime="{timezone.localtime(second.start).isoformat()}"' in after
