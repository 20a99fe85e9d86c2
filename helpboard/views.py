"""The board's pages: the list and a coup de pouce (anyone reads; authors' names for members only),
publishing and changing one, answering, "C'est fait" and reports (members with a verified address)."""

from allauth.account.decorators import verified_email_required
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from django_ratelimit.decorators import ratelimit

from profiles.models import Conversation, get_profile
from profiles.services import CannotWrite
from tousvoisins import fragments
from tousvoisins.report_views import ReportPage, report_form_page

from . import services
from .forms import AnswerForm, DoneForm, HelpFilterForm, HelpForm, ReportForm
from .models import DONE_SHOWN, PER_PAGE, Help, blocks_any

# What the board's kept lists show: the coups de pouce, and their authors' names (profiles).
KEPT_AREAS = ("helpboard", "members")
# What is kept for one member alone (under their own key): no longer than a signed-in visit.
MEMBER_KEPT_SECONDS = 15 * 60

# Per account, beside the daily limit of services.publish_refusal: a robot is slowed at once.
PUBLISH_RATE = "10/h"
ANSWER_RATE = "30/h"
TOO_FAST = _(
    "Vous avez envoyé beaucoup de choses en peu de temps. Attendez une heure. "
    "Ce que vous avez écrit est gardé."
)


def _breadcrumbs(*items):
    return [(_("Coups de pouce"), reverse("helpboard:list")), *items]


def _help_for(user, pk):
    """The coup de pouce if `user` may read it (hidden ones: their author and moderation), else 404."""
    helps = Help.objects.visible_to(user).apart_from_blocks(user).for_cards()
    return get_object_or_404(helps, pk=pk)


def _own_help(user, pk):
    return get_object_or_404(Help.objects.for_cards(), pk=pk, author=user)


# Reading -----------------------------------------------------------------------------------------


def help_list(request):
    # The stamps of everything the page keeps, in one round trip (the form's choices come first).
    fragments.read_stamps(*KEPT_AREAS)
    form = HelpFilterForm(request.GET)
    user = request.user
    show_names = user.is_authenticated
    number = request.GET.get("page")
    if user.is_authenticated and _blocks_any(user):
        page, thanked = _board_apart_from_blocks(form, number, user)
    else:
        page, thanked = _kept_board(form, number, show_names=show_names)
    mine = _mine(user) if user.is_authenticated else []
    context = {
        "form": form,
        "filters_html": _filters_html(form),
        "filters_in_words": form.describe(),
        "page_obj": page,
        "mine": mine,
        "helps": page.object_list,
        "thanked": thanked,
        "show_names": show_names,
    }
    return render(request, "helpboard/help_list.html", context)


def _blocks_any(user):
    """blocks_any(user), kept for this member under the members' stamp: a block made or lifted
    (accounts.Block bumps that stamp) gives a new key at once, and their board is read apart."""
    return fragments.kept(
        "helpboard:blocks",
        lambda: blocks_any(user),
        areas=("members",),
        key=user.pk,
        seconds=MEMBER_KEPT_SECONDS,
    )


def _mine(user):
    """The cards of the member's own open coups de pouce ("Mes coups de pouce"), kept for them
    alone (their key) under the board's and the members' stamps, as the board's cards are."""
    return fragments.kept(
        "helpboard:mine",
        lambda: cards(Help.objects.filter(author=user, status=Help.Status.OPEN).for_cards()[:PER_PAGE], True),
        areas=KEPT_AREAS,
        key=user.pk,
        seconds=MEMBER_KEPT_SECONDS,
    )


def cards(helps, show_names):
    """The HTML of the coups de pouce's cards, in their order."""
    return [help.card_html for help in help_cards(helps, show_names=show_names)]


def _kept_board(form, number, *, show_names):
    """The cards of the page and of "C'est fait" as everyone sees them who blocked nobody and whom
    nobody blocked: the count and the page's cards kept per selection, those of "C'est fait"
    once, under the stamps of the board and of the members (the authors' names); the day is in
    every key (coups de pouce whose last day passed leave the list)."""
    filters = form.filters()
    selection = "&".join(f"{name}={getattr(value, 'pk', value)}" for name, value in sorted(filters.items()))
    current = form.apply(Help.objects.current())
    count = fragments.kept("helpboard:count", current.count, areas=KEPT_AREAS, key=selection)
    page = Paginator(range(count), PER_PAGE).get_page(number)
    start = (page.number - 1) * PER_PAGE
    page.object_list = fragments.kept(
        "helpboard:page",
        lambda: cards(current.for_cards()[start : start + PER_PAGE], show_names),
        areas=KEPT_AREAS,
        key=f"{selection}|{page.number}|{show_names:d}",
    )
    thanked = fragments.kept(
        "helpboard:thanked",
        lambda: cards(Help.objects.thanked().for_cards().order_by("-done_at")[:DONE_SHOWN], show_names),
        areas=KEPT_AREAS,
        key=f"{show_names:d}",
    )
    return page, thanked


def _board_apart_from_blocks(form, number, user):
    """The cards of the page and of "C'est fait" without the coups de pouce of members `user`
    blocked or who blocked `user`: read for them alone."""
    helps = form.apply(Help.objects.current().apart_from_blocks(user)).for_cards()
    page = Paginator(helps, PER_PAGE).get_page(number)
    page.object_list = cards(page.object_list, True)
    thanked = Help.objects.thanked().apart_from_blocks(user).for_cards().order_by("-done_at")[:DONE_SHOWN]
    return page, cards(thanked, True)


def help_cards(helps, *, show_names):
    """The coups de pouce, each with its card as `card_html` (kept: tousvoisins.fragments). A card
    shows its author's name to members: a name changed in a profile (no stamp) is another card."""
    return fragments.attach(
        "helpboard/includes/card.html",
        helps,
        name="card_html",
        areas=("helpboard",),
        key=lambda help: f"{help.pk}:{help.updated.timestamp()}:{help.author_name if show_names else ''}",
        context=lambda help: {"help": help, "level": 3, "show_names": show_names},
        variant="names" if show_names else "",
    )


def _filters_html(form):
    """The filters' fields, kept per choice made: the same for everyone who made it. A form with
    a wrong value (said beside its field) is rendered each time."""
    if not form.is_valid():
        return render_to_string("helpboard/includes/filters.html", {"form": form})
    chosen = {name: form.data.get(name, "") for name in form.fields}
    return fragments.kept(
        "helpboard/includes/filters.html",
        lambda: render_to_string("helpboard/includes/filters.html", {"form": form}),
        areas=("helpboard",),
        key=urlencode(sorted(chosen.items())),
    )


def help_detail(request, pk):
    help = _help_for(request.user, pk)
    user = request.user
    is_author = user.is_authenticated and help.author_id == user.pk
    context = {
        "help": help,
        "is_author": is_author,
        "show_names": user.is_authenticated,
        "is_over": help.is_over(),
        "breadcrumbs": _breadcrumbs((help.summary, "")),
    }
    if is_author:
        context["answers"] = list(help.answers.select_related("responder__profile", "conversation"))
    elif user.is_authenticated:
        context["conversation"] = Conversation.objects.between(user, help.author).first()
    return render(request, "helpboard/help_detail.html", context)


# Writing -----------------------------------------------------------------------------------------


@verified_email_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=PUBLISH_RATE, method="POST", block=False, group="helpboard-publish")
def help_create(request):
    return _help_form(request, Help(), _("Publier un coup de pouce"))


@login_required
@require_http_methods(["GET", "POST"])
def help_edit(request, pk):
    help = _own_help(request.user, pk)
    return _help_form(request, help, _("Modifier mon coup de pouce"))


def _help_form(request, help, heading):
    is_new = help.pk is None
    profile = get_profile(request.user) if is_new else None
    form = HelpForm(
        request.POST or None,
        instance=help,
        profile_commune=profile.commune if profile and profile.commune_id else None,
    )
    error, status = None, 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            error, status = TOO_FAST, 429
        elif form.is_valid():
            try:
                help = services.help_save(
                    help=form.save(commit=False),
                    words=form.cleaned_data["words"],
                    author=request.user if is_new else None,
                )
            except services.Refused as refusal:
                error, status = str(refusal), 403
            else:
                messages.success(
                    request,
                    _("Votre coup de pouce est publié. Les réponses arriveront dans vos messages.")
                    if is_new
                    else _("Votre coup de pouce est modifié."),
                )
                return redirect(help)
    context = {
        "form": form,
        "help": help,
        "heading": heading,
        "error": error,
        "breadcrumbs": _breadcrumbs((heading, "")),
    }
    return render(request, "helpboard/help_form.html", context, status=status)


@verified_email_required
@require_http_methods(["GET", "POST"])
@ratelimit(key="user", rate=ANSWER_RATE, method="POST", block=False, group="helpboard-answer")
def help_answer(request, pk):
    help = _help_for(request.user, pk)
    if help.author_id == request.user.pk:
        raise Http404
    existing = Conversation.objects.between(request.user, help.author).first()
    form = AnswerForm(request.POST or None)
    error, status = None, 200
    if request.method == "POST":
        if getattr(request, "limited", False):
            error, status = TOO_FAST, 429
        elif form.is_valid():
            try:
                message = services.help_answer(
                    help=help, responder=request.user, body=form.cleaned_data["body"]
                )
            except CannotWrite as refusal:
                error, status = str(refusal), 403
            else:
                messages.success(
                    request, _("Votre message est envoyé. La réponse arrivera ici, dans vos messages.")
                )
                return redirect(message.conversation)
    context = {
        "help": help,
        "form": form,
        "error": error,
        "closed": help.is_done or help.is_over(),
        "existing": existing,
        "show_names": True,
        "breadcrumbs": _breadcrumbs((help.summary, help.get_absolute_url()), (_("Répondre"), "")),
    }
    return render(request, "helpboard/help_answer.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def help_done(request, pk):
    help = _own_help(request.user, pk)
    if request.method == "POST" and request.POST.get("action") == "rouvrir":
        services.help_reopen(help=help)
        messages.success(request, _("Votre coup de pouce est de nouveau en cours."))
        return redirect(help)
    form = DoneForm(request.POST or None, initial={"thanks": help.thanks})
    if request.method == "POST" and form.is_valid():
        services.help_done(help=help, thanks=form.cleaned_data["thanks"], now=timezone.now())
        messages.success(
            request,
            _("Bravo ! Votre coup de pouce est marqué « C'est fait ». Votre merci est affiché.")
            if form.cleaned_data["thanks"]
            else _("Bravo ! Votre coup de pouce est marqué « C'est fait »."),
        )
        return redirect(help)
    names = [answer.responder.public_name for answer in help.answers.select_related("responder__profile")]
    context = {
        "help": help,
        "form": form,
        "names": names,
        "breadcrumbs": _breadcrumbs((help.summary, help.get_absolute_url()), (_("C'est fait"), "")),
    }
    return render(request, "helpboard/help_done.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def help_report(request, pk):
    help = _help_for(request.user, pk)
    if help.author_id == request.user.pk:
        raise Http404
    page = ReportPage(
        heading=_("Signaler un coup de pouce"),
        reported_name=_("Son auteur"),
        back_url=help.get_absolute_url(),
        team=_("l'équipe de modération et les référents du thème"),
        stylesheet="helpboard/helpboard.css",
        quote_template="helpboard/includes/reported_help.html",
        context={"reported_help": help},
        breadcrumbs=_breadcrumbs((help.summary, help.get_absolute_url()), (_("Signaler"), "")),
    )
    return report_form_page(
        request,
        form=ReportForm(request.POST or None),
        page=page,
        rate_group="helpboard-report",
        file_report=lambda data: services.report_create(
            reporter=request.user, help=help, reason=data["reason"], details=data["details"]
        ),
    )
