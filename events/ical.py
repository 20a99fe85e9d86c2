"""iCalendar (RFC 5545) output: one VEVENT per event, recurring ones as a rule with exceptions.

DESCRIPTION begins with the event's "En bref" on its own line, then its presentation: calendar
apps show the first lines of DESCRIPTION in their lists and notifications, and the short words
the event's organiser wrote for that are what should be read there. JSON-LD (events.jsonld)
follows the same order.
"""

import hashlib
import logging
import threading
from collections import OrderedDict
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import lru_cache
from itertools import batched
from typing import NamedTuple

import icalendar
from django.conf import settings
from django.db import DatabaseError, transaction
from django.db.models import BooleanField, F, Func
from django.utils import timezone, translation
from django.utils.translation import get_language

from tousvoisins import content_language, precompressed
from tousvoisins.models import theme_name
from tousvoisins.site import absolute_url, site_root

from .models import PARIS, Event, Occurrence, VeventText

logger = logging.getLogger(__name__)

PRODID = "-//Département de Loire-Atlantique//Tous voisins 44//FR"
# Written once rather than generated: the yearly rules (last Sunday of March and of October,
# the EU rule since 1996) hold for every date, where a generated zone lists transitions for a
# fixed span of years only.
VTIMEZONE_PARIS = """BEGIN:VTIMEZONE
TZID:Europe/Paris
BEGIN:DAYLIGHT
TZOFFSETFROM:+0100
TZOFFSETTO:+0200
TZNAME:CEST
DTSTART:19700329T020000
RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=-1SU
END:DAYLIGHT
BEGIN:STANDARD
TZOFFSETFROM:+0200
TZOFFSETTO:+0100
TZNAME:CET
DTSTART:19701025T030000
RRULE:FREQ=YEARLY;BYMONTH=10;BYDAY=-1SU
END:STANDARD
END:VTIMEZONE
"""
REFRESH = timedelta(hours=6)
END = b"END:VCALENDAR\r\n"
# VEVENT texts kept ready per process (about 1 KB each, and their compressed piece): the feeds
# of every intercommunalité (at most FEED_LIMIT events each) at the département scale.
VEVENT_KEPT = 20000
# What vevent() writes: a new number when it writes otherwise, so that no text kept by the
# previous release is served (VeventText).
VEVENT_FORMAT = 1
STORE_BATCH = 500
# The shape of feed_entries(): a new number when it changes, so that entries kept in the shared
# cache by the previous release are never read by this one.
ENTRIES_FORMAT = 2
# The feeds' window when no dates are asked (events.views.FEED_WINDOW_BEFORE and _AFTER): the
# texts written ahead of the feeds (prepare_texts) are those of its events.
PREPARED_BEFORE = timedelta(days=31)
PREPARED_AFTER = timedelta(days=365)


def _location(event):
    parts = [event.place_name, event.address, event.commune.name]
    return ", ".join(part for part in parts if part)


def _description(event, url):
    lines = []
    if event.is_cancelled:
        lines += [f"Annulé : {event.status_reason}", ""]
    if event.summary:
        lines += [event.summary, ""]
    if event.description:
        lines += [event.description_text, ""]
    lines += [f"Organisé par {event.organiser_name}. Gratuit et ouvert à tous.", url]
    return "\n".join(lines)


def _exception_dates(event):
    if event.all_day:
        return sorted(event.exception_dates)
    start_time = event.local_start.time()
    return [datetime.combine(day, start_time, tzinfo=PARIS) for day in sorted(event.exception_dates)]


def vevent(event):
    url = absolute_url(event)
    component = icalendar.Event()
    component.add("uid", event.uid)
    # The time of the last change rather than "now": the same event gives the same bytes.
    component.add("dtstamp", event.updated)
    component.add("last-modified", event.updated)
    component.add("created", event.created)
    # The language of the event's own text, said when it is not French (RFC 5545 LANGUAGE).
    language = {"LANGUAGE": event.language} if event.language != content_language.DEFAULT else None
    component.add("summary", event.title, parameters=language)
    if event.all_day:
        component.add("dtstart", event.local_start.date())
        component.add("dtend", event.local_end.date())
    else:
        component.add("dtstart", event.local_start)
        component.add("dtend", event.local_end)
    if event.recurrence:
        component.add("rrule", icalendar.vRecur.from_ical(event.recurrence))
        if event.exception_dates:
            component.add("exdate", _exception_dates(event))
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    component.add("url", url)
    component.add("location", _location(event))
    component.add("geo", (round(event.point.y, 6), round(event.point.x, 6)))
    component.add("description", _description(event, url), parameters=language)
    themes = _theme_names(event)
    if themes:
        component.add("categories", themes)
    return component


def _theme_names(event):
    """The thèmes' names in the reader's language, as read with the feed's stamps
    (Event.objects.ical_feed_stamps) or from the (prefetched) relation."""
    names = getattr(event, "theme_names", None)
    return names if names is not None else [theme.label for theme in event.themes.all()]


def _labels(row):
    """A stamp's thèmes in the reader's language (the stamp holds their slugs and stored names)."""
    if "theme_slugs" not in row:
        return row["theme_names"]
    return [theme_name(slug, name) for slug, name in zip(row["theme_slugs"], row["theme_names"], strict=True)]


def calendar(events, *, name):
    """The bytes of a VCALENDAR holding `events` (one event's file, the open data's head); the
    agenda's feeds join kept texts instead (feed())."""
    return _joined(_head(name), [vevent(event).to_ical() for event in events])


@lru_cache(maxsize=256)
def _head(name):
    """The VCALENDAR's own lines and its time zone, up to its first VEVENT: the same bytes for
    every feed of one name (its selection in words, in the reader's language)."""
    cal = icalendar.Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("name", name)
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", "Europe/Paris")
    cal.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    cal.add("x-published-ttl", "PT6H")
    cal.add_component(icalendar.Timezone.from_ical(VTIMEZONE_PARIS))
    head = cal.to_ical()
    assert head.endswith(END)
    return head[: -len(END)]


@lru_cache(maxsize=256)
def _head_piece(name):
    return precompressed.piece(_head(name))


_END_PIECE = precompressed.piece(END)


def feed_entries(stamps):
    """[(pk, stamp of its VEVENT text, its thèmes' names)] of each event of
    `stamps` (Event.objects.ical_feed_stamps), in their order: what feed() joins. Small and the
    same for every reader of one language: a view may keep it under the agenda's stamp."""
    entries, shared_names = [], {}
    for row in stamps:
        names = tuple(_labels(row))
        # One tuple for each set of names: the entries, kept in the shared cache, stay small.
        names = shared_names.setdefault(names, names)
        stamp = _stamp(row["updated"], row["status"], names, row["commune_name"])
        entries.append((row["pk"], stamp, names))
    return entries


def _stamp(updated, status, theme_names, commune_name):
    """All a VEVENT text is written from, but the event's own columns (its last change stands for
    them): the same stamp, the same bytes."""
    text = "|".join(
        (str(VEVENT_FORMAT), site_root(), updated.isoformat(), status, ",".join(theme_names), commune_name)
    )
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


class FeedBody(NamedTuple):
    content: bytes
    # The gzip body of the same content, made on demand from the kept pieces (joined_gzip).
    packed: Callable[[], bytes]


def feed(entries, *, name):
    """The VCALENDAR holding the events of `entries` (feed_entries()), in their order, and its
    gzip copy: each event's text and compressed piece as kept by this process, else as stored
    (VeventText, one query for all those this process lacks), else written now and stored."""
    kept = _texts.get_many([(pk, stamp) for pk, stamp, _names in entries])
    missing = [entry for entry, found in zip(entries, kept, strict=True) if found is None]
    if missing:
        found = _stored_or_written(missing)
        kept = [
            found.get(entry[0], (b"", b"")) if pair is None else pair
            for entry, pair in zip(entries, kept, strict=True)
        ]
    content = _joined(_head(name), [text for text, _packed in kept])
    pieces = [_head_piece(name), *(packed for _text, packed in kept), _END_PIECE]
    return FeedBody(content, lambda: precompressed.joined_gzip(pieces, content))


def _stored_or_written(entries):
    """{pk: (text, piece)} of `entries`: read from VeventText where the stamp still matches,
    the others written from one query reading just those events and stored for every process."""
    language = get_language() or settings.LANGUAGE_CODE
    wanted = {pk: (stamp, names) for pk, stamp, names in entries}
    found = {}
    stored = VeventText.objects.filter(_AnyOf("event_id", wanted), language=language)
    for pk, stamp, text, packed in stored.values_list("event_id", "stamp", "text", "packed"):
        if stamp == wanted[pk][0]:
            found[pk] = (bytes(text), bytes(packed))
    to_write = [pk for pk in wanted if pk not in found]
    if to_write:
        found.update(write_texts(Event.objects.for_ical_vevents(to_write), wanted, language))
    _texts.put_many({(pk, wanted[pk][0]): pair for pk, pair in found.items()})
    return found


class _AnyOf(Func):
    """`column = ANY('{1,2,…}'::integer[])`: a thousand primary keys as one parameter, where an IN
    list would take a thousand (each one prepared, then bound: a third of a feed's first time)."""

    output_field = BooleanField()

    def __init__(self, column, pks):
        super().__init__(F(column))
        self.pks = "{" + ",".join(str(int(pk)) for pk in pks) + "}"

    def as_sql(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"{sql} = ANY(%s::integer[])", (*params, self.pks)


def write_texts(events, wanted, language):
    """{pk: (text, piece)} of `events` (Event.objects.for_ical_vevents), written and stored;
    wanted: {pk: (stamp, thèmes' names)}."""
    rows = []
    for event in events:
        stamp, names = wanted[event.pk]
        event.theme_names = list(names)
        text = vevent(event).to_ical()
        rows.append(
            VeventText(
                event_id=event.pk,
                language=language,
                stamp=stamp,
                updated=event.updated,
                text=text,
                packed=precompressed.piece(text),
            )
        )
    _store(rows)
    return {row.event_id: (row.text, row.packed) for row in rows}


def _store(rows):
    """Stored for the other processes; a feed is served all the same when this fails (another
    worker storing the same rows at once waits for it: the rows go in the same order)."""
    rows.sort(key=lambda row: row.event_id)
    try:
        with transaction.atomic():
            VeventText.objects.bulk_create(
                rows,
                batch_size=STORE_BATCH,
                update_conflicts=True,
                unique_fields=["event", "language"],
                update_fields=["stamp", "updated", "text", "packed"],
            )
    except DatabaseError:
        logger.warning("Textes iCalendar non enregistrés (%s rencontres)", len(rows), exc_info=True)


def prepare_texts():
    """Write ahead the VEVENT texts the feeds will join and are not stored yet (the events of the
    feeds' window, in the site's language), so that a worker's first feed reads them rather than
    writing a thousand; delete the texts of events changed since or no longer public (a name
    erased from an event does not stay in a former text). The number of texts written."""
    VeventText.objects.exclude(updated=F("event__updated")).delete()
    VeventText.objects.exclude(event__status__in=Event.PUBLIC_STATUSES).delete()
    today = timezone.localdate(timezone=PARIS)
    window = Occurrence.objects.public().between(today - PREPARED_BEFORE, today + PREPARED_AFTER)
    with translation.override(settings.LANGUAGE_CODE):
        language = get_language()
        stored = dict(VeventText.objects.filter(language=language).values_list("event_id", "stamp"))
        entries = feed_entries(Event.objects.filter(pk__in=window.values("event_id")).ical_stamps())
        wanted = {pk: (stamp, names) for pk, stamp, names in entries if stored.get(pk) != stamp}
        for pks in batched(wanted, STORE_BATCH, strict=False):
            write_texts(Event.objects.for_ical_vevents(pks), wanted, language)
    return len(wanted)


def _joined(head, texts):
    return head + b"".join(texts) + END


class _Texts:
    """The VEVENT texts and pieces last used by this process, by event stamp, the least recently
    used dropped first. In the process: a feed joins up to a thousand of them, one dictionary
    look-up each, with no round trip; VeventText holds them for the other processes."""

    def __init__(self, size):
        self.size, self.texts, self.lock = size, OrderedDict(), threading.Lock()

    def get_many(self, keys):
        """[value or None] for each key: one lock for a whole feed."""
        with self.lock:
            texts = [self.texts.get(key) for key in keys]
            for key, text in zip(keys, texts, strict=True):
                if text is not None:
                    self.texts.move_to_end(key)
            return texts

    def put_many(self, values):
        """values: {key: value}, kept as the most recently used."""
        with self.lock:
            for key, value in values.items():
                self.texts[key] = value
                self.texts.move_to_end(key)
            while len(self.texts) > self.size:
                self.texts.popitem(last=False)

    def clear(self):
        with self.lock:
            self.texts.clear()


_texts = _Texts(VEVENT_KEPT)
