from django import template
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ..csv_files import cell as csv_cell

register = template.Library()


@register.filter
def cell(value):
    """A table cell as the CSV writes it: 12,5 and 31/12/2026."""
    return csv_cell(value)


@register.filter
def days_in_words(days):
    if days == 0:
        return _("depuis aujourd'hui")
    return ngettext("%(count)s jour", "%(count)s jours", days) % {"count": days}
