"""The forum in the admin: moderators reach everything; a thematic referent reaches the topics,
posts and reports of their thèmes' categories only (ScopedAdminMixin through category__theme).
Territory referents have no forum permission (migration 0003_roles)."""

from django.contrib import admin, messages
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.scoping import AuditAdminMixin, ScopedAdminMixin
from tousvoisins.forms import AdminFieldRulesMixin
from tousvoisins.reports import ReportAdminMixin

from . import services
from .models import Category, Post, Report, Subscription, Topic


@admin.register(Category)
class CategoryAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_theme_lookup = "theme"
    list_display = ["name", "slug", "theme", "order"]
    list_select_related = ["theme"]
    fields = ["name", "slug", "description", "theme", "order"]
    search_fields = ["name"]

    def has_add_permission(self, request):
        return False  # one per thème and "Trucs et astuces", made by a migration

    def has_delete_permission(self, request, obj=None):
        return False


class TopicFlagActions:
    """Bulk actions on topics, each reported through `messages`."""

    def _set(self, request, queryset, message, **flags):
        """`message`: a sentence with %(count)s, the number of topics changed."""
        count = 0
        for topic in queryset:
            services.topic_set(topic=topic, **flags)
            count += 1
        self.message_user(request, message % {"count": count}, messages.SUCCESS)

    @admin.action(description=_("Fermer les sujets choisis (plus de réponses)"), permissions=["change"])
    def lock(self, request, queryset):
        self._set(request, queryset, gettext("%(count)s sujet(s) fermé(s)."), locked=True)

    @admin.action(description=_("Rouvrir les sujets choisis"), permissions=["change"])
    def unlock(self, request, queryset):
        self._set(request, queryset, gettext("%(count)s sujet(s) rouvert(s)."), locked=False)

    @admin.action(description=_("Épingler les sujets choisis"), permissions=["change"])
    def pin(self, request, queryset):
        self._set(request, queryset, gettext("%(count)s sujet(s) épinglé(s)."), pinned=True)

    @admin.action(description=_("Ne plus épingler les sujets choisis"), permissions=["change"])
    def unpin(self, request, queryset):
        self._set(request, queryset, gettext("%(count)s sujet(s) désépinglé(s)."), pinned=False)

    @admin.action(description=_("Masquer les sujets choisis"), permissions=["change"])
    def hide(self, request, queryset):
        self._set(request, queryset, gettext("%(count)s sujet(s) masqué(s)."), hidden=True)

    @admin.action(description=_("Afficher de nouveau les sujets choisis"), permissions=["change"])
    def unhide(self, request, queryset):
        self._set(request, queryset, gettext("%(count)s sujet(s) de nouveau visible(s)."), hidden=False)


@admin.register(Topic)
class TopicAdmin(ScopedAdminMixin, AuditAdminMixin, TopicFlagActions, admin.ModelAdmin):
    scope_theme_lookup = "category__theme"
    list_display = [
        "title",
        "category",
        "signature",
        "reply_count",
        "last_post_at",
        "pinned",
        "locked",
        "hidden",
    ]
    list_filter = ["category", "pinned", "locked", "hidden"]
    list_select_related = ["category", "author__profile"]
    search_fields = ["title"]
    date_hierarchy = "last_post_at"
    # Moving a topic is changing its category: a referent is offered their thèmes' categories only.
    fields = ["title", "category", "pinned", "locked", "hidden", "signature", "created", "on_site"]
    readonly_fields = ["signature", "created", "on_site"]
    actions = ["lock", "unlock", "pin", "unpin", "hide", "unhide"]
    show_full_result_count = False

    def has_add_permission(self, request):
        return False  # topics are opened on the site

    @admin.display(description=_("auteur"))
    def signature(self, topic):
        return topic.signature

    @admin.display(description=_("sur le site"))
    def on_site(self, topic):
        return format_html('<a href="{}">{}</a>', topic.get_absolute_url(), gettext("Voir le sujet"))


class PostHideActions:
    @admin.action(
        description=_("Masquer les messages choisis (raison : contraire à la charte)"), permissions=["change"]
    )
    def hide_posts(self, request, queryset):
        count = 0
        for post in queryset.filter(hidden=False).select_related("topic"):
            services.post_hide(post=post, by=request.user, reason="contraire à la charte")
            count += 1
        self.message_user(
            request, gettext("%(count)s message(s) masqué(s).") % {"count": count}, messages.SUCCESS
        )


@admin.register(Post)
class PostAdmin(ScopedAdminMixin, AuditAdminMixin, PostHideActions, admin.ModelAdmin):
    scope_theme_lookup = "topic__category__theme"
    list_display = ["__str__", "created", "hidden", "hidden_reason"]
    list_filter = ["hidden", "topic__category"]
    list_select_related = ["topic", "author__profile"]
    search_fields = ["body", "topic__title"]
    date_hierarchy = "created"
    fields = [
        "topic_link",
        "signature",
        "created",
        "edited_at",
        "body",
        "language",
        "hidden",
        "hidden_reason",
        "hidden_by",
    ]
    readonly_fields = ["topic_link", "signature", "created", "edited_at", "body", "language", "hidden_by"]
    actions = ["hide_posts", "unhide_posts"]
    show_full_result_count = False

    def get_queryset(self, request):
        return super().get_queryset(request).defer("search_vector", "body_text")

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("auteur"))
    def signature(self, post):
        return post.signature

    @admin.display(description=_("sujet"))
    def topic_link(self, post):
        return format_html('<a href="{}">{}</a>', post.get_absolute_url(), post.topic.title)

    def save_model(self, request, obj, form, change):
        # Through the services, so the topic's counts and who hid it stay right.
        if "hidden" in form.changed_data:
            if obj.hidden:
                services.post_hide(
                    post=obj, by=request.user, reason=obj.hidden_reason or "contraire à la charte"
                )
            else:
                services.post_unhide(post=obj)
        else:
            super().save_model(request, obj, form, change)

    @admin.action(description=_("Afficher de nouveau les messages choisis"), permissions=["change"])
    def unhide_posts(self, request, queryset):
        count = 0
        for post in queryset.filter(hidden=True).select_related("topic"):
            services.post_unhide(post=post)
            count += 1
        self.message_user(
            request,
            gettext("%(count)s message(s) de nouveau visible(s).") % {"count": count},
            messages.SUCCESS,
        )


@admin.register(Report)
class ReportAdmin(ReportAdminMixin, ScopedAdminMixin, AuditAdminMixin, admin.ModelAdmin):
    """The reports queue: the newest first; "À traiter" by default in the filter."""

    scope_theme_lookup = "post__topic__category__theme"
    list_display = ["created", "status", "reason", "reported_post", "category", "reporter_name"]
    list_filter = ["status", "reason", "post__topic__category"]
    list_select_related = ["post__topic__category", "post__author__profile", "reporter__profile"]
    date_hierarchy = "created"
    actions = ["mark_handled", "hide_and_handle"]
    show_full_result_count = False
    fields = [
        "created",
        "reason",
        "details",
        "reported_post",
        "post_text",
        "reporter_name",
        "status",
        "handled_by",
        "handled_at",
    ]
    readonly_fields = [
        "created",
        "reason",
        "details",
        "reported_post",
        "post_text",
        "reporter_name",
        "handled_by",
        "handled_at",
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("post__search_vector", "post__body_text")

    def has_add_permission(self, request):
        return False  # reports come from members

    @admin.display(description=_("message signalé"))
    def reported_post(self, report):
        return format_html('<a href="{}">{}</a>', report.post.get_absolute_url(), report.post)

    @admin.display(description=_("catégorie"))
    def category(self, report):
        return report.post.topic.category.name

    @admin.display(description=_("texte du message"))
    def post_text(self, report):
        return report.post.body

    @admin.action(
        description=_("Masquer les messages signalés et marquer comme traités"), permissions=["change"]
    )
    def hide_and_handle(self, request, queryset):
        hidden = 0
        for report in queryset.select_related("post__topic").filter(post__hidden=False):
            services.post_hide(post=report.post, by=request.user, reason=report.get_reason_display())
            hidden += 1
        count = queryset.mark_handled(by=request.user)
        self.message_user(
            request,
            gettext("%(hidden)s message(s) masqué(s), %(count)s signalement(s) traité(s).")
            % {"hidden": hidden, "count": count},
            messages.SUCCESS,
        )


@admin.register(Subscription)
class SubscriptionAdmin(AdminFieldRulesMixin, admin.ModelAdmin):
    list_display = ["user", "topic", "created", "notified_until"]
    list_select_related = ["user", "topic"]
    search_fields = ["user__username", "topic__title"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
