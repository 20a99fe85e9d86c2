"""The ranking of "Mes affinités" reads the profiles and accounts of the few members it may show,
not of everyone sharing one of the viewer's tags (profiles.matching._best_ids)."""

import re

import pytest
from django.db import connection

from profiles import matching
from tests.factories.profiles import bulk_members, profile_for

pytestmark = pytest.mark.django_db


def rows_read(plan, table):
    """Rows read from `table` by each scan of the plan (actual rows × loops), summed."""
    total = 0
    for line in plan.splitlines():
        if re.search(rf"Scan (using \w+ )?on {table}\b", line):
            found = re.search(r"actual time=[\d.]+\.\.[\d.]+ rows=(\d+) loops=(\d+)", line)
            total += int(found.group(1)) * int(found.group(2))
    return total


@pytest.mark.parametrize("count", [1500, 3000])
def test_a_common_interest_does_not_make_it_read_everyone_who_has_it(member, count):
    # "loisir 0" … "loisir 9" are each held by a tenth of the members; one in fifty of the
    # holders of "loisir 1" and of "loisir 2" also have "loisir 0".
    profiles = bulk_members(count, tag_count=10, tags_each=1)
    for profile in profiles[1::50] + profiles[2::50]:
        profile.interests.add("loisir 0")
    viewer_profile = profile_for(member, interests=["loisir 0", "loisir 1", "loisir 2"])
    assert viewer_profile.interests.count() == 3
    with connection.cursor() as cursor:
        for table in ("profiles_interestitem", "profiles_profile", "accounts_user", "tousvoisins_commune"):
            cursor.execute(f"ANALYZE {table}")
    viewer = matching.viewer_for(member)
    # The ranking sub-select is where the reads could grow with the number of members sharing a
    # tag, so its plan is the one checked. The outer query then reads the twelve rows it names;
    # at these test sizes the planner may rightly read the small profile table whole for that,
    # a choice that flips with the pages earlier tests left, so it is not asserted here.
    best_ids = matching._best_ids(viewer, "interest_items", viewer.interests, matching.MATCHES_LIMIT)
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN ANALYZE {best_ids.sql}", best_ids.params)
        plan = "\n".join(row[0] for row in cursor.fetchall())
    queryset = matching.ranked(viewer)

    sharing = count // 10 * 3  # holders of "loisir 0", "loisir 1" or "loisir 2"
    # Counted on the tags alone, then only the members reaching the twelfth best count (those
    # sharing two tags, count / 25) are read, one at a time.
    assert "Seq Scan on profiles_profile" not in plan, plan
    assert "Seq Scan on accounts_user" not in plan, plan
    assert rows_read(plan, "profiles_profile") < sharing / 3, plan
    ranked = list(queryset)
    assert len(ranked) == matching.MATCHES_LIMIT
    assert [profile.shared_count for profile in ranked] == [2] * matching.MATCHES_LIMIT
