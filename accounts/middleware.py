"""Two rules for members who send something: not while suspended, not without the current charter.
Reading stays open to everyone: GET, HEAD and OPTIONS requests are never stopped by these.

And one for moderators: the back office and the moderation pages only with a second factor.
"""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import REDIRECT_FIELD_NAME, SESSION_KEY
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.functional import SimpleLazyObject
from django.utils.translation import gettext_lazy as _

from tousvoisins import content_stamp, fragments

from . import charter, second_factor, suspensions
from .forms import CharterForm, charter_needs_acceptance

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")

# A suspended member still signs in and out, and may write to the moderators.
ALLOWED_PREFIXES = ("/comptes/", "/contact/", "/admin/logout/")

# Managing one's account and writing to the moderators need no charter; the back office is
# volunteer work for the Département, governed by its own rules.
CHARTER_FREE_PREFIXES = ("/comptes/", "/contact/", "/admin/")

# Field names never carried over when a blocked form is sent again.
NOT_CARRIED_OVER = "csrfmiddlewaretoken"


def current_suspension(user):
    return user.current_suspension() if user.is_authenticated else None


def shown_suspension(user):
    return suspensions.shown(user) if user.is_authenticated else None


class SuspensionMiddleware:
    """A suspended member can read everything but cannot send anything, and is told why.

    `request.suspension` is the member's current suspension, or something false: test it for
    truth, not against None, as it is only looked up when something reads it. To read a page it
    is the copy kept under the member's own stamp (accounts.suspensions), whose stamp comes with
    the page's others; to send anything it is read from the database.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in SAFE_METHODS:
            # No query for anonymous visitors nor for pages that never look at it.
            request.suspension = SimpleLazyObject(lambda: shown_suspension(request.user))
            _want_member_stamp(request)
            return self.get_response(request)
        if request.path.startswith(ALLOWED_PREFIXES):
            request.suspension = SimpleLazyObject(lambda: current_suspension(request.user))
            return self.get_response(request)
        suspension = current_suspension(request.user)
        request.suspension = suspension
        if suspension is not None:
            return render(request, "accounts/suspended.html", {"suspension": suspension}, status=403)
        return self.get_response(request)


def _want_member_stamp(request):
    """A signed-in member's own stamp (their suspension, their unread messages) is read with the
    page's stamps, in the same round trip, from the session, once something of the request has
    read it: looking at it for a page that never does (a feed) would make it vary on the cookie."""

    def member_area():
        session = getattr(request, "session", None)
        if session is None or not session.accessed:
            return None
        user_id = session.get(SESSION_KEY)
        return content_stamp.member(user_id) if user_id is not None else None

    fragments.want(member_area)


class CharterMiddleware:
    """A member who has not accepted the current charter accepts it before sending anything.

    The blocked request is answered with the charter and a box to tick; the form carries
    everything the member had typed, and sends it again to the same address once the box is
    ticked, so nothing is lost (except uploaded files, which a page cannot carry).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in SAFE_METHODS or request.path.startswith(CHARTER_FREE_PREFIXES):
            return None
        user = request.user
        if not user.is_authenticated or not charter_needs_acceptance(user):
            return None
        # process_view runs after CsrfViewMiddleware's, so an acceptance here comes from this
        # site; a CSRF-exempt view gives no such guarantee and gets a form to /comptes/charte/.
        carry_over = not getattr(view_func, "csrf_exempt", False)
        form = CharterForm(request.POST if "charte-shown" in request.POST else None)
        if carry_over and form.is_valid():
            form.save(user)
            return None
        context = {
            "form": form,
            "blocked": True,
            "carry_over": carry_over,
            "action": request.get_full_path(),
            "carried_fields": [
                (name, value)
                for name, values in request.POST.lists()
                if name != NOT_CARRIED_OVER and not name.startswith("charte-")
                for value in values
            ],
            "files_dropped": bool(request.FILES),
            "never_accepted": user.charter_version is None,
            "charter_version": charter.CHARTER_VERSION,
        }
        return render(request, "accounts/charter.html", context, status=403)


# Where a moderator needs their second factor: the back office, and the moderation actions of
# the site (by URL name, so no tab is imported here).
SECOND_FACTOR_PREFIXES = ("/admin/",)
SECOND_FACTOR_FREE_PREFIXES = ("/admin/login/", "/admin/logout/")
SECOND_FACTOR_VIEWS = {"forum:topic-moderate", "forum:post-hide", "forum:post-unhide"}

SETUP_MESSAGE = _(
    "Vous êtes modérateur ou modératrice : votre compte peut agir sur tout le site. "
    "Pour le protéger, il faut, en plus du mot de passe, un code donné par une application "
    "sur votre téléphone. Installez une application d'authentification (par exemple FreeOTP, "
    "Aegis ou Google Authenticator). Le site vous demande d'abord votre mot de passe, puis vous "
    "guide. Cela prend deux minutes."
)
CONFIRM_MESSAGE = _(
    "Pour ouvrir l'espace de modération, tapez le code que montre votre application "
    "d'authentification (ou l'un de vos codes de secours)."
)


class ModeratorSecondFactorMiddleware:
    """A moderator without an authenticator app is sent to set one up; one whose session did not
    use it (signed in through the admin's form) is asked for a code. Referents are only offered it.

    settings.MODERATORS_NEED_SECOND_FACTOR turns it off (the test settings, where most tests sign
    moderators in with force_login; tests/accounts/test_second_factor.py turns it on)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if not settings.MODERATORS_NEED_SECOND_FACTOR or not self._guarded(request):
            return None
        user = request.user
        if not (user.is_authenticated and user.is_moderator):
            return None
        if not second_factor.has_second_factor(user):
            messages.warning(request, SETUP_MESSAGE)
            return redirect(reverse("mfa_activate_totp"))
        if not second_factor.session_used_second_factor(request):
            messages.info(request, CONFIRM_MESSAGE)
            query = urlencode({REDIRECT_FIELD_NAME: request.get_full_path()})
            return redirect(f"{reverse('mfa_reauthenticate')}?{query}")
        return None

    def _guarded(self, request):
        path = request.path
        if path.startswith(SECOND_FACTOR_PREFIXES):
            return not path.startswith(SECOND_FACTOR_FREE_PREFIXES)
        match = request.resolver_match
        return match is not None and match.view_name in SECOND_FACTOR_VIEWS
