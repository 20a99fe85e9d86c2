"""Content stamps: a short token per area of the site ("agenda", "news", "forum", …) and one for
the whole site, changed whenever published content of that area is saved or deleted.

Whatever is cached from published content (whole anonymous pages, feeds) is kept under the
stamp it was built from: a new stamp makes it stale at once, with no list of keys to delete.
The stamps live in Django's cache (shared by every worker); a cache that was flushed simply
starts new stamps.

Which models bump which stamp is the setting CONTENT_STAMP_MODELS, {"app_label.Model": area}.
A new app registers its models by adding a line there (an app that is not installed is
skipped), e.g. "communities.Community": "communities". Writes that bypass the model signals
(`QuerySet.update()`, `bulk_create()`) call `bump(area)` themselves when they change what
visitors see.
"""

import time
import uuid

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save

SITE = "site"
# Thèmes appear in rows of every area's lists: kept rows carry this stamp too.
THEMES = "themes"
# A stamp lasts longer than anything cached under it.
STAMP_SECONDS = 30 * 24 * 60 * 60


def _key(area):
    return f"stamp:{area}"


def stamp(area=SITE):
    """The current stamp of `area` (one cache read); a new one when the cache has none."""
    value = cache.get(_key(area))
    if value is None:
        value = _new()
        # add: two workers starting a stamp at once agree on the first one written.
        if not cache.add(_key(area), value, STAMP_SECONDS):
            value = cache.get(_key(area)) or value
    return value


def stamps(*areas):
    """{area: stamp} in one cache round trip."""
    keys = {_key(area): area for area in areas}
    found = cache.get_many(list(keys))
    result = {}
    for key, area in keys.items():
        result[area] = found[key] if key in found else stamp(area)
    return result


def bump(area=SITE, *, site=True):
    """A new stamp for `area` and for the whole site: now, and again when the transaction
    commits (a page rebuilt between the write and its commit would hold the old content).
    site=False: `area` alone, for what no visitor's page shows (a member's own area)."""
    _bump_now(area, site)
    transaction.on_commit(lambda: _bump_now(area, site))


def _bump_now(area, site=True):
    keys = (_key(area), _key(SITE)) if site else (_key(area),)
    cache.set_many({key: _new() for key in keys}, STAMP_SECONDS)


def member(user_id):
    """The area of what one member alone sees on every page (their unread messages, their
    suspension): read with the page's other stamps (fragments.want())."""
    return f"member:{user_id}"


def bump_member(user_id):
    """Something of `user_id`'s own changed: their area only, never the visitors' pages."""
    bump(member(user_id), site=False)


def _new():
    return f"{time.time_ns():x}-{uuid.uuid4().hex[:8]}"


def last_modified(value):
    """The time (seconds since the epoch) a stamp was made: for Last-Modified headers."""
    return int(value.split("-", 1)[0], 16) / 1e9


def watched_models():
    """[(model, area)] of CONTENT_STAMP_MODELS whose app is installed."""
    found = []
    for label, area in getattr(settings, "CONTENT_STAMP_MODELS", {}).items():
        try:
            found.append((apps.get_model(label), area))
        except LookupError:
            continue
    return found


def connect():
    """Connect the signals (from TousVoisinsConfig.ready). A proxy of a watched model (the
    admin's "Propositions à relire" edits events as ProposedEvent) sends its signals under its
    own class: it is watched too."""
    watched = dict(watched_models())
    for model in apps.get_models():
        area = watched.get(model._meta.concrete_model)
        if area is None:
            continue
        receiver = _receiver(area)
        uid = f"content-stamp:{model._meta.label}"
        post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:save")
        post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"{uid}:delete")
        for field in model._meta.local_many_to_many:
            through, m2m_uid = field.remote_field.through, f"{uid}:{field.name}"
            m2m_changed.connect(_m2m_receiver(area), sender=through, weak=False, dispatch_uid=m2m_uid)


def _receiver(area):
    def receiver(sender, raw=False, **kwargs):
        if not raw:  # fixtures loading
            bump(area)

    return receiver


def _m2m_receiver(area):
    def receiver(sender, action, **kwargs):
        if action in ("post_add", "post_remove", "post_clear"):
            bump(area)

    return receiver
