"""The forum's pages make the same number of queries with 1 and with 30 topics or posts, within the
figures of DESIGN.md: at most 10 for a visitor, 15 signed in."""

import pytest
from django.core.cache import cache

from tests.factories.forum import PostFactory, TopicFactory
from tests.factories.profiles import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def add_topics(count):
    """`count` topics in "Emploi", each with a reply by a member with a profile."""
    topics = []
    for index in range(count):
        topic = TopicFactory(
            category="emploi", title=f"Recherche emploi fête {index}", body="Une fête de l'emploi"
        )
        PostFactory(topic=topic, author=ProfileFactory().user, body="Je viens à la fête aussi")
        topics.append(topic)
    return topics


def add_posts(topic, count):
    for _ in range(count):
        PostFactory(topic=topic, author=ProfileFactory().user, body="Une fête réussie, merci")


def _same_with_more_data(client, path, expected, django_assert_num_queries, grow):
    with django_assert_num_queries(expected):
        first = client.get(path)
    grow()
    with django_assert_num_queries(expected):
        second = client.get(path)
    assert first.status_code == second.status_code == 200
    return first, second


# Each count is the page's own queries for a visitor (no session, no account):
# /forum/: 1 the categories with their thème, topic count and latest topic (subqueries).
# /forum/emploi/: 1 the category with its thème, 2 the count, 3 the topics with their author,
#   the last post and its author (with profiles).
# /forum/recherche/?q=fete: 1 the public categories' pks (kept until the forum changes, as it
#   does here between the two requests), 2 the pks and ranks of the newest matches, 3 the page's
#   posts with their topic, category, author, profile and excerpt.
VISITOR_PAGES = [("/forum/", 1), ("/forum/emploi/", 3), ("/forum/recherche/?q=fete", 3)]


@pytest.mark.parametrize(("path", "expected"), VISITOR_PAGES)
def test_a_visitor_gets_each_list_in_the_same_few_queries_whatever_the_data(
    client, path, expected, django_assert_num_queries
):
    assert expected <= 10
    add_topics(1)
    first, second = _same_with_more_data(
        client, path, expected, django_assert_num_queries, lambda: add_topics(29)
    )
    if path == "/forum/recherche/?q=fete":
        assert "2 messages trouvés" in first.content.decode()
        assert "<mark>fête</mark>" in second.content.decode()


def test_a_visitor_reads_a_topic_in_the_same_few_queries_whatever_its_length(
    client, django_assert_num_queries
):
    topic = add_topics(1)[0]
    # 1 the topic with its category, thème and author, 2 the count of posts, 3 the page's posts
    # with their authors and profiles (and who hid them).
    _same_with_more_data(
        client, topic.get_absolute_url(), 3, django_assert_num_queries, lambda: add_posts(topic, 29)
    )


# Signed in, each page adds 1 the session and 2 the account; the layout's suspension and "Mes
# messages" are kept under the member's own stamp since an earlier page (signed_in()).
SIGNED_IN_PAGES = [("/forum/", 1 + 2), ("/forum/emploi/", 3 + 3), ("/forum/recherche/?q=fete", 3 + 2)]


def signed_in(client, user):
    client.force_login(user)
    client.get("/charte/")  # the layout's own parts are kept for the member from now on


@pytest.mark.parametrize(("path", "expected"), SIGNED_IN_PAGES)
def test_a_member_gets_each_list_in_the_same_few_queries_whatever_the_data(
    client, member, path, expected, django_assert_num_queries
):
    # /forum/emploi/ adds 3 the member's groups (a moderator sees the hidden topics too).
    assert expected <= 15
    signed_in(client, member)
    add_topics(1)
    _same_with_more_data(client, path, expected, django_assert_num_queries, lambda: add_topics(29))


def test_a_member_reads_a_topic_with_the_reply_form_in_the_same_few_queries(
    client, member, django_assert_num_queries
):
    topic = add_topics(1)[0]
    signed_in(client, member)
    # 1 session, 2 account, 3 the member's groups (moderator? referent?), 4 the topic, 5 the
    # verified e-mail address, 6 count, 7 posts, 8 subscribed?
    first, _ = _same_with_more_data(
        client, topic.get_absolute_url(), 8, django_assert_num_queries, lambda: add_posts(topic, 29)
    )
    assert "Publier ma réponse" in first.content.decode()


def test_a_moderator_reads_a_topic_with_the_moderation_forms_in_the_same_few_queries(
    client, moderator, django_assert_num_queries
):
    topic = add_topics(1)[0]
    signed_in(client, moderator)
    # As a member, plus 9 the other categories to move the topic to.
    first, _ = _same_with_more_data(
        client, topic.get_absolute_url(), 9, django_assert_num_queries, lambda: add_posts(topic, 29)
    )
    assert "Déplacer le sujet" in first.content.decode()
