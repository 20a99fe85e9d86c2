"""The dashboard's monthly counts of posts and of new members read the period's rows through an
index (forum_post_created_idx, user_date_joined_idx), not every post and account ever written:
a month of a forum two years old costs a month's rows."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import User
from dashboard import queries
from dashboard.periods import Period
from forum.models import Category, Post, Topic
from tests.core.plans import analyze, plan_of, rows_read

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
TWO_YEARS = 730
NOVEMBER = Period(date(2026, 11, 1), date(2026, 11, 30), "novembre 2026")


def spread(count, index):
    """The index-th of `count` moments spread evenly over the two years before December 2026."""
    return datetime(2026, 12, 1, 12, tzinfo=PARIS) - timedelta(days=TWO_YEARS * (index + 1) / count)


def two_years_of(count):
    """`count` members who joined, and `count` posts written, evenly over two years."""
    users = User.objects.bulk_create(
        User(
            username=f"croissance-{index}",
            email=f"croissance-{index}@exemple.fr",
            date_joined=spread(count, index),
        )
        for index in range(count)
    )
    topic = Topic.objects.create(
        category=Category.objects.public().first(), title="Bienvenue", author=users[0]
    )
    Post.objects.bulk_create(
        Post(topic=topic, author=users[index], body="Bonjour", created=spread(count, index))
        for index in range(count)
    )
    analyze("accounts_user", "forum_post", "forum_topic")


def plans_of(build, moderator):
    """The plan of each query `build(moderator, NOVEMBER)` makes, and its table."""
    with CaptureQueriesContext(connection) as captured:
        table = build(moderator, NOVEMBER)
    return table, [
        plan_of(query["sql"]) for query in captured.captured_queries if "EXPLAIN" not in query["sql"]
    ]


@pytest.mark.parametrize("count", [2000, 8000])
def test_a_months_new_members_are_read_through_their_index(moderator, count):
    two_years_of(count)
    table, plans = plans_of(queries.new_members_table, moderator)
    in_november = User.objects.filter(
        date_joined__gte=datetime(2026, 11, 1, tzinfo=PARIS),
        date_joined__lt=datetime(2026, 12, 1, tzinfo=PARIS),
    ).count()
    assert table.rows[0][1] == in_november
    # 1. the moderator's groups (sees_everything), 2. the month's new members, counted by month
    assert len(plans) == 2
    # The month's accounts, and a few at its edges; not the 2,000 or 8,000 of two years.
    assert rows_read(plans[1], "accounts_user") <= in_november + 10, plans[1]


@pytest.mark.parametrize("count", [2000, 8000])
def test_a_months_posts_are_read_through_their_index(moderator, count):
    two_years_of(count)
    table, plans = plans_of(queries.forum_table, moderator)
    in_november = Post.objects.filter(
        created__gte=datetime(2026, 11, 1, tzinfo=PARIS), created__lt=datetime(2026, 12, 1, tzinfo=PARIS)
    ).count()
    assert sum(row[1] for row in table.rows) == in_november
    # 1. the moderator's groups, 2. the month's posts and topics counted by category, 3. the
    # categories in scope
    assert len(plans) == 3
    assert rows_read(plans[1], "forum_post") <= in_november + 10, plans[1]
