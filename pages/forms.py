from django import forms
from django.utils.translation import gettext_lazy as _

from tousvoisins.forms import DescribedBoundField, single_line_fields

from .models import ContactMessage
from .reading_comfort import DISPLAYS, SPACINGS, TEXT_SIZES, ReadingComfort, choices


@single_line_fields
class ContactForm(forms.ModelForm):
    bound_field_class = DescribedBoundField

    # Honeypot: hidden from people by CSS (never seen, never focused, not read aloud);
    # spam robots fill every field they find.
    website = forms.CharField(label=_("Ne remplissez pas ce champ"), required=False)

    class Meta:
        model = ContactMessage
        fields = ["subject", "name", "email", "message", "page_url"]
        labels = {
            "subject": _("Sujet de votre message"),
            "name": _("Votre nom"),
            "email": _("Votre adresse e-mail"),
            "message": _("Votre message"),
            "page_url": _("Page concernée (facultatif)"),
        }
        help_texts = {
            "email": _("Nous l'utilisons seulement pour vous répondre. Exemple : prenom.nom@exemple.fr"),
            "page_url": (
                _("Si votre message parle d'une page du site, copiez ici son adresse ou écrivez son titre.")
            ),
            "message": _("Expliquez-nous avec vos mots. 5 000 caractères au plus."),
        }
        widgets = {
            "subject": forms.RadioSelect,
            "message": forms.Textarea(attrs={"rows": 8}),
        }
        error_messages = {
            "subject": {"required": _("Choisissez le sujet de votre message.")},
            "name": {
                "required": _(
                    "Écrivez votre nom, ou un prénom, pour que nous sachions comment vous répondre."
                )
            },
            "email": {
                "required": _("Écrivez votre adresse e-mail pour que nous puissions vous répondre."),
                "invalid": _(
                    "Cette adresse e-mail n'est pas valide. "
                    "Vérifiez-la : elle ressemble à prenom.nom@exemple.fr."
                ),
            },
            "message": {"required": _("Écrivez votre message.")},
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


class ReadingComfortForm(forms.Form):
    """Text size, display and spacing: radio buttons, each value checked against its list."""

    bound_field_class = DescribedBoundField

    text_size = forms.ChoiceField(
        label=_("Taille du texte"),
        choices=choices(TEXT_SIZES),
        widget=forms.RadioSelect,
        help_text=(
            _("Grand : le texte est un quart plus grand. Très grand : il est une fois et demie plus grand.")
        ),
        error_messages={
            "required": _("Choisissez une taille de texte."),
            "invalid_choice": _("Choisissez une des tailles proposées : Normal, Grand ou Très grand."),
        },
    )
    display = forms.ChoiceField(
        label=_("Affichage"),
        choices=choices(DISPLAYS),
        widget=forms.RadioSelect,
        help_text=_(
            "Contraste renforcé : texte noir sur fond blanc, liens soulignés, "
            "champs et boutons bien entourés."
        ),
        error_messages={
            "required": _("Choisissez un affichage."),
            "invalid_choice": _("Choisissez un des affichages proposés : Standard ou Contraste renforcé."),
        },
    )
    spacing = forms.ChoiceField(
        label=_("Espacement du texte"),
        choices=choices(SPACINGS),
        widget=forms.RadioSelect,
        help_text=_(
            "Espacement large : plus d'espace entre les lignes, les mots et les lettres. "
            "Il aide beaucoup de personnes, en particulier les personnes dyslexiques."
        ),
        error_messages={
            "required": _("Choisissez un espacement."),
            "invalid_choice": _("Choisissez un des espacements proposés : Standard ou Espacement large."),
        },
    )

    @classmethod
    def initial_from(cls, comfort):
        return {"text_size": comfort.text_size, "display": comfort.display, "spacing": comfort.spacing}

    def comfort(self):
        return ReadingComfort(**self.cleaned_data)
