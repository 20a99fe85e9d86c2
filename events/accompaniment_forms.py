from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .models import AccompanimentRequest
from .models.accompaniment import NOTE_MAX_LENGTH


class AccompanimentRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Qu'est-ce qui vous aiderait ?"),
        choices=AccompanimentRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez ce qui vous aiderait."),
            "invalid_choice": _("Choisissez ce qui vous aiderait dans la liste."),
        },
    )
    note = forms.CharField(
        label=_("Un mot en plus (facultatif)"),
        help_text=lazy(
            lambda: (
                gettext(
                    "%(max)s caractères au plus. Par exemple : « je marche lentement », « je pars du "
                    "centre-bourg ». N'écrivez ni votre adresse ni votre numéro : vous les donnerez "
                    "vous-même, "
                    "si vous le souhaitez, à la personne qui vous accompagnera."
                )
                % {"max": NOTE_MAX_LENGTH}
            ),
            str,
        )(),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _(
                "Votre mot est trop long : %(limit_value)d caractères au plus, vous en avez écrit "
                "%(show_value)d."
            )
        },
    )


class RegistrationAccompanimentForm(AccompanimentRequestForm):
    """The same questions, asked by a referent about someone they registered by phone."""

    def __init__(self, *args, first_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].label = gettext("Qu'est-ce qui aiderait %(name)s ?") % {"name": first_name}
        self.fields["kind"].error_messages["required"] = gettext("Choisissez ce qui aiderait %(name)s.") % {
            "name": first_name
        }
        self.fields["note"].help_text = gettext(
            "%(max)s caractères au plus. Par exemple : « vient en fauteuil », « part du "
            "centre-bourg ». N'écrivez ni son adresse ni son numéro : les personnes qui proposent leur "
            "aide ne les voient pas, c'est vous qui les mettez en relation."
        ) % {"max": NOTE_MAX_LENGTH}
