from django import forms
from django.utils.translation import gettext_lazy as _

from tousvoisins import fragments
from tousvoisins.forms import DescribedBoundField
from tousvoisins.models import Theme

from .models import Category


def read_choices():
    """({slug: Category}, {slug: Theme}): two queries."""
    categories = {category.slug: category for category in Category.objects.only("slug", "name")}
    return categories, {theme.slug: theme for theme in Theme.objects.only("slug", "name")}


class LinkFilterForm(forms.Form):
    """Category and thème from the query string: a wrong value is said beside its field and
    ignored (the page lists every link), never a 500."""

    bound_field_class = DescribedBoundField

    categorie = forms.ChoiceField(
        label=_("Catégorie"),
        required=False,
        error_messages={
            "invalid_choice": _("Cette catégorie n'existe pas. Choisissez une catégorie dans la liste.")
        },
    )
    theme = forms.ChoiceField(
        label=_("Thème"),
        required=False,
        error_messages={"invalid_choice": _("Ce thème n'existe pas. Choisissez un thème dans la liste.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The same for everyone: kept under the links' stamp (categories) and the thèmes'.
        self.categories, self.themes = fragments.kept("links:filter-choices", read_choices, areas=("links",))
        self.fields["categorie"].choices = [
            ("", _("Toutes les catégories")),
            *((slug, category.name) for slug, category in self.categories.items()),
        ]
        self.fields["theme"].choices = [
            ("", _("Tous les thèmes")),
            *((slug, theme.label) for slug, theme in self.themes.items()),
        ]

    def clean_categorie(self):
        return self.categories.get(self.cleaned_data["categorie"])

    def clean_theme(self):
        return self.themes.get(self.cleaned_data["theme"])

    def filters(self):
        """The valid filters only: {name: value}."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def describe(self):
        """The filters in words, for the page title and the heading."""
        return [str(value) for value in self.filters().values()]
