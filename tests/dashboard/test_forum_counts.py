"""The dashboard's forum figures (dashboard.queries.forum_counts) count the period's posts per
topic, then per category, in one query: the same counts as the posts themselves at two sizes of
old posts, and a referent's categories alone."""

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from dashboard import queries
from dashboard.periods import Period
from forum.models import Category, Post
from tests.core.plans import analyze
from tests.factories.forum import TopicFactory

pytestmark = pytest.mark.django_db

IN_PERIOD = 12


def forum(old_posts):
    """Two topics with IN_PERIOD posts this week between them, and `old_posts` posts of
    two years ago in a third topic."""
    now = timezone.now()
    fresh = [TopicFactory(category="emploi"), TopicFactory(category="logement")]
    old = TopicFactory(category="emploi", created=now - timedelta(days=800))
    posts = [
        Post(topic=fresh[index % 2], author=fresh[0].author, body="Bonjour", created=now - timedelta(hours=1))
        for index in range(IN_PERIOD - 2)  # and the two opening posts
    ]
    posts += [
        Post(
            topic=old,
            author=old.author,
            body="Il y a longtemps",
            created=now - timedelta(days=800, hours=index),
        )
        for index in range(old_posts)
    ]
    Post.objects.bulk_create(posts)
    analyze("forum_post", "forum_topic")


def this_week():
    today = timezone.localdate()
    return Period(today - timedelta(days=7), today, "ces sept derniers jours")


@pytest.mark.parametrize("old_posts", [500, 2500])
def test_the_period_s_posts_and_topics_are_counted_in_one_query(old_posts):
    forum(old_posts)
    with CaptureQueriesContext(connection) as captured:
        counts = queries.forum_counts(Category.objects.all(), this_week())
    (query,) = captured.captured_queries

    emploi, logement = Category.objects.get(slug="emploi"), Category.objects.get(slug="logement")
    assert counts == {emploi.pk: (IN_PERIOD // 2, 1), logement.pk: (IN_PERIOD // 2, 1)}
    assert "DISTINCT" not in query["sql"].upper()  # no sort of every post of the period


def test_a_referent_s_categories_alone_are_counted():
    forum(10)
    emploi = Category.objects.filter(slug="emploi")
    counts = queries.forum_counts(emploi, this_week())
    assert counts == {emploi.get().pk: (IN_PERIOD // 2, 1)}
    assert queries.forum_counts(Category.objects.none(), this_week()) == {}
