""" "Inscrire quelqu'un" and "Qui vient": for the organiser, the referents who look after the event
and the moderators only (Event.participants_visible_to); everybody else gets 403, visitors the
sign-in page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .accompaniment_forms import RegistrationAccompanimentForm
from .models import Event, Occurrence, Participation, ProxyRegistration, WaitingListEntry
from .registration_forms import ProxyRegistrationForm
from .services import proxy_register
from .services_accompaniment import accompaniment_request_for_registration

# Dates the "Qui vient" page lists, soonest first (a weekly event has 52 a year).
WHO_COMES_DATES = 12


def _event_for_organisers(request, pk):
    """The event, if the user looks after it; 404 if they may not even see it, else 403."""
    event = get_object_or_404(Event.objects.visible_to(request.user).for_detail(), pk=pk)
    if not event.participants_visible_to(request.user):
        raise PermissionDenied
    return event


def _who_comes_url(event):
    return reverse("events:who-comes", kwargs={"pk": event.pk, "slug": event.slug})


def _dates_in_words(registrations):
    if len(registrations) == 1:
        return registrations[0].occurrence.when_in_words
    return ngettext("pour %(count)s date", "pour %(count)s dates", len(registrations)) % {
        "count": len(registrations)
    }


@login_required
def register_someone(request, pk, slug):
    event = _event_for_organisers(request, pk)
    now = timezone.now()
    occurrences = (
        Occurrence.objects.filter(event=event)
        .upcoming(now)
        .with_attendance()
        .select_related("event")
        .only("start", "end", "event__all_day", "event__capacity")
        .order_by("start")
    )
    can_register = event.status == Event.Status.PUBLISHED
    form = ProxyRegistrationForm(request.POST or None, event=event, occurrences=occurrences)
    if request.method == "POST" and can_register and form.is_valid():
        try:
            result = proxy_register(
                person=form.instance, occurrences=form.chosen_dates(), registered_by=request.user
            )
        except ValidationError as error:
            form.add_error("date", error.messages[0])
        else:
            person = result.registered[0].first_name
            when = _dates_in_words(result.registered)
            messages.success(
                request,
                _("C'est noté : inscription de %(person)s à « %(title)s », %(when)s.")
                % {"person": person, "title": event.title, "when": when},
            )
            if result.full:
                full = " ; ".join(occurrence.when_in_words for occurrence in result.full)
                messages.warning(
                    request,
                    _("Ces dates sont complètes, sans inscription de %(person)s : %(dates)s.")
                    % {"person": person, "dates": full},
                )
            return redirect(_who_comes_url(event))
    return render(
        request,
        "events/register_someone.html",
        {
            "event": event,
            "form": form,
            "can_register": can_register,
            "has_dates": occurrences.exists() if can_register else False,
            "who_comes_url": _who_comes_url(event),
        },
    )


@login_required
def who_comes(request, pk, slug):
    event = _event_for_organisers(request, pk)
    occurrences = (
        Occurrence.objects.filter(event=event)
        .upcoming()
        .with_attendance()
        .with_waiting_list()
        .order_by("start")
    )
    only = request.GET.get("date", "")
    if only.isdigit():
        occurrences = occurrences.filter(pk=int(only))
    dates = list(occurrences[:WHO_COMES_DATES])
    by_date = {occurrence.pk: occurrence for occurrence in dates}
    for occurrence in dates:
        occurrence.event = event  # its hours and places need the event: no query per date
        occurrence.member_names, occurrence.registrations, occurrence.in_line = [], [], []
    for occurrence_pk, name in Participation.objects.names_for(dates):
        by_date[occurrence_pk].member_names.append(name)
    for registration in ProxyRegistration.objects.for_who_comes(dates):
        by_date[registration.occurrence_id].registrations.append(registration)
    # The waiting lists, only when some date has one: no query otherwise.
    with_list = [occurrence for occurrence in dates if occurrence.waiting_list_count]
    for entry in WaitingListEntry.objects.for_who_comes(with_list) if with_list else ():
        by_date[entry.occurrence_id].in_line.append(entry)
    return render(
        request,
        "events/who_comes.html",
        {
            "event": event,
            "dates": dates,
            "one_date": only.isdigit(),
            "can_register": event.status == Event.Status.PUBLISHED,
            "can_ask_accompaniment": event.status == Event.Status.PUBLISHED,
            "breadcrumbs": [
                (_("Agenda"), reverse("events:list")),
                (event.title, event.get_absolute_url()),
                (_("Qui vient"), ""),
            ],
        },
    )


@login_required
def ask_accompaniment(request, pk, slug):
    """ "Demander un accompagnement pour cette personne", from "Qui vient": for the people who may see
    who comes, about someone registered by phone to a coming date of this event."""
    event = _event_for_organisers(request, pk)
    if event.status != Event.Status.PUBLISHED:
        raise PermissionDenied
    wanted = request.POST.get("inscription") or request.GET.get("inscription") or ""
    registration = get_object_or_404(
        ProxyRegistration.objects.filter(
            occurrence__event=event, occurrence__end__gt=timezone.now()
        ).select_related("occurrence"),
        pk=int(wanted) if wanted.isdigit() else None,
    )
    registration.occurrence.event = event
    back = _who_comes_url(event)
    if hasattr(registration, "accompaniment_request"):
        messages.info(
            request,
            _("Un accompagnement est déjà demandé pour %(name)s à cette date.")
            % {"name": registration.first_name},
        )
        return redirect(back)
    form = RegistrationAccompanimentForm(request.POST or None, first_name=registration.first_name)
    if request.method == "POST" and form.is_valid():
        try:
            accompaniment_request_for_registration(
                registration=registration, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "C'est noté : un accompagnement est demandé pour %(name)s. Les personnes "
                    "qui viennent à la même date peuvent proposer leur aide ; vous les verrez dans les "
                    "demandes "
                    "d'accompagnement, et c'est vous qui organisez la suite."
                )
                % {"name": registration.first_name},
            )
            return redirect(back)
    context = {"event": event, "registration": registration, "form": form, "who_comes_url": back}
    return render(
        request, "events/registration_accompaniment_form.html", context, status=400 if form.errors else 200
    )
