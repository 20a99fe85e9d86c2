import time
from datetime import timedelta
from itertools import groupby

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import Http404, HttpResponse, HttpResponseBadRequest, JsonResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.templatetags.static import static
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView, TemplateView

from referents.models import Referent
from tousvoisins import fragments
from tousvoisins.dates import WEEKDAYS, day_in_words
from tousvoisins.lib import normalize_place_name
from tousvoisins.pagination import KeptCappedPaginator
from tousvoisins.search import suggestion_link
from tousvoisins.stamped import stamped

from . import ical, month
from .forms import DATE_FILTERS, AgendaFilterForm
from .jsonld import event_json_ld
from .models import PARIS, Event, Occurrence, Participation
from .models.accompaniment import accompaniment_visible_to
from .models.occurrence import attach_theme_slugs, prefetch_list_themes
from .phones import phone_to_call
from .views_accompaniment import attach_to_dates
from .views_waiting_list import attach_waiting_words

ICAL_CONTENT_TYPE = "text/calendar; charset=utf-8"
# How many dates the detail page of a recurring event lists.
NEXT_DATES = 8
# Referents named at the foot of an event's page, territory first.
REFERENTS_TO_CONTACT = 3
# Dates shown in one day of the month grid; a link leads to the others.
MONTH_DATES_PER_DAY = 4
# The month grid goes back to this year and this many years ahead: no endless pages for robots.
FIRST_YEAR = 2020
YEARS_AHEAD = 2
# Markers on the map (the next date of each event, soonest first): filters narrow it down.
MAP_LIMIT = 300
# The window of the iCalendar feeds (README, "Flux et données ouvertes"): the past month and the
# next twelve months.
FEED_WINDOW_BEFORE = timedelta(days=31)
FEED_WINDOW_AFTER = timedelta(days=365)


def query_string(request, *, without=("page",), **replace):
    """'?theme=emploi&…' from the request's query string, or '' when nothing is left."""
    query = request.GET.copy()
    for name in (*without, *replace):
        query.pop(name, None)
    for name, value in replace.items():
        query[name] = value
    encoded = query.urlencode()
    return f"?{encoded}" if encoded else ""


def agenda_views(request, current, *, day=None):
    """The links of the three ways to see the agenda (list, month, map), filters kept.

    The month link opens the month of `day` (the one shown, or the first day chosen), else this month.
    """
    day = day or timezone.localdate(timezone=PARIS)
    keep = query_string(request, without=("page",))
    month_keep = query_string(request, without=("page", *DATE_FILTERS))
    return [
        ("list", _("Liste par jour"), reverse("events:list") + keep, current == "list"),
        ("month", _("Mois"), month_url(day.year, day.month) + month_keep, current == "month"),
        ("map", _("Carte"), reverse("events:map") + keep, current == "map"),
    ]


def month_url(year, month):
    return reverse("events:month", kwargs={"year": f"{year:04d}", "month": f"{month:02d}"})


def group_by_day(occurrences):
    """[(local date, [occurrences of that day]), …] in the order given."""
    return [
        (day, list(items))
        for day, items in groupby(occurrences, key=lambda occurrence: occurrence.local_start.date())
    ]


def agenda_rows(occurrences):
    """The dates, each with its row of the agenda list as `row_html` (kept: tousvoisins.fragments).
    A row shows the date's hours, so a date moved to other hours is another row.

    `occurrences` need only their own columns: the rows not kept yet read their event, commune
    and thèmes in two queries, for those rows alone."""
    full = {}

    def prepare(missing):
        full.update(
            (occurrence.pk, occurrence)
            for occurrence in Occurrence.objects.filter(pk__in=[item.pk for item in missing]).for_list()
        )
        prefetch_list_themes(list(full.values()))

    def context(occurrence):
        occurrence = full[occurrence.pk]
        return {"occurrence": occurrence, "event": occurrence.event}

    return fragments.attach(
        "events/includes/occurrence_item.html",
        occurrences,
        areas=("agenda",),
        key=lambda occurrence: f"{occurrence.pk}:{occurrence.start.timestamp()}:{occurrence.end.timestamp()}",
        context=context,
        prepare=prepare,
    )


def filters_html(form, *, action, words, without_dates=False):
    """The filter form's HTML, kept per query string (what was typed and its errors are the
    form's only input besides published content); rendered without the request, like a row."""
    context = {
        "form": form,
        "filters_action": action,
        "filters_in_words": words,
        "without_dates": without_dates,
    }
    return mark_safe(  # rendered by a template
        fragments.kept(
            "events/includes/filters.html",
            lambda: render_to_string("events/includes/filters.html", context),
            areas=(),
            key=(action, without_dates, form.cache_key()),
        )
    )


def printable_links_html(territory, territories):
    """The links to the printable agendas: the territory chosen's, or each one's (kept)."""
    context = {"printable_territory": territory, "territories": territories}
    return mark_safe(  # rendered by a template
        fragments.kept(
            "events/includes/printable_links.html",
            lambda: render_to_string("events/includes/printable_links.html", context),
            areas=(),
            key=territory.siren if territory else "",
        )
    )


# A kept count of the agenda is said again at most this late: dates that end leave the list
# without any stamp changing.
COUNT_SECONDS = 60


def filters_key(filters):
    """The valid filters (AgendaFilterForm.filters()) as a short text: objects by primary key."""
    parts = []
    for name, value in sorted(filters.items()):
        if isinstance(value, (list, tuple)):
            value = ",".join(sorted(map(str, value)))
        parts.append(f"{name}={getattr(value, 'pk', value)}")
    return "&".join(parts)


class AgendaPaginator(KeptCappedPaginator):
    """The capped count and the pages of dates kept per selection under the agenda's stamp, for
    COUNT_SECONDS at most (dates that end leave the list), counted by one process for all."""

    kept_name, kept_areas, kept_seconds, kept_shared = "events:agenda", ("agenda",), COUNT_SECONDS, True


def days_html(occurrences, *, key):
    """The page's dates grouped by day, as HTML ("" when there are none), kept per selection and
    page number (`key`) as the page's dates are (AgendaPaginator: COUNT_SECONDS at most, in the
    cache every worker shares). A worker's first visit to a selection then reads it rather than
    render its twenty rows; rendered without the request, like a row."""

    def render():
        days = group_by_day(agenda_rows(occurrences))
        if not days:
            return ""
        today = timezone.localdate(timezone=PARIS)
        context = {"days": days, "today": today, "tomorrow": today + timedelta(days=1)}
        return render_to_string("events/includes/agenda_days.html", context)

    html = fragments.kept(
        "events/includes/agenda_days.html",
        render,
        areas=("agenda",),
        key=key,
        seconds=COUNT_SECONDS,
        shared=True,
    )
    return mark_safe(html)  # rendered by a template


class OccurrenceListView(ListView):
    template_name = "events/occurrence_list.html"
    paginate_by = 20
    paginator_class = AgendaPaginator
    context_object_name = "occurrences"

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count_key = filters_key(self.form.filters())
        return paginator

    def paginate_queryset(self, queryset, page_size):
        """The page's dates (their own columns) kept as the count is."""
        paginator, page, _dates, is_paginated = super().paginate_queryset(queryset, page_size)
        page.object_list = paginator.kept_page(page)
        return paginator, page, page.object_list, is_paginated

    def get_queryset(self):
        self.form = AgendaFilterForm(self.request.GET)
        # The dates' own columns: their rows are mostly kept (agenda_rows reads the others).
        return Occurrence.objects.public().for_filters(self.form.filters()).order_by("start", "event_id")

    def _filters_query(self):
        """The query string without the page number, for the feed of the same selection."""
        query = self.request.GET.copy()
        query.pop("page", None)
        return query.urlencode() if self.form.filters() else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        words = self.form.describe()
        page = context["page_obj"]
        context.update(
            form=self.form,
            filters_in_words=words,
            filters_html=filters_html(self.form, action=reverse("events:list"), words=words),
            days_html=days_html(page.object_list, key=f"{filters_key(self.form.filters())}|{page.number}"),
            ics_query=self._filters_query(),
            agenda_views=agenda_views(self.request, "list", day=self.form.filters().get("du")),
            # Already read by the filter form: the printable agendas cost no query.
            printable_links=printable_links_html(
                self.form.filters().get("territoire"),
                sorted(self.form.territories.values(), key=lambda territory: territory.short_name),
            ),
            suggestion=self._suggestion(page),
        )
        return context

    def _suggestion(self, page):
        # Only when the words found nothing: one more query, on that path only.
        words = self.form.filters().get("q")
        if not words or page.object_list:
            return None
        return suggestion_link(self.request, Event.objects.public().search_suggestion(words))


class MonthView(TemplateView):
    """The month grid: a table of weeks, each day listing its first dates and linking to the others."""

    template_name = "events/month.html"

    def get(self, request, *args, **kwargs):
        self.year, self.month = int(kwargs["year"]), int(kwargs["month"])
        self.today = timezone.localdate(timezone=PARIS)
        if not (1 <= self.month <= 12 and self._shown(self.year)):
            raise Http404("Ce mois n'est pas dans l'agenda.")
        return super().get(request, *args, **kwargs)

    def _shown(self, year):
        return FIRST_YEAR <= year <= self.today.year + YEARS_AHEAD

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        data = self.request.GET.copy()
        for name in DATE_FILTERS:
            data.pop(name, None)
        form = AgendaFilterForm(data)
        first, _last = month.month_bounds(self.year, self.month)
        keep = query_string(self.request, without=("page", *DATE_FILTERS))
        name = month.month_name(self.year, self.month)
        words = form.describe()
        context.update(
            form=form,
            filters_in_words=words,
            filters_html=filters_html(form, action=self.request.path, words=words, without_dates=True),
            month_name=name,
            grid_html=fragments.kept(
                "events/includes/month_grid.html",
                lambda: self._grid(form, keep, words, name),
                areas=("agenda",),
                # The day is in every kept copy's key: "aujourd'hui" moves at midnight.
                key=(self.year, self.month, keep),
                # Its query reads every date of the month: built by one process for all.
                shared=True,
            ),
            ics_query=keep,
            breadcrumbs=[(_("Agenda"), reverse("events:list")), (name.capitalize(), "")],
            previous=self._link(*month.previous_month(self.year, self.month)),
            next=self._link(*month.next_month(self.year, self.month)),
            agenda_views=agenda_views(self.request, "month", day=first),
        )
        return context

    def _grid(self, form, keep, words, name):
        """The month's table (and the words when it is empty): the same for everyone who asks
        with these filters, rendered without the request."""
        first, last = month.month_bounds(self.year, self.month)
        occurrences = (
            Occurrence.objects.public()
            .matching(form.filters())
            .for_month(first, last, per_day=MONTH_DATES_PER_DAY)
        )
        occurrences = with_themes(attach_theme_slugs(occurrences), form.themes)
        weeks = month.month_weeks(self.year, self.month, today=self.today, occurrences=occurrences)
        busy_days = [cell for week in weeks for cell in week if cell.total]
        for cell in busy_days:
            cell.url = reverse("events:list") + _with_day(keep, cell.day)
        context = {
            "month_name": name,
            "weekdays": WEEKDAYS,
            "weeks": weeks,
            "has_dates": bool(busy_days),
            "filters_in_words": words,
        }
        return mark_safe(render_to_string("events/includes/month_grid.html", context))  # a template's

    def _link(self, year, number):
        if not self._shown(year):
            return None
        keep = query_string(self.request, without=("page", *DATE_FILTERS))
        return {"url": month_url(year, number) + keep, "name": month.month_name(year, number)}


def with_themes(occurrences, themes):
    """Give each date the Theme objects of its `theme_slugs` (Occurrence.objects' theme_slugs()),
    taken from `themes` ({slug: Theme}, read once by the filter form): no query per date."""
    occurrences = list(occurrences)
    for occurrence in occurrences:
        occurrence.themes = [themes[slug] for slug in occurrence.theme_slugs if slug in themes]
    return occurrences


def _with_day(query, day):
    """A query string selecting one day (both ends of the dates filter), other filters kept."""
    separator = "&" if query else "?"
    return f"{query}{separator}du={day.isoformat()}&au={day.isoformat()}"


def current_month(request):
    today = timezone.localdate(timezone=PARIS)
    return redirect(
        month_url(today.year, today.month) + query_string(request, without=("page", *DATE_FILTERS))
    )


def _map_selection(form):
    """The next matching date of each event, at most MAP_LIMIT: the same for the map and its list."""
    return list(Occurrence.objects.public().for_filters(form.filters()).for_map(MAP_LIMIT))


def by_commune(occurrences):
    """[(commune name, [occurrences]), …] in alphabetical order of the commune, soonest first within."""
    ordered = sorted(occurrences, key=lambda o: (normalize_place_name(o.event.commune.name), o.start))
    return [(name, list(items)) for name, items in groupby(ordered, key=lambda o: o.event.commune.name)]


class MapView(TemplateView):
    template_name = "events/map.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        form = AgendaFilterForm(self.request.GET)
        occurrences = with_themes(_map_selection(form), form.themes)
        query = query_string(self.request)
        context.update(
            form=form,
            filters_action=self.request.path,
            filters_in_words=form.describe(),
            communes=by_commune(occurrences),
            count=len(occurrences),
            is_capped=len(occurrences) == MAP_LIMIT,
            map_limit=MAP_LIMIT,
            ics_query=query,
            map_config={
                **map_settings(),
                "geojson": reverse("events:map-geojson") + query,
            },
            agenda_views=agenda_views(self.request, "map"),
            breadcrumbs=[(_("Agenda"), reverse("events:list")), (_("Carte"), "")],
        )
        return context


def map_settings():
    """What every public map needs: the tiles, their credit, the view of the whole département."""
    return {
        "tiles": settings.MAP_TILES_URL,
        "attribution": settings.MAP_TILES_ATTRIBUTION,
        "center": list(settings.LEAFLET_CONFIG["DEFAULT_CENTER"]),
        "zoom": settings.LEAFLET_CONFIG["DEFAULT_ZOOM"],
        "minZoom": settings.LEAFLET_CONFIG["MIN_ZOOM"],
        "maxZoom": settings.LEAFLET_CONFIG["MAX_ZOOM"],
    }


def _feature(occurrence):
    event = occurrence.event
    return {
        "type": "Feature",
        "geometry": {"type": "Point", "coordinates": [round(event.point.x, 5), round(event.point.y, 5)]},
        "properties": {
            "title": event.title,
            "url": event.get_absolute_url(),
            "when": occurrence.when_in_words,
            "place": f"{event.place_name}, {event.commune.name}",
            "cancelled": event.is_cancelled,
            "themes": [
                {"name": theme.label, "pictogram": static(theme.pictogram_path)}
                for theme in occurrence.themes
            ],
        },
    }


def map_geojson(request):
    """The map's markers as GeoJSON: one feature per event at its place, with its next date."""
    form = AgendaFilterForm(request.GET)
    occurrences = with_themes(_map_selection(form), form.themes)
    data = {
        "type": "FeatureCollection",
        "features": [_feature(occurrence) for occurrence in occurrences],
        "capped": len(occurrences) == MAP_LIMIT,
    }
    return JsonResponse(data, content_type="application/geo+json", json_dumps_params={"ensure_ascii": False})


def _event_or_redirect(request, pk, slug):
    """The event if this visitor may see it, and a redirect when the address has an old slug."""
    event = _visible_event(request.user, pk)
    if slug != event.slug:
        url = reverse(f"events:{request.resolver_match.url_name}", kwargs={"pk": pk, "slug": event.slug})
        if request.GET:
            url += "?" + request.GET.urlencode()
        return event, redirect(url, permanent=True)
    return event, None


def _visible_event(user, pk):
    """The event `pk` if `user` may see it, else 404. A visitor sees what every visitor sees,
    the public events: kept under the agenda's stamp (any change of an event gives new keys)."""
    queryset = Event.objects.visible_to(user).for_detail()
    if user.is_authenticated:  # their own proposals, their scope's: theirs alone
        return get_object_or_404(queryset, pk=pk)
    # The stamps of everything the page keeps, in one round trip.
    fragments.read_stamps("agenda", "referents", "communities")
    event = fragments.kept(
        "events:event", lambda: queryset.filter(pk=pk).first(), areas=("agenda",), key=pk, shared=True
    )
    if event is None:
        raise Http404("Aucun événement ne correspond.")
    return event


def next_dates_of(event, user, now):
    """The event's next NEXT_DATES dates with their attendance and waiting list, and the
    member's own part in them."""
    return list(
        event.occurrences.upcoming(now)
        .with_attendance(user)
        .with_waiting_list(user)
        .order_by("start")[:NEXT_DATES]
    )


def referents_to_contact(event):
    """The referents named at the foot of the event's page: those of its territory and thèmes,
    the same for every event of that territory and thèmes, kept until a referent changes."""
    themes = sorted(theme.pk for theme in event.themes.all())
    return fragments.kept(
        "events:event-referents",
        lambda: list(Referent.objects.to_contact_about(event)[:REFERENTS_TO_CONTACT]),
        areas=("referents",),
        key=f"{event.intercommunalite_id}:{','.join(map(str, themes))}",
    )


def picture_seconds(event, seconds):
    """`seconds`, or less when the event's picture is served through a signed link that expires
    (a private bucket, README "Configuration"): a kept copy must not outlive its link."""
    bucket = getattr(settings, "AWS_STORAGE_BUCKET_NAME", "")
    if event.picture and bucket and getattr(settings, "AWS_QUERYSTRING_AUTH", False):
        return min(seconds, settings.AWS_QUERYSTRING_EXPIRE // 2)
    return seconds


def event_intro(event, next_dates, *, is_over, phone):
    """The top of the event's page (what, when, where, the map, the description, the access):
    the same for everyone who may see the event, kept under the agenda's and the referents'
    stamps (the number to call); its next date and "a eu lieu" are in the key."""
    first = next_dates[0] if next_dates else None
    context = {
        "event": event,
        "next_dates": next_dates[:1],
        "is_over": is_over,
        "phone": phone,
        "map_config": {
            **map_settings(),
            "point": [round(event.point.x, 6), round(event.point.y, 6)],
            "place": f"{event.place_name}, {event.commune.name}",
        },
    }
    html = fragments.kept(
        "events/includes/event_intro.html",
        lambda: render_to_string("events/includes/event_intro.html", context),
        areas=("agenda", "referents"),
        key=f"{event.pk}:{first.pk if first else ''}:{is_over}",
        seconds=picture_seconds(event, fragments.KEEP_SECONDS),
    )
    return mark_safe(html)  # rendered by a template


def unchanged_for(event, next_dates, now):
    """How long (seconds) the event's page stays true with no content changing: until the first
    date shown ends (it leaves the list, the next one comes in), or the event itself ends."""
    ends = [occurrence.end for occurrence in next_dates] or [event.end]
    ending = min(end for end in ends if end > now) if any(end > now for end in ends) else None
    seconds = int((ending - now).total_seconds()) + 1 if ending else fragments.KEEP_SECONDS
    return picture_seconds(event, min(seconds, fragments.KEEP_SECONDS))


class EventDetailView(DetailView):
    """A member's page is built for them (their participations, the forms); a visitor's is the
    same for every visitor: its article is kept whole (tousvoisins.fragments) under the stamps of
    what it shows, until its first date ends."""

    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get(self, request, *args, **kwargs):
        self.object, wrong_slug = _event_or_redirect(request, kwargs["pk"], kwargs["slug"])
        if wrong_slug:
            return wrong_slug
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event, user = self.object, self.request.user
        if user.is_authenticated:
            context.update(self._article_context(event, user))
            return context
        page = fragments.kept(
            "events:event-page",
            lambda: self._visitor_page(event),
            areas=("agenda", "referents", "communities"),
            key=event.pk,
            seconds=lambda page: page["until"] - time.time(),
            # Every process is asked for most events (the agenda links to all of them): one
            # builds the page, the others read it.
            shared=True,
        )
        context.update(article_html=mark_safe(page["html"]), json_ld=mark_safe(page["json_ld"]))
        return context

    def _visitor_page(self, event):
        """The article as every visitor sees it, rendered without the request (no CSRF token,
        no session can enter it), its JSON-LD, and how long it stays true."""
        context = self._article_context(event, AnonymousUser())
        return {
            "html": render_to_string("events/includes/event_article.html", context),
            "json_ld": str(context["json_ld"]),
            "until": time.time() + context["unchanged_for"],
        }

    def _article_context(self, event, user):
        now = timezone.now()
        next_dates = next_dates_of(event, user, now)
        for occurrence in next_dates:
            occurrence.event = event  # its hours and places need the event: no query per date
        attach_waiting_words(next_dates)
        if user.is_authenticated:
            attach_to_dates(event, next_dates, user)  # "j'aimerais être accompagné(e)"
        today = timezone.localdate(timezone=PARIS)
        show_participants = self._participants(event, next_dates, user)
        referents = referents_to_contact(event)
        is_over = not next_dates and event.end <= now
        # Territory referents come first: the first with a public number is the one to call.
        phone = phone_to_call(event, next((r for r in referents if r.is_territorial and r.phone), None))
        return {
            "event": event,
            "user": user,
            "intro_html": event_intro(event, next_dates, is_over=is_over, phone=phone),
            "next_dates": next_dates,
            "skipped_dates": [day_in_words(day) for day in sorted(event.exception_dates) if day >= today],
            # Only public events are described to search engines.
            "json_ld": event_json_ld(event, next_dates[0] if next_dates else None) if event.is_public else "",
            "show_participants": show_participants,
            "can_join": event.status == Event.Status.PUBLISHED,
            "sees_accompaniment": show_participants and accompaniment_visible_to(event, user),
            "referents": referents,
            # "Rejoindre la communauté de cette rencontre": the M2M is declared by communities,
            # read here through its reverse relation (no import of that tab).
            "communities": list(event.communities.for_event_page(user if user.is_authenticated else None)),
            "unchanged_for": unchanged_for(event, next_dates, now),
        }

    def _participants(self, event, next_dates, user):
        """Give each date its `participant_names`, for the people allowed to see who comes."""
        if not next_dates or not event.participants_visible_to(user):
            return False
        names = {occurrence.pk: [] for occurrence in next_dates}
        for occurrence_pk, name in Participation.objects.names_for(next_dates):
            names[occurrence_pk].append(name)
        for occurrence in next_dates:
            occurrence.participant_names = names[occurrence.pk]
        return True


@stamped("agenda")
def agenda_ics(request):
    """The agenda as iCalendar, filters kept, over a bounded window (FEED_WINDOW_BEFORE before
    today to FEED_WINDOW_AFTER after, unless the dates asked say otherwise); kept under the
    agenda's stamp and answering conditional requests (tousvoisins.stamped)."""
    form = AgendaFilterForm(request.GET)
    if not form.is_valid():
        message = "\n".join(error for errors in form.errors.values() for error in errors)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    today = timezone.localdate(timezone=PARIS)
    filters = dict(form.filters())
    filters.setdefault("du", None)
    filters["du"] = filters["du"] or today - FEED_WINDOW_BEFORE
    filters["au"] = filters.get("au") or today + FEED_WINDOW_AFTER
    occurrences = Occurrence.objects.public().for_filters(filters)
    # Which events, and their VEVENTs' keys: the same for every reader of this selection until
    # the agenda changes (or the day, which moves the window), read once for every worker (a
    # query of tens of milliseconds); the texts are joined per request.
    entries = fragments.kept(
        f"events:feed-entries:{ical.ENTRIES_FORMAT}",
        lambda: ical.feed_entries(Event.objects.ical_feed_stamps(occurrences)),
        areas=("agenda",),
        key=filters_key(filters),
        shared=True,
    )
    name = " — ".join([_("Agenda Tous voisins 44"), *form.describe()])
    body = ical.feed(entries, name=name)
    response = HttpResponse(body.content, content_type=ICAL_CONTENT_TYPE)
    response.packed = body.packed  # its gzip copy, joined from pieces compressed once (stamped)
    return response


def event_ics(request, pk, slug):
    event, wrong_slug = _event_or_redirect(request, pk, slug)
    if wrong_slug:
        return wrong_slug
    if not event.is_public:
        raise Http404
    response = HttpResponse(ical.calendar([event], name=event.title), content_type=ICAL_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
