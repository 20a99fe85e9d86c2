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
