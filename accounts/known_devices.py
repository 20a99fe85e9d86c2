"""The browsers a member has signed in from, so that someone else's wrong passwords never keep
them out.

Five wrong passwords in five minutes stop the sign-in of that account, but only from the address
they came from (allauth's "login_failed" limit, keyed by account + IP address): an attacker
elsewhere locks out nobody but themselves. And a browser that has signed in to the account
before carries the signed cookie "appareil_connu" (set at each successful sign-in, per account,
a year long, HttpOnly, Secure in production): with it the per-account limit does not apply at
all, only the per-address one ("login_failed_known_device"). The cookie is no way in — the
password is still asked — only a way past a lock someone else caused.

The counters live in Django's cache (allauth's rate limits), so they are shared by every app
server when the cache is shared.
"""

from functools import wraps

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Q

from tousvoisins.client_ip import client_ip

COOKIE_NAME = "appareil_connu"
SALT = "accounts.known_devices"
MAX_AGE = 365 * 24 * 3600
# A shared computer at home: the few accounts signed in from it, the latest last.
MAX_ACCOUNTS = 5


def known_account_ids(request):
    """The ids of the accounts that signed in from this browser (a forged cookie: none)."""
    value = request.get_signed_cookie(COOKIE_NAME, default="", salt=SALT, max_age=MAX_AGE)
    return [int(part) for part in value.split(",") if part.isdigit()]


def is_known_device(request, login):
    """True when this browser signed in before to the account that `login` (an e-mail, or a
    username on the admin's form) names."""
    ids = known_account_ids(request)
    if not ids or not login:
        return False
    User = get_user_model()
    return (
        User.objects.filter(pk__in=ids).filter(Q(email__iexact=login) | Q(username__iexact=login)).exists()
        or EmailAddress.objects.filter(user_id__in=ids, email__iexact=login).exists()
    )


def remember_device(request, response, user):
    """After a successful sign-in: this browser is known to `user`'s account from now on."""
    ids = [pk for pk in known_account_ids(request) if pk != user.pk][-(MAX_ACCOUNTS - 1) :]
    response.set_signed_cookie(
        COOKIE_NAME,
        ",".join(str(pk) for pk in [*ids, user.pk]),
        salt=SALT,
        max_age=MAX_AGE,
        httponly=True,
        secure=settings.SESSION_COOKIE_SECURE,
        samesite="Lax",
    )


# The admin's own sign-in form (tousvoisins.urls) -------------------------------------------------


def admin_login_key(group, request):
    """django-ratelimit's key for the admin's sign-in form: the account + the address; from a
    browser that signed in to the account before, the account + that browser, a counter no one
    else can fill."""
    login = request.POST.get("username", "").strip().lower()
    if is_known_device(request, login):
        return f"{login}:appareil:{request.COOKIES.get(COOKIE_NAME, '')}"
    return f"{login}:{client_ip(request)}"


def remembering_device(view):
    """Wrap a sign-in view (the admin's): a successful sign-in makes the browser known."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        response = view(request, *args, **kwargs)
        if request.method == "POST" and request.user.is_authenticated:
            remember_device(request, response, request.user)
        return response

    return wrapped
