"""The language a member or referent wrote a text in (an event, a post, a news item).

Content is never translated: it keeps the language it was written in, French unless the author
chose another. Where that differs from the page's language, its element carries `lang` (and
`dir` for a right-to-left language) so that screen readers read it with the right voice:
`<div{{ event|content_lang }}>` in templates ({% load content_language %}).
"""

from django.conf import settings
from django.db import models
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

DEFAULT = "fr"


def choices():
    return list(settings.LANGUAGES)


def language_field(**kwargs):
    """The `language` model field: one of the site's languages, French by default."""
    kwargs.setdefault("default", DEFAULT)
    return models.CharField(
        _("langue du texte"),
        max_length=8,
        choices=choices(),
        help_text=_("La langue dans laquelle le texte est écrit. Il n'est pas traduit."),
        **kwargs,
    )


def is_bidi(code):
    return code in settings.LANGUAGES_BIDI


def lang_attributes(code):
    """' lang="ar" dir="rtl"' when `code` is not the page's language, else ''."""
    code = code or DEFAULT
    if code == (translation.get_language() or DEFAULT):
        return ""
    direction = "rtl" if is_bidi(code) else "ltr"
    return format_html(' lang="{}" dir="{}"', code, direction)
