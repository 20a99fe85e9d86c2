"""The dates of events (one row per date, recurring ones for the coming 12 months), the
queries the agenda's pages make on them, and who said "je participe" to which date."""

from datetime import timedelta

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.gis.measure import D
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.db.models import (
    Count,
    Exists,
    F,
    OuterRef,
    Prefetch,
    Q,
    Subquery,
    Value,
    Window,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce, Greatest, Lower, NullIf, RowNumber, TruncDate
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from tousvoisins.dates import hours_in_words, when_in_words
from tousvoisins.models import Theme
from tousvoisins.search import search_query

from .base import (
    ACCESSIBILITY_BY_SLUG,
    CARD_DEFERRED_FIELDS,
    DEFAULT_RADIUS_KM,
    MAX_DURATION,
    OCCURRENCE_CARD_FIELDS,
    PARIS,
    local_midnight,
)
from .event import Event
from .registration import ProxyRegistration
from .waiting_list import held_places, my_entry, my_rank, waiting_list_length


def _count_per_date(queryset):
    counted = queryset.filter(occurrence=OuterRef("pk")).order_by().values("occurrence")
    return Coalesce(Subquery(counted.annotate(n=Count("pk")).values("n")), 0)


def people_coming():
    """Members who joined the date plus people registered by a referent: both take a place.

    Two correlated counts rather than joins, which would multiply each other."""
    return _count_per_date(Participation.objects) + _count_per_date(ProxyRegistration.objects)


def theme_slugs():
    """The slugs of a date's event's thèmes, in their usual order, inside the same query: the
    month grid and the map's list show pictograms without one more query (the filter form has
    already read the six thèmes)."""
    links = Event.themes.through.objects.filter(event_id=OuterRef("event_id"))
    return ArraySubquery(links.order_by("theme__position", "theme__name").values("theme__slug"))


def prefetch_list_themes(occurrences):
    """The thèmes of the dates' events, in one query (what an agenda row shows of them)."""
    prefetch_related_objects(
        occurrences, Prefetch("event__themes", Theme.objects.only("slug", "name", "pictogram"))
    )


def attach_theme_slugs(occurrences):
    """Give each date of `occurrences` (a list) its event's `theme_slugs`, in one query over the
    events shown. The month grid keeps a few dates of thousands: a subquery inside its query
    would run for every date of the month before the few are kept."""
    occurrences = list(occurrences)
    slugs = {}
    links = Event.themes.through.objects.filter(
        event_id__in={occurrence.event_id for occurrence in occurrences}
    )
    for event_id, slug in links.order_by("theme__position", "theme__name").values_list(
        "event_id", "theme__slug"
    ):
        slugs.setdefault(event_id, []).append(slug)
    for occurrence in occurrences:
        occurrence.theme_slugs = slugs.get(occurrence.event_id, [])
    return occurrences


class OccurrenceQuerySet(models.QuerySet):
    def public(self):
        """Dates of events published or cancelled (the date's own copy: Occurrence.is_public)."""
        return self.filter(is_public=True)

    def published(self):
        return self.filter(event__status=Event.Status.PUBLISHED)

    def near_or_in_themes(self, territory_id=None, theme_ids=()):
        """Dates in the intercommunalité `territory_id` or of one of the thèmes `theme_ids`
        (each date once, however many of its thèmes match)."""
        wanted = Q(pk__in=[])
        if territory_id:
            wanted |= Q(event__intercommunalite_id=territory_id)
        if theme_ids:
            wanted |= Q(
                Exists(
                    Event.themes.through.objects.filter(event_id=OuterRef("event_id"), theme_id__in=theme_ids)
                )
            )
        return self.filter(wanted)

    def in_territory(self, territory):
        """Dates of events in the intercommunalité `territory` (the date's own copy of its
        event's: Occurrence.intercommunalite)."""
        return self.filter(intercommunalite=territory)

    def new_since(self, moment):
        """Dates of the events added to the agenda since `moment` (the weekly digest's news)."""
        return self.filter(event__created__gte=moment)

    def upcoming(self, now=None):
        """Not over yet, including events going on now (at most MAX_DURATION long)."""
        now = now or timezone.now()
        return self.filter(start__gte=now - MAX_DURATION, end__gt=now)

    def between(self, first_day=None, last_day=None, now=None):
        """Dates that touch the local days [first_day, last_day]; open ends allowed.

        With no first day, from now on (upcoming).
        """
        queryset = self
        if first_day is None:
            queryset = queryset.upcoming(now)
        else:
            since = local_midnight(first_day)
            queryset = queryset.filter(start__gte=since - MAX_DURATION, end__gt=since)
        if last_day is not None:
            queryset = queryset.filter(start__lt=local_midnight(last_day + timedelta(days=1)))
        return queryset

    def for_filters(self, data, now=None):
        """The agenda's filters (events.forms.AgendaFilterForm.cleaned_data); absent ones ignored."""
        return self.between(data.get("du"), data.get("au"), now=now).matching(data)

    def matching(self, data):
        """The agenda's filters but the dates (the month grid has its own)."""
        queryset = self
        if data.get("q"):
            queryset = queryset.filter(event__search_vector=search_query(data["q"]))
        if data.get("theme"):
            queryset = queryset.filter(theme_ids__contains=[data["theme"].pk])
        if data.get("territoire"):
            queryset = queryset.in_territory(data["territoire"])
        if data.get("commune"):
            queryset = queryset.filter(event__commune=data["commune"])
        if data.get("autour"):
            distance = D(km=data.get("rayon") or DEFAULT_RADIUS_KM)
            queryset = queryset.filter(event__point__dwithin=(data["autour"].centre, distance))
        for slug in data.get("acces") or ():
            queryset = queryset.filter(**{f"event__{ACCESSIBILITY_BY_SLUG[slug].field}": True})
        return queryset

    def for_list(self):
        """One query for the page's dates with their event and commune. The thèmes are read by
        `prefetch_list_themes()` for the rows that are not kept already (tousvoisins.fragments)."""
        return (
            self.select_related("event", "event__commune")
            .defer("event__search_vector", "event__commune__geometry")
            .order_by("start", "event_id")
        )

    def for_cards(self):
        """What a date card shows (its times, its event's title, place, organiser, accessibility
        and commune), in one query, soonest first. The long columns no card reads (the
        description, the search vector, the commune's boundary) stay in the database."""
        return (
            self.select_related("event", "event__commune")
            .defer(*CARD_DEFERRED_FIELDS)
            .order_by("start", "event_id")
        )

    def for_month(self, first_day, last_day, *, per_day):
        """[the dates touching the local days [first_day, last_day], at most `per_day` a day], in
        two queries.

        A date shows on its first day within the range (an event begun last month shows on the
        1st), given as `grid_day`; `day_total` counts all the dates of that day, for "and 3 more".
        Their thèmes come from `attach_theme_slugs()`.

        The first query ranks the month's dates reading nothing of their events (public() and the
        thème read the date's own copies); the second reads the events of the few dates kept.
        Joined in one query, every public event's row was read to rank a month.
        """
        grid_day = Greatest(TruncDate("start", tzinfo=PARIS), Value(first_day))
        by_day = {"partition_by": [grid_day]}
        totals = dict(
            self.between(first_day, last_day)
            .annotate(
                day_rank=Window(RowNumber(), order_by=[F("start").asc(), F("event_id").asc()], **by_day),
                day_total=Window(Count("pk"), **by_day),
            )
            .filter(day_rank__lte=per_day)
            .order_by()
            .values_list("pk", "day_total")
        )
        occurrences = list(
            Occurrence.objects.filter(pk__in=totals)
            .select_related("event")
            .only(*OCCURRENCE_CARD_FIELDS)
            .order_by("start", "event_id")
        )
        for occurrence in occurrences:
            occurrence.grid_day = max(occurrence.local_start.date(), first_day)
            occurrence.day_total = totals[occurrence.pk]
        return occurrences

    def with_attendance(self, user=None):
        """`participant_count` of each date (the members who joined it and the people a referent
        registered), `held_count` (places offered to the first on the waiting list, not yet
        answered) and, for a signed-in member, `joined` (theirs or not)."""
        queryset = self.annotate(participant_count=people_coming(), held_count=held_places())
        if user is not None and user.is_authenticated:
            mine = Participation.objects.filter(occurrence=OuterRef("pk"), user=user)
            queryset = queryset.annotate(joined=Exists(mine))
        return queryset

    def with_waiting_list(self, user=None):
        """`waiting_list_count` of each date and, for a signed-in member, their entry on its
        waiting list: `waiting_status`, `waiting_rank` (1 for the first), `waiting_expires_at`
        (until when they may take the place offered). Inside the date's own query."""
        queryset = self.annotate(waiting_list_count=waiting_list_length())
        if user is not None and user.is_authenticated:
            queryset = queryset.annotate(
                waiting_status=my_entry(user, "status"),
                waiting_expires_at=my_entry(user, "expires_at"),
                waiting_rank=my_rank(user),
            )
        return queryset

    def for_digest(self, limit):
        """The next date of each event, soonest first: a recurring event once (its rule says the rest)."""
        next_of_each = self.order_by("event_id", "start", "pk").distinct("event_id").values("pk")
        return Occurrence.objects.filter(pk__in=next_of_each).for_cards()[:limit]

    def for_map(self, limit):
        """The next matching date of each event (one marker per event), soonest first, in one query."""
        next_of_each = self.order_by("event_id", "start", "pk").distinct("event_id").values("pk")
        return (
            Occurrence.objects.filter(pk__in=next_of_each)
            .select_related("event", "event__commune")
            .only(
                *OCCURRENCE_CARD_FIELDS,
                "event__place_name",
                "event__point",
                "event__commune",
                "event__commune__name",
            )
            .annotate(theme_slugs=theme_slugs())
            .order_by("start", "event_id")[:limit]
        )


class Occurrence(models.Model):
    """One date of an event. Recurring events have one per instance for the coming 12 months."""

    event = models.ForeignKey(
        Event, on_delete=models.CASCADE, related_name="occurrences", verbose_name=_("événement")
    )
    start = models.DateTimeField("début")
    end = models.DateTimeField("fin")
    # The event's, kept by the database itself (triggers of migration 0015, on every insert of a
    # date and every change of an event's intercommunalité, bulk writes included): the agenda of
    # one territory walks its own dates in order (occurrence_territory_idx) rather than every
    # date of the département, checking each one's event.
    intercommunalite = models.ForeignKey(
        "tousvoisins.Intercommunalite",
        on_delete=models.PROTECT,
        null=True,
        editable=False,
        related_name="+",
        db_index=False,
        verbose_name=_("intercommunalité"),
    )
    # The event's too, kept the same way (triggers of migration 0020, on every insert of a date,
    # every change of an event's status and every thème added to or taken from an event): the
    # agenda filtered by territory and thème counts its dates in one index
    # (occurrence_pub_territory_idx) rather than joining every event of the thème.
    theme_ids = ArrayField(models.BigIntegerField(), default=list, editable=False, verbose_name=_("thèmes"))
    is_public = models.BooleanField(default=False, editable=False, verbose_name=_("événement public"))

    objects = OccurrenceQuerySet.as_manager()

    class Meta:
        ordering = ["start", "event_id"]
        verbose_name = _("date")
        verbose_name_plural = _("dates")
        constraints = [
            models.UniqueConstraint(fields=["event", "start"], name="occurrence_unique_event_start"),
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="occurrence_end_after_start"),
        ]
        # The end beside the start: the lists (start within a month back, end still to come) skip
        # the dates already over inside the index, without reading their rows.
        indexes = [
            models.Index(fields=["start", "end"], name="occurrence_start_end_idx"),
            models.Index(fields=["intercommunalite", "start", "end"], name="occurrence_territory_idx"),
            # The public dates of one territory with their thèmes: the filtered agenda's count
            # stops after its 1,001 dates reading this index alone.
            models.Index(
                fields=["intercommunalite", "start", "end"],
                include=["theme_ids"],
                condition=Q(is_public=True),
                name="occurrence_pub_territory_idx",
            ),
        ]

    def __str__(self):
        return f"{self.event} — {self.when_in_words}"

    @property
    def local_start(self):
        return timezone.localtime(self.start, PARIS)

    @property
    def local_end(self):
        return timezone.localtime(self.end, PARIS)

    @property
    def when_in_words(self):
        return when_in_words(self.local_start, self.local_end, all_day=self.event.all_day)

    @property
    def hours_in_words(self):
        return hours_in_words(self.local_start, self.local_end, all_day=self.event.all_day)

    @property
    def places_left(self):
        """Free places (needs `participant_count` and `held_count`, OccurrenceQuerySet.with_attendance);
        None: no limit. A place offered to someone on the waiting list is not free."""
        if self.event.capacity is None:
            return None
        return max(self.event.capacity - self.participant_count - getattr(self, "held_count", 0), 0)

    @property
    def is_full(self):
        return self.places_left == 0

    def count_people_coming(self):
        """Places taken now (one query): members who joined and people registered by a referent."""
        coming = Occurrence.objects.filter(pk=self.pk).annotate(coming=people_coming())
        return coming.values_list("coming", flat=True).get()

    def count_places_taken(self):
        """Places nobody else may take now (one query): the people coming, and the places offered
        to the waiting list and not yet answered."""
        taken = Occurrence.objects.filter(pk=self.pk).annotate(taken=people_coming() + held_places())
        return taken.values_list("taken", flat=True).get()


class ParticipationQuerySet(models.QuerySet):
    def names_for(self, occurrences):
        """(occurrence pk, name) of who comes to `occurrences`, in one query, by name: the name
        their profile shows, else their username; never an e-mail address."""
        shown = NullIf("user__profile__display_name", Value(""))
        return (
            self.filter(occurrence__in=occurrences)
            .annotate(name=Coalesce(shown, "user__username"))
            .order_by(Lower("name"), "user_id")
            .values_list("occurrence_id", "name")
        )

    def within_days(self, days, *, now=None):
        """Who comes to a date starting in the next `days` days (the referents' admin home)."""
        now = now or timezone.now()
        return self.filter(occurrence__start__gte=now, occurrence__start__lt=now + timedelta(days=days))

    def upcoming_for(self, user):
        """A member's coming dates, soonest first, with what their page shows."""
        return (
            self.filter(user=user, occurrence__in=Occurrence.objects.upcoming())
            # The member's accompaniment request, if any, in the same query.
            .select_related("occurrence__event__commune", "accompaniment_request")
            .defer("occurrence__event__search_vector", "occurrence__event__commune__geometry")
            .order_by("occurrence__start", "pk")
        )


class Participation(models.Model):
    """A member says "je participe" to one date of an event."""

    occurrence = models.ForeignKey(
        Occurrence, on_delete=models.CASCADE, related_name="participations", verbose_name=_("date")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="participations",
        verbose_name=_("membre"),
    )
    created = models.DateTimeField(_("inscrit le"), auto_now_add=True)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        ordering = ["created"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.UniqueConstraint(fields=["occurrence", "user"], name="participation_unique_member_date")
        ]

    def __str__(self):
        return f"{self.user} — {self.occurrence}"
