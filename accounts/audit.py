"""The moderation log: who did what to which row, when, and why.

It is Django admin's own history (LogEntry), which already records every addition, change and
deletion made through the admin. This module adds what the admin does not record by itself: its
bulk actions (AuditAdminMixin wraps them) and the moderation done on the public site (forum:
hide or show a post, lock, pin, hide or move a topic). Moderators read it in the admin
("Journal de la modération", accounts.admin.ModerationLogAdmin); referents do not see it, as it
names the other volunteers and the members concerned beyond their scope.
"""

import functools

from django.contrib.admin.models import CHANGE, LogEntry
from django.utils.text import Truncator

REASON_LENGTH = 300


def describe(what, reason=""):
    reason = " ".join((reason or "").split())
    if not reason:
        return what
    return f"{what} Motif : {Truncator(reason).chars(REASON_LENGTH)}"


def moderation_record(*, user, targets, what, reason=""):
    """One line per row acted on: `what` in plain French ("Message masqué."), and the reason given."""
    targets = list(targets)
    if not targets:
        return []
    return LogEntry.objects.log_actions(user.pk, targets, CHANGE, change_message=describe(what, reason))


class AuditedActionsMixin:
    """ModelAdmin mixin: every bulk action that was carried out is written in the moderation log.

    Deletions are left to Django, which logs them itself. An action that answers with a page of
    its own (the form asking for a reason) has done nothing yet: it is logged when that form is sent.
    """

    def get_action(self, action, *args, **kwargs):
        found = super().get_action(action, *args, **kwargs)
        if found is None or found.name == "delete_selected":
            return found
        found.func = _audited(found.func, found.description)
        return found


def _audited(func, description):
    @functools.wraps(func)
    def audited(modeladmin, request, queryset):
        chosen = list(queryset)
        response = func(modeladmin, request, queryset)
        if response is None or response.status_code in (301, 302, 303):
            reason = request.POST.get("reason", "")
            moderation_record(
                user=request.user, targets=chosen, what=f"Action « {description} ».", reason=reason
            )
        return response

    return audited
