"""Row fragments: the HTML of one row of a list (a date of the agenda, a referent, a news card),
rendered once and kept, then joined on each request.

Lists spend most of their time rendering the same rows again: an event's row reads the same in
the agenda, the filtered agenda and the signed-in agenda. A row is kept under the content stamps
of the areas it shows (tousvoisins.content_stamp): anything published that changes there gives
new keys at once, on every server, with nothing to delete. The copies live in each process
(the "fragments" cache, LocMemCache with a bounded size): reading them costs no round trip, and
the one shared read is the stamps', which the page already makes or makes in one go.

A row is rendered from its template and the item alone, without the request: nothing of the
person asking (their name, their session, a CSRF token) can enter a copy that others are served.

    occurrences = fragments.attach(
        "events/includes/occurrence_item.html", occurrences, areas=("agenda",),
        key=lambda occurrence: occurrence.pk,
        context=lambda occurrence: {"occurrence": occurrence, "event": occurrence.event},
    )
    {% for occurrence in occurrences %}{{ occurrence.row_html }}{% endfor %}
"""

import hashlib
import re
import threading
import time

from django.core.cache import cache, caches
from django.core.signals import request_finished, request_started
from django.template.loader import get_template
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from . import content_stamp

CACHE_ALIAS = "fragments"
PLAIN_KEY = re.compile(r"[A-Za-z0-9:._-]+")
# Rows hold relative words ("aujourd'hui") and past dates leave lists: a copy lasts a day at most.
KEEP_SECONDS = 24 * 60 * 60


def _store():
    return caches[CACHE_ALIAS]


# The stamps read during the request under way: a page keeping several things (rows, the filter
# form, a count) reads each area's stamp once. Outside a request nothing is remembered.
_request = threading.local()


def _request_began(**kwargs):
    _request.stamps = {}
    _request.wanted = ()


def _request_ended(**kwargs):
    _request.stamps = None
    _request.wanted = ()


request_started.connect(_request_began, dispatch_uid="fragments-stamps-began")
request_finished.connect(_request_ended, dispatch_uid="fragments-stamps-ended")


def request_stamps(*areas):
    """{area: stamp} as read once during the request under way (content_stamp.stamps() outside
    a request); the thèmes' stamp comes in the same round trip, for the rows read next."""
    return _stamps((*areas, content_stamp.THEMES))


def _stamps(areas):
    memo = getattr(_request, "stamps", None)
    if memo is None:
        return content_stamp.stamps(*areas)
    missing = [area for area in areas if area not in memo]
    if missing:
        wanted = (area() if callable(area) else area for area in _request.wanted)
        missing += [area for area in wanted if area and area not in memo]
        memo.update(content_stamp.stamps(*dict.fromkeys(missing)))
    return {area: memo[area] for area in areas}


def want(*areas):
    """During a request, read the stamps of `areas` with the next stamps read, whatever asks
    for them: the layout's own areas (a member's, tousvoisins.content_stamp.member()) come in the
    page's round trip rather than in one of their own. An area may be a function, called then,
    that gives the area or None (nothing to add)."""
    if getattr(_request, "stamps", None) is not None:
        _request.wanted = (*_request.wanted, *areas)


def _prefix(template_name, areas, variant):
    """What every row of one list shares in its key: template, language, day, stamps, variant."""
    values = _stamps((*areas, content_stamp.THEMES))
    parts = [
        template_name,
        translation.get_language() or "",
        timezone.localdate().isoformat(),
        *(f"{area}={values[area]}" for area in sorted(values)),
        variant,
    ]
    return hashlib.blake2b("|".join(parts).encode(), digest_size=16).hexdigest()


def _short(value):
    """A row's own key as it goes into a cache key: as it is when short and plain, else hashed
    (names with spaces or accents, long keys: portable to any cache backend)."""
    value = str(value)
    if len(value) <= 64 and PLAIN_KEY.fullmatch(value):
        return value
    return hashlib.blake2b(value.encode(), digest_size=16).hexdigest()


def rows(template_name, items, *, areas, key, context, variant="", prepare=None):
    """[html of each item's row], in the order of `items`.

    areas: the content-stamp areas whose changes can change a row (the thèmes' stamp is always
    added: their names and pictograms are in many rows); key(item): what tells two rows
    apart within those stamps (usually the primary key, plus anything of the item itself that
    changes without a stamp, such as a date's hours); context(item): the template's context;
    variant: anything else the rows depend on (a list's display mode); prepare(items): called
    with the items whose row must be rendered, before rendering (to read what only the template
    needs, such as their thèmes, for those rows alone).
    """
    items = list(items)
    if not items:
        return []
    prefix = _prefix(template_name, areas, variant)
    keys = [f"row:{prefix}:{_short(key(item))}" for item in items]
    store = _store()
    kept = store.get_many(keys)
    pairs = zip(items, keys, strict=True)
    to_render = [(item, cache_key) for item, cache_key in pairs if cache_key not in kept]
    missing = {}
    if to_render:
        if prepare is not None:
            prepare([item for item, _ in to_render])
        template = get_template(template_name)
        for item, cache_key in to_render:
            missing.setdefault(cache_key, template.render(context(item)))
        store.set_many(missing, KEEP_SECONDS)
        kept.update(missing)
    return [mark_safe(kept[cache_key]) for cache_key in keys]  # rendered by a template


def kept(name, build, *, areas, key="", seconds=KEEP_SECONDS, shared=False):
    """Anything built from published content and the same for everyone (a block of HTML, a
    list's count, a form's choices): `build()` once per process under the stamps of `areas` and
    the language, then kept. `key` tells apart the copies of one name (a query string);
    `seconds`, how long a copy may last at most (a copy for one member need not stay a day), or
    a function of the value built that says it (a page true until its first date ends).

    shared: also kept in the cache every process shares (Django's default cache), for what is
    dear to build and asked of every process (an event's page, a month's grid): one process
    builds it, the others read it in one round trip, and keep it no longer than it had left."""
    cache_key = f"kept:{_prefix(name, areas, str(key))}"
    store = _store()
    value = store.get(cache_key)
    if value is not None:
        return value
    shared_key = f"shared-{cache_key}"  # (its end, the value)
    found = cache.get(shared_key) if shared else None
    if found is not None:
        until, value = found
    else:
        value = build()
        until = time.time() + (seconds(value) if callable(seconds) else seconds)
        if shared:
            cache.set(shared_key, (until, value), max(1, int(until - time.time())))
    store.set(cache_key, value, max(1, int(until - time.time())))
    return value


def attach(template_name, items, *, name="row_html", **options):
    """The items, each with its row's HTML as the attribute `name` (see rows())."""
    items = list(items)
    for item, html in zip(items, rows(template_name, items, **options), strict=True):
        setattr(item, name, html)
    return items


def clear():
    """Forget every kept row of this process (tests start from nothing)."""
    _store().clear()


def read_stamps(*areas):
    """Read the stamps of `areas` and the thèmes' now, in one round trip: a page that keeps
    several things under different areas reads them all at once (during a request)."""
    _stamps((*areas, content_stamp.THEMES))


def block(template_name, context, *, areas, key=""):
    """A template's HTML kept as kept() keeps any value (a list's filter form, kept per query
    string): rendered without the request, so `context` must hold all the template reads."""
    html = kept(template_name, lambda: get_template(template_name).render(context), areas=areas, key=key)
    return mark_safe(html)  # rendered by a template


def query_key(query, *, without=("page",)):
    """A query string's parameters as a key (what a filter form shows and says wrong), those of
    `without` aside."""
    return repr(sorted((name, tuple(values)) for name, values in query.lists() if name not in without))
