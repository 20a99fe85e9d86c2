"""The dashboard's figures, for the département (moderators) or a referent's scope.

Each figure is one SQL query whatever the number of rows (aggregates in the database); still,
counting a period's dates, posts and members grows with them, so the whole set is kept (in the
shared cache) under the content stamps of everything it counts (tousvoisins.content_stamp): a new
date, participation, member, forum post or referent gives new keys at once. What only time
changes (a date passing from "à venir" to "passée") waits at most CACHE_SECONDS; the page says
when its figures were counted.
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from functools import reduce
from operator import or_

from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import (
    BooleanField,
    CharField,
    Count,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    StringAgg,
    Value,
)
from django.db.models.functions import Now, TruncMonth
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.scoping import scope_filter, sees_everything
from events.models import PARIS, AccompanimentRequest, Event, Occurrence, Participation, ProxyRegistration
from forum.models import Category, Post, Topic
from referents.models import Referent
from tousvoisins import content_stamp, fragments
from tousvoisins.models import Intercommunalite, Theme
from tousvoisins.reports import report_models
from tousvoisins.site import absolute_url

from .periods import month_label
from .tables import Table

CACHE_SECONDS = 60 * 60
# What the figures count: dates and participations, forum posts, members (new accounts bump it,
# profiles.cards), referents; the thèmes' stamp covers thèmes, communes and intercommunalités.
FIGURE_AREAS = ("agenda", "forum", "members", "referents", content_stamp.THEMES)
PENDING_LIMIT = 30
ACCESSIBILITY_FIELDS = ("step_free", "hearing_loop", "sign_language", "easy_read", "quiet_place")
EVENT_SCOPE = {"theme_lookup": "themes", "territory_lookup": "intercommunalite"}
DATE_SCOPE = {"theme_lookup": "event__themes", "territory_lookup": "event__intercommunalite"}


def _bounds(period):
    start = datetime.combine(period.first_day, time(0), tzinfo=PARIS)
    end = datetime.combine(period.last_day + timedelta(days=1), time(0), tzinfo=PARIS)
    return start, end


def scope_key(user):
    return "departement" if sees_everything(user) else f"referent-{user.pk}"


def territories_in_scope(user):
    """The intercommunalités a page shows: a territory referent's own; all 17 otherwise (a thematic
    referent covers the whole département)."""
    territories = Intercommunalite.objects.defer("geometry").order_by("short_name")
    if sees_everything(user):
        return territories
    mine = territories.filter(scope__user=user)
    return mine if mine.exists() else territories


def themes_in_scope(user):
    themes = Theme.objects.all()
    if sees_everything(user):
        return themes
    mine = themes.filter(scope__user=user)
    return mine if mine.exists() else themes


# What waits ----------------------------------------------------------------------------------


@dataclass
class Waiting:
    """One thing that waits, as read in one query with the others (waiting()): its kind
    (`source`: 0 a proposal, 1… a report model of report_models(), then an accompaniment
    request), the object behind it, and what the page writes of it, worked out when asked."""

    source: int
    pk: int  # the proposal's, the report's, or the accompanied event's
    code: str  # the report's reason, the accompaniment's kind
    slug: str  # the accompanied event's
    title: str  # the proposal's or the accompanied event's
    created: datetime
    days: int  # how long it has waited

    def kind(self):
        if self.source == 0:
            return _("Proposition d'événement")
        return _("Signalement") if self.source <= len(report_models()) else _("Demande d'accompagnement")

    def what(self):
        if self.source == 0:
            return self.title
        if self.source <= len(report_models()):
            model = report_models()[self.source - 1]
            return _("%(report)s : %(reason)s") % {
                "report": str(model._meta.verbose_name).capitalize(),
                "reason": str(model.Reason(self.code).label).lower(),
            }
        return _("%(kind)s — %(event)s") % {
            "kind": AccompanimentRequest.Kind(self.code).label,
            "event": self.title,
        }

    def url(self):
        if self.source == 0:
            return absolute_url(reverse("admin:events_proposedevent_change", args=[self.pk]))
        if self.source <= len(report_models()):
            opts = report_models()[self.source - 1]._meta
            return absolute_url(reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[self.pk]))
        return absolute_url(reverse("events:accompaniment-list", kwargs={"pk": self.pk, "slug": self.slug}))

    def key(self):
        """What tells two rows of the page apart: everything they show comes from these."""
        return repr((self.source, self.pk, self.code, self.slug, self.title, self.created, self.days))


def _oldest(queryset, source, *, pk="pk", code=None, slug=None, title=None):
    """One kind of what waits, its PENDING_LIMIT oldest, as the columns every kind shares: the
    kinds are read together in one query (UNION ALL), each by its own index."""
    empty = Value("", output_field=CharField())
    # A part of a UNION orders by columns it selects (the oldest by created, then the row's pk).
    return (
        queryset.annotate(
            waiting_created=F("created"),
            waiting_order=F("pk"),
            waiting_source=Value(source, output_field=IntegerField()),
            waiting_pk=F(pk),
            waiting_code=F(code) if code else empty,
            waiting_slug=F(slug) if slug else empty,
            waiting_title=F(title) if title else empty,
        )
        .order_by("waiting_created", "waiting_order")
        .values_list(
            "waiting_source",
            "waiting_pk",
            "waiting_code",
            "waiting_slug",
            "waiting_title",
            "waiting_created",
            "waiting_order",
        )[:PENDING_LIMIT]
    )


def _waiting_query(user):
    proposals = scope_filter(user, Event.objects.filter(status=Event.Status.PROPOSED), **EVENT_SCOPE)
    parts = [_oldest(proposals, 0, title="title")]
    for index, model in enumerate(report_models(), start=1):
        reports = scope_filter(user, model.objects.pending(), theme_lookup=model.referent_theme_lookup)
        parts.append(_oldest(reports, index, code="reason"))
    requests = scope_filter(
        user,
        # The database's clock: the statement holds no time, so the same one serves every request.
        AccompanimentRequest.objects.open(now=Now()).filter(status=AccompanimentRequest.Status.OPEN),
        theme_lookup="occurrence__event__themes",
        territory_lookup="occurrence__event__intercommunalite",
    )
    parts.append(
        _oldest(
            requests,
            len(parts),
            pk="occurrence__event_id",
            code="kind",
            slug="occurrence__event__slug",
            title="occurrence__event__title",
        )
    )
    return parts[0].union(*parts[1:], all=True).order_by()


def _waiting_statement(user):
    """(sql, params) of what waits for `user`'s scope, or None if they see nothing."""
    try:
        return _waiting_query(user).query.sql_with_params()
    except EmptyResultSet:
        return None


def waiting(user, now=None):
    """[Waiting], oldest first: proposals, reports, accompaniment requests nobody has taken yet;
    at most PENDING_LIMIT of each kind, all in one query, read afresh on every call.

    Building and compiling that statement (six querysets) cost several times running it, and
    it is the same for every request of one scope (a referent's scope is read by subqueries):
    the statement is kept per scope, never what it returns."""
    now = now or timezone.now()
    statement = fragments.kept(
        "dashboard/waiting-statement", lambda: _waiting_statement(user), areas=(), key=scope_key(user)
    )
    if statement is None:
        return []
    with connection.cursor() as cursor:
        cursor.execute(*statement)
        rows = cursor.fetchall()
    # Sorted here: the kinds come out each in its own order.
    items = [Waiting(*row[:6], days=(now - row[5]).days) for row in rows]
    items.sort(key=lambda item: item.created)
    return items


def pending_items(user, now=None):
    """[(kind, what, created, age in days, url)], oldest first (see waiting())."""
    return [(item.kind(), item.what(), item.created, item.days, item.url()) for item in waiting(user, now)]


def pending_table(user, now=None):
    """What waits as a table (its download); the page renders waiting() row by row."""
    table = empty_pending_table()
    for kind, what, created, days, url in pending_items(user, now):
        table.rows.append([kind, what, timezone.localtime(created, PARIS).date(), days, url])
    return table


def empty_pending_table():
    return Table(
        "en-attente",
        _("Ce qui attend une réponse, le plus ancien d'abord"),
        [_("Quoi"), _("Objet"), _("Depuis le"), _("Attente (jours)"), _("Lien")],
        note=_("Au plus les %(count)s plus anciens de chaque sorte.") % {"count": PENDING_LIMIT},
    )


# Referents -----------------------------------------------------------------------------------


def referents_table(user):
    """Active territory referents per intercommunalité; those without one are flagged."""
    active = Q(
        scope__user__referent__is_active=True,
        scope__user__is_active=True,
        scope__user__referent__kind=Referent.Kind.TERRITORY,
    )
    territories = territories_in_scope(user).annotate(
        referents=Count("scope__user__referent", filter=active, distinct=True),
        names=StringAgg(
            "scope__user__referent__public_name", Value(", "), filter=active, distinct=True, default=""
        ),
    )
    table = Table(
        "referents",
        _("Référents de territoire par intercommunalité"),
        [_("Intercommunalité"), _("Référents de territoire"), _("Noms affichés")],
        note=_("Les lignes marquées « Aucun référent » attendent un ou une bénévole."),
    )
    for index, territory in enumerate(territories):
        table.rows.append([territory.short_name, territory.referents, territory.names or _("Aucun référent")])
        if not territory.referents:
            table.flagged.add(index)
    return table


# Events and dates ----------------------------------------------------------------------------


def _dates(user, period):
    start, end = _bounds(period)
    dates = Occurrence.objects.filter(event__status=Event.Status.PUBLISHED, start__gte=start, start__lt=end)
    return scope_filter(user, dates, **DATE_SCOPE)


@dataclass
class DateFigures:
    """The period's dates counted three ways in one pass: {intercommunalité pk: (events, past dates,
    coming dates)}, the same per thème, and the events' count, with accessibility details, with a
    welcomer."""

    territories: dict
    themes: dict
    events: int = 0
    accessible: int = 0
    welcomer: int = 0


# One statement instead of three passes over the period's dates and the events behind them: the
# dates are counted per event first (the occurrences alone, by their start index), then joined to
# the scoped published events (the ORM's query, the referent's scope included), then grouped per
# intercommunalité and per thème. On the benchmark's M data this is what made the uncached page slow.
DATE_FIGURES_SQL = """
WITH per_date_event (event_id, past, coming) AS MATERIALIZED ({dates}),
events (event_id, territory, accessible, welcomer) AS ({events}),
per_event AS MATERIALIZED (
  SELECT events.*, past, coming FROM per_date_event JOIN events USING (event_id)
)
SELECT 'territory', territory, count(*)::int, sum(past)::int, sum(coming)::int,
       count(*) FILTER (WHERE accessible)::int, count(*) FILTER (WHERE welcomer)::int
FROM per_event GROUP BY territory
UNION ALL
SELECT 'theme', event_theme.theme_id, count(*)::int, sum(past)::int, sum(coming)::int, 0, 0
FROM per_event JOIN {event_themes} AS event_theme ON event_theme.event_id = per_event.event_id
GROUP BY event_theme.theme_id
"""


def published_events_figures(user):
    """(pk, territory, accessible, welcomer) of the published events in `user`'s scope: for every
    published event, read from the index event_published_figures_idx alone (its columns)."""
    accessible = reduce(or_, (Q(**{name: True}) for name in ACCESSIBILITY_FIELDS))
    return (
        scope_filter(user, Event.objects.filter(status=Event.Status.PUBLISHED), **EVENT_SCOPE)
        .order_by()
        .annotate(
            event_pk=F("pk"),
            territory=F("intercommunalite_id"),
            accessible_=ExpressionWrapper(accessible, output_field=BooleanField()),
            welcomer=ExpressionWrapper(~Q(welcomer_name=""), output_field=BooleanField()),
        )
        .values_list("event_pk", "territory", "accessible_", "welcomer")
    )


def date_figures(user, period, now=None):
    now = now or timezone.now()
    start, end = _bounds(period)
    dates = (
        Occurrence.objects.filter(start__gte=start, start__lt=end)
        .order_by()
        .values("event_id")
        .annotate(past=Count("pk", filter=Q(start__lt=now)), coming=Count("pk", filter=Q(start__gte=now)))
        .values_list("event_id", "past", "coming")
    )
    events = published_events_figures(user)
    dates_sql, dates_params = dates.query.sql_with_params()
    events_sql, events_params = events.query.sql_with_params()
    statement = DATE_FIGURES_SQL.format(
        dates=dates_sql,
        events=events_sql,
        event_themes=connection.ops.quote_name(Event.themes.through._meta.db_table),
    )
    figures = DateFigures(territories={}, themes={})
    with connection.cursor() as cursor:
        cursor.execute(statement, (*dates_params, *events_params))
        for kind, key, count, past, coming, with_access, with_welcomer in cursor.fetchall():
            if kind == "theme":
                figures.themes[key] = (count, past, coming)
                continue
            figures.territories[key] = (count, past, coming)
            figures.events += count
            figures.accessible += with_access
            figures.welcomer += with_welcomer
    return figures


def territory_tables(user, counts):
    """Dates per intercommunalité, and dates per 10,000 inhabitants (the map's figure)."""
    dates = Table(
        "dates-par-intercommunalite",
        _("Événements et dates par intercommunalité"),
        [
            _("Intercommunalité"),
            _("Événements"),
            _("Dates passées"),
            _("Dates à venir"),
            _("Total des dates"),
        ],
        note=_("Les lignes marquées « aucune date » n'ont aucun rendez-vous sur la période."),
    )
    density = Table(
        "dates-pour-10000-habitants",
        _("Dates pour 10 000 habitants"),
        [
            _("Intercommunalité"),
            _("Habitants en Loire-Atlantique"),
            _("Dates"),
            _("Dates pour 10 000 habitants"),
        ],
    )
    for index, territory in enumerate(territories_in_scope(user)):
        events, past, coming = counts.get(territory.pk, (0, 0, 0))
        total = past + coming
        dates.rows.append([territory.short_name, events, past, coming, total])
        if not total:
            dates.flagged.add(index)
        rate = round(total * 10_000 / territory.population, 1) if territory.population else 0.0
        density.rows.append([territory.short_name, territory.population, total, rate])
        density.keys.append(territory.pk)
    return dates, density


def theme_table(user, counts):
    table = Table(
        "dates-par-theme",
        _("Événements et dates par thème"),
        [_("Thème"), _("Événements"), _("Dates passées"), _("Dates à venir"), _("Total des dates")],
        note=_(
            "Un événement de deux thèmes compte dans chacun. « aucune date » : thème vide sur la période."
        ),
    )
    for index, theme in enumerate(themes_in_scope(user)):
        events, past, coming = counts.get(theme.pk, (0, 0, 0))
        table.rows.append([theme.label, events, past, coming, past + coming])
        if not past + coming:
            table.flagged.add(index)
    return table


def _per_month(queryset, field, period):
    rows = queryset.annotate(month=TruncMonth(field, tzinfo=PARIS)).order_by().values("month")
    counts = {row["month"].date(): row["n"] for row in rows.annotate(n=Count("pk"))}
    return [(month, counts.get(month, 0)) for month in period.months()]


def participation_table(user, period):
    start, end = _bounds(period)
    members = scope_filter(
        user,
        Participation.objects.filter(occurrence__start__gte=start, occurrence__start__lt=end),
        theme_lookup="occurrence__event__themes",
        territory_lookup="occurrence__event__intercommunalite",
    )
    by_phone = scope_filter(
        user,
        ProxyRegistration.objects.filter(occurrence__start__gte=start, occurrence__start__lt=end),
        theme_lookup="occurrence__event__themes",
        territory_lookup="occurrence__event__intercommunalite",
    )
    table = Table(
        "participations-par-mois",
        _("Participations par mois (selon la date du rendez-vous)"),
        [_("Mois"), _("Membres inscrits sur le site"), _("Personnes inscrites par un référent"), _("Total")],
    )
    phone = dict(_per_month(by_phone, "occurrence__start", period))
    for month, count in _per_month(members, "occurrence__start", period):
        table.rows.append([month_label(month), count, phone[month], count + phone[month]])
    return table


def new_members_table(user, period):
    start, end = _bounds(period)
    users = get_user_model().objects.filter(date_joined__gte=start, date_joined__lt=end, is_active=True)
    users = scope_filter(user, users, territory_lookup="profile__commune__intercommunalite")
    table = Table(
        "nouveaux-membres",
        _("Nouveaux membres par mois"),
        [_("Mois"), _("Nouveaux membres")],
        note=""
        if sees_everything(user)
        else _("Membres dont le profil indique une commune de votre territoire."),
    )
    for month, count in _per_month(users, "date_joined", period):
        table.rows.append([month_label(month), count])
    return table


# The period's posts counted per topic first, through the index on (topic, created) alone, then
# per category: counting distinct topics over every post sorted them all (on disk at the L size).
FORUM_FIGURES_SQL = """
WITH per_topic (topic_id, posts) AS ({posts})
SELECT topic.category_id, sum(per_topic.posts)::int, count(*)::int
FROM per_topic JOIN {topics} AS topic ON topic.id = per_topic.topic_id
WHERE topic.category_id IN ({categories})
GROUP BY topic.category_id
"""


def forum_counts(categories, period):
    """{category pk: (posts written in the period, topics with one of them)} for `categories`."""
    start, end = _bounds(period)
    posts = (
        Post.objects.filter(created__gte=start, created__lt=end)
        .order_by()
        .values("topic")
        .annotate(posts=Count("*"))  # not the pk: the index alone answers
        .values_list("topic", "posts")
    )
    try:
        categories_sql, categories_params = categories.order_by().values("pk").query.sql_with_params()
    except EmptyResultSet:
        return {}
    posts_sql, posts_params = posts.query.sql_with_params()
    statement = FORUM_FIGURES_SQL.format(
        posts=posts_sql,
        topics=connection.ops.quote_name(Topic._meta.db_table),
        categories=categories_sql,
    )
    with connection.cursor() as cursor:
        cursor.execute(statement, (*posts_params, *categories_params))
        return {category: (posts_count, topics) for category, posts_count, topics in cursor.fetchall()}


def forum_table(user, period):
    categories = scope_filter(user, Category.objects.all(), theme_lookup="theme").order_by("order", "name")
    counts = forum_counts(categories, period)
    table = Table(
        "forum-par-categorie",
        _("Activité du forum par catégorie"),
        [_("Catégorie"), _("Messages écrits"), _("Sujets actifs")],
        note=_("Seules les catégories où un message a été écrit sur la période sont listées."),
    )
    # Every community has its category: thousands at the département's size, most of them quiet
    # in a given period, which made a table and a chart of thousands of empty rows.
    for category in categories.filter(pk__in=list(counts)):
        posts_count, topics = counts[category.pk]
        table.rows.append([category.name, posts_count, topics])
    return table


def accessibility_table(figures):
    """Share of the events having a date in the period that give accessibility details, a welcomer."""
    total = figures.events

    def share(count):
        return round(count * 100 / total, 1) if total else 0.0

    table = Table(
        "accessibilite-et-accueil",
        _("Événements avec des informations d'accessibilité et un accueil"),
        [_("Ce que l'événement indique"), _("Événements"), _("Sur"), _("Part (%)")],
    )
    table.rows.append(
        [
            _("Au moins une information d'accessibilité"),
            figures.accessible,
            total,
            share(figures.accessible),
        ]
    )
    table.rows.append([_("Une personne pour accueillir"), figures.welcomer, total, share(figures.welcomer)])
    return table


# The whole page -------------------------------------------------------------------------------


def dashboard_figures(user, period, now=None, *, pending=True):
    """Every table of the page (what waits only if `pending`), and "counted" (when the kept ones
    were counted); all but what waits kept CACHE_SECONDS at most under the scope, the period and
    the stamps of FIGURE_AREAS."""
    # Read once for the request: the figures' kept HTML (dashboard.views) is kept under them too.
    stamps = fragments.request_stamps(*FIGURE_AREAS)
    raw = "|".join(
        [scope_key(user), period.key, get_language() or "", *(stamps[area] for area in FIGURE_AREAS)]
    )
    key = "dashboard:" + hashlib.sha256(raw.encode()).hexdigest()
    figures = cache.get(key)
    if figures is None:
        now = now or timezone.now()
        counted = date_figures(user, period, now)
        dates, density = territory_tables(user, counted.territories)
        figures = {
            "referents": referents_table(user),
            "dates": dates,
            "density": density,
            "themes": theme_table(user, counted.themes),
            "participations": participation_table(user, period),
            "members": new_members_table(user, period),
            "forum": forum_table(user, period),
            "accessibility": accessibility_table(counted),
            "counted": now,
        }
        cache.set(key, figures, CACHE_SECONDS)
    if not pending:
        return figures
    # What waits is read afresh: a referent who just answered must see it gone.
    return {"pending": pending_table(user, now), **figures}
