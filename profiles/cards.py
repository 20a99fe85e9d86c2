"""Members' cards, rendered once per process (tousvoisins.fragments) and shared by every viewer;
and a member's suggestions, kept for that member alone.

A kept card holds only what its profile shows to any member who may see it: name, commune,
photo, a few words, interests. What depends on who looks is added per request, outside the
kept HTML: on /membres/, which of the card's interests the viewer shares ("(vous aussi)").
A match card's shared words depend on the viewer too, so they are part of its key: two
viewers get the same copy only when the card would read the same for both.

Profiles, their words, the words themselves and blocks bump the "members" stamp
(CONTENT_STAMP_MODELS), and so does an account closed or reopened (connect()): who is listed on
/membres/ (visibility, blocks, closed accounts) is kept under the same stamp (profiles.listing).

A member's suggestions (profiles.matching: the most costly reads of their pages) are kept for
them alone, under the member's id and the stamps of everything they are built from: a change of
theirs (their words, their commune) or of anyone else's shows on the next request.
"""

import hashlib
import re

from django.conf import settings
from django.db.models import prefetch_related_objects
from django.db.models.signals import post_save
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy

from tousvoisins import content_stamp, fragments

from .models import Profile, card_interests

AREA = "members"

# What a match card says before the shared words, for each list of profiles.matching.
SHARED_INTERESTS_INTRO = gettext_lazy("Vous aimez tous les deux")
THEY_TEACH_ME_INTRO = gettext_lazy("Peut vous apprendre")
I_TEACH_THEM_INTRO = gettext_lazy("Aimerait apprendre")

# In a kept card, each interest carries two marks around its word, replaced on every request:
# "\0c<tag id>\0" in its class, "\0s<tag id>\0" after the word. NUL never comes from a member
# (tousvoisins.middleware.RefuseNulMiddleware), so a mark cannot be forged by what they write.
TAG_MARK = "\0"
_MARK = re.compile("\0([cs])(\\d+)\0")


def _key(profile):
    return f"{profile.pk}:{profile.user.username}"


def _match_key(profile, intro):
    words = "\0".join([_key(profile), str(intro), *profile.shared_labels])
    return hashlib.blake2b(words.encode(), digest_size=16).hexdigest()


def profile_cards(profiles, my_interests):
    """The profiles of a page of /membres/, each with `card_html`, its interests shared with the
    viewer (tag ids `my_interests`) marked. The interests are read only for cards not kept."""
    profiles = fragments.attach(
        "profiles/includes/profile_card.html",
        profiles,
        name="kept_card",
        areas=(AREA,),
        key=_key,
        context=lambda profile: {"profile": profile, "mark": TAG_MARK},
        prepare=lambda missing: prefetch_related_objects(missing, card_interests()),
    )
    return _marked(profiles, my_interests)


class CardGone(Exception):
    """A profile of kept ids was deleted after its stamp was read: the page is read live instead."""


class _Listed:
    """A card of /membres/ known by its profile's id and username alone (profiles.listing): the
    profile is read only when its card is not kept."""

    def __init__(self, pk, username):
        self.pk, self.username, self.profile = pk, username, None


def listed_cards(pairs, my_interests):
    """The cards of [(id, username)] of /membres/ (profiles.listing.listed_ids), the same copies as
    profile_cards(): one query for the cards not kept, none once they all are. CardGone if a
    profile is no longer there."""

    def read(missing):
        found = Profile.objects.for_cards().in_bulk([card.pk for card in missing])
        for card in missing:
            card.profile = found.get(card.pk)
            if card.profile is None:
                raise CardGone(card.pk)

    listed = fragments.attach(
        "profiles/includes/profile_card.html",
        [_Listed(pk, username) for pk, username in pairs],
        name="kept_card",
        areas=(AREA,),
        key=lambda card: f"{card.pk}:{card.username}",  # as _key(): the same copies
        context=lambda card: {"profile": card.profile, "mark": TAG_MARK},
        prepare=read,
    )
    return _marked(listed, my_interests)


def _marked(cards, my_interests):
    also_mine = format_html('<span class="visually-hidden"> {}</span>', gettext("(vous aussi)"))

    def unmark(match):
        if int(match[2]) not in my_interests:
            return ""
        return " tag--shared" if match[1] == "c" else also_mine

    for card in cards:
        # Rendered by a template; the marks become fixed, escaped text or nothing.
        card.card_html = mark_safe(_MARK.sub(unmark, card.kept_card))
    return cards


def match_cards(profiles, intro):
    """Suggested members (profiles.matching: `shared_labels`), each with `card_html`; `intro`
    is the words before the shared ones ("Vous aimez tous les deux")."""
    return fragments.attach(
        "profiles/includes/match_card.html",
        profiles,
        name="card_html",
        areas=(AREA,),
        key=lambda profile: _match_key(profile, intro),
        context=lambda profile: {"profile": profile, "intro": intro},
    )


def card_list(profiles, intro):
    """The match cards' HTML alone (what a member's kept suggestions hold; still safe once kept)."""
    return [profile.card_html for profile in match_cards(profiles, intro)]


def kept_for_member(user, name, build, *, areas=(AREA, "communities", "helpboard")):
    """`build()` (plain values: the HTML of cards, ids, words) once for `user` alone, under the
    stamps of `areas`. Coups de pouce end and dates pass with no stamp: a copy lasts as long as
    a cached anonymous page at most (PAGE_CACHE_FRESH_SECONDS).

    Built by one process for every other (shared): the ranking grows with the membership
    (profiles.matching), and a member's next request often reaches another worker, which would
    otherwise rank them again. The key holds the member's id: no one else's request reads it."""
    seconds = settings.PAGE_CACHE_FRESH_SECONDS
    return fragments.kept(name, build, areas=areas, key=f"member={user.pk}", seconds=seconds, shared=True)


def _account_saved(sender, instance, raw=False, update_fields=None, **kwargs):
    # A closed (or reopened) account leaves (or enters) every suggestion; a sign-in, which only
    # writes last_login, changes nothing shown and must not renew every stamp.
    if not raw and (update_fields is None or "is_active" in update_fields):
        content_stamp.bump(AREA)


def connect():
    """From ProfilesConfig.ready()."""
    post_save.connect(_account_saved, sender=settings.AUTH_USER_MODEL, dispatch_uid="profiles-cards-account")
