"""Members propose events; a proposal waits for a referent (events.admin) and its proposer
follows it under "mes propositions", changes it while it waits, or withdraws it."""

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.generic import ListView
from django_ratelimit.decorators import ratelimit

from tousvoisins.models import Commune

from .models import Event
from .proposal_forms import ProposalForm
from .services import event_propose, event_withdraw

# Proposals and changes a member may send in an hour: plenty for a person, little for a robot.
PROPOSALS_RATE = "10/h"


def _proposals_rate(group, request):
    """ "Relire mon texte" sends nothing: it is not counted."""
    return None if "relire" in request.POST else PROPOSALS_RATE


def _own_proposal(request, pk):
    """The member's own event (others answer 404), with what its pages show."""
    return get_object_or_404(Event.objects.for_detail(), pk=pk, proposed_by=request.user)


def _still_pending(request, event):
    if event.status == Event.Status.PROPOSED:
        return True
    messages.error(
        request,
        _(
            "« %(title)s » a déjà été relue par un référent : elle ne peut plus être changée ici. "
            "Pour une correction, écrivez-nous par la page « Nous écrire »."
        )
        % {"title": event.title},
    )
    return False


def _hints_message(form):
    """After sending: the readability hints, for a text the member may still change."""
    parts = [
        _("%(label)s : %(hints)s")
        % {"label": form[name].label, "hints": " ".join(hint.message for hint in hints)}
        for name, hints in form.readability_hints.items()
    ]
    if not parts:
        return ""
    return _(
        "Conseils pour un texte facile à lire (rien ne manque, c'est facultatif). %(hints)s "
        "Vous pouvez changer votre texte tant qu'un référent ne l'a pas relu : lien « Modifier », ci-dessous."
    ) % {"hints": " ".join(parts)}


def _proposal_page(request, form, *, event=None):
    limited = request.method == "POST" and getattr(request, "limited", False)
    checking = request.method == "POST" and "relire" in request.POST and not limited
    if checking:
        # "Relire mon texte": the hints, nothing sent, nothing said wrong yet.
        form.check_text()
    elif request.method == "POST" and not limited and form.is_valid():
        try:
            saved = event_propose(
                proposer=request.user,
                event=form.save(commit=False),
                themes=form.cleaned_data["themes"],
                picture=form.picture,
                remove_picture=form.cleaned_data.get("remove_picture", False),
            )
        except ValidationError as error:
            form.add_model_errors(error)
        else:
            form.forget_kept_picture()
            if event is None:
                message = _(
                    "Merci ! « %(title)s » est envoyée. Un référent va la relire : vous recevrez un "
                    "e-mail quand elle sera publiée."
                ) % {"title": saved.title}
            else:
                message = _("Vos changements de « %(title)s » sont enregistrés.") % {"title": saved.title}
            messages.success(request, message)
            if hints := _hints_message(form):
                messages.info(request, hints)
            return redirect("events:my-proposals")
    if form.is_bound and not limited and not checking:
        form.keep_picture()
    context = {
        "form": form,
        "event": event,
        "limited": limited,
        "checking": checking,
        "commune_names": Commune.objects.order_by("search_name").values_list("name", flat=True),
    }
    return render(request, "events/proposal_form.html", context)


@verified_email_required
@ratelimit(key="user_or_ip", rate=_proposals_rate, method="POST", block=False)
def propose(request):
    form = ProposalForm(request.POST or None, request.FILES or None, owner=request.user)
    return _proposal_page(request, form)


@login_required
@ratelimit(key="user_or_ip", rate=_proposals_rate, method="POST", block=False)
def edit_proposal(request, pk):
    event = _own_proposal(request, pk)
    if not _still_pending(request, event):
        return redirect("events:my-proposals")
    form = ProposalForm(request.POST or None, request.FILES or None, instance=event, owner=request.user)
    return _proposal_page(request, form, event=event)


@login_required
def withdraw_proposal(request, pk):
    event = _own_proposal(request, pk)
    if not _still_pending(request, event):
        return redirect("events:my-proposals")
    if request.method == "POST":
        event_withdraw(event=event)
        messages.success(request, _("Votre proposition « %(title)s » est retirée.") % {"title": event.title})
        return redirect("events:my-proposals")
    return render(request, "events/proposal_withdraw.html", {"event": event})


class MyProposalsView(LoginRequiredMixin, ListView):
    template_name = "events/my_proposals.html"
    context_object_name = "events"
    paginate_by = 20

    def get_queryset(self):
        return (
            Event.objects.filter(proposed_by=self.request.user)
            .select_related("commune")
            .defer("search_vector", "description", "commune__geometry")
            .order_by("-created", "-pk")
        )
