from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousvoisins.forms import DescribedBoundField, ThemeTerritoryFilterForm, single_line_fields
from tousvoisins.images import PictureField
from tousvoisins.models import Intercommunalite, Theme

from .models import TERRITORY_FIELDS, Permanence, Referent
from .services import scope_errors


class DirectoryFilterForm(ThemeTerritoryFilterForm):
    """The directory's filters, read from the query string."""


@single_line_fields
class VisitorContactForm(forms.Form):
    """Writing to a referent without an account: a name and an address to answer to."""

    bound_field_class = DescribedBoundField

    name = forms.CharField(
        label=_("Votre nom"),
        max_length=100,
        help_text=_("Un prénom suffit."),
    )
    email = forms.EmailField(
        label=_("Votre adresse e-mail"),
        error_messages={
            "invalid": _(
                "Cette adresse e-mail n'est pas valide. Vérifiez-la : elle ressemble à prenom.nom@exemple.fr."
            ),
        },
    )
    message = forms.CharField(
        label=_("Votre message"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 7}),
        help_text=_("Expliquez avec vos mots ce que vous cherchez. 3 000 caractères au plus."),
        error_messages={
            "required": _("Écrivez votre message."),
            "max_length": _(
                "Votre message est trop long : 3 000 caractères au plus (il en a %(show_value)d)."
            ),
        },
    )
    # Honeypot: hidden from people by CSS (never seen, never focused, not read aloud);
    # spam robots fill every field they find.
    website = forms.CharField(label=_("Ne remplissez pas ce champ"), required=False)

    def __init__(self, *args, referent=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The sentences name whom the message goes to: "la référente" when that is her title
        # (whole sentences for each, so that each language can agree them).
        self.to_referente = bool(referent and referent.is_referente)
        if "name" in self.fields:
            self.fields["name"].widget.attrs["autocomplete"] = "name"
            self.fields["name"].error_messages["required"] = (
                gettext("Écrivez votre nom ou votre prénom, pour que la référente sache qui lui écrit.")
                if self.to_referente
                else gettext("Écrivez votre nom ou votre prénom, pour que le référent sache qui lui écrit.")
            )
        if "email" in self.fields:
            self.fields["email"].widget.attrs["autocomplete"] = "email"
            self.fields["email"].help_text = (
                gettext(
                    "La référente vous répondra à cette adresse. "
                    "Elle n'est montrée à personne sur le site. Exemple : prenom.nom@exemple.fr"
                )
                if self.to_referente
                else gettext(
                    "Le référent vous répondra à cette adresse. "
                    "Elle n'est montrée à personne sur le site. Exemple : prenom.nom@exemple.fr"
                )
            )
            self.fields["email"].error_messages["required"] = (
                gettext("Écrivez votre adresse e-mail pour que la référente puisse vous répondre.")
                if self.to_referente
                else gettext("Écrivez votre adresse e-mail pour que le référent puisse vous répondre.")
            )
        self.fields["website"].widget.attrs.update({"autocomplete": "off", "tabindex": "-1"})

    @property
    def is_spam(self):
        return bool(self.cleaned_data.get("website"))


@single_line_fields
class MemberContactForm(VisitorContactForm):
    """A signed-in member: the answer goes to their account's address, which they need not type."""

    email = None

    def __init__(self, *args, user, **kwargs):
        kwargs.setdefault("initial", {}).setdefault("name", user.get_full_name())
        super().__init__(*args, **kwargs)
        self.fields["name"].help_text = (
            gettext("Le nom que verra la référente. Un prénom suffit.")
            if self.to_referente
            else gettext("Le nom que verra le référent. Un prénom suffit.")
        )


def contact_form(request, data=None, *, referent=None):
    if request.user.is_authenticated and request.user.email:
        return MemberContactForm(data, user=request.user, referent=referent)
    return VisitorContactForm(data, referent=referent)


class PhotoFormMixin:
    """The photo goes through tousvoisins.images.PictureField (re-encoded, metadata dropped, size
    capped; each form's Meta names it in `field_classes`).

    A card shows the photo small: the 400-pixel version is kept, under a random name (the
    original one may say who is in the picture).
    """

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and hasattr(photo, "picture"):  # a new upload, not the photo already stored
            return photo.picture.thumbnail
        return photo


@single_line_fields
class ReferentSelfForm(PhotoFormMixin, forms.ModelForm):
    """What a referent edits of their own card."""

    class Meta:
        model = Referent
        fields = [
            "public_name",
            "title",
            "photo",
            "structure",
            "structure_kind",
            "presentation",
            "phone",
            "phone_hours",
        ]
        field_classes = {"photo": PictureField}


@single_line_fields
class ReferentAdminForm(PhotoFormMixin, forms.ModelForm):
    """For moderators: the card, the role and what the referent looks after (their accounts.Scope)."""

    themes = forms.ModelMultipleChoiceField(
        label=_("thèmes suivis"),
        queryset=Theme.objects.all(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Pour un référent thématique seulement."),
    )
    territories = forms.ModelMultipleChoiceField(
        label=_("intercommunalité suivie"),
        queryset=Intercommunalite.objects.only(*TERRITORY_FIELDS).order_by("short_name"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Pour un référent de territoire seulement (en général une seule)."),
    )

    class Meta:
        model = Referent
        fields = [
            "user",
            "public_name",
            "title",
            "kind",
            "themes",
            "territories",
            "photo",
            "structure",
            "structure_kind",
            "presentation",
            "phone",
            "phone_hours",
            "is_active",
        ]
        field_classes = {"photo": PictureField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        scope = getattr(self.instance.user, "scope", None) if self.instance.user_id else None
        if scope is not None:
            self.fields["themes"].initial = list(scope.themes.values_list("pk", flat=True))
            self.fields["territories"].initial = list(scope.intercommunalites.values_list("pk", flat=True))

    def clean(self):
        cleaned = super().clean()
        errors = scope_errors(
            cleaned.get("kind"), cleaned.get("themes") or [], cleaned.get("territories") or []
        )
        for field, message in errors.items():
            self.add_error(field, message)
        return cleaned


@single_line_fields
class PermanenceAdminForm(forms.ModelForm):
    """A permanence in the admin, placed by its commune (and address) since the form has no map."""

    class Meta:
        model = Permanence
        fields = [
            "place_name",
            "address",
            "commune",
            "weekday",
            "start_time",
            "end_time",
            "frequency",
            "notes",
        ]

    def clean(self):
        cleaned = super().clean()
        if {"address", "commune"} & set(self.changed_data):
            # Placed again from what was just chosen, not from where it was before.
            self.instance.point = None
        return cleaned
