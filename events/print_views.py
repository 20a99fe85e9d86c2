"""The agenda of one intercommunalité for the next four weeks, to print on A4 and pin up in a mairie."""

from datetime import timedelta
from functools import lru_cache
from itertools import groupby

import segno
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from tousvoisins.dates import day_in_words
from tousvoisins.models import Intercommunalite
from tousvoisins.site import absolute_url

from .models import PARIS, Occurrence

PRINT_DAYS = 28
# A big territory (Nantes Métropole) can have more dates than fit on a few sheets: beyond this
# the page says where to find the rest.
PRINT_LIMIT = 200


def period_in_words(first, last):
    """'du jeudi 26 novembre au mercredi 23 décembre 2026', the year said once when it is one."""
    if first.year != last.year:
        return f"du {day_in_words(first)} au {day_in_words(last)}"
    return f"du {day_in_words(first, year=False)} au {day_in_words(last)}"


@lru_cache(maxsize=64)
def qr_code_data_uri(url):
    """An SVG QR code of `url`, black on white, as a data: URI (CSP allows img-src data:)."""
    # segno writes presentation attributes (stroke, fill), never style="": nothing for the CSP to refuse.
    return segno.make(url, error="m").svg_data_uri(scale=4, border=4, dark="#000", light="#fff")


def print_agenda(request, siren):
    territory = get_object_or_404(Intercommunalite.objects.only("siren", "full_name"), siren=siren)
    today = timezone.localdate(timezone=PARIS)
    last_day = today + timedelta(days=PRINT_DAYS - 1)
    occurrences = list(
        Occurrence.objects.published()
        .in_territory(territory)
        .between(today, last_day)
        .for_cards()[: PRINT_LIMIT + 1]
    )
    more = len(occurrences) > PRINT_LIMIT
    occurrences = occurrences[:PRINT_LIMIT]
    # An event that began before today (a festival) is printed under today.
    days = [
        (day, list(items))
        for day, items in groupby(
            occurrences, key=lambda occurrence: max(occurrence.local_start.date(), today)
        )
    ]
    path = reverse("events:list") + "?" + urlencode({"territoire": territory.siren})
    url = absolute_url(path)
    return render(
        request,
        "events/print.html",
        {
            "territory": territory,
            "days": days,
            "more": more,
            "period": period_in_words(today, last_day),
            "site_url": url,
            "short_url": url.split("://", 1)[-1],
            "qr_code": qr_code_data_uri(url),
            "breadcrumbs": [("Agenda", reverse("events:list")), ("Agenda à imprimer", "")],
        },
    )
