"""The waiting list of a full date: joining it, leaving it, offering a freed place to the first in
line, taking it, and moving on when the time to answer is up (see events.models.waiting_list).

Every write locks the date's row first (as "je participe" does): joins get their order one after
the other, and a place is never given twice. A place offered and not yet answered counts as taken.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from . import notifications
from .models import Event, Occurrence, Participation, ProxyRegistration, WaitingListEntry, offer_deadline

Status = WaitingListEntry.Status
NOT_FULL = gettext_lazy("Il reste des places à cette date : dites plutôt « je participe ».")
ALREADY_COMING = gettext_lazy("Vous participez déjà à cette date.")
NO_LONGER_OFFERED = gettext_lazy("Cette place ne vous est plus proposée.")
# What a person without an account carries from the waiting list to their registration.
PERSON_FIELDS = ("first_name", "phone", "postal_address", "consent_given_on", "consent_channel", "notes")


def _lock(occurrence):
    return (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("event")
        .only(
            "start",
            "end",
            "event__status",
            "event__capacity",
            "event__title",
            "event__slug",
            "event__all_day",
        )
        .get(pk=occurrence.pk)
    )


def _check_open(occurrence, now):
    if occurrence.event.status == Event.Status.CANCELLED:
        raise ValidationError(gettext("Cette rencontre est annulée."), code="cancelled")
    if occurrence.event.status != Event.Status.PUBLISHED:
        raise ValidationError(
            gettext("On ne peut pas encore s'inscrire à cette rencontre."), code="unpublished"
        )
    if occurrence.start <= now:
        raise ValidationError(gettext("Cette date a commencé : la liste d'attente est close."), code="past")


@transaction.atomic
def waiting_list_join(*, occurrence, user=None, person=None, registered_by=None, now=None):
    """Put a member (`user`), or a person without an account (`person`, an unsaved
    WaitingListEntry with their first name, phone or address and consent, put there by
    `registered_by`), at the end of the full date's waiting list.

    Returns (entry, created): a member already in line keeps their place.
    """
    now = now or timezone.now()
    occurrence = _lock(occurrence)
    _check_open(occurrence, now)
    if user is not None:
        mine = occurrence.waiting_list.active().filter(user=user).first()
        if mine is not None:
            return mine, False
        if Participation.objects.filter(occurrence=occurrence, user=user).exists():
            raise ValidationError(ALREADY_COMING, code="coming")
    capacity = occurrence.event.capacity
    if capacity is None or occurrence.count_places_taken() < capacity:
        raise ValidationError(NOT_FULL, code="not_full")
    last = occurrence.waiting_list.aggregate(last=Max("position"))["last"] or 0
    entry = person or WaitingListEntry()
    entry.occurrence, entry.user, entry.position, entry.status = occurrence, user, last + 1, Status.WAITING
    if user is None:
        entry.registered_by = registered_by
    entry.full_clean()
    entry.save()
    return entry, True


@transaction.atomic
def waiting_list_leave(*, entry, now=None):
    """The person leaves the list (or lets the place offered to them go, which then goes to the
    next). False if they were no longer in line."""
    now = now or timezone.now()
    occurrence = _lock(entry.occurrence)
    entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status not in WaitingListEntry.ACTIVE:
        return False
    was_offered = entry.status == Status.OFFERED
    entry.status, entry.answered_at = Status.WITHDRAWN, now
    entry.save(update_fields=["status", "answered_at"])
    if was_offered:
        offer_next_place(occurrence=occurrence, now=now)
    return True


@transaction.atomic
def offer_next_place(*, occurrence, now=None):
    """Offer each free place of the date to the next person waiting, in order. Returns the entries
    offered one (none when the date is not full of waiting people, has begun or is not published).

    Called whenever a place may have freed: a participant leaves, a person registered by a
    referent is removed, the capacity is raised, an offer is declined or runs out.
    """
    now = now or timezone.now()
    occurrence = _lock(occurrence)
    event = occurrence.event
    if event.status != Event.Status.PUBLISHED or occurrence.start <= now:
        return []
    waiting = occurrence.waiting_list.in_line().filter(status=Status.WAITING)
    if event.capacity is not None:
        free = event.capacity - occurrence.count_places_taken()
        if free <= 0:
            return []
        waiting = waiting[:free]
    offered = list(waiting.select_related("user__profile", "registered_by__profile"))
    for entry in offered:
        entry.occurrence = occurrence
        entry.status, entry.offered_at = Status.OFFERED, now
        entry.expires_at = offer_deadline(now=now, start=occurrence.start)
        entry.save(update_fields=["status", "offered_at", "expires_at"])
        notifications.tell_of_offer(entry)
    return offered


def _expire(entry, now):
    entry.status, entry.answered_at = Status.EXPIRED, now
    entry.save(update_fields=["status", "answered_at"])


@transaction.atomic
def waiting_offer_confirm(*, entry, now=None):
    """The person offered a place takes it: a member now participates; a person without an
    account is registered as by "Inscrire quelqu'un" (the referent said yes for them).

    True when the place is theirs; False when their time to answer had run out (the place then
    goes to the next). ValidationError when no place is offered to them.
    """
    now = now or timezone.now()
    occurrence = _lock(entry.occurrence)
    entry = WaitingListEntry.objects.select_for_update().get(pk=entry.pk)
    if entry.status != Status.OFFERED:
        raise ValidationError(NO_LONGER_OFFERED, code="not_offered")
    if entry.expires_at <= now or occurrence.start <= now:
        _expire(entry, now)
        offer_next_place(occurrence=occurrence, now=now)
        return False
    _check_open(occurrence, now)
    capacity = occurrence.event.capacity
    # Their own held place is among the places taken: with it, there must be no more than the capacity.
    if capacity is not None and occurrence.count_places_taken() > capacity:
        raise ValidationError(gettext("Il n'y a plus de place à cette date."), code="full")
    if entry.user_id:
        Participation.objects.get_or_create(occurrence=occurrence, user_id=entry.user_id)
    else:
        registration = ProxyRegistration(
            occurrence=occurrence,
            registered_by=entry.registered_by,
            **{name: getattr(entry, name) for name in PERSON_FIELDS},
        )
        registration.full_clean()
        registration.save()
    entry.status, entry.answered_at = Status.CONFIRMED, now
    entry.save(update_fields=["status", "answered_at"])
    return True


def waiting_offers_expire(*, now=None):
    """The periodic job: offers not answered in time go to the next in line; free places of dates
    with people waiting are offered (whatever freed them); the lists of dates begun are closed.
    Idempotent. Returns (offers expired, places offered)."""
    now = now or timezone.now()
    expired = offered = 0
    overdue = WaitingListEntry.objects.overdue(now).order_by("expires_at", "pk")
    for pk, occurrence_id in list(overdue.values_list("pk", "occurrence_id")):
        with transaction.atomic():
            _lock(Occurrence(pk=occurrence_id))
            entry = WaitingListEntry.objects.select_for_update().get(pk=pk)
            if entry.status == Status.OFFERED and entry.expires_at <= now:
                _expire(entry, now)
                expired += 1
    dates = (
        Occurrence.objects.filter(start__gt=now, waiting_list__status=Status.WAITING)
        .order_by("start", "pk")
        .distinct()
    )
    for occurrence in dates:
        offered += len(offer_next_place(occurrence=occurrence, now=now))
    WaitingListEntry.objects.active().filter(occurrence__start__lte=now).update(
        status=Status.EXPIRED, answered_at=now
    )
    return expired, offered


def offer_free_places(*, event, now=None):
    """After an edit of the event (its capacity raised): its coming dates with people waiting
    offer their free places."""
    now = now or timezone.now()
    dates = event.occurrences.filter(start__gt=now, waiting_list__status=Status.WAITING).distinct()
    for occurrence in dates.order_by("start"):
        offer_next_place(occurrence=occurrence, now=now)


def waiting_list_cancel(*, event, occurrences=None):
    """The event (or some of its dates, `occurrences`) will not take place: everyone in line is
    told, and their places in line are closed."""
    now = timezone.now()
    entries = WaitingListEntry.objects.active().filter(occurrence__end__gt=now)
    if occurrences is None:
        entries = entries.filter(occurrence__event=event)
    else:
        entries = entries.filter(occurrence__in=[occurrence.pk for occurrence in occurrences])
    entries = list(entries.select_related("occurrence", "user__profile").order_by("occurrence__start", "pk"))
    notifications.tell_waiting_list_of_cancellation(event, entries)
    WaitingListEntry.objects.filter(pk__in=[entry.pk for entry in entries]).update(
        status=Status.CANCELLED, answered_at=now
    )
