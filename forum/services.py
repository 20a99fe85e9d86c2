"""Writes on the forum: topics, replies, edits, moderation, reports and subscriptions."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.scoping import sees_everything
from tousvoisins.content_language import DEFAULT as DEFAULT_LANGUAGE
from tousvoisins.models import Theme

from .models import Post, Report, Subscription, Topic, quoted_ids

LOCKED = _("Ce sujet est fermé : on ne peut plus y répondre.")
TOO_LATE = _("Ce message ne peut plus être modifié : on peut corriger son message pendant 30 minutes.")


class Refused(Exception):
    """An action the rules forbid; its text is said to the person."""


def can_moderate(user, category):
    """Moderators moderate every category; a thematic referent those of their thèmes; the
    referents of a community's scope its discussion."""
    if not (user.is_authenticated and user.is_active):
        return False
    if sees_everything(user):
        return True
    if category.is_community:
        # The referents of the community's thème or territory (Category.moderated_in_community_by).
        return user.is_referent and category.moderated_in_community_by(user)
    if not user.is_referent or category.theme_id is None:
        return False
    return Theme.objects.filter(pk=category.theme_id, scope__user=user).exists()


def topic_refresh(topic):
    """Recount what the lists show of `topic`: its replies (a hidden one stays in its place, as a
    note, so it counts), and its last visible post."""
    last = topic.posts.filter(hidden=False).order_by("-created", "-pk").only("pk", "created").first()
    topic.reply_count = max(topic.posts.count() - 1, 0)
    topic.last_post = last
    topic.last_post_at = last.created if last else topic.created
    Topic.objects.filter(pk=topic.pk).update(
        reply_count=topic.reply_count, last_post=last, last_post_at=topic.last_post_at
    )


def _quotes_record(post):
    """Remember which posts `post` quotes, to mask those quotes while a quoted post is hidden."""
    post.quotes.set(Post.objects.filter(pk__in=quoted_ids(post.body)).exclude(pk=post.pk))


def _quoting_posts_render(post):
    # Their stored HTML and search text follow the quoted post's state (Post.save masks).
    for quoting in post.quoted_by.all():
        quoting.save(update_fields=["body_html", "body_text"])


def subscribe(*, user, topic, now=None):
    # From now on: a new follower is not told about the replies already there.
    Subscription.objects.get_or_create(
        user=user, topic=topic, defaults={"notified_until": now or timezone.now()}
    )


def unsubscribe(*, user, topic):
    Subscription.objects.filter(user=user, topic=topic).delete()


@transaction.atomic
def topic_create(*, author, category, title, body, language=DEFAULT_LANGUAGE, now=None):
    now = now or timezone.now()
    # The first post's language is the topic's (its title is written in it too).
    topic = Topic.objects.create(
        category=category, title=title, language=language, author=author, created=now, last_post_at=now
    )
    post = Post(topic=topic, author=author, body=body, language=language, created=now)
    post.full_clean()
    post.save()
    _quotes_record(post)
    topic_refresh(topic)
    subscribe(user=author, topic=topic, now=now)
    return topic


@transaction.atomic
def post_reply(*, author, topic, body, language=DEFAULT_LANGUAGE, now=None):
    """A reply; its author follows the topic from then on (they can stop)."""
    topic = Topic.objects.select_for_update().get(pk=topic.pk)
    if topic.locked:
        raise Refused(LOCKED)
    now = now or timezone.now()
    post = Post(topic=topic, author=author, body=body, language=language, created=now)
    post.full_clean()
    post.save()
    _quotes_record(post)
    topic_refresh(topic)
    subscribe(user=author, topic=topic, now=now)
    return post


@transaction.atomic
def post_edit(*, post, user, body, language=None, now=None):
    now = now or timezone.now()
    if not post.editable_by(user, now):
        raise Refused(TOO_LATE)
    post.body = body
    post.language = language or post.language
    post.edited_at = now
    post.full_clean()
    post.save(update_fields=["body", "language", "edited_at"])
    _quotes_record(post)
    first = post.topic.posts.order_by("created", "pk").values_list("pk", flat=True).first()
    if first == post.pk:
        Topic.objects.filter(pk=post.topic_id).update(language=post.language)
    return post


@transaction.atomic
def post_hide(*, post, by, reason, now=None):
    post.hidden, post.hidden_reason, post.hidden_by = True, reason.strip(), by
    post.hidden_at = now or timezone.now()
    post.save(update_fields=["hidden", "hidden_reason", "hidden_by", "hidden_at"])
    topic_refresh(post.topic)
    _quoting_posts_render(post)


@transaction.atomic
def post_unhide(*, post):
    post.hidden, post.hidden_reason, post.hidden_by, post.hidden_at = False, "", None, None
    post.save(update_fields=["hidden", "hidden_reason", "hidden_by", "hidden_at"])
    topic_refresh(post.topic)
    _quoting_posts_render(post)


def topic_set(*, topic, **flags):
    """Lock, pin or hide a topic (or undo it): topic_set(topic=t, locked=True)."""
    allowed = {"locked", "pinned", "hidden"}
    if not set(flags) <= allowed:
        raise ValueError(flags)
    for name, value in flags.items():
        setattr(topic, name, value)
    topic.save(update_fields=list(flags))


def topic_move(*, topic, category):
    topic.category = category
    topic.save(update_fields=["category"])


def report_create(*, reporter, post, reason, details):
    return Report.objects.create(reporter=reporter, post=post, reason=reason, details=details)
