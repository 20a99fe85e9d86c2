from django import forms
from django.conf import settings
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting

from accounts.models import MODERATION, User
from tousvoisins.models import Intercommunalite, Theme
from tousvoisins.widgets import FastSelect

from .models import ContactMessage


class DescribedBoundField(BoundField):
    """Each radio button or checkbox of a group is also described by the group's help and errors.

    Django puts aria-describedby on the <fieldset> only, which some screen readers never read
    out: a person would hear "invalid" on a radio button without hearing why.
    """

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.use_fieldset and not attrs.get("aria-describedby") and (ids := self.aria_describedby):
            attrs["aria-describedby"] = ids
        return attrs


class FormRenderer(TemplatesSetting):
    """The project's templates (templates/django/forms/) and the bound field above, for every form."""

    bound_field_class = DescribedBoundField


class ThemeTerritoryFilterForm(forms.Form):
    """Filters by thème and intercommunalité read from the query string, for the directory and
    member lists: a wrong value is said beside its field and ignored, never a 500."""

    bound_field_class = DescribedBoundField

    theme = forms.ChoiceField(
        widget=FastSelect,
        label="Thème",
        required=False,
        error_messages={"invalid_choice": "Ce thème n'existe pas. Choisissez un thème dans la liste."},
    )
    territoire = forms.ChoiceField(
        widget=FastSelect,
        label="Intercommunalité",
        required=False,
        error_messages={
            "invalid_choice": (
                "Cette intercommunalité n'est pas en Loire-Atlantique. Choisissez-en une dans la liste."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes = {theme.slug: theme for theme in Theme.objects.only("slug", "name")}
        self.territories = {
            territory.siren: territory
            for territory in Intercommunalite.objects.only("siren", "full_name", "short_name").order_by(
                "short_name"
            )
        }
        self.fields["theme"].choices = [
            ("", "Tous les thèmes"),
            *((slug, theme.name) for slug, theme in self.themes.items()),
        ]
        self.fields["territoire"].choices = [
            ("", "Toute la Loire-Atlantique"),
            *((siren, territory.full_name) for siren, territory in self.territories.items()),
        ]

    def clean_theme(self):
        return self.themes.get(self.cleaned_data["theme"])

    def clean_territoire(self):
        return self.territories.get(self.cleaned_data["territoire"])

    def filters(self):
        """The valid filters only: {name: value}."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def describe(self):
        """The filters in words, for the page title and the heading."""
        data = self.filters()
        words = []
        if data.get("theme"):
            words.append(data["theme"].name)
        if data.get("territoire"):
            words.append(data["territoire"].full_name)
        return words


class ContactForm(forms.ModelForm):
    bound_field_class = DescribedBoundField

    # Honeypot: hidden from people by CSS (never seen, never focused, not read aloud);
    # spam robots fill every field they find.
    website = forms.CharField(label="Ne remplissez pas ce champ", required=False)

    class Meta:
        model = ContactMessage
        fields = ["subject", "name", "email", "message", "page_url"]
        labels = {
            "subject": "Sujet de votre message",
            "name": "Votre nom",
            "email": "Votre adresse e-mail",
            "message": "Votre message",
            "page_url": "Page concernée (facultatif)",
        }
        help_texts = {
            "email": "Nous l'utilisons seulement pour vous répondre. Exemple : prenom.nom@exemple.fr",
            "page_url": (
                "Si votre message parle d'une page du site, copiez ici son adresse ou écrivez son titre."
            ),
            "message": "Expliquez-nous avec vos mots. 5 000 caractères au plus.",
        }
        widgets = {
            "subject": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 8}),
        }
        error_messages = {
            "subject": {"required": "Choisissez le sujet de votre message."},
            "name": {
                "required": "Écrivez votre nom, ou un prénom, pour que nous sachions comment vous répondre."
            },
            "email": {
                "required": "Écrivez votre adresse e-mail pour que nous puissions vous répondre.",
                "invalid": (
                    "Cette adresse e-mail n'est pas valide. "
                    "Vérifiez-la : elle ressemble à prenom.nom@exemple.fr."
                ),
            },
            "message": {"required": "Écrivez votre message."},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A radio list has no empty choice to show.
        self.fields["subject"].choices = ContactMessage.Subject.choices
        self.fields["name"].widget.attrs["autocomplete"] = "name"
        self.fields["email"].widget.attrs["autocomplete"] = "email"
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))


def moderation_recipients():
    """E-mail addresses of the active moderators, else the configured fallback addresses."""
    emails = list(
        User.objects.filter(is_active=True, groups__name=MODERATION)
        .exclude(email="")
        .order_by("email")
        .values_list("email", flat=True)
        .distinct()
    )
    return emails or list(settings.MODERATION_EMAILS)
