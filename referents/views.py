from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import get_template
from django.urls import reverse
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.safestring import mark_safe
from django.views.generic import ListView
from django_ratelimit.core import is_ratelimited

from events.models import Occurrence
from tousvoisins import fragments
from tousvoisins.commune_lookup import Lookup, find_commune, split_query
from tousvoisins.lib import normalize_place_name
from tousvoisins.models import Commune
from tousvoisins.pagination import KeptCountPaginator

from . import maps
from .forms import DirectoryFilterForm, VisitorContactForm, contact_form
from .models import Referent, prefetch_cards
from .services import referent_message_send

# Messages to referents: per connection (a shared computer in a library counts once) and per account.
CONTACT_LIMITS = [
    ("referent-contact-ip", "ip", "6/h"),
    (
        "referent-contact-account",
        "user",
        lambda group, request: "4/h" if request.user.is_authenticated else None,
    ),
]
NEXT_EVENTS = 5
# Where someone who would like to become a referent writes to.
VOLUNTEER_URL = "/contact/?sujet=benevole"
CARD_TEMPLATE = "referents/includes/card.html"
DETAIL_TEMPLATE = "referents/includes/detail_body.html"


def card_rows(referents):
    """The referents, each with its card as `card_html` (kept: tousvoisins.fragments). A card shows
    the referent, their scope (accounts.Scope bumps the "referents" stamp too) and permanences."""
    return fragments.attach(
        CARD_TEMPLATE,
        referents,
        name="card_html",
        areas=("referents",),
        key=lambda referent: referent.pk,
        context=lambda referent: {"referent": referent, "level": 3},
        prepare=prefetch_cards,
    )


def directory_cards(pks, read):
    """The cards of the referents `pks` (kept as card_rows() keeps them); `read`: referents
    already read, by primary key; the others whose card is not kept are read for it."""

    def prepare(missing):
        unread = [pk for pk in missing if pk not in read]
        if unread:
            read.update(
                (referent.pk, referent) for referent in Referent.objects.filter(pk__in=unread).for_rows()
            )
        prefetch_cards([read[pk] for pk in missing])

    return fragments.rows(
        CARD_TEMPLATE,
        pks,
        areas=("referents",),
        key=lambda pk: pk,
        context=lambda pk: {"referent": read[pk], "level": 3},
        prepare=prepare,
    )


def filters_html(template_name, form, request):
    """The filter form, kept per query string: what was typed and its errors are its only input
    besides the thèmes and intercommunalités (the thèmes' stamp)."""
    has_query = bool(request.GET)
    return fragments.block(
        template_name,
        {"form": form, "has_query": has_query},
        areas=(),
        key=(has_query, fragments.query_key(request.GET)),
    )


# What decides who is listed: the referents' own rows, scopes and permanences ("referents") and
# their accounts, whose closing or deactivation renews the members' stamp (profiles.cards).
LIST_AREAS = ("referents", "members")


def filters_key(form):
    """The valid filters as a short text (objects by their identifier)."""
    filters = form.filters()
    theme, territory = filters.get("theme"), filters.get("territoire")
    return f"{theme.slug if theme else ''}|{territory.siren if territory else ''}"


class ReferentPaginator(KeptCountPaginator):
    """The count kept per selection under LIST_AREAS."""

    kept_name, kept_areas = "referents", LIST_AREAS


class ReferentListView(ListView):
    template_name = "referents/referent_list.html"
    context_object_name = "referents"
    paginate_by = 24
    paginator_class = ReferentPaginator

    def get_queryset(self):
        fragments.read_stamps(*LIST_AREAS)
        self.form = DirectoryFilterForm(self.request.GET)
        filters = self.form.filters()
        referents = Referent.objects.active()
        if filters.get("theme"):
            referents = referents.with_theme(filters["theme"])
        if filters.get("territoire"):
            referents = referents.serving(filters["territoire"])
        return referents.for_rows().ordered()

    def get_paginator(self, *args, **kwargs):
        paginator = super().get_paginator(*args, **kwargs)
        paginator.count_key = filters_key(self.form)
        return paginator

    def paginate_queryset(self, queryset, page_size):
        """The primary keys of the page's referents, kept as the count is: per selection and page
        (their cards are kept by primary key; the referents read for the keys serve the cards)."""
        paginator, page, _referents, is_paginated = super().paginate_queryset(queryset, page_size)
        self.read = {}

        def build():
            self.read.update((referent.pk, referent) for referent in page.object_list)
            return list(self.read)

        key = f"{paginator.count_key}|{page.number}"
        page.object_list = fragments.kept("referents:page", build, areas=LIST_AREAS, key=key)
        return paginator, page, page.object_list, is_paginated

    def get_context_data(self, **kwargs):
        context = super().get_context_data(
            form=self.form, filters_in_words=self.form.describe(), volunteer_url=VOLUNTEER_URL, **kwargs
        )
        context["referent_cards"] = directory_cards(context["page_obj"].object_list, self.read)
        context["filters_html"] = filters_html("referents/includes/filters.html", self.form, self.request)
        return context


def _active_referent(pk):
    return get_object_or_404(Referent.objects.active().for_rows(), pk=pk)


def _kept_active_referent(pk):
    """The same for a page that only shows the referent: kept under LIST_AREAS."""
    referent = fragments.kept(
        "referents:referent",
        lambda: Referent.objects.active().for_rows().filter(pk=pk).first(),
        areas=LIST_AREAS,
        key=pk,
    )
    if referent is None:
        raise Http404("Aucun référent ne correspond.")
    return referent


def detail_parts(referent):
    """{"body": the page but the contact form, "area_in_words": …}: the same for everyone, kept
    under the referents' stamp (tousvoisins.fragments); thèmes, intercommunalités and permanences
    are read only to build them."""

    def build():
        prefetch_cards([referent])
        return {
            "body": get_template(DETAIL_TEMPLATE).render({"referent": referent}),
            "area_in_words": referent.area_in_words,
        }

    parts = fragments.kept(DETAIL_TEMPLATE, build, areas=("referents",), key=referent.pk)
    return {**parts, "body": mark_safe(parts["body"])}  # rendered by a template


def visitor_form_html(form, referent):
    """A visitor's empty contact form (its fields, without the CSRF token, which the page adds):
    the same for every visitor, kept per title of the referent (its help texts say "la référente")."""
    # Exactly a visitor's: a member's form (a subclass) is theirs alone.
    if form.is_bound or type(form) is not VisitorContactForm:
        return None
    return fragments.block(
        "includes/form_fields.html", {"form": form}, areas=(), key=("visitor-contact", referent.is_referente)
    )


def referent_detail(request, pk):
    """The referent's card, their permanences and the form to write to them (GET and POST)."""
    fragments.read_stamps(*LIST_AREAS)
    # A message is sent to the referent as they are now; a page that shows them may keep them.
    referent = _active_referent(pk) if request.method == "POST" else _kept_active_referent(pk)
    form = contact_form(request, request.POST or None, referent=referent)
    status = 200
    limited = False
    if request.method == "POST" and form.is_valid():
        limited = _contact_limited(request)
        if limited:
            # What the person typed stays in the form; they can copy it or send it later.
            status = 429
        else:
            if not form.is_spam:
                _send(request, referent, form)
            # A robot gets the same answer as a person, so it learns nothing.
            return redirect("referents:contact-sent", pk=referent.pk)
    context = {
        "referent": referent,
        "detail": detail_parts(referent),
        "form": form,
        "form_fields_html": visitor_form_html(form, referent),
        "limited": limited,
    }
    return render(request, "referents/referent_detail.html", context, status=status)


def _contact_limited(request):
    # Only messages that would leave count; every limit is counted, not just the first reached.
    results = [
        is_ratelimited(request, group=group, key=key, rate=rate, method="POST", increment=True)
        for group, key, rate in CONTACT_LIMITS
    ]
    return any(results)


def _send(request, referent, form):
    data = form.cleaned_data
    referent_message_send(
        referent=referent,
        name=data["name"],
        email=data.get("email") or request.user.email,
        message=data["message"],
        sender=request.user,
    )


def contact_sent(request, pk):
    return render(request, "referents/contact_sent.html", {"referent": _active_referent(pk)})


def referent_map(request):
    permanences = maps.map_permanences()
    context = {
        "territories": maps.territories_with_referents(),
        "permanences": permanences,
        "map_config": {
            "tilesUrl": settings.MAP_TILES_URL,
            "attribution": settings.MAP_TILES_ATTRIBUTION,
            "territoriesUrl": reverse("referents:map-geojson"),
            "volunteerUrl": VOLUNTEER_URL,
            "markers": maps.permanence_markers(permanences),
        },
        "volunteer_url": VOLUNTEER_URL,
    }
    return render(request, "referents/map.html", context)


def territories_geojson(request):
    response = HttpResponse(maps.territories_geojson(), content_type="application/geo+json")
    # Browsers may keep it a little: referents change seldom, and the page works without it.
    patch_cache_control(response, public=True, max_age=300)
    # The words before the names ("Référente") follow the language cookie.
    patch_vary_headers(response, ["Cookie"])
    return response


def serving(territory):
    """The active referents serving `territory`: kept under LIST_AREAS (their scopes and
    permanences bump the referents' stamp, a closed or deactivated account the members')."""
    return fragments.kept(
        "referents:serving",
        lambda: list(Referent.objects.active().serving(territory).for_rows().ordered()),
        areas=LIST_AREAS,
        key=territory.pk,
    )


# The next dates of a territory are said again at most this late: a date that ends leaves the
# list without any stamp changing.
NEXT_DATES_SECONDS = 60


def next_dates_html(territory):
    def build():
        dates = Occurrence.objects.published().upcoming().in_territory(territory).for_cards()[:NEXT_EVENTS]
        return get_template("referents/includes/next_dates.html").render({"next_dates": list(dates)})

    html = fragments.kept(
        "referents:next-dates", build, areas=("agenda",), key=territory.pk, seconds=NEXT_DATES_SECONDS
    )
    return mark_safe(html)  # rendered by a template


def kept_lookup(query, insee):
    """find_commune(), kept under the thèmes' stamp (edits of a commune or an intercommunalité bump
    it): the same entry finds the same communes for everyone. An entry without a postal code is
    kept by its words as find_commune() compares them ("Rezé", "reze"), and what it shows of the
    entry is set afterwards."""
    query = (query or "").strip()[:100]
    code, words = split_query(query)
    if insee or code or not query:
        return fragments.kept(
            "referents:lookup", lambda: find_commune(query, insee), areas=(), key=repr((query, insee))
        )
    key = normalize_place_name(words)
    lookup = fragments.kept(LOOKUP_BY_WORDS, lambda: _lookup_by_words(query, key), areas=(), key=key)
    lookup.query = query
    return lookup


LOOKUP_BY_WORDS = "referents:lookup-words"


def _lookup_by_words(query, key):
    # Most entries are a commune's name: the first entry keeps the answer to each at once.
    fragments.kept("referents:exact-names", _keep_exact_name_lookups, areas=())
    return fragments.kept(LOOKUP_BY_WORDS, lambda: find_commune(query), areas=(), key=key)


def _keep_exact_name_lookups():
    """Keep, in one query, what find_commune() finds for each commune's exact name: that commune
    alone (a name two communes share is left to find_commune())."""
    communes = Commune.objects.select_related("intercommunalite").defer(
        "geometry", "intercommunalite__geometry"
    )
    by_name = {}
    for commune in communes.defer("geometry", "intercommunalite__geometry"):
        by_name[commune.search_name] = None if commune.search_name in by_name else commune
    for name, commune in by_name.items():
        if commune is not None:
            fragments.kept(
                LOOKUP_BY_WORDS, lambda commune=commune: Lookup(commune=commune), areas=(), key=name
            )
    return True


def find_referent(request):
    fragments.read_stamps(*LIST_AREAS, "agenda")
    lookup = kept_lookup(request.GET.get("q", ""), request.GET.get("commune", ""))
    context = {"lookup": lookup, "volunteer_url": VOLUNTEER_URL}
    if lookup.commune is not None:
        territory = lookup.commune.intercommunalite
        referents = card_rows(serving(territory))
        context.update(
            territory=territory,
            territory_referents=[referent for referent in referents if referent.is_territorial],
            thematic_referents=[referent for referent in referents if not referent.is_territorial],
            next_dates_html=next_dates_html(territory),
            agenda_url=maps.agenda_url(territory.siren),
        )
    return render(request, "referents/find.html", context)
