""" "Liste d'attente" in the admin: the referents of an event see who is in line for its full dates,
put a person without an account on the list (the same fields as "Inscrire quelqu'un"), and, when
a place is offered to that person, say their answer after calling them.

Every write goes through events.services_waiting_list, which locks the date and keeps the order.
"""

from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedAdminMixin
from tousvoisins.forms import DescribedBoundField, single_line_fields

from . import services_waiting_list as services
from .admin_registration import ComingFilter, date_choice
from .models import ProxyRegistration, WaitingListEntry
from .registration_forms import PERSON_ORDER, PersonFields


@single_line_fields
class WaitingListEntryAdminForm(PersonFields):
    class Meta(PersonFields.Meta):
        model = WaitingListEntry
        fields = ["occurrence", *PersonFields.Meta.fields]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_name"].required = True
        self.fields["consent_given_on"].required = True
        self.fields["consent_channel"].required = True
        self.fields["consent_channel"].choices = ProxyRegistration.Channel.choices  # no blank choice
        self.fields["consent_channel"].initial = ProxyRegistration.Channel.PHONE
        self.fields["consent"].label = gettext(
            "La personne est d'accord pour être sur la liste d'attente, et pour que le site garde son "
            "prénom et son numéro (ou son adresse) jusqu'à %(days)s jours après la rencontre."
        ) % {"days": settings.PHONE_REGISTRATION_RETENTION_DAYS}


@single_line_fields
class WaitingListEntryChangeForm(forms.ModelForm):
    """A correction of how to reach a person without an account; the rest goes through the actions."""

    bound_field_class = DescribedBoundField

    class Meta:
        model = WaitingListEntry
        fields = ["phone", "postal_address", "notes"]


# What may be corrected on a person without an account (a member's place in line: nothing).
PERSON_CHANGES = ["phone", "postal_address", "notes"]


@admin.register(WaitingListEntry)
class WaitingListEntryAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The waiting lists of the dates in one's scope; a person without an account is added here."""

    form = WaitingListEntryAdminForm
    changelist_title = _("Listes d'attente : choisissez une personne")
    add_title = _("Mettre quelqu'un sur une liste d'attente")
    scope_theme_lookup = "occurrence__event__themes"
    scope_territory_lookup = "occurrence__event__intercommunalite"
    list_display = [
        "person",
        "phone",
        "event_title",
        "date",
        "position",
        "status_in_words",
        "registered_by_name",
    ]
    list_select_related = ["occurrence__event", "user__profile", "registered_by__profile"]
    list_filter = ["status", ComingFilter]
    search_fields = ["first_name", "user__username", "occurrence__event__title"]
    actions = ["give_the_place", "let_the_place_go"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("occurrence__event__search_vector")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["occurrence", *PERSON_ORDER]
        changes = [] if obj.user_id else PERSON_CHANGES
        return ["person", "who_comes", "status_in_words", *changes, "registered_by_name"]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        return ["person", "who_comes", "status_in_words", "registered_by_name"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["form"] = WaitingListEntryChangeForm
            kwargs["fields"] = [] if obj.user_id else PERSON_CHANGES
        return super().get_form(request, obj, change, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "occurrence":
            # The same dates as "Inscrire quelqu'un": coming, published, in one's scope.
            kwargs.update(date_choice(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            entry, _ = services.waiting_list_join(
                occurrence=obj.occurrence, person=obj, registered_by=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return
        obj.pk = entry.pk

    def _answer(self, request, queryset, answer, done):
        count = 0
        for entry in queryset.filter(status=WaitingListEntry.Status.OFFERED, user__isnull=True):
            try:
                if answer(entry):
                    count += 1
            except ValidationError as error:
                self.message_user(
                    request,
                    gettext("%(name)s : %(error)s") % {"name": entry.first_name, "error": error.messages[0]},
                    messages.ERROR,
                )
        self.message_user(request, done(count), messages.SUCCESS if count else messages.WARNING)

    @admin.action(description=_("La personne prend la place"), permissions=["change"])
    def give_the_place(self, request, queryset):
        self._answer(
            request,
            queryset,
            lambda entry: services.waiting_offer_confirm(entry=entry),
            lambda count: (
                gettext(
                    "%(count)s personne(s) inscrite(s) à la place proposée. "
                    "Les places sans compte à confirmer sont celles marquées « place proposée »."
                )
                % {"count": count}
            ),
        )

    @admin.action(
        description=_("La personne ne vient pas : proposer la place à la suivante"), permissions=["change"]
    )
    def let_the_place_go(self, request, queryset):
        self._answer(
            request,
            queryset,
            lambda entry: services.waiting_list_leave(entry=entry),
            lambda count: (
                gettext("%(count)s place(s) proposée(s) à la personne suivante.") % {"count": count}
            ),
        )

    @admin.display(description=_("personne"), ordering="first_name")
    def person(self, entry):
        if entry.user_id:
            return gettext("%(name)s (membre du site)") % {"name": entry.user.public_name}
        return entry.first_name

    @admin.display(description=_("rencontre"), ordering="occurrence__event__title")
    def event_title(self, entry):
        return entry.occurrence.event.title

    @admin.display(description=_("date"), ordering="occurrence__start")
    def date(self, entry):
        return entry.occurrence.when_in_words

    @admin.display(description=_("où en est-on"), ordering="status")
    def status_in_words(self, entry):
        if entry.is_offered:
            if entry.user_id:
                return gettext("Place proposée : à confirmer avant le %(deadline)s") % {
                    "deadline": entry.deadline_in_words
                }
            return gettext(
                "Place proposée : appelez la personne et dites sa réponse avant le %(deadline)s"
            ) % {"deadline": entry.deadline_in_words}
        return entry.get_status_display().capitalize()

    @admin.display(description=_("inscrite par"))
    def registered_by_name(self, entry):
        if entry.user_id:
            return gettext("inscription sur le site")
        return entry.registered_by.public_name if entry.registered_by else gettext("un ancien membre")

    @admin.display(description=_("date"))
    def who_comes(self, entry):
        event = entry.occurrence.event
        url = reverse("events:who-comes", kwargs={"pk": event.pk, "slug": event.slug})
        return format_html(
            '{} — {} (<a href="{}">{}</a>)',
            event.title,
            entry.occurrence.when_in_words,
            url,
            gettext("qui vient"),
        )
