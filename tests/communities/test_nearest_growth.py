"""The signed-in home's communities near you (Community.objects.nearest_first(..., limit=3)) read
the newest few of the member's intercommunalité, of each of their thèmes and of all, from the
head of an index, and sort those: not every community of the département, as they grow."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from communities.models import Community
from tests.core.plans import analyze, plan_of, rows_read
from tousvoisins.models import Commune, Theme

pytestmark = pytest.mark.django_db
FIRST = 3
# As long as a real one: a table of short rows is read whole faster than by its index.
DESCRIPTION = "On se retrouve chaque semaine pour cuisiner, jardiner ou parler ensemble. " * 5


@pytest.fixture
def places():
    communes = list(Commune.objects.select_related("intercommunalite").order_by("insee")[:40])
    return {commune.intercommunalite_id: commune for commune in communes}


def seed(count, places):
    """`count` communities over the territories and thèmes, each created after the one before
    (the newest have the highest primary keys, as in service)."""
    communes, themes = list(places.values()), list(Theme.objects.order_by("pk"))
    Community.objects.bulk_create(
        Community(
            name=f"Les voisins numéro {index}",
            slug=f"les-voisins-numero-{index}",
            description=DESCRIPTION,
            theme=themes[index % len(themes)],
            commune=communes[index % len(communes)],
            intercommunalite_id=communes[index % len(communes)].intercommunalite_id,
        )
        for index in range(count)
    )
    analyze("communities_community")


def viewers(places):
    """(territory, thèmes) of a member with both, with one, with none, and of a place with
    fewer near communities than are shown."""
    territory = next(iter(places))
    themes = list(Theme.objects.order_by("pk").values_list("pk", flat=True))
    return [(territory, themes[:2]), (territory, []), (None, themes[1:2]), (None, []), (territory, themes)]


@pytest.mark.parametrize("count", [3000, 9000])
def test_the_nearest_communities_read_a_few_rows_whatever_their_number(count, places):
    seed(count, places)
    for territory, themes in viewers(places):
        wanted = Community.objects.nearest_first(territory, themes, limit=FIRST)[:FIRST]
        with CaptureQueriesContext(connection) as captured:
            first = list(wanted)
        # The same order as sorting them all.
        assert first == list(Community.objects.nearest_first(territory, themes)[:FIRST])
        plan = plan_of(captured.captured_queries[0]["sql"])
        # Three of all, of the territory and of each thème, each from its own index or from the
        # newest of all until three of that thème are found (one in six is of a thème here), then
        # each of those again by key: a few rows per head whatever the number, not the thousands.
        heads = 1 + bool(territory) + len(themes)
        assert rows_read(plan, "communities_community") <= 8 * FIRST * heads, (territory, themes, plan)


def test_the_near_ones_come_first_then_the_newest_others(places):
    seed(60, places)
    territory = next(iter(places))
    newest_near = Community.objects.filter(intercommunalite_id=territory).order_by("-created", "-pk")[0]
    first = list(Community.objects.nearest_first(territory, limit=FIRST)[:FIRST])
    assert first[0] == newest_near
    assert first[0].near
    # A member of a territory with fewer near communities than shown: the newest others follow.
    Community.objects.filter(intercommunalite_id=territory).exclude(pk=newest_near.pk).delete()
    first = list(Community.objects.nearest_first(territory, limit=FIRST)[:FIRST])
    assert [community.near for community in first] == [True, False, False]
    others = Community.objects.exclude(intercommunalite_id=territory).order_by("-created", "-pk")
    assert first[1:] == list(others[:2])
