"""The e-mails the periodic jobs send to members; each job is idempotent.

- new messages: one e-mail per member listing their unread messages nobody told them about
  yet (Message.notified_at), however many messages arrived;
- the weekly digest (opt-in): new events of the week in the member's thèmes or
  intercommunalité, and the week's new coups de pouce (helpboard) asking for their savoirs à
  partager or offering their envies d'apprendre, once per ISO week (SentNotification), from
  8 a.m. on Monday;
- reminders: the day before a date the member joined, once per date (SentNotification), from
  8 a.m.
Each e-mail is a template pair in templates/profiles/emails/ and ends with a one-click unsubscribe
link for its kind (tousvoisins.mail).
"""

from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext, ngettext

from tousvoisins.mail import send_templated_email
from tousvoisins.site import absolute_url

from .models import Message, Profile, SentNotification

DIGEST_MAX_EVENTS = 15
DIGEST_MAX_HELPS = 5
# The digest and the reminders wait for the morning (local time): the jobs run every hour, and
# the first run of a day or a week would otherwise send them in the night.
SEND_FROM_HOUR = 8


def _site(path):
    return absolute_url(path)


def _name(profile, user):
    return profile.display_name if profile else user.username


def _in_language_of(user):
    """Words made here for an e-mail (subject, "un membre"…) in the member's language, French
    until they chose one (accounts.User.language, where it exists)."""
    return translation.override(getattr(user, "language", "") or settings.LANGUAGE_CODE)


# New messages ------------------------------------------------------------------------------------


@transaction.atomic
def send_message_notifications(*, now=None):
    """Tell each member about their unread, not yet notified messages; the number of e-mails sent."""
    now = now or timezone.now()
    pending = list(
        Message.objects.to_notify()
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("recipient__profile", "sender__profile")
        .filter(recipient__is_active=True)
        .order_by("recipient_id", "created")
    )
    by_recipient = defaultdict(list)
    for message in pending:
        by_recipient[message.recipient].append(message)
    sent = 0
    for recipient, items in by_recipient.items():
        profile = getattr(recipient, "profile", None)
        if profile is None or profile.message_notifications:
            with _in_language_of(recipient):
                _send_messages_email(recipient, profile, items)
            sent += 1
    # Those who turned the e-mails off are "told" too: turning them on later sends no backlog.
    Message.objects.filter(pk__in=[message.pk for message in pending]).update(notified_at=now)
    return sent


def _send_messages_email(recipient, profile, items):
    senders = defaultdict(int)
    for message in items:
        sender_profile = getattr(message.sender, "profile", None)
        senders[sender_profile.display_name if sender_profile else gettext("un membre")] += 1
    count = len(items)
    send_templated_email(
        "profiles/emails/new_messages",
        {
            "name": _name(profile, recipient),
            "count": count,
            "senders": list(senders.items()),
            "url": _site(reverse("profiles:conversation-list")),
        },
        to=[recipient.email],
        subject=ngettext("%(count)s nouveau message", "%(count)s nouveaux messages", count)
        % {"count": count},
        unsubscribe=(recipient, "messages"),
        about=[message.sender_id for message in items],  # the senders' names
    )


# Weekly digest -----------------------------------------------------------------------------------


def _claim(user, kind, key, now):
    """Record that this e-mail is sent; False when it already was (a second run, a parallel one)."""
    try:
        with transaction.atomic():
            SentNotification.objects.create(user=user, kind=kind, key=key, sent_at=now)
    except IntegrityError:
        return False
    return True


def _digest_events(profile, *, now):
    from events.models import Occurrence

    themes = [theme.pk for theme in profile.themes.all()]
    territory = profile.commune.intercommunalite_id if profile.commune_id else None
    if not themes and territory is None:
        return []
    return list(
        Occurrence.objects.published()
        .upcoming(now)
        .near_or_in_themes(territory, themes)
        .new_since(now - timedelta(days=7))
        .for_digest(DIGEST_MAX_EVENTS)
    )


def _digest_helps(profile, *, now):
    from helpboard.models import Help

    skills = [item.tag_id for item in profile.skill_items.all()]
    wishes = [item.tag_id for item in profile.wish_items.all()]
    territory = profile.commune.intercommunalite_id if profile.commune_id else None
    return list(
        Help.objects.suggested_for(
            user=profile.user,
            skills=skills,
            wishes=wishes,
            territory_id=territory,
            since=now - timedelta(days=7),
            limit=DIGEST_MAX_HELPS,
            today=timezone.localdate(now),
        )
    )


def send_weekly_digest(*, now=None):
    """The week's new events to members who asked for them, once per ISO week; e-mails sent."""
    now = now or timezone.now()
    if timezone.localtime(now).hour < SEND_FROM_HOUR:
        return 0
    year, week, _ = timezone.localdate(now).isocalendar()
    key = f"{year}-S{week:02d}"
    sent = 0
    subscribers = (
        Profile.objects.active()
        .filter(weekly_digest=True)
        .exclude(user__email="")
        .select_related("user", "commune")
        .defer("commune__geometry", "commune__centre")
        .prefetch_related("themes", "skill_items", "wish_items")
        .order_by("pk")
    )
    for profile in subscribers.iterator(chunk_size=500):
        occurrences = _digest_events(profile, now=now)
        helps = _digest_helps(profile, now=now)
        if not (occurrences or helps) or not _claim(
            profile.user, SentNotification.Kind.WEEKLY_DIGEST, key, now
        ):
            continue
        with transaction.atomic(), _in_language_of(profile.user):
            _send_digest(profile, occurrences, helps)
        sent += 1
    return sent


def _digest_item(occurrence):
    """One event: its next date and, for a recurring one, "puis tous les mardis"."""
    event = occurrence.event
    when = occurrence.when_in_words
    if event.recurrence:
        when = gettext("%(when)s, puis %(recurrence)s") % {
            "when": when,
            "recurrence": event.recurrence_in_words,
        }
    return {
        "when": when,
        "title": event.title,
        "commune": event.commune.name,
        "url": _site(event.get_absolute_url()),
    }


def _help_item(help):
    return {
        "kind": help.get_kind_display(),
        "summary": help.summary,
        "place": help.place_name,
        "url": _site(help.get_absolute_url()),
    }


def _send_digest(profile, occurrences, helps=()):
    send_templated_email(
        "profiles/emails/weekly_digest",
        {
            "name": _name(profile, profile.user),
            "events": [_digest_item(occurrence) for occurrence in occurrences],
            "agenda_url": _site("/agenda/"),
            "helps": [_help_item(help) for help in helps],
            "helps_url": _site("/coups-de-pouce/"),
        },
        to=[profile.user.email],
        subject=gettext("Les nouvelles rencontres de la semaine")
        if occurrences
        else gettext("Des coups de pouce pour vous cette semaine"),
        unsubscribe=(profile.user, "lettre"),
    )


# Reminders ---------------------------------------------------------------------------------------


def send_event_reminders(*, now=None):
    """The day before a date a member joined, a reminder, once per member and date; e-mails sent."""
    from events.models import Event, Participation, local_midnight

    now = now or timezone.now()
    if timezone.localtime(now).hour < SEND_FROM_HOUR:
        return 0
    tomorrow = timezone.localdate(now) + timedelta(days=1)
    participations = (
        Participation.objects.filter(
            occurrence__start__gte=local_midnight(tomorrow),
            occurrence__start__lt=local_midnight(tomorrow + timedelta(days=1)),
            occurrence__event__status=Event.Status.PUBLISHED,
            user__is_active=True,
        )
        .filter(Q(user__profile__isnull=True) | Q(user__profile__event_reminders=True))
        .exclude(user__email="")
        .select_related("user__profile", "occurrence__event__commune")
        .defer("occurrence__event__commune__geometry", "occurrence__event__commune__centre")
        .order_by("occurrence__start", "pk")
    )
    sent = 0
    for participation in participations.iterator(chunk_size=500):
        key = f"date-{participation.occurrence_id}"
        if not _claim(participation.user, SentNotification.Kind.EVENT_REMINDER, key, now):
            continue
        with transaction.atomic(), _in_language_of(participation.user):
            _send_reminder(participation)
        sent += 1
    return sent


def _send_reminder(participation):
    user, occurrence = participation.user, participation.occurrence
    event = occurrence.event
    place = ", ".join(part for part in (event.place_name, event.address, event.commune.name) if part)
    send_templated_email(
        "profiles/emails/event_reminder",
        {
            "name": _name(getattr(user, "profile", None), user),
            "event": event,
            "when": occurrence.when_in_words,
            "place": place,
            "url": _site(event.get_absolute_url()),
        },
        to=[user.email],
        subject=gettext("Demain : %(title)s") % {"title": event.title},
        unsubscribe=(user, "rappels"),
    )
