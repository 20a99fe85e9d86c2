"""What every form of the site shares: how a field is rendered, single-line fields, and the thème
and territory filters."""

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.boundfield import BoundField
from django.forms.renderers import TemplatesSetting
from django.utils.functional import cached_property
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _

from . import fragments
from .images import PictureField
from .models import Intercommunalite, Theme
from .readability import readability_hints
from .widgets import FastSelect

# Single-line fields ---------------------------------------------------------------------------
# A name, a subject, a title or a phone number is one line. A line break there (pasted, or sent on
# purpose) would break an e-mail's subject or headers, and a page's layout: it is refused with a
# message beside the field. Every text input of every form gets the rule: a form class through
# @single_line_fields, the fields the admin makes from a model through AdminFieldRulesMixin
# (tests/core/test_single_line_fields.py walks every form of every app of the project).

LINE_BREAK = gettext_noop(
    "Écrivez ce texte sur une seule ligne : il contient un retour à la ligne ou un caractère "
    "invisible. Retirez-le, puis envoyez à nouveau."
)


def _breaks_line(character):
    # Cc: the control characters (\r, \n, tab, NUL, U+0085…); Zl and Zp: U+2028 and U+2029.
    return unicodedata.category(character) in ("Cc", "Zl", "Zp")


def refuse_line_breaks(value):
    values = [value] if isinstance(value, str) else value
    for text in values or ():
        if isinstance(text, str) and any(_breaks_line(character) for character in text):
            raise ValidationError(gettext(LINE_BREAK), code="line_break")


def is_single_line_input(field):
    return isinstance(field, forms.CharField) and isinstance(field.widget, forms.TextInput)


def single_line(field):
    """Give `field` the single-line rule if it is a text input (once); returns the field."""
    if is_single_line_input(field) and refuse_line_breaks not in field.validators:
        field.validators.append(refuse_line_breaks)
    return field


def single_line_fields(form_class):
    """Class decorator: every text input of the form (declared or from its model) is single-line."""
    for field in form_class.base_fields.values():
        single_line(field)
    return form_class


class AdminFieldRulesMixin:
    """For every ModelAdmin and inline of the project: text inputs are single-line, and a model's
    ImageField takes its file through PictureField (tousvoisins.images, the one checking path)."""

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.ImageField):
            kwargs.setdefault("form_class", PictureField)
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        return single_line(formfield) if formfield is not None else None


class DescribedBoundField(BoundField):
    """Each radio button or checkbox of a group is also described by the group's help and errors.

    Django puts aria-describedby on the <fieldset> only, which some screen readers never read
    out: a person would hear "invalid" on a radio button without hearing why.
    """

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.use_fieldset and not attrs.get("aria-describedby") and (ids := self.aria_describedby):
            attrs["aria-describedby"] = ids
        return attrs

    @property
    def readability_hints(self):
        """The readability hints of this field's text (ReadabilityHintsMixin), shown after it."""
        return getattr(self.form, "readability_hints", {}).get(self.name, [])

    @property
    def aria_describedby(self):
        ids = super().aria_describedby
        if ids is not None and self.auto_id and self.readability_hints:
            ids = f"{ids} {self.auto_id}_hints".strip()
        return ids


class ReadabilityHintsMixin:
    """For a form whose texts residents read ("En bref", a presentation): once sent, each field of
    `readability_fields` gets its readability hints (tousvoisins.readability) from what was typed,
    shown after the field by templates/django/forms/field.html. Hints are never errors: the form
    is valid or not without them. They follow French rules: none for a text written in another
    language (the form's `language` field, or its instance's)."""

    readability_fields = ()

    def text_language(self):
        """The language the texts are written in, as chosen in the form (French by default)."""
        if "language" in self.fields:
            return self["language"].value() or "fr"
        return getattr(getattr(self, "instance", None), "language", None) or "fr"

    @cached_property
    def readability_hints(self):
        """{field name: [Hint]} for the fields with something to say; {} before the form is sent
        or for a text that is not in French."""
        if not self.is_bound or self.text_language() != "fr":
            return {}
        found = {}
        for name in self.readability_fields:
            if name in self.fields and (hints := readability_hints(str(self[name].value() or ""))):
                found[name] = hints
        return found


class FormRenderer(TemplatesSetting):
    """The project's templates (templates/django/forms/) and the bound field above, for every form."""

    bound_field_class = DescribedBoundField


# "Intercommunalité" explained beside the field, with the page that lists the communes of each.
TERRITORY_HELP = _(
    'Un groupe de communes voisines. <a href="/territoire/">Quelles communes dans chacune ?</a>'
)


class ThemeTerritoryFilterForm(forms.Form):
    """Filters by thème and intercommunalité read from the query string, the base of every list's
    filters (agenda, directory, news, members): a wrong value is said beside its field and ignored,
    never a 500."""

    bound_field_class = DescribedBoundField
    # What the intercommunalité list offers first, for "no filter".
    all_territories_label = _("Toute la Loire-Atlantique")

    theme = forms.ChoiceField(
        widget=FastSelect,
        label=_("Thème"),
        required=False,
        error_messages={"invalid_choice": _("Ce thème n'existe pas. Choisissez un thème dans la liste.")},
    )
    territoire = forms.ChoiceField(
        widget=FastSelect,
        label=_("Intercommunalité"),
        required=False,
        help_text=TERRITORY_HELP,
        error_messages={
            "invalid_choice": _(
                "Cette intercommunalité n'est pas en Loire-Atlantique. Choisissez-en une dans la liste."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.themes, self.territories = self.read_choices()
        self.fields["theme"].choices = [
            ("", _("Tous les thèmes")),
            *((slug, theme.label) for slug, theme in self.themes.items()),
        ]
        self.fields["territoire"].choices = [
            ("", self.all_territories_label),
            *((siren, territory.full_name) for siren, territory in self.territories.items()),
        ]

    # Other stamps read in the same round trip as the choices' (the first of the request), which
    # the rest of a list's page then needs (tousvoisins.fragments).
    choice_areas = ()

    @classmethod
    def read_choices(cls):
        """({slug: Theme}, {siren: Intercommunalite}), the same for everyone: kept under the
        thèmes' stamp, which edits of a thème, a commune or an intercommunalité bump."""
        return fragments.kept(
            "theme-territory-choices", cls.read_choices_from_database, areas=cls.choice_areas
        )

    @staticmethod
    def read_choices_from_database():
        """Two queries."""
        # The pictogram too: lists that show a thème by its slug take it from here, without a query.
        themes = {theme.slug: theme for theme in Theme.objects.only("slug", "name", "pictogram")}
        territories = {
            territory.siren: territory
            for territory in Intercommunalite.objects.only("siren", "full_name", "short_name").order_by(
                "short_name"
            )
        }
        return themes, territories

    def clean_theme(self):
        return self.themes.get(self.cleaned_data["theme"])

    def clean_territoire(self):
        return self.territories.get(self.cleaned_data["territoire"])

    def filters(self):
        """The valid filters only: {name: value}."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value not in (None, "")}

    def describe(self):
        """The filters in words, for the page title and the heading."""
        data = self.filters()
        words = []
        if data.get("theme"):
            words.append(data["theme"].label)
        if data.get("territoire"):
            words.append(data["territoire"].full_name)
        return words
