"""News in the admin: moderators manage every item; a thematic referent writes the news of their
thèmes, a territory referent those of their intercommunalité (accounts.scoping).

A referent reaches only the items in their scope, and the form refuses to save an item that
would leave it: ScopedAdminMixin.get_form adds accounts.scoping.ScopedFormMixin to the
form for referents, which offers only their thèmes and intercommunalité and, after the model's
clean(), adds an error unless one chosen thème or the intercommunalité is theirs.
"""

from django import forms
from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from accounts.scoping import AuditAdminMixin, ScopedAdminMixin
from tousvoisins import content_language, content_stamp
from tousvoisins.admin import ReadabilityAdminMixin
from tousvoisins.forms import ReadabilityHintsMixin, single_line_fields
from tousvoisins.images import PictureField
from tousvoisins.models import Intercommunalite, Theme

from .models import SUMMARY_ERRORS, TEAM_SIGNATURE, TERRITORY_FIELDS, THEME_FIELDS, NewsItem

FIELDSETS = [
    (
        _("L'actualité"),
        {"fields": ["title", "summary", "lead", "body", "language", "picture", "picture_alt"]},
    ),
    (
        _("Pour qui"),
        {
            "fields": ["themes", "intercommunalite"],
            "description": _("Les référents choisissent l'un de leurs thèmes, ou leur intercommunalité."),
        },
    ),
    (_("Publication"), {"fields": ["status", "published_at", "signature", "slug", "author_name"]}),
]
READONLY_FIELDS = ["slug", "author_name"]


class TerritoryFilter(admin.RelatedFieldListFilter):
    """The 17 intercommunalités by their short name, without their boundaries."""

    def field_choices(self, field, request, model_admin):
        territories = Intercommunalite.objects.only("pk", "short_name").order_by("short_name")
        return [(territory.pk, territory.short_name) for territory in territories]


@single_line_fields
class NewsItemAdminForm(ReadabilityHintsMixin, forms.ModelForm):
    readability_fields = ("summary", "lead")

    class Meta:
        model = NewsItem
        fields = [
            name for _, options in FIELDSETS for name in options["fields"] if name not in READONLY_FIELDS
        ]
        widgets = {
            "themes": forms.CheckboxSelectMultiple,
            "summary": forms.Textarea(attrs={"rows": 2}),
            "lead": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {"summary": SUMMARY_ERRORS}
        field_classes = {"picture": PictureField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.processed_picture = None
        if "intercommunalite" in self.fields:
            # The 17 names, never their boundaries.
            self.fields["intercommunalite"].queryset = Intercommunalite.objects.only(*TERRITORY_FIELDS)
            self.fields["intercommunalite"].empty_label = _("Toute la Loire-Atlantique")
        if "language" in self.fields:
            self.fields["language"].required = False

    def clean_language(self):
        # Left out (an older form, a script): the text is in French, as most are.
        return self.cleaned_data.get("language") or content_language.DEFAULT

    def clean_picture(self):
        picture = self.cleaned_data.get("picture")
        # A new upload was re-encoded by PictureField (metadata stripped, size limits); the file
        # already there is ours.
        if picture and hasattr(picture, "picture"):
            self.processed_picture = picture.picture
        return picture


@admin.register(NewsItem)
class NewsItemAdmin(ReadabilityAdminMixin, ScopedAdminMixin, AuditAdminMixin, admin.ModelAdmin):
    form = NewsItemAdminForm
    scope_theme_lookup = "themes"
    scope_territory_lookup = "intercommunalite"
    fieldsets = FIELDSETS
    readonly_fields = READONLY_FIELDS
    list_display = ["title", "status", "published_at", "themes_in_words", "territory", "signature"]
    list_filter = ["status", "themes", ("intercommunalite", TerritoryFilter)]
    search_fields = ["title", "lead", "body", "signature"]
    date_hierarchy = "published_at"
    actions = ["publish_selected", "unpublish_selected"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("intercommunalite")
            .defer("body", "search_vector", "intercommunalite__geometry")
            .prefetch_related(Prefetch("themes", queryset=Theme.objects.only(*THEME_FIELDS)))
        )

    @admin.display(description=_("thèmes"))
    def themes_in_words(self, item):
        return ", ".join(theme.label for theme in item.themes.all())

    @admin.display(description=_("intercommunalité"), ordering="intercommunalite__short_name")
    def territory(self, item):
        return item.territory_name

    @admin.display(description=_("rédigé par"))
    def author_name(self, item):
        # The account's public name only: e-mail addresses are never shown.
        return item.author.public_name if item.author else "—"

    def get_changeform_initial_data(self, request):
        initial = super().get_changeform_initial_data(request)
        referent = getattr(request.user, "referent", None)
        initial.setdefault("signature", referent.public_name if referent else TEAM_SIGNATURE)
        return initial

    def save_model(self, request, obj, form, change):
        if not change and obj.author_id is None:
            obj.author = request.user
        if form.processed_picture is not None:
            obj.set_picture(form.processed_picture)
        elif not obj.picture and obj.thumbnail:
            obj.set_picture(None)  # the picture was removed ("Effacer")
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Publier les actualités choisies"), permissions=["change"])
    def publish_selected(self, request, queryset):
        now = timezone.now()
        drafts = queryset.filter(status=NewsItem.Status.DRAFT)
        scheduled = drafts.filter(published_at__gt=now).count()
        # A draft written days ago goes out today, dated today; a date to come is kept.
        dated_today = drafts.filter(published_at__lte=now).update(
            status=NewsItem.Status.PUBLISHED, published_at=now, updated=now
        )
        drafts.update(status=NewsItem.Status.PUBLISHED, updated=now)
        content_stamp.bump("news")  # bulk updates send no signal
        text = ngettext(
            "%(count)s actualité(s) publiée(s).", "%(count)s actualité(s) publiée(s).", dated_today
        ) % {"count": dated_today}
        if scheduled:
            later = ngettext(
                "%(count)s actualité(s) paraîtront à leur date de publication.",
                "%(count)s actualité(s) paraîtront à leur date de publication.",
                scheduled,
            ) % {"count": scheduled}
            text = f"{text} {later}"
        self.message_user(request, text, messages.SUCCESS)

    @admin.action(description=_("Repasser en brouillon (retirer du site)"), permissions=["change"])
    def unpublish_selected(self, request, queryset):
        count = queryset.filter(status=NewsItem.Status.PUBLISHED).update(
            status=NewsItem.Status.DRAFT, updated=timezone.now()
        )
        content_stamp.bump("news")
        self.message_user(
            request,
            ngettext(
                "%(count)s actualité(s) retirée(s) du site.",
                "%(count)s actualité(s) retirée(s) du site.",
                count,
            )
            % {"count": count},
            messages.SUCCESS,
        )
