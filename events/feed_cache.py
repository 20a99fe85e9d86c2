"""Printed documents (the large-print PDF), kept ready: WeasyPrint takes a second or more.

A document is cached under its key and the agenda's content stamp (tousvoisins.content_stamp):
any new, changed or deleted event gives new keys, so a document is never older than the events
behind it. Its dates move with time too (past ones leave it), hence a short lifetime. The
iCalendar feeds are kept the same way by tousvoisins.stamped.
"""

import hashlib

from django.core.cache import cache

from tousvoisins import content_stamp

FEED_CACHE_SECONDS = 15 * 60


def agenda_stamp():
    """No query: changes whenever an event or one of its dates is created, saved or deleted."""
    return content_stamp.stamp("agenda")


def cached_document(key, build):
    """A printed document's bytes (the large-print PDF), built by `build()` when not cached yet."""
    digest = hashlib.sha256(f"{agenda_stamp()}|{key}".encode()).hexdigest()
    cache_key = f"events:document:{digest}"
    body = cache.get(cache_key)
    if body is None:
        body = build()
        cache.set(cache_key, body, FEED_CACHE_SECONDS)
    return body
