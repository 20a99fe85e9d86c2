"""Form widgets rendered in Python where Django's templates are too slow.

Django renders each <option> of a select through a template: about a millisecond apiece here, so
the agenda's filters (the 207 communes, twice) cost more than the page's queries. FastSelect
writes the same HTML directly (flatatt and format_html escape every value).
"""

from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


def _options(choices):
    rows = ((option["value"], flatatt(option["attrs"]), option["label"]) for option in choices)
    return format_html_join("", '<option value="{}"{}>{}</option>', rows)


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        groups = [
            _options(choices)
            if group_name is None
            else format_html('<optgroup label="{}">{}</optgroup>', group_name, _options(choices))
            for group_name, choices, _ in widget["optgroups"]
        ]
        # Each group is safe HTML already: joining them keeps it so.
        options = mark_safe("".join(groups))
        return format_html(
            '<select name="{}"{}>{}</select>', widget["name"], flatatt(widget["attrs"]), options
        )
