"""Reply notifications: batched, one e-mail per member per run, idempotent, never about one's own
replies or those of a member one blocked, and never to members who turned them off."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from accounts.models import Block
from forum.models import Subscription
from forum.notifications import send_forum_notifications
from tests.factories.forum import PostFactory, TopicFactory
from tests.factories.profiles import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def send(django_capture_on_commit_callbacks):
    """Run the job; its e-mails leave when the transaction commits, here at the end of the call."""

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return send_forum_notifications(**kwargs)

    return run


def a_while_ago(**kwargs):
    return timezone.now() - timedelta(**kwargs)


@pytest.fixture
def josiane():
    return ProfileFactory(display_name="Josiane").user


@pytest.fixture
def topic(josiane):
    """Josiane's topic, opened yesterday: she follows it."""
    topic = TopicFactory(author=josiane, title="Qui a une perceuse ?", created=a_while_ago(days=1))
    Subscription.objects.create(user=josiane, topic=topic, notified_until=topic.created)
    return topic


def test_the_author_of_a_topic_follows_it_and_is_told_about_replies_once(topic, josiane, send):
    reply = PostFactory(topic=topic, created=a_while_ago(minutes=5))
    PostFactory(topic=topic, created=a_while_ago(minutes=4))

    assert send() == 1
    assert send() == 0  # idempotent

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [josiane.email]
    assert message.subject == "[Tous voisins 44] Nouvelles réponses : Qui a une perceuse ?"
    assert "Bonjour Josiane," in message.body
    assert "« Qui a une perceuse ? » : 2 nouvelles réponses" in message.body
    assert f"/forum/message/{reply.pk}/" in message.body
    assert "/desabonnement/" in message.body
    assert "les e-mails qui signalent les réponses sur le forum" in message.body


def test_a_member_gets_one_email_listing_every_followed_topic_with_new_replies(topic, josiane, send):
    other = TopicFactory(author=josiane, title="Covoiturage vers Blain", created=a_while_ago(days=1))
    Subscription.objects.create(user=josiane, topic=other, notified_until=other.created)
    PostFactory(topic=topic, created=a_while_ago(minutes=5))
    PostFactory(topic=other, created=a_while_ago(minutes=5))

    assert send() == 1

    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "[Tous voisins 44] Nouvelles réponses dans 2 sujets du forum"
    assert "Qui a une perceuse ?" in body and "Covoiturage vers Blain" in body


def test_only_replies_after_the_last_email_are_listed(topic, send):
    PostFactory(topic=topic, created=a_while_ago(minutes=30))
    send(now=a_while_ago(minutes=20))
    PostFactory(topic=topic, created=a_while_ago(minutes=5))

    assert send() == 1

    assert "1 nouvelle réponse\n" in mail.outbox[-1].body


def test_ones_own_replies_and_hidden_ones_send_nothing(topic, josiane, send):
    PostFactory(topic=topic, author=josiane, created=a_while_ago(minutes=5))
    PostFactory(topic=topic, hidden=True, created=a_while_ago(minutes=5))

    assert send() == 0
    assert mail.outbox == []


def test_replies_of_a_blocked_member_send_nothing(topic, josiane, send):
    pest = ProfileFactory(display_name="Gêneur").user
    Block.objects.create(blocker=josiane, blocked=pest)
    PostFactory(topic=topic, author=pest, created=a_while_ago(minutes=5))

    assert send() == 0


def test_replies_of_a_former_member_count(topic, send):
    reply = PostFactory(topic=topic, created=a_while_ago(minutes=5))
    reply.author.delete()

    assert send() == 1


def test_members_who_turned_them_off_get_nothing_and_no_backlog_later(topic, josiane, send):
    josiane.profile.reply_notifications = False
    josiane.profile.save()
    PostFactory(topic=topic, created=a_while_ago(minutes=5))

    assert send() == 0
    josiane.profile.reply_notifications = True
    josiane.profile.save()
    assert send() == 0
    assert mail.outbox == []


def test_a_member_who_replies_then_gets_the_next_replies(client, topic, member, send):
    client.force_login(member)
    client.post(f"{topic.get_absolute_url()}repondre/", {"body": "J'en ai une."})
    # Josiane hears of it; the member, who follows the topic now, does not hear of their own reply.
    assert send() == 1
    assert mail.outbox[0].to == [topic.author.email]

    PostFactory(topic=topic, author=topic.author, body="Merci !")

    assert send() == 1
    assert mail.outbox[1].to == [member.email]


def test_unfollowing_stops_the_emails(client, topic, josiane, send):
    client.force_login(josiane)
    client.post(f"/forum/sujet/{topic.pk}/suivre/", {"action": "ne-plus-suivre"})
    PostFactory(topic=topic, created=a_while_ago(minutes=5))

    assert send() == 0


def test_the_command_says_how_many_emails_left(topic, capsys, django_capture_on_commit_callbacks):
    PostFactory(topic=topic, created=a_while_ago(minutes=5))

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_forum_notifications")

    assert "1 e-mail(s) de réponses du forum envoyé(s)." in capsys.readouterr().out
    assert len(mail.outbox) == 1
