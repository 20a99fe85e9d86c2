from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousvoisins.forms import TERRITORY_HELP, ThemeTerritoryFilterForm, single_line_fields

QUERY_LENGTH = 100


@single_line_fields
class NewsFilterForm(ThemeTerritoryFilterForm):
    """The news list's and feed's filters, read from the query string (?q=, ?theme=, ?territoire=)."""

    field_order = ["q", "theme", "territoire"]

    q = forms.CharField(
        label=_("Mots"),
        required=False,
        max_length=QUERY_LENGTH,
        help_text=_("Par exemple : logement, vélo, atelier."),
        error_messages={"max_length": _("Écrivez au plus %(limit_value)d caractères.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["territoire"].help_text = "{} {}".format(
            TERRITORY_HELP, gettext("Les actualités de toute la Loire-Atlantique sont montrées aussi.")
        )

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    def apply(self, items):
        """`items` narrowed by the valid filters."""
        filters = self.filters()
        if filters.get("q"):
            items = items.matching(filters["q"])
        if filters.get("theme"):
            items = items.for_theme(filters["theme"])
        if filters.get("territoire"):
            items = items.for_territory(filters["territoire"])
        return items

    def describe(self):
        words = self.filters().get("q")
        return ([f"« {words} »"] if words else []) + super().describe()

    def query_string(self):
        """The valid filters as a query string ("q=vélo&theme=emploi&…"), '' without any."""
        filters = self.filters()
        parts = []
        if filters.get("q"):
            parts.append(("q", filters["q"]))
        if filters.get("theme"):
            parts.append(("theme", filters["theme"].slug))
        if filters.get("territoire"):
            parts.append(("territoire", filters["territoire"].siren))
        return urlencode(parts)
