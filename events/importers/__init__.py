"""Existing agendas come in: iCalendar feeds (RFC 5545) turned into published events.

`import_calendar(text, ...)` is the seam tests use with committed files; `fetch_feed(url)`
reads a feed over HTTP without ever hanging; `import_agenda(agenda)` does both for an
ExternalAgenda and keeps the report on it.

The rules, each for a reason:
- An event is known by its UID: importing the same feed twice changes nothing. What we would
  write is compared with what is stored first, so an unchanged event is not even saved.
- An entry we cannot use (no start, end before start, a place outside Loire-Atlantique…) is
  left out and reported (in the reader's language; the report kept on the agenda in French);
  the other entries still come in. So does a damaged file:
  bytes after its end, a line that is no property, an event never closed (reading.py). Only a
  text with no VCALENDAR at all is "not an agenda".
- A place is the GEO point when there is one, else a commune named in the LOCATION text (one
  association's feed often covers several towns), else the agenda's default commune. No
  geocoder here: a periodic job must not make one network call per event, and the point must
  be the same from one import to the next.
- An agenda's new events wait in the referents' queue ("proposé") unless the agenda is a
  trusted partner's (ExternalAgenda.publish_directly); once published, they follow the feed.
- Events cancelled in the feed, or gone from it while still to come, are cancelled here with a
  reason, never deleted: people may have said "je participe".
- Recurrence rules (RRULE, EXDATE) are kept in the project's storage (events.recurrence); a rule
  we cannot keep leaves the event at its first date, said in the report. A date of a recurring
  event changed on its own (RECURRENCE-ID) becomes an exception of the rule and an event of its
  own: moved, or cancelled and shown "annulé" on its day (as any cancelled event).
- A referent's refusal here stands: the feed updates the event's content, not that decision.
"""

from .fetch import DEFAULT_TIMEOUT, MAX_FEED_BYTES, FeedError, fetch_feed, read_uploaded_feed
from .importing import CANCELLED_REASON, VANISHED_REASON, import_agenda, import_calendar
from .report import ImportReport

__all__ = [
    "CANCELLED_REASON",
    "DEFAULT_TIMEOUT",
    "MAX_FEED_BYTES",
    "VANISHED_REASON",
    "FeedError",
    "ImportReport",
    "fetch_feed",
    "import_agenda",
    "import_calendar",
    "read_uploaded_feed",
]
