""" "J'aimerais être accompagné(e)": the request form, the buttons of the event page (withdraw,
offer, accept, "quelqu'un s'en occupe") and the page where the organiser and the referents of the
territory see the requests. Every page works without JavaScript."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from .accompaniment_forms import AccompanimentRequestForm
from .models import AccompanimentOffer, AccompanimentRequest, Event, Occurrence, Participation
from .models.accompaniment import accompaniment_visible_to
from .services_accompaniment import (
    accompaniment_accept,
    accompaniment_mark_handled,
    accompaniment_offer,
    accompaniment_request,
    accompaniment_withdraw,
    write_url,
)


def _pk(value):
    return int(value) if str(value or "").isdigit() else None


def _event(pk):
    return get_object_or_404(Event.objects.public().only("pk", "slug", "title", "status", "all_day"), pk=pk)


def _back(event):
    return redirect(event.get_absolute_url() + "#participer")


def _managed_event(request, pk):
    """The event whose requests this person may look after: others get 403, unknown events 404."""
    event = get_object_or_404(
        Event.objects.visible_to(request.user).only(
            "pk", "slug", "title", "status", "all_day", "proposed_by", "intercommunalite"
        ),
        pk=pk,
    )
    if not accompaniment_visible_to(event, request.user):
        raise PermissionDenied(_("Seuls l'organisateur et les référents du territoire voient ces demandes."))
    return event


@login_required
@require_http_methods(["GET", "POST"])
def ask(request, pk, slug):
    event = _event(pk)
    date = _pk(request.POST.get("date") or request.GET.get("date"))
    occurrence = get_object_or_404(Occurrence.objects.filter(event=event), pk=date)
    occurrence.event = event
    participation = Participation.objects.filter(occurrence=occurrence, user=request.user).first()
    if participation is None:
        messages.error(
            request, _("Pour demander à être accompagné(e), dites d'abord « je participe » à cette date.")
        )
        return _back(event)
    if AccompanimentRequest.objects.filter(participation=participation).exists():
        messages.info(request, _("Vous avez déjà demandé à être accompagné(e) à cette date."))
        return _back(event)
    participation.occurrence = occurrence
    form = AccompanimentRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            accompaniment_request(participation=participation, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(
                request,
                _(
                    "C'est noté : votre demande est enregistrée. Les personnes qui viennent à la même date "
                    "peuvent proposer de vous accompagner ; nous vous écrirons si quelqu'un le propose."
                ),
            )
            return _back(event)
    context = {"event": event, "occurrence": occurrence, "form": form}
    return render(request, "events/accompaniment_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def withdraw(request, pk, slug):
    event = _event(pk)
    mine = get_object_or_404(
        AccompanimentRequest.objects.filter(occurrence__event=event, participation__user=request.user),
        pk=_pk(request.POST.get("demande")),
    )
    accompaniment_withdraw(request=mine)
    messages.success(request, _("C'est noté : votre demande d'accompagnement est retirée."))
    return _back(event)


@login_required
@require_POST
def offer(request, pk, slug):
    event = _event(pk)
    wanted = get_object_or_404(
        AccompanimentRequest.objects.open()
        .filter(occurrence__event=event)
        .select_related("occurrence", "participation__user__profile"),
        pk=_pk(request.POST.get("demande")),
    )
    wanted.occurrence.event = event
    try:
        accompaniment_offer(request=wanted, helper=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _(
                "Merci ! Votre proposition est transmise. Si la personne l'accepte, vous pourrez vous écrire "
                "par la messagerie du site."
            ),
        )
    return _back(event)


@login_required
@require_POST
def accept(request, pk, slug):
    event = _event(pk)
    chosen = get_object_or_404(
        AccompanimentOffer.objects.filter(
            request__occurrence__event=event, request__participation__user=request.user
        ).select_related("helper__profile", "request__occurrence", "request__participation__user__profile"),
        pk=_pk(request.POST.get("proposition")),
    )
    chosen.request.occurrence.event = event
    try:
        accompaniment_accept(offer=chosen)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("C'est noté : %(name)s vous accompagne. Vous pouvez maintenant vous écrire.")
            % {"name": chosen.helper_name},
        )
    return _back(event)


@login_required
@require_POST
def handle(request, pk, slug):
    event = _managed_event(request, pk)
    wanted = get_object_or_404(
        AccompanimentRequest.objects.filter(occurrence__event=event), pk=_pk(request.POST.get("demande"))
    )
    if accompaniment_mark_handled(request=wanted, by=request.user):
        messages.success(request, _("C'est noté : la demande est marquée « quelqu'un s'en occupe »."))
    return redirect("events:accompaniment-list", pk=event.pk, slug=event.slug)


@login_required
def request_list(request, pk, slug):
    """The organiser's and the referents' page: the requests of the coming dates, with their notes."""
    event = _managed_event(request, pk)
    requests = list(AccompanimentRequest.objects.for_event(event))
    for each in requests:
        each.occurrence.event = event
    context = {"event": event, "requests": requests}
    return render(request, "events/accompaniment_list.html", context)


def attach_to_dates(event, next_dates, user):
    """For the event page: on each date the member joined, `my_request` (with its offers),
    `helping` (requests whose helper they are, accepted), `to_help` (others' open requests, each
    with `offered`) and `waiting_count`. One query for the requests, one for their offers, and
    none unless the member joined one of these dates."""
    joined = [occurrence for occurrence in next_dates if getattr(occurrence, "joined", False)]
    for occurrence in next_dates:
        occurrence.my_request, occurrence.helping, occurrence.to_help = None, [], []
    if not joined:
        return
    by_date = {occurrence.pk: occurrence for occurrence in joined}
    now = timezone.now()
    for each in AccompanimentRequest.objects.on_dates(joined, now=now):
        occurrence = by_date[each.occurrence_id]
        offers = list(each.offers.all())
        each.my_offer = next((one for one in offers if one.helper_id == user.pk), None)
        accepted = each.accepted_offer
        if each.requester is not None and each.requester.pk == user.pk:
            occurrence.my_request = each
            if accepted:
                each.write_url = write_url(accepted.helper)
        elif accepted and accepted.helper_id == user.pk:
            each.write_url = write_url(each.requester)
            occurrence.helping.append(each)
        elif each.is_open:
            occurrence.to_help.append(each)
    for occurrence in joined:
        occurrence.waiting_count = len(occurrence.to_help)
