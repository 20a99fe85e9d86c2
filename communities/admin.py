"""Communities in the admin: referents create, see and edit those of their thèmes or territory
(ScopedAdminMixin on `theme` and `intercommunalite`), name the hosts, link the rencontres and add
the people without an account they registered; moderators reach everything."""

from django import forms
from django.contrib import admin
from django.db.models import Q
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.models import TERRITORY_REFERENTS, THEMATIC_REFERENTS, User
from accounts.scoping import AuditAdminMixin, ScopedAdminMixin, scope_filter
from events.models import Event, ProxyRegistration
from tousvoisins.forms import AdminFieldRulesMixin, single_line_fields

from . import services
from .models import Community, GuestMember, HostMessage, Membership, member_count


def host_choices(community):
    """Who may be named host: the referents, and for a saved community its members, its hosts and
    the members who proposed its rencontres (never the whole membership of the site)."""
    wanted = Q(groups__name__in=[THEMATIC_REFERENTS, TERRITORY_REFERENTS])
    if community is not None and community.pk:
        wanted |= (
            Q(community_memberships__community=community)
            | Q(hosted_communities=community)
            | Q(proposed_events__communities=community)
        )
    ids = User.objects.filter(wanted, is_active=True).values("pk")
    return User.objects.filter(pk__in=ids).order_by("username")


class GuestMemberInline(AdminFieldRulesMixin, admin.StackedInline):  # labelled fields (a table has none)
    model = GuestMember
    extra = 0
    fields = ["first_name", "phone", "postal_address", "consent_given_on", "consent_channel", "notes"]
    verbose_name = _("personne sans compte")
    verbose_name_plural = _(
        "Personnes sans compte, inscrites par un référent (jamais montrées au public ; "
        "les hôtes les voient avec leur numéro pour les appeler)"
    )


class RegistrationChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, registration):
        occurrence = registration.occurrence
        return f"{registration.first_name} — {occurrence.event.title}, {occurrence.when_in_words}"


def registrations_for(community, user):
    """The people a referent registered (without an account) to a date of the community's
    rencontres, in the user's scope, to count as members."""
    if community is None or not community.pk:
        return ProxyRegistration.objects.none()
    registrations = ProxyRegistration.objects.filter(occurrence__event__communities=community)
    registrations = scope_filter(
        user,
        registrations,
        theme_lookup="occurrence__event__themes",
        territory_lookup="occurrence__event__intercommunalite",
    )
    return registrations.select_related("occurrence__event").order_by("first_name", "pk")


@single_line_fields
class CommunityAdminForm(forms.ModelForm):
    from_registrations = RegistrationChoiceField(
        queryset=ProxyRegistration.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        label=_("Compter comme membres des personnes inscrites à une rencontre"),
        help_text=_(
            "Les personnes sans compte qu'un référent a inscrites à une date des rencontres de la "
            "communauté : leur prénom, leur téléphone ou leur adresse et leur accord sont repris."
        ),
    )
    registrations = ProxyRegistration.objects.none()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["from_registrations"].queryset = self.registrations
        if "language" in self.fields:  # not sent: the community keeps its language, French when new
            self.fields["language"].required = False

    class Meta:
        model = Community
        fields = [
            "name",
            "theme",
            "commune",
            "intercommunalite",
            "description",
            "language",
            "welcome_message",
            "hosts",
            "events",
        ]

    def clean(self):
        cleaned_data = super().clean()
        # The intercommunalité is the commune's (Community.clean): said here already, so that a
        # territory referent's scope is checked on it (accounts.scoping.ScopedFormMixin).
        if cleaned_data.get("commune"):
            cleaned_data["intercommunalite"] = cleaned_data["commune"].intercommunalite
        return cleaned_data


@admin.register(Community)
class CommunityAdmin(ScopedAdminMixin, AuditAdminMixin, admin.ModelAdmin):
    scope_theme_lookup = "theme"
    scope_territory_lookup = "intercommunalite"
    changelist_title = _("Choisissez une communauté")
    add_title = _("Créer une communauté")
    change_title = _("Modifier la communauté")
    list_display = ["name", "theme", "place", "member_count", "on_site"]
    list_filter = ["theme", "intercommunalite"]
    list_select_related = ["theme", "commune", "intercommunalite"]
    search_fields = ["name"]
    fields = [
        "name",
        "theme",
        "commune",
        "intercommunalite",
        "description",
        "language",
        "welcome_message",
        "hosts",
        "events",
        "from_registrations",
    ]
    inlines = [GuestMemberInline]
    form = CommunityAdminForm
    show_full_result_count = False

    def get_queryset(self, request):
        queryset = super().get_queryset(request).defer("commune__geometry", "intercommunalite__geometry")
        return queryset.annotate(member_count=member_count())

    def get_form(self, request, obj=None, change=False, **kwargs):
        request._community = obj
        form = super().get_form(request, obj, change, **kwargs)
        return type(form.__name__, (form,), {"registrations": registrations_for(obj, request.user)})

    def get_fields(self, request, obj=None):
        fields = list(super().get_fields(request, obj))
        return fields if obj is not None else [name for name in fields if name != "from_registrations"]

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        # Plain lists with their label: the admin's filtering and autocomplete widgets are not
        # accessible (axe-core), and both lists stay short.
        if db_field.name == "hosts":
            kwargs["queryset"] = host_choices(getattr(request, "_community", None))
            kwargs["widget"] = forms.SelectMultiple(attrs={"size": 8})
        if db_field.name == "events":
            events = Event.objects.in_scope_of(request.user).recurring().public()
            current = getattr(request, "_community", None)
            if current is not None and current.pk:
                events = Event.objects.filter(
                    Q(pk__in=events.values("pk")) | Q(communities=current)
                ).distinct()
            kwargs["queryset"] = events.only("title", "slug").order_by("title", "pk")
            kwargs["widget"] = forms.SelectMultiple(attrs={"size": 8})
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    @admin.display(description=_("lieu"))
    def place(self, community):
        return community.place_name

    @admin.display(description=_("membres"), ordering="member_count")
    def member_count(self, community):
        return community.member_count

    @admin.display(description=_("sur le site"))
    def on_site(self, community):
        return format_html('<a href="{}">{}</a>', community.get_absolute_url(), gettext("Voir la page"))

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        services.community_category_ensure(obj)
        for registration in form.cleaned_data.get("from_registrations") or ():
            services.guest_from_registration(community=obj, registration=registration, by=request.user)

    def save_formset(self, request, form, formset, change):
        guests = formset.save(commit=False)
        for guest in guests:
            if isinstance(guest, GuestMember) and guest.added_by_id is None:
                guest.added_by = request.user
            guest.save()
        for deleted in formset.deleted_objects:
            deleted.delete()
        formset.save_m2m()


class CommunityChildAdmin(ScopedAdminMixin, admin.ModelAdmin):
    scope_theme_lookup = "community__theme"
    scope_territory_lookup = "community__intercommunalite"
    list_select_related = ["community"]

    def has_add_permission(self, request):
        return False


@admin.register(Membership)
class MembershipAdmin(CommunityChildAdmin):
    list_display = ["user", "community", "joined_at"]
    list_select_related = ["community", "user"]
    search_fields = ["community__name", "user__username"]
    fields = ["user", "community", "joined_at"]
    readonly_fields = fields


@admin.register(HostMessage)
class HostMessageAdmin(CommunityChildAdmin):
    list_display = ["subject", "community", "created", "recipient_count"]
    fields = ["community", "subject", "body", "created", "recipient_count"]
    readonly_fields = ["community", "created", "recipient_count"]
