"""The period a dashboard shows: this month, this quarter, this year, the three months around
today (the default) or days chosen by hand, validated with French messages."""

from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.utils import timezone
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from tousvoisins.forms import DescribedBoundField

MAX_DAYS = 3 * 366
MONTHS = [
    pgettext_lazy("mois", "janvier"), pgettext_lazy("mois", "février"), pgettext_lazy("mois", "mars"),
    pgettext_lazy("mois", "avril"), pgettext_lazy("mois", "mai"), pgettext_lazy("mois", "juin"),
    pgettext_lazy("mois", "juillet"), pgettext_lazy("mois", "août"), pgettext_lazy("mois", "septembre"),
    pgettext_lazy("mois", "octobre"), pgettext_lazy("mois", "novembre"), pgettext_lazy("mois", "décembre"),
]  # fmt: skip


@dataclass(frozen=True)
class Period:
    first_day: date
    last_day: date  # included
    label: str

    @property
    def key(self):
        return f"{self.first_day.isoformat()}_{self.last_day.isoformat()}"

    def months(self):
        """The first day of each month the period touches, in order."""
        months, day = [], self.first_day.replace(day=1)
        while day <= self.last_day:
            months.append(day)
            day = (day + timedelta(days=32)).replace(day=1)
        return months


def month_label(day):
    return gettext("%(month)s %(year)s") % {"month": MONTHS[day.month - 1], "year": day.year}


def _add_months(day, count):
    month = day.month - 1 + count
    return day.replace(year=day.year + month // 12, month=month % 12 + 1, day=1)


def around(today, months=3):
    """The default: the last and the next three months."""
    return Period(
        _add_months(today, -months),
        _add_months(today, months + 1) - timedelta(days=1),
        gettext("les trois derniers et les trois prochains mois"),
    )


class PeriodForm(forms.Form):
    bound_field_class = DescribedBoundField

    CHOICES = [
        ("autour", _("Les trois derniers et les trois prochains mois")),
        ("mois", _("Ce mois-ci")),
        ("trimestre", _("Ce trimestre")),
        ("annee", _("Cette année")),
        ("choix", _("Des dates que je choisis")),
    ]
    periode = forms.ChoiceField(
        label=_("Période"),
        choices=CHOICES,
        initial="autour",
        required=False,
        error_messages={"invalid_choice": _("Choisissez une période dans la liste.")},
    )
    debut = forms.DateField(
        label=_("Du (si vous choisissez les dates)"),
        required=False,
        help_text=_("Par exemple 01/09/2026."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Écrivez une date sous la forme 01/09/2026.")},
    )
    fin = forms.DateField(
        label=_("Au (inclus)"),
        required=False,
        help_text=_("Par exemple 30/11/2026."),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("Écrivez une date sous la forme 30/11/2026.")},
    )

    def clean(self):
        data = super().clean()
        if data.get("periode") != "choix":
            return data
        first, last = data.get("debut"), data.get("fin")
        if "debut" not in self.errors and first is None:
            self.add_error("debut", gettext("Indiquez le premier jour de la période."))
        if "fin" not in self.errors and last is None:
            self.add_error("fin", gettext("Indiquez le dernier jour de la période."))
        if first and last:
            if last < first:
                self.add_error("fin", gettext("Le dernier jour doit venir après le premier."))
            elif (last - first).days > MAX_DAYS:
                self.add_error("fin", gettext("Choisissez une période de trois ans au plus."))
        return data

    def period(self, today=None):
        """The chosen Period; the default one when the form is not valid."""
        today = today or timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        choice = data.get("periode") or "autour"
        if choice == "mois":
            first = today.replace(day=1)
            return Period(first, _add_months(first, 1) - timedelta(days=1), month_label(first))
        if choice == "trimestre":
            first = today.replace(month=(today.month - 1) // 3 * 3 + 1, day=1)
            quarter = (today.month - 1) // 3 + 1
            label = (
                gettext("1er trimestre %(year)s")
                if quarter == 1
                else gettext("%(quarter)se trimestre %(year)s")
            ) % {
                "quarter": quarter,
                "year": today.year,
            }
            return Period(first, _add_months(first, 3) - timedelta(days=1), label)
        if choice == "annee":
            return Period(
                date(today.year, 1, 1),
                date(today.year, 12, 31),
                gettext("l'année %(year)s") % {"year": today.year},
            )
        if choice == "choix":
            first, last = data["debut"], data["fin"]
            return Period(
                first,
                last,
                gettext("du %(first)s au %(last)s")
                % {"first": f"{first:%d/%m/%Y}", "last": f"{last:%d/%m/%Y}"},
            )
        return around(today)
