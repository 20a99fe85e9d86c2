"""Useful links in the admin.

Only the moderation team adds, changes and removes links and categories. Referents may look at
them (view only: links/migrations/0003_roles.py) — the list, when each site was last checked and
what it answered — and propose a site through the contact form like everyone. Links are for the
whole département: no thème or territory scoping applies.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from accounts.scoping import sees_everything
from tousvoisins.forms import AdminFieldRulesMixin, single_line_fields

from . import checker
from .models import Category, Link

# A check from the admin waits on the sites: keep the bulk action to a handful.
MAX_CHECKED_AT_ONCE = 20
CHECK_FIELDS = ["checked_at", "check_status", "check_result", "redirected_to", "failures", "is_broken"]


@admin.register(Category)
class CategoryAdmin(AdminFieldRulesMixin, admin.ModelAdmin):
    list_display = ["name", "description", "link_count", "order"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "description"]
    fields = ["name", "slug", "description", "order"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(link_count=Count("links"))

    @admin.display(description=gettext_lazy("liens"), ordering="link_count")
    def link_count(self, category):
        return category.link_count


class CheckStateFilter(admin.SimpleListFilter):
    title = gettext_lazy("état du lien")
    parameter_name = "etat"

    def lookups(self, request, model_admin):
        return [
            ("ne-repond-plus", _("Ne répond plus")),
            ("echec-recent", _("Une vérification ratée")),
            ("repond", _("Répond")),
            ("jamais-verifie", _("Jamais vérifié")),
        ]

    def queryset(self, request, queryset):
        match self.value():
            case "ne-repond-plus":
                return queryset.filter(is_broken=True)
            case "echec-recent":
                return queryset.filter(is_broken=False, failures__gt=0)
            case "repond":
                return queryset.filter(checked_at__isnull=False, failures=0)
            case "jamais-verifie":
                return queryset.filter(checked_at__isnull=True)
        return queryset


@single_line_fields
class LinkAdminForm(forms.ModelForm):
    class Meta:
        model = Link
        fields = [
            "title",
            "url",
            "category",
            "purpose",
            "cost",
            "organisation",
            "themes",
            "is_active",
            "order",
        ]
        widgets = {"themes": forms.CheckboxSelectMultiple, "cost": forms.RadioSelect}
        error_messages = {"url": {"invalid": Link._meta.get_field("url").error_messages["invalid"]}}


@admin.register(Link)
class LinkAdmin(AdminFieldRulesMixin, admin.ModelAdmin):
    form = LinkAdminForm
    list_display = ["title", "domain", "category", "cost", "is_active", "check_state", "order"]
    list_display_links = ["title"]
    list_editable = ["order"]
    list_filter = [CheckStateFilter, "category", "themes", "cost", "is_active"]
    list_select_related = ["category"]
    search_fields = ["title", "url", "organisation", "purpose"]
    readonly_fields = CHECK_FIELDS
    fieldsets = [
        (None, {"fields": ["title", "url", "category", "purpose", "cost", "organisation", "themes"]}),
        (gettext_lazy("Affichage"), {"fields": ["is_active", "order"]}),
        (
            gettext_lazy("Vérification automatique"),
            {
                "fields": CHECK_FIELDS,
                "description": gettext_lazy(
                    "Chaque jour, le site vérifie que le lien répond. Après deux échecs de "
                    "suite, la page publique prévient que le site est peut-être indisponible. "
                    "Si vous changez l'adresse, la vérification repart de zéro."
                ),
            },
        ),
    ]
    actions = ["check_now"]

    @admin.display(description=gettext_lazy("site"), ordering="url")
    def domain(self, link):
        return link.domain

    @admin.display(description=gettext_lazy("état"), ordering="failures")
    def check_state(self, link):
        if link.is_broken:
            return format_html("<strong>{}</strong>", _("Ne répond plus"))
        if link.checked_at is None:
            return _("Jamais vérifié")
        if link.failures:
            return _("Une vérification ratée")
        return _("Répond")

    def save_model(self, request, obj, form, change):
        if change and "url" in form.changed_data:
            obj.forget_checks()
        super().save_model(request, obj, form, change)

    def has_check_permission(self, request):
        return sees_everything(request.user) and self.has_change_permission(request)

    @admin.action(description=gettext_lazy("Vérifier maintenant les liens choisis"), permissions=["check"])
    def check_now(self, request, queryset):
        links = list(queryset.order_by("pk")[: MAX_CHECKED_AT_ONCE + 1])
        if len(links) > MAX_CHECKED_AT_ONCE:
            self.message_user(
                request,
                _(
                    "Choisissez au plus %(count)s liens à la fois : "
                    "la vérification attend la réponse de chaque site."
                )
                % {"count": MAX_CHECKED_AT_ONCE},
                messages.WARNING,
            )
            return
        results = checker.check_links(links)
        failed = [link.title for link, outcome in results if not outcome.ok]
        if failed:
            self.message_user(
                request,
                ngettext(
                    "%(count)s lien(s) vérifié(s). Sans réponse correcte : %(failed)s.",
                    "%(count)s lien(s) vérifié(s). Sans réponse correcte : %(failed)s.",
                    len(results),
                )
                % {"count": len(results), "failed": ", ".join(failed)},
                messages.WARNING,
            )
        else:
            self.message_user(
                request,
                ngettext(
                    "%(count)s lien(s) vérifié(s) : tous répondent.",
                    "%(count)s lien(s) vérifié(s) : tous répondent.",
                    len(results),
                )
                % {"count": len(results)},
                messages.SUCCESS,
            )
