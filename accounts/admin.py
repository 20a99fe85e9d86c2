"""For the moderators: users, their referent scope and suspensions, the blocks between members,
identifications kept after closure, the moderation log."""

from django.contrib import admin, messages
from django.contrib.admin.models import LogEntry
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.forms import AdminUserCreationForm, UserChangeForm
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.text import Truncator
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from tousvoisins.admin_words import PlainFrenchAdminMixin
from tousvoisins.forms import AdminFieldRulesMixin, single_line_fields

from . import suspensions
from .audit import AuditedActionsMixin
from .models import (
    MODERATION,
    TERRITORY_REFERENTS,
    THEMATIC_REFERENTS,
    Block,
    RetainedIdentification,
    Scope,
    Suspension,
    User,
)

ROLE_GROUPS = (THEMATIC_REFERENTS, TERRITORY_REFERENTS, MODERATION)
# Only a superuser sees and hands out these (a moderator setting passwords could take over accounts).
SUPERUSER_ONLY_FIELDS = ("password", "is_superuser", "user_permissions")


class ScopeInline(AdminFieldRulesMixin, admin.StackedInline):
    model = Scope
    can_delete = False
    filter_horizontal = ["themes", "intercommunalites"]
    verbose_name_plural = _("périmètre de référent (thèmes et intercommunalités suivis)")


class SuspensionInline(AdminFieldRulesMixin, admin.TabularInline):
    model = Suspension
    fk_name = "user"
    extra = 0
    fields = ["reason", "starts_at", "ends_at", "lifted_at", "created_by"]
    readonly_fields = ["created_by"]


@single_line_fields
class SingleLineUserChangeForm(UserChangeForm):
    class Meta(UserChangeForm.Meta):
        model = User


@single_line_fields
class SingleLineUserCreationForm(AdminUserCreationForm):
    class Meta(AdminUserCreationForm.Meta):
        model = User


@admin.register(User)
class UserAdmin(AdminFieldRulesMixin, AuditedActionsMixin, DjangoUserAdmin):
    list_display = ["username", "email", "roles", "is_staff", "date_joined"]
    list_filter = ["groups", "is_staff", "is_active"]
    search_fields = ["username", "first_name", "last_name", "email"]
    inlines = [ScopeInline, SuspensionInline]
    form = SingleLineUserChangeForm
    add_form = SingleLineUserCreationForm
    readonly_fields = ["charter_version", "charter_accepted_at", "last_login", "date_joined"]
    fieldsets = [
        *DjangoUserAdmin.fieldsets,
        (_("Charte de la communauté"), {"fields": ["charter_version", "charter_accepted_at"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("rôles"))
    def roles(self, user):
        return ", ".join(sorted(group.name for group in user.groups.all())) or gettext("membre")

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if request.user.is_superuser:
            return fieldsets
        return [
            (title, {**options, "fields": [f for f in options["fields"] if f not in SUPERUSER_ONLY_FIELDS]})
            for title, options in fieldsets
        ]

    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        if db_field.name == "groups" and not request.user.is_superuser:
            kwargs["queryset"] = Group.objects.filter(name__in=ROLE_GROUPS)
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def has_change_permission(self, request, obj=None):
        # A moderator cannot take over a superuser's account (password, e-mail, roles).
        if obj is not None and obj.is_superuser and not request.user.is_superuser:
            return False
        return super().has_change_permission(request, obj)

    def user_change_password(self, request, id, form_url=""):
        # Members reset their own password by e-mail; nobody but a superuser sets one for them.
        if not request.user.is_superuser:
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_related(self, request, form, formsets, change):
        # Groups that a moderator is not offered (anything but the roles) stay as they were.
        kept = []
        if change and not request.user.is_superuser:
            kept = list(form.instance.groups.exclude(name__in=ROLE_GROUPS))
        super().save_related(request, form, formsets, change)
        form.instance.groups.add(*kept)

    def save_formset(self, request, form, formset, change):
        for suspension in formset.save(commit=False):
            if isinstance(suspension, Suspension) and suspension.created_by_id is None:
                suspension.created_by = request.user
            suspension.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()


class CurrentSuspensionFilter(admin.SimpleListFilter):
    title = _("état")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [("en-cours", _("en cours")), ("terminee", _("terminée ou levée"))]

    def queryset(self, request, queryset):
        current = Q(pk__in=Suspension.objects.current().values("pk"))
        if self.value() == "en-cours":
            return queryset.filter(current)
        if self.value() == "terminee":
            return queryset.exclude(current)
        return queryset


@admin.register(Suspension)
class SuspensionAdmin(AdminFieldRulesMixin, AuditedActionsMixin, admin.ModelAdmin):
    list_display = ["user", "ends_at", "short_reason", "is_current", "created_by"]
    list_select_related = ["user", "created_by"]
    list_filter = [CurrentSuspensionFilter]
    search_fields = ["user__username", "user__email", "reason"]
    autocomplete_fields = ["user"]
    fields = ["user", "reason", "starts_at", "ends_at", "lifted_at", "created_by"]
    readonly_fields = ["created_by"]
    actions = ["lift"]

    @admin.display(description=_("motif"))
    def short_reason(self, suspension):
        return Truncator(suspension.reason).chars(80)

    @admin.display(description=_("en cours"), boolean=True)
    def is_current(self, suspension):
        now = timezone.now()
        return suspension.lifted_at is None and suspension.starts_at <= now < suspension.ends_at

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user" and not request.user.is_superuser:
            kwargs["queryset"] = User.objects.filter(is_superuser=False)
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Lever la suspension"), permissions=["change"])
    def lift(self, request, queryset):
        lifting = queryset.filter(lifted_at__isnull=True)
        user_ids = list(lifting.values_list("user_id", flat=True))
        lifted = lifting.update(lifted_at=timezone.now())
        suspensions.changed(user_ids)
        if lifted:
            message = ngettext("%(count)d suspension levée.", "%(count)d suspensions levées.", lifted)
            self.message_user(request, message % {"count": lifted}, messages.SUCCESS)
        else:
            self.message_user(request, gettext("Ces suspensions étaient déjà levées."), messages.WARNING)


@admin.register(Block)
class BlockAdmin(AdminFieldRulesMixin, admin.ModelAdmin):
    list_display = ["created", "blocker", "blocked"]
    list_select_related = ["blocker", "blocked"]
    search_fields = ["blocker__username", "blocked__username"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RetainedIdentification)
class RetainedIdentificationAdmin(AdminFieldRulesMixin, admin.ModelAdmin):
    """Read-only: rows come from account closures and go with the purge, a year later."""

    list_display = ["closed_at", "purge_on", "email", "signup_email", "signed_up_at", "signup_ip_address"]
    search_fields = ["email", "signup_email", "signup_ip_address"]
    date_hierarchy = "closed_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("effacé le"))
    def purge_on(self, item):
        return item.purge_on


@admin.register(LogEntry)
class ModerationLogAdmin(PlainFrenchAdminMixin, admin.ModelAdmin):
    """The moderation log (accounts.audit), read-only, for the moderators only (the Modération
    group has its view permission, migration 0006): it names the other volunteers and members
    beyond any referent's scope, so referents do not see it at all."""

    changelist_title = _("Journal de la modération : qui a fait quoi, et quand")
    change_title = _("Une action de modération")
    list_display = ["action_time", "user", "action_flag", "content_type", "object_repr", "what"]
    list_select_related = ["user", "content_type"]
    list_filter = ["action_flag", "content_type", ("user", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["object_repr", "change_message", "user__username"]
    date_hierarchy = "action_time"
    fields = ["action_time", "user", "action_flag", "content_type", "object_id", "object_repr", "what"]
    readonly_fields = fields

    @admin.display(description=_("ce qui a été fait"))
    def what(self, entry):
        return entry.get_change_message()

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
