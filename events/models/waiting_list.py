"""The waiting list of a full date: members, and people without an account put on it by a
referent, in the order they came. When a place frees, the first in line is offered it for a set
time (offer_deadline); the place is held for them meanwhile, then goes to the next.

The writes are in events.services_waiting_list; the periodic job `expire_waiting_offers` moves on
the offers left unanswered.
"""

from datetime import timedelta
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from tousvoisins.dates import day_in_words, ordinal, time_in_words

from .registration import PHONE_ERROR, PHONE_OR_ADDRESS, ProxyRegistration, _phone_digits


def offer_deadline(*, now, start):
    """Until when the first in line may take a freed place of a date starting at `start`.

    The rule: WAITING_LIST_OFFER_HOURS (48 h by default); when the date is nearer, half the time
    left before it, but at least WAITING_LIST_MIN_OFFER_HOURS (2 h); never after the date begins.
    """
    usual = timedelta(hours=settings.WAITING_LIST_OFFER_HOURS)
    shortest = timedelta(hours=settings.WAITING_LIST_MIN_OFFER_HOURS)
    delay = min(usual, max((start - now) / 2, shortest))
    return min(now + delay, start)


class WaitingListQuerySet(models.QuerySet):
    def active(self):
        """Still in line: waiting, or offered a place not yet answered."""
        return self.filter(status__in=WaitingListEntry.ACTIVE)

    def offered(self):
        return self.filter(status=WaitingListEntry.Status.OFFERED)

    def overdue(self, now=None):
        """Offers whose time is up: the periodic job gives the place to the next."""
        return self.offered().filter(expires_at__lte=now or timezone.now())

    def in_line(self):
        """The active entries in their order: the first is the next to be offered a place."""
        return self.active().order_by("position", "pk")

    def for_who_comes(self, occurrences):
        """The lists of `occurrences`, in order, with what the organisers need to call or name
        each person (one query)."""
        return (
            self.filter(occurrence__in=occurrences)
            .active()
            .select_related("user__profile", "registered_by__profile")
            .order_by("occurrence_id", "position", "pk")
        )

    def expired(self, now=None):
        """Entries of dates that ended more than PHONE_REGISTRATION_RETENTION_DAYS ago."""
        now = now or timezone.now()
        limit = now - timedelta(days=settings.PHONE_REGISTRATION_RETENTION_DAYS)
        return self.filter(occurrence__end__lt=limit)


def waiting_list_length():
    """How many people are in line for each date (a correlated count, inside the date's query)."""
    in_line = (
        WaitingListEntry.objects.active()
        .filter(occurrence=OuterRef("pk"))
        .order_by()
        .values("occurrence")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(in_line), 0)


def held_places():
    """Places held for the people offered one, not yet answered: they count as taken."""
    held = (
        WaitingListEntry.objects.offered()
        .filter(occurrence=OuterRef("pk"))
        .order_by()
        .values("occurrence")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(held), 0)


def my_entry(user, column):
    """`column` of the member's active entry on each date (None when not in line)."""
    mine = WaitingListEntry.objects.active().filter(occurrence=OuterRef("pk"), user=user)
    return Subquery(mine.values(column)[:1])


def my_rank(user):
    """The member's place in line on each date: 1 for the first (None when not in line)."""
    mine = WaitingListEntry.objects.active().filter(occurrence=OuterRef(OuterRef("pk")), user=user)
    ahead = (
        WaitingListEntry.objects.active()
        .filter(occurrence=OuterRef("pk"), position__lte=Subquery(mine.values("position")[:1]))
        .order_by()
        .values("occurrence")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Subquery(ahead)


class WaitingListEntry(models.Model):
    """Someone in line for a full date: a member, or a person without an account whom a referent
    put on the list (then only a first name and a way to call them, as for ProxyRegistration)."""

    class Status(models.TextChoices):
        WAITING = "attente", _("en attente")
        OFFERED = "place-proposee", _("place proposée")
        CONFIRMED = "confirme", _("place prise")
        EXPIRED = "expire", _("délai passé")
        WITHDRAWN = "retire", _("s'est retiré(e)")
        CANCELLED = "annule", _("date annulée")

    ACTIVE = (Status.WAITING, Status.OFFERED)

    occurrence = models.ForeignKey(
        "events.Occurrence", on_delete=models.CASCADE, related_name="waiting_list", verbose_name=_("date")
    )
    position = models.PositiveIntegerField(_("ordre d'arrivée"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="waiting_list_entries",
        verbose_name=_("membre"),
    )
    # A person without an account: the same fields as "Inscrire quelqu'un".
    first_name = models.CharField(_("prénom"), max_length=80, blank=True)
    phone = models.CharField(
        _("téléphone"),
        max_length=30,
        blank=True,
        help_text=_("Pour appeler la personne quand une place se libère."),
    )
    postal_address = models.CharField(
        _("adresse postale"), max_length=300, blank=True, help_text=_("Si la personne n'a pas de téléphone.")
    )
    consent_given_on = models.DateField(_("accord donné le"), null=True, blank=True)
    consent_channel = models.CharField(
        _("accord donné"), max_length=20, choices=ProxyRegistration.Channel.choices, blank=True
    )
    notes = models.CharField(_("remarques"), max_length=300, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="waiting_list_entries_made",
        verbose_name=_("inscrite par"),
    )
    status = models.CharField(
        _("où en est-on"), max_length=20, choices=Status.choices, default=Status.WAITING
    )
    offered_at = models.DateTimeField(_("place proposée le"), null=True, blank=True)
    expires_at = models.DateTimeField(_("à confirmer avant"), null=True, blank=True)
    answered_at = models.DateTimeField(_("réponse le"), null=True, blank=True)
    created = models.DateTimeField(_("inscrit(e) le"), auto_now_add=True)

    objects = WaitingListQuerySet.as_manager()

    class Meta:
        ordering = ["occurrence_id", "position", "pk"]
        verbose_name = _("place sur une liste d'attente")
        verbose_name_plural = _("listes d'attente")
        constraints = [
            # The order of arrival is unique on each date, whatever the concurrent joins.
            models.UniqueConstraint(fields=["occurrence", "position"], name="waiting_list_unique_position"),
            models.UniqueConstraint(
                fields=["occurrence", "user"],
                condition=Q(status__in=["attente", "place-proposee"]),
                name="waiting_list_member_once",
            ),
            models.CheckConstraint(
                condition=Q(user__isnull=False)
                | (~Q(first_name="") & (~Q(phone="") | ~Q(postal_address=""))),
                name="waiting_list_member_or_person",
            ),
            models.CheckConstraint(
                condition=~Q(status="place-proposee") | Q(expires_at__isnull=False),
                name="waiting_list_offer_has_deadline",
            ),
        ]

    def __str__(self):
        return f"{self.name} — {self.occurrence}"

    @property
    def name(self):
        """The member's public name, or the first name of the person without an account."""
        if self.user_id:
            return self.user.public_name
        return self.first_name

    @property
    def is_offered(self):
        return self.status == self.Status.OFFERED

    def clean(self):
        if self.user_id:
            return
        self.first_name = self.first_name.strip()
        self.phone = self.phone.strip()
        self.postal_address = self.postal_address.strip()
        errors = {}
        if not self.first_name:
            errors["first_name"] = gettext("Écrivez le prénom de la personne.")
        if not self.phone and not self.postal_address:
            errors["phone"] = PHONE_OR_ADDRESS
        elif self.phone and len(_phone_digits(self.phone)) != 10:
            errors["phone"] = PHONE_ERROR
        if not self.consent_channel:
            errors["consent_channel"] = gettext("Dites comment la personne a donné son accord.")
        if not self.consent_given_on:
            errors["consent_given_on"] = gettext("Indiquez le jour où la personne a donné son accord.")
        elif self.consent_given_on > timezone.localdate():
            errors["consent_given_on"] = gettext(
                "L'accord ne peut pas être donné dans le futur : vérifiez la date."
            )
        if errors:
            raise ValidationError(errors)

    @property
    def deadline_in_words(self):
        return deadline_in_words(self.expires_at) if self.expires_at else ""

    @property
    def consent_in_words(self):
        if not self.consent_given_on:
            return ""
        day = day_in_words(self.consent_given_on)
        return gettext("La personne a donné son accord le %(day)s, %(channel)s.") % {
            "day": day,
            "channel": self.get_consent_channel_display(),
        }


def deadline_in_words(moment):
    """'jeudi 10 décembre 2026 à 14 h' (Europe/Paris)."""
    local = timezone.localtime(moment, ZoneInfo("Europe/Paris"))
    return gettext("%(day)s à %(time)s") % {"day": day_in_words(local), "time": time_in_words(local)}


def rank_in_words(rank):
    """Where a member stands in line, as the event page says it."""
    if rank == 1:
        return gettext("Vous êtes en tête de la liste d'attente.")
    return gettext("Vous êtes %(rank)s sur la liste d'attente.") % {"rank": ordinal(rank)}
