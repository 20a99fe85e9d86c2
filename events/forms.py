from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import QueryDict

from tousvoisins import french
from tousvoisins.commune_lookup import find_commune
from tousvoisins.dates import day_in_words
from tousvoisins.forms import ThemeTerritoryFilterForm, single_line_fields
from tousvoisins.models import Commune

from .models import ACCESSIBILITY, ACCESSIBILITY_BY_SLUG, DEFAULT_RADIUS_KM

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_ERROR = "Écrivez la date sous la forme jj/mm/aaaa, par exemple 08/12/2026."
# The month grid's dates are its month: it leaves these out of its filters and links.
DATE_FILTERS = ("du", "au")
# Dates outside these years mean a typing mistake; far ones would also overflow the date arithmetic
# (a day before 1 January of year 1, a day after 31 December 9999).
FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(2099, 12, 31)
DATE_RANGE_ERROR = "Cette date est trop loin. Choisissez une date entre 2000 et 2099."
# The agenda's URLs before the `lieu` text field: an INSEE code each.
LEGACY_PLACE_FIELDS = ("commune", "autour")
PLACE_HINT = "Écrivez le nom d'une commune ou son code postal, par exemple Blain ou 44130."


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


def place_error(lookup):
    """What to say beside `lieu` when it found no commune, or several."""
    names = [commune.name for commune in (lookup.choices or lookup.suggestions)][:8]
    listed = f"{', '.join(names[:-1])} ou {names[-1]}" if len(names) > 1 else "".join(names)
    proposal = f" Vouliez-vous dire {listed} ?" if names else ""
    if lookup.choices:
        if lookup.too_many:
            return (
                f"Beaucoup de communes correspondent à « {lookup.query} ». "
                "Écrivez le nom en entier ou le code postal."
            )
        return f"Plusieurs communes correspondent à « {lookup.query} » : choisissez la vôtre.{proposal}"
    if lookup.is_postal_code:
        return (
            f"Le code postal {lookup.postal_code} n'est pas celui d'une commune de Loire-Atlantique. "
            "Vérifiez-le, ou écrivez le nom de la commune."
        )
    if lookup.is_partial_number:
        return (
            "Un code postal a 5 chiffres, par exemple 44130. Écrivez les 5 chiffres, ou le nom de la commune."
        )
    unknown = f"Nous ne trouvons pas « {lookup.query} » parmi les communes de Loire-Atlantique."
    return f"{unknown}{proposal}" if proposal else f"{unknown} {PLACE_HINT}"


@single_line_fields
class AgendaFilterForm(ThemeTerritoryFilterForm):
    """The agenda's filters, read from the query string (DESIGN.md's URL contract).

    Cleaned values are the objects themselves (a Theme, an Intercommunalite, a Commune), ready
    for OccurrenceQuerySet.for_filters(). The place is one text field, `lieu`: a commune's name
    or postal code, found as "Qui est mon référent ?" finds it; alone it selects the commune,
    with a distance the communes around it. The older `commune=<insee>` and `autour=<insee>`
    still work (links people kept): they fill `lieu` with the commune's name.
    """

    field_order = ["q", "theme", "territoire", "lieu", "rayon", "du", "au", "acces"]
    all_territories_label = "Toutes"

    q = forms.CharField(
        label="Mots",
        required=False,
        max_length=100,
        help_text="Par exemple : tricot, café, vélo.",
        error_messages={"max_length": "Écrivez au plus 100 caractères."},
    )
    lieu = forms.CharField(
        label="Commune ou code postal",
        required=False,
        max_length=100,
        help_text="Par exemple : Blain, st nazaire ou 44130.",
        error_messages={"max_length": "Écrivez au plus 100 caractères."},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    rayon = forms.IntegerField(
        label="Distance autour de cette commune, en kilomètres",
        required=False,
        min_value=1,
        max_value=100,
        help_text="Laissez vide pour les rencontres de la commune seulement.",
        error_messages={
            "invalid": "Écrivez un nombre de kilomètres, par exemple 10.",
            "min_value": "Écrivez au moins 1 kilomètre.",
            "max_value": "Écrivez au plus 100 kilomètres.",
        },
    )
    du = date_field("À partir du")
    au = date_field("Jusqu'au")
    acces = forms.MultipleChoiceField(
        label="Accessibilité",
        required=False,
        choices=[(item.slug, item.label) for item in ACCESSIBILITY],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": "« %(value)s » n'est pas un critère d'accessibilité connu."},
    )

    def __init__(self, data=None, *args, **kwargs):
        # Communes offered under the field when what was typed matches several, or nothing.
        self.place_choices = []
        self.legacy = {}
        self.lieu_from_legacy = False
        if data is not None:
            data = self._with_legacy_place(data)
        super().__init__(data, *args, **kwargs)

    def _with_legacy_place(self, data):
        """`commune=<insee>` / `autour=<insee>` (the URLs before `lieu`): the communes, read in one
        query, and their name in `lieu` when nothing was typed there."""
        codes = {name: data.get(name, "").strip() for name in LEGACY_PLACE_FIELDS if data.get(name)}
        if not codes:
            return data
        found = {
            commune.insee: commune
            for commune in Commune.objects.only("insee", "name", "centre").filter(insee__in=codes.values())
        }
        self.legacy = {name: found.get(code) for name, code in codes.items()}
        if data.get("lieu", "").strip():
            return data
        data = data.copy()
        self.lieu_from_legacy = True
        place = self.legacy.get("autour") or self.legacy.get("commune")
        data["lieu"] = place.name if place else ""
        if self.legacy.get("autour") and not data.get("rayon"):
            data["rayon"] = str(DEFAULT_RADIUS_KM)
        return data

    def clean_lieu(self):
        return " ".join(self.cleaned_data["lieu"].split())

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("du"), cleaned.get("au")
        if first and last and last < first:
            self.add_error("au", "Cette date est avant la date « À partir du ». Changez l'une des deux.")
        place = self._place(cleaned)
        cleaned["commune"] = cleaned["autour"] = None
        if place is not None:
            cleaned["autour" if cleaned.get("rayon") else "commune"] = place
        if self.lieu_from_legacy and self.legacy.get("commune") and self.legacy.get("autour"):
            # An old link with both: the events of one commune within a distance of another.
            cleaned["commune"] = self.legacy["commune"]
        if cleaned.get("rayon") and place is None and "lieu" not in self.errors:
            # A distance alone filters nothing: say so rather than silently show everything.
            self.add_error("lieu", "Écrivez la commune autour de laquelle chercher, ou videz la distance.")
        return cleaned

    def _place(self, cleaned):
        """The commune of `lieu`, or None with the reason beside the field."""
        text = cleaned.get("lieu")
        if not text:
            if any(name in self.legacy and self.legacy[name] is None for name in LEGACY_PLACE_FIELDS):
                self.add_error("lieu", "Cette commune n'est pas en Loire-Atlantique. " + PLACE_HINT)
            return None
        legacy = self.legacy.get("autour") or self.legacy.get("commune")
        if legacy is not None and legacy.name == text:
            return legacy
        lookup = find_commune(text)
        if lookup.commune is not None:
            return lookup.commune
        self.place_choices = [] if lookup.too_many else lookup.choices or lookup.suggestions
        self.add_error("lieu", place_error(lookup))
        return None

    def filters(self):
        """The valid filters only: a wrong value is reported beside its field and ignored."""
        self.is_valid()
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if value not in (None, "", []) and name != "lieu"
        }

    def place_links(self):
        """[(commune, query string choosing it, the other filters kept)] for the place choices."""
        links = []
        for commune in self.place_choices:
            query = QueryDict(mutable=True)
            query.update(self.data)
            for name in ("page", *LEGACY_PLACE_FIELDS):
                query.pop(name, None)
            query["lieu"] = commune.name
            links.append((commune, query.urlencode()))
        return links

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
