"""The iCalendar feeds, kept ready: calendar apps ask for them again every few minutes, and
writing a thousand events with the icalendar library takes seconds.

A feed is cached under its query string and a stamp of the agenda (how many events, the last
change of any): any new, changed or deleted event gives new keys, so a feed is never older than
the events behind it. Its dates move with time too (past ones leave it), hence a short lifetime.
"""

import hashlib

from django.core.cache import cache
from django.db.models import Count, Max

from .models import Event

FEED_CACHE_SECONDS = 15 * 60


def agenda_stamp():
    """One cheap query: changes whenever an event is created, saved or deleted."""
    stamp = Event.objects.aggregate(events=Count("pk"), last_change=Max("updated"))
    return f"{stamp['events']}|{stamp['last_change'].isoformat() if stamp['last_change'] else '-'}"


def cached_feed(query_string, build):
    """The feed's bytes for this query string, built by `build()` when not cached yet."""
    return _cached("ics", query_string, build)


def cached_document(key, build):
    """A printed document's bytes (the large-print PDF), kept the same way as the feeds."""
    return _cached("document", key, build)


def _cached(kind, text, build):
    digest = hashlib.sha256(f"{agenda_stamp()}|{text}".encode()).hexdigest()
    key = f"events:{kind}:{digest}"
    body = cache.get(key)
    if body is None:
        body = build()
        cache.set(key, body, FEED_CACHE_SECONDS)
    return body
