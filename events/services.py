"""Writes on events that reach beyond one row: saving with its dates, keeping dates in step."""

from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from . import recurrence
from .models import HORIZON, PARIS, Event, Occurrence
from .places import locate_event


@dataclass
class SyncResult:
    created: list = field(default_factory=list)
    updated: list = field(default_factory=list)
    # Removed dates, as they were: the participation slice tells the people who had joined them.
    deleted: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.created or self.updated or self.deleted)


@transaction.atomic
def event_save(*, event, themes, geocode=True):
    """Create or update an event with its thèmes, then its dates.

    Places it (see places.locate_event, the geocoder only when configured), validates it with
    French messages, and returns what changed in its dates.
    """
    themes = list(themes)
    if not themes:
        raise ValidationError({"themes": "Choisissez au moins un thème."})
    if event.point is None or not event.commune_id:
        locate_event(event, geocode=geocode)
    event.full_clean()
    event.save()
    event.themes.set(themes)
    return event_sync_occurrences(event)


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


@transaction.atomic
def event_sync_occurrences(event, *, horizon=None, now=None):
    """Make the event's stored dates match its start, end and rule, up to `horizon`.

    Rows whose start is unchanged are kept (their end is updated), so what hangs on them (the
    participations of a later slice) survives an edit. For a recurring event, dates already
    begun are history and left alone; later ones that the rule no longer gives are deleted.
    Idempotent: a second call changes nothing.
    """
    now = now or timezone.now()
    horizon = horizon or now + HORIZON
    wanted = _wanted_starts(event, now=now, horizon=horizon)
    existing = event.occurrences.all()
    if event.recurrence:
        existing = existing.filter(start__gte=now)
    result = SyncResult()
    for occurrence in existing:
        end = wanted.pop(occurrence.start, None)
        if end is None:
            result.deleted.append(occurrence)
        elif occurrence.end != end:
            occurrence.end = end
            result.updated.append(occurrence)
    if result.deleted:
        Occurrence.objects.filter(pk__in=[occurrence.pk for occurrence in result.deleted]).delete()
    if result.updated:
        Occurrence.objects.bulk_update(result.updated, ["end"])
    result.created = Occurrence.objects.bulk_create(
        [Occurrence(event=event, start=start, end=end) for start, end in sorted(wanted.items())]
    )
    return result


def extend_all_occurrences(*, horizon=None, now=None):
    """Run by the periodic job: every recurring event not refused gets its dates up to the horizon."""
    created = 0
    events = Event.objects.recurring().exclude(status=Event.Status.REFUSED).order_by("pk")
    for event in events.iterator(chunk_size=500):
        created += len(event_sync_occurrences(event, horizon=horizon, now=now).created)
    return created
