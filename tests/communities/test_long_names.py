"""Two communities whose long names differ only at the end each get their own discussion: the
forum category's name holds "Communauté : " and the whole name (seed_bench met the collision)."""

import pytest

from forum.models import Category
from tests.factories.communities import CommunityFactory

pytestmark = pytest.mark.django_db

# 70 characters with the number: the longest a community's name may be.
LONG = "Les voisines et voisins qui cuisinent ensemble chaque mardi soir à Rezé"[:66]


def test_two_long_names_that_differ_at_the_end_get_two_discussions():
    CommunityFactory(name=f"{LONG} (1)")
    CommunityFactory(name=f"{LONG} (2)")

    names = set(Category.objects.filter(kind=Category.Kind.COMMUNITY).values_list("name", flat=True))
    assert names == {f"Communauté : {LONG} (1)", f"Communauté : {LONG} (2)"}
