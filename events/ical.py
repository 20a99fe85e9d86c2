"""iCalendar (RFC 5545) output: one VEVENT per event, recurring ones as a rule with exceptions.

DESCRIPTION begins with the event's "En bref" on its own line, then its presentation: calendar
apps show the first lines of DESCRIPTION in their lists and notifications, and the short words
the event's organiser wrote for that are what should be read there. JSON-LD (events.jsonld)
follows the same order.
"""

import threading
from collections import OrderedDict
from datetime import datetime, timedelta
from functools import lru_cache

import icalendar

from tousvoisins import content_language
from tousvoisins.models import theme_name
from tousvoisins.site import absolute_url

from .models import PARIS, Event

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
# VEVENT texts kept ready per process (about 1 KB each): the feeds of every intercommunalité
# (at most FEED_LIMIT events each) at the département scale.
VEVENT_KEPT = 20000


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


def calendar(events, *, name, texts=None):
    """The bytes of a VCALENDAR holding `events` (or the VEVENT `texts` given).

    Each event's VEVENT is written once and kept (by each process) under the event's own stamp
    (its last change, its status, its thèmes): a feed of a thousand events joins kept texts
    rather than building a thousand components with the icalendar library.
    """
    return _joined(_head(name), vevent_texts(list(events)) if texts is None else texts)


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


def feed_entries(stamps):
    """[(key of its VEVENT text, its thèmes' names)] of each event of `stamps`
    (Event.objects.ical_feed_stamps), in their order: what feed() joins. Small and the same for
    every reader of one language: a view may keep it under the agenda's stamp."""
    entries = []
    for row in stamps:
        names = tuple(_labels(row))
        entries.append((_key(row["pk"], row["updated"], row["status"], names), names))
    return entries


def feed(entries, *, name):
    """The bytes of a VCALENDAR holding the events of `entries` (feed_entries()), in their
    order: the kept VEVENT texts joined, the missing ones written from one query reading just
    those events (Event.objects.for_ical_vevents)."""
    texts = _texts.get_many([key for key, _names in entries])
    missing = {
        key[0]: (key, names) for (key, names), text in zip(entries, texts, strict=True) if text is None
    }
    if missing:
        written = {}
        for event in Event.objects.for_ical_vevents(list(missing)):
            key, names = missing[event.pk]
            event.theme_names = list(names)
            written[event.pk] = vevent(event).to_ical()
            _texts.put(key, written[event.pk])
        texts = [
            text if text is not None else written.get(key[0], b"")
            for (key, _names), text in zip(entries, texts, strict=True)
        ]
    return calendar((), name=name, texts=texts)


def _joined(head, texts):
    return head + b"".join(texts) + END


def _key(pk, updated, status, theme_names):
    return (pk, updated.isoformat(), status, ",".join(theme_names))


def _vevent_key(event):
    return _key(event.pk, event.updated, event.status, _theme_names(event))


class _Texts:
    """The VEVENT texts last written by this process, by event stamp, the least recently used
    dropped first. In the process rather than the shared cache: a feed joins up to a thousand of
    them, one dictionary look-up each, where a cache round trip each would cost more than writing
    them (and the database cache culls on every write)."""

    def __init__(self, size):
        self.size, self.texts, self.lock = size, OrderedDict(), threading.Lock()

    def get(self, key):
        with self.lock:
            text = self.texts.get(key)
            if text is not None:
                self.texts.move_to_end(key)
            return text

    def get_many(self, keys):
        """[text or None] for each key: one lock for a whole feed."""
        with self.lock:
            texts = [self.texts.get(key) for key in keys]
            for key, text in zip(keys, texts, strict=True):
                if text is not None:
                    self.texts.move_to_end(key)
            return texts

    def put(self, key, text):
        with self.lock:
            self.texts[key] = text
            self.texts.move_to_end(key)
            while len(self.texts) > self.size:
                self.texts.popitem(last=False)

    def clear(self):
        with self.lock:
            self.texts.clear()


_texts = _Texts(VEVENT_KEPT)


def vevent_texts(events):
    """The VEVENT text of each event, as kept by this process or written now (and kept)."""
    texts = []
    for event in events:
        key = _vevent_key(event)
        text = _texts.get(key)
        if text is None:
            text = vevent(event).to_ical()
            _texts.put(key, text)
        texts.append(text)
    return texts
