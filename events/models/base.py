"""What the agenda's models share: Paris time, limits, the accessibility details, local days."""

from datetime import datetime, time, timedelta
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

PARIS = ZoneInfo("Europe/Paris")
# The longest event we take (a festival, a week of activities). Lists find the events still
# going on by looking back this far, which keeps their query an indexed range on the start.
MAX_DURATION = timedelta(days=31)
# Occurrences of recurring events exist in the database this far ahead.
HORIZON = timedelta(days=365)
# Most events in one iCalendar feed: calendar apps choke on more, and filters narrow it down.
FEED_LIMIT = 1000
# Dates a feed reads, in order, to find its FEED_LIMIT events (Event.objects.ical_feed_stamps):
# ten per event leaves room for the weekly ones; a window holding fewer events in that many
# dates is read whole.
FEED_SCAN = 10 * FEED_LIMIT
# Columns no page shows, each kilobytes a row: boundaries of communes and intercommunalités,
# the search vector. Pages that follow a relation to them defer them.
HEAVY_EVENT_FIELDS = ("search_vector",)


EASY_READ_EXPLANATION = _(
    "Des phrases courtes et des mots simples, souvent avec des images, "
    "pour les personnes qui ont du mal à lire ou à comprendre."
)


class Accessibility(NamedTuple):
    field: str
    slug: str  # the value of `acces=` in the agenda's query string
    short_label: str
    label: str
    # A sentence for the words a resident may not know (FALC), shown under the label.
    explanation: str = ""


ACCESSIBILITY = (
    Accessibility(
        "step_free", "plain-pied", _("Plain-pied"), _("Accès de plain-pied, possible en fauteuil roulant")
    ),
    Accessibility(
        "hearing_loop",
        "boucle-magnetique",
        _("Boucle magnétique"),
        _("Boucle magnétique pour les appareils auditifs"),
    ),
    Accessibility(
        "sign_language", "lsf", _("Langue des signes"), _("Interprète en langue des signes française (LSF)")
    ),
    Accessibility(
        "easy_read",
        "falc",
        _("Facile à lire"),
        _("Facile à lire et à comprendre (FALC)"),
        EASY_READ_EXPLANATION,
    ),
    Accessibility("quiet_place", "calme", _("Lieu calme"), _("Lieu calme, sans bruit fort")),
)
ACCESSIBILITY_BY_SLUG = {item.slug: item for item in ACCESSIBILITY}


def local_midnight(day):
    return datetime.combine(day, time(0, 0), tzinfo=PARIS)


def all_day_bounds(start, end):
    """(00:00 of the first day, 00:00 the day after the last day), local time.

    An end already at 00:00 is taken as exclusive (the iCalendar way), otherwise the end's day is
    the last day.
    """
    first = timezone.localtime(start, PARIS).date()
    end_local = timezone.localtime(end, PARIS)
    last = end_local.date() - timedelta(days=1) if end_local.time() == time(0, 0) else end_local.date()
    last = max(first, last)
    return local_midnight(first), local_midnight(last + timedelta(days=1))


DEFAULT_RADIUS_KM = 10
# What a short mention of a date needs (month grid, map): its times and its event's title and link.
OCCURRENCE_CARD_FIELDS = (
    "start",
    "event",
    "end",
    "event__title",
    "event__slug",
    "event__status",
    "event__all_day",
    "event__language",
)
# What a date card (home page, referent page, printed agenda, digest) never reads.
CARD_DEFERRED_FIELDS = (
    "event__search_vector",
    "event__description",
    "event__commune__geometry",
    "event__commune__centre",
)
