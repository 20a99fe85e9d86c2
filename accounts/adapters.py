import re
import secrets
import unicodedata
from io import BytesIO

import segno
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.utils import user_email, user_username
from allauth.core import context as allauth_context
from allauth.core import ratelimit
from allauth.core.internal import ratelimit as ratelimit_internal
from allauth.mfa.adapter import DefaultMFAAdapter
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import translation

from tousvoisins.mail import page_language, recipients_language, send_email_on_commit
from tousvoisins.site import site_root

from . import known_devices
from .gdpr import account_signed_up

USERNAME_FALLBACK = "voisin"


def username_base(email):
    """'Jean-Pierre.Dupont@example.fr' gives 'jean': a readable slug that does not give the address away.

    Usernames appear in public addresses (/membres/<username>/), so only the first word of
    the e-mail's local part is kept, never the domain nor the whole local part.
    """
    local_part = (email or "").split("@")[0]
    ascii_text = unicodedata.normalize("NFKD", local_part).encode("ascii", "ignore").decode()
    words = re.findall(r"[a-z]+", ascii_text.lower())
    return (words[0] if words else USERNAME_FALLBACK)[:20]


def unique_username(email):
    """The base followed by a number, e.g. 'jean-4821', unused so far."""
    User = get_user_model()
    base = username_base(email)
    for digits in (4, 4, 4, 6, 6, 8):
        candidate = f"{base}-{secrets.randbelow(9 * 10 ** (digits - 1)) + 10 ** (digits - 1)}"
        if not User.objects.filter(username__iexact=candidate).exists():
            return candidate
    raise RuntimeError("Aucun identifiant libre trouvé.")


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request, user, form, commit=True):
        # The e-mails follow the language the person signed up in (the page's, from the cookie).
        user.language = page_language()
        user = super().save_user(request, user, form, commit=commit)
        if commit:
            # The sign-up identification data (e-mail, date, IP) that French hosting law (décret
            # n° 2021-1362) asks to keep until a year after closure, and the member's profile.
            account_signed_up(user=user, ip_address=self._client_ip(request))
        return user

    def _client_ip(self, request):
        try:
            return self.get_client_ip(request) if request is not None else None
        except PermissionDenied:
            return None

    def populate_username(self, request, user):
        if not user_username(user):
            user_username(user, unique_username(user_email(user)))

    # Sign-in: wrong passwords lock out only the address they came from, never a known browser.

    def _get_login_attempts_cache_key(self, request, **credentials):
        """allauth's per-account counter of wrong passwords, per account + IP address."""
        # The address as allauth's own per-address limits count it (IPv6: its /64 network).
        account = super()._get_login_attempts_cache_key(request, **credentials)
        return f"{account}:{ratelimit_internal.get_ip(request)}"

    def pre_authenticate(self, request, **credentials):
        login = credentials.get("email", credentials.get("username", ""))
        if not known_devices.is_known_device(request, login):
            super().pre_authenticate(request, **credentials)
            return
        # A browser that signed in to this account before: only the per-address limit.
        self._login_failed_rl_usage = None
        if not ratelimit.consume(request, action="login_failed_known_device"):
            raise self.validation_error("too_many_login_attempts")

    def post_login(self, request, user, **kwargs):
        response = super().post_login(request, user, **kwargs)
        known_devices.remember_device(request, response, user)
        return response

    def format_email_subject(self, subject):
        # tousvoisins.mail.send_email adds the site's name in front of every subject.
        return subject

    def send_mail(self, template_prefix, email, context):
        """allauth's e-mails leave through the task queue, like every other e-mail of the site."""
        request = allauth_context.request
        site_url = request.build_absolute_uri("/").rstrip("/") if request else site_root()
        context = {
            "email": email,
            "site_url": site_url,
            "login_url": site_url + reverse("account_login"),
            **context,
        }
        # In the language of the account the e-mail is about (its new address too), else of the
        # account owning the address; an address without one (a password reset asked for an
        # unknown address) reads the page's language.
        member = context.get("user")
        language = recipients_language([email], member=member, otherwise=page_language())
        with translation.override(language):
            message = self.render_mail(template_prefix, email, context)
        send_email_on_commit(subject=message.subject, body=message.body, to=message.to)


class MFAAdapter(DefaultMFAAdapter):
    def build_totp_svg(self, url):
        """The QR code to scan, drawn by segno (already used for the printed agenda), not qrcode."""
        buffer = BytesIO()
        segno.make(url, error="m").save(
            buffer, kind="svg", scale=5, border=4, xmldecl=False, dark="#000", light="#fff"
        )
        return buffer.getvalue().decode()
