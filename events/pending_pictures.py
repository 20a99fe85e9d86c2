"""A valid picture waiting while the rest of its form is corrected.

A browser never fills a file input again: after an error elsewhere in the form, the person
would have to choose their picture again. Instead, the re-encoded picture (tousvoisins.images)
waits in storage and the form carries a signed token naming it (and its owner). Abandoned ones
are deleted by the periodic job `clean_pending_pictures`.
"""

import secrets
from datetime import timedelta

from django.core import signing
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import transaction
from django.utils import timezone

from tousvoisins.images import Picture

PENDING_DIR = "evenements/en-attente"
# Named after the module that first signed these tokens: a new salt would void the ones in flight.
PENDING_SALT = "events.images.pending"
PENDING_MAX_AGE = timedelta(days=1)


def keep_pending(picture, *, owner_pk):
    """Store `picture` for a while; returns the token that gives it back to the same member."""
    key = secrets.token_hex(16)
    full = default_storage.save(f"{PENDING_DIR}/{key}.jpg", picture.full)
    thumbnail = default_storage.save(f"{PENDING_DIR}/{key}-vignette.jpg", picture.thumbnail)
    return signing.dumps({"full": full, "thumbnail": thumbnail, "owner": owner_pk}, salt=PENDING_SALT)


def _pending_names(token, owner_pk):
    try:
        data = signing.loads(token, salt=PENDING_SALT, max_age=PENDING_MAX_AGE)
    except signing.BadSignature:
        return None
    if data.get("owner") != owner_pk:
        return None
    return data["full"], data["thumbnail"]


def take_pending(token, *, owner_pk, name="image"):
    """The Picture kept under `token` for this member, named `name`; None if gone or not theirs."""
    names = _pending_names(token, owner_pk)
    if names is None or not all(default_storage.exists(stored) for stored in names):
        return None
    contents = []
    for stored in names:
        with default_storage.open(stored) as file:
            contents.append(file.read())
    return Picture(
        full=ContentFile(contents[0], name=f"{name}.jpg"),
        thumbnail=ContentFile(contents[1], name=f"{name}-vignette.jpg"),
    )


def pending_thumbnail_url(token, *, owner_pk):
    names = _pending_names(token, owner_pk)
    return default_storage.url(names[1]) if names else ""


def forget_pending(token, *, owner_pk):
    """Delete the kept files once the event has its own copy (after the transaction commits)."""
    names = _pending_names(token, owner_pk)
    if names:
        transaction.on_commit(lambda: [default_storage.delete(stored) for stored in names])


def delete_stale_pending(*, now=None):
    """Delete kept pictures older than PENDING_MAX_AGE (their token has expired); returns how many."""
    limit = (now or timezone.now()) - PENDING_MAX_AGE
    try:
        _, files = default_storage.listdir(PENDING_DIR)
    except FileNotFoundError:
        return 0
    stale = [f"{PENDING_DIR}/{name}" for name in files]
    stale = [path for path in stale if default_storage.get_modified_time(path) < limit]
    for path in stale:
        default_storage.delete(path)
    return len(stale)
