"""The demo forum: each category has topics with replies by the demo members; idempotent."""

import pytest

from forum import demo
from forum.models import Category, Post, Topic

pytestmark = pytest.mark.django_db


def test_the_demo_forum_is_alive_and_seeding_twice_adds_nothing(client):
    from accounts.demo import seed_demo as seed_accounts
    from profiles.demo import seed_demo as seed_profiles

    seed_accounts()
    seed_profiles()
    summary = demo.seed_demo()
    counts = (Topic.objects.count(), Post.objects.count())
    demo.seed_demo()

    assert (Topic.objects.count(), Post.objects.count()) == counts
    assert "nouveaux" in summary
    for category in Category.objects.all():
        assert category.topics.exists(), category
    welcome = Topic.objects.get(title=demo.WELCOME_TITLE)
    assert welcome.pinned and welcome.category.slug == "trucs-et-astuces"
    assert not Post.objects.filter(author=None).exists()
    page = client.get("/forum/trucs-et-astuces/").content.decode()
    assert page.index(demo.WELCOME_TITLE.replace("'", "&#x27;")) < page.index("Économiser sur le chauffage")
    topic = Topic.objects.get(title="Fête des voisins : vos idées ?")
    assert topic.reply_count == 3
    assert "Fatou" in client.get(topic.get_absolute_url()).content.decode()
