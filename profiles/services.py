"""Writes with side effects: saving a profile with its tags and photo, messages, blocks, reports."""

from datetime import timedelta

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _

from accounts.models import Block
from accounts.newcomers import is_new_account
from tousvoisins import content_stamp

from .models import Conversation, Message, Profile, Report, Tag

# New accounts (accounts.newcomers) may start few conversations a day.
NEW_ACCOUNT_DAILY_CONVERSATIONS = 3
DAILY_CONVERSATIONS = 20

NOT_RECEIVING = _("Ce membre ne reçoit pas de messages pour le moment.")
YOU_BLOCKED = _("Vous avez bloqué ce membre. Pour écrire à cette personne, débloquez-la d'abord.")


class CannotWrite(Exception):
    """Why a message cannot leave, in words for the sender."""


# Profiles ----------------------------------------------------------------------------------------


@transaction.atomic
def profile_update(*, profile, commune, themes, tag_labels, photo=None):
    """Save a profile whose plain fields are already set, with its commune, thèmes, tags and photo.

    `tag_labels` maps "interests", "skills", "wishes" to shown labels (profiles.tags rules);
    `photo`: a new upload, False to remove the current one, None to keep it.
    """
    profile.commune = commune
    old_photo = profile.photo.name if profile.photo else ""
    if isinstance(photo, UploadedFile):
        profile.photo.save(photo.name, photo, save=False)
    elif photo is False:
        profile.photo = ""
    profile.full_clean(exclude=["user"])
    profile.save()
    profile.themes.set(themes)
    for manager, labels in tag_labels.items():
        getattr(profile, manager).set(Tag.objects.for_labels(labels))
    if old_photo and old_photo != profile.photo.name:
        delete_file_on_commit(profile.photo.storage, old_photo)
    return profile


def delete_file_on_commit(storage, name):
    transaction.on_commit(lambda: storage.delete(name))


# Conversations -----------------------------------------------------------------------------------


def write_refusal(sender, recipient):
    """Why `sender` may not write to `recipient` now (None if they may).

    A member who blocked the sender, or who takes no messages, is described the same way, so
    that nobody learns they were blocked.
    """
    if sender.pk == recipient.pk:
        return gettext("Vous ne pouvez pas vous écrire à vous-même.")
    if Block.objects.filter(blocker=sender, blocked=recipient).exists():
        return YOU_BLOCKED
    profile = Profile.objects.filter(pk=recipient.pk).only("open_to_contact").first()
    if (
        not recipient.is_active
        or profile is None
        or not profile.open_to_contact
        or Block.objects.filter(blocker=recipient, blocked=sender).exists()
    ):
        return NOT_RECEIVING
    return None


def new_conversation_refusal(sender, *, now=None):
    """The daily limit of new conversations, lower for accounts less than a week old."""
    now = now or timezone.now()
    is_new = is_new_account(sender, now=now)
    limit = NEW_ACCOUNT_DAILY_CONVERSATIONS if is_new else DAILY_CONVERSATIONS
    started = Conversation.objects.filter(started_by=sender, created__gt=now - timedelta(days=1)).count()
    if started < limit:
        return None
    if is_new:
        return ngettext(
            "Vous avez déjà commencé %(limit)s conversation ces dernières 24 heures. Pendant sa première "
            "semaine, un compte peut en commencer %(limit)s par jour : cela protège les membres des envois "
            "en masse. Vous pourrez écrire à ce membre demain. Vos conversations en cours restent ouvertes.",
            "Vous avez déjà commencé %(limit)s conversations ces dernières 24 heures. Pendant sa première "
            "semaine, un compte peut en commencer %(limit)s par jour : cela protège les membres des envois "
            "en masse. Vous pourrez écrire à ce membre demain. Vos conversations en cours restent ouvertes.",
            limit,
        ) % {"limit": limit}
    return ngettext(
        "Vous avez déjà commencé %(limit)s conversation ces dernières 24 heures, le plus que le site "
        "permet. Vous pourrez écrire à ce membre demain. Vos conversations en cours restent ouvertes.",
        "Vous avez déjà commencé %(limit)s conversations ces dernières 24 heures, le plus que le site "
        "permet. Vous pourrez écrire à ce membre demain. Vos conversations en cours restent ouvertes.",
        limit,
    ) % {"limit": limit}


@transaction.atomic
def message_send(*, sender, recipient, body, now=None):
    """Send `body` from `sender` to `recipient`, in their conversation (started if needed).

    Raises CannotWrite with the reason, in the active language. The e-mail telling the recipient comes later,
    batched (management command send_message_notifications).
    """
    now = now or timezone.now()
    refusal = write_refusal(sender, recipient)
    if refusal:
        raise CannotWrite(refusal)
    conversation = Conversation.objects.between(sender, recipient).select_for_update().first()
    if conversation is None:
        conversation = _conversation_start(sender, recipient, now=now)
    message = Message(conversation=conversation, sender=sender, recipient=recipient, body=body, created=now)
    message.full_clean()
    message.save()
    conversation.last_message_at = now
    conversation.save(update_fields=["last_message_at"])
    return message


def _conversation_start(sender, recipient, *, now):
    if not Profile.objects.visible_to(sender).filter(pk=recipient.pk).exists():
        raise CannotWrite(NOT_RECEIVING)
    refusal = new_conversation_refusal(sender, now=now)
    if refusal:
        raise CannotWrite(refusal)
    first, second = sorted([sender, recipient], key=lambda user: user.pk)
    try:
        with transaction.atomic():
            return Conversation.objects.create(
                first=first, second=second, started_by=sender, created=now, last_message_at=now
            )
    except IntegrityError:
        # Both wrote to each other at the same moment: one thread all the same.
        return Conversation.objects.between(sender, recipient).select_for_update().get()


def conversation_mark_read(conversation, user, *, now=None):
    """Everything `user` received in `conversation` is read now; how many messages that was."""
    read = (
        Message.objects.unread_for(user)
        .filter(conversation=conversation)
        .update(read_at=now or timezone.now())
    )
    if read:
        content_stamp.bump_member(user.pk)  # their count of unread messages (profiles.unread)
    return read


# Blocks and reports ------------------------------------------------------------------------------


def member_block(*, blocker, blocked):
    if blocker.pk == blocked.pk:
        raise ValidationError(gettext("Vous ne pouvez pas vous bloquer vous-même."))
    Block.objects.get_or_create(blocker=blocker, blocked=blocked)


def member_unblock(*, blocker, blocked):
    Block.objects.filter(blocker=blocker, blocked=blocked).delete()


@transaction.atomic
def report_create(*, reporter, reported_user, reason, details="", message=None):
    """File a report for the moderators; the periodic job send_report_notifications tells them
    (tousvoisins.reports), with the reports of the forum, in one e-mail."""
    report = Report(
        reporter=reporter, reported_user=reported_user, message=message, reason=reason, details=details
    )
    report.full_clean()
    report.save()
    return report
