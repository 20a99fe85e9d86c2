"""What a member does not see on /membres/ (their own profile, their blocks) is read by primary
key: the same few rows whatever the number of members (issue 18, growth at L)."""

import pytest

from profiles import listing
from profiles.models import Profile
from tests.core.plans import analyze, plan_of, rows_read
from tests.factories.profiles import block, bulk_members, profile_for

pytestmark = pytest.mark.django_db

# Below a thousand members PostgreSQL rightly reads the small tables whole; from there on, by key.


@pytest.mark.parametrize("count", [2000, 6000])
def test_the_left_out_members_are_read_by_primary_key(member, other_member, count):
    profile_for(member, interests=["loisir 0"])
    profile_for(other_member)
    bulk_members(count)
    block(member, other_member)
    analyze("profiles_profile", "accounts_user", "profiles_interestitem", "profiles_block")

    for filters, tags in (
        ({}, None),
        ({"interet": "loisir 0"}, listing.Tag.objects.ids_for_search("loisir 0")),
    ):
        left_out = Profile.objects.listed().for_list(filters, tags).order_by().left_out_for(member)
        assert left_out.count() == (2 if not filters else 1)
        plan = plan_of(left_out.values("pk"))  # what the count reads
        assert rows_read(plan, "profiles_profile") <= 2
        assert rows_read(plan, "accounts_user") <= 3
