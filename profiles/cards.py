"""Members' cards, rendered once per process (tousvoisins.fragments) and shared by every viewer.

A kept card holds only what its profile shows to any member who may see it: name, commune,
photo, a few words, interests. What depends on who looks is added per request, outside the
kept HTML: on /membres/, which of the card's interests the viewer shares ("(vous aussi)").
A match card's shared words depend on the viewer too, so they are part of its key: two
viewers get the same copy only when the card would read the same for both.

Profiles, their interests and the words themselves bump the "members" stamp
(CONTENT_STAMP_MODELS); who is listed (visibility, blocks, closed accounts) is read live by the
lists' queries, never kept.
"""

import hashlib
import re

from django.db.models import prefetch_related_objects
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, gettext_lazy

from tousvoisins import fragments

from .models import card_interests

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
    also_mine = format_html('<span class="visually-hidden"> {}</span>', gettext("(vous aussi)"))

    def unmark(match):
        if int(match[2]) not in my_interests:
            return ""
        return " tag--shared" if match[1] == "c" else also_mine

    for profile in profiles:
        # Rendered by a template; the marks become fixed, escaped text or nothing.
        profile.card_html = mark_safe(_MARK.sub(unmark, profile.kept_card))
    return profiles


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
