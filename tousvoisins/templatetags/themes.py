"""{% theme_label theme %}: the thème as includes/theme_label.html draws it, rendered once per
thème and process (its slug, name and pictogram are the key, so a renamed thème gets its new
label at once). Lists show a label on every row: this spares an include and a static-file
lookup per row."""

from django import template
from django.template.loader import get_template
from django.utils.safestring import mark_safe

register = template.Library()
_labels = {}


@register.simple_tag
def theme_label(theme):
    key = (theme.slug, theme.name, theme.pictogram)
    label = _labels.get(key)
    if label is None:
        if len(_labels) > 100:  # thèmes are six; never grow without bound
            _labels.clear()
        label = _labels[key] = mark_safe(get_template("includes/theme_label.html").render({"theme": theme}))
    return label
