from datetime import timedelta

from django import forms
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from profiles.tags import MAX_LABEL_LENGTH, split_free_text, too_long_parts, unique_by_key
from tousvoisins.forms import DescribedBoundField, ThemeTerritoryFilterForm, single_line_fields
from tousvoisins.models import Commune, Intercommunalite, Theme
from tousvoisins.reports import Reason

from .models import FIRST_THEME, LONGEST, TEXT_LENGTH, THANKS_LENGTH, Help

MAX_WORDS = 8
# Words offered as boxes to tick, work first: the same words as the profiles' suggestions, so that
# an ask for "écrire un CV" reaches the members who can share it.
SUGGESTED_WORDS = [
    "écrire un CV",
    "entretien d'embauche",
    "découvrir un métier",
    "créer son activité",
    "démarches en ligne",
    "français pour débutants",
    "informatique",
    "téléphone portable",
    "bricolage",
    "covoiturage",
]
EXAMPLES = _(
    "relire un CV, préparer un entretien, découvrir un métier une demi-journée, remplir un dossier "
    "en ligne, apprendre le français"
)


@single_line_fields
class HelpFilterForm(ThemeTerritoryFilterForm):
    """The board's filters (?sorte=cherche|propose, ?theme=, ?territoire=)."""

    field_order = ["sorte", "theme", "territoire"]

    sorte = forms.ChoiceField(
        label=_("Je veux voir"),
        required=False,
        choices=[("", _("Tout")), ("cherche", _("Ceux qui cherchent")), ("propose", _("Ceux qui proposent"))],
        error_messages={
            "invalid_choice": _("Choisissez « Tout », « Ceux qui cherchent » ou « Ceux qui proposent ».")
        },
    )

    def apply(self, helps):
        filters = self.filters()
        if filters.get("sorte"):
            helps = helps.filter(kind=filters["sorte"])
        if filters.get("theme"):
            helps = helps.filter(theme=filters["theme"])
        if filters.get("territoire"):
            helps = helps.filter(intercommunalite=filters["territoire"])
        return helps

    def describe(self):
        words = []
        if kind := self.filters().get("sorte"):
            words.append(dict(self.fields["sorte"].choices)[kind].lower())
        return words + super().describe()


def theme_choices():
    themes = sorted(Theme.objects.only("pk", "slug", "name"), key=lambda theme: theme.slug != FIRST_THEME)
    return [(theme.pk, theme.label) for theme in themes]


@single_line_fields
class HelpForm(forms.ModelForm):
    """Publish or change a coup de pouce. The place is a commune (its intercommunalité follows) or a
    whole intercommunalité."""

    bound_field_class = DescribedBoundField

    words_suggested = forms.MultipleChoiceField(
        label=_("Cochez les mots qui décrivent votre coup de pouce (facultatif)"),
        required=False,
        choices=[(word, word) for word in SUGGESTED_WORDS],
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Ils servent à prévenir les membres qui savent faire, ou qui aimeraient apprendre."),
        error_messages={"invalid_choice": _("« %(value)s » ne fait pas partie des mots proposés.")},
    )
    words_other = forms.CharField(
        label=_("Autres mots (facultatif)"),
        required=False,
        max_length=300,
        help_text=_("Séparez-les par des virgules. Par exemple : cuisine, couture, code de la route."),
        error_messages={"max_length": _("Écrivez au plus 300 caractères ici.")},
    )
    commune_name = forms.CharField(
        label=_("Commune (facultatif)"),
        required=False,
        max_length=100,
        help_text=_(
            "Le nom de la commune ou son code postal. Jamais votre adresse : seule la commune est montrée."
        ),
    )
    territory = forms.ModelChoiceField(
        label=_("Ou toute une intercommunalité"),
        required=False,
        queryset=Intercommunalite.objects.only("pk", "full_name").order_by("short_name"),
        empty_label=_("Choisissez si vous ne donnez pas de commune"),
        help_text=_("Si vous donnez une commune, son intercommunalité est prise d'office."),
        error_messages={"invalid_choice": _("Choisissez une intercommunalité de la liste.")},
    )

    class Meta:
        model = Help
        fields = ["kind", "theme", "text", "language", "until"]
        labels = {
            "kind": _("Vous…"),
            "theme": _("Thème"),
            "text": _("En quelques mots"),
            "language": _("Langue du texte"),
            "until": _("Jusqu'à quand ?"),
        }
        help_texts = {
            "text": format_lazy(
                _(
                    "Dites simplement ce que vous cherchez ou proposez : par exemple {examples}. "
                    "{length} caractères au plus. N'écrivez ni votre adresse, ni votre numéro de téléphone : "
                    "les réponses arrivent dans vos messages."
                ),
                examples=EXAMPLES,
                length=TEXT_LENGTH,
            ),
            "language": _("La langue dans laquelle vous écrivez. Votre texte n'est pas traduit."),
            "until": _(
                "La date au format jour/mois/année, par exemple 15/03/2027, dans les trois mois. "
                "Après cette date, votre coup de pouce n'est plus affiché."
            ),
        }
        widgets = {
            "kind": forms.RadioSelect,
            "theme": forms.RadioSelect,
            "text": forms.Textarea(attrs={"rows": 5}),
            "until": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "kind": {"required": _("Dites si vous cherchez ou si vous proposez un coup de pouce.")},
            "theme": {"required": _("Choisissez un thème.")},
            "text": {
                "required": _("Écrivez en quelques mots ce que vous cherchez ou proposez."),
                "max_length": _(
                    "Écrivez au plus %(limit_value)d caractères (vous en avez écrit %(show_value)d)."
                ),
            },
            "until": {
                "required": _("Choisissez jusqu'à quand votre coup de pouce reste affiché."),
                "invalid": _("Écrivez la date sous la forme jour/mois/année, par exemple 15/03/2027."),
            },
        }

    def __init__(self, *args, profile_commune=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [
            (Help.Kind.ASK, _("Je cherche un coup de pouce")),
            (Help.Kind.OFFER, _("Je propose un coup de pouce")),
        ]
        self.fields["theme"].choices = theme_choices()
        # Not sent (an older page): the coup de pouce keeps its language, French for a new one.
        self.fields["language"].required = False
        self.fields["until"].input_formats = ["%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y"]
        today = timezone.localdate()
        self.fields["until"].widget.attrs.update(min=today.isoformat(), max=(today + LONGEST).isoformat())
        if self.is_bound:
            return
        instance = self.instance
        if instance.pk:
            words = [tag.name for tag in instance.tags.all()]
            self.initial["words_suggested"] = [word for word in words if word in SUGGESTED_WORDS]
            self.initial["words_other"] = ", ".join(word for word in words if word not in SUGGESTED_WORDS)
            if instance.commune_id:
                self.initial["commune_name"] = instance.commune.name
            else:
                self.initial["territory"] = instance.intercommunalite_id
        else:
            self.initial.setdefault("until", today + timedelta(days=30))
            if profile_commune is not None:
                self.initial["commune_name"] = profile_commune.name

    def clean_text(self):
        text = self.cleaned_data["text"].strip()
        if len(" ".join(text.split())) < 10:
            raise forms.ValidationError(
                _("Écrivez un peu plus : au moins 10 caractères, pour qu'on vous comprenne.")
            )
        return text

    def clean_commune_name(self):
        text = self.cleaned_data["commune_name"].strip()
        if not text:
            return None
        communes = list(Commune.objects.matching(text).only("pk", "name", "intercommunalite_id")[:9])
        if not communes:
            raise forms.ValidationError(
                gettext(
                    "Nous ne trouvons pas « %(text)s » parmi les communes de Loire-Atlantique. Vérifiez "
                    "l'orthographe, ou écrivez le code postal."
                )
                % {"text": text}
            )
        if len(communes) > 1:
            names = ", ".join(commune.name for commune in communes[:8])
            raise forms.ValidationError(
                gettext("Plusieurs communes correspondent : %(names)s. Écrivez le nom complet.")
                % {"names": names}
            )
        return communes[0]

    def clean(self):
        cleaned = super().clean()
        place_given = cleaned.get("commune_name") or cleaned.get("territory")
        if "commune_name" in cleaned and "territory" in cleaned and not place_given:
            self.add_error(
                "commune_name",
                _("Dites où : écrivez une commune, ou choisissez une intercommunalité dans la liste."),
            )
        too_long = too_long_parts(cleaned.get("words_other"))
        words = unique_by_key(
            [*cleaned.get("words_suggested", []), *split_free_text(cleaned.get("words_other"))]
        )
        if too_long:
            self.add_error(
                "words_other",
                gettext(
                    "« %(word)s » est trop long : %(length)s caractères au plus par mot. "
                    "Séparez les mots par des virgules."
                )
                % {"word": too_long[0], "length": MAX_LABEL_LENGTH},
            )
        elif len(words) > MAX_WORDS:
            self.add_error(
                "words_other",
                gettext("Choisissez au plus %(most)s mots : vous en avez %(count)s.")
                % {"most": MAX_WORDS, "count": len(words)},
            )
        cleaned["words"] = words
        return cleaned

    def _post_clean(self):
        # The place before the model's clean(), which checks the date and keeps the two in step.
        commune = self.cleaned_data.get("commune_name")
        territory = self.cleaned_data.get("territory")
        if commune is not None:
            self.instance.commune = commune
            self.instance.intercommunalite_id = commune.intercommunalite_id
        elif territory is not None:
            self.instance.commune = None
            self.instance.intercommunalite = territory
        super()._post_clean()

    def _get_validation_exclusions(self):
        exclusions = super()._get_validation_exclusions()
        # Set in _post_clean from the place fields; an error there is the place fields' own.
        return exclusions | {"intercommunalite", "commune", "author"}


@single_line_fields
class AnswerForm(forms.Form):
    bound_field_class = DescribedBoundField

    body = forms.CharField(
        label=_("Votre message"),
        max_length=2500,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_(
            "Il arrive dans les messages de cette personne, qui pourra vous répondre. Votre adresse "
            "e-mail n'est jamais montrée. 2 500 caractères au plus."
        ),
        error_messages={
            "required": _("Écrivez votre message."),
            "max_length": _(
                "Votre message est trop long : 2 500 caractères au plus (il en a %(show_value)d)."
            ),
        },
    )


@single_line_fields
class DoneForm(forms.Form):
    bound_field_class = DescribedBoundField

    thanks = forms.CharField(
        label=_("Un merci public (facultatif)"),
        required=False,
        max_length=THANKS_LENGTH,
        help_text=format_lazy(
            _(
                "Il sera montré sous votre coup de pouce, par exemple « Merci à Karim pour ses conseils ! ». "
                "Un prénom suffit. {length} caractères au plus."
            ),
            length=THANKS_LENGTH,
        ),
        error_messages={
            "max_length": _("Écrivez au plus %(limit_value)d caractères (vous en avez écrit %(show_value)d).")
        },
    )

    def clean_thanks(self):
        thanks = " ".join(self.cleaned_data["thanks"].split())
        if "@" in thanks or "://" in thanks:
            raise forms.ValidationError(_("Écrivez un merci, sans adresse e-mail ni lien."))
        return thanks


@single_line_fields
class ReportForm(forms.Form):
    bound_field_class = DescribedBoundField

    reason = forms.ChoiceField(
        label=_("Pourquoi signalez-vous ce coup de pouce ?"),
        choices=Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une raison.")},
    )
    details = forms.CharField(
        label=_("Précisions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Facultatif. Ce qui aidera la modération à comprendre. 2 000 caractères au plus."),
        error_messages={"max_length": _("2 000 caractères au plus (il y en a %(show_value)d).")},
    )
