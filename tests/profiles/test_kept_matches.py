"""A member's suggestions ranked ahead (profiles.kept_matches): the page reads the kept ids and
the profiles saved since, live; the lists are ranked again when the member's own words change,
when they are a day old (in the background, once) and by the hourly job for members who came
lately. What a page reads no longer grows with the membership."""

import io
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core.cache import caches
from django.core.management import call_command
from django.utils import timezone

from profiles import kept_matches, matching
from profiles.models import KeptMatches, Profile
from tests.conftest import make_user
from tests.factories.profiles import ProfileFactory, block, bulk_members, profile_for
from tests.profiles.test_kept_cards import _card, _html
from tousvoisins import fragments

pytestmark = pytest.mark.django_db

MATCHES = "/mon-profil/rencontres/"
NANTES, REZE, CLISSON = "44109", "44143", "44043"


def another_process():
    """Forget every copy of the pages (this process's and the shared cache): only the database's
    kept ids remain."""
    fragments.clear()
    for cache in caches.all():
        cache.clear()


def saved_before(profile, moment):
    """As if the profile had last been saved at `moment` (before the lists were ranked)."""
    Profile.objects.filter(pk=profile.pk).update(updated=moment)


def usernames(profiles):
    return [profile.user.username for profile in profiles]


@pytest.fixture
def alice(member):
    return profile_for(member, display_name="Alice", insee=REZE, interests=["cuisiner", "jardinage"])


def test_the_first_visit_ranks_and_keeps_the_ids_of_each_list(client, member):
    alice = profile_for(member, display_name="Alice", interests=["cuisiner", "jardinage"], wishes=["tricot"])
    paul = ProfileFactory(
        user=make_user("paul"), display_name="Paul", interests=["cuisiner"], skills=["tricot"]
    )
    client.force_login(member)
    assert not KeptMatches.objects.exists()

    html = _html(client.get(MATCHES))

    kept = KeptMatches.objects.get(profile=alice)
    assert kept.interests == [paul.pk]
    assert kept.they_teach_me == [paul.pk]  # Paul teaches the tricot Alice wants to learn
    assert kept.i_teach_them == []  # Alice shares no savoir
    assert kept.basis == kept_matches.basis(matching.viewer_for(alice.user))
    assert "Vous aimez tous les deux : <strong>cuisiner</strong>" in _card(html, "paul")


def test_the_page_ranks_among_the_kept_ids_and_the_profiles_saved_since(
    client, alice, django_capture_on_commit_callbacks
):
    ProfileFactory(user=make_user("paul"), display_name="Paul", interests=["cuisiner"])
    client.force_login(alice.user)
    _html(client.get(MATCHES))
    built_at = KeptMatches.objects.get(profile=alice).built_at

    # Zoé shares both words but was neither ranked nor saved since: the kept lists do not know her.
    zoe = ProfileFactory(user=make_user("zoe"), display_name="Zoé", interests=["cuisiner", "jardinage"])
    saved_before(zoe, built_at - timedelta(minutes=1))
    # Léa joins after the ranking: she shows at once.
    ProfileFactory(user=make_user("lea"), display_name="Léa", interests=["jardinage"])
    another_process()
    html = _html(client.get(MATCHES))

    assert _card(html, "paul") and _card(html, "lea")
    assert not _card(html, "zoe")

    # A day later the page still answers from the kept ids, and the lists are ranked again
    # behind it: the next visit has Zoé, first (two words shared).
    with time_machine.travel(timezone.now() + kept_matches.FRESH_FOR + timedelta(minutes=1)):
        another_process()
        with django_capture_on_commit_callbacks(execute=True):  # the worker, at once
            assert not _card(_html(client.get(MATCHES)), "zoe")
        another_process()
        html = _html(client.get(MATCHES))
    assert "Vous aimez tous les deux : <strong>cuisiner, jardinage</strong>" in _card(html, "zoe")
    assert html.index('href="/membres/zoe/"') < html.index('href="/membres/paul/"')


def test_a_stale_list_is_sent_to_the_worker_once(client, alice, django_capture_on_commit_callbacks):
    ProfileFactory(user=make_user("paul"), display_name="Paul", interests=["cuisiner"])
    client.force_login(alice.user)
    _html(client.get(MATCHES))
    later = timezone.now() + kept_matches.FRESH_FOR + timedelta(minutes=1)

    with time_machine.travel(later):
        with django_capture_on_commit_callbacks() as first:
            another_process()
            client.get(MATCHES)
        with django_capture_on_commit_callbacks() as second:
            another_process()
            client.get(MATCHES)

        assert len(first) == 1 and second == []  # one task asked for, not one per page
        kept = KeptMatches.objects.get(profile=alice)
        assert kept.queued_at is not None and kept.built_at < later - kept_matches.FRESH_FOR

        first[0]()  # the worker runs it
        kept.refresh_from_db()
    assert kept.queued_at is None and kept.built_at > later - timedelta(minutes=1)


def test_my_new_words_or_commune_rank_my_lists_again_on_the_next_page(client, alice):
    client.force_login(alice.user)
    _html(client.get(MATCHES))
    first = KeptMatches.objects.get(profile=alice)
    clisson = ProfileFactory(
        user=make_user("claire"), display_name="Claire", insee=CLISSON, interests=["vélo"]
    )
    saved_before(clisson, first.built_at - timedelta(minutes=1))

    alice.interests.add(*clisson.interests.all())  # a new word, written without saving the profile
    another_process()
    html = _html(client.get(MATCHES))

    assert "<strong>vélo</strong>" in _card(html, "claire")
    assert KeptMatches.objects.get(profile=alice).basis != first.basis


def test_who_drops_out_of_the_kept_ids_leaves_room_for_the_next_best(client, alice):
    """Hidden, blocked, closed, or no word left in common: the list read live is still the exact
    one, as long as fewer than KEPT - shown members drop out between two rankings."""
    bulk_members(30, prefix="voisin", tag_count=1, tags_each=1)  # words nobody shares with Alice
    for number in range(25):
        ProfileFactory(
            user=make_user(f"cuisinier-{number:02d}"),
            display_name=f"Cuisinier {number}",
            insee=NANTES if number % 2 else CLISSON,
            interests=["cuisiner"] if number % 3 else ["cuisiner", "jardinage"],
        )
    kept = kept_matches.build(matching.viewer_for(alice.user))
    assert len(kept["interests"]) == kept_matches.KEPT  # of the 25 cooks
    built_at = kept["built_at"]
    Profile.objects.filter(user__username__startswith="cuisinier").update(
        updated=built_at - timedelta(minutes=1)
    )

    gone = list(Profile.objects.filter(user__username__in=["cuisinier-00", "cuisinier-03", "cuisinier-04"]))
    Profile.objects.filter(pk=gone[0].pk).update(visibility=Profile.Visibility.HIDDEN)  # hidden
    block(gone[1].user, alice.user)  # blocks Alice
    gone[2].user.is_active = False  # closed
    gone[2].user.save()

    live = usernames(matching.ranked(matching.viewer_for(alice.user), limit=matching.MATCHES_LIMIT))
    read = usernames(kept_matches.suggested(matching.viewer_for(alice.user)))

    assert read == live and len(read) == matching.MATCHES_LIMIT
    assert not {"cuisinier-00", "cuisinier-03", "cuisinier-04"} & set(read)


@pytest.mark.parametrize("count", [10, 40])
def test_the_kept_lists_are_the_live_ranking_whatever_the_membership(member, count):
    bulk_members(count, tag_count=3, tags_each=2, insees=(NANTES, CLISSON, REZE))
    alice = profile_for(
        member, insee=REZE, interests=["loisir 0", "loisir 1"], skills=["loisir 2"], wishes=["loisir 1"]
    )
    viewer = matching.viewer_for(alice.user)

    for kind in kept_matches.COLUMNS:
        live = usernames(matching.ranked(viewer, kind, limit=matching.MATCHES_LIMIT))
        assert usernames(kept_matches.suggested(viewer, kind)) == live, kind
        assert live  # the data gives each list members to show


# The hourly job ------------------------------------------------------------------------------------


@pytest.fixture
def members_of_all_kinds(alice):
    now = timezone.now()
    ProfileFactory(user=make_user("paul"), display_name="Paul", interests=["cuisiner"])
    came = {}
    for name, days, words in (
        ("hier", 1, ["cuisiner"]),
        ("il-y-a-longtemps", 40, ["cuisiner"]),
        ("sans-mots", 1, []),
        ("jamais", None, ["cuisiner"]),
    ):
        user = make_user(name)
        user.last_login = None if days is None else now - timedelta(days=days)
        user.save()
        came[name] = ProfileFactory(user=user, interests=words)
    alice.user.last_login = now - timedelta(hours=2)
    alice.user.save()
    return came


def test_the_job_ranks_the_lists_of_members_who_came_lately_and_have_words(members_of_all_kinds, alice):
    out = call_command_output("build_member_matches")

    assert "Suggestions classées à nouveau pour 2 membre(s)" in out
    assert set(KeptMatches.objects.values_list("profile__user__username", flat=True)) == {"alice", "hier"}
    assert KeptMatches.objects.get(profile=members_of_all_kinds["hier"]).interests  # Paul at least

    # Fresh now: a second run ranks nobody again; a day later, both again, the oldest first.
    assert "pour 0 membre(s)" in call_command_output("build_member_matches")
    KeptMatches.objects.filter(profile=alice).update(built_at=timezone.now() - timedelta(days=2))
    KeptMatches.objects.filter(profile=members_of_all_kinds["hier"]).update(
        built_at=timezone.now() - timedelta(days=3)
    )
    assert usernames_of(kept_matches.members_to_rank()) == ["hier", "alice"]
    assert "pour 1 membre(s)" in call_command_output("build_member_matches", "--limit", "1")
    assert usernames_of(kept_matches.members_to_rank()) == ["alice"]


def test_the_job_is_periodic():
    assert settings.PERIODIC_JOBS["build_member_matches"] == 3600


def call_command_output(*args):
    out = io.StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


def usernames_of(users):
    return [user.username for user in users]
