""" "Je m'inscris sur la liste d'attente": a member joins the waiting list of a full date, leaves it,
and takes the place offered to them when one frees (events.services_waiting_list)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from .models import WaitingListEntry
from .models.waiting_list import deadline_in_words, rank_in_words
from .services_waiting_list import waiting_list_join, waiting_list_leave, waiting_offer_confirm
from .views_participation import _back, _occurrence


def _signed_in(request):
    if request.user.is_authenticated:
        return None
    return redirect_to_login(request.path.rsplit("liste-d-attente/", 1)[0])


def _my_entry(request, occurrence):
    """The member's place in line on this date (404 when they are not in line)."""
    entry = get_object_or_404(WaitingListEntry.objects.active(), occurrence=occurrence, user=request.user)
    entry.occurrence = occurrence
    return entry


def attach_waiting_words(next_dates):
    """For the event page: the words of each date's waiting list for the member
    (OccurrenceQuerySet.with_waiting_list), computed here rather than in the template."""
    for occurrence in next_dates:
        rank = getattr(occurrence, "waiting_rank", None)
        occurrence.waiting_rank_in_words = rank_in_words(rank) if rank else ""
        expires = getattr(occurrence, "waiting_expires_at", None)
        occurrence.waiting_deadline_in_words = deadline_in_words(expires) if expires else ""


@require_POST
def join(request, pk, slug):
    if login := _signed_in(request):
        return login
    occurrence = _occurrence(request, pk)
    event = occurrence.event
    try:
        entry, created = waiting_list_join(occurrence=occurrence, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        rank = entry.occurrence.waiting_list.in_line().filter(position__lte=entry.position).count()
        said = (
            _("C'est noté : vous êtes sur la liste d'attente de « %(title)s », %(when)s.")
            if created
            else _("Vous êtes déjà sur la liste d'attente de « %(title)s », %(when)s.")
        ) % {"title": event.title, "when": occurrence.when_in_words}
        then = _("Si une place se libère, nous vous prévenons par e-mail.")
        messages.success(request, f"{said} {rank_in_words(rank)} {then}")
    return _back(request, event)


@require_POST
def leave(request, pk, slug):
    if login := _signed_in(request):
        return login
    occurrence = _occurrence(request, pk)
    entry = _my_entry(request, occurrence)
    was_offered = entry.is_offered
    if waiting_list_leave(entry=entry):
        said = (
            _("C'est noté : vous laissez la place de « %(title)s », %(when)s.")
            if was_offered
            else _("C'est noté : vous n'êtes plus sur la liste d'attente de « %(title)s », %(when)s.")
        )
        messages.success(request, said % {"title": occurrence.event.title, "when": occurrence.when_in_words})
    return _back(request, occurrence.event)


@require_POST
def confirm(request, pk, slug):
    if login := _signed_in(request):
        return login
    occurrence = _occurrence(request, pk)
    entry = _my_entry(request, occurrence)
    title, when = occurrence.event.title, occurrence.when_in_words
    try:
        taken = waiting_offer_confirm(entry=entry)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        if taken:
            messages.success(
                request,
                _("C'est noté : vous participez à « %(title)s », %(when)s.") % {"title": title, "when": when},
            )
        else:
            messages.error(
                request,
                _("Le délai pour confirmer est passé : la place est proposée à la personne suivante."),
            )
    return _back(request, occurrence.event)
