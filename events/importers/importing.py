"""Importing a calendar: entries compared with the stored events, saved only when they differ."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings
from django.contrib.gis.geos import Point
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _

from tousvoisins.dates import day_in_words
from tousvoisins.lib import normalize_place_name
from tousvoisins.models import Commune, OutsideTerritory
from tousvoisins.text import summary_from_description

from .. import recurrence
from ..models import HORIZON, PARIS, Event, ExternalAgenda
from ..services import event_cancel, event_save
from . import vevent
from .fetch import DEFAULT_TIMEOUT, FeedError, fetch_feed, read_uploaded_feed
from .reading import read_calendar
from .report import ImportReport, sentence, with_reason
from .vevent import SkipEntry

# Written on the event (status_reason) and kept: content, in French like the rest of the
# referents' reasons, not interface.
CANCELLED_REASON = "Annulé par l'organisateur (agenda d'origine)."
VANISHED_REASON = "Retiré de l'agenda d'origine : cet événement n'y figure plus."
CANCELLED_THERE = _("annulé dans l'agenda d'origine")

# The day in words, written when the report is read, in the reader's language.
_day_in_words = lazy(day_in_words, str)


def _label(title, local_start):
    return sentence(_("« %(title)s » (%(day)s)"), title=title, day=_day_in_words(local_start))


def import_agenda(agenda, *, text=None, default_themes=None, default_commune=None, now=None, timeout=None):
    """Import one ExternalAgenda (its feed, or `text` when given); its report and date are kept on it.

    The agenda's default thèmes and commune serve unless others are given.
    """
    now = now or timezone.now()
    timeout = timeout or getattr(settings, "EVENT_IMPORT_TIMEOUT", DEFAULT_TIMEOUT)
    try:
        if text is None:
            text = fetch_feed(agenda.url, timeout) if agenda.url else read_uploaded_feed(agenda.file)
    except FeedError as error:
        report = ImportReport(error=error.message)
    else:
        with transaction.atomic():
            # Two imports of one agenda at once (the admin's button during the periodic job)
            # would race for the same UIDs: the second waits for the first.
            locked = ExternalAgenda.objects.select_for_update().get(pk=agenda.pk)
            report = import_calendar(
                text,
                agenda=locked,
                default_themes=agenda.default_themes.all() if default_themes is None else default_themes,
                default_commune=default_commune or agenda.default_commune,
                now=now,
            )
    agenda.last_import_at = now
    with translation.override("fr"):  # kept on the agenda as history, in French
        agenda.last_report = report.as_text()
    agenda.save(update_fields=["last_import_at", "last_report"])
    return report


def import_calendar(ics_text, *, agenda=None, default_themes=(), default_commune=None, now=None):
    """Import the events of an iCalendar text; an ImportReport says what happened.

    A partly damaged text still brings in every event that can be read (see reading.py).
    Without `agenda`, events that vanished from the feed cannot be told apart from other
    imported events, so they are left alone.
    """
    reading = read_calendar(ics_text)
    if reading.calendar is None:
        return ImportReport(
            error=_("ce n'est pas un agenda au format iCalendar lisible (la ligne BEGIN:VCALENDAR manque).")
        )
    run = _Import(
        reading.calendar,
        agenda=agenda,
        default_themes=list(default_themes),
        default_commune=default_commune,
        now=now or timezone.now(),
    )
    run.report.skipped += reading.skipped
    run.report.notes += reading.notes
    run.run()
    return run.report


@dataclass
class _Entry:
    """What one VEVENT asks for, in the shape of our Event."""

    uid: str
    label: str
    title: str
    description: str
    start: datetime
    end: datetime
    all_day: bool
    recurrence: str
    exception_dates: list
    place_name: str
    address: str
    url: str
    organiser_name: str
    cancelled: bool
    point: Point | None
    commune: Commune
    themes: list
    # For one date of a recurring event changed on its own (RECURRENCE-ID): the event's UID.
    master_uid: str = ""
    # A cancelled date shown "annulé" on its day, its event being public here.
    shown_cancelled: bool = False


class _Import:
    def __init__(self, calendar, *, agenda, default_themes, default_commune, now):
        self.calendar = calendar
        self.agenda = agenda
        self.default_themes = default_themes
        self.default_commune = default_commune
        self.now = now
        self.report = ImportReport()
        # A command-line import (no agenda) is the operator's own act; an agenda's events wait
        # for the referents unless the agenda is a trusted partner's.
        self.publish = agenda is None or agenda.publish_directly
        self.public_uids = set()  # events public here, for the cancelled dates of their rule
        self.cancelled_dates = set()  # cancelled dates too bare to be read as events
        self.places = vevent.Places()
        self.themes = vevent.theme_index()
        name = str(calendar.get("X-WR-CALNAME", "")).strip()
        self.organiser = agenda.name if agenda else name or "Agenda partenaire"

    def run(self):
        entries, seen = self._entries()
        existing = {
            event.external_uid: event
            for event in Event.objects.filter(source=Event.Source.IMPORTED, external_uid__in=seen)
            .select_related("commune")
            .prefetch_related("themes")
        }
        for entry in entries:  # the events before the dates changed on their own
            event = self._apply(entry, existing.get(entry.uid))
            if event is not None and event.status in Event.PUBLIC_STATUSES:
                self.public_uids.add(entry.uid)
        for uid in sorted(self.cancelled_dates & existing.keys()):
            self._cancel(existing[uid], CANCELLED_REASON, CANCELLED_THERE)
        if seen:
            # A feed with no event at all is more likely broken than emptied on purpose.
            self._cancel_vanished(seen)

    # From components to entries.

    def _entries(self):
        """(entries to apply, every UID present in the feed) — skipped ones count as present."""
        masters, overrides, seen = {}, [], set()
        for component in self.calendar.walk("VEVENT"):
            uid = vevent.clip(str(component.get("UID", "")), 255)
            if not uid:
                self.report.skipped.append(
                    (
                        vevent.label(component),
                        _("pas d'identifiant (UID) : impossible de le suivre d'un import à l'autre"),
                    )
                )
                continue
            if "RECURRENCE-ID" in component:
                overrides.append((uid, component))
            elif uid in masters and vevent.sequence(masters[uid]) > vevent.sequence(component):
                continue  # an older copy of the same event
            else:
                masters[uid] = component
        # A date of a recurring event changed or cancelled on its own: the rule skips that day,
        # and the date becomes an event of its own, moved or shown "annulé" on its day.
        moved = {}
        for uid, component in overrides:
            day = vevent.recurrence_day(component)
            if day is not None:
                moved.setdefault(uid, set()).add(day)
        entries = []
        for uid, component in masters.items():
            seen.add(uid)
            entries += self._entry_or_skip(component, uid, moved.get(uid, set()))
        for uid, component in overrides:
            own_uid = vevent.clip(f"{uid}/{component['RECURRENCE-ID'].to_ical().decode()}", 255)
            seen.add(own_uid)
            # A cancelled date often says nothing but its dates: the rest is its event's.
            component = vevent.with_master(component, masters.get(uid))
            entries += self._entry_or_skip(component, own_uid, set(), single=True, master_uid=uid)
        return entries, seen

    def _entry_or_skip(self, component, uid, extra_exceptions, single=False, master_uid=""):
        try:
            entry = self._entry(component, uid, extra_exceptions, single)
        except SkipEntry as reason:
            if master_uid and vevent.is_cancelled(component):
                # Its day is an exception of the rule already; only a date imported earlier on
                # its own has anything left to cancel.
                self.cancelled_dates.add(uid)
            else:
                self.report.skipped.append((vevent.label(component), reason.message))
            return []
        entry.master_uid = master_uid
        return [entry]

    def _entry(self, component, uid, extra_exceptions, single):
        broken = {name for name, _message in component.errors}
        title = vevent.clip(vevent.text(component, "SUMMARY"), 150)
        if not title:
            raise SkipEntry(_("le titre (SUMMARY) manque"))
        start, end, all_day = vevent.times(component, broken)
        label = _label(title, timezone.localtime(start, PARIS))
        rule, exceptions = "", []
        if not single:
            rule = self._rule(component, broken, start, all_day, label)
        if rule:
            exceptions = sorted(vevent.exception_days(component) | extra_exceptions)
        point, commune = self._place(component, broken)
        place_name, address = vevent.place_words(vevent.text(component, "LOCATION"), commune)
        return _Entry(
            uid=uid,
            label=label,
            title=title,
            description=vevent.text(component, "DESCRIPTION"),
            start=start,
            end=end,
            all_day=all_day,
            recurrence=rule,
            exception_dates=exceptions,
            place_name=place_name,
            address=address,
            url=vevent.url(component),
            organiser_name=vevent.clip(vevent.organiser(component) or self.organiser, 150),
            cancelled=vevent.is_cancelled(component),
            point=point,
            commune=commune,
            themes=self._themes(component),
        )

    def _rule(self, component, broken, start, all_day, label):
        """The RRULE in our storage, or '' (noted) when we cannot keep it: the first date stays."""
        if "RDATE" in component:
            self.report.notes.append((label, _("dates ajoutées une à une (RDATE) non reprises")))
        if "RRULE" in broken:
            self.report.notes.append(
                (label, _("règle de répétition illisible : seule la première date est gardée"))
            )
            return ""
        rrule = component.get("RRULE")
        if rrule is None:
            return ""
        if isinstance(rrule, list):
            self.report.notes.append(
                (label, _("plusieurs règles de répétition : seule la première date est gardée"))
            )
            return ""
        try:
            rule = recurrence.normalize_rule(
                rrule.to_ical().decode(), dtstart=timezone.localtime(start, PARIS), all_day=all_day
            )
        except recurrence.RuleError as error:
            self.report.notes.append(
                (
                    label,
                    sentence(
                        _("répétition non reprise (%(error)s) : seule la première date est gardée"),
                        error=error,
                    ),
                )
            )
            return ""
        if len(rule) > Event._meta.get_field("recurrence").max_length:
            self.report.notes.append(
                (label, _("règle de répétition trop longue : seule la première date est gardée"))
            )
            return ""
        return rule

    def _place(self, component, broken):
        geo = None if "GEO" in broken else component.get("GEO")
        if geo is not None:
            point = Point(float(geo.longitude), float(geo.latitude), srid=4326)
            try:
                return point, self.places.commune_at(point)
            except OutsideTerritory:
                raise SkipEntry(_("le lieu (coordonnées GEO) est hors de Loire-Atlantique")) from None
        # A commune the place names comes before the agenda's: one association's feed often
        # covers several towns.
        commune = self.places.commune_named_in(vevent.text(component, "LOCATION"))
        if commune is None:
            commune = self.default_commune
        if commune is None:
            raise SkipEntry(
                _(
                    "commune introuvable : le lieu ne nomme aucune commune de Loire-Atlantique "
                    "et l'agenda n'a pas de commune par défaut"
                )
            )
        return None, commune

    def _themes(self, component):
        found = {}
        for category in vevent.categories(component):
            theme = self.themes.get(normalize_place_name(category))
            if theme is not None:
                found[theme.pk] = theme
        themes = list(found.values()) or self.default_themes
        if not themes:
            raise SkipEntry(
                _(
                    "aucun thème : ses catégories ne correspondent à aucun thème "
                    "et l'agenda n'a pas de thème par défaut"
                )
            )
        return themes

    # From entries to events.

    def _apply(self, entry, event):
        """Create or update the entry's event; the event as it now is here, or None."""
        # The cancelled date of an event public here is shown "annulé" on its day; that of an
        # event the referents have not published yet stays out with it.
        entry.shown_cancelled = entry.cancelled and entry.master_uid in self.public_uids
        if event is None:
            if entry.cancelled and not entry.shown_cancelled:
                self.report.skipped.append((entry.label, _("annulé dans l'agenda d'origine : pas importé")))
                return None
            if not _has_future_dates(entry, self.now):
                self.report.past += 1
                return None
            event = Event(source=Event.Source.IMPORTED, external_uid=entry.uid)
            bucket = self.report.cancelled if entry.cancelled else self.report.created
            return event if self._save(event, entry, bucket) else None
        if self.agenda and event.external_agenda_id not in (None, self.agenda.pk):
            self.report.skipped.append((entry.label, _("déjà importé par un autre agenda externe")))
            return None
        wanted = self._wanted_fields(entry, event)
        if not _differs(event, wanted, entry):
            self.report.unchanged.append(entry.label)
            return event
        newly_cancelled = wanted["status"] == Event.Status.CANCELLED and event.status != wanted["status"]
        self._save(event, entry, self.report.cancelled if newly_cancelled else self.report.updated)
        return event

    def _status(self, entry, event):
        """(status, reason) the entry asks for, within what the referents decided here."""
        if event.status == Event.Status.REFUSED:
            # A referent refused it here: the feed does not overrule them.
            return event.status, event.status_reason
        waiting = event.status == Event.Status.PROPOSED  # a new event too, until saved
        if waiting and not self.publish and not entry.shown_cancelled:
            # Not reviewed yet: it stays in the referents' queue, whatever the feed says. Once
            # published, it follows the feed (cancelled, back again).
            return Event.Status.PROPOSED, ""
        if entry.cancelled:
            return Event.Status.CANCELLED, CANCELLED_REASON
        return Event.Status.PUBLISHED, ""

    def _wanted_fields(self, entry, event):
        status, reason = self._status(entry, event)
        wanted = {
            "title": entry.title,
            **_summary(entry, event),
            "description": entry.description,
            "start": entry.start,
            "end": entry.end,
            "all_day": entry.all_day,
            "recurrence": entry.recurrence,
            "exception_dates": entry.exception_dates,
            "place_name": entry.place_name,
            "address": entry.address,
            "external_url": entry.url,
            "organiser_name": entry.organiser_name,
            "status": status,
            "status_reason": reason,
        }
        if self.agenda is not None:
            wanted["external_agenda_id"] = self.agenda.pk
        return wanted

    def _save(self, event, entry, bucket):
        """Write the entry on the event; False (reported) when it cannot be saved."""
        is_new = event.pk is None
        for name, value in self._wanted_fields(entry, event).items():
            setattr(event, name, value)
        if entry.point is not None:
            event.point, event.commune = entry.point, entry.commune
        elif event.commune_id != entry.commune.pk:
            # Placed at the centre of its (new) commune; a point moved by hand in the same
            # commune stays.
            event.point, event.commune = None, entry.commune
        try:
            event_save(event=event, themes=entry.themes, geocode=False)
        except ValidationError as error:
            self.report.skipped.append((entry.label, " ".join(error.messages)))
            return False
        except IntegrityError:
            self.report.skipped.append((entry.label, _("enregistrement impossible (doublon ?)")))
            return False
        if entry.master_uid and event.status == Event.Status.CANCELLED:
            bucket.append(with_reason(entry.label, CANCELLED_THERE))
        else:
            bucket.append(entry.label)
        if is_new and event.status == Event.Status.PROPOSED:
            self.report.to_review.append(entry.label)
        return True

    def _cancel_vanished(self, seen):
        if self.agenda is None:
            return
        vanished = (
            Event.objects.filter(
                external_agenda=self.agenda,
                source=Event.Source.IMPORTED,
                status=Event.Status.PUBLISHED,
                occurrences__end__gt=self.now,
            )
            .exclude(external_uid__in=seen)
            .distinct()
            .order_by("start", "pk")
        )
        for event in vanished:
            self._cancel(event, VANISHED_REASON, _("ne figure plus dans l'agenda d'origine"))

    def _cancel(self, event, reason, why):
        if event.status != Event.Status.PUBLISHED:
            return
        event_cancel(event=event, reason=reason)  # the people who joined it are told
        self.report.cancelled.append(with_reason(_label(event.title, event.local_start), why))


def _summary(entry, event):
    """iCalendar has no "En bref": it is made from the entry's DESCRIPTION (else its title), and
    follows the feed until a referent writes one of their own here, which then stays."""
    written_here = event.pk is not None and event.summary != summary_from_description(
        event.description, title=event.title
    )
    return {} if written_here else {"summary": summary_from_description(entry.description, title=entry.title)}


def _differs(event, wanted, entry):
    if any(getattr(event, name) != value for name, value in wanted.items()):
        return True
    if entry.point is not None:
        if (
            event.point is None
            or abs(event.point.x - entry.point.x) + abs(event.point.y - entry.point.y) > 1e-7
        ):
            return True
    elif event.commune_id != entry.commune.pk:
        return True
    return {theme.pk for theme in event.themes.all()} != {theme.pk for theme in entry.themes}


def _has_future_dates(entry, now):
    if not entry.recurrence:
        return entry.end > now
    local_now = timezone.localtime(now, PARIS)
    starts = recurrence.occurrence_starts(
        entry.recurrence,
        dtstart=timezone.localtime(entry.start, PARIS),
        exception_dates=entry.exception_dates,
        after=max(timezone.localtime(entry.start, PARIS), local_now),
        before=local_now + HORIZON,
    )
    return bool(starts)
