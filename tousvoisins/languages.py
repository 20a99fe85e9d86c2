"""The interface's language: French unless the reader chose another with the language menu.

The choice is kept in one strictly necessary cookie, so URLs stay the same in every language and
no JavaScript is needed. The browser's Accept-Language is deliberately not followed: French is
always the default, and a resident sharing a computer is never surprised by another language.
"""

from django.conf import settings
from django.utils import translation

COOKIE_NAME = "langue"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60


def supported(code):
    return code in dict(settings.LANGUAGES)


def from_request(request):
    """The language chosen in the cookie, or French."""
    code = request.COOKIES.get(COOKIE_NAME, "")
    return code if supported(code) else settings.LANGUAGE_CODE


class LanguageMiddleware:
    """In place of Django's LocaleMiddleware: the language comes from the cookie only."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        code = from_request(request)
        translation.activate(code)
        request.LANGUAGE_CODE = code
        # HTML pages already vary on Cookie (pages.middleware); the page cache keys on the language.
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", code)
        return response
