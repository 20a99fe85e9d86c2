"""`seed_bench` tops up communities (one for every fourth recurring bench event) at scale S."""

import io

import pytest
from django.core.management import call_command

from communities.models import Community, Membership
from forum.models import Category
from tousvoisins.bench_scales import BENCH_PREFIX, SCALES

pytestmark = [pytest.mark.django_db, pytest.mark.bench]


def test_it_seeds_communities_with_their_discussion_once(client, django_assert_num_queries):
    def seed():
        call_command("seed_bench", "--scale", "S", "--i-know-this-is-not-production", stdout=io.StringIO())

    seed()
    communities = Community.objects.filter(slug__startswith=BENCH_PREFIX)
    count = communities.count()
    assert count == SCALES["S"].recurring_events // 4
    assert Category.objects.filter(kind=Category.Kind.COMMUNITY).count() >= count
    assert not communities.filter(category=None).exists()
    assert Membership.objects.filter(community__in=communities).count() >= 5 * count
    seed()
    assert communities.count() == count
    # The list's queries do not grow with the data: thèmes, intercommunalités, count, page.
    with django_assert_num_queries(4):
        assert client.get("/communautes/").status_code == 200
