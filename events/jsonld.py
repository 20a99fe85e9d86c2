"""schema.org Event as JSON-LD, for search engines and assistants reading the detail page."""

import json
from datetime import timedelta

from django.core.serializers.json import DjangoJSONEncoder
from django.utils.safestring import mark_safe

from tousvoisins.site import absolute_url

# The same escapes as Django's json_script: nothing in the data can close the <script> element.
_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


def _address(event):
    address = {
        "@type": "PostalAddress",
        "addressLocality": event.commune.name,
        "addressRegion": "Loire-Atlantique",
        "addressCountry": "FR",
    }
    if event.address:
        address["streetAddress"] = event.address
    if event.commune.postal_codes:
        address["postalCode"] = event.commune.postal_codes[0]
    return address


def event_data(event, occurrence=None):
    """The dict for one event; `occurrence` (its next date) gives the dates of a recurring one."""
    dated = occurrence or event
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": event.title,
        "url": absolute_url(event),
        "eventStatus": "https://schema.org/EventCancelled"
        if event.is_cancelled
        else "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "isAccessibleForFree": True,
        "location": {
            "@type": "Place",
            "name": event.place_name,
            "address": _address(event),
            "geo": {"@type": "GeoCoordinates", "latitude": event.point.y, "longitude": event.point.x},
        },
        "organizer": {"@type": "Organization", "name": event.organiser_name},
        "keywords": ", ".join(theme.label for theme in event.themes.all()),
        "inLanguage": event.language,
    }
    if event.all_day:
        data["startDate"] = dated.local_start.date()
        data["endDate"] = (dated.local_end - timedelta(days=1)).date()
    else:
        data["startDate"] = dated.local_start
        data["endDate"] = dated.local_end
    # "En bref" first (what a search engine shows of an event), then the presentation: the same
    # order as the iCalendar DESCRIPTION (events.ical).
    description = "\n\n".join(text for text in (event.summary, event.description_text) if text)
    if description:
        data["description"] = description
    if event.picture:
        data["image"] = [absolute_url(event.picture.url)]
    if event.capacity:
        data["maximumAttendeeCapacity"] = event.capacity
    return data


def event_json_ld(event, occurrence=None):
    text = json.dumps(event_data(event, occurrence), cls=DjangoJSONEncoder, ensure_ascii=False, indent=1)
    return mark_safe(text.translate(_SCRIPT_ESCAPES))  # escaped just above
