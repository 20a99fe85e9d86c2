"""Forms of the accounts app: the community charter, accepted at sign-up and again when it changes."""

from django import forms
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import charter

CHARTER_LABEL = _("J'ai lu et j'accepte la charte de Tous voisins 44")
CHARTER_REQUIRED = _("Cochez cette case pour accepter la charte de Tous voisins 44 : c'est obligatoire.")


def charter_needs_acceptance(user):
    """True when this member never accepted the charter, or accepted an older version."""
    return user.charter_version is None or user.charter_version < charter.CHARTER_VERSION


def accept_charter(user, *, now=None):
    user.charter_version = charter.CHARTER_VERSION
    user.charter_accepted_at = now or timezone.now()
    user.save(update_fields=["charter_version", "charter_accepted_at"])


def charter_field():
    version = date_format(charter.CHARTER_VERSION, "j F Y")
    return forms.BooleanField(
        label=CHARTER_LABEL,
        help_text=format_html(
            gettext('<a href="{url}">Lire la charte</a> (version du {version}).'),
            url=reverse("pages:charter"),
            version=version,
        ),
        error_messages={"required": CHARTER_REQUIRED},
    )


class SignupForm(forms.Form):
    """Extra fields of allauth's sign-up form (ACCOUNT_SIGNUP_FORM_CLASS).

    allauth's own form inherits from this class and adds the e-mail and password fields.
    """

    field_order = ["email", "password1", "password2", "charter"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Built per form so the link and the version date are read when the page is shown.
        self.fields["charter"] = charter_field()

    def signup(self, request, user):
        accept_charter(user)


class CharterForm(forms.Form):
    """Acceptance of a new version of the charter by a member who accepted an older one."""

    prefix = "charte"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["accept"] = charter_field()

    def save(self, user):
        accept_charter(user)
