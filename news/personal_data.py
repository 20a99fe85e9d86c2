"""What the news hold about a member (the items they wrote), for accounts.gdpr.

News are written by referents and moderators for everyone: when an author closes their account
the items stay, no longer tied to the account, and signed by the team when they carried the
author's own name.
"""

from tousvoisins import content_stamp
from tousvoisins.site import absolute_url

from .models import TEAM_SIGNATURE, NewsItem


def export_user_data(user):
    items = NewsItem.objects.filter(author=user).only(
        "title", "slug", "status", "published_at", "signature", "created"
    )
    return {
        "actualites_redigees": [
            {
                "titre": item.title,
                "statut": item.get_status_display(),
                "date_de_publication": item.published_at.isoformat(),
                "signature": item.signature,
                "adresse_sur_le_site": absolute_url(item),
                "creee_le": item.created.isoformat(),
            }
            for item in items.order_by("created", "pk")
        ]
    }


def erase_user_data(user):
    names = {user.username, user.first_name.strip(), user.get_full_name().strip(), user.public_name}
    referent = getattr(user, "referent", None)
    if referent is not None:
        names.add(referent.public_name)
    names.discard("")
    mine = NewsItem.objects.filter(author=user)
    mine.filter(signature__in=names).update(signature=TEAM_SIGNATURE)
    mine.update(author=None)
    content_stamp.bump("news")
