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
from django.utils.translation import gettext_lazy

from accounts.models import Block
from tousvoisins.mail import send_templated_email, translated
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
            _send_email(member, subscriptions)
            sent += 1
    # Those who turned the e-mails off are "told" too: turning them on later sends no backlog.
    Subscription.objects.filter(pk__in=[item.pk for item in pending]).update(notified_until=now)
    return sent


def _send_email(member, subscriptions):
    topics = [
        {
            "title": item.topic.title,
            "count": item.new_count,
            "url": _site(reverse("forum:post", kwargs={"pk": item.first_new})),
        }
        for item in subscriptions
    ]
    send_templated_email(
        "forum/emails/replies",
        {"name": member.public_name, "topics": topics},
        to=[member.email],
        subject=(
            translated(gettext_lazy("Nouvelles réponses : %(title)s"), title=topics[0]["title"])
            if len(topics) == 1
            else translated(
                gettext_lazy("Nouvelles réponses dans %(count)s sujets du forum"), count=len(topics)
            )
        ),
        unsubscribe=(member, "forum"),
    )
