"""What /membres/ reads that is the same for every member, kept (tousvoisins.fragments) under
the "members" stamp, which profiles, their words, the words themselves, blocks and closed or
reopened accounts bump (profiles.cards): the tags an interest means, and how many members a
search finds. Only what depends on the viewer is read on each request: their own profile and
their blocks, taken out of the kept count (a few rows found by primary key), and their words.
"""

from django.conf import settings

from tousvoisins import fragments

from .cards import AREA
from .models import InterestItem, Profile, Tag


def interest_tag_ids(word):
    """[id] of the tags a search for `word` means (the same for everyone)."""
    return fragments.kept(
        "profiles/interest-tags", lambda: Tag.objects.ids_for_search(word), areas=(AREA,), key=word
    )


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
