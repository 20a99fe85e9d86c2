from types import SimpleNamespace

from django.conf import settings
from django.contrib import messages
from django.core.cache import caches
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django_ratelimit.decorators import ratelimit

from accounts.charter import CHARTER_VERSION
from communities.models import Community
from events.models import Occurrence
from news.models import NewsItem
from tousvoisins import fragments
from tousvoisins.cache_backends import cache_is_reachable
from tousvoisins.models import Intercommunalite, Theme

from . import reading_comfort as comfort_cookie
from . import rgaa_audit, services
from .forms import ContactForm, ReadingComfortForm
from .models import ContactMessage

# Shown on the legal notice if the settings lack HOSTING_PROVIDER (the operator fills it in).
DEFAULT_HOSTING_PROVIDER = gettext_lazy("Le site est hébergé sur des serveurs situés en France.")


HOME_NEXT_DATES = 5
HOME_NEWS = 3
HOME_COMMUNITIES = 3


def _next_dates(viewer=None):
    """The next published dates: for a member, those of their intercommunalité and of the thèmes
    they follow ("near", True); when they have neither, or nothing comes there, all of them."""
    dates = Occurrence.objects.published().upcoming().for_cards()
    if viewer is not None and (viewer.territory_id or viewer.themes):
        near = list(dates.near_or_in_themes(viewer.territory_id, viewer.themes)[:HOME_NEXT_DATES])
        if near:
            return near, True
    return list(dates[:HOME_NEXT_DATES]), False


def _communities(viewer=None, user=None):
    """The newest communities; for a member, those of their intercommunalité and thèmes first
    ("près de chez vous", True when the first is one of them), in one query."""
    territory_id, themes = (viewer.territory_id, viewer.themes) if viewer is not None else (None, ())
    communities = list(
        Community.objects.for_cards(user).nearest_first(territory_id, themes, limit=HOME_COMMUNITIES)[
            :HOME_COMMUNITIES
        ]
    )
    return communities, bool(communities and (territory_id or themes) and communities[0].near)


def _shared_blocks(user, territory_id=None, themes=()):
    """The blocks of the home page built from published content alone, rendered without the
    request: {"next_dates", "news", "themes", and "communities" for a visitor}, kept together
    (tousvoisins.fragments: one read of the stamps). Of a member they depend on their
    intercommunalité and thèmes only (`territory_id`, `themes`). Dates start and news get
    published as time passes, with no stamp: a copy lasts as long as a cached anonymous page at
    most (PAGE_CACHE_FRESH_SECONDS)."""
    themes = sorted(themes)
    for_visitor = not user.is_authenticated

    def build():
        near_viewer = SimpleNamespace(territory_id=territory_id, themes=themes)
        next_dates, near = _next_dates(near_viewer)
        news = list(NewsItem.objects.latest_published(HOME_NEWS))
        blocks = {
            "next_dates": render_to_string(
                "pages/includes/home_next_dates.html",
                {"next_dates": next_dates, "next_dates_near": near, "viewer": near_viewer},
            ),
            "news": render_to_string("pages/includes/home_news.html", {"latest_news": news}),
            "themes": render_to_string(
                "pages/includes/home_themes.html", {"themes": list(Theme.objects.all())}
            ),
        }
        if for_visitor:
            blocks["communities"] = _communities_html(None, user)
        return blocks

    seconds = settings.PAGE_CACHE_FRESH_SECONDS
    key = (for_visitor, territory_id, themes)
    blocks = fragments.kept(
        "pages/home", build, areas=("agenda", "news", "communities"), key=key, seconds=seconds
    )
    return {f"{name}_html": mark_safe(html) for name, html in blocks.items()}  # rendered by templates


def _communities_html(viewer, user):
    communities, near = _communities(viewer, user)
    context = {"communities": communities, "communities_near": near}
    return render_to_string("pages/includes/home_communities.html", context)


def _member_blocks(user):
    """What of the home page is the member's own: who shares their interests, their communities
    ("(vous en êtes membre)"), and what their next dates depend on (kept for them alone)."""
    from profiles import cards
    from profiles.kept_matches import suggested
    from profiles.matching import HOME_MATCHES, viewer_for

    viewer = viewer_for(user)
    return {
        "matches": cards.card_list(suggested(viewer, limit=HOME_MATCHES), cards.SHARED_INTERESTS_INTRO),
        "communities_html": mark_safe(_communities_html(viewer, user)),  # rendered by a template
        "territory_id": viewer.territory_id,
        "themes": viewer.themes,
    }


def home(request):
    user = request.user
    if not user.is_authenticated:
        return render(request, "pages/home.html", _shared_blocks(user))
    from profiles import cards

    # "Qui partage mes centres d'intérêt ?", the member's communities, then the shared blocks.
    mine = cards.kept_for_member(
        user, "pages/home-member", lambda: _member_blocks(user), areas=(cards.AREA, "communities")
    )
    context = {**_shared_blocks(user, mine["territory_id"], mine["themes"]), **mine}
    return render(request, "pages/home.html", context)


def health(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return JsonResponse({"statut": "indisponible", "base_de_donnees": False}, status=503)
    # Without Redis every server still serves (tousvoisins.cache_backends), slower and without rate
    # limits: 200, so that a load balancer keeps them all, but "degrade" for the monitoring.
    if not cache_is_reachable(caches["default"]):
        return JsonResponse({"statut": "degrade", "base_de_donnees": True, "cache": False})
    return JsonResponse({"statut": "ok", "base_de_donnees": True, "cache": True})


def legal_notice(request):
    hosting = getattr(settings, "HOSTING_PROVIDER", "") or DEFAULT_HOSTING_PROVIDER
    return render(request, "pages/mentions_legales.html", {"hosting_provider": hosting})


def accessibility(request):
    return render(request, "pages/accessibilite.html", {"audit": rgaa_audit.current_audit()})


def territory_list(request):
    territories = list(Intercommunalite.objects.for_territory_pages())
    return render(request, "pages/territory_list.html", {"territories": territories})


def territory_detail(request, siren):
    territory = get_object_or_404(Intercommunalite.objects.for_territory_pages(), siren=siren)
    return render(request, "pages/territory_detail.html", {"territory": territory})


def charter(request):
    return render(request, "pages/charte.html", {"charter_version": CHARTER_VERSION})


def _initial_contact(request):
    initial = {}
    subject = request.GET.get("sujet", "")
    if subject in ContactMessage.Subject.values:
        initial["subject"] = subject
    if request.GET.get("page"):
        initial["page_url"] = request.GET["page"][:300]
    if request.user.is_authenticated:
        initial["email"] = request.user.email
        initial["name"] = request.user.get_full_name() or request.user.username
    return initial


@ratelimit(key="ip", rate="5/h", method="POST", block=False)
def contact(request):
    form = ContactForm(request.POST or None, initial=_initial_contact(request))
    if request.method == "POST":
        if getattr(request, "limited", False):
            # What the person typed stays in the form; they can copy it or send it later.
            return render(request, "pages/contact.html", {"form": form, "limited": True}, status=429)
        if form.is_valid():
            if not form.is_spam:
                fields = {name: form.cleaned_data[name] for name in ContactForm.Meta.fields}
                services.contact_message_send(**fields, user=request.user)
            # A robot gets the same answer as a person, so it learns nothing.
            return redirect("pages:contact-sent")
    return render(request, "pages/contact.html", {"form": form})


def contact_sent(request):
    return render(request, "pages/contact_sent.html")


def _safe_next(request):
    """The page the reader came from, when it is a page of this site; "" otherwise."""
    url = request.POST.get("next") or request.GET.get("next") or ""
    if url and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return url
    return ""


def reading_comfort(request):
    next_url = _safe_next(request)
    if request.method == "POST" and "reinitialiser" in request.POST:
        response = redirect(next_url or "pages:home")
        comfort_cookie.forget(response)
        messages.success(request, _("Le site s'affiche de nouveau comme d'habitude."))
        return response
    current = comfort_cookie.ReadingComfort.from_request(request)
    form = ReadingComfortForm(request.POST or None, initial=ReadingComfortForm.initial_from(current))
    if request.method == "POST" and form.is_valid():
        response = redirect(next_url or "pages:home")
        comfort_cookie.remember(response, form.comfort(), secure=settings.SESSION_COOKIE_SECURE)
        messages.success(
            request,
            _(
                "Vos réglages de lecture sont enregistrés. Pour les changer, "
                "suivez le lien « Confort de lecture » en haut de chaque page."
            ),
        )
        return response
    return render(request, "pages/confort_de_lecture.html", {"form": form, "next_url": next_url})
