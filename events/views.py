from datetime import timedelta
from itertools import groupby

from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.views.generic import DetailView, ListView

from . import ical
from .dates import day_in_words
from .forms import AgendaFilterForm
from .jsonld import event_json_ld
from .models import PARIS, Event, Occurrence

ICAL_CONTENT_TYPE = "text/calendar; charset=utf-8"
# How many dates the detail page of a recurring event lists.
NEXT_DATES = 8


def group_by_day(occurrences):
    """[(local date, [occurrences of that day]), …] in the order given."""
    return [
        (day, list(items))
        for day, items in groupby(occurrences, key=lambda occurrence: occurrence.local_start.date())
    ]


class OccurrenceListView(ListView):
    template_name = "events/occurrence_list.html"
    paginate_by = 20
    context_object_name = "occurrences"

    def get_queryset(self):
        self.form = AgendaFilterForm(self.request.GET)
        return Occurrence.objects.public().for_filters(self.form.filters()).for_list()

    def _filters_query(self):
        """The query string without the page number, for the feed of the same selection."""
        query = self.request.GET.copy()
        query.pop("page", None)
        return query.urlencode() if self.form.filters() else ""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        today = timezone.localdate(timezone=PARIS)
        context.update(
            form=self.form,
            filters_in_words=self.form.describe(),
            days=group_by_day(context["page_obj"].object_list),
            today=today,
            tomorrow=today + timedelta(days=1),
            ics_query=self._filters_query(),
        )
        return context


def _event_or_redirect(request, pk, slug):
    """The event if this visitor may see it, and a redirect when the address has an old slug."""
    event = get_object_or_404(Event.objects.visible_to(request.user).for_detail(), pk=pk)
    if slug != event.slug:
        url = reverse(f"events:{request.resolver_match.url_name}", kwargs={"pk": pk, "slug": event.slug})
        if request.GET:
            url += "?" + request.GET.urlencode()
        return event, redirect(url, permanent=True)
    return event, None


class EventDetailView(DetailView):
    template_name = "events/event_detail.html"
    context_object_name = "event"

    def get(self, request, *args, **kwargs):
        self.object, wrong_slug = _event_or_redirect(request, kwargs["pk"], kwargs["slug"])
        if wrong_slug:
            return wrong_slug
        return self.render_to_response(self.get_context_data(object=self.object))

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        event = self.object
        now = timezone.now()
        next_dates = list(event.occurrences.upcoming(now).order_by("start")[:NEXT_DATES])
        today = timezone.localdate(timezone=PARIS)
        context.update(
            next_dates=next_dates,
            is_over=not next_dates and event.end <= now,
            skipped_dates=[day_in_words(day) for day in sorted(event.exception_dates) if day >= today],
            # Only public events are described to search engines.
            json_ld=event_json_ld(event, next_dates[0] if next_dates else None) if event.is_public else "",
        )
        return context


def agenda_ics(request):
    form = AgendaFilterForm(request.GET)
    if not form.is_valid():
        message = "\n".join(error for errors in form.errors.values() for error in errors)
        return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")
    occurrences = Occurrence.objects.public().for_filters(form.filters())
    events = Event.objects.for_ical_feed(occurrences)
    name = " — ".join(["Agenda Tous voisins 44", *form.describe()])
    return HttpResponse(ical.calendar(events, name=name), content_type=ICAL_CONTENT_TYPE)


def event_ics(request, pk, slug):
    event, wrong_slug = _event_or_redirect(request, pk, slug)
    if wrong_slug:
        return wrong_slug
    if not event.is_public:
        raise Http404
    response = HttpResponse(ical.calendar([event], name=event.title), content_type=ICAL_CONTENT_TYPE)
    response["Content-Disposition"] = f'attachment; filename="{event.slug}.ics"'
    return response
