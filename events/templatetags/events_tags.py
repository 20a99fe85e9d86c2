from django import template

from events import dates

register = template.Library()


@register.filter
def day_in_words(day):
    """{{ day|day_in_words }} -> 'mardi 8 décembre 2026'."""
    return dates.day_in_words(day)
