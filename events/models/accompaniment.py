""" "J'aimerais être accompagné(e)": a person coming to a date asks for someone to come with them,
to meet at a place or for a lift; members coming to the same date offer to help, and the two are
put in touch through the site's messages only once both agree.

A request belongs to a member's participation (leaving the date withdraws it), or, when a referent
asks for someone they registered by phone, to that registration (erasing it erases the request).
That person has no account: offers reach the organiser's list, and the referent arranges the rest
("quelqu'un s'en occupe"); nobody can write to her through the site.
"""

from django.conf import settings
from django.contrib.gis.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import scope_filter

from .event import Event
from .occurrence import Occurrence, Participation
from .registration import ProxyRegistration

NOTE_MAX_LENGTH = 300


class AccompanimentRequestQuerySet(models.QuerySet):
    def open(self, now=None):
        """Requests still waiting for help or being looked after, for dates not over yet: a request
        closes by itself once its date has passed, with no job to run."""
        now = now or timezone.now()
        return self.filter(
            status__in=[AccompanimentRequest.Status.OPEN, AccompanimentRequest.Status.HANDLED],
            occurrence__end__gt=now,
        )

    def for_event(self, event, now=None):
        """What the organiser's page lists: the requests of the event's coming dates, soonest first,
        with who asked (their shown name) and who looks after it, in one query."""
        now = now or timezone.now()
        return (
            self.filter(occurrence__event=event, occurrence__end__gt=now)
            .exclude(status=AccompanimentRequest.Status.CLOSED)
            .select_related(
                "occurrence", "participation__user__profile", "registration", "handled_by__profile"
            )
            .prefetch_related(
                models.Prefetch(
                    "offers",
                    AccompanimentOffer.objects.select_related("helper__profile").order_by("created", "pk"),
                )
            )
            .order_by("occurrence__start", "created", "pk")
        )

    def on_dates(self, occurrences, now=None):
        """The requests of these dates still useful to someone (open, looked after or matched),
        with their requester and offers, for the event page."""
        now = now or timezone.now()
        return (
            self.filter(occurrence__in=occurrences, occurrence__end__gt=now)
            .exclude(status=AccompanimentRequest.Status.CLOSED)
            .select_related("participation__user__profile", "registration")
            .prefetch_related(
                models.Prefetch(
                    "offers",
                    AccompanimentOffer.objects.select_related("helper__profile").order_by("created", "pk"),
                )
            )
            .order_by("created", "pk")
        )


class AccompanimentRequest(models.Model):
    class Kind(models.TextChoices):
        COME_WITH = "venir-avec-moi", _("Quelqu'un pour venir avec moi")
        MEET = "rendez-vous", _("Se retrouver à un point de rendez-vous")
        LIFT = "voiture", _("Un trajet en voiture")

    class Status(models.TextChoices):
        OPEN = "ouverte", _("En attente")
        HANDLED = "prise-en-charge", _("Quelqu'un s'en occupe")
        MATCHED = "accompagnee", _("Accompagnement trouvé")
        CLOSED = "fermee", _("Fermée")

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="accompaniment_requests", verbose_name=_("date")
    )
    # A member's request: leaving the date takes it away. Null for a request made by a referent
    # for someone registered by phone (see the module docstring).
    participation = models.OneToOneField(
        Participation,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="accompaniment_request",
        verbose_name=_("participation"),
    )
    # A referent's request for someone they registered by phone (no account, no participation).
    registration = models.OneToOneField(
        ProxyRegistration,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="accompaniment_request",
        verbose_name=_("inscription par un référent"),
    )
    kind = models.CharField(_("ce qui aiderait"), max_length=20, choices=Kind.choices)
    note = models.CharField(_("un mot en plus"), max_length=NOTE_MAX_LENGTH, blank=True)
    status = models.CharField(_("état"), max_length=20, choices=Status.choices, default=Status.OPEN)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("pris en charge par"),
    )
    created = models.DateTimeField(_("demandé le"), default=timezone.now)

    objects = AccompanimentRequestQuerySet.as_manager()

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("demande d'accompagnement")
        verbose_name_plural = _("demandes d'accompagnement")
        constraints = [
            models.CheckConstraint(
                condition=Q(participation__isnull=False) | Q(registration__isnull=False),
                name="accompaniment_request_has_person",
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} — {self.occurrence_id}"

    @property
    def requester(self):
        return self.participation.user if self.participation_id else None

    @property
    def requester_name(self):
        requester = self.requester
        if requester:
            return first_name(requester)
        return self.registration.first_name if self.registration_id else ""

    @property
    def by_referent(self):
        """Asked by a referent for someone registered by phone: no account to write to."""
        return self.registration_id is not None

    @property
    def accepted_offer(self):
        """The offer accepted (needs the prefetched `offers`), or None."""
        return next((offer for offer in self.offers.all() if offer.accepted_at), None)

    @property
    def is_open(self):
        return self.status in (self.Status.OPEN, self.Status.HANDLED)


class AccompanimentOffer(models.Model):
    """ "Je peux accompagner": a member coming to the same date offers to help."""

    request = models.ForeignKey(
        AccompanimentRequest, on_delete=models.CASCADE, related_name="offers", verbose_name=_("demande")
    )
    helper = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="accompaniment_offers",
        verbose_name=_("membre qui propose"),
    )
    created = models.DateTimeField(_("proposé le"), default=timezone.now)
    accepted_at = models.DateTimeField(_("acceptée le"), null=True, blank=True)

    class Meta:
        ordering = ["created", "pk"]
        verbose_name = _("proposition d'accompagnement")
        verbose_name_plural = _("propositions d'accompagnement")
        constraints = [
            models.UniqueConstraint(fields=["request", "helper"], name="accompaniment_offer_once"),
            models.UniqueConstraint(
                fields=["request"], condition=Q(accepted_at__isnull=False), name="accompaniment_one_accepted"
            ),
        ]

    def __str__(self):
        return f"{self.helper} — {self.request}"

    @property
    def helper_name(self):
        return first_name(self.helper)


def first_name(user):
    """Only the first word of the name members see (select `profile`): never a full name or contact."""
    return user.public_name.split()[0] if user.public_name.strip() else user.username


def accompaniment_visible_to(event, user):
    """Who sees the requests of an event with their notes: its organiser, the referents of its
    territory and the moderators; never other members."""
    if not user.is_authenticated:
        return False
    if event.proposed_by_id == user.pk or user.is_moderator:
        return True
    if not user.is_referent:
        return False
    same_event = Event.objects.filter(pk=event.pk)
    return scope_filter(user, same_event, territory_lookup="intercommunalite").exists()
