""" "Inscrire quelqu'un": the form a referent or the organiser fills in for a person without an
account (on the site, and the admin's add form)."""

from django import forms
from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousvoisins.forms import DescribedBoundField, single_line_fields

from .forms import DATE_ERROR, DATE_FORMATS
from .models import ProxyRegistration

CONSENT_REQUIRED = _(
    "Cochez cette case seulement si la personne a donné son accord : "
    "sans son accord, on ne peut pas l'inscrire."
)


class DateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, occurrence):
        label = occurrence.when_in_words.capitalize()
        # The site's form counts the places of each date (OccurrenceQuerySet.with_attendance).
        if getattr(occurrence, "participant_count", None) is not None and occurrence.is_full:
            return gettext("%(date)s (complet)") % {"date": label}
        return label


# The person, then their consent: the box, the day, the way ("par téléphone").
PERSON_ORDER = [
    "first_name",
    "phone",
    "postal_address",
    "notes",
    "consent",
    "consent_given_on",
    "consent_channel",
]


@single_line_fields
class PersonFields(forms.ModelForm):
    """Who the person is and how they agreed: shared by the site's form and the admin's."""

    bound_field_class = DescribedBoundField

    consent = forms.BooleanField(error_messages={"required": CONSENT_REQUIRED})

    class Meta:
        model = ProxyRegistration
        fields = ["first_name", "phone", "postal_address", "consent_given_on", "consent_channel", "notes"]
        widgets = {
            "consent_given_on": forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"}),
            "consent_channel": forms.RadioSelect,
        }
        error_messages = {
            "first_name": {"required": _("Écrivez le prénom de la personne.")},
            "consent_given_on": {
                "required": _("Indiquez le jour où la personne a donné son accord."),
                "invalid": DATE_ERROR,
            },
            "consent_channel": {"required": _("Dites comment la personne a donné son accord.")},
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        days = settings.PHONE_REGISTRATION_RETENTION_DAYS
        self.fields["consent"].label = gettext(
            "La personne est d'accord pour être inscrite, et pour que le site garde son prénom et "
            "son numéro (ou son adresse) jusqu'à %(days)s jours après la rencontre."
        ) % {"days": days}
        if self.instance.pk:
            # Asked when the person is registered; a correction later does not ask again.
            del self.fields["consent"]
        self.fields["consent_given_on"].input_formats = DATE_FORMATS
        self.fields["consent_given_on"].initial = timezone.localdate
        self.fields["consent_given_on"].help_text = gettext("Par exemple 08/12/2026.")
        self.fields["consent_channel"].label = gettext("La personne a donné son accord")


@single_line_fields
class ProxyRegistrationForm(PersonFields):
    """The site's form: the date(s) of `event` to register to, then the person."""

    date = DateChoiceField(
        label=_("Date"),
        queryset=None,
        empty_label=None,
        error_messages={"invalid_choice": _("Choisissez une des dates proposées.")},
    )
    all_dates = forms.BooleanField(label=_("Toutes les dates à venir de cette rencontre"), required=False)

    field_order = ["date", "all_dates", *PERSON_ORDER]

    def __init__(self, *args, event, occurrences, **kwargs):
        super().__init__(*args, **kwargs)
        self.event = event
        self.fields["date"].queryset = occurrences
        if not event.is_recurring:
            del self.fields["all_dates"]
        else:
            self.fields["date"].help_text = gettext("Ou cochez la case ci-dessous pour toutes les dates.")

    def chosen_dates(self):
        if self.cleaned_data.get("all_dates"):
            return list(self.fields["date"].queryset)
        return [self.cleaned_data["date"]]

    def _post_clean(self):
        # The occurrence comes with the date chosen: the model's own checks run once it is set.
        if self.cleaned_data.get("date"):
            self.instance.occurrence = self.cleaned_data["date"]
        super()._post_clean()
