"""Who to meet: the ranking of members by shared tags, then nearness, on crafted data."""

import pytest
from django.db import connection

from profiles import matching
from profiles.models import Profile
from tests.factories.profiles import ProfileFactory, block, bulk_members, profile_for

pytestmark = pytest.mark.django_db

REZE, NANTES, SAINT_HERBLAIN = "44143", "44109", "44162"
SAINT_NAZAIRE, CLISSON, CHATEAUBRIANT = "44184", "44043", "44036"


def usernames(profiles):
    return [profile.user.username for profile in profiles]


@pytest.fixture
def viewer(member):
    # Alice lives in Rezé (Nantes Métropole).
    return profile_for(
        member,
        insee=REZE,
        interests=["cuisiner", "jardinage", "lecture"],
        skills=["couture"],
        wishes=["informatique"],
    )


@pytest.fixture
def neighbours(db):
    """Members written so that every rule of the ranking decides one place."""

    def make(username, insee, interests, **kwargs):
        return ProfileFactory(user__username=username, insee=insee, interests=interests, **kwargs)

    return {
        "anna": make("anna", NANTES, ["Cuisine", "jardiner", "livres"]),  # 3 shared
        "bruno": make("bruno", SAINT_NAZAIRE, ["cuisine", "jardinage", "pêche"]),  # 2, far
        "ines": make("ines", REZE, ["la cuisine", "lecture"]),  # 2, same commune
        "chantal": make("chantal", REZE, ["cuisine", "pêche"]),  # 1, same commune
        "dora": make("dora", SAINT_HERBLAIN, ["jardinage"]),  # 1, same intercommunalité
        "denis": make("denis", SAINT_HERBLAIN, ["lecture"]),  # 1, same place as dora: by username
        "gilles": make("gilles", CHATEAUBRIANT, ["cuisiner"]),  # 1, 60 km away
        "fanny": make("fanny", CLISSON, ["cuisiner"]),  # 1, 25 km away
        "henri": make("henri", None, ["cuisiner"]),  # 1, says no commune
        "nobody": make("nobody", REZE, ["pêche"]),  # nothing shared
        "hidden": make(
            "hidden", REZE, ["cuisiner", "jardinage", "lecture"], visibility=Profile.Visibility.HIDDEN
        ),
        "gone": make("gone", REZE, ["cuisiner", "jardinage", "lecture"], user__is_active=False),
        "blocker": make("blocker", REZE, ["cuisiner", "jardinage", "lecture"]),
        "blocked": make("blocked", REZE, ["cuisiner", "jardinage", "lecture"]),
    }


def test_it_ranks_by_shared_interests_then_commune_intercommunalite_distance_and_username(viewer, neighbours):
    block(neighbours["blocker"].user, viewer.user)
    block(viewer.user, neighbours["blocked"].user)

    ranked = list(matching.ranked(matching.viewer_for(viewer.user)))

    assert usernames(ranked) == [
        "anna",
        "ines",
        "bruno",
        "chantal",
        "denis",
        "dora",
        "fanny",
        "gilles",
        "henri",
    ]
    assert ranked[0].shared_count == 3
    assert ranked[0].shared_labels == ["cuisiner", "jardinage", "lecture"]


def test_it_ranks_by_shared_interests_and_username_for_a_viewer_without_commune(member, neighbours):
    viewer = profile_for(member, interests=["cuisiner", "jardinage"])

    assert usernames(matching.ranked(matching.viewer_for(viewer.user))) == [
        # two shared, by username (nearness means nothing without the viewer's commune)
        "anna",
        "blocked",
        "blocker",
        "bruno",
        # one shared
        "chantal",
        "dora",
        "fanny",
        "gilles",
        "henri",
        "ines",
    ]


def test_it_matches_what_they_share_with_what_i_want_to_learn(viewer):
    ProfileFactory(user__username="mehdi", insee=CHATEAUBRIANT, skills=["informatique", "ordinateur"])
    ProfileFactory(user__username="karim", insee=REZE, skills=["Informatique"])
    ProfileFactory(user__username="lea", insee=REZE, wishes=["informatique"])  # wants it too: not a teacher

    they_teach_me = list(matching.ranked(matching.viewer_for(viewer.user), matching.THEY_TEACH_ME))

    assert usernames(they_teach_me) == ["karim", "mehdi"]
    assert they_teach_me[1].shared_labels == ["informatique"]


def test_it_matches_what_i_share_with_what_they_want_to_learn(viewer):
    ProfileFactory(user__username="amina", insee=SAINT_NAZAIRE, wishes=["coudre"])
    ProfileFactory(user__username="ines", insee=REZE, wishes=["couture", "jardinage"])
    ProfileFactory(user__username="odile", insee=REZE, skills=["couture"])

    assert usernames(matching.ranked(matching.viewer_for(viewer.user), matching.I_TEACH_THEM)) == [
        "ines",
        "amina",
    ]


def test_it_suggests_nobody_to_a_member_without_interests(member, neighbours):
    viewer = profile_for(member)

    assert list(matching.ranked(matching.viewer_for(viewer.user))) == []


def test_it_finds_what_two_members_share_for_a_profile_page(viewer):
    other = ProfileFactory(
        interests=["cuisine", "pêche"], skills=["informatique"], wishes=["couture", "vélo"]
    )

    assert matching.shared_labels(viewer.pk, other.pk) == {
        "interests": ["cuisiner"],
        "they_teach_me": ["informatique"],
        "i_teach_them": ["couture"],
    }


@pytest.mark.parametrize("count", [3, 60])
def test_it_ranks_in_one_query_whatever_the_number_of_members(viewer, count, django_assert_num_queries):
    bulk_members(count, tag_count=1, tags_each=1)
    ProfileFactory(interests=["cuisiner"])

    # 1. the viewer's tags and commune, 2. the ranked profiles with their account and commune,
    # shared tags aggregated
    with django_assert_num_queries(2):
        ranked = list(matching.ranked(matching.viewer_for(viewer.user))[:12])
    assert len(ranked) == 1


def test_it_keeps_the_best_members_when_there_are_more_than_the_limit(viewer, neighbours):
    everyone = usernames(matching.ranked(matching.viewer_for(viewer.user)))

    # The sub-select keeps the best ids, the outer query orders them again: same order, cut short.
    for limit in (1, 2, 3, 5, 8):
        assert usernames(matching.ranked(matching.viewer_for(viewer.user), limit=limit)) == everyone[:limit]


def test_it_counts_shared_tags_from_the_index_and_places_each_commune_once(viewer):
    # 3,000 members, 150 different interests, 3 each: a viewer's tags meet a few dozen people.
    profiles = bulk_members(3000, tag_count=150, tags_each=3)
    viewer.interests.add(*profiles[0].interests.all())
    with connection.cursor() as cursor:
        for table in ("profiles_interestitem", "profiles_profile", "accounts_user", "tousvoisins_commune"):
            cursor.execute(f"ANALYZE {table}")
    queryset = matching.ranked(matching.viewer_for(viewer.user))

    plan = queryset.explain()

    # The members having the viewer's tags are found and counted by the (tag, profile) index…
    assert "interest_tag_profile_idx" in plan, plan
    assert "Seq Scan on profiles_interestitem" not in plan, plan
    # … and the nearness of the 207 communes is computed once, not once per member.
    assert "CTE place" in plan, plan
    assert len(list(queryset)) == matching.MATCHES_LIMIT
