"""The friendly repetition fields ("toutes les semaines le mardi", "le 1er samedi du mois",
"jusqu'au …") shared by the member's proposal form and the referents' admin form, so that both
turn the same choices into the same RRULE (recurrence.build_rule) and back (simple_choices).
"""

from django import forms
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousvoisins.dates import day_in_words, weekday_name_by_index

from . import recurrence
from .forms import date_field

# Built once at start-up: lazy, so that each page says the days in its language.
_weekday_label = lazy(lambda index: capfirst(weekday_name_by_index(index)), str)
WEEKDAY_CHOICES = [(code, _weekday_label(index)) for index, code in enumerate(recurrence.RRULE_DAYS)]
KEEP_RULE = "keep"
REPEAT_FIELDS = ["repeat", "weekdays", "month_rank", "month_weekday", "repeat_until", "repeat_count"]


def _until_field():
    field = date_field(_("Jusqu'au"))
    field.required = False
    field.help_text = _("Facultatif : le dernier jour où la rencontre peut avoir lieu.")
    return field


class RecurrenceFields(forms.Form):
    """Mixed into a ModelForm of Event before forms.ModelForm: `class F(RecurrenceFields, forms.ModelForm)`.

    The form calls `recurrence_initial(event)` to show a saved rule, and `clean_recurrence(cleaned,
    start)` from its clean() once it knows the local start: the rule goes on the instance. A rule
    the fields cannot say (every other week, every day) is offered as "Comme maintenant : …" and
    kept as it is unless the person chooses another repetition.
    """

    # The form field that gets "the first date would be …" (the day of the start).
    recurrence_start_field = "start_date"

    repeat = forms.ChoiceField(
        label=_("La rencontre a lieu"),
        required=False,
        widget=forms.RadioSelect,
        choices=[
            (recurrence.ONCE, _("Une seule fois")),
            (recurrence.WEEKLY, _("Toutes les semaines")),
            (recurrence.MONTHLY, _("Tous les mois, le même jour de la semaine (par exemple le 1er samedi)")),
        ],
        error_messages={"invalid_choice": _("Choisissez une façon de répéter la rencontre dans la liste.")},
    )
    weekdays = forms.MultipleChoiceField(
        label=_("Toutes les semaines : quels jours ?"),
        required=False,
        choices=WEEKDAY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Sans choix : le jour de la date de la rencontre."),
        error_messages={"invalid_choice": _("Choisissez des jours de la semaine dans la liste.")},
    )
    month_rank = forms.TypedChoiceField(
        label=_("Tous les mois : quelle semaine ?"),
        required=False,
        coerce=int,
        empty_value=None,
        choices=[("", _("Celle de la date de la rencontre"))]
        + [(rank, recurrence.rank_in_words(rank)) for rank in recurrence.MONTH_RANKS],
        error_messages={"invalid_choice": _("Choisissez une semaine du mois dans la liste.")},
    )
    month_weekday = forms.ChoiceField(
        label=_("Tous les mois : quel jour ?"),
        required=False,
        choices=[("", _("Celui de la date de la rencontre")), *WEEKDAY_CHOICES],
        error_messages={"invalid_choice": _("Choisissez un jour de la semaine dans la liste.")},
    )
    repeat_until = _until_field()
    repeat_count = forms.IntegerField(
        label=_("Ou un nombre de fois"),
        required=False,
        min_value=2,
        max_value=365,
        help_text=_("Facultatif. Par exemple 10 pour dix rencontres."),
        error_messages={
            "invalid": _("Écrivez un nombre, par exemple 10."),
            "min_value": _("Écrivez au moins 2 (une seule fois : choisissez « Une seule fois »)."),
            "max_value": _("Écrivez 365 au plus."),
        },
    )

    def recurrence_initial(self, event):
        """The fields' initial values for the event's saved rule (its start must be set)."""
        start = event.local_start
        choices = recurrence.simple_choices(event.recurrence, dtstart=start)
        if choices is None:
            words = recurrence.describe_rule(event.recurrence, dtstart=start, all_day=event.all_day)
            repeat = self.fields["repeat"]
            repeat.choices = [
                (KEEP_RULE, gettext("Comme maintenant : %(words)s") % {"words": words}),
                *repeat.choices,
            ]
            repeat.help_text = gettext(
                "Cette répétition (« %(words)s ») ne se règle pas avec les choix ci-dessous : elle est "
                "gardée telle quelle. Pour la changer, choisissez une autre façon de répéter."
            ) % {"words": words}
            choices = {"frequency": KEEP_RULE}
        initial = {
            "repeat": choices.pop("frequency"),
            "repeat_until": choices.pop("until", None),
            "repeat_count": choices.pop("count", None),
            **choices,
        }
        self.initial.update({key: value for key, value in initial.items() if value is not None})

    def clean_recurrence(self, cleaned, start):
        """Put the rule of the chosen fields on the instance; `start` is the local start."""
        frequency = cleaned.get("repeat", recurrence.ONCE)
        if frequency == KEEP_RULE:
            return
        until, count = cleaned.get("repeat_until"), cleaned.get("repeat_count")
        try:
            rule = recurrence.build_rule(
                frequency=frequency,
                dtstart=start,
                weekdays=cleaned.get("weekdays") or (),
                month_rank=cleaned.get("month_rank"),
                month_weekday=cleaned.get("month_weekday"),
                until=until,
                count=count,
            )
        except recurrence.RuleError as error:
            self.add_error("repeat_count" if until and count else "repeat", str(error))
            return
        if rule and until and until < start.date():
            self.add_error(
                "repeat_until",
                gettext("Ce jour est avant la date de la rencontre. Choisissez un jour après."),
            )
            return
        if rule:
            first = recurrence.first_start_on_or_after(rule, start)
            if first is None:
                self.add_error("repeat", gettext("Avec ces choix, la rencontre n'aurait lieu à aucune date."))
                return
            if first != start:
                self.add_error(
                    self.recurrence_start_field,
                    gettext(
                        "Avec cette répétition, la première rencontre serait le %(day)s. "
                        "Mettez cette date, ou changez les jours choisis."
                    )
                    % {"day": day_in_words(first)},
                )
                return
        self.instance.recurrence = rule
