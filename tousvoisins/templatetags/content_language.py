"""{% load content_language %}: <article{{ event|content_lang }}> marks a text written in another
language than the page's (see tousvoisins.content_language)."""

from django import template

from tousvoisins.content_language import lang_attributes

register = template.Library()


@register.filter
def content_lang(obj):
    """The `lang`/`dir` attributes for an object with a `language` field (or a language code)."""
    code = obj if isinstance(obj, str) else getattr(obj, "language", None)
    return lang_attributes(code)
