"""Does each useful link still answer? (manage.py check_links, and an admin action.)

A link is asked with HEAD (nothing is downloaded), then with GET if the server refuses HEAD or
answers with an error: some sites answer HEAD badly. A site that answers but refuses robots
(401, 403, 429) is up: it is not counted as a failure, the moderators can open it by hand.
After FAILURES_BEFORE_BROKEN failures in a row the link is flagged broken (the public page then
says the site may be unavailable); the first success clears it.
"""

import http.client
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.utils import timezone

from tousvoisins.site import absolute_url

from .models import FAILURES_BEFORE_BROKEN, Link

DEFAULT_TIMEOUT = 5  # seconds
# Links checked more recently than this are left alone: running the command twice in a row
# (a restarted scheduler) must not count one failure twice.
RECENT = timedelta(hours=20)
# Sites are asked a few at a time: one slow site does not hold the others up.
PARALLEL_CHECKS = 4
REFUSES_ROBOTS = {401, 403, 429}


@dataclass(frozen=True)
class Outcome:
    ok: bool
    status: int | None  # the HTTP status, None when no answer came
    result: str  # in French, for the moderators
    final_url: str = ""


def user_agent():
    return f"TousVoisins44-verification-des-liens/1.0 (+{absolute_url('/liens-utiles/')})"


def timeout():
    return getattr(settings, "LINKS_CHECK_TIMEOUT", DEFAULT_TIMEOUT)


class _NoAnswer(Exception):
    """No HTTP answer at all (unreachable, silent): asking again with GET would not help."""


def _ask(url, method):
    """(status, final URL) of one request; HTTP error statuses are returned, not raised."""
    request = urllib.request.Request(
        url, method=method, headers={"User-Agent": user_agent(), "Accept": "*/*"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout()) as response:
            return response.status, response.geturl()
    except urllib.error.HTTPError as error:
        error.close()
        return error.code, url
    except TimeoutError:
        raise _NoAnswer(f"pas de réponse en {_seconds(timeout())}") from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise _NoAnswer(f"pas de réponse en {_seconds(timeout())}") from None
        raise _NoAnswer(f"site injoignable ({error.reason})") from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise _NoAnswer(f"réponse illisible ({error.__class__.__name__})") from None


def _seconds(number):
    """'5 secondes', '0,5 seconde', as French writes them."""
    return f"{number:g}".replace(".", ",") + (" secondes" if number >= 2 else " seconde")


def probe(url):
    """What the site at `url` answers now (network only: no database)."""
    if urlsplit(url).scheme not in ("http", "https"):
        # urllib would also open file:// or ftp:// addresses: never anything but the web.
        return Outcome(False, None, "L'adresse ne commence pas par https:// ou http://.")
    try:
        status, final_url = _ask(url, "HEAD")
        if status >= 400:
            status, final_url = _ask(url, "GET")
    except _NoAnswer as error:
        return Outcome(False, None, f"Le site ne répond pas : {error}.")
    moved = final_url if final_url.rstrip("/") != url.rstrip("/") else ""
    if status < 400:
        result = f"Le site répond ({status})."
        if moved:
            result = f"Le site répond ({status}), à une nouvelle adresse : vérifiez-la."
        return Outcome(True, status, result, moved)
    if status in REFUSES_ROBOTS:
        return Outcome(
            True,
            status,
            f"Le site répond mais refuse les vérifications automatiques ({status}) : "
            "ouvrez-le pour vérifier.",
        )
    if status in (404, 410):
        return Outcome(False, status, f"La page n'existe plus ({status}).")
    return Outcome(False, status, f"Le site répond par une erreur ({status}).")


def record(link, outcome, *, now=None):
    # Not `updated`: that date says when a moderator last changed the link.
    link.checked_at = now or timezone.now()
    link.check_status = outcome.status
    link.check_result = outcome.result[:300]
    link.redirected_to = outcome.final_url[:500]
    link.failures = 0 if outcome.ok else link.failures + 1
    link.is_broken = link.failures >= FAILURES_BEFORE_BROKEN
    link.save(
        update_fields=[
            "checked_at",
            "check_status",
            "check_result",
            "redirected_to",
            "failures",
            "is_broken",
        ]
    )


def check_links(links):
    """Check every link of `links` (a list or queryset) and record what each answered."""
    links = list(links)
    with ThreadPoolExecutor(max_workers=PARALLEL_CHECKS) as pool:
        outcomes = list(pool.map(probe, [link.url for link in links]))
    now = timezone.now()
    # The database is written from this thread only.
    for link, outcome in zip(links, outcomes, strict=True):
        record(link, outcome, now=now)
    return list(zip(links, outcomes, strict=True))


def due(*, every_link=False, now=None):
    """The active links to check now: those never checked, or not since RECENT."""
    links = Link.objects.active().order_by("pk")
    if every_link:
        return links
    since = (now or timezone.now()) - RECENT
    return links.exclude(checked_at__gte=since)
