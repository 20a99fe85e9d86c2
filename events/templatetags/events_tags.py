from django import template
from django.utils.translation import gettext

from tousvoisins import dates

register = template.Library()


@register.filter
def day_in_words(day):
    """{{ day|day_in_words }} -> 'mardi 8 décembre 2026'."""
    return dates.day_in_words(day)


@register.filter
def start_in_words(occurrence):
    """{{ occurrence|start_in_words }} -> '14 h', '9 h 30', 'toute la journée' (month grid).

    A date begun before its grid day (last month) says since when instead.
    """
    start = occurrence.local_start
    if start.date() < getattr(occurrence, "grid_day", start.date()):
        return gettext("depuis le %(day)s") % {"day": dates.day_in_words(start, weekday=False, year=False)}
    if occurrence.event.all_day:
        return gettext("toute la journée")
    return dates.time_in_words(start)
