"""A community's discussion is a forum category of the kind "communauté": its members, hosts, the
referents of its scope and the moderators read and write there; nobody else, and it never shows
in the public forum (index, search, moving)."""

import html

import pytest

from communities import services
from forum import services as forum_services
from forum.models import Category, Post, Topic
from tests.conftest import make_user
from tests.factories.communities import CommunityFactory
from tests.factories.forum import TopicFactory

pytestmark = pytest.mark.django_db


def _html(response):
    return html.unescape(response.content.decode())


@pytest.fixture
def community(alice):
    return CommunityFactory(name="Les cuisiniers du mardi", insee="44143", members=[alice])


@pytest.fixture
def topic(community, alice):
    return TopicFactory(
        category=community.category,
        author=alice,
        title="Qui apporte le dessert mardi ?",
        body="Moi, une tarte aux pommes.",
    )


def test_making_a_community_makes_its_discussion(community):
    category = community.category

    assert category.kind == Category.Kind.COMMUNITY
    assert category.name == "Communauté : Les cuisiniers du mardi"
    assert category.community == community


def test_a_member_reads_and_writes_in_the_discussion(client, alice, community, topic):
    client.force_login(alice)

    assert "Qui apporte le dessert mardi ?" in _html(client.get(community.category.get_absolute_url()))
    assert "Moi, une tarte aux pommes." in _html(client.get(topic.get_absolute_url()))
    response = client.post(
        f"/forum/sujet/{topic.pk}-{topic.slug}/repondre/", {"body": "Et moi du **fromage**."}
    )
    assert response.status_code == 302
    assert Post.objects.filter(topic=topic, body="Et moi du **fromage**.").exists()
    topic_page = _html(client.get(topic.get_absolute_url()))
    assert f'<li><a href="{community.get_absolute_url()}">Les cuisiniers du mardi</a></li>' in topic_page
    assert f'<li><a href="{community.category.get_absolute_url()}">Discussion</a></li>' in topic_page
    page = _html(client.get(community.get_absolute_url()))
    assert "La discussion des membres" in page
    assert "Qui apporte le dessert mardi ?" in page


def test_a_member_opens_a_topic_there(client, alice, community):
    client.force_login(alice)

    response = client.post(
        f"/forum/{community.category.slug}/nouveau/",
        {"title": "Les recettes de l'hiver", "body": "La soupe !"},
    )

    assert response.status_code == 302
    assert Topic.objects.filter(category=community.category, title="Les recettes de l'hiver").exists()


@pytest.mark.parametrize("who", ["visitor", "other member"])
def test_others_get_a_404_on_the_discussion(client, bob, community, topic, who):
    if who == "other member":
        client.force_login(bob)
    category_url = community.category.get_absolute_url()

    assert client.get(category_url).status_code == 404
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert client.get(f"/forum/message/{topic.last_post_id}/").status_code == 404
    if who == "other member":
        assert client.get(f"{category_url}nouveau/").status_code == 404
        reply = client.post(f"/forum/sujet/{topic.pk}-{topic.slug}/repondre/", {"body": "Je m'invite."})
        assert reply.status_code == 404
        assert not Post.objects.filter(body="Je m'invite.").exists()
        assert "La discussion des membres" not in _html(client.get(community.get_absolute_url()))


def test_a_member_who_leaves_loses_the_discussion_and_its_e_mails(client, alice, community, topic):
    forum_services.subscribe(user=alice, topic=topic)

    services.community_leave(community=community, user=alice)

    client.force_login(alice)
    assert client.get(topic.get_absolute_url()).status_code == 404
    assert not topic.subscriptions.filter(user=alice).exists()


def test_hosts_referents_of_its_scope_and_moderators_read_it(
    client, community, topic, nantes_referent, moderator
):
    host = make_user("martine")
    community.hosts.add(host)
    for person in (host, nantes_referent, moderator):
        client.force_login(person)
        assert client.get(topic.get_absolute_url()).status_code == 200, person


def test_a_referent_out_of_its_scope_does_not_read_it(
    client, community, topic, cap_referent, thematic_referent
):
    for person in (cap_referent, thematic_referent):
        client.force_login(person)
        assert client.get(topic.get_absolute_url()).status_code == 404, person


def test_the_referent_of_its_scope_moderates_it(client, community, topic, nantes_referent):
    post = topic.posts.get()
    client.force_login(nantes_referent)

    response = client.post(f"/forum/message/{post.pk}/masquer/", {"reason": "contraire à la charte"})

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.hidden


def test_a_member_reports_a_post_of_the_discussion(client, alice, bob, community):
    community.memberships.create(user=bob)
    topic = TopicFactory(category=community.category, author=bob, body="Un message désagréable")
    client.force_login(alice)

    response = client.get(f"/forum/message/{topic.last_post_id}/signaler/")

    assert response.status_code == 200
    assert "Signaler un message" in _html(response)


def test_it_is_never_in_the_public_forum(client, alice, community, topic, moderator):
    client.force_login(moderator)

    index = _html(client.get("/forum/"))
    search = _html(client.get("/forum/recherche/?q=tarte+pommes"))
    other = TopicFactory(category="solidarite", title="Un sujet public")
    moving = _html(client.get(other.get_absolute_url()))

    assert "Communauté : Les cuisiniers du mardi" not in index
    assert "Qui apporte le dessert" not in search
    assert "Aucun message" in search or "tarte" not in search
    assert f'value="{community.category.slug}"' not in moving


def test_its_topics_cannot_be_moved_into_the_public_forum(client, community, topic, moderator):
    client.force_login(moderator)

    response = client.post(
        f"/forum/sujet/{topic.pk}/moderer/", {"action": "deplacer", "category": "solidarite"}
    )

    assert response.status_code in (302, 403)
    topic.refresh_from_db()
    assert topic.category == community.category
