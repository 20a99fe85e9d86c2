"""Whole pages for visitors who are not signed in: what every such visitor sees the same is built
once and served from Django's cache.

- Only GET (and HEAD) requests without a session cookie nor a messages cookie: a member is never
  served a kept page, and nothing one person did is ever shown to another.
- Only the paths of PAGE_CACHE_PREFIXES / PAGE_CACHE_EXACT, and only a 200 HTML answer that sets
  no cookie, did not touch the session, is not private and carries no CSRF token (the login and
  contact forms and every page with a form that posts are built on each request).
- One copy per path and query, reading-comfort cookie, language and day.
- A copy is kept under the site's content stamp (tousvoisins.content_stamp): a published event,
  a hidden post, a new news item change the stamp, so the next request builds the page anew.
  Otherwise a copy is rebuilt after PAGE_CACHE_FRESH_SECONDS (dates move with time).
- Stampedes: one request (the one that wins a short lock, `cache.add`) rebuilds. While it does,
  the others serve the previous copy when it only aged; when the content changed or nothing is
  kept (a flushed cache), they wait for the rebuilt copy a moment instead of all rebuilding.
- Each process also keeps the copies it served (`local_copies`, a bounded per-process cache): a
  hit then costs one shared read, the stamp's, which is what makes a change show at once on
  every server; the page itself is read from the shared cache only when this process lacks it.
"""

import hashlib
import time

from django.conf import settings
from django.core.cache import cache, caches
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import get_language

from tousvoisins import content_stamp, precompressed

from .reading_comfort import COOKIE_NAME as COMFORT_COOKIE

# A kept page stays in the cache this long at most (stale copies serve during rebuilds).
KEEP_SECONDS = 24 * 60 * 60
# The lock of the one request rebuilding a page: longer than any page takes to build.
LOCK_SECONDS = 15
# How long the other requests wait for a page being rebuilt, and how often they look.
WAIT_SECONDS = 3.0
POLL_SECONDS = 0.02
HEADER = "X-Page-Cache"
LOCAL_ALIAS = "local_copies"
# Set for each answer, never kept with a copy.
OWN_HEADERS = (HEADER, "Content-Length", "Content-Encoding")
MESSAGES_COOKIE = "messages"


def page_key(request):
    parts = [
        request.get_full_path(),
        request.COOKIES.get(COMFORT_COOKIE, ""),
        get_language() or "",
        timezone.localdate().isoformat(),
    ]
    return "page:" + hashlib.sha256("\x00".join(parts).encode()).hexdigest()


def is_cacheable_request(request):
    if not settings.PAGE_CACHE_ENABLED or request.method not in ("GET", "HEAD"):
        return False
    if settings.SESSION_COOKIE_NAME in request.COOKIES or MESSAGES_COOKIE in request.COOKIES:
        return False
    bypass = settings.PAGE_CACHE_BYPASS_HEADER
    if bypass and bypass in request.META:
        return False
    path = request.path
    if path.endswith(settings.PAGE_CACHE_SKIPPED_SUFFIXES):
        return False
    return path in settings.PAGE_CACHE_EXACT or path.startswith(tuple(settings.PAGE_CACHE_PREFIXES))


def is_cacheable_response(request, response):
    if response.status_code != 200 or response.streaming or response.cookies:
        return False
    if not response.get("Content-Type", "").startswith("text/html"):
        return False
    cache_control = response.get("Cache-Control", "")
    if any(word in cache_control for word in ("private", "no-store", "no-cache")):
        return False
    if request.META.get("CSRF_COOKIE_NEEDS_UPDATE") or b"csrfmiddlewaretoken" in response.content:
        return False
    session = getattr(request, "session", None)
    return not (session is not None and session.modified)


def local_copies():
    return caches[LOCAL_ALIAS]


def kept_copy(key, current):
    """The copy of `key` built under the stamp `current` and still fresh: this process's own when
    it has one, else the shared cache's (then kept here too); None otherwise."""
    local = local_copies()
    entry = local.get(key)
    if not _usable(entry, current):
        entry = cache.get(key)
        if _usable(entry, current):
            local.set(key, entry, max(1, int(entry["fresh_until"] - time.time())))
    return entry if _usable(entry, current) else None


def _usable(entry, current):
    return entry is not None and entry["stamp"] == current and time.time() < entry["fresh_until"]


def _served(request, entry, how):
    response = HttpResponse(status=entry["status"])
    for name, value in entry["headers"]:
        response[name] = value
    precompressed.set_body(request, response, entry["content"], entry.get("gzip"))
    response[HEADER] = how
    return response


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_cacheable_request(request):
            return self.get_response(request)
        key = page_key(request)
        current = content_stamp.stamp()
        entry = kept_copy(key, current)
        if entry is not None:
            if entry.get("skip"):  # this page cannot be kept (a form with a CSRF token, …)
                return self.get_response(request)
            return _served(request, entry, "hit")
        entry = cache.get(key)  # an older copy, served while another request rebuilds
        if cache.add(f"{key}:lock", 1, LOCK_SECONDS):
            try:
                return self._build(request, key, current)
            finally:
                cache.delete(f"{key}:lock")
        if entry and entry["stamp"] == current and not entry.get("skip"):
            return _served(request, entry, "stale")
        deadline = time.monotonic() + WAIT_SECONDS
        while time.monotonic() < deadline:
            time.sleep(POLL_SECONDS)
            entry = cache.get(key)
            if entry and entry["stamp"] == current:
                if entry.get("skip"):
                    break
                return _served(request, entry, "waited")
        return self.get_response(request)

    def _build(self, request, key, current):
        response = self.get_response(request)
        if request.method != "GET":
            return response
        entry = {"stamp": current, "fresh_until": time.time() + settings.PAGE_CACHE_FRESH_SECONDS}
        if is_cacheable_response(request, response):
            entry.update(
                status=response.status_code,
                content=response.content,
                gzip=precompressed.compressed(response.content),
                headers=[(name, value) for name, value in response.items() if name not in OWN_HEADERS],
            )
            response[HEADER] = "miss"
        else:
            entry["skip"] = True
        cache.set(key, entry, KEEP_SECONDS)
        local_copies().set(key, entry, settings.PAGE_CACHE_FRESH_SECONDS)
        return response
