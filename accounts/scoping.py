"""What a volunteer referent may see and edit, for the admin of every app and for public views.

A referent looks after some thèmes and/or some intercommunalités (accounts.Scope). A row is in
their scope when one of its thèmes is theirs OR its intercommunalité is theirs. Superusers and the
"Modération" group see everything; every other account sees nothing.

In another app's admin::

    from accounts.scoping import AuditAdminMixin, ScopedAdminMixin

    @admin.register(Event)
    class EventAdmin(ScopedAdminMixin, AuditAdminMixin, admin.ModelAdmin):
        scope_theme_lookup = "themes"  # path to tousvoisins.Theme (or None)
        scope_territory_lookup = "commune__intercommunalite"  # path to Intercommunalite (or None)

The changelist, the change, history and delete views, actions and autocompletes then reach only
rows in scope (others answer as if the row did not exist); ``has_view/change/delete_permission(
request, obj)`` say no for a row out of scope. For a referent, the add/change form offers only
their thèmes and places (plus what the row already has) and refuses to save a row that would
fall outside their scope. The check runs after the model's clean(), so a commune computed from a
point in clean() is checked too. Don't put the scoped fields in ``list_editable``.

In a view (e.g. "the proposals I may publish")::

    from accounts.scoping import scope_filter

    proposals = scope_filter(request.user, Event.objects.pending(),
                             theme_lookup="themes", territory_lookup="commune__intercommunalite")
"""

from dataclasses import dataclass
from functools import reduce
from operator import or_

from django.db.models import Q
from django.utils.translation import gettext

from tousvoisins.admin_words import PlainFrenchAdminMixin
from tousvoisins.models import Intercommunalite, Theme, theme_name

from .audit import AuditedActionsMixin


def sees_everything(user):
    return bool(user.is_authenticated and user.is_active and user.is_moderator)


def _is_referent(user):
    return bool(user.is_authenticated and user.is_active and user.is_referent)


def _in(path, values):
    """`path__in=values`; an empty path means the row itself."""
    return Q(**{f"{path}__in" if path else "pk__in": values})


def _narrow(queryset, condition):
    # pk__in rather than a join + distinct(): the result still takes any ordering or annotation.
    return queryset.filter(pk__in=queryset.model._base_manager.filter(condition).values("pk"))


def scope_filter(user, queryset, *, theme_lookup=None, territory_lookup=None):
    """The rows of `queryset` that `user` may see and edit, in the same single SQL query."""
    if sees_everything(user):
        return queryset
    conditions = []
    if _is_referent(user):
        if theme_lookup:
            conditions.append(_in(theme_lookup, Theme.objects.filter(scope__user=user).values("pk")))
        if territory_lookup:
            conditions.append(
                _in(territory_lookup, Intercommunalite.objects.filter(scope__user=user).values("pk"))
            )
    if not conditions:
        return queryset.none()
    return _narrow(queryset, reduce(or_, conditions))


@dataclass(frozen=True)
class ScopeDimension:
    """One side of a referent's scope (their thèmes, or their territories) for one model."""

    lookup: str
    allowed: dict  # pk -> name
    wording: str  # "l'un de vos thèmes ({names})"

    @property
    def field_name(self):
        return self.lookup.split("__", 1)[0]

    def condition(self):
        return _in(self.lookup.partition("__")[2], list(self.allowed))

    def describe(self):
        return self.wording.format(names=", ".join(self.allowed.values()))


def referent_dimensions(user, *, theme_lookup=None, territory_lookup=None):
    dimensions = []
    if theme_lookup:
        rows = Theme.objects.filter(scope__user=user).values_list("pk", "slug", "name")
        themes = {pk: theme_name(slug, name) for pk, slug, name in rows}
        dimensions.append(ScopeDimension(theme_lookup, themes, gettext("l'un de vos thèmes ({names})")))
    if territory_lookup:
        places = Intercommunalite.objects.filter(scope__user=user).values_list("pk", "full_name")
        dimensions.append(
            ScopeDimension(territory_lookup, dict(places), gettext("un lieu de votre territoire ({names})"))
        )
    return dimensions


class ScopedFormMixin:
    """Mixed into the admin's ModelForm for referents (see ScopedAdminMixin.get_form)."""

    scope_dimensions = ()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for dimension in self.scope_dimensions:
            # An empty side (a territory referent's thèmes) stays open: the other side keeps the row in scope.
            if dimension.allowed:
                self._limit_choices(dimension)

    def _limit_choices(self, dimension):
        field = self.fields.get(dimension.field_name)
        if field is None or not hasattr(field, "queryset"):
            return
        # What the row already has stays offered, so saving never drops a value set by someone else.
        current = Q(pk__in=self._current_pks(dimension.field_name))
        field.queryset = _narrow(field.queryset, dimension.condition() | current)

    def _current_pks(self, name):
        model_field = self._meta.model._meta.get_field(name)
        if model_field.many_to_many:
            return getattr(self.instance, name).values("pk") if self.instance.pk else []
        value = getattr(self.instance, model_field.attname)
        return [] if value is None else [value]

    def _chosen_pks(self, name):
        if name not in self.cleaned_data:
            return self._current_pks(name)
        value = self.cleaned_data[name]
        if value is None:
            return []
        return [value.pk] if hasattr(value, "pk") else [item.pk for item in value]

    def _reaches(self, dimension):
        pks = self._chosen_pks(dimension.field_name)
        if not dimension.allowed or not pks:
            return False
        related = self._meta.model._meta.get_field(dimension.field_name).related_model
        return related._base_manager.filter(Q(pk__in=pks) & dimension.condition()).exists()

    def _post_clean(self):
        super()._post_clean()
        if self._errors or any(self._reaches(dimension) for dimension in self.scope_dimensions):
            return
        self.add_error(self._scope_error_field(), self._scope_message())

    def _scope_error_field(self):
        filled = [d.field_name for d in self.scope_dimensions if d.allowed and d.field_name in self.fields]
        return filled[0] if len(filled) == 1 else None

    def _scope_message(self):
        parts = [dimension.describe() for dimension in self.scope_dimensions if dimension.allowed]
        if not parts:
            return gettext(
                "Votre périmètre de référent est vide : demandez à l'équipe de modération de le compléter."
            )
        if len(parts) == 2:
            return gettext(
                "Pour rester dans votre périmètre de référent, choisissez %(first)s ou %(second)s."
            ) % {
                "first": parts[0],
                "second": parts[1],
            }
        return gettext("Pour rester dans votre périmètre de référent, choisissez %(choice)s.") % {
            "choice": parts[0]
        }


class ScopedAdminMixin(PlainFrenchAdminMixin):
    """ModelAdmin mixin: a referent reaches only the rows in their scope (see the module docstring),
    on screens that speak plain French (tousvoisins.admin_words)."""

    scope_theme_lookup = None
    scope_territory_lookup = None

    def scope_queryset(self, user, queryset):
        return scope_filter(
            user, queryset, theme_lookup=self.scope_theme_lookup, territory_lookup=self.scope_territory_lookup
        )

    def get_queryset(self, request):
        return self.scope_queryset(request.user, super().get_queryset(request))

    def is_in_scope(self, request, obj):
        # A row not saved yet is the form's business (ScopedFormMixin).
        if obj is None or obj.pk is None or sees_everything(request.user):
            return True
        cache = request.__dict__.setdefault("_scope_cache", {})
        key = (self.model._meta.label, obj.pk)
        if key not in cache:
            rows = self.model._base_manager.filter(pk=obj.pk)
            cache[key] = self.scope_queryset(request.user, rows).exists()
        return cache[key]

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self.is_in_scope(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self.is_in_scope(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and self.is_in_scope(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        if sees_everything(request.user):
            return form
        return type(form.__name__, (ScopedFormMixin, form), {"scope_dimensions": self._dimensions(request)})

    def _dimensions(self, request):
        # get_form runs twice per page (get_fields, then the form): look the scope up once.
        cache = request.__dict__.setdefault("_scope_dimensions", {})
        key = (self.scope_theme_lookup, self.scope_territory_lookup)
        if key not in cache:
            cache[key] = referent_dimensions(request.user, theme_lookup=key[0], territory_lookup=key[1])
        return cache[key]


class AuditAdminMixin(AuditedActionsMixin):
    """Fills `created_by` (on add) and `updated_by` (always) with the admin user, when the model has
    them; writes the bulk actions carried out in the moderation log (accounts.audit)."""

    def save_model(self, request, obj, form, change):
        field_names = {field.name for field in obj._meta.concrete_fields}
        if not change and "created_by" in field_names:
            obj.created_by = request.user
        if "updated_by" in field_names:
            obj.updated_by = request.user
        super().save_model(request, obj, form, change)
