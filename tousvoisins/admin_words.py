"""Plain French (and labelled fields) on the admin screens referents use, instead of Django's generic phrases
("Sélectionnez l'objet proposition à relire à changer", "Ajout de événement", "Exécuter").

Every scoped admin gets it through accounts.scoping.ScopedAdminMixin; an admin may name its
screens better with `changelist_title`, `add_title` and `change_title`. The buttons' words are in
templates/admin/actions.html and change_list_object_tools.html.
"""

from django import forms
from django.contrib.admin.helpers import ActionForm
from django.contrib.admin.options import ActionLocation
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .forms import AdminFieldRulesMixin


class PlainActionForm(ActionForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].label = _("Pour les lignes cochées :")


class PlainFrenchAdminMixin(AdminFieldRulesMixin):
    changelist_title = None  # "Choisissez une proposition à relire"
    add_title = None  # "Ajouter un événement"
    change_title = None  # "Modifier l'événement"
    action_form = PlainActionForm

    def changelist_view(self, request, extra_context=None):
        names = self.model._meta.verbose_name_plural
        context = {
            "title": self.changelist_title
            or gettext("Choisissez dans la liste : %(names)s") % {"names": names},
            "add_label": self.add_title or gettext("Ajouter"),
            **(extra_context or {}),
        }
        return super().changelist_view(request, context)

    def add_view(self, request, form_url="", extra_context=None):
        title = self.add_title or gettext("Ajouter : %(name)s") % {"name": self.model._meta.verbose_name}
        return super().add_view(request, form_url, {"title": title, **(extra_context or {})})

    def change_view(self, request, object_id, form_url="", extra_context=None):
        name = self.model._meta.verbose_name
        if self.has_change_permission(request):
            title = self.change_title or gettext("Modifier : %(name)s") % {"name": name}
        else:
            title = gettext("Consulter : %(name)s") % {"name": name}
        return super().change_view(
            request, object_id, form_url, {"title": capfirst(title), **(extra_context or {})}
        )

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        formfield = super().formfield_for_dbfield(db_field, request, **kwargs)
        # Django names a file input by the <legend> of its <fieldset>, which screen readers and
        # axe-core do not take as the input's label.
        if formfield is not None and isinstance(formfield.widget, forms.ClearableFileInput):
            formfield.widget.attrs.setdefault("aria-label", str(formfield.label))
        return formfield

    def get_action_choices(self, request, default_choices=None, action_location=ActionLocation.CHANGE_LIST):
        if default_choices is None:
            default_choices = [("", gettext("Choisissez quoi faire"))]
        choices = super().get_action_choices(request, default_choices, action_location)
        return [
            (
                name,
                gettext("Supprimer définitivement les lignes cochées")
                if name == "delete_selected"
                else label,
            )
            for name, label in choices
        ]
