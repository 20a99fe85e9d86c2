"""The forum's index reads each category's latest visible topic from an index, not every topic of
the category sorted five times over (Category.objects.for_index, forum_topic_latest_idx): its
cost stays that of counting the visible topics, whatever the forum's size."""

from datetime import timedelta

import pytest
from django.utils import timezone

from forum.models import Category, Topic
from tests.core.plans import analyze, plan_of, rows_read
from tests.factories.profiles import UserFactory

pytestmark = pytest.mark.django_db


def bulk_topics(per_category):
    """`per_category` visible topics in each public category, the newest hidden (never shown)."""
    author = UserFactory()
    now = timezone.now()
    categories = list(Category.objects.public())
    Topic.objects.bulk_create(
        Topic(
            category=category,
            title=f"Sujet {index}",
            slug=f"sujet-{index}",
            author=author,
            created=now - timedelta(hours=index + 1),
            last_post_at=now - timedelta(hours=index + 1),
            hidden=index == 0,
        )
        for category in categories
        for index in range(per_category + 1)
    )
    analyze("forum_topic")
    return categories


@pytest.mark.parametrize("per_category", [300, 1200])
def test_the_index_reads_the_latest_topics_from_their_index(django_assert_num_queries, per_category):
    categories = bulk_topics(per_category)
    # 1. the categories, each with its count and its latest visible topic
    with django_assert_num_queries(1):
        listed = list(Category.objects.public().for_index())
    assert [category.topic_count for category in listed] == [per_category] * len(categories)
    assert {category.latest_topic_title for category in listed} == {"Sujet 1"}

    plan = plan_of(Category.objects.public().for_index())
    visible = per_category * len(categories)
    # The counts read each visible topic once; the five columns of the latest topic read one
    # entry each per category. Reading and sorting every topic for them read six times as many.
    assert rows_read(plan, "forum_topic") <= visible + 10 * len(categories), plan
