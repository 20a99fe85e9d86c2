"""What /membres/ reads, kept (tousvoisins.fragments) under the "members" stamp, which
profiles, their words, the words themselves, blocks and closed or reopened accounts bump
(profiles.cards), so that a change shows on the next request:

- for everyone: the tags an interest means, and the ids of the profiles a search lists, in the
  list's order, as far as the pages offered go (plus room for what one member leaves out);
- for each member: what they leave out (their own profile, their blocks) and their words.

A page is then the kept ids without the member's left-out ones, sliced: no query of its own once
warm. A member leaving out more than the room kept is served by a live query (counted()).
"""

from django.conf import settings
from django.db.models import Q

from accounts.models import Block
from tousvoisins import fragments

from .cards import AREA
from .models import InterestItem, Profile, Tag


def interest_tag_ids(word):
    """[id] of the tags a search for `word` means (the same for everyone)."""
    return fragments.kept(
        "profiles/interest-tags", lambda: Tag.objects.ids_for_search(word), areas=(AREA,), key=word
    )


# Room in the kept ids for what one member leaves out: with at most this many blocks (and their own
# profile), taking them out of the kept ids still leaves every page offered, and the count's cap.
LEFT_OUT_ROOM = 50


def listed_ids(filters, tag_ids, limit):
    """[(id, username)] of the profiles /membres/ lists for everyone with `filters`, in the list's
    order, `limit` + 1 + LEFT_OUT_ROOM at most: kept for everyone (built by one process for all)."""

    def build():
        listed = Profile.objects.listed().for_list(filters, tag_ids).prefetch_related(None)
        return list(listed.values_list("pk", "user__username")[: limit + 1 + LEFT_OUT_ROOM])

    key = repr((_filters_key(filters), sorted(tag_ids or ()), limit))
    return fragments.kept("profiles/listed-ids", build, areas=(AREA,), key=key, shared=True)


def left_out_ids(user):
    """{id} of the profiles listed for others that `user` does not see: their own, the members they
    blocked and those who blocked them; kept for them alone (blocks bump the "members" stamp)."""

    def build():
        pairs = Block.objects.filter(Q(blocker=user) | Q(blocked=user)).values_list(
            "blocker_id", "blocked_id"
        )
        return {user.pk, *(pk for pair in pairs for pk in pair)}

    seconds = settings.PAGE_CACHE_FRESH_SECONDS
    return fragments.kept("profiles/left-out", build, areas=(AREA,), key=f"member={user.pk}", seconds=seconds)


def counted(user, filters, tag_ids, limit):
    """How many members /membres/ lists for `user` with `filters`, counted as
    tousvoisins.pagination.CappedPaginator counts (`limit` + 1 at most)."""
    listed = Profile.objects.listed().for_list(filters, tag_ids).order_by()
    left_out = listed.left_out_for(user).count()
    # Counted for everyone up to the cap plus what this member does not see, so that what remains
    # still says whether there are more members than the pages offered.
    everyone_cap = limit + 1 + left_out

    def build():
        return listed[:everyone_cap].count()

    key = repr((_filters_key(filters), sorted(tag_ids or ()), everyone_cap))
    everyone = fragments.kept("profiles/members-count", build, areas=(AREA,), key=key)
    return min(everyone - left_out, limit + 1)


def _filters_key(filters):
    theme, territory = filters.get("theme"), filters.get("territoire")
    return (filters.get("interet", ""), theme.slug if theme else "", territory.siren if territory else "")


def my_interests(user):
    """{tag id} of `user`'s interests (their cards' "(vous aussi)"), kept for them alone."""

    def build():
        return set(InterestItem.objects.filter(content_object_id=user.pk).values_list("tag_id", flat=True))

    seconds = settings.PAGE_CACHE_FRESH_SECONDS
    return fragments.kept(
        "profiles/my-interests", build, areas=(AREA,), key=f"member={user.pk}", seconds=seconds
    )
