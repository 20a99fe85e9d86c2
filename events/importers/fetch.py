"""Reading a feed: over HTTP without ever hanging, or from an uploaded file, both size-capped."""

import http.client
import time
import urllib.error
import urllib.request
from urllib.parse import urlsplit

from django.utils.functional import lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from .report import decimal, sentence

DEFAULT_TIMEOUT = 10  # seconds, for the whole download
MAX_FEED_BYTES = 5 * 1024 * 1024
USER_AGENT = "TousVoisins44-import/1.0 (agenda du Departement de Loire-Atlantique)"


class FeedError(Exception):
    """The feed could not be read at all; the message (lazy) reads in the reader's language.

    `message` is kept as given, so the report kept on the agenda can still be written in French.
    """

    def __init__(self, message):
        super().__init__(message)
        self.message = message


def fetch_feed(url, timeout=DEFAULT_TIMEOUT, *, max_bytes=MAX_FEED_BYTES):
    """The text of the feed at `url` (http or https), within `timeout` seconds in all.

    Raises FeedError with a French message on any failure: slow or silent server, error
    status, a feed larger than `max_bytes`.
    """
    if urlsplit(url).scheme not in ("http", "https"):
        raise FeedError(_("l'adresse du flux doit commencer par http:// ou https://."))
    too_slow = FeedError(
        sentence(
            _(
                "le serveur de l'agenda n'a pas répondu à temps (plus de %(duration)s). "
                "Nouvel essai au prochain import."
            ),
            duration=_seconds(timeout),
        )
    )
    deadline = time.monotonic() + timeout
    request = urllib.request.Request(url, headers={"User-Agent": USER_AGENT, "Accept": "text/calendar, */*"})
    chunks, size = [], 0
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            # read1() returns after one network read, so a server that trickles bytes slowly
            # still meets the deadline.
            while chunk := response.read1(64 * 1024):
                size += len(chunk)
                if size > max_bytes:
                    raise FeedError(
                        sentence(_("le flux dépasse %(size)s : il n'a pas été lu."), size=_size(max_bytes))
                    )
                if time.monotonic() > deadline:
                    raise too_slow
                chunks.append(chunk)
            charset = response.headers.get_content_charset() or "utf-8"
    except urllib.error.HTTPError as error:
        raise FeedError(
            sentence(_("le serveur de l'agenda a répondu par une erreur (%(code)s)."), code=error.code)
        ) from None
    except TimeoutError:
        raise too_slow from None
    except urllib.error.URLError as error:
        if isinstance(error.reason, TimeoutError):
            raise too_slow from None
        raise FeedError(
            sentence(_("le serveur de l'agenda est injoignable (%(reason)s)."), reason=error.reason)
        ) from None
    except (OSError, http.client.HTTPException, ValueError) as error:
        raise FeedError(sentence(_("le flux n'a pas pu être lu (%(error)s)."), error=error)) from None
    return b"".join(chunks).decode(charset, errors="replace")


def _seconds_now(number):
    """'10 secondes', '0,5 seconde' in French; '10 seconds' in English."""
    return ngettext("%(number)s seconde", "%(number)s secondes", 2 if number >= 2 else 1) % {
        "number": decimal(number)
    }


def _size_now(number):
    if number >= 1024 * 1024:
        return _("%(number)s Mo") % {"number": number // (1024 * 1024)}
    return _("%(number)s ko") % {"number": number // 1024}


# Written when the message is read, in the reader's language.
_seconds = lazy(_seconds_now, str)
_size = lazy(_size_now, str)


def read_uploaded_feed(file, *, max_bytes=MAX_FEED_BYTES):
    """The text of an uploaded iCalendar file (an ExternalAgenda's `file`)."""
    try:
        with file.open("rb") as handle:
            content = handle.read(max_bytes + 1)
    except OSError as error:
        raise FeedError(
            sentence(_("le fichier de l'agenda n'a pas pu être lu (%(error)s)."), error=error)
        ) from None
    if len(content) > max_bytes:
        raise FeedError(
            sentence(_("le fichier dépasse %(size)s : il n'a pas été lu."), size=_size(max_bytes))
        )
    return content.decode("utf-8", errors="replace")
