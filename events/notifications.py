"""The e-mails of the agenda: to the proposer of an event, to the referents who review it, and to
the members who said "je participe" when their date moves or is cancelled.

Each is a template pair in templates/events/emails/, queued once the transaction commits
(tousvoisins.mail); never an e-mail address shown.
"""

from collections import defaultdict

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy

from accounts.models import TERRITORY_REFERENTS, THEMATIC_REFERENTS, User
from tousvoisins.dates import when_in_words
from tousvoisins.mail import later, send_templated_email, translated
from tousvoisins.site import absolute_url

from .models import PARIS, Participation


def site_url(path):
    return absolute_url(path)


def send(*, template, subject, to, context, about=()):
    """`about`: the members the e-mail names to its readers (tousvoisins.mail.queue_email)."""
    send_templated_email(f"events/emails/{template}", context, to=to, subject=subject, about=about)


def tell_proposer(event, *, template, subject):
    """E-mail the member who proposed the event; the one told (for the other e-mails to skip), or None."""
    proposer = event.proposed_by
    if proposer is None or not proposer.is_active or not proposer.email:
        return None
    send(
        template=template,
        subject=subject,
        to=[proposer.email],
        context={"event": event, "name": proposer.public_name, "url": site_url(event.get_absolute_url())},
    )
    return proposer


def referents_in_scope(event):
    """Active referents whose thèmes or territory cover the event (they review it)."""
    themes = event.themes.values("pk")
    return (
        User.objects.filter(is_active=True, groups__name__in=[THEMATIC_REFERENTS, TERRITORY_REFERENTS])
        .filter(Q(scope__themes__in=themes) | Q(scope__intercommunalites=event.intercommunalite_id))
        .distinct()
    )


def tell_referents_of_proposal(event):
    emails = list(referents_in_scope(event).exclude(email="").values_list("email", flat=True))
    send(
        template="proposal_to_review",
        subject=translated(gettext_lazy("Une rencontre à relire : %(title)s"), title=event.title),
        to=emails,
        context={"event": event, "admin_url": site_url(reverse("admin:events_proposedevent_changelist"))},
        about=[event.proposed_by_id],  # the organiser's name
    )


def _participants(occurrences, *, already_told=()):
    """{member: [their occurrences among these]}, for the active members who have an address.

    `already_told`: members who get another e-mail for the same cause (the proposer who also
    joined): one e-mail per person.
    """
    by_pk = {occurrence.pk: occurrence for occurrence in occurrences}
    rows = (
        Participation.objects.filter(occurrence_id__in=by_pk, user__is_active=True)
        .exclude(user__email="")
        .exclude(user__in=[member.pk for member in already_told if member is not None])
        # The profile carries the name members chose to show (see User.public_name).
        .select_related("user__profile")
        .order_by("user_id", "occurrence_id")
    )
    members = defaultdict(list)
    for participation in rows:
        members[participation.user].append(by_pk[participation.occurrence_id])
    return members


def _words(event, start, end):
    """The dates in words, written in the e-mail's reader's language (tousvoisins.mail.later)."""
    return later(
        when_in_words, timezone.localtime(start, PARIS), timezone.localtime(end, PARIS), all_day=event.all_day
    )


def tell_participants_of_changes(event, result):
    """Members who joined a date that moved or was removed (SyncResult) learn it, one e-mail each."""
    now = timezone.now()
    changes = {}
    for occurrence in result.updated:
        if occurrence.old_end > now:
            changes[occurrence.pk] = translated(
                gettext_lazy("%(old)s : la rencontre a maintenant lieu le %(new)s."),
                old=_words(event, occurrence.old_start, occurrence.old_end),
                new=_words(event, occurrence.start, occurrence.end),
            )
    for occurrence in result.deleted:
        if occurrence.end > now:
            changes[occurrence.pk] = translated(
                gettext_lazy("%(when)s : cette date est supprimée."),
                when=_words(event, occurrence.start, occurrence.end),
            )
    if not changes:
        return
    moved = [occurrence for occurrence in (*result.updated, *result.deleted) if occurrence.pk in changes]
    url = site_url(event.get_absolute_url())
    for member, occurrences in _participants(moved).items():
        send(
            template="participants_changes",
            subject=translated(gettext_lazy("Changement de date : %(title)s"), title=event.title),
            to=[member.email],
            context={
                "event": event,
                "name": member.public_name,
                "lines": [changes[occurrence.pk] for occurrence in occurrences],
                "url": url,
            },
        )


def tell_participants_of_cancellation(event, *, already_told=()):
    """Members who joined a coming date of a now cancelled event learn it, one e-mail each
    (none to those in `already_told`, who had theirs)."""
    coming = list(event.occurrences.upcoming().only("pk", "start", "end"))
    url = site_url(event.get_absolute_url())
    for member, occurrences in _participants(coming, already_told=already_told).items():
        send(
            template="participants_cancelled",
            subject=translated(gettext_lazy("Annulé : %(title)s"), title=event.title),
            to=[member.email],
            context={
                "event": event,
                "name": member.public_name,
                "dates": [_words(event, occurrence.start, occurrence.end) for occurrence in occurrences],
                "url": url,
            },
        )


# The waiting list -------------------------------------------------------------------------------


def tell_of_offer(entry):
    """A place is offered to `entry` (the first in line): a member is told by e-mail; for a person
    without an account, the member who put them on the list (else the referents of the event)
    is asked to call them. `entry.occurrence.event` is loaded."""
    occurrence = entry.occurrence
    event = occurrence.event
    context = {
        "event": event,
        "when": later(when_in_words, occurrence.local_start, occurrence.local_end, all_day=event.all_day),
        "deadline": later(lambda: entry.deadline_in_words),
        "url": site_url(event.get_absolute_url() + "#participer"),
    }
    if entry.user_id:
        member = entry.user
        if not member.is_active or not member.email:
            return
        send(
            template="waiting_offer",
            subject=translated(gettext_lazy("Une place s'est libérée : %(title)s"), title=event.title),
            to=[member.email],
            context={**context, "name": member.public_name},
        )
        return
    callers = [entry.registered_by] if entry.registered_by and entry.registered_by.is_active else []
    emails = [user.email for user in callers if user.email] or list(
        referents_in_scope(event).exclude(email="").values_list("email", flat=True)
    )
    admin_url = reverse("admin:events_waitinglistentry_change", args=[entry.pk])
    send(
        template="waiting_offer_call",
        subject=translated(
            gettext_lazy("Une place pour %(first_name)s : %(title)s"),
            first_name=entry.first_name,
            title=event.title,
        ),
        to=emails,
        context={**context, "entry": entry, "admin_url": site_url(admin_url)},
    )


def tell_waiting_list_of_cancellation(event, entries):
    """The members in line for dates of `event` now cancelled or removed learn it, one e-mail each."""
    dates = defaultdict(list)
    members = {}
    for entry in entries:
        if entry.user_id and entry.user.is_active and entry.user.email:
            members[entry.user_id] = entry.user
            dates[entry.user_id].append(_words(event, entry.occurrence.start, entry.occurrence.end))
    url = site_url(event.get_absolute_url())
    for user_id, member in members.items():
        send(
            template="waiting_cancelled",
            subject=translated(gettext_lazy("Annulé : %(title)s"), title=event.title),
            to=[member.email],
            context={"event": event, "name": member.public_name, "dates": dates[user_id], "url": url},
        )
