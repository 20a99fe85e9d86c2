"""E-mails about new replies in the topics a member follows, batched: each run of the periodic
job send_forum_notifications sends at most one e-mail per member, listing the topics with new
replies since they were last told (Subscription.notified_until, moved forward by the run, so a
second run sends nothing). Not counted: one's own replies, hidden ones, and those of members one
blocked (accounts.Block). Members who turned these e-mails off (Profile.reply_notifications) get
none, and no backlog when they turn them on again."""

from collections import defaultdict

from django.db import transaction
from django.db.models import Count, Exists, OuterRef, Subquery
from django.urls import reverse
from django.utils import timezone

from accounts.models import Block
from profiles.unsubscribe import footer
from tousvoisins.mail import send_email_on_commit
from tousvoisins.site import absolute_url

from .models import Post, Subscription


def _site(path):
    return absolute_url(path)


def _new_replies(now):
    """The replies a subscription (the outer query) has not been told about."""
    blocked = Block.objects.filter(blocker=OuterRef(OuterRef("user")), blocked=OuterRef("author"))
    return (
        Post.objects.filter(
            topic=OuterRef("topic"),
            hidden=False,
            created__gt=OuterRef("notified_until"),
            created__lte=now,
        )
        .exclude(author=OuterRef("user"))
        .exclude(Exists(blocked))
    )


def pending_subscriptions(now):
    new = _new_replies(now)
    return (
        Subscription.objects.filter(topic__hidden=False, user__is_active=True)
        .annotate(
            new_count=Subquery(new.order_by().values("topic").annotate(total=Count("pk")).values("total")),
            first_new=Subquery(new.order_by("created", "pk").values("pk")[:1]),
        )
        .filter(new_count__gt=0)
    )


@transaction.atomic
def send_forum_notifications(*, now=None):
    """One e-mail per member with new replies in the topics they follow; the number of e-mails sent."""
    now = now or timezone.now()
    pending = list(
        pending_subscriptions(now)
        .select_for_update(skip_locked=True, of=("self",))
        .select_related("user__profile", "topic")
        .order_by("user_id", "-topic__last_post_at", "pk")
    )
    by_member = defaultdict(list)
    for subscription in pending:
        by_member[subscription.user].append(subscription)
    sent = 0
    for member, subscriptions in by_member.items():
        profile = getattr(member, "profile", None)
        if member.email and (profile is None or profile.reply_notifications):
            send_email_on_commit(**_email(member, subscriptions))
            sent += 1
    # Those who turned the e-mails off are "told" too: turning them on later sends no backlog.
    Subscription.objects.filter(pk__in=[item.pk for item in pending]).update(notified_until=now)
    return sent


def _email(member, subscriptions):
    lines = []
    for item in subscriptions:
        plural = "s" if item.new_count > 1 else ""
        lines.append(
            f"- « {item.topic.title} » : {item.new_count} nouvelle{plural} réponse{plural}\n"
            f"  {_site(reverse('forum:post', kwargs={'pk': item.first_new}))}"
        )
    count = len(subscriptions)
    subject = (
        f"Nouvelles réponses : {subscriptions[0].topic.title}"
        if count == 1
        else f"Nouvelles réponses dans {count} sujets du forum"
    )
    body = (
        f"Bonjour {member.public_name},\n\n"
        f"Il y a du nouveau dans {'le sujet' if count == 1 else 'les sujets'} que vous suivez "
        f"sur le forum de Tous voisins 44 :\n\n"
        + "\n".join(lines)
        + "\n\nPour ne plus suivre un sujet, ouvrez-le et choisissez « Ne plus suivre ce sujet ».\n"
        + footer(member, "forum")
    )
    return {"subject": subject, "body": body, "to": [member.email]}
