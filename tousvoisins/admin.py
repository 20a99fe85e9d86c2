"""Admin of the shared model (thèmes, intercommunalités, communes) and the referents' guide page.

Moderators change them; referents only view them (accounts/roles.py). `MapAdminMixin` is the
admin map for any geometry field, usable by other apps (an event's point, for instance).
"""

import json

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.forms import AdminAuthenticationForm
from django.contrib.admin.views.main import ChangeList
from django.db.models import Count
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from leaflet.admin import LeafletAdminWidget, LeafletGeoAdminMixin
from leaflet.templatetags.leaflet_tags import leaflet_draw_i18n, leaflet_map

from accounts.models import Scope

from .forms import AdminFieldRulesMixin, single_line_fields
from .mail import send_unsent_again
from .models import Commune, Intercommunalite, Theme, UnsentEmail


class MapWidget(LeafletAdminWidget):
    """django-leaflet's admin map without its inline <script>s, which our CSP refuses.

    The template writes the map's settings as JSON (never executed); static/js/admin-map.js
    starts the map from them.
    """

    @property
    def media(self):
        # In the same list as Leaflet's files, so that it comes after them.
        leaflet = super().media
        return forms.Media(js=[*leaflet._js, "js/admin-map.js"], css=leaflet._css)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        map_settings = leaflet_map(context["id_map"], settings_overrides=context["settings_overrides"] or {})
        context["map_config_id"] = f"{context['id_css']}-map-config"
        context["map_config"] = {
            "fieldid": context["id_css"],
            "modifiable": context["modifiable"],
            "geom_type": context["widget"]["attrs"]["geom_name"],
            "srid": self.map_srid,
            "djoptions": json.loads(map_settings["djoptions"]),
            "i18n": leaflet_draw_i18n({"with_forms": True}),
        }
        return context


class LightChangeList(ChangeList):
    def get_queryset(self, request, exclude_parameters=None):
        # Geometries weigh kilobytes per row and no list shows them.
        return super().get_queryset(request, exclude_parameters).defer(*self.model_admin.list_defer)


class MapAdminMixin(LeafletGeoAdminMixin):
    """A map to draw geometry fields; people who may only view see a map they cannot change."""

    widget = MapWidget
    map_template = "admin/leaflet/widget.html"
    list_defer = ()
    # For people who may only view: field -> the read-only method shown instead.
    view_only_fields = {}

    def get_changelist(self, request, **kwargs):
        return LightChangeList

    @property
    def media(self):
        return super().media + self.widget().media

    def get_fields(self, request, obj=None):
        fields = super().get_fields(request, obj)
        if obj is None or self.has_change_permission(request, obj):
            return fields
        return [self.view_only_fields.get(name, name) for name in fields]

    def readonly_map(self, obj, field_name):
        db_field = obj._meta.get_field(field_name)
        widget = self._get_map_widget(db_field, self.widget)()
        widget.modifiable = False
        name = f"{field_name}_carte"
        return widget.render(name, getattr(obj, field_name), attrs={"id": f"id_{name}"})


class ReadabilityAdminMixin:
    """For the admin of texts residents read, whose form has tousvoisins.forms.ReadabilityHintsMixin:
    the readability hints never stop a save. After it, they come as a warning message; on a form
    shown again (an error elsewhere), under the help of their field."""

    def save_form(self, request, form, change):
        saved = super().save_form(request, form, change)
        for name, hints in getattr(form, "readability_hints", {}).items():
            self.message_user(
                request,
                gettext("Enregistré. Un conseil pour que « %(label)s » soit facile à lire : %(hints)s")
                % {"label": form[name].label, "hints": " ".join(hint.message for hint in hints)},
                messages.WARNING,
            )
        return saved

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        form = context["adminform"].form
        for name, hints in getattr(form, "readability_hints", {}).items():
            # The bound field, which copied the help when the admin first read it.
            field = form[name]
            field.help_text = format_html(
                '{}<span class="readability-hints">{}</span>',
                field.help_text,
                format_html(
                    gettext(
                        "<strong>Conseil pour un texte facile à lire</strong> "
                        "(n'empêche pas d'enregistrer) : {hints}"
                    ),
                    hints=format_html_join(" ", "{}", ((hint.message,) for hint in hints)),
                ),
            )
        return super().render_change_form(request, context, add, change, form_url, obj)


@admin.register(Theme)
class ThemeAdmin(AdminFieldRulesMixin, admin.ModelAdmin):
    list_display = ["name", "colour_sample", "position"]
    list_editable = ["position"]
    prepopulated_fields = {"slug": ["name"]}
    fields = ["name", "slug", "description", "pictogram", "colour", "position"]

    @admin.display(description=_("couleur"), ordering="colour")
    def colour_sample(self, theme):
        # An SVG fill attribute, not a style="" attribute: the CSP refuses inline styles.
        return format_html(
            '<svg width="16" height="16" aria-hidden="true" focusable="false"><rect width="16" height="16" '
            'fill="{}"/></svg> {}',
            theme.colour,
            theme.colour,
        )


@admin.register(Intercommunalite)
class IntercommunaliteAdmin(AdminFieldRulesMixin, MapAdminMixin, admin.ModelAdmin):
    list_display = ["short_name", "nature", "population", "commune_count"]
    list_filter = ["nature"]
    search_fields = ["short_name", "full_name", "name", "siren"]
    list_defer = ["geometry"]
    fields = [
        "full_name",
        "short_name",
        "name",
        "siren",
        "nature",
        "population",
        "seat_departement",
        "geometry",
    ]
    view_only_fields = {"geometry": "geometry_map"}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(commune_count=Count("communes"))

    @admin.display(description=_("communes"), ordering="commune_count")
    def commune_count(self, interco):
        url = reverse("admin:tousvoisins_commune_changelist")
        return format_html(
            '<a href="{}?intercommunalite__id__exact={}">{}</a>', url, interco.pk, interco.commune_count
        )

    @admin.display(description=_("territoire en Loire-Atlantique"))
    def geometry_map(self, interco):
        return self.readonly_map(interco, "geometry")


@admin.register(Commune)
class CommuneAdmin(AdminFieldRulesMixin, MapAdminMixin, admin.ModelAdmin):
    list_display = ["name", "insee", "postal_codes_list", "intercommunalite_name", "population"]
    list_filter = ["intercommunalite"]
    list_select_related = ["intercommunalite"]
    list_defer = ["geometry", "centre", "intercommunalite__geometry"]
    search_fields = ["name", "insee"]
    fields = [
        "name",
        "insee",
        "postal_codes",
        "population",
        "former_insee_codes",
        "intercommunalite",
        "geometry",
        "centre",
    ]
    view_only_fields = {"geometry": "geometry_map", "centre": "centre_coordinates"}
    # Commune.get_absolute_url is this very page: no "Voir sur le site" button.
    view_on_site = False

    @admin.display(description=_("codes postaux"))
    def postal_codes_list(self, commune):
        return ", ".join(commune.postal_codes)

    @admin.display(description=_("intercommunalité"), ordering="intercommunalite__short_name")
    def intercommunalite_name(self, commune):
        return commune.intercommunalite.short_name

    @admin.display(description=_("territoire"))
    def geometry_map(self, commune):
        return self.readonly_map(commune, "geometry")

    @admin.display(description=_("point central (latitude, longitude)"))
    def centre_coordinates(self, commune):
        return f"{commune.centre.y:.5f}, {commune.centre.x:.5f}"

    def get_search_results(self, request, queryset, search_term):
        results, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if search_term.strip():
            # "44800", "st herblain": the same matching as the public "trouver" forms.
            matching = Commune.objects.matching(search_term).values("pk")
            results = results | queryset.filter(pk__in=matching)
        return results, may_have_duplicates


@single_line_fields
class AdminLoginForm(AdminAuthenticationForm):
    """The admin sign-in by e-mail address, as on the site (allauth's backend accepts it)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        username = self.fields["username"]
        username.label = _("Adresse e-mail (ou nom d'utilisateur)")
        username.max_length = 254
        username.widget.attrs.update(maxlength="254", autocomplete="email")


def referent_guide(request):
    """The step-by-step guide for volunteer referents, inside the admin (staff only: see urls.py)."""
    scope = Scope.objects.filter(user=request.user).prefetch_related("themes", "intercommunalites").first()
    context = {
        **admin.site.each_context(request),
        "title": gettext("Guide du bénévole référent"),
        "scope": scope,
    }
    return TemplateResponse(request, "admin/guide.html", context)


@admin.register(UnsentEmail)
class UnsentEmailAdmin(AdminFieldRulesMixin, admin.ModelAdmin):
    """ "E-mails non partis": what the mail server refused after every attempt (tousvoisins.mail)."""

    list_display = ["created_at", "subject", "to_whom", "attempts", "short_error", "resent_at"]
    list_filter = [("resent_at", admin.EmptyFieldListFilter)]
    search_fields = ["subject", "addresses"]
    date_hierarchy = "created_at"
    fields = ["created_at", "subject", "to_whom", "attempts", "error", "resent_at"]
    readonly_fields = fields
    actions = ["send_again"]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("à qui"))
    def to_whom(self, email):
        return ", ".join(email.addresses)

    @admin.display(description=_("erreur"))
    def short_error(self, email):
        return email.error[:120]

    @admin.action(description=_("Essayer à nouveau d'envoyer les e-mails cochés"), permissions=["change"])
    def send_again(self, request, queryset):
        emails = list(queryset.filter(resent_at=None))
        for email in emails:
            send_unsent_again(email)
        queryset.filter(pk__in=[email.pk for email in emails]).update(resent_at=timezone.now())
        self.message_user(
            request,
            gettext(
                "%(count)s e-mail(s) envoyé(s) à nouveau. "
                "S'ils échouent encore, ils reviendront dans cette liste."
            )
            % {"count": len(emails)},
            messages.SUCCESS,
        )
