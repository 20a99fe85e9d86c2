"""Writes on the board: publish, change, answer (a private conversation), "C'est fait", hide, report."""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from accounts.newcomers import is_new_account
from profiles.models import Tag
from profiles.services import CannotWrite, message_send

from .models import Answer, Help, Report

# Per rolling day: a person rarely needs more; a new account (accounts.newcomers) much less.
DAILY_HELPS = 10
NEW_ACCOUNT_DAILY_HELPS = 2


class Refused(Exception):
    """An action the rules forbid; its text is said to the person."""


def publish_refusal(author, *, now=None):
    """Why `author` may not publish one more coup de pouce today (None if they may)."""
    now = now or timezone.now()
    is_new = is_new_account(author, now=now)
    limit = NEW_ACCOUNT_DAILY_HELPS if is_new else DAILY_HELPS
    published = Help.objects.filter(author=author, created__gt=now - timedelta(days=1)).count()
    if published < limit:
        return None
    if is_new:
        return gettext(
            "Pendant sa première semaine, un compte peut publier %(limit)s coups de pouce par jour : cela "
            "protège les membres des envois en masse. Vous pourrez en publier un autre demain. "
            "Ce que vous avez écrit est gardé ci-dessous."
        ) % {"limit": limit}
    return gettext(
        "Vous avez déjà publié %(limit)s coups de pouce ces dernières 24 heures, le plus que le site permet. "
        "Vous pourrez en publier un autre demain. Ce que vous avez écrit est gardé ci-dessous."
    ) % {"limit": limit}


@transaction.atomic
def help_save(*, help, words, author=None, now=None):
    """Publish a new coup de pouce (`author` given) or save a changed one, with its words (tags)."""
    if help.pk is None:
        refusal = publish_refusal(author, now=now)
        if refusal:
            raise Refused(refusal)
        help.author = author
        help.created = now or timezone.now()
    help.full_clean()
    help.save()
    help.tags.set(Tag.objects.for_labels(words))
    return help


@transaction.atomic
def help_answer(*, help, responder, body, now=None):
    """Write to the author in the private messages; the answer is remembered. Raises CannotWrite."""
    now = now or timezone.now()
    if help.author_id == responder.pk:
        raise CannotWrite(gettext("C'est votre coup de pouce : vous ne pouvez pas y répondre."))
    if help.is_done or help.is_over(timezone.localdate(now)):
        raise CannotWrite(gettext("Ce coup de pouce est terminé : on ne peut plus y répondre."))
    kind = "votre recherche" if help.kind == Help.Kind.ASK else "votre proposition"
    message = message_send(
        sender=responder,
        recipient=help.author,
        body=f"À propos de {kind} de coup de pouce « {help.summary} » :\n\n{body}",
        now=now,
    )
    Answer.objects.get_or_create(
        help=help, responder=responder, defaults={"conversation": message.conversation, "created": now}
    )
    return message


@transaction.atomic
def help_done(*, help, thanks="", now=None):
    help.status = Help.Status.DONE
    help.done_at = now or timezone.now()
    help.thanks = thanks
    help.save(update_fields=["status", "done_at", "thanks", "updated"])
    return help


@transaction.atomic
def help_reopen(*, help):
    help.status, help.done_at, help.thanks = Help.Status.OPEN, None, ""
    help.save(update_fields=["status", "done_at", "thanks", "updated"])
    return help


def help_hide(*, help, reason):
    help.hidden, help.hidden_reason = True, reason.strip()
    help.save(update_fields=["hidden", "hidden_reason", "updated"])


def help_unhide(*, help):
    help.hidden, help.hidden_reason = False, ""
    help.save(update_fields=["hidden", "hidden_reason", "updated"])


@transaction.atomic
def report_create(*, reporter, help, reason, details=""):
    """Filed for the moderation; send_report_notifications tells them (tousvoisins.reports)."""
    report = Report(reporter=reporter, help=help, reason=reason, details=details)
    report.full_clean()
    report.save()
    return report
