"""No lost update when two people edit the same thing in the admin.

The change form carries, in a hidden field, a fingerprint of the stored values it was opened
with. When it is sent, the row is locked and its fingerprint computed again: if someone saved in
between, the form is shown again with what the person typed and a French message, instead of
silently writing over the other person's changes. Saving once more (after checking) keeps theirs.

Use both: `ConcurrentEditFormMixin` on the admin's form, `ConcurrentEditAdminMixin` on the admin.
"""

import hashlib
import json

from django import forms
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.forms.models import model_to_dict
from django.utils.translation import gettext_lazy as _

FINGERPRINT_FIELD = "edit_fingerprint"
CONFLICT_MESSAGE = _(
    "Quelqu'un d'autre a enregistré cette fiche pendant que vous la modifiiez. Vos changements "
    "ne sont pas encore enregistrés : ouvrez la fiche dans un autre onglet pour voir les siens, "
    "puis enregistrez à nouveau ici si vous voulez garder les vôtres."
)


def _plain(value):
    if isinstance(value, FieldFile):
        return value.name or ""
    if isinstance(value, list | tuple | set):
        return sorted(str(getattr(item, "pk", item)) for item in value)
    return str(getattr(value, "pk", value))


def fingerprint(instance, field_names):
    values = {name: _plain(value) for name, value in model_to_dict(instance, fields=field_names).items()}
    return hashlib.sha256(json.dumps(values, sort_keys=True).encode()).hexdigest()[:40]


class ConcurrentEditFormMixin(forms.Form):
    edit_fingerprint = forms.CharField(widget=forms.HiddenInput, required=False)
    conflict_message = CONFLICT_MESSAGE

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_fingerprint = None
        if self.instance.pk:
            names = [name for name in self._meta.fields if name != FINGERPRINT_FIELD]
            self.stored_fingerprint = fingerprint(self.instance, names)
            self.initial[FINGERPRINT_FIELD] = self.stored_fingerprint

    def clean(self):
        cleaned = super().clean()
        if self.stored_fingerprint and cleaned.get(FINGERPRINT_FIELD) != self.stored_fingerprint:
            # Shown again with the person's text and the new fingerprint: a second save keeps it.
            self.data = self.data.copy()
            self.data[self.add_prefix(FINGERPRINT_FIELD)] = self.stored_fingerprint
            raise ValidationError(self.conflict_message, code="edit_conflict")
        return cleaned


class ConcurrentEditAdminMixin:
    """Adds the hidden fingerprint to the form and locks the row while a change is saved."""

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if obj is None:
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], FINGERPRINT_FIELD]}), *rest]

    def get_object(self, request, object_id, from_field=None):
        obj = super().get_object(request, object_id, from_field)
        if obj is not None and request.method == "POST":
            # The admin saves in a transaction: holding the row until then, a second save sent at
            # the same moment waits, then sees the first one's values (and is told).
            list(self.model._base_manager.select_for_update().filter(pk=obj.pk).values_list("pk"))
            obj = super().get_object(request, object_id, from_field)
        return obj
