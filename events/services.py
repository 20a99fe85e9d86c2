"""Writes on events that reach beyond one row: saving with its dates, keeping dates in step."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_lazy

from tousvoisins import content_stamp
from tousvoisins.mail import translated
from tousvoisins.places import locate_event

from . import notifications, recurrence
from .models import HORIZON, PARIS, Event, Occurrence, Participation, ProxyRegistration
from .services_waiting_list import offer_free_places, offer_next_place, waiting_list_cancel


@dataclass
class SyncResult:
    created: list = field(default_factory=list)
    # Dates whose hours changed (or moved to another day, for a single date), each with its
    # `old_start` and `old_end`: the people who had joined them keep their place and are told.
    updated: list = field(default_factory=list)
    # Removed dates, as they were: the people who had joined them are told.
    deleted: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.created or self.updated or self.deleted)


@transaction.atomic
def event_save(*, event, themes, geocode=True):
    """Create or update an event with its thèmes, then its dates.

    Places it (see places.locate_event, the geocoder only when configured), validates it with
    French messages, and returns what changed in its dates. An event newly cancelled this way
    (an import following its source) tells its participants, as event_cancel does.
    """
    themes = list(themes)
    if not themes:
        raise ValidationError({"themes": gettext("Choisissez au moins un thème.")})
    if event.point is None or not event.commune_id:
        locate_event(event, geocode=geocode)
    event.full_clean()
    before = Event.objects.filter(pk=event.pk).values_list("status", "capacity").first() if event.pk else None
    newly_cancelled = event.is_cancelled and before is not None and before[0] != Event.Status.CANCELLED
    event.save()
    event.themes.set(themes)
    if newly_cancelled:
        # Told on the dates they joined, before these move: one e-mail, not a "changed" one too.
        notifications.tell_participants_of_cancellation(event)
        waiting_list_cancel(event=event)
    # The new dates of an event that will not take place concern nobody.
    called_off = event.status in (Event.Status.CANCELLED, Event.Status.REFUSED)
    result = event_sync_occurrences(event, notify=not called_off)
    if before is not None and _more_places(before[1], event.capacity):
        offer_free_places(event=event)  # the waiting lists move up
    return result


def _more_places(old, new):
    return old is not None and (new is None or new > old)


def _wanted_starts(event, *, now, horizon):
    if not event.recurrence:
        # A single date stays, past or future: "one event, one occurrence".
        return {event.start: event.end}
    starts = recurrence.occurrence_starts(
        event.recurrence,
        dtstart=event.local_start,
        exception_dates=event.exception_dates,
        after=max(event.local_start, timezone.localtime(now, PARIS)),
        before=timezone.localtime(horizon, PARIS),
    )
    return {start: event.end_for(start) for start in starts}


def _move(occurrence, start, end, result):
    occurrence.old_start, occurrence.old_end = occurrence.start, occurrence.end
    occurrence.start, occurrence.end = start, end
    result.updated.append(occurrence)


@transaction.atomic
def event_sync_occurrences(event, *, horizon=None, now=None, notify=True):
    """Make the event's stored dates match its start, end and rule, up to `horizon`.

    Rows are kept whenever they can be, so that the participations hanging on them survive an
    edit: a row whose start is unchanged keeps it (its end is updated); a row whose day stays
    but whose hours change is moved; the one date of a single event is moved wherever it goes.
    For a recurring event, dates already begun are history and left alone; later ones that the
    rule no longer gives are deleted. Participants of moved or deleted dates are told by e-mail
    (unless `notify` is false). Idempotent: a second call changes nothing.
    """
    now = now or timezone.now()
    horizon = horizon or now + HORIZON
    wanted = _wanted_starts(event, now=now, horizon=horizon)
    existing = event.occurrences.all()
    if event.recurrence:
        existing = existing.filter(start__gte=now)
    result = SyncResult()
    leftovers = []
    for occurrence in existing:
        end = wanted.pop(occurrence.start, None)
        if end is None:
            leftovers.append(occurrence)
        elif occurrence.end != end:
            _move(occurrence, occurrence.start, end, result)
    if event.recurrence:
        free_days = {}
        for start in sorted(wanted):
            free_days.setdefault(timezone.localtime(start, PARIS).date(), start)
        for occurrence in leftovers:
            start = free_days.pop(timezone.localtime(occurrence.start, PARIS).date(), None)
            if start is None:
                result.deleted.append(occurrence)
            else:
                _move(occurrence, start, wanted.pop(start), result)
    else:
        for occurrence in leftovers:
            if wanted:
                _move(occurrence, *wanted.popitem(), result)
            else:
                result.deleted.append(occurrence)
    if notify and (result.updated or result.deleted):
        # Before the deletion, which takes the participations with it.
        notifications.tell_participants_of_changes(event, result)
    if result.deleted:
        waiting_list_cancel(event=event, occurrences=result.deleted)
    if result.deleted:
        Occurrence.objects.filter(pk__in=[occurrence.pk for occurrence in result.deleted]).delete()
    if result.updated:
        Occurrence.objects.bulk_update(result.updated, ["start", "end"])
    result.created = Occurrence.objects.bulk_create(
        [Occurrence(event=event, start=start, end=end) for start, end in sorted(wanted.items())]
    )
    if result.created or result.updated or result.deleted:
        content_stamp.bump("agenda")  # bulk writes send no signal
    return result


def extend_all_occurrences(*, horizon=None, now=None):
    """Run by the periodic job: every recurring event not refused gets its dates up to the horizon."""
    created = 0
    events = Event.objects.recurring().exclude(status=Event.Status.REFUSED).order_by("pk")
    for event in events.iterator(chunk_size=500):
        created += len(event_sync_occurrences(event, horizon=horizon, now=now).created)
    return created


# Proposals and their review -------------------------------------------------------------------


def attach_picture(event, picture, *, remove=False):
    """Put the re-encoded picture and its thumbnail on the event; the old files go after commit."""
    old = [name for name in (event.picture.name, event.thumbnail.name) if name]
    if picture is not None:
        event.picture.save(picture.full.name, picture.full, save=False)
        event.thumbnail.save(picture.thumbnail.name, picture.thumbnail, save=False)
    elif remove:
        event.picture, event.thumbnail = "", ""
        event.picture_alt = ""
    else:
        return
    storage = event.picture.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in old])


@transaction.atomic
def event_propose(*, proposer, event, themes, picture=None, remove_picture=False):
    """A member's proposal, new or changed while it waits: it stays "proposé" and hidden.

    The referents who cover it are told of a new one.
    """
    is_new = event.pk is None
    if is_new:
        event.proposed_by = proposer
    event.status = Event.Status.PROPOSED
    event.status_reason = ""
    event.source = Event.Source.LOCAL
    attach_picture(event, picture, remove=remove_picture)
    event_save(event=event, themes=themes)
    if is_new:
        notifications.tell_referents_of_proposal(event)
    return event


@transaction.atomic
def event_withdraw(*, event):
    """The proposer takes back a proposal not yet reviewed: it is deleted, with its picture."""
    if event.status != Event.Status.PROPOSED:
        raise ValidationError(
            gettext("Cette rencontre a déjà été examinée : elle ne peut plus être retirée.")
        )
    names = [name for name in (event.picture.name, event.thumbnail.name) if name]
    storage = event.picture.storage
    event.delete()
    transaction.on_commit(lambda: [storage.delete(name) for name in names])


def _set_status(event, status, reason=""):
    event.status = status
    event.status_reason = reason.strip()
    event.full_clean()
    event.save()


@transaction.atomic
def event_publish(*, event):
    """Make the event public; its proposer is told. False if it already was."""
    if event.status == Event.Status.PUBLISHED:
        return False
    _set_status(event, Event.Status.PUBLISHED)
    event_sync_occurrences(event)
    notifications.tell_proposer(
        event,
        template="proposal_published",
        subject=translated(gettext_lazy("Votre rencontre est publiée : %(title)s"), title=event.title),
    )
    return True


def _require_reason(reason):
    if not (reason or "").strip():
        raise ValidationError(
            {"status_reason": gettext("Expliquez en une phrase pourquoi, pour les personnes concernées.")}
        )


@transaction.atomic
def event_refuse(*, event, reason):
    """Decline a proposal with a reason, which its proposer receives. False if already refused.

    A published event refused afterwards (found not free, say) is called off for its participants.
    """
    _require_reason(reason)
    if event.status == Event.Status.REFUSED:
        return False
    # A published event taken down had people coming: for them it will not take place.
    was_published = event.status == Event.Status.PUBLISHED
    _set_status(event, Event.Status.REFUSED, reason)
    proposer = notifications.tell_proposer(
        event,
        template="proposal_refused",
        subject=translated(gettext_lazy("Votre rencontre n'est pas publiée : %(title)s"), title=event.title),
    )
    if was_published:
        notifications.tell_participants_of_cancellation(event, already_told=[proposer])
        waiting_list_cancel(event=event)
    return True


@transaction.atomic
def event_set_status(*, event, status, reason=""):
    """Any status change, through the function that tells the people concerned."""
    if status == Event.Status.PUBLISHED:
        return event_publish(event=event)
    if status == Event.Status.REFUSED:
        return event_refuse(event=event, reason=reason)
    if status == Event.Status.CANCELLED:
        return event_cancel(event=event, reason=reason)
    _set_status(event, status, reason)
    return True


@transaction.atomic
def event_cancel(*, event, reason):
    """Cancel an event: it stays visible, marked cancelled with the reason. False if it already was."""
    _require_reason(reason)
    if event.status == Event.Status.CANCELLED:
        return False
    _set_status(event, Event.Status.CANCELLED, reason)
    # A proposer who also joined a date gets the organiser's e-mail only: one per person.
    proposer = notifications.tell_proposer(
        event,
        template="event_cancelled_organiser",
        subject=translated(gettext_lazy("Rencontre annulée : %(title)s"), title=event.title),
    )
    notifications.tell_participants_of_cancellation(event, already_told=[proposer])
    waiting_list_cancel(event=event)
    return True


# "Je participe" -------------------------------------------------------------------------------


@transaction.atomic
def participation_join(*, occurrence, user):
    """The member says "je participe" to this date. True if new, False if they already had.

    The date's row is locked while its places are counted: two members taking the last place
    at the same moment are served one after the other, and the second is told it is full.
    """
    occurrence = (
        Occurrence.objects.select_for_update(of=("self",))
        .select_related("event")
        .only("start", "end", "event__status", "event__capacity", "event__title")
        .get(pk=occurrence.pk)
    )
    event = occurrence.event
    if Participation.objects.filter(occurrence=occurrence, user=user).exists():
        return False
    if event.status == Event.Status.CANCELLED:
        raise ValidationError(
            gettext("Cette rencontre est annulée : on ne peut plus s'y inscrire."), code="cancelled"
        )
    if event.status != Event.Status.PUBLISHED:
        raise ValidationError(
            gettext("On ne peut pas encore s'inscrire à cette rencontre."), code="unpublished"
        )
    if occurrence.end <= timezone.now():
        raise ValidationError(gettext("Cette date est passée."), code="past")
    # A place offered to the first on the waiting list is theirs until they answer.
    if event.capacity is not None and occurrence.count_places_taken() >= event.capacity:
        raise ValidationError(
            gettext(
                "C'est complet : les %(capacity)s places de cette date sont prises. "
                "Regardez les autres dates, ou une autre rencontre près de chez vous."
            )
            % {"capacity": event.capacity},
            code="full",
        )
    Participation.objects.create(occurrence=occurrence, user=user)
    return True


@transaction.atomic
def participation_leave(*, occurrence, user):
    """The member does not come any more. True if they had said they would; their place is then
    offered to the first on the waiting list."""
    deleted, _ = Participation.objects.filter(occurrence=occurrence, user=user).delete()
    if deleted:
        offer_next_place(occurrence=occurrence)
    return bool(deleted)


# "Inscrire quelqu'un" -----------------------------------------------------------------------------

FULL_DATE = gettext_lazy("Cette date est complète.")
PERSON_FIELDS = ("first_name", "phone", "postal_address", "consent_given_on", "consent_channel", "notes")


@dataclass
class ProxyResult:
    registered: list = field(default_factory=list)  # the new ProxyRegistration rows
    full: list = field(default_factory=list)  # the dates left out because they were full


@transaction.atomic
def proxy_register(*, person, occurrences, registered_by):
    """Register `person` (an unsaved ProxyRegistration: first name, phone or address, consent)
    to each of `occurrences`, on behalf of `registered_by`.

    Each date's row is locked while its places are counted, as for "je participe". A full date
    is left out and returned in `full`; when every date asked for is full, nothing is saved and
    ValidationError("Cette date est complète.") is raised. Cancelled, unpublished or past dates
    are refused.
    """
    locked = (
        Occurrence.objects.select_for_update(of=("self",))
        .filter(pk__in=[occurrence.pk for occurrence in occurrences])
        .select_related("event")
        .only("start", "end", "event__status", "event__capacity", "event__title", "event__all_day")
        .order_by("start")
    )
    result = ProxyResult()
    now = timezone.now()
    for occurrence in locked:
        event = occurrence.event
        if event.status != Event.Status.PUBLISHED:
            raise ValidationError(gettext("On ne peut pas s'inscrire à cette rencontre."), code="unpublished")
        if occurrence.end <= now:
            raise ValidationError(gettext("Cette date est passée."), code="past")
        if event.capacity is not None and occurrence.count_places_taken() >= event.capacity:
            result.full.append(occurrence)
            continue
        registration = ProxyRegistration(
            occurrence=occurrence,
            registered_by=registered_by,
            **{name: getattr(person, name) for name in PERSON_FIELDS},
        )
        registration.full_clean()
        registration.save()
        result.registered.append(registration)
    if not result.registered:
        raise ValidationError(FULL_DATE, code="full")
    return result
