"""The agenda: events, their dates (occurrences), who comes (members, and people registered by
a referent), and the external agendas imported.

One module per subject; everything is imported from here (`from events.models import Event`).
"""

# French search is the core's; the name stays importable from here.
from tousvoisins.search import SEARCH_CONFIG

from .accompaniment import AccompanimentOffer, AccompanimentRequest, AccompanimentRequestQuerySet
from .base import (
    ACCESSIBILITY,
    ACCESSIBILITY_BY_SLUG,
    DEFAULT_RADIUS_KM,
    FEED_LIMIT,
    HEAVY_EVENT_FIELDS,
    HORIZON,
    MAX_DURATION,
    OCCURRENCE_CARD_FIELDS,
    PARIS,
    Accessibility,
    all_day_bounds,
    local_midnight,
)
from .event import Event, EventQuerySet, ProposedEvent, ProposedEventManager
from .external_agenda import ExternalAgenda
from .feed_text import VeventText
from .occurrence import Occurrence, OccurrenceQuerySet, Participation, ParticipationQuerySet
from .registration import ProxyRegistration, ProxyRegistrationQuerySet
from .waiting_list import WaitingListEntry, WaitingListQuerySet, offer_deadline

__all__ = [
    "ACCESSIBILITY",
    "ACCESSIBILITY_BY_SLUG",
    "DEFAULT_RADIUS_KM",
    "FEED_LIMIT",
    "HEAVY_EVENT_FIELDS",
    "HORIZON",
    "MAX_DURATION",
    "OCCURRENCE_CARD_FIELDS",
    "PARIS",
    "SEARCH_CONFIG",
    "Accessibility",
    "AccompanimentOffer",
    "AccompanimentRequest",
    "AccompanimentRequestQuerySet",
    "Event",
    "EventQuerySet",
    "ExternalAgenda",
    "Occurrence",
    "OccurrenceQuerySet",
    "Participation",
    "ParticipationQuerySet",
    "ProposedEvent",
    "ProposedEventManager",
    "ProxyRegistration",
    "ProxyRegistrationQuerySet",
    "VeventText",
    "WaitingListEntry",
    "WaitingListQuerySet",
    "all_day_bounds",
    "local_midnight",
    "offer_deadline",
]
