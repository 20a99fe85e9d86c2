""" "Je participe": a member joins or leaves one date of an event, and finds their dates again."""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django.views.generic import ListView

from .models import Event, Occurrence, Participation
from .services import participation_join, participation_leave


def _occurrence(request, pk):
    """The public event's date chosen in the form (outsiders and unknown dates: 404)."""
    event = get_object_or_404(Event.objects.public().only("pk", "slug", "title", "status", "all_day"), pk=pk)
    date = request.POST.get("date", "")
    occurrence = get_object_or_404(
        Occurrence.objects.filter(event=event), pk=int(date) if date.isdigit() else None
    )
    occurrence.event = event
    return occurrence


def _back(request, event):
    """To the page the member came from (their list), else the event's dates."""
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=False):
        return redirect(target)
    return redirect(event.get_absolute_url() + "#participer")


@require_POST
def join(request, pk, slug):
    if not request.user.is_authenticated:
        return redirect_to_login(request.path.rsplit("participer/", 1)[0])
    occurrence = _occurrence(request, pk)
    event = occurrence.event
    try:
        joined = participation_join(occurrence=occurrence, user=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        when = occurrence.when_in_words
        if joined:
            messages.success(
                request,
                _("C'est noté : vous participez à « %(title)s », %(when)s.")
                % {"title": event.title, "when": when},
            )
        else:
            messages.info(
                request,
                _("Vous participez déjà à « %(title)s », %(when)s.") % {"title": event.title, "when": when},
            )
    return _back(request, event)


@require_POST
def leave(request, pk, slug):
    if not request.user.is_authenticated:
        return redirect_to_login(request.path.rsplit("ne-plus-participer/", 1)[0])
    occurrence = _occurrence(request, pk)
    if participation_leave(occurrence=occurrence, user=request.user):
        title, when = occurrence.event.title, occurrence.when_in_words
        messages.success(
            request,
            _("C'est noté : vous ne participez plus à « %(title)s », %(when)s.")
            % {"title": title, "when": when},
        )
    return _back(request, occurrence.event)


class MyParticipationsView(LoginRequiredMixin, ListView):
    template_name = "events/my_participations.html"
    context_object_name = "participations"
    paginate_by = 20

    def get_queryset(self):
        return Participation.objects.upcoming_for(self.request.user)
