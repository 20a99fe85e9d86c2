"""Coups de pouce in the admin: moderators reach all; a referent those of their thèmes or territory
(ScopedAdminMixin through the thème and the intercommunalité). They hide or show them again and
handle the reports; nobody writes a coup de pouce here (members publish them on the site)."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.scoping import AuditAdminMixin, ScopedAdminMixin
from tousvoisins.reports import ReportAdminMixin

from . import services
from .models import Help, Report

HIDDEN_REASON = "contraire à la charte"


@admin.register(Help)
class HelpAdmin(ScopedAdminMixin, AuditAdminMixin, admin.ModelAdmin):
    scope_theme_lookup = "theme"
    scope_territory_lookup = "intercommunalite"
    changelist_title = _("Coups de pouce à relire")
    list_display = ["summary", "kind", "theme", "intercommunalite", "until", "status", "hidden", "created"]
    list_filter = ["kind", "status", "hidden", "theme", "intercommunalite"]
    list_select_related = ["theme", "intercommunalite"]
    search_fields = ["text"]
    date_hierarchy = "created"
    fields = [
        "kind",
        "text",
        "language",
        "theme",
        "place",
        "until",
        "status",
        "thanks",
        "signature",
        "created",
        "on_site",
        "hidden",
        "hidden_reason",
    ]
    readonly_fields = [
        "kind",
        "text",
        "language",
        "theme",
        "place",
        "until",
        "status",
        "signature",
        "created",
        "on_site",
    ]
    actions = ["hide", "unhide"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("intercommunalite__geometry")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("coup de pouce"))
    def summary(self, help):
        return help.summary

    @admin.display(description=_("lieu"))
    def place(self, help):
        return help.place_name

    @admin.display(description=_("auteur"))
    def signature(self, help):
        return help.author.public_name

    @admin.display(description=_("sur le site"))
    def on_site(self, help):
        return format_html('<a href="{}">{}</a>', help.get_absolute_url(), gettext("Voir le coup de pouce"))

    def save_model(self, request, obj, form, change):
        if obj.hidden and not obj.hidden_reason:
            obj.hidden_reason = HIDDEN_REASON
        if not obj.hidden:
            obj.hidden_reason = ""
        super().save_model(request, obj, form, change)

    @admin.action(
        description=_("Masquer les coups de pouce choisis (raison : contraire à la charte)"),
        permissions=["change"],
    )
    def hide(self, request, queryset):
        count = 0
        for help in queryset.filter(hidden=False):
            services.help_hide(help=help, reason=HIDDEN_REASON)
            count += 1
        self.message_user(
            request, gettext("%(count)s coup(s) de pouce masqué(s).") % {"count": count}, messages.SUCCESS
        )

    @admin.action(description=_("Afficher de nouveau les coups de pouce choisis"), permissions=["change"])
    def unhide(self, request, queryset):
        count = 0
        for help in queryset.filter(hidden=True):
            services.help_unhide(help=help)
            count += 1
        self.message_user(
            request,
            gettext("%(count)s coup(s) de pouce de nouveau visible(s).") % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Report)
class ReportAdmin(ReportAdminMixin, ScopedAdminMixin, AuditAdminMixin, admin.ModelAdmin):
    """The reports of coups de pouce: the newest first."""

    scope_theme_lookup = "help__theme"
    scope_territory_lookup = "help__intercommunalite"
    list_display = ["created", "status", "reason", "reported_help", "reporter_name"]
    list_filter = ["status", "reason"]
    list_select_related = ["help", "reporter__profile"]
    date_hierarchy = "created"
    actions = ["mark_handled", "hide_and_handle"]
    show_full_result_count = False
    fields = [
        "created",
        "reason",
        "details",
        "reported_help",
        "help_text",
        "reporter_name",
        "status",
        "handled_by",
        "handled_at",
    ]
    readonly_fields = [
        "created",
        "reason",
        "details",
        "reported_help",
        "help_text",
        "reporter_name",
        "handled_by",
        "handled_at",
    ]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("coup de pouce signalé"))
    def reported_help(self, report):
        return format_html('<a href="{}">{}</a>', report.help.get_absolute_url(), report.help.summary)

    @admin.display(description=_("texte du coup de pouce"))
    def help_text(self, report):
        return report.help.text

    @admin.action(
        description=_("Masquer les coups de pouce signalés et marquer comme traités"), permissions=["change"]
    )
    def hide_and_handle(self, request, queryset):
        hidden = 0
        for report in queryset.select_related("help").filter(help__hidden=False):
            services.help_hide(help=report.help, reason=report.get_reason_display())
            hidden += 1
        count = queryset.mark_handled(by=request.user)
        self.message_user(
            request,
            gettext("%(hidden)s coup(s) de pouce masqué(s), %(count)s signalement(s) traité(s).")
            % {"hidden": hidden, "count": count},
            messages.SUCCESS,
        )
