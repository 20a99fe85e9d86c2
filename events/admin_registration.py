""" "Inscrire quelqu'un" in the admin: a referent registers a person without an account to a date
of an event in their scope, and finds the people registered to the events they look after.

The add form offers the coming dates of published events in the referent's scope; saving goes
through services.proxy_register, which locks the date and counts its places.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.scoping import ScopedAdminMixin, scope_filter
from tousvoisins.forms import single_line_fields

from . import services
from .models import Event, Occurrence, ProxyRegistration
from .registration_forms import PERSON_ORDER, PersonFields
from .services_waiting_list import offer_next_place

DATE_LABEL_FIELDS = (
    "start",
    "end",
    "event__title",
    "event__all_day",
    "event__capacity",
    "event__commune__name",
)


class DateChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, occurrence):
        return f"{occurrence.event.title} — {occurrence.when_in_words} ({occurrence.event.commune.name})"


def date_choice(request):
    """The date field of an add form: the coming dates of published events in one's scope."""
    coming = (
        Occurrence.objects.upcoming()
        .filter(event__status=Event.Status.PUBLISHED)
        .select_related("event__commune")
        .only(*DATE_LABEL_FIELDS)
        .order_by("start", "event_id")
    )
    dates = scope_filter(
        request.user, coming, theme_lookup="event__themes", territory_lookup="event__intercommunalite"
    )
    return {"queryset": dates, "form_class": DateChoiceField, "label": gettext("Date de la rencontre")}


@single_line_fields
class ProxyRegistrationAdminForm(PersonFields):
    class Meta(PersonFields.Meta):
        fields = ["occurrence", *PersonFields.Meta.fields]

    def clean(self):
        cleaned = super().clean()
        occurrence = cleaned.get("occurrence")
        capacity = occurrence and occurrence.event.capacity
        if capacity is not None and not self.instance.pk and occurrence.count_places_taken() >= capacity:
            self.add_error("occurrence", services.FULL_DATE)
        return cleaned


class ComingFilter(admin.SimpleListFilter):
    title = _("dates")
    parameter_name = "quand"

    def lookups(self, request, model_admin):
        return [("a-venir", _("À venir")), ("passees", _("Passées"))]

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "a-venir":
            return queryset.filter(occurrence__end__gt=now)
        if self.value() == "passees":
            return queryset.filter(occurrence__end__lte=now)
        return queryset


@admin.register(ProxyRegistration)
class ProxyRegistrationAdmin(ScopedAdminMixin, admin.ModelAdmin):
    """The people registered by a referent or an organiser, for the events in one's scope."""

    form = ProxyRegistrationAdminForm
    scope_theme_lookup = "occurrence__event__themes"
    scope_territory_lookup = "occurrence__event__intercommunalite"
    list_display = ["first_name", "phone", "event_title", "date", "notes", "registered_by_name"]
    list_select_related = ["occurrence__event", "registered_by__profile"]
    list_filter = [ComingFilter]
    search_fields = ["first_name", "occurrence__event__title"]
    readonly_fields = ["who_comes", "registered_by_name", "created"]

    def get_queryset(self, request):
        return super().get_queryset(request).defer("occurrence__event__search_vector")

    def get_fields(self, request, obj=None):
        if obj is None:
            return ["occurrence", *PERSON_ORDER]
        # A registration moves to another date by a new one: the places of each date stay right.
        person = [name for name in PERSON_ORDER if name != "consent"]
        return ["who_comes", *person, "registered_by_name", "created"]

    def get_form(self, request, obj=None, change=False, **kwargs):
        if obj is not None:
            kwargs["fields"] = PersonFields.Meta.fields
        return super().get_form(request, obj, change, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "occurrence":
            kwargs.update(date_choice(request))
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def add_view(self, request, form_url="", extra_context=None):
        extra_context = {**(extra_context or {}), "title": gettext("Inscrire quelqu'un")}
        return super().add_view(request, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        try:
            result = services.proxy_register(
                person=obj, occurrences=[obj.occurrence], registered_by=request.user
            )
        except ValidationError as error:
            # The last place went between the form's check and the save.
            messages.error(request, error.messages[0])
            return
        obj.pk = result.registered[0].pk

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        offer_next_place(occurrence=obj.occurrence)  # the place freed goes to the waiting list

    def delete_queryset(self, request, queryset):
        dates = list(Occurrence.objects.filter(pk__in=queryset.values("occurrence_id")))
        super().delete_queryset(request, queryset)
        for occurrence in dates:
            offer_next_place(occurrence=occurrence)

    @admin.display(description=_("rencontre"), ordering="occurrence__event__title")
    def event_title(self, registration):
        return registration.occurrence.event.title

    @admin.display(description=_("date"), ordering="occurrence__start")
    def date(self, registration):
        return registration.occurrence.when_in_words

    @admin.display(description=_("inscrite par"))
    def registered_by_name(self, registration):
        user = registration.registered_by
        return user.public_name if user else gettext("un ancien membre")

    @admin.display(description=_("date"))
    def who_comes(self, registration):
        event = registration.occurrence.event
        url = reverse("events:who-comes", kwargs={"pk": event.pk, "slug": event.slug})
        return format_html(
            '{} — {} (<a href="{}">qui vient</a>)', event.title, registration.occurrence.when_in_words, url
        )
