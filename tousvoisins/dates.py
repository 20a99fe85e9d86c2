"""Dates and times in words, as a person says them, in the reader's language.

Give these functions local datetimes (Europe/Paris): converting is the caller's job.
French (the source): "mardi 8 décembre 2026, de 14 h à 16 h", "samedi 1er mai 2027, toute la
journée". In English: "Tuesday 8 December 2026, 2 p.m. to 4 p.m."; in Arabic and Ukrainian their
own words. The connecting words are translated sentences (gettext); the names of days and months
are Django's (django.utils.dates, the month in the form used inside a date: "8 грудня"); the hours
follow a translated Django time format ("G \\h" in French, "g a" in English).
"""

from datetime import datetime, time, timedelta

from django.utils import dates as django_dates
from django.utils.dateformat import time_format
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _

WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)
# Languages that write the names of days in lower case inside a sentence.
LOWER_CASE_DAYS = {"fr", "uk"}


def _french():
    return (get_language() or "fr").split("-")[0] == "fr"


def weekday_name(day):
    return weekday_name_by_index(day.weekday())


def weekday_name_by_index(index):
    """The name of the day `index` (0 for Monday) as written inside a sentence."""
    if _french():
        return WEEKDAYS[index]
    name = str(django_dates.WEEKDAYS[index])
    return name.lower() if get_language() in LOWER_CASE_DAYS else name


def month_name(day):
    """The month as written inside a date ("décembre", "December", "грудня")."""
    if _french():
        return MONTHS[day.month - 1]
    return str(django_dates.MONTHS_ALT[day.month])


def day_number(number):
    """Day of the month as written in a date: '1er', '2', … '31' in French."""
    return pgettext("premier jour du mois", "1er") if number == 1 else str(number)


def ordinal(number):
    """A rank in the page's language: '1er', '2e' in French; '1st', '22nd' in English; '2-й' in
    Ukrainian; the bare number in Arabic, whose sentence says "your rank is …". (The repetitions
    have their own translated ranks.)"""
    language = (get_language() or "fr")[:2]
    if language == "fr":
        return "1er" if number == 1 else f"{number}e"
    if language == "en":
        suffix = "th" if number % 100 in (11, 12, 13) else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
        return f"{number}{suffix}"
    if language == "uk":
        return f"{number}-й"
    return str(number)


def day_in_words(day, *, weekday=True, year=True):
    """'mardi 8 décembre 2026'; a datetime counts by its own (local) date."""
    if isinstance(day, datetime):
        day = day.date()
    parts = {
        "weekday": weekday_name(day),
        "day": day_number(day.day),
        "month": month_name(day),
        "year": day.year,
    }
    if weekday and year:
        return _("%(weekday)s %(day)s %(month)s %(year)s") % parts
    if weekday:
        return _("%(weekday)s %(day)s %(month)s") % parts
    if year:
        return _("%(day)s %(month)s %(year)s") % parts
    return _("%(day)s %(month)s") % parts


def time_in_words(moment):
    """'14 h', '9 h 30', 'minuit' ('2 p.m.', '9:30 a.m.', 'midnight' in English)."""
    if isinstance(moment, datetime):
        moment = moment.time()
    if moment == time(0, 0):
        return pgettext("heure", "minuit")
    if moment.minute == 0:
        # Translators: a Django time format (G: hour 0-23, g: hour 1-12, a: a.m./p.m., \h: the letter h).
        return time_format(moment, pgettext("format d'une heure pile", "G \\h"))
    # Translators: a Django time format (i: minutes 00-59).
    return time_format(moment, pgettext("format d'une heure et des minutes", "G \\h i"))


def _ends_at_midnight_after(start, end):
    return end.time() == time(0, 0) and end.date() == start.date() + timedelta(days=1)


def _last_day(start, end, all_day):
    """The last local day an event covers (all-day events end at 00:00 the day after)."""
    if all_day or _ends_at_midnight_after(start, end):
        return max(start.date(), (end - timedelta(days=1)).date())
    return end.date()


def _day_span(first, last):
    """'du samedi 5 au dimanche 6 décembre 2026', shortest form that stays clear."""
    if first.year != last.year:
        first_words = day_in_words(first)
    elif first.month != last.month:
        first_words = day_in_words(first, year=False)
    else:
        first_words = _("%(weekday)s %(day)s") % {
            "weekday": weekday_name(first),
            "day": day_number(first.day),
        }
    return _("du %(first)s au %(last)s") % {"first": first_words, "last": day_in_words(last)}


def when_in_words(start, end, *, all_day=False):
    """The full date of an event or one of its dates, for a detail page."""
    last = _last_day(start, end, all_day)
    if all_day:
        if last == start.date():
            return _("%(day)s, toute la journée") % {"day": day_in_words(start)}
        return _day_span(start.date(), last)
    if last == start.date():
        return _("%(day)s, de %(start)s à %(end)s") % {
            "day": day_in_words(start),
            "start": time_in_words(start),
            "end": time_in_words(end),
        }
    return _("du %(first_day)s à %(start)s au %(last_day)s à %(end)s") % {
        "first_day": day_in_words(start),
        "start": time_in_words(start),
        "last_day": day_in_words(end),
        "end": time_in_words(end),
    }


def hours_in_words(start, end, *, all_day=False):
    """The time part only, for a list where the day is already the heading."""
    last = _last_day(start, end, all_day)
    if all_day:
        if last == start.date():
            return _("toute la journée")
        return _("jusqu'au %(day)s") % {"day": day_in_words(last)}
    if last == start.date():
        return _("de %(start)s à %(end)s") % {"start": time_in_words(start), "end": time_in_words(end)}
    return _("à partir de %(start)s, jusqu'au %(day)s à %(end)s") % {
        "start": time_in_words(start),
        "day": day_in_words(end),
        "end": time_in_words(end),
    }
