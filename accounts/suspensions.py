"""A member's current suspension as every page shows it (the banner, the forms' notice), kept
(tousvoisins.fragments) under the member's own stamp instead of read on every request.

The copy changes at once when a suspension of theirs is saved, lifted or deleted (the stamp is
bumped), and lasts no longer than the next change the clock brings: the end of the current one,
or the start of one decided ahead. What a suspended member may not do (send anything) is still
decided from the database on every such request (accounts.middleware).
"""

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from tousvoisins import content_stamp, fragments


def shown(user):
    """`user`'s current suspension (the one ending last), or None."""
    current, _until = fragments.kept(
        "accounts/suspension",
        lambda: _current_and_next_change(user),
        areas=(content_stamp.member(user.pk),),
        key=user.pk,
        seconds=_seconds_left,
    )
    return current


def _current_and_next_change(user):
    now = timezone.now()
    pending = list(user.suspensions.filter(ends_at__gt=now, lifted_at__isnull=True).order_by("-ends_at"))
    current = next((suspension for suspension in pending if suspension.starts_at <= now), None)
    changes = [
        suspension.ends_at if suspension.starts_at <= now else suspension.starts_at for suspension in pending
    ]
    return current, min(changes, default=None)


def _seconds_left(value):
    _current, until = value
    if until is None:
        return fragments.KEEP_SECONDS
    return min(fragments.KEEP_SECONDS, max(1, (until - timezone.now()).total_seconds()))


def changed(user_ids):
    """Suspensions of these members changed without their model's signals (QuerySet.update())."""
    for user_id in set(user_ids):
        content_stamp.bump_member(user_id)


def connect():
    """Saved or deleted through the model: the member's copy changes (from AccountsConfig.ready)."""
    from .models import Suspension

    def receiver(sender, instance, raw=False, **kwargs):
        if not raw:
            content_stamp.bump_member(instance.user_id)

    post_save.connect(receiver, sender=Suspension, weak=False, dispatch_uid="suspension-member-stamp:save")
    post_delete.connect(
        receiver, sender=Suspension, weak=False, dispatch_uid="suspension-member-stamp:delete"
    )
