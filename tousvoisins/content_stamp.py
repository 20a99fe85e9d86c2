"""Content stamps: a short token per area of the site ("agenda", "news", "forum", …) and one for
the whole site, changed whenever published content of that area is saved or deleted.

Whatever is cached from published content (whole anonymous pages, feeds) is kept under the
stamp it was built from: a new stamp makes it stale at once, with no list of keys to delete.
The stamps live in Django's cache (shared by every worker), and each new one is also written to
the database (tousvoisins.ContentStamp) once its transaction commits. A cache that lost them
(flushed, restarted) reads them back from there in one query: what each worker kept under them
(its pages, rows, feeds) stays good, instead of every worker building everything again at the
same moment. A member's own area is kept in the cache only (read on each of their pages, and
losing it rebuilds only their own parts).

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
MEMBER_PREFIX = "member:"
# A stamp lasts longer than anything cached under it.
STAMP_SECONDS = 30 * 24 * 60 * 60


def _key(area):
    return f"stamp:{area}"


def stamp(area=SITE):
    """The current stamp of `area` (one cache read; see stamps())."""
    return stamps(area)[area]


def stamps(*areas):
    """{area: stamp} in one cache round trip; the ones the cache lacks from the database (one
    query), or new."""
    keys = {_key(area): area for area in areas}
    found = cache.get_many(list(keys))
    result = {area: found[key] for key, area in keys.items() if key in found}
    missing = [area for area in dict.fromkeys(areas) if area not in result]
    if missing:
        result.update(_recovered(missing))
    return {area: result[area] for area in areas}


def _durable(area):
    return settings.CONTENT_STAMPS_IN_DATABASE and not area.startswith(MEMBER_PREFIX)


def _recovered(areas):
    """The stamps of `areas`, which the cache lacks: the database's copy, or a new stamp for an
    area never stamped (written there too). Put back with cache.add, so that a bump meanwhile
    (written to the database first, then to the cache) wins."""
    from .models import ContentStamp

    durable = [area for area in areas if _durable(area)]
    values = {}
    if durable:
        values = dict(ContentStamp.objects.filter(area__in=durable).values_list("area", "value"))
        new = [ContentStamp(area=area, value=_new()) for area in durable if area not in values]
        if new:
            ContentStamp.objects.bulk_create(new, ignore_conflicts=True)
            values.update((row.area, row.value) for row in new)
    result = {}
    for area in areas:
        value = values.get(area) or _new()
        # add: two workers putting a stamp back at once agree on the first one written.
        if not cache.add(_key(area), value, STAMP_SECONDS):
            value = cache.get(_key(area)) or value
        result[area] = value
    return result


def bump(area=SITE, *, site=True):
    """A new stamp for `area` and for the whole site: now, and again when the transaction
    commits (a page rebuilt between the write and its commit would hold the old content), that
    one written to the database too. site=False: `area` alone, for what no visitor's page shows
    (a member's own area)."""
    _bump_now(area, site)
    transaction.on_commit(lambda: _bump_now(area, site, durable=True))


def _bump_now(area, site=True, durable=False):
    values = {area: _new()}
    if site:
        values[SITE] = _new()
    if durable:
        from .models import ContentStamp

        rows = [ContentStamp(area=name, value=value) for name, value in values.items() if _durable(name)]
        if rows:
            # The database first: a cache putting back a stamp meanwhile then loses to this one.
            ContentStamp.objects.bulk_create(
                rows, update_conflicts=True, unique_fields=["area"], update_fields=["value"]
            )
    cache.set_many({_key(name): value for name, value in values.items()}, STAMP_SECONDS)


def start_afresh():
    """After a restore: what the cache keeps may be newer than the backup (Redis outlives the
    database), so every area the database knows gets a new stamp, and the shared cache is
    emptied (the stamps are read back from the database)."""
    from .models import ContentStamp

    rows = list(ContentStamp.objects.all())
    for row in rows:
        row.value = _new()
    ContentStamp.objects.bulk_update(rows, ["value"])
    cache.clear()


def member(user_id):
    """The area of what one member alone sees on every page (their unread messages, their
    suspension): read with the page's other stamps (fragments.want())."""
    return f"{MEMBER_PREFIX}{user_id}"


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
