"""The dashboard in the admin (moderators: the département; a referent: their scope)."""

import hashlib
import pickle
from functools import partial

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.functional import SimpleLazyObject
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from accounts.scoping import sees_everything
from tousvoisins import fragments

from . import charts, queries
from .csv_files import csv_response
from .ods_files import ods_response
from .periods import PeriodForm
from .shapes import territory_shapes


def _charts(figures):
    dates, themes = figures["dates"], figures["themes"]
    density = figures["density"]
    return {
        "dates": charts.bar_chart(
            dates,
            label_column=0,
            value_columns=[2, 3],
            description=_(
                "Barres horizontales : pour chaque intercommunalité, les dates passées (plein) "
                "puis à venir (hachures), le total écrit au bout. Le tableau suit."
            ),
        ),
        "themes": charts.bar_chart(
            themes,
            label_column=0,
            value_columns=[2, 3],
            description=_(
                "Barres horizontales : pour chaque thème, les dates passées (plein) puis à venir "
                "(hachures), le total écrit au bout. Le tableau suit."
            ),
        ),
        "participations": charts.bar_chart(
            figures["participations"],
            label_column=0,
            value_columns=[1, 2],
            description=_(
                "Barres horizontales : pour chaque mois, les membres inscrits sur le site (plein) "
                "et les personnes inscrites par un référent (hachures). Le tableau suit."
            ),
        ),
        "members": charts.bar_chart(
            figures["members"],
            label_column=0,
            value_columns=[1],
            description=_(
                "Barres horizontales : le nombre de nouveaux membres de chaque mois. Le tableau suit."
            ),
        ),
        "forum": charts.bar_chart(
            figures["forum"],
            label_column=0,
            value_columns=[1],
            description=_(
                "Barres horizontales : le nombre de messages écrits dans chaque catégorie. Le tableau suit."
            ),
        ),
        "map": charts.choropleth(
            territory_shapes(),
            [(pk, row[0], row[3]) for pk, row in zip(density.keys, density.rows, strict=True)],
            title=_("Carte des intercommunalités : dates pour 10 000 habitants"),
            description=_(
                "Chaque intercommunalité est remplie d'un motif selon son nombre de dates pour "
                "10 000 habitants : points (aucune date), rayures, hachures, croisillons (le plus). "
                "La légende donne les valeurs ; le tableau suit."
            ),
        ),
    }


# The tables the charts draw (_charts): nothing else goes into them.
CHARTED = ("dates", "themes", "participations", "members", "forum", "density")


def _kept_charts(figures):
    """The charts, drawn once per process for the same figures (tousvoisins.fragments): a digest
    of the tables they draw tells the copies apart, so a chart always says what its table says."""
    drawn = [
        (table.slug, str(table.title), [str(column) for column in table.columns], table.rows, table.keys)
        for table in (figures[name] for name in CHARTED)
    ]
    digest = hashlib.blake2b(pickle.dumps(drawn), digest_size=16).hexdigest()
    return fragments.kept("dashboard/charts", lambda: _charts(figures), areas=(), key=digest)


def _kept_figures(user, period, query):
    """{"counted": when, "html": the figures' sections (tables and charts)}, built by one process
    for all (the shared cache) and kept in each under the stamps of what they count, the scope,
    the period and the query string of the download links; no longer than the figures may last
    (queries.CACHE_SECONDS after they were counted). A warm page reads no figure at all."""

    def build():
        figures = queries.dashboard_figures(user, period, pending=False)
        counted = figures.pop("counted")
        # Drawn only here: the charts of figures already drawn are kept too.
        charts = SimpleLazyObject(lambda: _kept_charts(figures))
        context = {"tables": figures, "charts": charts, "period": period, "query": query}
        return {"counted": counted, "html": render_to_string("dashboard/includes/figures.html", context)}

    def seconds(kept):
        return queries.CACHE_SECONDS - (timezone.now() - kept["counted"]).total_seconds()

    key = (queries.scope_key(user), period.key, query)
    return fragments.kept(
        "dashboard/figures", build, areas=queries.FIGURE_AREAS, key=key, seconds=seconds, shared=True
    )


def _figures(user, period, language):
    """The tables behind the page, in its language: the page itself shows their kept HTML."""
    with translation.override(language):
        figures = queries.dashboard_figures(user, period)
    figures.pop("counted")
    return figures


def _figure_charts(user, period, language):
    with translation.override(language):
        return _kept_charts(queries.dashboard_figures(user, period, pending=False))


def _pending_rows(user):
    """What waits, read afresh (a referent who just answered must see it gone), each row's HTML
    kept for the same row: everything a row shows is in its key."""
    return fragments.rows(
        "dashboard/includes/pending_row.html",
        queries.waiting(user),
        areas=(),
        key=lambda item: item.key(),
        context=lambda item: {"item": item},
    )


def _admin_frame(request):
    """What the admin's layout reads (AdminSite.each_context()), without the sidebar: its list of
    every model, checked against the member's permissions, cost more than the figures themselves;
    the breadcrumbs lead back to the admin's index, which has that list."""
    site = admin.site
    script_name = request.META["SCRIPT_NAME"]
    return {
        "site_title": site.site_title,
        "site_header": site.site_header,
        "site_url": script_name if site.site_url == "/" and script_name else site.site_url,
        "has_permission": site.has_permission(request),
        "available_apps": [],
        "is_popup": False,
        "is_nav_sidebar_enabled": False,
        "log_entries": site.get_log_entries(request),
    }


def dashboard(request):
    user = request.user
    if not (sees_everything(user) or (user.is_active and user.is_referent)):
        raise PermissionDenied
    form = PeriodForm(request.GET or None)
    period = form.period()
    slug = request.GET.get("tableau")
    if slug:
        # A download of another table needs not read what waits.
        figures = queries.dashboard_figures(user, period, pending=slug == "en-attente")
        for table in figures.values():
            if getattr(table, "slug", None) == slug:
                name = f"tous-voisins-44-{slug}-{period.key}"
                if request.GET.get("format") == "ods":
                    return ods_response(f"{name}.ods", table.title, table.columns, table.rows)
                return csv_response(f"{name}.csv", table.columns, table.rows)
        raise Http404(_("Ce tableau n'existe pas."))
    query = request.GET.copy()
    query.pop("tableau", None)
    query.pop("format", None)
    kept = _kept_figures(user, period, query.urlencode())
    context = {
        **_admin_frame(request),
        "title": _("Tableau de bord"),
        "form": form,
        # What the form shows (values, errors) comes from the query string alone.
        "period_form_html": fragments.block(
            "dashboard/includes/period_form.html", {"form": form}, areas=(), key=fragments.query_key(query)
        ),
        "period": period,
        "pending": queries.empty_pending_table(),
        "pending_rows": _pending_rows(user),
        "counted": kept["counted"],
        "figures_html": mark_safe(kept["html"]),  # rendered by a template
        # Not on the page (its HTML is kept): read only by whoever looks into the context.
        "figures": SimpleLazyObject(partial(_figures, user, period, translation.get_language())),
        "charts": SimpleLazyObject(partial(_figure_charts, user, period, translation.get_language())),
        "department": sees_everything(user),
        "query": query.urlencode(),
        "now": timezone.now(),
    }
    return TemplateResponse(request, "dashboard/dashboard.html", context)
