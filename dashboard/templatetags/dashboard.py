import html

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe
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


@register.simple_tag
def table_rows(table):
    """The <tr> of a dashboard.tables.Table, written here rather than by two loops of the template:
    the forum's table has a row per category, hundreds of them at the département's size."""
    flag = format_html('<span class="dashboard-flag">{}</span> ', _("À voir :"))
    rows = []
    for index, row in enumerate(table.rows):
        # csv_cell() gives plain text: the standard library's escape is Django's, without its
        # check for lazy strings, which cost more than the rest on a table of hundreds of cells.
        first, *others = (html.escape(csv_cell(value)) for value in row)
        cells = "".join(f"<td>{value}</td>" for value in others)
        if index in table.flagged:
            rows.append(f'<tr class="dashboard-flagged"><th scope="row">{flag}{first}</th>{cells}</tr>')
        else:
            rows.append(f'<tr><th scope="row">{first}</th>{cells}</tr>')
    return mark_safe("\n".join(rows))  # every value escaped above
