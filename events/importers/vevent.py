"""Reading one VEVENT: its times in Paris time, its dates skipped, its place, its words.

Helpers for events.importers.importing; each reads what feeds in the wild write
(floating times, Windows time zone names, GEO or not, several CATEGORIES lines).
"""

import re
from datetime import date, datetime, timedelta

import icalendar
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from tousvoisins.lib import normalize_place_name
from tousvoisins.models import Commune, OutsideTerritory, Theme, commune_for_point

from ..models import PARIS, Event, local_midnight
from .report import untitled_label

# A timed event without an end (allowed by RFC 5545) gets this length here.
DEFAULT_DURATION = timedelta(hours=1)


class SkipEntry(Exception):
    """One entry left out; the message (lazy, in the reader's language) says why."""

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def text(component, name):
    value = component.get(name)
    if isinstance(value, list):
        value = value[0] if value else ""
    return str(value or "").strip()


def clip(text, length):
    text = " ".join(str(text).split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def label(component):
    return untitled_label(clip(text(component, "SUMMARY"), 80))


def is_cancelled(component):
    return str(component.get("STATUS", "")).upper() == "CANCELLED"


def sequence(component):
    try:
        return int(component.get("SEQUENCE", 0))
    except (TypeError, ValueError):
        return 0


def _to_paris(moment):
    """Aware and local: a floating time (no time zone, or an unknown one) is Paris time."""
    if moment.tzinfo is None:
        return moment.replace(tzinfo=PARIS)
    return moment.astimezone(PARIS)


def times(component, broken):
    """(start, end, all_day): aware datetimes in Paris time, all-day ones from midnight to midnight."""
    if "DTSTART" not in component:
        raise SkipEntry(_("la date de début (DTSTART) manque"))
    if "DTSTART" in broken:
        raise SkipEntry(_("la date de début (DTSTART) n'est pas lisible"))
    start = component.decoded("DTSTART")
    end = None
    if "DTEND" in component and "DTEND" not in broken:
        end = component.decoded("DTEND")
    elif "DURATION" in component and "DURATION" not in broken:
        end = start + component.decoded("DURATION")
    if not isinstance(start, datetime):
        return _all_day_times(start, end)
    start = _to_paris(start)
    if end is None:
        return start, start + DEFAULT_DURATION, False
    end = _to_paris(end) if isinstance(end, datetime) else local_midnight(end)
    if end < start:
        raise SkipEntry(_("la fin est avant le début"))
    return start, end if end > start else start + DEFAULT_DURATION, False


def _all_day_times(first, end):
    if end is None:
        last_excluded = first + timedelta(days=1)
    else:
        last_excluded = end.date() if isinstance(end, datetime) else end
        if last_excluded < first:
            raise SkipEntry(_("la fin est avant le début"))
        last_excluded = max(last_excluded, first + timedelta(days=1))
    return local_midnight(first), local_midnight(last_excluded), True


def _local_day(value):
    if isinstance(value, datetime):
        return _to_paris(value).date()
    return value


def exception_days(component):
    days = set()
    values = component.get("EXDATE", [])
    for item in values if isinstance(values, list) else [values]:
        for value in getattr(item, "dts", []):
            if isinstance(value.dt, date):
                days.add(_local_day(value.dt))
    return days


def recurrence_day(component):
    if "RECURRENCE-ID" in {name for name, _message in component.errors}:
        return None
    value = component.decoded("RECURRENCE-ID")
    return _local_day(value) if isinstance(value, date) else None


# What belongs to one date and not to the whole event: never taken from the event.
DATE_OWN = {"UID", "RECURRENCE-ID", "DTSTART", "DTEND", "DURATION", "RRULE", "RDATE", "EXDATE", "SEQUENCE"}


def with_master(override, master):
    """One date changed on its own (RECURRENCE-ID), completed with what its event says and it
    does not: Google sends a cancelled date with only its UID, dates, status and title."""
    if master is None:
        return override
    merged = icalendar.Event()
    taken = [name for name in master if name not in DATE_OWN and name not in override]
    for name in taken:
        merged[name] = master[name]
    for name in override:
        merged[name] = override[name]
    if "DTSTART" not in override:
        merged["DTSTART"] = override["RECURRENCE-ID"]
    if not {"DTEND", "DURATION"} & set(override) and "DTSTART" in master:
        if "DTEND" in master and not {"DTSTART", "DTEND"} & _broken(master):
            merged.add("DURATION", master.decoded("DTEND") - master.decoded("DTSTART"))
        elif "DURATION" in master and "DURATION" not in _broken(master):
            merged["DURATION"] = master["DURATION"]
    merged.errors = [*override.errors, *((name, message) for name, message in master.errors if name in taken)]
    return merged


def _broken(component):
    return {name for name, _message in component.errors}


def categories(component):
    values = component.get("CATEGORIES", [])
    names = []
    for item in values if isinstance(values, list) else [values]:
        names += [str(category) for category in getattr(item, "cats", [])]
    return names


def organiser(component):
    organiser = component.get("ORGANIZER")
    if isinstance(organiser, list):
        organiser = organiser[0] if organiser else None
    if organiser is None:
        return ""
    # Only the name: an organiser's e-mail address is never shown here.
    return str(organiser.params.get("CN", "")).strip()


def url(component):
    url = text(component, "URL")
    if not url or len(url) > Event._meta.get_field("external_url").max_length:
        return ""
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return ""
    return url


def place_words(location, commune):
    """LOCATION "Médiathèque Hermeland, rue Rabelais, 44800 Saint-Herblain" -> (place, address)."""
    location = " ".join(location.split())
    if not location:
        return commune.name, ""
    place, _comma, address = location.partition(",")
    address = address.strip(" ,")
    if normalize_place_name(address) == normalize_place_name(commune.name):
        address = ""  # "…, Saint-Herblain": the commune is shown beside it anyway
    return clip(place, 150), clip(address, 255)


def theme_index():
    """Normalised names -> thème: the full name, the slug, and each part of the name.

    "Culture" and "Santé" find "Loisirs, culture et sport" and "Santé et bien-être".
    """
    index = {}
    for theme in Theme.objects.all():
        keys = {normalize_place_name(theme.name), normalize_place_name(theme.slug)}
        keys |= {normalize_place_name(part) for part in re.split(r",| et ", theme.name)}
        for key in keys:
            index.setdefault(key, theme)
    index.pop("", None)
    return index


class Places:
    """Communes from points and from place names, each looked up once per import."""

    POSTAL_CODE = re.compile(r"\b(44\d{3})\b")

    def __init__(self):
        self._at = {}
        self._named = {}
        self._names = None

    def commune_at(self, point):
        key = (round(point.x, 6), round(point.y, 6))
        if key not in self._at:
            try:
                self._at[key] = commune_for_point(point)
            except OutsideTerritory as error:
                self._at[key] = error
        if isinstance(self._at[key], OutsideTerritory):
            raise self._at[key]
        return self._at[key]

    def commune_named_in(self, text):
        if text not in self._named:
            self._named[text] = self._find(text)
        return self._named[text]

    def _find(self, text):
        codes = set(self.POSTAL_CODE.findall(text))
        # A part between commas that is a commune's name ("…, La Baule"), last part first.
        for part in reversed(text.split(",")):
            part = re.sub(r"\d+", " ", part).strip()
            if part:
                found = list(Commune.objects.matching(part)[:2])
                if len(found) == 1 and (not codes or codes & set(found[0].postal_codes)):
                    return found[0]
        # Else the longest commune name found among the words ("… à Saint-Nazaire").
        words = f" {normalize_place_name(text)} "
        named = [
            commune
            for commune in self._all()
            if f" {commune.search_name} " in words and (not codes or codes & set(commune.postal_codes))
        ]
        if named:
            return max(named, key=lambda commune: len(commune.search_name))
        # Else a postal code of one commune only.
        by_code = [commune for commune in self._all() if codes & set(commune.postal_codes)]
        return by_code[0] if len(by_code) == 1 else None

    def _all(self):
        if self._names is None:
            self._names = list(Commune.objects.only("pk", "name", "search_name", "postal_codes", "centre"))
        return self._names
