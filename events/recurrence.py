"""Recurrence rules (RFC 5545 RRULE) for events: checking, expanding, and saying them in the
reader's language (French the source).

Framework-free but for the translation functions. Datetimes given to and returned by these
functions are aware and in the event's local time zone (Europe/Paris): dateutil keeps the
wall-clock time of DTSTART for every instance, so "every Tuesday at 14:00" stays at 14:00
across the changes of summer time.
"""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

from dateutil.rrule import rruleset, rrulestr
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from tousvoisins.dates import day_in_words, day_number, weekday_name_by_index

ALLOWED_FREQUENCIES = ("DAILY", "WEEKLY", "MONTHLY", "YEARLY")
RRULE_DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")
UTC = ZoneInfo("UTC")


class RuleError(ValueError):
    """A rule we cannot use; the message is meant for the person who typed it."""


def parse_rule(text):
    """'FREQ=WEEKLY;BYDAY=TU' (an optional 'RRULE:' prefix allowed) -> {'FREQ': 'WEEKLY', 'BYDAY': 'TU'}."""
    text = (text or "").strip().upper()
    text = text.removeprefix("RRULE:")
    parts = {}
    for item in filter(None, text.split(";")):
        name, sep, value = item.partition("=")
        if not sep or not name or not value or name in parts:
            raise RuleError(_("Cette règle de répétition n'est pas bien écrite."))
        parts[name] = value
    if parts.get("FREQ") not in ALLOWED_FREQUENCIES:
        raise RuleError(_("Une répétition doit être quotidienne, hebdomadaire, mensuelle ou annuelle."))
    if "UNTIL" in parts and "COUNT" in parts:
        raise RuleError(_("Indiquez soit une date de fin, soit un nombre de fois, mais pas les deux."))
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
        raise RuleError(_("La date de fin de la répétition n'est pas une date valide.")) from None


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
        raise RuleError(_("Avec cette règle, l'événement n'aurait lieu à aucune date."))
    if first != dtstart:
        raise RuleError(
            _(
                "La date de début doit être la première date de la répétition "
                "(par exemple un mardi pour « tous les mardis »)."
            )
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
        raise RuleError(_("Cette règle de répétition n'est pas bien écrite.")) from None


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


# Days after "tous les …": French says them in the plural; each language its own way.
PLURAL_DAYS = {
    "MO": pgettext_lazy("jours, après « tous les »", "lundis"),
    "TU": pgettext_lazy("jours, après « tous les »", "mardis"),
    "WE": pgettext_lazy("jours, après « tous les »", "mercredis"),
    "TH": pgettext_lazy("jours, après « tous les »", "jeudis"),
    "FR": pgettext_lazy("jours, après « tous les »", "vendredis"),
    "SA": pgettext_lazy("jours, après « tous les »", "samedis"),
    "SU": pgettext_lazy("jours, après « tous les »", "dimanches"),
}
# A weekday's rank in its month ("le 1er samedi du mois"), also the choices of the form.
RANKS = {
    1: pgettext_lazy("semaine du mois", "1er"),
    2: pgettext_lazy("semaine du mois", "2e"),
    3: pgettext_lazy("semaine du mois", "3e"),
    4: pgettext_lazy("semaine du mois", "4e"),
    -1: pgettext_lazy("semaine du mois", "dernier"),
}


def _day(code):
    return weekday_name_by_index(RRULE_DAYS.index(code))


def _list(words):
    """'mardi, jeudi et samedi' in the reader's language."""
    words = [str(word) for word in words]
    if len(words) == 1:
        return words[0]
    head = pgettext("séparateur d'une liste", ", ").join(words[:-1])
    return _("%(list)s et %(last)s") % {"list": head, "last": words[-1]}


def _weekly(parts, dtstart):
    codes = parts.get("BYDAY", RRULE_DAYS[dtstart.weekday()]).split(",")
    if not all(code in RRULE_DAYS for code in codes):
        return None
    interval = int(parts.get("INTERVAL", "1"))
    if interval == 1:
        return _("tous les %(days)s") % {"days": _list([PLURAL_DAYS[code] for code in codes])}
    days = _list([_day(code) for code in codes])
    if interval == 2:
        return _("un %(days)s sur deux") % {"days": days}
    return ngettext(
        "le %(days)s, toutes les %(count)s semaines", "le %(days)s, toutes les %(count)s semaines", interval
    ) % {"days": days, "count": interval}


def _monthly(parts, dtstart):
    interval = int(parts.get("INTERVAL", "1"))
    if "BYDAY" in parts:
        byday = parts["BYDAY"]
        if "," in byday:
            return None
        code, number = byday[-2:], byday[:-2] or parts.get("BYSETPOS", "")
        if code not in RRULE_DAYS or not number.lstrip("-").isdigit() or int(number) not in RANKS:
            return None
        words = {"rank": RANKS[int(number)], "day": _day(code), "count": interval}
        if interval == 1:
            return _("le %(rank)s %(day)s du mois") % words
        return (
            ngettext(
                "le %(rank)s %(day)s du mois, tous les %(count)s mois",
                "le %(rank)s %(day)s du mois, tous les %(count)s mois",
                interval,
            )
            % words
        )
    day = parts.get("BYMONTHDAY", str(dtstart.day))
    if not day.isdigit():
        return None
    if interval == 1:
        return _("le %(day)s de chaque mois") % {"day": day_number(int(day))}
    every = ngettext("le %(day)s, tous les %(count)s mois", "le %(day)s, tous les %(count)s mois", interval)
    return every % {"day": day_number(int(day)), "count": interval}


def _daily(interval):
    if interval == 1:
        return _("tous les jours")
    return ngettext("tous les %(count)s jours", "tous les %(count)s jours", interval) % {"count": interval}


def describe_rule(rule, *, dtstart, all_day=False, hours=""):
    """'tous les mardis', 'le 1er samedi du mois', … in the reader's language; '' for no rule.

    `hours` ("de 14 h à 16 h") goes after the repetition and before its end: "tous les mardis
    de 14 h à 16 h, jusqu'au 29 juin 2027". Unusual rules that we cannot say simply get
    "régulièrement": the list of dates is shown next to it anyway.
    """
    if not rule:
        return ""
    try:
        parts = parse_rule(rule)
    except RuleError:
        parts = None
    text = None
    if parts:
        frequency = parts["FREQ"]
        try:
            interval = int(parts.get("INTERVAL", "1"))
            if frequency == "DAILY":
                text = _daily(interval)
            elif frequency == "WEEKLY":
                text = _weekly(parts, dtstart)
            elif frequency == "MONTHLY":
                text = _monthly(parts, dtstart)
            else:
                text = _("tous les ans, le %(day)s") % {
                    "day": day_in_words(dtstart, weekday=False, year=False)
                }
        except ValueError:
            text = None
    text = text or _("régulièrement")
    if hours:
        text = pgettext("une répétition et ses heures", "%(rule)s %(hours)s") % {"rule": text, "hours": hours}
    if parts and "UNTIL" in parts:
        until = _until_value(parts["UNTIL"], dtstart.tzinfo).astimezone(dtstart.tzinfo)
        day = day_in_words(until.date(), weekday=False)
        text = _("%(rule)s, jusqu'au %(day)s") % {"rule": text, "day": day}
    elif parts and "COUNT" in parts and parts["COUNT"].isdigit():
        count = int(parts["COUNT"])
        text = ngettext("%(rule)s, %(count)s fois", "%(rule)s, %(count)s fois", count) % {
            "rule": text,
            "count": count,
        }
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
    """'1er', '2e', … 'dernier' (lazy: the form's choices are built once)."""
    return RANKS[rank]


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
        raise RuleError(_("Choisissez une façon de répéter la rencontre dans la liste."))
    if until and count:
        raise RuleError(_("Indiquez soit une date de fin, soit un nombre de fois, mais pas les deux."))
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
