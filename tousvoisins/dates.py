"""Dates and times in French words, as a person says them (framework-free).

Give these functions local datetimes (Europe/Paris): converting is the caller's job.
"mardi 8 décembre 2026, de 14 h à 16 h", "samedi 1er mai 2027, toute la journée".
"""

from datetime import datetime, time, timedelta

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


def day_number(number):
    """Day of the month as French writes it: '1er', '2', … '31'."""
    return "1er" if number == 1 else str(number)


def ordinal(number):
    """'1er', '2e', '3e', …"""
    return "1er" if number == 1 else f"{number}e"


def day_in_words(day, *, weekday=True, year=True):
    """'mardi 8 décembre 2026'; a datetime counts by its own (local) date."""
    if isinstance(day, datetime):
        day = day.date()
    words = f"{day_number(day.day)} {MONTHS[day.month - 1]}"
    if year:
        words += f" {day.year}"
    if weekday:
        words = f"{WEEKDAYS[day.weekday()]} {words}"
    return words


def time_in_words(moment):
    """'14 h', '9 h 30', 'minuit'."""
    if isinstance(moment, datetime):
        moment = moment.time()
    if moment == time(0, 0):
        return "minuit"
    return f"{moment.hour} h" if moment.minute == 0 else f"{moment.hour} h {moment.minute:02d}"


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
        return f"du {day_in_words(first)} au {day_in_words(last)}"
    if first.month != last.month:
        return f"du {day_in_words(first, year=False)} au {day_in_words(last)}"
    return f"du {WEEKDAYS[first.weekday()]} {day_number(first.day)} au {day_in_words(last)}"


def when_in_words(start, end, *, all_day=False):
    """The full date of an event or one of its dates, for a detail page."""
    last = _last_day(start, end, all_day)
    if all_day:
        if last == start.date():
            return f"{day_in_words(start)}, toute la journée"
        return _day_span(start.date(), last)
    if last == start.date():
        return f"{day_in_words(start)}, de {time_in_words(start)} à {time_in_words(end)}"
    return f"du {day_in_words(start)} à {time_in_words(start)} au {day_in_words(end)} à {time_in_words(end)}"


def hours_in_words(start, end, *, all_day=False):
    """The time part only, for a list where the day is already the heading."""
    last = _last_day(start, end, all_day)
    if all_day:
        if last == start.date():
            return "toute la journée"
        return f"jusqu'au {day_in_words(last)}"
    if last == start.date():
        return f"de {time_in_words(start)} à {time_in_words(end)}"
    return f"à partir de {time_in_words(start)}, jusqu'au {day_in_words(end)} à {time_in_words(end)}"
