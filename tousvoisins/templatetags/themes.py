"""{% theme_label theme %}: the thème as includes/theme_label.html draws it, rendered once per
thème, language and process (its slug, name and pictogram are the key, so a renamed thème gets
its new label at once; the language too, since the name is translated). Lists show a label on
every row: this spares an include and a static-file lookup per row."""

from django import template
from django.template.loader import get_template
from django.utils import translation
from django.utils.safestring import mark_safe

register = template.Library()
_labels = {}


@register.simple_tag
def theme_label(theme):
    key = (theme.slug, theme.name, theme.pictogram, translation.get_language())
    label = _labels.get(key)
    if label is None:
        if len(_labels) > 100:  # six thèmes in four languages; never grow without bound
            _labels.clear()
        label = _labels[key] = mark_safe(get_template("includes/theme_label.html").render({"theme": theme}))
    return label
