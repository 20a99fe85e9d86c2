"""{% site_languages as languages %}: (code, name in itself, right to left) for the language menu.

Django's {% get_available_languages %} translates the names ("Anglais" on a French page); the menu
names each language in itself, as settings.LANGUAGES writes it.
"""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def site_languages():
    return [(code, name, code in settings.LANGUAGES_BIDI) for code, name in settings.LANGUAGES]
