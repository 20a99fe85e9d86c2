"""Events, the queries the pages make on them, and the admin's review queue (a proxy)."""

from datetime import UTC, datetime

from django.conf import settings
from django.contrib.gis.db import models
from django.contrib.postgres.expressions import ArraySubquery
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import GinIndex, GistIndex, OpClass
from django.contrib.postgres.search import SearchVectorField
from django.core.exceptions import ValidationError
from django.db.models import Case, Count, F, Max, Min, OuterRef, Prefetch, Q, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.db.models.lookups import GreaterThanOrEqual
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.text import slugify
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts.scoping import scope_filter
from tousvoisins.content_language import language_field
from tousvoisins.dates import hours_in_words, when_in_words
from tousvoisins.models import Theme
from tousvoisins.phones import normalize_phone, validate_phone
from tousvoisins.places import locate_event
from tousvoisins.search import SearchWords, search_vector, suggestion
from tousvoisins.text import SUMMARY_MAX_LENGTH, SUMMARY_TOO_LONG, markdown_to_html, markdown_to_text

from .. import recurrence
from .base import (
    ACCESSIBILITY,
    FEED_LIMIT,
    FEED_SCAN,
    HEAVY_EVENT_FIELDS,
    MAX_DURATION,
    PARIS,
    all_day_bounds,
)

SUMMARY_HELP = _(
    "Une ou deux phrases courtes, avec des mots de tous les jours : ce qu'on y fait et pour qui. "
    "200 caractères au plus. C'est ce qu'on lit dans l'agenda, sur l'agenda imprimé et dans les "
    "calendriers. Par exemple : « On tricote ensemble autour d'un café. Débutants bienvenus, la "
    "laine est prêtée. »"
)
SUMMARY_ERRORS = {
    "required": _("Écrivez en une ou deux phrases ce qu'on fait à cette rencontre."),
    "blank": _("Écrivez en une ou deux phrases ce qu'on fait à cette rencontre."),
    "max_length": SUMMARY_TOO_LONG,
}


# Later than any date: the window of a feed not cut short.
NO_LIMIT = datetime.max.replace(tzinfo=UTC)


class EventQuerySet(models.QuerySet):
    def public(self):
        """What visitors may see: published events, and cancelled ones (said plainly)."""
        return self.filter(status__in=Event.PUBLIC_STATUSES)

    def published(self):
        return self.filter(status=Event.Status.PUBLISHED)

    def search_suggestion(self, text):
        """A nearer spelling of `text` from these events' titles ("velp" → "vélo"), or ''."""
        return suggestion(text, self, "title")

    def visible_to(self, user):
        """Public events, plus one's own proposals and, for a referent, those of their scope;
        moderators see everything."""
        if not user.is_authenticated:
            return self.public()
        if user.is_moderator:
            return self
        visible = Q(status__in=Event.PUBLIC_STATUSES) | Q(proposed_by=user)
        if user.is_referent:
            visible |= Q(pk__in=self.in_scope_of(user).values("pk"))
        return self.filter(visible)

    def in_scope_of(self, user):
        """The events a referent looks after (their thèmes or territory); all for moderators."""
        return scope_filter(user, self, theme_lookup="themes", territory_lookup="intercommunalite")

    def for_detail(self):
        return (
            self.select_related("commune", "intercommunalite")
            .defer(*HEAVY_EVENT_FIELDS, "commune__geometry", "intercommunalite__geometry")
            .prefetch_related("themes")
        )

    def for_ical(self):
        return (
            self.select_related("commune")
            .defer(*HEAVY_EVENT_FIELDS, "commune__geometry")
            .prefetch_related(Prefetch("themes", Theme.objects.only("slug", "name")))
        )

    def recurring(self):
        return self.exclude(recurrence="")

    def ical_feed_stamps(self, occurrences):
        """The events having one of `occurrences` (a feed's window and filters), soonest first,
        FEED_LIMIT at most, as the stamps of their VEVENT texts (events.ical.feed): `pk`,
        `updated`, `status`, `theme_slugs`, `theme_names` (as stored: events.ical.feed says
        them in the reader's language with tousvoisins.models.theme_name) and `commune_name`
        (ical_stamps()). One query.

        Its cost does not follow the agenda's size: the FEED_LIMIT events to keep are found
        among the window's first FEED_SCAN dates (read in order from the index on the start,
        never more), grouped per event; only if those dates hold fewer than FEED_LIMIT events
        (a few events with very many dates) are all the window's dates grouped. Only the kept
        events' rows are then read, by primary key, each one's first date found again from
        the (event, start) index. No event is built in Python: the VEVENT texts of unchanged
        events are kept (events.ical), the others read by for_ical_vevents().
        """
        # The FEED_SCAN-th date: the first FEED_LIMIT events all begin by then, when the dates
        # up to it hold that many events (an event's first date among them is its first at all).
        last_scanned = Subquery(occurrences.order_by("start").values("start")[FEED_SCAN - 1 : FEED_SCAN])
        # The latest of the dates up to it is that date: it bounds the window when those dates
        # hold FEED_LIMIT events; otherwise (or with fewer dates than that) the window is not
        # cut. Written so that the FEED_SCAN-th date is looked for once.
        enough = GreaterThanOrEqual(Count("event_id", distinct=True), FEED_LIMIT)
        until = Coalesce(
            Subquery(
                occurrences.filter(start__lte=last_scanned)
                .order_by()
                .annotate(one=Value(1))
                .values("one")
                .annotate(until=Case(When(enough, then=Max("start")), default=Value(NO_LIMIT)))
                .values("until")
            ),
            Value(NO_LIMIT),
        )
        window = (
            occurrences.filter(start__lte=until).order_by().values("event_id").annotate(first=Min("start"))
        )
        kept = window.order_by("first", "event_id").values("event_id")[:FEED_LIMIT]
        first = occurrences.filter(event_id=OuterRef("pk")).order_by("start").values("start")[:1]
        return (
            self.filter(pk__in=kept)
            .annotate(next_start=Subquery(first))
            .order_by("next_start", "pk")
            .ical_stamps()
        )

    def ical_stamps(self):
        """What an event's VEVENT text is kept under (events.ical): `pk`, `updated`, `status`,
        `theme_slugs`, `theme_names` (as stored) and `commune_name` (a commune renamed changes
        no event)."""
        themes = Theme.objects.filter(events=OuterRef("pk")).order_by("position", "name")
        return self.annotate(
            theme_slugs=ArraySubquery(themes.values("slug")),
            theme_names=ArraySubquery(themes.values("name")),
            commune_name=F("commune__name"),
        ).values("pk", "updated", "status", "theme_slugs", "theme_names", "commune_name")

    def for_ical_vevents(self, pks):
        """The events `pks` with just the columns a VEVENT shows (events.ical.vevent)."""
        return self.filter(pk__in=pks).select_related("commune").only(*ICAL_FIELDS, "commune__name")


ICAL_FIELDS = (
    "title",
    "slug",
    "summary",
    "description",
    "start",
    "end",
    "all_day",
    "recurrence",
    "exception_dates",
    "place_name",
    "address",
    "commune",
    "point",
    "status",
    "status_reason",
    "organiser_name",
    "language",
    "source",
    "external_uid",
    "created",
    "updated",
)


class Event(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposé")
        PUBLISHED = "published", _("Publié")
        REFUSED = "refused", _("Refusé")
        CANCELLED = "cancelled", _("Annulé")

    class Source(models.TextChoices):
        LOCAL = "local", _("Saisi ici")
        IMPORTED = "imported", _("Importé")

    PUBLIC_STATUSES = (Status.PUBLISHED, Status.CANCELLED)

    title = models.CharField(_("titre"), max_length=150)
    slug = models.SlugField(_("identifiant dans l'adresse"), max_length=80, editable=False)
    summary = models.CharField(
        _("en bref"), max_length=SUMMARY_MAX_LENGTH, help_text=SUMMARY_HELP, error_messages=SUMMARY_ERRORS
    )
    description = models.TextField(
        _("description"),
        blank=True,
        help_text=_(
            "Ce qu'on y fait, pour qui, ce qu'il faut apporter. Pour du gras : **mot** ; "
            "pour une liste : une ligne par élément commençant par « - »."
        ),
    )
    themes = models.ManyToManyField(Theme, related_name="events", verbose_name=_("thèmes"))
    language = language_field()

    start = models.DateTimeField("début")
    end = models.DateTimeField("fin")
    all_day = models.BooleanField(
        _("toute la journée"),
        default=False,
        help_text=_("Le début est alors à minuit et la fin à minuit le lendemain du dernier jour."),
    )
    recurrence = models.CharField(
        _("répétition"),
        max_length=255,
        blank=True,
        help_text=_(
            "Règle au format iCalendar (RFC 5545), par exemple « FREQ=WEEKLY;BYDAY=TU » pour "
            "tous les mardis ou « FREQ=MONTHLY;BYDAY=1SA » pour le 1er samedi du mois. Vide : une seule date."
        ),
    )
    exception_dates = ArrayField(
        models.DateField(),
        default=list,
        blank=True,
        verbose_name=_("dates sans séance"),
        help_text=_("Jours où une rencontre régulière n'a pas lieu (vacances, jour férié)."),
    )

    place_name = models.CharField(
        _("lieu"), max_length=150, help_text=_("Par exemple « Médiathèque Jules-Verne ».")
    )
    address = models.CharField(_("adresse"), max_length=255, blank=True)
    # Both may be left empty in a form: clean() takes the commune from the point, or puts the
    # point at the commune's centre (tousvoisins.places.locate_event).
    commune = models.ForeignKey(
        "tousvoisins.Commune",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("commune"),
        blank=True,
    )
    # Always the commune's: stored so that filtering by territory is one indexed column.
    intercommunalite = models.ForeignKey(
        "tousvoisins.Intercommunalite",
        on_delete=models.PROTECT,
        related_name="events",
        verbose_name=_("intercommunalité"),
        editable=False,
    )
    # Geography, so that "within 10 km" is measured in metres and uses the GiST index.
    point = models.PointField(
        _("position sur la carte"),
        geography=True,
        srid=4326,
        blank=True,
        help_text=_("Laissez vide pour placer l'événement au centre de la commune."),
    )

    step_free = models.BooleanField(_("accès de plain-pied / fauteuil roulant"), default=False)
    hearing_loop = models.BooleanField(_("boucle magnétique"), default=False)
    sign_language = models.BooleanField(_("interprète en langue des signes (LSF)"), default=False)
    easy_read = models.BooleanField(_("facile à lire et à comprendre (FALC)"), default=False)
    quiet_place = models.BooleanField(_("lieu calme"), default=False)

    # So that a first-timer knows whom to look for and how to get there (shown on the event's
    # page and on the printed programmes).
    welcomer_name = models.CharField(
        _("qui vous accueille"),
        max_length=60,
        blank=True,
        help_text=_("Facultatif. Un prénom, par exemple « Martine »."),
    )
    welcomer_hint = models.CharField(
        _("comment la ou le reconnaître"),
        max_length=150,
        blank=True,
        help_text=_("Facultatif. Par exemple « au fond de la salle, avec un foulard vert »."),
    )
    how_to_come = models.CharField(
        _("comment venir"),
        max_length=300,
        blank=True,
        help_text=_(
            "Facultatif. Bus, parking, point de rendez-vous, par exemple « Bus C4, arrêt "
            "Mairie. Parking gratuit derrière l'église. Entrée par la cour. »"
        ),
    )
    phone_registration = models.BooleanField(
        _("inscription par téléphone"),
        default=False,
        help_text=_("Cochez si l'on peut s'inscrire en appelant le numéro ci-dessous."),
    )
    phone_number = models.CharField(
        _("numéro à appeler"),
        max_length=20,
        blank=True,
        validators=[validate_phone],
        help_text=_(
            "Facultatif. Pour s'inscrire ou venir accompagné, par exemple « 02 40 00 00 00 ». "
            "Jamais un numéro personnel, sauf si vous voulez le rendre public."
        ),
    )

    organiser_name = models.CharField(_("organisateur"), max_length=150)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposed_events",
        verbose_name=_("proposé par"),
    )
    picture = models.ImageField(_("image"), upload_to="evenements/%Y/%m/", blank=True)
    picture_alt = models.CharField(
        _("description de l'image"),
        max_length=200,
        blank=True,
        help_text=_("Ce que montre l'image, en une phrase."),
    )
    capacity = models.PositiveIntegerField(
        _("nombre de places"),
        null=True,
        blank=True,
        help_text=_("Vide si le nombre de places n'est pas limité."),
    )

    status = models.CharField(_("statut"), max_length=10, choices=Status.choices, default=Status.PROPOSED)
    status_reason = models.TextField(
        _("motif"), blank=True, help_text=_("Pourquoi l'événement est refusé ou annulé. Ce texte est montré.")
    )
    source = models.CharField(_("origine"), max_length=10, choices=Source.choices, default=Source.LOCAL)
    external_uid = models.CharField(_("identifiant dans l'agenda d'origine"), max_length=255, blank=True)
    external_url = models.URLField(_("adresse dans l'agenda d'origine"), max_length=500, blank=True)
    external_agenda = models.ForeignKey(
        "ExternalAgenda",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("agenda externe d'origine"),
    )
    thumbnail = models.ImageField(
        _("vignette"), upload_to="evenements/vignettes/%Y/%m/", blank=True, editable=False
    )

    created = models.DateTimeField(_("créé le"), auto_now_add=True)
    updated = models.DateTimeField(_("modifié le"), auto_now=True)

    search_vector = models.GeneratedField(
        expression=search_vector("title", weight="A")
        + search_vector("place_name", "organiser_name", weight="B")
        + search_vector("description", weight="C"),
        output_field=SearchVectorField(),
        db_persist=True,
    )

    objects = EventQuerySet.as_manager()

    class Meta:
        ordering = ["start", "pk"]
        verbose_name = _("événement")
        verbose_name_plural = _("événements")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="event_end_after_start",
                violation_error_message="La fin doit être après le début.",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1),
                name="event_capacity_positive",
                violation_error_message="Le nombre de places doit être d'au moins 1.",
            ),
            models.UniqueConstraint(
                fields=["source", "external_uid"],
                condition=~Q(external_uid=""),
                name="event_unique_external_uid",
                violation_error_message="Cet événement a déjà été importé.",
            ),
        ]
        indexes = [
            GinIndex(fields=["search_vector"], name="event_search_gin"),
            # "Vouliez-vous dire … ?": the titles nearest to a word that found nothing.
            GistIndex(OpClass(SearchWords("title"), name="gist_trgm_ops"), name="event_title_trgm"),
            models.Index(fields=["status"], name="event_status_idx"),
            # The month grid ranks a month's dates knowing of their events only whether they are
            # public: read from this index alone, not from every event's row.
            models.Index(fields=["status", "id"], name="event_status_id_idx"),
            # The dashboard's oldest proposals first (dashboard.queries.pending_items): the first
            # rows of this index, not every proposal ever made, sorted.
            models.Index(
                fields=["created", "id"], condition=Q(status="proposed"), name="event_proposed_created_idx"
            ),
            # The dashboard's dates per territory (dashboard.queries.date_figures) read these
            # columns of every published event: from this index, a fraction of the table's size,
            # rather than from the whole table and its texts.
            models.Index(
                fields=["id"],
                include=[
                    "intercommunalite",
                    "step_free",
                    "hearing_loop",
                    "sign_language",
                    "easy_read",
                    "quiet_place",
                    "welcomer_name",
                ],
                condition=Q(status="published"),
                name="event_published_figures_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self.slug = slugify(self.title)[:80].strip("-") or "evenement"
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("events:detail", kwargs={"pk": self.pk, "slug": self.slug})

    def get_ical_url(self):
        return reverse("events:event-ics", kwargs={"pk": self.pk, "slug": self.slug})

    def clean(self):
        errors = {}
        # One line, whatever was pasted: lists, cards and calendars show it as a line.
        self.summary = " ".join(self.summary.split())
        if self.all_day and self.start and self.end:
            self.start, self.end = all_day_bounds(self.start, self.end)
        if self.start and self.end:
            if self.end <= self.start:
                errors["end"] = gettext("La fin doit être après le début.")
            elif self.end - self.start > MAX_DURATION:
                errors["end"] = gettext(
                    "Un événement dure au plus 31 jours. Pour une rencontre qui revient souvent, "
                    "indiquez une répétition."
                )
        if self.recurrence and self.start and "end" not in errors:
            try:
                self.recurrence = recurrence.normalize_rule(
                    self.recurrence, dtstart=self.local_start, all_day=self.all_day
                )
            except recurrence.RuleError as error:
                errors["recurrence"] = str(error)
        if self.status in (self.Status.REFUSED, self.Status.CANCELLED) and not self.status_reason.strip():
            errors["status_reason"] = gettext(
                "Expliquez en une phrase pourquoi, pour les personnes concernées."
            )
        self._clean_phone(errors)
        if self.source == self.Source.IMPORTED and not self.external_uid:
            errors["external_uid"] = gettext("Un événement importé garde son identifiant d'origine.")
        try:
            locate_event(self, geocode=False)
        except ValidationError as error:
            errors.update(error.message_dict)
        if errors:
            raise ValidationError(errors)

    def _clean_phone(self, errors):
        try:
            self.phone_number = normalize_phone(self.phone_number)
        except ValidationError as error:
            errors["phone_number"] = error.messages[0]
            return
        if self.phone_registration and not self.phone_number:
            errors["phone_number"] = gettext(
                "Indiquez le numéro à appeler pour s'inscrire, par exemple 02 40 00 00 00."
            )

    @property
    def local_start(self):
        return timezone.localtime(self.start, PARIS)

    @property
    def local_end(self):
        return timezone.localtime(self.end, PARIS)

    @property
    def is_cancelled(self):
        return self.status == self.Status.CANCELLED

    @property
    def is_public(self):
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_recurring(self):
        return bool(self.recurrence)

    @property
    def duration(self):
        """Length in local wall-clock time, so that a 14 h–16 h event stays so across DST."""
        return self.local_end.replace(tzinfo=None) - self.local_start.replace(tzinfo=None)

    def end_for(self, local_start):
        return (local_start.replace(tzinfo=None) + self.duration).replace(tzinfo=PARIS)

    @property
    def when_in_words(self):
        return when_in_words(self.local_start, self.local_end, all_day=self.all_day)

    @property
    def hours_in_words(self):
        return hours_in_words(self.local_start, self.local_end, all_day=self.all_day)

    @property
    def recurrence_in_words(self):
        return recurrence.describe_rule(self.recurrence, dtstart=self.local_start, all_day=self.all_day)

    @cached_property
    def description_html(self):
        return markdown_to_html(self.description)

    @property
    def description_text(self):
        return markdown_to_text(self.description)

    @property
    def accessibility(self):
        """The accessibility details this event offers, in the order of ACCESSIBILITY."""
        return [item for item in ACCESSIBILITY if getattr(self, item.field)]

    def participants_visible_to(self, user):
        """Who comes is shown to the member who proposed the event, the referents who look after
        it and the moderators; never to other members."""
        if not user.is_authenticated:
            return False
        if self.proposed_by_id == user.pk or user.is_moderator:
            return True
        return user.is_referent and Event.objects.filter(pk=self.pk).in_scope_of(user).exists()

    @property
    def uid(self):
        """iCalendar UID: an imported event keeps the one of its source, so calendars see one event."""
        if self.source == self.Source.IMPORTED and self.external_uid:
            return self.external_uid
        return f"evenement-{self.pk}@tousvoisins44.fr"


class ProposedEventManager(models.Manager.from_queryset(EventQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(status=Event.Status.PROPOSED)


class ProposedEvent(Event):
    """The proposals waiting for a referent: the admin's review queue, an entry of its own."""

    objects = ProposedEventManager()

    class Meta:
        proxy = True
        verbose_name = _("proposition à relire")
        verbose_name_plural = _("propositions à relire")
