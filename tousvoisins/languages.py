"""The interface's language: French unless the reader chose another with the language menu.

The choice is kept in one strictly necessary cookie, so URLs stay the same in every language and
no JavaScript is needed. The browser's Accept-Language is deliberately not followed: French is
always the default, and a resident sharing a computer is never surprised by another language.

A signed-in member also has a saved language (User.language): the e-mails they receive are
written in it, and when they sign in on a browser without the cookie, the cookie follows it.
"""

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.signals import user_logged_in
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

COOKIE_NAME = "langue"
COOKIE_MAX_AGE = 365 * 24 * 60 * 60
NEXT_PARAMETER = "suivant"


def supported(code):
    return code in dict(settings.LANGUAGES)


def from_request(request):
    """The language chosen in the cookie, or French."""
    code = request.COOKIES.get(COOKIE_NAME, "")
    return code if supported(code) else settings.LANGUAGE_CODE


def set_cookie(response, code):
    response.set_cookie(
        COOKIE_NAME,
        code,
        max_age=COOKIE_MAX_AGE,
        samesite="Lax",
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
    )


def safe_next(request, default="/"):
    """The `suivant` address if it stays on this site, else `default`."""
    target = request.GET.get(NEXT_PARAMETER) or request.POST.get(NEXT_PARAMETER) or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def choose(request, code):
    """/langue/<code>/?suivant=/agenda/: a plain link of the language menu."""
    if not supported(code):
        raise Http404
    response = redirect(safe_next(request))
    set_cookie(response, code)
    return response


class LanguageForm(forms.Form):
    language = forms.ChoiceField(
        label=gettext_lazy("Langue"),
        choices=settings.LANGUAGES,
        widget=forms.RadioSelect,
    )


@login_required
def member_language(request):
    """The member's language for the site and the e-mails."""
    form = LanguageForm(request.POST or None, initial={"language": request.user.language})
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["language"]
        request.user.language = code
        request.user.save(update_fields=["language"])
        with translation.override(code):
            messages.success(request, _("Votre langue est enregistrée."))
        response = redirect("language")
        set_cookie(response, code)
        return response
    return render(request, "accounts/language.html", {"form": form})


def follow_saved_language(sender, request, user, **kwargs):
    """On sign-in, a browser without the cookie takes the member's saved language."""
    if request is None or COOKIE_NAME in request.COOKIES:
        return
    code = getattr(user, "language", "")
    if supported(code) and code != settings.LANGUAGE_CODE:
        request.language_cookie_to_set = code


def connect():
    user_logged_in.connect(follow_saved_language, dispatch_uid="tousvoisins.languages.follow_saved_language")


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
        saved = getattr(request, "language_cookie_to_set", None)
        if saved:
            set_cookie(response, saved)
        return response
