"""Communautés: lasting groups of people who meet at the same recurring rencontres.

A community has a thème, a place (a commune, or a whole intercommunalité), a short description,
its hosts (named by a referent or a moderator in the admin), the events where its members meet
(`events`, read from an event's page through the reverse relation `event.communities`) and a
discussion: a forum category of the kind "communauté" (forum.Category.Kind.COMMUNITY), made with
the community, which only its members, hosts, the referents of its scope and the moderators read.

Members join and leave in one click (Membership). People without an account, registered by a
referent of the community's scope, count as members too (GuestMember): the hosts see them, with
their phone number, so that they can call them; nobody else ever does.
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, Exists, OuterRef, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy, slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.scoping import scope_filter, sees_everything
from events.models import Occurrence, Participation, ProxyRegistration
from tousvoisins.content_language import language_field
from tousvoisins.phones import normalize_phone

NAME_MAX_LENGTH = 70
DESCRIPTION_MAX_LENGTH = 400
WELCOME_MAX_LENGTH = 600
# Community categories are named so that they never meet a public category of the forum.
CATEGORY_PREFIX = "Communauté : "


def member_count():
    """Members with an account plus people registered by a referent, in the same query."""
    members = Membership.objects.filter(community=OuterRef("pk")).order_by().values("community")
    guests = GuestMember.objects.filter(community=OuterRef("pk")).order_by().values("community")
    return Coalesce(Subquery(members.annotate(n=Count("pk")).values("n")), 0) + Coalesce(
        Subquery(guests.annotate(n=Count("pk")).values("n")), 0
    )


def next_date(field="start"):
    """The start of the next date of one of the community's events (or its `end`: when the
    card's next date changes without any stamp changing)."""
    dates = Occurrence.objects.published().upcoming().filter(event__communities=OuterRef("pk"))
    return Subquery(dates.order_by("start", "end").values(field)[:1])


class CommunityQuerySet(models.QuerySet):
    def in_scope_of(self, user):
        """The communities a referent looks after (their thèmes or territory); all for moderators."""
        return scope_filter(user, self, theme_lookup="theme", territory_lookup="intercommunalite")

    def for_cards(self, user=None):
        """What a card shows: thème, place, number of members, next date and, for a signed-in
        member, `is_member`; in one query."""
        queryset = (
            self.select_related("theme", "commune", "intercommunalite")
            .defer("commune__geometry", "commune__centre", "intercommunalite__geometry", "welcome_message")
            .annotate(member_count=member_count(), next_start=next_date())
        )
        if user is not None and user.is_authenticated:
            mine = Membership.objects.filter(community=OuterRef("pk"), user=user)
            queryset = queryset.annotate(is_member=Exists(mine))
        return queryset

    def filtered(self, filters):
        """By the filters of /communautes/ (tousvoisins.forms.ThemeTerritoryFilterForm.filters())."""
        queryset = self
        if filters.get("theme"):
            queryset = queryset.filter(theme=filters["theme"])
        if filters.get("territoire"):
            queryset = queryset.filter(intercommunalite=filters["territoire"])
        return queryset

    def for_list(self, filters, user=None):
        """/communautes/ with its filters; `next_end`, when the card's next date is over."""
        queryset = self.filtered(filters).for_cards(user).annotate(next_end=next_date("end"))
        return queryset.order_by("name", "pk")

    def for_event_page(self, user=None):
        """The communities of an event (from `event.communities`), with `is_member`."""
        return self.for_cards(user).order_by("name", "pk")

    def nearest_first(self, territory_id=None, theme_ids=(), *, limit=None):
        """Those of the intercommunalité `territory_id` or of one of the thèmes `theme_ids` first
        (`near`), then the others; the newest first within each.

        limit: only the first `limit` are wanted. They are among the `limit` newest of the
        territory, of each thème and of all (with fewer near ones than `limit`, the newest of all
        hold the newest others): those few are sorted, each list read from the head of an index,
        not every community."""
        wanted = Q(pk__in=[])
        if territory_id:
            wanted |= Q(intercommunalite_id=territory_id)
        if theme_ids:
            wanted |= Q(theme_id__in=theme_ids)
        near = Case(When(wanted, then=Value(True)), default=Value(False), output_field=models.BooleanField())
        queryset = self
        if limit is not None:
            queryset = queryset.filter(pk__in=self._newest_candidates(territory_id, theme_ids, limit))
        return queryset.annotate(near=near).order_by("-near", "-created", "-pk")

    def _newest_candidates(self, territory_id, theme_ids, limit):
        newest = Community.objects.order_by("-created", "-pk").values("pk")
        heads = [newest[:limit]]
        if territory_id:
            heads.append(newest.filter(intercommunalite_id=territory_id)[:limit])
        heads += [newest.filter(theme_id=theme_id)[:limit] for theme_id in sorted(theme_ids)]
        return heads[0].union(*heads[1:], all=True) if len(heads) > 1 else heads[0]

    def of_member(self, user):
        return self.filter(memberships__user=user)


class Community(models.Model):
    name = models.CharField(
        _("nom"),
        max_length=NAME_MAX_LENGTH,
        unique=True,
        help_text=_(
            "Un nom simple qui dit qui se retrouve et où, par exemple « Les cuisiniers du mardi à Rezé »."
        ),
    )
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=80, unique=True, editable=False)
    theme = models.ForeignKey(
        "tousvoisins.Theme", on_delete=models.PROTECT, related_name="communities", verbose_name=_("thème")
    )
    commune = models.ForeignKey(
        "tousvoisins.Commune",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("commune"),
        help_text=_("Vide si la communauté rassemble toute l'intercommunalité."),
    )
    # The commune's when there is one (clean()): filtering by territory is one indexed column.
    intercommunalite = models.ForeignKey(
        "tousvoisins.Intercommunalite",
        on_delete=models.PROTECT,
        related_name="communities",
        verbose_name=_("intercommunalité"),
        blank=True,
        help_text=_("Prise de la commune quand il y en a une."),
    )
    description = models.TextField(
        _("présentation"),
        max_length=DESCRIPTION_MAX_LENGTH,
        help_text=format_lazy(
            _(
                "Quelques phrases simples : qui se retrouve, pour quoi faire, quand. {length} caractères au plus."  # noqa: E501
            ),
            length=DESCRIPTION_MAX_LENGTH,
        ),
    )
    # The language its description (and welcome message) is written in.
    language = language_field()
    welcome_message = models.TextField(
        _("mot d'accueil"),
        max_length=WELCOME_MAX_LENGTH,
        blank=True,
        help_text=_(
            "Montré à chaque nouveau membre quand il rejoint la communauté. Les hôtes peuvent le changer."
        ),
    )
    hosts = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="hosted_communities",
        verbose_name=_("hôtes"),
        help_text=_(
            "L'organisateur, un référent ou des membres : "
            "ils écrivent aux membres et accueillent les nouveaux."
        ),
    )
    events = models.ManyToManyField(
        "events.Event",
        blank=True,
        related_name="communities",
        verbose_name=_("rencontres"),
        help_text=_("Les rencontres régulières où les membres se retrouvent."),
    )
    category = models.OneToOneField(
        "forum.Category",
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="community",
        verbose_name=_("discussion"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("créée par"),
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("modifiée par"),
    )
    created = models.DateTimeField(_("créée le"), auto_now_add=True)
    updated = models.DateTimeField(_("modifiée le"), auto_now=True)

    objects = CommunityQuerySet.as_manager()

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("communauté")
        verbose_name_plural = _("communautés")
        indexes = [
            models.Index(fields=["intercommunalite", "name"], name="community_territory_idx"),
            # The newest of all, of a territory, of a thème: the heads nearest_first() reads.
            models.Index(fields=["created", "id"], name="community_created_idx"),
            models.Index(fields=["intercommunalite", "created", "id"], name="community_territory_new_idx"),
            models.Index(fields=["theme", "created", "id"], name="community_theme_new_idx"),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("communities:detail", kwargs={"slug": self.slug})

    def clean(self):
        self.name = " ".join(self.name.split())
        if self.commune_id:
            self.intercommunalite_id = self.commune.intercommunalite_id
        if not self.intercommunalite_id:
            message = gettext(
                "Choisissez une commune, ou à défaut une intercommunalité, pour situer la communauté."
            )
            raise ValidationError({"commune": message})

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self._free_slug()
        super().save(*args, **kwargs)

    def _free_slug(self):
        base = slugify(self.name)[:72].strip("-") or "communaute"
        slug, number = base, 2
        while Community.objects.filter(slug=slug).exists():
            slug, number = f"{base}-{number}", number + 1
        return slug

    @property
    def category_name(self):
        return f"{CATEGORY_PREFIX}{self.name}"  # fits forum.Category.name (100)

    @property
    def place_name(self):
        """Where it meets, in words: the commune, else the intercommunalité (select them)."""
        return self.commune.name if self.commune_id else self.intercommunalite.full_name

    # Who may do what (each costs at most one small query) ---------------------------------------

    def has_member(self, user):
        return user.is_authenticated and self.memberships.filter(user=user).exists()

    def has_host(self, user):
        return user.is_authenticated and self.hosts.filter(pk=user.pk).exists()

    def moderated_by(self, user):
        """Moderators and the referents of its thème or territory."""
        if not (user.is_authenticated and user.is_active):
            return False
        if sees_everything(user):
            return True
        return user.is_referent and Community.objects.filter(pk=self.pk).in_scope_of(user).exists()

    def discussion_open_to(self, user):
        """Who reads and writes in its discussion (forum.Category.readable_by)."""
        if not (user.is_authenticated and user.is_active):
            return False
        return self.has_member(user) or self.has_host(user) or self.moderated_by(user)

    def next_date(self, now=None):
        """The next date of one of its events, with its event, or None."""
        return (
            Occurrence.objects.published()
            .upcoming(now)
            .filter(event__communities=self)
            .select_related("event")
            .order_by("start")
            .first()
        )

    def upcoming_dates(self, limit, now=None):
        return list(
            Occurrence.objects.published().upcoming(now).filter(event__communities=self).for_cards()[:limit]
        )

    def who_comes(self, occurrence):
        """For its hosts: the names of who said "je participe" to `occurrence` and the people
        a referent registered (first names, with a phone number to call)."""
        names = [name for _, name in Participation.objects.names_for([occurrence])]
        registered = list(
            ProxyRegistration.objects.filter(occurrence=occurrence).order_by("first_name", "pk")
        )
        return names, registered


class MembershipQuerySet(models.QuerySet):
    def names_shown(self):
        """Members whose profile others may see (members only or public), by name: a hidden
        profile is counted, never named."""
        return (
            self.filter(user__is_active=True, user__profile__visibility__in=["membres", "publique"])
            .select_related("user__profile")
            .order_by("user__profile__display_name", "user_id")
        )


class Membership(models.Model):
    """A member belongs to a community."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="community_memberships",
        verbose_name=_("membre"),
    )
    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("communauté")
    )
    joined_at = models.DateTimeField(_("membre depuis le"), default=timezone.now)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        ordering = ["joined_at", "pk"]
        verbose_name = _("membre d'une communauté")
        verbose_name_plural = _("membres des communautés")
        constraints = [models.UniqueConstraint(fields=["user", "community"], name="membership_unique")]

    def __str__(self):
        return f"{self.user} — {self.community}"


class GuestMember(models.Model):
    """A person without an account counted as a member by a referent of the community's scope,
    so that the hosts know to call them. The same record as a person a referent registers to a
    date (events.ProxyRegistration): a first name, a phone number or a postal address, and their
    consent. Shown to the hosts, the referents of the scope and the moderators only; never public."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="guests", verbose_name=_("communauté")
    )
    first_name = models.CharField(_("prénom"), max_length=80)
    phone = models.CharField(
        _("téléphone"),
        max_length=30,
        blank=True,
        help_text=_("Pour que les hôtes l'appellent, par exemple 02 40 00 00 00."),
    )
    postal_address = models.CharField(
        _("adresse postale"), max_length=300, blank=True, help_text=_("Si la personne n'a pas de téléphone.")
    )
    consent_given_on = models.DateField(_("accord donné le"), default=timezone.localdate)
    consent_channel = models.CharField(
        _("accord donné"),
        max_length=20,
        choices=ProxyRegistration.Channel.choices,
        default=ProxyRegistration.Channel.PHONE,
    )
    notes = models.CharField(
        _("remarques"),
        max_length=300,
        blank=True,
        help_text=_("Par exemple : préfère qu'on l'appelle le matin."),
    )
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("ajoutée par"),
    )
    created = models.DateTimeField(_("ajoutée le"), auto_now_add=True)

    class Meta:
        ordering = ["first_name", "pk"]
        verbose_name = _("membre sans compte")
        verbose_name_plural = _("membres sans compte (inscrits par un référent)")
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(postal_address=""), name="guest_member_phone_or_address"
            )
        ]

    def __str__(self):
        return f"{self.first_name} — {self.community}"

    def clean(self):
        self.first_name = self.first_name.strip()
        self.postal_address = self.postal_address.strip()
        errors = {}
        try:
            self.phone = normalize_phone(self.phone)
        except ValidationError as error:
            errors["phone"] = error.messages[0]
        if not errors and not self.phone and not self.postal_address:
            errors["phone"] = gettext(
                "Donnez un numéro de téléphone ou une adresse postale, pour pouvoir joindre la personne."
            )
        if self.consent_given_on and self.consent_given_on > timezone.localdate():
            errors["consent_given_on"] = gettext(
                "L'accord ne peut pas être donné dans le futur : vérifiez la date."
            )
        if errors:
            raise ValidationError(errors)


class HostMessage(models.Model):
    """What the hosts wrote to all the members: sent by e-mail (one batched task) and shown to the
    members on the community's page."""

    community = models.ForeignKey(
        Community, on_delete=models.CASCADE, related_name="host_messages", verbose_name=_("communauté")
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="community_messages_sent",
        verbose_name=_("écrit par"),
    )
    subject = models.CharField(_("objet"), max_length=120)
    body = models.TextField(_("message"), max_length=3000)
    created = models.DateTimeField(_("écrit le"), default=timezone.now)
    recipient_count = models.PositiveIntegerField(_("envoyé à"), default=0, editable=False)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name = _("message des hôtes")
        verbose_name_plural = _("messages des hôtes")

    def __str__(self):
        return self.subject
