"""Members' profiles, what they like, share and want to learn, their conversations and reports.

One module per concept, all importable from `profiles.models`. Blocking a member is in
accounts (accounts.models.Block): the forum and the messages both use it; so are the sign-up
records and the identifications kept after an account is closed (accounts.gdpr).
"""

from .matches import KeptMatches
from .messages import Conversation, ConversationQuerySet, Message, MessageQuerySet
from .notifications import SentNotification
from .profile import (
    COMMUNE_FIELDS,
    Profile,
    ProfileQuerySet,
    card_interests,
    display_name_for,
    get_profile,
    photo_path,
)
from .reports import Report
from .tags import InterestItem, SkillItem, Tag, TagQuerySet, WishItem

__all__ = [
    "COMMUNE_FIELDS",
    "Conversation",
    "ConversationQuerySet",
    "InterestItem",
    "KeptMatches",
    "Message",
    "MessageQuerySet",
    "Profile",
    "ProfileQuerySet",
    "Report",
    "SentNotification",
    "SkillItem",
    "Tag",
    "TagQuerySet",
    "WishItem",
    "card_interests",
    "display_name_for",
    "get_profile",
    "photo_path",
]
