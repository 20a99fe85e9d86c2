from django import forms

from .models import AccompanimentRequest
from .models.accompaniment import NOTE_MAX_LENGTH


class AccompanimentRequestForm(forms.Form):
    kind = forms.ChoiceField(
        label="Qu'est-ce qui vous aiderait ?",
        choices=AccompanimentRequest.Kind.choices,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choisissez ce qui vous aiderait.",
            "invalid_choice": "Choisissez ce qui vous aiderait dans la liste.",
        },
    )
    note = forms.CharField(
        label="Un mot en plus (facultatif)",
        help_text=(
            f"{NOTE_MAX_LENGTH} caractères au plus. Par exemple : « je marche lentement », « je pars du "
            "centre-bourg ». N'écrivez ni votre adresse ni votre numéro : vous les donnerez vous-même, "
            "si vous le souhaitez, à la personne qui vous accompagnera."
        ),
        required=False,
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": f"Votre mot est trop long : {NOTE_MAX_LENGTH} caractères au plus, "
            "vous en avez écrit %(show_value)d."
        },
    )


class RegistrationAccompanimentForm(AccompanimentRequestForm):
    """The same questions, asked by a referent about someone they registered by phone."""

    def __init__(self, *args, first_name, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].label = f"Qu'est-ce qui aiderait {first_name} ?"
        self.fields["kind"].error_messages["required"] = f"Choisissez ce qui aiderait {first_name}."
        self.fields["note"].help_text = (
            f"{NOTE_MAX_LENGTH} caractères au plus. Par exemple : « vient en fauteuil », « part du "
            "centre-bourg ». N'écrivez ni son adresse ni son numéro : les personnes qui proposent leur "
            "aide ne les voient pas, c'est vous qui les mettez en relation."
        )
