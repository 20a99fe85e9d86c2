"""Recurrence rules (RFC 5545 RRULE) for events: checking, expanding, and saying them in French.

Framework-free. Datetimes given to and returned by these functions are aware and in the
event's local time zone (Europe/Paris): dateutil keeps the wall-clock time of DTSTART for
every instance, so "every Tuesday at 14:00" stays at 14:00 across the changes of summer time.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dateutil.rrule import rruleset, rrulestr

from tousvoisins.dates import MONTHS, WEEKDAYS, day_in_words, day_number, ordinal

ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
UTC = ZoneInfo("UTC")


class RuleError(ValueError):
    """A rule we cannot use; the message is French and meant for the person who typed it."""


def parse_rule(text):
    """'FREQ=WEEKLY;BYDAY=TU' (an optional 'RRULE:' prefix allowed) -> {'FREQ': 'WEEKLY', 'BYDAY': 'TU'}."""
    text = (text or "").strip().upper()
    text = text.removeprefix("RRULE:")
    parts = {}
    for item in filter(None, text.split(";")):
        name, sep, value = item.partition("=")
        if not sep or not name or not value or name in parts:
            raise RuleError("Cette règle de répétition n'est pas bien écrite.")
        parts[name] = value
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise RuleError("Une répétition doit être quotidienne, hebdomadaire, mensuelle ou annuelle.")
    if "UNTIL" in parts and "COUNT" in parts:
        raise RuleError("Indiquez soit une date de fin, soit un nombre de fois, mais pas les deux.")
    return parts


def _until_value(value, tz):
    """An UNTIL value as an aware datetime: a bare date means the end of that local day."""
    try:
        if len(value) == 8:
            day = date(int(value[:4]), int(value[4:6]), int(value[6:]))
            return datetime.combine(day, time(23, 59, 59), tzinfo=tz)
        if value.endswith("Z"):
            return datetime.strptime(value, "%Y%m%dT%H%M%SZ").replace(tzinfo=UTC)
        return datetime.strptime(value, "%Y%m%dT%H%M%S").replace(tzinfo=tz)
    except ValueError:
        raise RuleError("La date de fin de la répétition n'est pas une date valide.") from None


def _join(parts):
    ordered = ["FREQ", *sorted(name for name in parts if name != "FREQ")]
    return ";".join(f"{name}={parts[name]}" for name in ordered)


def normalize_rule(text, *, dtstart, all_day):
    """The rule as we store and export it, checked against `dtstart` (aware, local).

    RFC 5545 wants UNTIL in UTC when DTSTART has a time zone, and a plain date for all-day
    events: people (and some feeds) write either, so both are accepted and rewritten.
    """
    parts = parse_rule(text)
    if "UNTIL" in parts:
        until = _until_value(parts["UNTIL"], dtstart.tzinfo)
        if all_day:
            parts["UNTIL"] = until.astimezone(dtstart.tzinfo).strftime("%Y%m%d")
        else:
            parts["UNTIL"] = until.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
    normalized = _join(parts)
    rule = _build_rrule(normalized, dtstart)
    first = rule.after(dtstart, inc=True)
    if first is None:
        raise RuleError("Avec cette règle, l'événement n'aurait lieu à aucune date.")
    if first != dtstart:
        raise RuleError(
            "La date de début doit être la première date de la répétition "
            "(par exemple un mardi pour « tous les mardis »)."
        )
    return normalized


def _build_rrule(normalized, dtstart):
    parts = parse_rule(normalized)
    if "UNTIL" in parts:
        # dateutil refuses a local UNTIL beside an aware DTSTART: give it UTC.
        parts["UNTIL"] = (
            _until_value(parts["UNTIL"], dtstart.tzinfo).astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")
        )
    try:
        return rrulestr(_join(parts), dtstart=dtstart)
    except (ValueError, TypeError, KeyError):
        raise RuleError("Cette règle de répétition n'est pas bien écrite.") from None


def occurrence_starts(rule, *, dtstart, exception_dates=(), after=None, before):
    """Local starts of the instances in [after, before): DTSTART itself is always the first one.

    `rule` empty means a single instance at `dtstart`. `exception_dates` are local dates
    on which there is no instance.
    """
    after = after or dtstart
    if not rule:
        starts = [dtstart] if after <= dtstart < before else []
    else:
        instances = rruleset()
        instances.rrule(_build_rrule(rule, dtstart))
        # RFC 5545: "The DTSTART property value always counts as the first occurrence."
        instances.rdate(dtstart)
        starts = [start for start in instances.between(after, before, inc=True) if start < before]
    skipped = set(exception_dates)
    return [start for start in starts if start.date() not in skipped]


def first_start_on_or_after(rule, moment):
    """The first instance of `rule` at or after `moment` (aware, local), keeping its time of day.

    Handy to place a new recurring event on its first real date ("tous les mardis" from today).
    """
    return _build_rrule(_join(parse_rule(rule)), moment).after(moment, inc=True)


def _plural_day(code):
    return WEEKDAYS[RRULE_DAYS.index(code)] + "s"


def _french_list(words):
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " et " + words[-1]


def _weekly(parts, dtstart):
    codes = parts.get("BYDAY", RRULE_DAYS[dtstart.weekday()]).split(",")
    if not all(code in RRULE_DAYS for code in codes):
        return None
    interval = int(parts.get("INTERVAL", "1"))
    if interval == 1:
        return "tous les " + _french_list([_plural_day(code) for code in codes])
    days = _french_list([WEEKDAYS[RRULE_DAYS.index(code)] for code in codes])
    if interval == 2:
        return f"un {days} sur deux"
    return f"le {days}, toutes les {interval} semaines"


def _monthly(parts, dtstart):
    interval = int(parts.get("INTERVAL", "1"))
    every = "du mois" if interval == 1 else f"du mois, tous les {interval} mois"
    if "BYDAY" in parts:
        byday = parts["BYDAY"]
        if "," in byday:
            return None
        code, number = byday[-2:], byday[:-2] or parts.get("BYSETPOS", "")
        if code not in RRULE_DAYS or not number.lstrip("-").isdigit():
            return None
        number = int(number)
        rank = "dernier" if number == -1 else ordinal(number) if number > 0 else None
        if rank is None:
            return None
        return f"le {rank} {WEEKDAYS[RRULE_DAYS.index(code)]} {every}"
    day = parts.get("BYMONTHDAY", str(dtstart.day))
    if not day.isdigit():
        return None
    every = "de chaque mois" if interval == 1 else f"tous les {interval} mois"
    return f"le {day_number(int(day))} {every}"


def describe_rule(rule, *, dtstart, all_day=False):
    """'tous les mardis', 'le 1er samedi du mois', … in French; '' for no rule.

    Unusual rules that we cannot say simply get "régulièrement": the list of dates is shown
    next to it anyway.
    """
    if not rule:
        return ""
    try:
        parts = parse_rule(rule)
    except RuleError:
        return "régulièrement"
    frequency = parts["FREQ"]
    interval = int(parts.get("INTERVAL", "1"))
    try:
        if frequency == "DAILY":
            text = "tous les jours" if interval == 1 else f"tous les {interval} jours"
        elif frequency == "WEEKLY":
            text = _weekly(parts, dtstart)
        elif frequency == "MONTHLY":
            text = _monthly(parts, dtstart)
        else:
            text = f"tous les ans, le {day_number(dtstart.day)} {MONTHS[dtstart.month - 1]}"
    except ValueError:
        text = None
    text = text or "régulièrement"
    if "UNTIL" in parts:
        until = _until_value(parts["UNTIL"], dtstart.tzinfo).astimezone(dtstart.tzinfo)
        text += ", jusqu'au " + day_in_words(until.date(), weekday=False)
    elif "COUNT" in parts:
        text += f", {parts['COUNT']} fois"
    return text


# The simple choices of the proposal form ----------------------------------------------------

ONCE, WEEKLY, MONTHLY = "", "weekly", "monthly"
# Rank of a weekday in its month, as the form offers it: 1 to 4, or -1 for the last one.
MONTH_RANKS = (1, 2, 3, 4, -1)


def rank_in_month(day):
    """1 for the first Saturday of its month, …; -1 when it is the 5th (the last one)."""
    rank = (day.day - 1) // 7 + 1
    return -1 if rank == 5 else rank


def rank_in_words(rank):
    return "dernier" if rank == -1 else ordinal(rank)


def build_rule(
    *, frequency, dtstart, weekdays=(), month_rank=None, month_weekday=None, until=None, count=None
):
    """The RRULE for what a person chose: once, every week on some days, or each month on the
    "1er samedi"; until a local date (included) or a number of times.

    `weekdays` and `month_weekday` are RRULE day codes ("SA"); left empty, they come from
    `dtstart` (its weekday, its rank in the month). Event.clean() then checks and normalises it.
    """
    if frequency == ONCE:
        return ""
    weekday = RRULE_DAYS[dtstart.weekday()]
    if frequency == WEEKLY:
        days = [code for code in RRULE_DAYS if code in set(weekdays)] or [weekday]
        parts = {"FREQ": "WEEKLY", "BYDAY": ",".join(days)}
    elif frequency == MONTHLY:
        rank = month_rank or rank_in_month(dtstart)
        parts = {"FREQ": "MONTHLY", "BYDAY": f"{rank}{month_weekday or weekday}"}
    else:
        raise RuleError("Choisissez une façon de répéter la rencontre dans la liste.")
    if until and count:
        raise RuleError("Indiquez soit une date de fin, soit un nombre de fois, mais pas les deux.")
    if until:
        parts["UNTIL"] = until.strftime("%Y%m%d")
    if count:
        parts["COUNT"] = str(count)
    return _join(parts)


def simple_choices(rule, *, dtstart):
    """What build_rule() needs to give `rule` back, for a form showing it; None if it is not that simple."""
    if not rule:
        return {"frequency": ONCE}
    try:
        parts = parse_rule(rule)
    except RuleError:
        return None
    choices = {}
    days = parts.get("BYDAY", "").split(",")
    if set(parts) - {"FREQ", "BYDAY", "UNTIL", "COUNT"}:
        return None
    if parts["FREQ"] == "WEEKLY" and all(day in RRULE_DAYS for day in days):
        choices.update(frequency=WEEKLY, weekdays=days)
    elif parts["FREQ"] == "MONTHLY" and len(days) == 1 and days[0][-2:] in RRULE_DAYS:
        rank = days[0][:-2]
        if not rank.lstrip("-").isdigit() or int(rank) not in MONTH_RANKS:
            return None
        choices.update(frequency=MONTHLY, month_rank=int(rank), month_weekday=days[0][-2:])
    else:
        return None
    if "UNTIL" in parts:
        choices["until"] = _until_value(parts["UNTIL"], dtstart.tzinfo).astimezone(dtstart.tzinfo).date()
    if "COUNT" in parts:
        choices["count"] = int(parts["COUNT"])
    return choices
