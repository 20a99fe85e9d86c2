"""allauth's forms with the words residents use (ACCOUNT_FORMS).

Separate from accounts.forms, which allauth imports while defining its own forms.
"""

from allauth.account import forms as allauth_forms
from allauth.mfa.base import forms as mfa_forms
from allauth.mfa.totp import forms as totp_forms
from django.utils.translation import gettext_lazy as _

from tousvoisins.forms import DescribedBoundField, single_line_fields

# Django's French catalogue says "Courriel"; residents say "adresse e-mail".
EMAIL_LABEL = _("Adresse e-mail")


class LoginForm(allauth_forms.LoginForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["login"].label = EMAIL_LABEL


@single_line_fields
class SignupForm(allauth_forms.SignupForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = EMAIL_LABEL


@single_line_fields
class ResetPasswordForm(allauth_forms.ResetPasswordForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = EMAIL_LABEL


@single_line_fields
class AddEmailForm(allauth_forms.AddEmailForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].label = EMAIL_LABEL


# The second factor (MFA_FORMS): one field, the code the authenticator app shows or a recovery code.
CODE_HELP = _("Les 6 chiffres que montre votre application, ou l'un de vos codes de secours.")


@single_line_fields
class AuthenticateForm(mfa_forms.AuthenticateForm):
    bound_field_class = DescribedBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code de vérification")
        self.fields["code"].help_text = CODE_HELP


@single_line_fields
class ReauthenticateForm(mfa_forms.ReauthenticateForm):
    bound_field_class = DescribedBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code de vérification")
        self.fields["code"].help_text = CODE_HELP


@single_line_fields
class ActivateTOTPForm(totp_forms.ActivateTOTPForm):
    bound_field_class = DescribedBoundField

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["code"].label = _("Code à 6 chiffres montré par l'application")
