from django.contrib import admin

from tousvoisins.forms import AdminFieldRulesMixin

from .models import ContactMessage


@admin.register(ContactMessage)
class ContactMessageAdmin(AdminFieldRulesMixin, admin.ModelAdmin):
    list_display = ["created_at", "subject", "name", "email", "user", "handled"]
    list_filter = ["subject", "handled"]
    list_editable = ["handled"]
    list_select_related = ["user"]
    search_fields = ["name", "email", "message", "page_url"]
    date_hierarchy = "created_at"
    # What a person wrote is kept as written; the moderators only mark it handled.
    readonly_fields = ["subject", "name", "email", "message", "page_url", "user", "created_at"]
    fields = [*readonly_fields, "handled"]

    def has_add_permission(self, request):
        return False
