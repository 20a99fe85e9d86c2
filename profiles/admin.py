"""The moderators' side of profiles: the reports queue, profiles, and closed accounts' identification.

Only the "Modération" group (and superusers) has permissions on these (migration 0002_roles);
referents see none of them. No e-mail address of a member is shown here, except in the
identifications kept after closure, which exist for the judicial authorities.
"""

from django.contrib import admin
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.scoping import AuditAdminMixin
from tousvoisins.forms import AdminFieldRulesMixin
from tousvoisins.images import THUMBNAIL_SIDE
from tousvoisins.reports import ReportAdminMixin

from .models import Profile, Report, Tag


def _member_link(user):
    if user is None:
        return "—"
    profile = getattr(user, "profile", None)
    name = profile.display_name if profile else user.username
    return format_html(
        '<a href="{}">{}</a> ({})',
        reverse("profiles:member-detail", args=[user.username]),
        name,
        user.username,
    )


@admin.register(Report)
class ReportAdmin(AdminFieldRulesMixin, AuditAdminMixin, ReportAdminMixin, admin.ModelAdmin):
    list_display = ["created", "status", "reason", "what", "reported_member", "reporter_member"]
    list_filter = ["status", "reason"]
    list_select_related = ["reported_user__profile", "reporter__profile", "message"]
    date_hierarchy = "created"
    actions = ["mark_handled"]
    fields = [
        "created",
        "reason",
        "details",
        "reported_member",
        "reported_message",
        "reporter_member",
        "status",
        "moderator_note",
        "handled_by",
        "handled_at",
    ]
    readonly_fields = [
        "created",
        "reason",
        "details",
        "reported_member",
        "reported_message",
        "reporter_member",
        "handled_by",
        "handled_at",
    ]

    def has_add_permission(self, request):
        return False  # reports come from members

    @admin.display(description=_("quoi"))
    def what(self, report):
        return gettext("un message") if report.message_id else gettext("un profil")

    @admin.display(description=_("membre signalé"))
    def reported_member(self, report):
        return _member_link(report.reported_user)

    @admin.display(description=_("signalé par"))
    def reporter_member(self, report):
        return _member_link(report.reporter)

    @admin.display(description=_("message signalé"))
    def reported_message(self, report):
        if not report.message_id:
            return "—"
        sent = timezone.localtime(report.message.created)
        return format_html(
            "{}<p>{}</p>",
            mark_safe(linebreaks(report.message.body, autoescape=True)),
            gettext("Envoyé le %(date)s à %(time)s") % {"date": f"{sent:%d/%m/%Y}", "time": f"{sent:%H:%M}"},
        )


@admin.register(Profile)
class ProfileAdmin(AdminFieldRulesMixin, admin.ModelAdmin):
    list_display = ["display_name", "username", "commune", "visibility", "open_to_contact", "created"]
    list_filter = ["visibility", "open_to_contact"]
    list_select_related = ["user", "commune"]
    search_fields = ["display_name", "user__username"]
    fields = ["user", "display_name", "commune", "presentation", "photo", "visibility", "open_to_contact"]
    readonly_fields = ["user", "commune"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("commune__geometry", "commune__centre")

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if db_field.name == "photo":
            kwargs["full_side"] = THUMBNAIL_SIDE  # a card shows it small, as on "Mon profil"
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def has_add_permission(self, request):
        return False  # a profile comes with its account

    @admin.display(description=_("identifiant"), ordering="user__username")
    def username(self, profile):
        return profile.user.username


@admin.register(Tag)
class TagAdmin(AdminFieldRulesMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name", "slug"]
