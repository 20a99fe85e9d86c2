"""The form a member fills in to propose an event, or to change it while it waits for a referent."""

from datetime import datetime, timedelta

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.core.validators import MinValueValidator
from django.forms.utils import ErrorDict
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousvoisins import content_language
from tousvoisins.forms import ReadabilityHintsMixin, single_line_fields
from tousvoisins.images import PictureField
from tousvoisins.models import Commune, Theme
from tousvoisins.places import locate_event

from . import pending_pictures
from .forms import date_field
from .models import ACCESSIBILITY, MAX_DURATION, PARIS, Event, local_midnight
from .models.base import EASY_READ_EXPLANATION
from .models.event import SUMMARY_ERRORS
from .recurrence_fields import REPEAT_FIELDS, RecurrenceFields

TIME_FORMATS = ["%H:%M", "%Hh%M", "%H h %M", "%Hh", "%H h", "%H"]
TIME_ERROR = _("Écrivez l'heure sous la forme hh:mm, par exemple 14:30.")
# Errors of the model (Event.clean) shown beside the form field a person filled in.
FIELD_OF_MODEL_FIELD = {
    "start": "start_date",
    "end": "end_time",
    "recurrence": "repeat",
    "commune": "commune_name",
    "point": "commune_name",
}


def _time_field(label, help_text):
    return forms.TimeField(
        label=label,
        required=False,
        input_formats=TIME_FORMATS,
        help_text=help_text,
        widget=forms.TimeInput(format="%H:%M", attrs={"type": "time"}),
        error_messages={"invalid": TIME_ERROR},
    )


def _day_field(label, help_text="", required=False):
    field = date_field(label)
    field.required = required
    field.help_text = help_text
    field.error_messages["required"] = _("Indiquez la date de la rencontre.")
    return field


@single_line_fields
class ProposalForm(ReadabilityHintsMixin, RecurrenceFields, forms.ModelForm):
    """What a member gives to propose an event (or change it while it waits for a referent).

    Dates come as a day and an hour, the repetition as simple choices turned into an RFC 5545
    rule (recurrence.build_rule), the commune as a name or postal code. clean() puts the
    start, end, rule and commune on the instance, so that the model's own rules run as well.
    `picture` is the re-encoded upload (tousvoisins.images.Picture) once the form is valid.
    _("En bref") and the presentation get readability hints once sent (never errors).
    """

    readability_fields = ("summary", "description")

    start_date = _day_field(_("Date"), _("Par exemple 08/12/2026."), required=True)
    start_time = _time_field(_("Heure de début"), _("Par exemple 14:00. Vide si c'est toute la journée."))
    end_time = _time_field(_("Heure de fin"), _("Par exemple 16:30."))
    end_date = _day_field(
        _("Dernier jour"), _("Seulement si la rencontre dure plusieurs jours de suite (un stage, une fête).")
    )
    commune_name = forms.CharField(
        label=_("Commune"),
        max_length=100,
        help_text=_("Son nom ou son code postal, par exemple « Rezé » ou « 44400 »."),
        error_messages={"required": _("Indiquez la commune, ou son code postal.")},
        widget=forms.TextInput(attrs={"list": "communes-44", "autocomplete": "off"}),
    )
    picture = PictureField(
        label=_("Image"),
        required=False,
        help_text=_("Facultatif. Une photo JPEG, PNG ou WebP de 5 Mo au plus."),
        widget=forms.FileInput,
    )
    remove_picture = forms.BooleanField(label=_("Retirer l'image actuelle"), required=False)
    # pending_pictures.keep_pending's token: the picture chosen before an error elsewhere in the form.
    kept_picture = forms.CharField(required=False, widget=forms.HiddenInput)
    themes = forms.ModelMultipleChoiceField(
        label=_("Thèmes"),
        queryset=Theme.objects.order_by("position", "name"),
        to_field_name="slug",
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Un ou plusieurs."),
        error_messages={
            "required": _("Choisissez au moins un thème."),
            "invalid_choice": _("Choisissez des thèmes dans la liste."),
            "invalid_pk_value": _("Choisissez des thèmes dans la liste."),
        },
    )

    class Meta:
        model = Event
        fields = [
            "title",
            "summary",
            "themes",
            "description",
            "language",
            "start_date",
            "start_time",
            "end_time",
            "end_date",
            "all_day",
            "repeat",
            "weekdays",
            "month_rank",
            "month_weekday",
            "repeat_until",
            "repeat_count",
            "place_name",
            "address",
            "commune_name",
            *(item.field for item in ACCESSIBILITY),
            "welcomer_name",
            "welcomer_hint",
            "how_to_come",
            "phone_registration",
            "phone_number",
            "organiser_name",
            "capacity",
            "picture",
            "remove_picture",
            "picture_alt",
        ]
        labels = {
            "title": _("Titre de la rencontre"),
            "summary": _("En bref"),
            "description": _("Présentation"),
            "all_day": _("Toute la journée (sans horaire)"),
            "place_name": _("Lieu"),
            "address": _("Adresse"),
            "organiser_name": _("Organisé par"),
            "capacity": _("Nombre de places"),
            "picture_alt": _("Ce que montre l'image"),
            "welcomer_name": _("Qui accueille les personnes ?"),
            "welcomer_hint": _("Comment la ou le reconnaître ?"),
            "how_to_come": _("Comment venir ?"),
            "phone_registration": _("On peut s'inscrire par téléphone"),
            "phone_number": _("Numéro à appeler"),
            "language": _("Langue du texte"),
        }
        help_texts = {
            "title": _("Court et clair, par exemple « Café-tricot » ou « Atelier CV »."),
            "summary": _(
                "Une ou deux phrases courtes, avec des mots de tous les jours : ce qu'on y fait et "
                "pour qui. 200 caractères au plus. C'est ce qu'on lit dans l'agenda. Par exemple : « On "
                "tricote ensemble autour d'un café. Débutants bienvenus, la laine est prêtée. »"
            ),
            "description": _("Ce qu'on y fait, pour qui, ce qu'il faut apporter. Pour du gras : **mot**."),
            "place_name": _("Par exemple « Médiathèque Jules-Verne » ou « Salle des fêtes »."),
            "address": _("Facultatif. Par exemple « 2 rue de la Mairie »."),
            "organiser_name": _("Votre prénom, ou le nom de votre association."),
            "capacity": _("Facultatif. Vide si le nombre de places n'est pas limité."),
            "picture_alt": _(
                "Une phrase pour les personnes qui ne voient pas l'image, "
                "par exemple « Des mains qui tricotent une écharpe rouge »."
            ),
            "welcomer_name": _("Facultatif. Un prénom, par exemple « Martine »."),
            "welcomer_hint": _("Facultatif. Par exemple « au fond de la salle, avec un foulard vert »."),
            "how_to_come": _(
                "Facultatif. Le bus, le parking, où se retrouver. Par exemple « Bus C4, "
                "arrêt Mairie. Entrée par la cour, à gauche. »"
            ),
            "easy_read": EASY_READ_EXPLANATION,
            "phone_number": _(
                "Facultatif. Pour s'inscrire ou demander à venir accompagné, par exemple "
                "« 02 40 00 00 00 ». Il est affiché : jamais un numéro personnel, sauf si vous voulez "
                "le rendre public."
            ),
        }
        widgets = {
            "summary": forms.Textarea(attrs={"rows": 2}),
            "description": forms.Textarea(attrs={"rows": 8}),
            "how_to_come": forms.Textarea(attrs={"rows": 3}),
            "phone_number": forms.TextInput(attrs={"type": "tel", "autocomplete": "off"}),
        }
        error_messages = {
            "title": {"required": _("Donnez un titre à la rencontre.")},
            "summary": SUMMARY_ERRORS,
            "place_name": {"required": _("Indiquez le lieu, par exemple « Médiathèque ».")},
            "organiser_name": {"required": _("Indiquez qui organise : votre prénom ou votre association.")},
            "capacity": {
                "invalid": _("Écrivez un nombre de places, par exemple 12."),
                "min_value": _("Écrivez au moins 1 place, ou laissez vide."),
            },
        }

    # How the page groups the fields: (legend, help, field names).
    GROUPS = [
        (_("La rencontre"), "", ["title", "summary", "themes", "description", "language"]),
        (_("Quand ?"), "", ["start_date", "start_time", "end_time", "end_date", "all_day"]),
        (
            _("Une seule fois, ou régulièrement ?"),
            _(
                "Pour une rencontre régulière, comme « tous les mardis » ou « le 1er samedi du mois ». "
                "La date de la rencontre, plus haut, est alors la première."
            ),
            REPEAT_FIELDS,
        ),
        (_("Où ?"), "", ["place_name", "address", "commune_name"]),
        (
            _("Accessibilité"),
            _("Cochez ce que le lieu et la rencontre offrent. Cela aide les personnes à choisir."),
            [item.field for item in ACCESSIBILITY],
        ),
        (
            _("Pour vous trouver"),
            _("Une personne qui vient pour la première fois sait ainsi qui chercher et comment venir."),
            ["welcomer_name", "welcomer_hint", "how_to_come"],
        ),
        (
            _("Par téléphone"),
            _(
                "Pour les personnes sans ordinateur : elles appellent pour s'inscrire, ou pour venir "
                "accompagnées."
            ),
            ["phone_registration", "phone_number"],
        ),
        (_("Organisation"), "", ["organiser_name", "capacity"]),
        (_("Image"), "", ["picture", "remove_picture", "picture_alt"]),
    ]

    def __init__(self, *args, owner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        self.checking_text = False
        self.picture = None
        self.kept_token = ""
        # French unless the member says otherwise (a form sent without it keeps French).
        self.fields["language"].required = False
        capacity = self.fields["capacity"]
        capacity.validators.append(MinValueValidator(1))
        capacity.widget.attrs["min"] = 1
        if not self.instance.picture:
            del self.fields["remove_picture"]
        if self.instance.pk:
            self._initial_from_instance()

    def _initial_from_instance(self):
        event = self.instance
        start, end = event.local_start, event.local_end
        initial = {"start_date": start.date(), "commune_name": event.commune.name}
        if event.all_day:
            last = (end - timedelta(days=1)).date()
        else:
            initial.update(start_time=start.time(), end_time=end.time())
            last = end.date()
        if last != start.date():
            initial["end_date"] = last
        self.initial.update(initial)
        self.recurrence_initial(event)

    def groups(self):
        return [
            (legend, help_text, [self[name] for name in names if name in self.fields])
            for legend, help_text, names in self.GROUPS
        ]

    # Fields ----------------------------------------------------------------------------------

    def clean_language(self):
        return self.cleaned_data.get("language") or content_language.DEFAULT

    def clean_commune_name(self):
        text = self.cleaned_data["commune_name"]
        communes = list(Commune.objects.matching(text).select_related("intercommunalite")[:6])
        if not communes:
            raise forms.ValidationError(
                gettext(
                    "Nous ne trouvons pas « %(text)s » parmi les communes de Loire-Atlantique. Vérifiez "
                    "l'orthographe, ou écrivez son code postal (5 chiffres, par exemple 44400)."
                )
                % {"text": text}
            )
        if len(communes) > 1:
            names = ", ".join(commune.name for commune in communes[:5])
            raise forms.ValidationError(
                gettext("Plusieurs communes correspondent (%(names)s). Écrivez le nom complet de la commune.")
                % {"names": names + ("…" if len(communes) > 5 else "")}
            )
        return communes[0]

    def clean_picture(self):
        upload = self.cleaned_data.get("picture")
        name = slugify(self.data.get("title", ""))[:40] or "image"
        token = self.data.get("kept_picture", "")
        if upload:
            self.picture = upload.picture
        elif token and self.owner is not None and not self.data.get("remove_picture"):
            self.picture = pending_pictures.take_pending(token, owner_pk=self.owner.pk, name=name)
            self.kept_token = token if self.picture else ""
        return upload

    def keep_picture(self):
        """After an error, a valid new picture waits on the server: no need to choose it again."""
        if self.picture is None or self.kept_token or self.owner is None:
            return
        self.kept_token = pending_pictures.keep_pending(self.picture, owner_pk=self.owner.pk)
        self.data = self.data.copy()
        self.data["kept_picture"] = self.kept_token

    def forget_kept_picture(self):
        if self.kept_token:
            pending_pictures.forget_pending(self.kept_token, owner_pk=self.owner.pk)

    @property
    def kept_picture_url(self):
        return (
            pending_pictures.pending_thumbnail_url(self.kept_token, owner_pk=self.owner.pk)
            if self.kept_token
            else ""
        )

    # "Relire mon texte" ------------------------------------------------------------------------

    def check_text(self):
        """The form as typed, with its readability hints and without its errors: "Relire mon
        texte" sends nothing, so a field not yet filled in is no error yet. A picture chosen
        waits on the server as after an error."""
        self.full_clean()
        self.keep_picture()
        self.checking_text = True

    @property
    def errors(self):
        if self.checking_text:
            return ErrorDict()
        return super().errors

    # The whole form --------------------------------------------------------------------------

    def clean(self):
        cleaned = super().clean()
        start = self._clean_dates(cleaned)
        if start is not None:
            self.clean_recurrence(cleaned, start)
        self._clean_place(cleaned)
        has_picture = self.picture or (self.instance.picture and not cleaned.get("remove_picture"))
        if has_picture and not cleaned.get("picture_alt", "").strip() and "picture_alt" not in self.errors:
            self.add_error(
                "picture_alt",
                gettext("Décrivez l'image en une phrase, pour les personnes qui ne la voient pas."),
            )
        return cleaned

    def _clean_dates(self, cleaned):
        day = cleaned.get("start_date")
        if not day:
            return None
        last = cleaned.get("end_date") or day
        if last < day:
            self.add_error("end_date", gettext("Le dernier jour doit être le jour de la rencontre ou après."))
            return None
        if cleaned.get("all_day"):
            start, end = local_midnight(day), local_midnight(last + timedelta(days=1))
        else:
            start_time, end_time = cleaned.get("start_time"), cleaned.get("end_time")
            if start_time is None and "start_time" not in self.errors:
                self.add_error(
                    "start_time", gettext("Indiquez l'heure de début, ou cochez « Toute la journée ».")
                )
            if end_time is None and "end_time" not in self.errors:
                self.add_error(
                    "end_time", gettext("Indiquez l'heure de fin, ou cochez « Toute la journée ».")
                )
            if start_time is None or end_time is None:
                return None
            start = datetime.combine(day, start_time, tzinfo=PARIS)
            end = datetime.combine(last, end_time, tzinfo=PARIS)
            if end <= start:
                self.add_error("end_time", gettext("L'heure de fin doit venir après l'heure de début."))
                return None
        if start <= timezone.now():
            self.add_error("start_date", gettext("Cette date est déjà passée. Choisissez une date à venir."))
            return None
        if end - start > MAX_DURATION:
            self.add_error(
                "end_date",
                gettext(
                    "Une rencontre dure au plus 31 jours. Pour une rencontre qui revient souvent, "
                    "choisissez « Toutes les semaines » ou « Tous les mois »."
                ),
            )
            return None
        self.instance.start, self.instance.end = start, end
        return start

    def _clean_place(self, cleaned):
        commune = cleaned.get("commune_name")
        if commune is None:
            return
        moved = (
            self.instance.point is None
            or self.instance.commune_id != commune.pk
            or "address" in self.changed_data
        )
        self.instance.commune = commune
        # clean() runs before the ModelForm copies the fields to the instance: the geocoder needs
        # the address typed now, not the one saved before.
        self.instance.address = cleaned.get("address", "")
        if moved:
            # Found again from the address (when a geocoder is set up) or the commune's centre.
            self.instance.point = None
            try:
                locate_event(self.instance, geocode=True)
            except ValidationError as error:
                self._update_errors(error)

    def add_model_errors(self, error):
        """A ValidationError of the model (keyed by model field) shown beside the right form field."""
        self._update_errors(error)

    def _update_errors(self, errors):
        """Errors of the model go beside the form field they come from, once."""
        if hasattr(errors, "error_dict"):
            remapped = {}
            for name, messages in errors.error_dict.items():
                target = name if name in self.fields else FIELD_OF_MODEL_FIELD.get(name, NON_FIELD_ERRORS)
                if target in self.errors:
                    continue
                remapped.setdefault(target, []).extend(messages)
            if not remapped:
                return
            errors = ValidationError(remapped)
        super()._update_errors(errors)
