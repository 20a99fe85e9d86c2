"""The communities' pages: the list, a community's page, join and leave in one click, and what
the hosts do (write to the members, the welcome message)."""

from datetime import datetime
from typing import NamedTuple

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods, require_POST

from forum.models import Topic
from tousvoisins import fragments

from . import services
from .forms import CommunityFilterForm, HostMessageForm, WelcomeForm
from .models import Community, Membership

NEXT_DATES = 4
NAMES_SHOWN = 60
LATEST_TOPICS = 5
HOST_MESSAGES = 3
PER_PAGE = 20
# Kept pages (of the list, of a community) are read again at least this often: see kept_cards().
NEXT_DATE_SECONDS = 60


def community_list(request):
    # The stamps of everything the page keeps, in one round trip (the form's choices come first).
    fragments.read_stamps("communities", "agenda")
    form = CommunityFilterForm(request.GET)
    filters = form.filters()
    selection = filters_key(filters)
    count = fragments.kept(
        "communities:count",
        lambda: Community.objects.filtered(filters).count(),
        areas=("communities",),
        key=selection,
    )
    page = Paginator(range(count), PER_PAGE).get_page(request.GET.get("page"))
    cards = kept_cards(filters, selection, page.number)
    mine = my_communities(request.user, [card.pk for card in cards])
    page.object_list = [card.member_html if card.pk in mine else card.html for card in cards]
    context = {
        "form": form,
        "filters_html": filters_html(form),
        "filters_in_words": form.describe(),
        "page_obj": page,
        "paginator": page.paginator,
        "is_paginated": page.has_other_pages(),
        "cards": page.object_list,
    }
    return render(request, "communities/community_list.html", context)


def filters_key(filters):
    """The valid filters as a short text, objects by primary key."""
    return "&".join(f"{name}={getattr(value, 'pk', value)}" for name, value in sorted(filters.items()))


class Card(NamedTuple):
    pk: int
    next_end: datetime | None  # when its next date is over
    html: str
    member_html: str  # with "vous en êtes membre"


def kept_cards(filters, selection, number):
    """The cards of one page of the list (both copies of each: for its members and for the
    others), kept per selection and page under the stamps of "communities" (members, names) and
    "agenda" (next dates). A next date that is over changes no stamp: a copy that holds one is read
    again, and lasts NEXT_DATE_SECONDS at most so that the one after it is kept in its turn."""

    def read():
        start = (number - 1) * PER_PAGE
        communities = list(Community.objects.for_list(filters)[start : start + PER_PAGE])
        others = [community.card_html for community in community_cards(communities)]
        for community in communities:
            community.is_member = True
        members = [community.card_html for community in community_cards(communities)]
        return [
            Card(community.pk, community.next_end, html, member_html)
            for community, html, member_html in zip(communities, others, members, strict=True)
        ]

    cards = fragments.kept(
        "communities:page",
        read,
        areas=("communities", "agenda"),
        key=f"{selection}|{number}",
        seconds=NEXT_DATE_SECONDS,
    )
    now = timezone.now()
    if any(card.next_end is not None and card.next_end <= now for card in cards):
        cards = read()
    return cards


def my_communities(user, pks):
    """The primary keys of those of `pks` that `user` is a member of: one query, none for visitors."""
    if not user.is_authenticated or not pks:
        return set()
    return set(Membership.objects.filter(user=user, community__in=pks).values_list("community_id", flat=True))


def community_cards(communities):
    """The communities, each with its card as `card_html` (kept: tousvoisins.fragments). A card
    counts the members (a stamp of "communities") and gives the next date (of "agenda"); "vous en
    êtes membre" is the same for every member of it, so its members and the others are served two
    copies."""
    return fragments.attach(
        "communities/includes/card.html",
        communities,
        name="card_html",
        areas=("communities", "agenda"),
        key=_card_key,
        context=lambda community: {"community": community, "level": 3},
    )


def _card_key(community):
    # The next date and the count are read on each request anyway: in the key, a date that has
    # just passed (no stamp changes then) gives the card of the one after at once.
    is_member = int(bool(getattr(community, "is_member", False)))
    next_start = community.next_start.timestamp() if community.next_start else ""
    return f"{community.pk}:{is_member}:{community.member_count}:{next_start}"


def filters_html(form):
    """The filters' fields, kept per choice made; a form with a wrong value is rendered each time."""
    if not form.is_valid():
        return render_to_string("communities/includes/filters.html", {"form": form})
    chosen = {name: form.data.get(name, "") for name in form.fields}
    return fragments.kept(
        "communities/includes/filters.html",
        lambda: render_to_string("communities/includes/filters.html", {"form": form}),
        areas=("communities",),
        key=urlencode(sorted(chosen.items())),
    )


def _community_or_404(slug, user=None):
    return get_object_or_404(Community.objects.for_cards(user), slug=slug)


def _breadcrumbs(community, *items):
    return [
        (_("Communautés"), reverse("communities:list")),
        (community.name, community.get_absolute_url() if items else ""),
        *items,
    ]


def community_detail(request, slug):
    user = request.user
    public = kept_public_part(slug)
    if public is None:
        raise Http404
    community = public.community
    is_member = community.has_member(user)
    is_host = user.is_authenticated and user.pk in public.host_ids
    moderates = community.moderated_by(user)
    context = {
        "community": community,
        "is_member": is_member,
        "is_host": is_host,
        "moderates": moderates,
        "dates": public.dates,
        "hosts": public.host_names,
        "breadcrumbs": _breadcrumbs(community),
    }
    if is_member or is_host or moderates:
        context.update(_insiders_context(community))
    if is_host or moderates:
        context.update(_hosts_context(community))
    return render(request, "communities/community_detail.html", context)


class PublicPart(NamedTuple):
    community: Community
    dates: list
    host_ids: frozenset
    host_names: list


def kept_public_part(slug):
    """What a community's page shows to everyone (the community with its count of members, its
    next dates, its hosts), kept under the stamps of "communities", "agenda" and "members" (the
    hosts' names); a copy that holds a date now over is read again, as the list's (kept_cards())."""

    def read():
        community = Community.objects.for_cards().filter(slug=slug).first()
        if community is None:
            return None
        hosts = list(community.hosts.select_related("profile").order_by("pk"))
        return PublicPart(
            community,
            community.upcoming_dates(NEXT_DATES),
            frozenset(host.pk for host in hosts),
            [host.public_name for host in hosts],
        )

    public = fragments.kept(
        "communities:public-part",
        read,
        areas=("communities", "agenda", "members"),
        key=slug,
        seconds=NEXT_DATE_SECONDS,
    )
    if public is not None and any(date.end <= timezone.now() for date in public.dates):
        public = read()
    return public


def _insiders_context(community):
    """What members (and hosts, referents in scope, moderators) see: names, messages, discussion."""
    shown = list(Membership.objects.filter(community=community).names_shown()[:NAMES_SHOWN])
    topics = []
    if community.category_id:
        topics = list(
            Topic.objects.visible().filter(category_id=community.category_id).for_list()[:LATEST_TOPICS]
        )
    return {
        "member_names": [membership.user.public_name for membership in shown],
        "host_messages": list(community.host_messages.select_related("author__profile")[:HOST_MESSAGES]),
        "topics": topics,
    }


def _hosts_context(community):
    """Who comes to the next date and the people without an account, with their phone, to call them."""
    next_date = community.next_date()
    context = {"next_date": next_date, "guests": list(community.guests.all())}
    if next_date is not None:
        context["coming_names"], context["coming_registered"] = community.who_comes(next_date)
    return context


def _back(request, community):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=False
    ):
        return redirect(target)
    return redirect(community)


@require_POST
def join(request, slug):
    community = get_object_or_404(Community, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(community.get_absolute_url())
    if services.community_join(community=community, user=request.user):
        messages.success(
            request, gettext("Bienvenue dans la communauté « %(name)s » !") % {"name": community.name}
        )
        if community.welcome_message:
            messages.info(
                request, gettext("Le mot des hôtes : %(message)s") % {"message": community.welcome_message}
            )
    else:
        messages.info(request, gettext("Vous êtes déjà membre de « %(name)s ».") % {"name": community.name})
    return _back(request, community)


@require_POST
def leave(request, slug):
    community = get_object_or_404(Community, slug=slug)
    if not request.user.is_authenticated:
        return redirect_to_login(community.get_absolute_url())
    if services.community_leave(community=community, user=request.user):
        messages.success(
            request,
            gettext("Vous avez quitté la communauté « %(name)s ». Vous pouvez revenir quand vous voulez.")
            % {"name": community.name},
        )
    return _back(request, community)


def _hosted_or_403(request, slug):
    """The community if the person is one of its hosts (or moderates it); 403 for other members."""
    community = _community_or_404(slug)
    if not (community.has_host(request.user) or community.moderated_by(request.user)):
        raise PermissionDenied(_("Seuls les hôtes de la communauté peuvent faire cela."))
    return community


@login_required
@require_http_methods(["GET", "POST"])
def write_to_members(request, slug):
    community = _hosted_or_403(request, slug)
    form = HostMessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.host_message_send(
            community=community,
            author=request.user,
            subject=form.cleaned_data["subject"],
            body=form.cleaned_data["body"],
        )
        messages.success(
            request, _("Votre message part par e-mail à tous les membres. Il est aussi sur cette page.")
        )
        return redirect(community)
    context = {
        "community": community,
        "form": form,
        "breadcrumbs": _breadcrumbs(community, (_("Écrire aux membres"), "")),
    }
    return render(request, "communities/write_to_members.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def welcome(request, slug):
    community = _hosted_or_403(request, slug)
    form = WelcomeForm(request.POST or None, initial={"welcome_message": community.welcome_message})
    if request.method == "POST" and form.is_valid():
        community.welcome_message = form.cleaned_data["welcome_message"].strip()
        community.updated_by = request.user
        community.save(update_fields=["welcome_message", "updated_by", "updated"])
        messages.success(request, _("Le mot d'accueil est enregistré : chaque nouveau membre le lira."))
        return redirect(community)
    context = {
        "community": community,
        "form": form,
        "breadcrumbs": _breadcrumbs(community, (_("Mot d'accueil"), "")),
    }
    return render(request, "communities/welcome.html", context)
