"""The agenda of one intercommunalité for the next four weeks, to print on A4 and pin up in a mairie,
and its large-print version (an HTML page and a PDF) where each regular event appears once."""

from datetime import timedelta
from functools import lru_cache
from itertools import groupby

import segno
from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from PIL import ImageFile

from referents.models import Referent
from tousvoisins import fragments
from tousvoisins.dates import day_in_words
from tousvoisins.models import Intercommunalite
from tousvoisins.site import absolute_url

from .feed_cache import cached_document
from .models import PARIS, Occurrence
from .phones import phone_to_call
from .recurrence import describe_rule

PRINT_DAYS = 28
# A big territory (Nantes Métropole) can have more dates than fit on a few sheets: beyond this
# the page says where to find the rest.
PRINT_LIMIT = 200


def period_in_words(first, last):
    """'du jeudi 26 novembre au mercredi 23 décembre 2026', the year said once when it is one."""
    if first.year != last.year:
        return _("du %(first)s au %(last)s") % {"first": day_in_words(first), "last": day_in_words(last)}
    return _("du %(first)s au %(last)s") % {
        "first": day_in_words(first, year=False),
        "last": day_in_words(last),
    }


@lru_cache(maxsize=64)
def qr_code_data_uri(url):
    """An SVG QR code of `url`, black on white, as a data: URI (CSP allows img-src data:)."""
    # segno writes presentation attributes (stroke, fill), never style="": nothing for the CSP to refuse.
    return segno.make(url, error="m").svg_data_uri(scale=4, border=4, dark="#000", light="#fff")


def _territory(siren):
    """The intercommunalité of `siren` (else 404), kept: its names change with the thèmes' stamp.
    The stamps of the sheet kept next are read in the same round trip."""
    fragments.read_stamps("agenda", "referents")
    territory = fragments.kept(
        "events:print-territory",
        lambda: Intercommunalite.objects.only("siren", "full_name").filter(siren=siren).first(),
        areas=(),
        key=siren,
    )
    if territory is None:
        raise Http404("Aucune intercommunalité ne correspond.")
    return territory


def _occurrences(territory, today, last_day):
    """The period's dates (at most PRINT_LIMIT) and whether there are more."""
    occurrences = list(
        Occurrence.objects.published()
        .in_territory(territory)
        .between(today, last_day)
        .for_cards()[: PRINT_LIMIT + 1]
    )
    return occurrences[:PRINT_LIMIT], len(occurrences) > PRINT_LIMIT


def _sheet_context(territory, today, last_day):
    """What both printed agendas show around their list: the period, the site's address and QR code,
    and the number of the territory referent to call when an event has none of its own."""
    path = reverse("events:list") + "?" + urlencode({"territoire": territory.siren})
    url = absolute_url(path)
    return {
        "territory": territory,
        "period": period_in_words(today, last_day),
        "site_url": url,
        "short_url": url.split("://", 1)[-1],
        "qr_code": qr_code_data_uri(url),
        "territory_referent": Referent.objects.phone_to_call_in(territory),
    }


def print_agenda(request, siren):
    territory = _territory(siren)
    return render(
        request,
        "events/print.html",
        {
            "territory": territory,
            "sheet": kept_sheet("events/includes/print_sheet.html", territory, _sheet),
            "breadcrumbs": [(_("Agenda"), reverse("events:list")), (_("Agenda à imprimer"), "")],
        },
    )


def kept_sheet(template_name, territory, context):
    """A printed agenda's sheet, the same for everyone: rendered without the request and kept
    (tousvoisins.fragments) under the stamps of the agenda and of the referents (the number to
    call) and the day (its four weeks begin today)."""
    return mark_safe(  # rendered by a template
        fragments.kept(
            template_name,
            lambda: render_to_string(template_name, context(territory)),
            areas=("agenda", "referents"),
            key=territory.siren,
            # Up to PRINT_LIMIT dates to render: built by one process for all.
            shared=True,
        )
    )


def _sheet(territory):
    today = timezone.localdate(timezone=PARIS)
    last_day = today + timedelta(days=PRINT_DAYS - 1)
    occurrences, more = _occurrences(territory, today, last_day)
    # An event that began before today (a festival) is printed under today.
    days = [
        (day, list(items))
        for day, items in groupby(
            occurrences, key=lambda occurrence: max(occurrence.local_start.date(), today)
        )
    ]
    context = _sheet_context(territory, today, last_day)
    referent = context["territory_referent"]
    for _day, items in days:
        for occurrence in items:
            occurrence.phone = phone_to_call(occurrence.event, referent)
    return {**context, "days": days, "more": more}


# The large-print programme ---------------------------------------------------------------------


def regular_in_words(event):
    """'tous les mardis de 14 h à 16 h 30, jusqu'au 29 juin 2027', in the reader's language: the
    hours go before the end of the repetition."""
    return describe_rule(
        event.recurrence, dtstart=event.local_start, all_day=event.all_day, hours=event.hours_in_words
    )


def large_print_entries(occurrences, referent):
    """One entry per event, in the order of its first date: a regular event is said once by its
    rule ("tous les mardis de 14 h à 16 h 30"), another by its date."""
    entries, seen = [], set()
    for occurrence in occurrences:
        event = occurrence.event
        if event.pk in seen:
            continue
        seen.add(event.pk)
        when = regular_in_words(event) if event.is_recurring else occurrence.when_in_words
        entries.append({"event": event, "when": when, "phone": phone_to_call(event, referent)})
    return entries


def _large_print_context(siren):
    return _large_print_sheet(_territory(siren))


def _large_print_sheet(territory):
    today = timezone.localdate(timezone=PARIS)
    last_day = today + timedelta(days=PRINT_DAYS - 1)
    occurrences, more = _occurrences(territory, today, last_day)
    context = _sheet_context(territory, today, last_day)
    entries = large_print_entries(occurrences, context["territory_referent"])
    return {
        **context,
        "regular": [entry for entry in entries if entry["event"].is_recurring],
        "once": [entry for entry in entries if not entry["event"].is_recurring],
        "more": more,
        "today": today,
    }


def print_large(request, siren):
    territory = _territory(siren)
    return render(
        request,
        "events/print_large.html",
        {
            "territory": territory,
            "sheet": kept_sheet("events/includes/large_print_sheet.html", territory, _large_print_sheet),
            "breadcrumbs": [
                (_("Agenda"), reverse("events:list")),
                (_("Agenda à imprimer"), reverse("events:print", args=[territory.siren])),
                (_("En gros caractères"), ""),
            ],
        },
    )


def print_large_pdf(request, siren):
    """The same programme as a PDF to download and pin up. WeasyPrint takes a second or more: the
    PDF is kept under the agenda's stamp, the day and the number to call (feed_cache)."""
    context = _large_print_context(siren)
    referent = context["territory_referent"]
    key = "|".join(
        [
            "gros-caracteres.pdf",
            context["territory"].siren,
            context["today"].isoformat(),
            f"{referent.phone}|{referent.phone_hours}" if referent else "-",
        ]
    )
    body = cached_document(key, lambda: render_large_print_pdf(context))
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'inline; filename="agenda-gros-caracteres-{context["territory"].siren}.pdf"'
    )
    return response


def render_large_print_pdf(context):
    # Imported here: WeasyPrint loads Pango when imported, which no other page needs.
    from weasyprint import CSS, HTML

    # WeasyPrint's import makes Pillow accept truncated images in the whole process; our PDFs
    # hold only our own pictures, and the uploads of this process must stay strict.
    ImageFile.LOAD_TRUNCATED_IMAGES = False

    html = render_to_string("events/print_large_pdf.html", context)
    stylesheet = CSS(filename=finders.find("events/print-large.css"))
    # Tagged (RGAA 13.3): a screen reader reads its headings and lists in order.
    return HTML(string=html, base_url=absolute_url("/")).write_pdf(stylesheets=[stylesheet], pdf_tags=True)
