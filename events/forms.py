from datetime import date

from django import forms
from django.core.validators import MaxValueValidator, MinValueValidator
from django.http import QueryDict
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousvoisins import french
from tousvoisins.commune_lookup import find_commune
from tousvoisins.dates import day_in_words
from tousvoisins.forms import ThemeTerritoryFilterForm, single_line_fields
from tousvoisins.models import Commune

from .models import ACCESSIBILITY, ACCESSIBILITY_BY_SLUG, DEFAULT_RADIUS_KM

DATE_FORMATS = ["%Y-%m-%d", "%d/%m/%Y"]
DATE_ERROR = _("Écrivez la date sous la forme jj/mm/aaaa, par exemple 08/12/2026.")
# The month grid's dates are its month: it leaves these out of its filters and links.
DATE_FILTERS = ("du", "au")
# Dates outside these years mean a typing mistake; far ones would also overflow the date arithmetic
# (a day before 1 January of year 1, a day after 31 December 9999).
FIRST_DATE, LAST_DATE = date(2000, 1, 1), date(2099, 12, 31)
DATE_RANGE_ERROR = _("Cette date est trop loin. Choisissez une date entre 2000 et 2099.")
# The agenda's URLs before the `lieu` text field: an INSEE code each.
LEGACY_PLACE_FIELDS = ("commune", "autour")
PLACE_HINT = _("Écrivez le nom d'une commune ou son code postal, par exemple Blain ou 44130.")


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
    if len(names) > 1:
        listed = gettext("%(names)s ou %(last)s") % {"names": ", ".join(names[:-1]), "last": names[-1]}
    else:
        listed = "".join(names)
    proposal = " " + gettext("Vouliez-vous dire %(names)s ?") % {"names": listed} if names else ""
    if lookup.choices:
        if lookup.too_many:
            return gettext(
                "Beaucoup de communes correspondent à « %(query)s ». "
                "Écrivez le nom en entier ou le code postal."
            ) % {"query": lookup.query}
        return (
            gettext("Plusieurs communes correspondent à « %(query)s » : choisissez la vôtre.")
            % {"query": lookup.query}
            + proposal
        )
    if lookup.is_postal_code:
        return gettext(
            "Le code postal %(code)s n'est pas celui d'une commune de Loire-Atlantique. "
            "Vérifiez-le, ou écrivez le nom de la commune."
        ) % {"code": lookup.postal_code}
    if lookup.is_partial_number:
        return gettext(
            "Un code postal a 5 chiffres, par exemple 44130. Écrivez les 5 chiffres, ou le nom de la commune."
        )
    unknown = gettext("Nous ne trouvons pas « %(query)s » parmi les communes de Loire-Atlantique.") % {
        "query": lookup.query
    }
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
    all_territories_label = _("Toutes")

    q = forms.CharField(
        label=_("Mots"),
        required=False,
        max_length=100,
        help_text=_("Par exemple : tricot, café, vélo."),
        error_messages={"max_length": _("Écrivez au plus 100 caractères.")},
    )
    lieu = forms.CharField(
        label=_("Commune ou code postal"),
        required=False,
        max_length=100,
        help_text=_("Par exemple : Blain, st nazaire ou 44130."),
        error_messages={"max_length": _("Écrivez au plus 100 caractères.")},
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    rayon = forms.IntegerField(
        label=_("Distance autour de cette commune, en kilomètres"),
        required=False,
        min_value=1,
        max_value=100,
        help_text=_("Laissez vide pour les rencontres de la commune seulement."),
        error_messages={
            "invalid": _("Écrivez un nombre de kilomètres, par exemple 10."),
            "min_value": _("Écrivez au moins 1 kilomètre."),
            "max_value": _("Écrivez au plus 100 kilomètres."),
        },
    )
    du = date_field(_("À partir du"))
    au = date_field(_("Jusqu'au"))
    acces = forms.MultipleChoiceField(
        label=_("Accessibilité"),
        required=False,
        choices=[(item.slug, item.label) for item in ACCESSIBILITY],
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("« %(value)s » n'est pas un critère d'accessibilité connu.")},
    )

    def __init__(self, data=None, *args, **kwargs):
        # Communes offered under the field when what was typed matches several, or nothing.
        self.place_choices = []
        self.legacy = {}
        self.lieu_from_legacy = False
        if data is not None:
            data = self._with_legacy_place(data)
        super().__init__(data, *args, **kwargs)

    # The agenda's stamp is read with the choices' (see ThemeTerritoryFilterForm.choice_areas).
    choice_areas = ("agenda",)

    def cache_key(self):
        """What the form's HTML depends on besides the published content: what was typed (all
        of it, errors come from it), the page number aside."""
        return sorted((name, tuple(values)) for name, values in self.data.lists() if name != "page")

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
            self.add_error(
                "au", gettext("Cette date est avant la date « À partir du ». Changez l'une des deux.")
            )
        place = self._place(cleaned)
        cleaned["commune"] = cleaned["autour"] = None
        if place is not None:
            cleaned["autour" if cleaned.get("rayon") else "commune"] = place
        if self.lieu_from_legacy and self.legacy.get("commune") and self.legacy.get("autour"):
            # An old link with both: the events of one commune within a distance of another.
            cleaned["commune"] = self.legacy["commune"]
        if cleaned.get("rayon") and place is None and "lieu" not in self.errors:
            # A distance alone filters nothing: say so rather than silently show everything.
            self.add_error(
                "lieu", gettext("Écrivez la commune autour de laquelle chercher, ou videz la distance.")
            )
        return cleaned

    def _place(self, cleaned):
        """The commune of `lieu`, or None with the reason beside the field."""
        text = cleaned.get("lieu")
        if not text:
            if any(name in self.legacy and self.legacy[name] is None for name in LEGACY_PLACE_FIELDS):
                self.add_error(
                    "lieu", gettext("Cette commune n'est pas en Loire-Atlantique.") + f" {PLACE_HINT}"
                )
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
        for name, attribute in (("theme", "label"), ("territoire", "full_name"), ("commune", "name")):
            if data.get(name):
                words.append(getattr(data[name], attribute))
        if data.get("autour"):
            radius = data.get("rayon") or DEFAULT_RADIUS_KM
            words.append(
                gettext("à %(radius)s km autour %(place)s")
                % {"radius": radius, "place": french.de(data["autour"].name)}
            )
        if data.get("du") and data.get("au"):
            words.append(
                gettext("du %(first)s au %(last)s")
                % {
                    "first": day_in_words(data["du"], weekday=False),
                    "last": day_in_words(data["au"], weekday=False),
                }
            )
        elif data.get("du"):
            words.append(gettext("à partir du %(day)s") % {"day": day_in_words(data["du"], weekday=False)})
        elif data.get("au"):
            words.append(gettext("jusqu'au %(day)s") % {"day": day_in_words(data["au"], weekday=False)})
        words.extend(ACCESSIBILITY_BY_SLUG[slug].short_label.lower() for slug in data.get("acces", ()))
        return words
