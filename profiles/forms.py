from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousvoisins.forms import DescribedBoundField, ThemeTerritoryFilterForm, single_line_fields
from tousvoisins.images import THUMBNAIL_SIDE, PictureField
from tousvoisins.models import Commune, Theme

from .models import Message, Profile, Report
from .suggestions import LABEL_BY_KEY, grouped_choices
from .tags import MAX_LABEL_LENGTH, split_free_text, tag_key, too_long_parts, unique_by_key

MAX_TAGS = 20

# The three tag sets: (field prefix, Profile manager, the message when there are too many).
TAG_SETS = (
    ("interests", "interests", _("Choisissez au plus %(max)s centres d'intérêt : vous en avez %(count)s.")),
    ("skills", "skills", _("Choisissez au plus %(max)s savoirs à partager : vous en avez %(count)s.")),
    ("wishes", "wishes", _("Choisissez au plus %(max)s envies d'apprendre : vous en avez %(count)s.")),
)


class GroupedCheckboxes(forms.CheckboxSelectMultiple):
    """Boxes to tick, one <fieldset> per thème (Django's default puts groups in bare labels)."""

    template_name = "profiles/widgets/grouped_checkboxes.html"


def _suggestion_field(label):
    return forms.MultipleChoiceField(
        label=label,
        help_text=_("Les suggestions sont rangées par thème."),
        required=False,
        widget=GroupedCheckboxes,
        error_messages={"invalid_choice": _("« %(value)s » ne fait pas partie des suggestions.")},
    )


def _free_field(label):
    return forms.CharField(
        label=label,
        required=False,
        max_length=600,
        help_text=_(
            "Séparez-les par des virgules. Par exemple : scrabble, histoire de Nantes, cuisine du monde."
        ),
        error_messages={"max_length": _("Écrivez au plus 600 caractères ici.")},
    )


@single_line_fields
class ProfileForm(forms.ModelForm):
    bound_field_class = DescribedBoundField

    commune_name = forms.CharField(
        label=_("Ma commune (facultatif)"),
        required=False,
        max_length=100,
        help_text=_(
            "Le nom de votre commune ou son code postal. Seul le nom de la commune est montré, "
            "jamais votre adresse."
        ),
        # RGAA 11.13: the browser may fill in the member's own town.
        widget=forms.TextInput(attrs={"autocomplete": "address-level2"}),
    )
    interests_suggested = _suggestion_field(_("Cochez ce que vous aimez"))
    interests_other = _free_field(_("Autres choses que j'aime"))
    skills_suggested = _suggestion_field(_("Cochez ce que vous savez faire et aimeriez montrer aux autres"))
    skills_other = _free_field(_("Autres savoirs à partager"))
    wishes_suggested = _suggestion_field(_("Cochez ce que vous aimeriez découvrir avec quelqu'un"))
    wishes_other = _free_field(_("Autres envies d'apprendre"))
    # A card shows it small: 400 pixels at most.
    photo = PictureField(
        label=_("Ma photo (facultatif)"),
        required=False,
        full_side=THUMBNAIL_SIDE,
        widget=forms.ClearableFileInput,
        help_text=_(
            "Une photo au format JPEG, PNG ou WebP, de 5 Mo au plus. Elle est réduite et les "
            "informations cachées dans le fichier (lieu, appareil) sont retirées."
        ),
    )

    class Meta:
        model = Profile
        fields = [
            "display_name",
            "presentation",
            "themes",
            "visibility",
            "open_to_contact",
            "weekly_digest",
            "message_notifications",
            "reply_notifications",
            "event_reminders",
            "community_messages",
        ]
        labels = {
            "display_name": _("Mon nom affiché"),
            "presentation": _("Quelques mots sur moi (facultatif)"),
            "themes": _("Les thèmes que je suis"),
            "visibility": _("Qui peut voir mon profil ?"),
            "open_to_contact": _("J'accepte que les membres m'écrivent"),
            "weekly_digest": _(
                "Chaque semaine, un e-mail avec les nouvelles rencontres de mes thèmes et de mon "
                "intercommunalité"
            ),
            "message_notifications": _("Un e-mail quand j'ai reçu des messages que je n'ai pas encore lus"),
            "reply_notifications": _("Un e-mail quand on répond à mes sujets sur le forum"),
            "event_reminders": _("Un e-mail la veille d'une rencontre où je participe"),
            "community_messages": _("Les messages que les hôtes de mes communautés écrivent aux membres"),
        }
        help_texts = {
            "display_name": _(
                "Un prénom ou un pseudonyme, 40 caractères au plus. N'écrivez pas votre nom de famille."
            ),
            "presentation": _(
                "600 caractères au plus. Ne donnez ni adresse, ni numéro de téléphone : les "
                "membres peuvent vous écrire par le site."
            ),
            "themes": _("Ils servent à vous proposer des rencontres et à l'e-mail de la semaine."),
            "open_to_contact": _("Personne ne voit votre adresse e-mail : les messages passent par le site."),
        }
        widgets = {
            "presentation": forms.Textarea(attrs={"rows": 4}),
            "themes": forms.CheckboxSelectMultiple,
            "visibility": forms.RadioSelect,
        }
        error_messages = {
            "display_name": {
                "required": _("Écrivez un prénom ou un pseudonyme."),
                "max_length": _("Écrivez au plus 40 caractères."),
            },
            "presentation": {
                "max_length": _("Écrivez au plus 600 caractères (vous en avez écrit %(show_value)d).")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        themes = list(Theme.objects.only("slug", "name"))
        self.fields["themes"].queryset = Theme.objects.only("slug", "name")
        self.fields["themes"].choices = [(theme.pk, theme.label) for theme in themes]
        self.fields["visibility"].choices = Profile.Visibility.choices
        choices = grouped_choices({theme.slug: theme.label for theme in themes})
        for prefix, _manager, _words in TAG_SETS:
            self.fields[f"{prefix}_suggested"].choices = choices
        self.fields["display_name"].widget.attrs["autocomplete"] = "nickname"
        if self.instance.photo:
            # The current photo: shown with a box to remove it, and kept when nothing is sent.
            self.initial["photo"] = self.instance.photo
        if self.instance.pk and not self.is_bound:
            self._initial_from_profile()

    def _initial_from_profile(self):
        profile = self.instance
        if profile.commune_id:
            self.initial["commune_name"] = profile.commune.name
        for prefix, manager, _words in TAG_SETS:
            names = [tag.name for tag in getattr(profile, manager).all()]
            suggested = [LABEL_BY_KEY[tag_key(name)] for name in names if tag_key(name) in LABEL_BY_KEY]
            self.initial[f"{prefix}_suggested"] = suggested
            self.initial[f"{prefix}_other"] = ", ".join(name for name in names if name not in suggested)

    def clean_display_name(self):
        name = " ".join(self.cleaned_data["display_name"].split())
        if "@" in name or "://" in name:
            raise ValidationError(gettext("Écrivez un prénom ou un pseudonyme, pas une adresse."))
        if not name:
            raise ValidationError(gettext("Écrivez un prénom ou un pseudonyme."))
        return name

    def clean_commune_name(self):
        text = self.cleaned_data["commune_name"].strip()
        if not text:
            return None
        communes = list(Commune.objects.matching(text).only("pk", "name", "intercommunalite_id")[:9])
        if not communes:
            raise ValidationError(
                gettext(
                    "Nous ne trouvons pas « %(text)s » parmi les communes de Loire-Atlantique. Vérifiez "
                    "l'orthographe, ou écrivez le code postal."
                )
                % {"text": text}
            )
        if len(communes) > 1:
            names = ", ".join(commune.name for commune in communes[:8])
            raise ValidationError(
                gettext("Plusieurs communes correspondent : %(names)s. Écrivez le nom complet de la vôtre.")
                % {"names": names}
            )
        return communes[0]

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        # A new upload is re-encoded; False means "remove it"; the current photo or None, "keep it".
        if hasattr(photo, "picture"):  # re-encoded by PictureField
            return SimpleUploadedFile(photo.name, photo.read(), content_type="image/jpeg")
        return photo

    def clean(self):
        cleaned = super().clean()
        for prefix, _manager, too_many in TAG_SETS:
            labels = [
                *cleaned.get(f"{prefix}_suggested", []),
                *split_free_text(cleaned.get(f"{prefix}_other")),
            ]
            too_long = too_long_parts(cleaned.get(f"{prefix}_other"))
            labels = unique_by_key(labels)
            if too_long:
                self.add_error(
                    f"{prefix}_other",
                    gettext(
                        "« %(words)s » est trop long : %(max)s caractères au plus par mot ou "
                        "expression. Séparez les mots par des virgules."
                    )
                    % {"words": too_long[0], "max": MAX_LABEL_LENGTH},
                )
            elif len(labels) > MAX_TAGS:
                self.add_error(
                    f"{prefix}_other",
                    str(too_many) % {"max": MAX_TAGS, "count": len(labels)},
                )
            cleaned[prefix] = labels
        return cleaned

    def tag_labels(self):
        """{"interests": [labels], "skills": […], "wishes": […]} once the form is valid."""
        return {prefix: self.cleaned_data[prefix] for prefix, _manager, _words in TAG_SETS}


@single_line_fields
class MemberFilterForm(ThemeTerritoryFilterForm):
    """/membres/'s filters, from the query string; a wrong value is said beside its field and ignored."""

    field_order = ["interet", "theme", "territoire"]

    interet = forms.CharField(
        label=_("Un centre d'intérêt"),
        required=False,
        max_length=MAX_LABEL_LENGTH,
        help_text=_("Par exemple : cuisine, jardinage, vélo."),
        # Django fills in %(limit_value)s.
        error_messages={"max_length": _("Écrivez au plus %(limit_value)s caractères.")},
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].label = _("Thème suivi")

    def describe(self):
        interest = self.filters().get("interet")
        return ([gettext("« %(words)s »") % {"words": interest}] if interest else []) + super().describe()


class MessageForm(forms.ModelForm):
    bound_field_class = DescribedBoundField

    class Meta:
        model = Message
        fields = ["body"]
        labels = {"body": _("Votre message")}
        help_texts = {
            "body": _(
                "3 000 caractères au plus. Restez courtois : la charte de Tous voisins 44 s'applique "
                "aussi aux messages. Ne donnez pas votre adresse tant que vous ne connaissez pas la personne."
            )
        }
        widgets = {"body": forms.Textarea(attrs={"rows": 5})}
        error_messages = {
            "body": {
                "required": _("Écrivez votre message avant de l'envoyer."),
                "max_length": _("Écrivez au plus 3 000 caractères (vous en avez écrit %(show_value)d)."),
            }
        }

    def clean_body(self):
        body = self.cleaned_data["body"].strip()
        if not body:
            raise ValidationError(gettext("Écrivez votre message avant de l'envoyer."))
        return body


class ReportForm(forms.ModelForm):
    bound_field_class = DescribedBoundField

    class Meta:
        model = Report
        fields = ["reason", "details"]
        labels = {"reason": _("Pourquoi signalez-vous ?"), "details": _("Précisions (facultatif)")}
        help_texts = {
            "details": _("Ce qui s'est passé, en quelques mots. Seule l'équipe de modération le lit.")
        }
        widgets = {"reason": forms.RadioSelect, "details": forms.Textarea(attrs={"rows": 4})}
        error_messages = {
            "reason": {"required": _("Choisissez une raison.")},
            "details": {
                "max_length": _("Écrivez au plus 2 000 caractères (vous en avez écrit %(show_value)d).")
            },
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].choices = Report.Reason.choices


class DeleteAccountForm(forms.Form):
    bound_field_class = DescribedBoundField

    password = forms.CharField(
        label=_("Votre mot de passe"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
        help_text=_("Pour être sûrs que c'est bien vous."),
        error_messages={"required": _("Écrivez votre mot de passe.")},
    )
    confirm = forms.BooleanField(
        label=_("Je comprends que mon compte, mon profil et mes messages seront supprimés pour toujours"),
        error_messages={"required": _("Cochez cette case pour confirmer.")},
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self):
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(gettext("Ce mot de passe n'est pas le bon. Vérifiez-le et recommencez."))
        return password
