from django import forms
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _

from tousvoisins.forms import DescribedBoundField, ThemeTerritoryFilterForm, single_line_fields

from .models import WELCOME_MAX_LENGTH, HostMessage


@single_line_fields
class CommunityFilterForm(ThemeTerritoryFilterForm):
    """/communautes/: by thème and intercommunalité."""


@single_line_fields
class HostMessageForm(forms.ModelForm):
    bound_field_class = DescribedBoundField

    class Meta:
        model = HostMessage
        fields = ["subject", "body"]
        labels = {"subject": _("Objet de l'e-mail"), "body": _("Votre message")}
        help_texts = {
            "subject": _(
                "Quelques mots, par exemple « Pas d'atelier mardi prochain ». 120 caractères au plus."
            ),
            "body": _(
                "Écrivez simplement. Il part par e-mail à chaque membre et reste sur la page de la "
                "communauté. 3 000 caractères au plus."
            ),
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 8})}
        error_messages = {
            "subject": {
                "required": _("Écrivez l'objet de l'e-mail."),
                "max_length": _("L'objet est trop long : 120 caractères au plus (il en a %(show_value)d)."),
            },
            "body": {
                "required": _("Écrivez votre message."),
                "max_length": _(
                    "Le message est trop long : 3 000 caractères au plus (il en a %(show_value)d)."
                ),
            },
        }


@single_line_fields
class WelcomeForm(forms.Form):
    bound_field_class = DescribedBoundField

    welcome_message = forms.CharField(
        label=_("Mot d'accueil des nouveaux membres"),
        required=False,
        max_length=WELCOME_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=format_lazy(
            _(
                "Montré à chaque personne qui rejoint la communauté, par exemple « Bienvenue ! On se "
                "retrouve le mardi à 14 h, demandez Martine à l'entrée. » {length} caractères au plus."
            ),
            length=WELCOME_MAX_LENGTH,
        ),
        error_messages={
            "max_length": _(
                "Le mot d'accueil est trop long : %(limit_value)d caractères au plus "
                "(il en a %(show_value)d)."
            )
        },
    )
