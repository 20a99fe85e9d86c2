from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator

from tousvoisins import french
from tousvoisins.dates import day_in_words
from tousvoisins.forms import ThemeTerritoryFilterForm, single_line_fields
from tousvoisins.models import Commune
from tousvoisins.widgets import FastSelect

from .models import ACCESSIBILITY, ACCESSIBILITY_BY_SLUG, DEFAULT_RADIUS_KM

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_ERROR = "Écrivez la date sous la forme jj/mm/aaaa, par exemple 08/12/2026."
# The month grid's dates are its month: it leaves these out of its filters and links.
DATE_FILTERS = ("du", "au")
# Dates outside these years mean a typing mistake; far ones would also overflow the date arithmetic
# (a day before 1 January of year 1, a day after 31 December 9999).
FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(2099, 12, 31)
DATE_RANGE_ERROR = "Cette date est trop loin. Choisissez une date entre 2000 et 2099."


def date_field(label):
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_FORMATS,
        widget=forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
        error_messages={"invalid": DATE_ERROR},
        validators=[
            MinValueValidator(FIRST_DATE, message=DATE_RANGE_ERROR),
            MaxValueValidator(LAST_DATE, message=DATE_RANGE_ERROR),
        ],
    )


@single_line_fields
class AgendaFilterForm(ThemeTerritoryFilterForm):
    """The agenda's filters, read from the query string (DESIGN.md's URL contract).

    Choices come from three small queries made here; cleaned values are the objects themselves
    (a Theme, an Intercommunalite, a Commune), ready for OccurrenceQuerySet.for_filters().
    """

    field_order = ["q", "theme", "territoire", "commune", "du", "au", "autour", "rayon", "acces"]
    all_territories_label = "Toutes"

    q = forms.CharField(
        label="Mots",
        required=False,
        max_length=100,
        help_text="Par exemple : tricot, café, vélo.",
        error_messages={"max_length": "Écrivez au plus 100 caractères."},
    )
    commune = forms.ChoiceField(
        widget=FastSelect,
        label="Commune",
        required=False,
        error_messages={
            "invalid_choice": "Cette commune n'est pas en Loire-Atlantique. Choisissez-en une dans la liste."
        },
    )
    du = date_field("À partir du")
    au = date_field("Jusqu'au")
    autour = forms.ChoiceField(
        widget=FastSelect,
        label="Autour de la commune",
        required=False,
        error_messages={
            "invalid_choice": "Cette commune n'est pas en Loire-Atlantique. Choisissez-en une dans la liste."
        },
    )
    rayon = forms.IntegerField(
        label="Distance en kilomètres",
        required=False,
        min_value=1,
        max_value=100,
        help_text=f"{DEFAULT_RADIUS_KM} km si vous ne mettez rien.",
        error_messages={
            "invalid": "Écrivez un nombre de kilomètres, par exemple 10.",
            "min_value": "Écrivez au moins 1 kilomètre.",
            "max_value": "Écrivez au plus 100 kilomètres.",
        },
    )
    acces = forms.MultipleChoiceField(
        label="Accessibilité",
        required=False,
        choices=[(item.slug, item.label) for item in ACCESSIBILITY],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "« %(value)s » n'est pas un critère d'accessibilité connu."},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.communes = {
            commune.insee: commune for commune in Commune.objects.only("insee", "name", "centre")
        }
        self.fields["commune"].choices = self._choices("Toutes", self.communes, "name")
        self.fields["autour"].choices = self._choices("Aucune", self.communes, "name")

    @staticmethod
    def _choices(empty_label, objects, attribute):
        return [("", empty_label), *((key, getattr(value, attribute)) for key, value in objects.items())]

    def clean_commune(self):
        return self.communes.get(self.cleaned_data["commune"])

    def clean_autour(self):
        return self.communes.get(self.cleaned_data["autour"])

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("du"), cleaned.get("au")
        if first and last and last < first:
            self.add_error("au", "Cette date est avant la date « À partir du ». Changez l'une des deux.")
        if cleaned.get("rayon") and not cleaned.get("autour") and "autour" not in self.errors:
            # A distance alone filters nothing: say so rather than silently show everything.
            self.add_error(
                "autour", "Choisissez la commune autour de laquelle chercher, ou videz la distance."
            )
        return cleaned

    def filters(self):
        """The valid filters only: a wrong value is reported beside its field and ignored."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "", [])}

    def describe(self):
        """What the filters select, in words, for the page title and heading."""
        data = self.filters()
        words = []
        if data.get("q"):
            words.append(f"« {data['q']} »")
        for name, attribute in (("theme", "name"), ("territoire", "full_name"), ("commune", "name")):
            if data.get(name):
                words.append(getattr(data[name], attribute))
        if data.get("autour"):
            radius = data.get("rayon") or DEFAULT_RADIUS_KM
            words.append(f"à {radius} km autour {french.de(data['autour'].name)}")
        if data.get("du") and data.get("au"):
            words.append(
                f"du {day_in_words(data['du'], weekday=False)} au {day_in_words(data['au'], weekday=False)}"
            )
        elif data.get("du"):
            words.append(f"à partir du {day_in_words(data['du'], weekday=False)}")
        elif data.get("au"):
            words.append(f"jusqu'au {day_in_words(data['au'], weekday=False)}")
        words.extend(ACCESSIBILITY_BY_SLUG[slug].short_label.lower() for slug in data.get("acces", ()))
        return words
