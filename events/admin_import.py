"""Admin of the external agendas (iCalendar feeds imported here): moderators manage, referents look.

Imported in events/admin.py. A referent sees the agendas whose default thèmes or commune are in
their scope (the foundation's ScopedAdminMixin); the roles give them the view permission only.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Count
from django.utils.html import format_html, linebreaks
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.scoping import AuditAdminMixin, ScopedAdminMixin
from tousvoisins.forms import single_line_fields

from .importers import MAX_FEED_BYTES, import_agenda
from .models import ExternalAgenda


@single_line_fields
class ExternalAgendaForm(forms.ModelForm):
    class Meta:
        model = ExternalAgenda
        fields = ["name", "url", "file", "active", "publish_directly", "default_themes", "default_commune"]
        widgets = {"default_themes": forms.CheckboxSelectMultiple}
        help_texts = {
            "url": _(
                "L'adresse que l'agenda d'origine donne pour « s'abonner » ou « exporter au format "
                "iCalendar (.ics) ». Elle commence par http:// ou https://."
            ),
            "file": _(
                "Ou bien un fichier .ics exporté de l'agenda d'origine (5 Mo au plus). "
                "Un fichier n'est pas mis à jour tout seul : l'adresse est préférable."
            ),
            "active": _(
                "Décoché, l'agenda n'est plus importé toutes les six heures "
                "(le bouton « Importer maintenant » marche toujours)."
            ),
            "default_themes": _(
                "Pour les événements dont les catégories ne correspondent à aucun thème du site."
            ),
        }

    def clean_url(self):
        url = self.cleaned_data["url"]
        if url and not url.startswith(("http://", "https://")):
            raise forms.ValidationError(gettext("L'adresse doit commencer par http:// ou https://."))
        return url

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload and hasattr(upload, "size") and upload.size > MAX_FEED_BYTES:
            raise forms.ValidationError(gettext("Ce fichier est trop gros pour un agenda (5 Mo au plus)."))
        if upload and hasattr(upload, "content_type"):
            # Somewhere near the start, as the import reads it: a few stray bytes before it
            # (an exporter's header, a byte-order mark) do not make a file unreadable.
            start = upload.read(2048)
            upload.seek(0)
            if b"BEGIN:VCALENDAR" not in start.upper():
                raise forms.ValidationError(
                    gettext("Ce fichier n'est pas un agenda au format iCalendar (il doit finir par .ics).")
                )
        return upload

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("url") and not cleaned.get("file") and not self.errors:
            raise forms.ValidationError(
                gettext("Indiquez l'adresse du flux iCalendar ou choisissez un fichier .ics.")
            )
        return cleaned


@admin.register(ExternalAgenda)
class ExternalAgendaAdmin(ScopedAdminMixin, AuditAdminMixin, admin.ModelAdmin):
    scope_theme_lookup = "default_themes"
    scope_territory_lookup = "default_commune__intercommunalite"

    form = ExternalAgendaForm
    list_display = [
        "name",
        "origin",
        "active",
        "publish_directly",
        "last_import_at",
        "last_summary",
        "event_count",
    ]
    list_filter = ["active", "publish_directly"]
    search_fields = ["name", "url"]
    autocomplete_fields = ["default_commune"]
    readonly_fields = ["last_import_at", "last_report_text"]
    actions = ["import_now"]
    fieldsets = [
        (None, {"fields": ["name", "url", "file", "active", "publish_directly"]}),
        (_("Valeurs par défaut des événements importés"), {"fields": ["default_themes", "default_commune"]}),
        (_("Dernier import"), {"fields": ["last_import_at", "last_report_text"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("events"))

    @admin.display(description=_("origine"))
    def origin(self, agenda):
        return gettext("adresse") if agenda.url else gettext("fichier")

    @admin.display(description=_("compte rendu du dernier import"))
    def last_summary(self, agenda):
        return agenda.last_report.partition("\n")[0] or gettext("Pas encore importé.")

    @admin.display(description=_("événements importés"), ordering="event_count")
    def event_count(self, agenda):
        return agenda.event_count

    @admin.display(description=_("compte rendu du dernier import"))
    def last_report_text(self, agenda):
        if not agenda.last_report:
            return gettext("Pas encore importé.")
        paragraphs = mark_safe(linebreaks(agenda.last_report, autoescape=True))  # escaped just above
        return format_html('<div class="import-report">{}</div>', paragraphs)

    @admin.action(description=_("Importer maintenant les agendas choisis"), permissions=["change"])
    def import_now(self, request, queryset):
        for agenda in queryset.select_related("default_commune").order_by("name"):
            report = import_agenda(agenda)
            level = messages.ERROR if report.error else messages.SUCCESS
            summary = report.summary()
            self.message_user(
                request,
                gettext("%(agenda)s : %(summary)s") % {"agenda": agenda.name, "summary": summary},
                level,
            )
