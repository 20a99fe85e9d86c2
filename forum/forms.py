from django import forms
from django.utils.translation import gettext_lazy as _

from tousvoisins import content_language
from tousvoisins.forms import DescribedBoundField, single_line_fields

from .models import Category, Report

BODY_HELP = _(
    "Écrivez simplement. Pour du gras : **mot**. Pour une liste : une ligne par élément commençant "
    "par « - » (ou « 1. », « 2. »… pour la numéroter). Pour citer : une ligne commençant par « > ». "
    "10 000 caractères au plus."
)
MIN_QUERY_LENGTH = 3


def language_field():
    """The language the post is written in: French unless its author says otherwise. It is never
    translated; pages mark it with `lang` when it differs from theirs."""
    return forms.TypedChoiceField(
        label=_("Langue du texte"),
        choices=content_language.choices(),
        initial=content_language.DEFAULT,
        # Not sent (an older page, a script): French, the default.
        required=False,
        empty_value=content_language.DEFAULT,
        help_text=_("La langue dans laquelle vous écrivez. Votre message n'est pas traduit."),
        error_messages={"invalid_choice": _("Choisissez une langue de la liste.")},
    )


def body_field(label):
    return forms.CharField(
        label=label,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=BODY_HELP,
        error_messages={
            "required": _("Écrivez votre message."),
            "max_length": _(
                "Votre message est trop long : 10 000 caractères au plus (il en a %(show_value)d)."
            ),
        },
    )


@single_line_fields
class TopicForm(forms.Form):
    bound_field_class = DescribedBoundField

    title = forms.CharField(
        label=_("Titre du sujet"),
        max_length=150,
        help_text=_(
            "Une phrase courte qui dit de quoi vous parlez, par exemple « Covoiturage vers Blain le mardi »."
        ),
        error_messages={
            "required": _("Écrivez un titre pour votre sujet."),
            "max_length": _("Le titre est trop long : 150 caractères au plus (il en a %(show_value)d)."),
        },
    )
    body = body_field(_("Votre message"))
    language = language_field()

    def clean_title(self):
        title = " ".join(self.cleaned_data["title"].split())
        if len(title) < 5:
            raise forms.ValidationError(_("Le titre est trop court : écrivez au moins 5 caractères."))
        return title


class ReplyForm(forms.Form):
    bound_field_class = DescribedBoundField

    body = body_field(_("Votre réponse"))
    language = language_field()


class EditForm(forms.Form):
    bound_field_class = DescribedBoundField

    body = body_field(_("Votre message"))
    language = language_field()


class ReportForm(forms.Form):
    bound_field_class = DescribedBoundField

    reason = forms.ChoiceField(
        label=_("Pourquoi signalez-vous ce message ?"),
        choices=Report.Reason.choices,
        widget=forms.RadioSelect,
        error_messages={"required": _("Choisissez une raison.")},
    )
    details = forms.CharField(
        label=_("Précisions"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Facultatif. Ce qui aidera la modération à comprendre. 2 000 caractères au plus."),
        error_messages={"max_length": _("2 000 caractères au plus (il y en a %(show_value)d).")},
    )


@single_line_fields
class HideForm(forms.Form):
    bound_field_class = DescribedBoundField

    reason = forms.CharField(
        label=_("Raison"),
        max_length=200,
        help_text=_("Montrée à l'auteur du message et à la modération, jamais au public."),
        error_messages={"required": _("Écrivez en quelques mots pourquoi ce message est masqué.")},
    )


class MoveForm(forms.Form):
    bound_field_class = DescribedBoundField

    category = forms.ModelChoiceField(
        label=_("Déplacer vers la catégorie"),
        queryset=Category.objects.public(),
        to_field_name="slug",
        empty_label=None,
        error_messages={"invalid_choice": _("Choisissez une catégorie de la liste.")},
    )


@single_line_fields
class SearchForm(forms.Form):
    bound_field_class = DescribedBoundField

    q = forms.CharField(label=_("Rechercher dans le forum"), max_length=200, required=False)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())

    @property
    def query(self):
        """The words to look for, or "" when there is nothing (long enough) to look for."""
        if not self.is_valid():
            return ""
        query = self.cleaned_data["q"]
        return query if len(query) >= MIN_QUERY_LENGTH else ""
