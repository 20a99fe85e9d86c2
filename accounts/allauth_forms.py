"""allauth's forms with the words residents use (ACCOUNT_FORMS).

Separate from accounts.forms, which allauth imports while defining its own forms.
"""

from allauth.account import forms as allauth_forms

from tousvoisins.forms import single_line_fields

# Django's French catalogue says "Courriel"; residents say "adresse e-mail".
EMAIL_LABEL = "Adresse e-mail"


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
