"""The agenda in the admin: referents review the proposals of their thèmes or territory, publish,
edit, refuse or cancel events; moderators see everything (accounts.scoping).

Status changes go through events.services, whatever the way (the form's status field or the bulk
actions), so that the proposer and the participants are told by e-mail.
"""

from datetime import timedelta

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.scoping import AuditAdminMixin, ScopedAdminMixin
from tousvoisins import content_language
from tousvoisins.admin import MapAdminMixin, ReadabilityAdminMixin
from tousvoisins.edit_conflicts import ConcurrentEditAdminMixin, ConcurrentEditFormMixin
from tousvoisins.forms import ReadabilityHintsMixin, single_line_fields
from tousvoisins.images import PictureField
from tousvoisins.places import locate_event

from . import services
from .models import ACCESSIBILITY, PARIS, Event, Occurrence, Participation, ProposedEvent, all_day_bounds
from .models.event import SUMMARY_ERRORS
from .recurrence_fields import REPEAT_FIELDS, RecurrenceFields

NEXT_DATES_SHOWN = 6


FIELDSETS = [
    (
        _("La rencontre"),
        {
            "fields": [
                "title",
                "summary",
                "themes",
                "description",
                "language",
                "organiser_name",
                "capacity",
                "picture",
                "picture_alt",
            ]
        },
    ),
    (_("Quand"), {"fields": ["start", "end", "all_day", "exception_dates", "next_dates"]}),
    (
        _("Une seule fois, ou régulièrement ?"),
        {
            "fields": REPEAT_FIELDS,
            "description": _(
                "Les mêmes choix que dans le formulaire « Proposer une rencontre ». "
                "La date de début, plus haut, est la première rencontre."
            ),
        },
    ),
    (
        _("Où"),
        {
            "fields": ["place_name", "address", "commune", "point"],
            "description": _(
                "La commune et l'intercommunalité viennent de la position sur la carte. "
                "Si vous changez l'adresse ou la commune sans toucher la carte, la position est "
                "retrouvée à partir de l'adresse, ou à défaut au centre de la commune."
            ),
        },
    ),
    (_("Accessibilité"), {"fields": [item.field for item in ACCESSIBILITY]}),
    (
        _("Accueil et téléphone"),
        {
            "fields": ["welcomer_name", "welcomer_hint", "how_to_come", "phone_registration", "phone_number"],
            "description": _(
                "Pour qu'une personne qui vient pour la première fois sache qui chercher, "
                "comment venir, et quel numéro appeler. Montré sur la page de la rencontre et sur "
                "l'agenda imprimé."
            ),
        },
    ),
    (
        _("Relecture"),
        {
            "fields": ["status", "status_reason", "proposer", "origin"],
            "description": _(
                "Publier, refuser ou annuler prévient par e-mail la personne qui a "
                "proposé la rencontre, et les participants s'il y en a."
            ),
        },
    ),
]
READONLY_FIELDS = ["next_dates", "proposer", "origin"]


@single_line_fields
class EventAdminForm(ConcurrentEditFormMixin, ReadabilityHintsMixin, RecurrenceFields, forms.ModelForm):
    recurrence_start_field = "start"
    readability_fields = ("summary", "description")

    class Meta:
        model = Event
        fields = [
            name
            for _legend, options in FIELDSETS
            for name in options["fields"]
            if name not in READONLY_FIELDS
        ]
        widgets = {"themes": forms.CheckboxSelectMultiple, "summary": forms.Textarea(attrs={"rows": 2})}
        error_messages = {"summary": SUMMARY_ERRORS}
        field_classes = {"picture": PictureField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.processed_picture = None
        # French unless the referent says otherwise (a form sent without it keeps French).
        if "language" in self.fields:
            self.fields["language"].required = False
        # A list rather than radio buttons: the admin's fieldsets show one choice per line anyway.
        repeat = self.fields["repeat"]
        repeat.widget = forms.Select(choices=repeat.choices)
        if self.instance.pk:
            self.recurrence_initial(self.instance)

    def clean_language(self):
        return self.cleaned_data.get("language") or content_language.DEFAULT

    def clean_picture(self):
        picture = self.cleaned_data.get("picture")
        # A new upload was re-encoded by PictureField (metadata stripped, size limits); the file
        # already there is ours.
        if picture and hasattr(picture, "picture"):
            self.processed_picture = picture.picture
        return picture

    def clean(self):
        cleaned = super().clean()
        place_changed = {"commune", "address"} & set(self.changed_data) or not cleaned.get("point")
        if place_changed and "point" not in self.changed_data and cleaned.get("commune"):
            # The commune comes from the point: a new commune or address without a new point on
            # the map places the event again, from the address when a geocoder is set up, else at
            # the commune's centre (else the old point would bring the old commune back).
            self.instance.commune = cleaned["commune"]
            self.instance.address = cleaned.get("address", "")
            self.instance.point = None
            try:
                locate_event(self.instance, geocode=True)
            except ValidationError as error:
                self.add_error(None, error)
            cleaned["point"] = self.instance.point
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end:
            if cleaned.get("all_day"):
                start = all_day_bounds(start, end)[0]
            self.clean_recurrence(cleaned, start.astimezone(PARIS))
        return cleaned

    def _update_errors(self, errors):
        # The model's word on its rule goes beside the repetition's fields.
        if hasattr(errors, "error_dict") and "recurrence" in errors.error_dict:
            error_dict = dict(errors.error_dict)
            messages_ = error_dict.pop("recurrence")
            if "repeat" not in self.errors:
                error_dict.setdefault("repeat", []).extend(messages_)
            errors = ValidationError(error_dict)
        super()._update_errors(errors)


class UpcomingFilter(admin.SimpleListFilter):
    title = _("dates")
    parameter_name = "quand"

    def lookups(self, request, model_admin):
        return [("a-venir", _("À venir")), ("7-jours", _("Dans les 7 jours")), ("passes", _("Passés"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        coming = Occurrence.objects.upcoming(now)
        if self.value() == "a-venir":
            return queryset.filter(pk__in=coming.values("event_id"))
        if self.value() == "7-jours":
            soon = coming.filter(start__lt=now + timedelta(days=7))
            return queryset.filter(pk__in=soon.values("event_id"))
        if self.value() == "passes":
            return queryset.exclude(pk__in=coming.values("event_id"))
        return queryset


class ComingParticipationFilter(admin.SimpleListFilter):
    title = _("dates")
    parameter_name = "quand"

    def lookups(self, request, model_admin):
        return [("7-jours", _("Dans les 7 jours")), ("a-venir", _("À venir"))]

    def queryset(self, request, queryset):
        if self.value() == "7-jours":
            return queryset.within_days(7)
        if self.value() == "a-venir":
            return queryset.filter(occurrence__start__gte=timezone.now())
        return queryset


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Motif"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        help_text=_(
            "Une ou deux phrases polies et claires. Ce texte est envoyé aux personnes concernées "
            "et montré sur le site."
        ),
        error_messages={"required": _("Expliquez en une phrase pourquoi, pour les personnes concernées.")},
    )


def _ask_reason(modeladmin, request, queryset, *, action, title, intro, button, service, done):
    """The intermediate page of the actions that need a reason (refuse, cancel), then the action."""
    form = ReasonForm(request.POST if "apply" in request.POST else None)
    if form.is_valid():
        changed = sum(
            bool(service(event=event, reason=form.cleaned_data["reason"])) for event in queryset.for_detail()
        )
        modeladmin.message_user(request, done(changed), messages.SUCCESS)
        return None
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "intro": intro,
        "button": button,
        "events": queryset.for_detail(),
        "form": form,
        "action": action,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        "opts": modeladmin.model._meta,
    }
    return TemplateResponse(request, "admin/events/reason_form.html", context)


@admin.register(Event)
class EventAdmin(
    ConcurrentEditAdminMixin,
    ReadabilityAdminMixin,
    ScopedAdminMixin,
    AuditAdminMixin,
    MapAdminMixin,
    admin.ModelAdmin,
):
    form = EventAdminForm
    scope_theme_lookup = "themes"
    scope_territory_lookup = "intercommunalite"
    list_display = ["title", "first_date", "commune_name", "status", "proposer"]
    list_filter = ["status", "themes", "intercommunalite", UpcomingFilter, "source"]
    # Members are shown by the name their profile shows (User.public_name), read in the same query.
    list_select_related = ["commune", "proposed_by__profile"]
    list_defer = ["search_vector", "description", "commune__geometry"]
    search_fields = ["title", "place_name", "organiser_name", "commune__name"]
    autocomplete_fields = ["commune"]
    readonly_fields = READONLY_FIELDS
    actions = ["publish_selected", "refuse_selected", "cancel_selected"]
    fieldsets = FIELDSETS
    changelist_title = _("Choisissez un événement")
    add_title = _("Ajouter un événement")
    change_title = _("Modifier l'événement")

    @admin.display(description=_("date"), ordering="start")
    def first_date(self, event):
        words = event.when_in_words
        return f"{words} ({event.recurrence_in_words})" if event.recurrence else words

    @admin.display(description=_("commune"), ordering="commune__name")
    def commune_name(self, event):
        return event.commune.name

    @admin.display(description=_("proposé par"))
    def proposer(self, event):
        # The member's name only: e-mail addresses are never shown.
        return event.proposed_by.public_name if event.proposed_by else "—"

    @admin.display(description=_("origine"))
    def origin(self, event):
        if event.source == Event.Source.IMPORTED:
            agenda = event.external_agenda.name if event.external_agenda else gettext("agenda externe")
            return gettext("Importé de « %(agenda)s » (%(source)s)") % {
                "agenda": agenda,
                "source": event.external_url or event.external_uid,
            }
        return event.get_source_display()

    @admin.display(description=_("prochaines dates"))
    def next_dates(self, event):
        if event.pk is None:
            return "—"
        dates = (
            event.occurrences.upcoming()
            .select_related("event")
            .only("start", "end", "event__all_day")
            .annotate(participants=Count("participations"))
            .order_by("start")[:NEXT_DATES_SHOWN]
        )
        rows = [
            (
                occurrence.when_in_words,
                ngettext("%(count)s participant", "%(count)s participants", occurrence.participants)
                % {"count": occurrence.participants},
            )
            for occurrence in dates
        ]
        return format_html_join("", "<p>{} — {}</p>", rows) if rows else gettext("Aucune date à venir.")

    # Saving ----------------------------------------------------------------------------------

    def save_model(self, request, obj, form, change):
        status, reason = obj.status, obj.status_reason
        changing = change and "status" in form.changed_data
        if changing:
            # The new status is applied by the services, with their e-mails.
            obj.status = form.initial["status"]
        if form.processed_picture is not None:
            services.attach_picture(obj, form.processed_picture)
        elif not obj.picture:
            obj.thumbnail = ""
        # Called off and moved in one save: participants hear once that it is called off, on
        # the dates they had joined; its new dates then tell nobody (event_save).
        calling_off = changing and status in (Event.Status.CANCELLED, Event.Status.REFUSED)
        if calling_off:
            services.event_set_status(event=obj, status=status, reason=reason)
        services.event_save(event=obj, themes=form.cleaned_data["themes"], geocode=False)
        if changing and not calling_off and status != obj.status:
            services.event_set_status(event=obj, status=status, reason=reason)
        if changing:
            self.message_user(request, _status_message(obj), messages.SUCCESS)

    # Bulk actions ----------------------------------------------------------------------------

    @admin.action(description=_("Publier les événements choisis"), permissions=["change"])
    def publish_selected(self, request, queryset):
        published = sum(services.event_publish(event=event) for event in queryset.for_detail())
        self.message_user(
            request,
            ngettext(
                "%(count)s événement publié. Les personnes qui les ont proposés sont prévenues par e-mail.",
                "%(count)s événements publiés. Les personnes qui les ont proposés sont prévenues par e-mail.",
                published,
            )
            % {"count": published},
            messages.SUCCESS,
        )

    @admin.action(description=_("Refuser les événements choisis (avec un motif)"), permissions=["change"])
    def refuse_selected(self, request, queryset):
        return _ask_reason(
            self,
            request,
            queryset,
            action="refuse_selected",
            title=gettext("Refuser des propositions"),
            intro=gettext(
                "Ces propositions ne seront pas publiées. Les personnes qui les ont faites "
                "reçoivent votre motif par e-mail."
            ),
            button=gettext("Refuser et prévenir"),
            service=services.event_refuse,
            done=lambda count: (
                ngettext(
                    "%(count)s événement refusé. Les personnes qui les ont proposés ont reçu le motif par "
                    "e-mail.",
                    "%(count)s événements refusés. Les personnes qui les ont proposés ont reçu le motif par "
                    "e-mail.",
                    count,
                )
                % {"count": count}
            ),
        )

    @admin.action(description=_("Annuler les événements choisis (avec un motif)"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        return _ask_reason(
            self,
            request,
            queryset,
            action="cancel_selected",
            title=gettext("Annuler des événements"),
            intro=gettext(
                "Ces événements restent visibles, marqués « annulé », avec votre motif. Les "
                "participants et les personnes qui les ont proposés sont prévenus par e-mail."
            ),
            button=gettext("Annuler et prévenir"),
            service=services.event_cancel,
            done=lambda count: (
                ngettext(
                    "%(count)s événement annulé. Les personnes concernées sont prévenues par e-mail.",
                    "%(count)s événements annulés. Les personnes concernées sont prévenues par e-mail.",
                    count,
                )
                % {"count": count}
            ),
        )


def _status_message(event):
    return {
        Event.Status.PUBLISHED: gettext("L'événement est publié. La personne qui l'a proposé est prévenue."),
        Event.Status.REFUSED: gettext("L'événement est refusé. La personne qui l'a proposé a reçu le motif."),
        Event.Status.CANCELLED: gettext("L'événement est annulé. Les personnes concernées sont prévenues."),
    }.get(event.status, gettext("Statut : %(status)s.") % {"status": event.get_status_display().lower()})


@admin.register(ProposedEvent)
class ProposedEventAdmin(EventAdmin):
    """The review queue: the proposals waiting, soonest first."""

    list_display = ["title", "first_date", "commune_name", "proposer"]
    list_filter = ["themes", "intercommunalite", UpcomingFilter]
    actions = ["publish_selected", "refuse_selected"]
    changelist_title = _("Choisissez une proposition à relire")
    add_title = _("Ajouter une proposition")
    change_title = _("Relire la proposition")


@admin.register(Participation)
class ParticipationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """Who comes to which date: read-only, names only (never an e-mail address)."""

    scope_theme_lookup = "occurrence__event__themes"
    scope_territory_lookup = "occurrence__event__intercommunalite"
    list_display = ["member", "event_title", "date", "created"]
    list_filter = [ComingParticipationFilter]
    changelist_title = _("Qui vient à vos rencontres")
    list_select_related = ["user__profile", "occurrence__event"]
    search_fields = ["occurrence__event__title", "user__username", "user__profile__display_name"]
    fields = ["member", "event_title", "date", "created"]
    readonly_fields = fields

    def get_queryset(self, request):
        return super().get_queryset(request).defer("occurrence__event__search_vector")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.display(description=_("membre"), ordering="user__username")
    def member(self, participation):
        return participation.user.public_name

    @admin.display(description=_("événement"), ordering="occurrence__event__title")
    def event_title(self, participation):
        return participation.occurrence.event.title

    @admin.display(description=_("date"), ordering="occurrence__start")
    def date(self, participation):
        return participation.occurrence.when_in_words


from . import admin_import, admin_registration, admin_waiting_list  # noqa: F401, E402
