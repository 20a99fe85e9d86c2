"""Referents in the admin.

Moderators manage every referent and what they look after (written to accounts.Scope by
services.referent_save). A referent reaches one row only, their own card: they edit their
presentation, photo and permanences, never their role, scope, account or whether they are listed.
They read the messages written to them, and only those.
"""

from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.scoping import AuditAdminMixin, sees_everything
from tousvoisins.forms import AdminFieldRulesMixin
from tousvoisins.models import Intercommunalite, Theme

from . import services
from .forms import PermanenceAdminForm, ReferentAdminForm, ReferentSelfForm
from .models import TERRITORY_FIELDS, THEME_FIELDS, Permanence, Referent, ReferentMessage

SELF_READONLY = ["kind", "area_in_words", "is_active"]


def _is_own(request, referent):
    return referent.user_id == request.user.pk


class PermanenceInline(AdminFieldRulesMixin, admin.StackedInline):
    model = Permanence
    form = PermanenceAdminForm
    extra = 0
    # No map to place the point: the admin's "add another" copies a hidden empty row, where a map
    # would be a dead copy. The point comes from the address (when a geocoder is configured) or
    # the commune's centre (services.permanence_place).
    fields = ["place_name", "address", "commune", "weekday", "start_time", "end_time", "frequency", "notes"]
    autocomplete_fields = ["commune"]
    verbose_name_plural = _("permanences : où et quand vous rencontrer")


@admin.register(Referent)
class ReferentAdmin(AdminFieldRulesMixin, AuditAdminMixin, admin.ModelAdmin):
    list_display = ["public_name", "kind", "area_in_words", "structure", "is_active"]
    list_filter = ["kind", "is_active", "structure_kind"]
    search_fields = ["public_name", "structure", "user__username"]
    autocomplete_fields = ["user"]
    radio_fields = {"title": admin.HORIZONTAL}
    inlines = [PermanenceInline]
    actions = ["deactivate", "activate"]

    def get_queryset(self, request):
        queryset = (
            super()
            .get_queryset(request)
            .select_related("user__scope")
            .prefetch_related(
                Prefetch("user__scope__themes", queryset=Theme.objects.only(*THEME_FIELDS)),
                Prefetch(
                    "user__scope__intercommunalites",
                    queryset=Intercommunalite.objects.only(*TERRITORY_FIELDS),
                ),
            )
        )
        if sees_everything(request.user):
            return queryset
        return queryset.filter(user=request.user)

    @admin.display(description=_("thèmes ou intercommunalité suivis"))
    def area_in_words(self, referent):
        return referent.area_in_words

    def get_form(self, request, obj=None, change=False, **kwargs):
        kwargs["form"] = ReferentAdminForm if sees_everything(request.user) else ReferentSelfForm
        return super().get_form(request, obj, change, **kwargs)

    def get_fields(self, request, obj=None):
        if sees_everything(request.user):
            return ReferentAdminForm.Meta.fields
        return [*ReferentSelfForm.Meta.fields, *SELF_READONLY]

    def get_readonly_fields(self, request, obj=None):
        return [] if sees_everything(request.user) else SELF_READONLY

    def has_manage_permission(self, request):
        """For the actions below: only moderators (and superusers) list or unlist referents."""
        return sees_everything(request.user)

    # Adding and deleting referents need those permissions, which only moderators have
    # (referents/migrations/0002_roles.py): checked by permission rather than by group, so that
    # the admin's menu on every page costs no extra query.

    def has_view_permission(self, request, obj=None):
        allowed = super().has_view_permission(request, obj)
        return allowed and (obj is None or sees_everything(request.user) or _is_own(request, obj))

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or sees_everything(request.user) or _is_own(request, obj))

    def save_model(self, request, obj, form, change):
        if sees_everything(request.user):
            services.referent_save(
                referent=obj, themes=form.cleaned_data["themes"], territories=form.cleaned_data["territories"]
            )
        else:
            super().save_model(request, obj, form, change)

    def save_formset(self, request, form, formset, change):
        if formset.model is Permanence:
            for row in formset.forms:
                if row not in formset.deleted_forms and {"address", "commune"} & set(row.changed_data):
                    services.permanence_place(row.instance)
        super().save_formset(request, form, formset, change)

    def delete_model(self, request, obj):
        services.referent_delete(obj)

    def delete_queryset(self, request, queryset):
        for referent in queryset.select_related("user"):
            services.referent_delete(referent)

    @admin.action(description=_("Retirer de l'annuaire (et de l'administration)"), permissions=["manage"])
    def deactivate(self, request, queryset):
        self._set_active(request, queryset, False)

    @admin.action(description=_("Remettre dans l'annuaire"), permissions=["manage"])
    def activate(self, request, queryset):
        self._set_active(request, queryset, True)

    def _set_active(self, request, queryset, active):
        referents = list(queryset.select_related("user").filter(is_active=not active))
        for referent in referents:
            referent.is_active = active
            referent.save(update_fields=["is_active", "updated"])
            services.referent_sync_access(referent)
        count = len(referents)
        if active:
            text = ngettext(
                "%(count)s référent(s) remis dans l'annuaire.",
                "%(count)s référent(s) remis dans l'annuaire.",
                count,
            )
        else:
            text = ngettext(
                "%(count)s référent(s) retirés de l'annuaire.",
                "%(count)s référent(s) retirés de l'annuaire.",
                count,
            )
        self.message_user(request, text % {"count": count}, messages.SUCCESS)


@admin.register(ReferentMessage)
class ReferentMessageAdmin(AdminFieldRulesMixin, admin.ModelAdmin):
    list_display = ["name", "referent", "created", "handled"]
    list_filter = ["handled"]
    list_select_related = ["referent"]
    search_fields = ["name", "message"]
    fields = ["referent", "name", "email", "message", "created", "handled"]
    readonly_fields = ["referent", "name", "email", "message", "created"]
    date_hierarchy = "created"

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if sees_everything(request.user):
            return queryset
        return queryset.for_user(request.user)

    def has_add_permission(self, request):
        return False

    def _reaches(self, request, obj):
        return obj is None or sees_everything(request.user) or obj.referent.user_id == request.user.pk

    def has_view_permission(self, request, obj=None):
        return super().has_view_permission(request, obj) and self._reaches(request, obj)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and self._reaches(request, obj)
