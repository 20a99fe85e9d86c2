from django.contrib import admin

from accounts.scoping import AuditAdminMixin, ScopedAdminMixin

from .models import Activity


@admin.register(Activity)
class ActivityAdmin(ScopedAdminMixin, AuditAdminMixin, admin.ModelAdmin):
    scope_theme_lookup = "themes"
    scope_territory_lookup = "commune__intercommunalite"
    list_display = ["title", "commune"]
    list_select_related = ["commune"]
    fields = ["title", "themes", "commune"]
    search_fields = ["title"]
