"""A member's suggestions of members to meet, ranked ahead of their visits.

profiles.matching.ranked() is exact: to find who shares most words with a member, it counts
every member holding one of them. Its cost therefore grows with the membership (measured on the
benchmark's data: the three lists take 22.5–24.5 ms for 20,000 members, 59–70 ms for 100,000),
while the result barely changes from one hour to the next. So each member's best ids are kept
in the database (KeptMatches), and a page ranks live only those members and the profiles saved
since (a new member, new words, a new commune: they show at once); who may be shown (visibility,
blocks, closed accounts), the words shared and the order are those of the moment.

Why that is the exact list: the member's own words and commune are those the ids were ranked
for (or they are ranked again, see below), so a member neither kept nor saved since cannot now
rank better than the kept ones; they can only move up when kept ones drop out (hidden, blocked,
closed, words removed), and KEPT keeps room for that.

When a member's lists are ranked:
- on their first visit, or on the first visit after their own words or commune changed (their
  basis differs): on the page, once, so that a member sees at once what their new words bring;
- when older than FRESH_FOR: the page shows them, and a task ranks them again in the background
  (one at a time: `queued_at`);
- every hour, `manage.py build_member_matches` ranks again, oldest first, those of the members
  who signed in in the last ACTIVE_FOR: a member coming back finds lists of the day.
What the page reads grows with the profiles saved in a day, never with the membership.
"""

import hashlib
from datetime import timedelta

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.db.models import Exists, F, OuterRef, Q
from django.tasks import task
from django.utils import timezone

from . import matching
from .models import InterestItem, KeptMatches, SkillItem, WishItem

# Each list's column, and how many of its best ids are kept: those shown, plus room for members
# who are hidden, blocked or change their words before the next ranking.
COLUMNS = {
    matching.SHARED_INTERESTS: "interests",
    matching.THEY_TEACH_ME: "they_teach_me",
    matching.I_TEACH_THEM: "i_teach_them",
}
KEPT = matching.MATCHES_LIMIT + 8
FRESH_FOR = timedelta(hours=24)
ACTIVE_FOR = timedelta(days=30)
QUEUED_FOR = timedelta(hours=1)  # a task asked for longer ago than this was lost: ask again


def basis(viewer):
    """What a member's lists are ranked for: their words and commune, as a short fingerprint."""
    words = (sorted(viewer.interests), sorted(viewer.skills), sorted(viewer.wishes))
    return hashlib.sha256(repr((viewer.commune_id, words)).encode()).hexdigest()


def suggested(viewer, kind=matching.SHARED_INTERESTS, limit=matching.MATCHES_LIMIT):
    """The `limit` best profiles of one list for `viewer` (from matching.viewer_for), best first,
    as matching.ranked() gives them, read among the member's kept ids."""
    if not getattr(viewer, kind[0]):
        return matching.ranked(viewer, kind, limit)  # no words, no list (and no query)
    kept = _current(viewer)
    return matching.ranked(viewer, kind, limit, among=kept[COLUMNS[kind]], changed_since=kept["built_at"])


def _current(viewer):
    kept = viewer.kept
    if kept is None or kept["basis"] != basis(viewer):
        viewer.kept = build(viewer)
    elif kept["built_at"] < timezone.now() - FRESH_FOR:
        _rank_again_later(viewer)
    return viewer.kept


def build(viewer):
    """Rank the viewer's three lists now and keep their ids, in one query: each list is the
    sub-select of matching.ranked() (its ids, best first), written and returned at once."""
    lists, params = [], []
    for kind in COLUMNS:
        if getattr(viewer, kind[0]):
            sql, list_params = matching.ranked(viewer, kind, KEPT).values("pk").query.sql_with_params()
            lists.append(f"ARRAY({sql})")
            params += list_params
        else:
            lists.append("ARRAY[]::bigint[]")
    columns = list(COLUMNS.values())
    kept = {"basis": basis(viewer), "built_at": timezone.now(), "queued_at": None}
    with connection.cursor() as cursor:
        cursor.execute(
            f"""
            INSERT INTO {KeptMatches._meta.db_table}
                (profile_id, basis, built_at, queued_at, {", ".join(columns)})
            VALUES (%s, %s, %s, NULL, {", ".join(lists)})
            ON CONFLICT (profile_id) DO UPDATE SET
                basis = EXCLUDED.basis, built_at = EXCLUDED.built_at, queued_at = NULL,
                {", ".join(f"{column} = EXCLUDED.{column}" for column in columns)}
            RETURNING {", ".join(columns)}
            """,
            [viewer.user.pk, kept["basis"], kept["built_at"], *params],
        )
        kept.update(zip(columns, cursor.fetchone(), strict=True))
    return kept


def _rank_again_later(viewer):
    """Ask the worker to rank stale lists again, once: the first page to find them stale does."""
    now = timezone.now()
    if viewer.kept["queued_at"] is not None and viewer.kept["queued_at"] > now - QUEUED_FOR:
        return
    claimed = (
        KeptMatches.objects.filter(pk=viewer.user.pk, built_at=viewer.kept["built_at"])
        .exclude(queued_at__gt=now - QUEUED_FOR)
        .update(queued_at=now)
    )
    viewer.kept["queued_at"] = now
    if claimed:
        user_id = viewer.user.pk
        transaction.on_commit(lambda: rank_again.enqueue(user_id=user_id))


@task
def rank_again(user_id):
    """The background half of _rank_again_later (also what build_member_matches does for each)."""
    user = get_user_model().objects.filter(pk=user_id, is_active=True).first()
    if user is not None:
        rank_if_stale(user)


def rank_if_stale(user):
    """Rank a member's lists again unless they are fresh and made for their current words; True if done."""
    viewer = matching.viewer_for(user)
    kept = viewer.kept
    if kept is not None and kept["basis"] == basis(viewer) and kept["built_at"] >= timezone.now() - FRESH_FOR:
        return False
    build(viewer)
    return True


def members_to_rank(now=None):
    """The members whose lists the hourly job ranks again: signed in lately, with at least one
    word, lists missing or older than FRESH_FOR; oldest lists first (never ranked: first)."""
    now = now or timezone.now()
    has_words = Q()
    for items in (InterestItem, SkillItem, WishItem):
        has_words |= Exists(items.objects.filter(content_object_id=OuterRef("pk")))
    return (
        get_user_model()
        .objects.filter(is_active=True, last_login__gte=now - ACTIVE_FOR, profile__isnull=False)
        .filter(has_words)
        .exclude(profile__kept_matches__built_at__gte=now - FRESH_FOR)
        .order_by(F("profile__kept_matches__built_at").asc(nulls_first=True), "pk")
    )
