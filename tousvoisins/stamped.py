"""Feeds that calendar apps and feed readers poll: answered from the cache under their area's
content stamp (tousvoisins.content_stamp), with an ETag and a Last-Modified so that a reader
asking again with If-None-Match / If-Modified-Since gets a 304 without anything being built.

    path("flux.xml", stamped("news")(feeds.NewsFeed()), name="feed")

The benchmark's uncached measures (PAGE_CACHE_BYPASS_HEADER) build the feed each time and keep
nothing; the VEVENT texts of events.ical stay kept. A kept feed carries a gzip copy
(tousvoisins.precompressed); a feed built for one request carries the one its view may join
from pieces compressed once (the iCalendar feeds).
"""

import hashlib
from datetime import datetime, time
from functools import wraps

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language

from . import content_stamp, fragments, precompressed

# A feed's dates move with time (past ones leave it): rebuilt this often at most.
STAMPED_SECONDS = 15 * 60
KEPT_HEADERS = ("Content-Type", "Content-Disposition")
# The shape of a kept copy: a new one when it changes, so that copies kept by the previous
# release (in Redis or the database during a deployment) are never read by this one.
FORMAT = 3
# This process's own copies (its key holds the stamp, so a copy here is never stale): a feed of
# several hundred kilobytes is not read from the shared cache on each request.
LOCAL_ALIAS = "local_copies"


def _kept(key, seconds):
    local = caches[LOCAL_ALIAS]
    kept = local.get(key)
    if kept is None:
        kept = cache.get(key)
        if kept is not None:
            local.set(key, kept, seconds)
    return kept


# The paths this process has kept a feed for, and their area and lifetime: an anonymous request
# for one is answered by StampedFeedMiddleware before the rest of the stack (see there).
_kept_paths = {}


def _validators(request, area):
    """(ETag, Last-Modified, cache key) of the feed at this request's path and query, for the
    area's current stamp, today and the reader's language."""
    # Read once per request: the feed's kept parts (tousvoisins.fragments) use it too.
    value = fragments.request_stamps(area)[area]
    today = timezone.localdate()
    # The feed's own words are in the reader's language: one copy per language.
    text = f"{value}|{request.get_full_path()}|{today.isoformat()}|{get_language()}"
    tag = hashlib.sha256(text.encode()).hexdigest()[:32]
    midnight = timezone.make_aware(datetime.combine(today, time())).timestamp()
    last_modified = int(max(content_stamp.last_modified(value), midnight))
    return f'"{tag}"', last_modified, f"stamped:{FORMAT}:{area}:{tag}"


def _answer(request, kept, etag, last_modified, seconds):
    """kept: (content, headers, packed); content is None when only the gzip copy was kept."""
    content, headers, packed = kept
    response = HttpResponse()
    for name, header in headers:
        response[name] = header
    response["ETag"] = etag
    response["Last-Modified"] = http_date(last_modified)
    response["Cache-Control"] = f"public, max-age={seconds // 3}"
    return precompressed.set_body(request, response, content, packed)


def _is_bypassed(request):
    bypass = settings.PAGE_CACHE_BYPASS_HEADER
    return bool(bypass and bypass in request.META)


def stamped(area, *, seconds=STAMPED_SECONDS):
    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            etag, last_modified, key = _validators(request, area)
            not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
            if not_modified is not None:
                return not_modified
            keep = not _is_bypassed(request)
            kept = _kept(key, seconds) if keep else None
            if kept is None:
                response = view(request, *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return response
                # Compressed whole once for the many who will be served the kept copy (the
                # smallest). A feed built for one request only goes out with the gzip copy its
                # view joined from pieces compressed once (`response.packed`, a function: the
                # iCalendar feeds), or else as built (nginx compresses it in production).
                headers = [(name, response[name]) for name in KEPT_HEADERS if response.has_header(name)]
                if keep:
                    # Kept as its gzip copy alone when it has one: a worker's first request for
                    # a feed reads it from the shared cache, where a thousand events' plain text
                    # weighs a megabyte and more, and the gzip copy a fifteenth of that. The rare
                    # client that does not accept gzip gets it unpacked (precompressed.set_body).
                    packed = precompressed.compressed(response.content)
                    kept = (None if packed else response.content, headers, packed)
                    cache.set(key, kept, seconds)
                    caches[LOCAL_ALIAS].set(key, kept, seconds)
                else:
                    kept = (response.content, headers, getattr(response, "packed", None))
            if keep:
                _kept_paths[request.path] = (area, seconds)
            return _answer(request, kept, etag, last_modified, seconds)

        return wrapper

    return decorator


class StampedFeedMiddleware:
    """A kept feed answered before the middleware that follows (CSRF, sign-in, messages, charter,
    …) and the URL resolver: calendar apps poll the same few feeds all day long, and none of
    that stack changes a feed for a reader without a session. Only GET and HEAD without a
    session cookie, for a path this process has kept a feed for; anything else (a copy not
    kept, a member, the benchmark's uncached requests) goes on to the view as before, which
    answers the same: the answer here is the view's own (`_validators`, `_answer`)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        known = _kept_paths.get(request.path)
        if (
            known is None
            or request.method not in ("GET", "HEAD")
            or settings.SESSION_COOKIE_NAME in request.COOKIES
            or _is_bypassed(request)
        ):
            return self.get_response(request)
        area, seconds = known
        etag, last_modified, key = _validators(request, area)
        not_modified = get_conditional_response(request, etag=etag, last_modified=last_modified)
        if not_modified is not None:
            return not_modified
        kept = _kept(key, seconds)
        if kept is None:
            return self.get_response(request)
        return _answer(request, kept, etag, last_modified, seconds)
