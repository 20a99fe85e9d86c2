"""The forum's index is kept (tousvoisins.fragments) and its search stops early: what they show
changes on the next request after a change, and a community's discussion never shows there."""

import pytest
from django.utils import timezone

from forum.models import Topic
from tests.factories.communities import CommunityFactory
from tests.factories.forum import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def page(client, path):
    response = client.get(path)
    assert response.status_code == 200
    return response.content.decode()


def test_the_index_shows_a_new_topic_and_forgets_a_hidden_one_at_once(client, moderator):
    TopicFactory(category="emploi", title="Préparer un entretien")
    assert "1 sujet" in page(client, "/forum/")

    topic = TopicFactory(category="emploi", title="Relire mon CV")
    index = page(client, "/forum/")
    assert "2 sujets" in index and "Relire mon CV" in index

    client.force_login(moderator)
    assert client.post(f"/forum/sujet/{topic.pk}/moderer/", {"action": "masquer"}).status_code == 302
    client.logout()
    index = page(client, "/forum/")
    assert "2 sujets" not in index and "1 sujet" in index
    assert "Relire mon CV" not in index and "Préparer un entretien" in index


def test_search_forgets_a_hidden_post_and_finds_an_edited_one_at_once(client, member, moderator):
    post = PostFactory(body="Une brocante dimanche rue des Lilas.", author=member)
    assert "1 message trouvé." in page(client, "/forum/recherche/?q=brocante")

    client.force_login(member)
    response = client.post(f"/forum/message/{post.pk}/modifier/", {"body": "Un vide-grenier dimanche."})
    assert response.status_code == 302
    client.logout()
    assert "Aucun message ne contient" in page(client, "/forum/recherche/?q=brocante")
    assert "1 message trouvé." in page(client, "/forum/recherche/?q=vide-grenier")

    client.force_login(moderator)
    response = client.post(f"/forum/message/{post.pk}/masquer/", {"reason": "hors sujet"})
    assert response.status_code == 302
    client.logout()
    assert "Aucun message ne contient" in page(client, "/forum/recherche/?q=vide-grenier")


def test_a_community_discussion_never_shows_in_the_kept_index_nor_in_search(client, alice, bob):
    community = CommunityFactory(name="Les cuisiniers du mardi", members=[alice])
    TopicFactory(
        category=community.category, author=alice, title="Le dessert secret", body="Tarte tatin secrète"
    )
    TopicFactory(category="emploi", title="Préparer un entretien", body="Une tarte pour le jury ?")

    client.force_login(alice)  # a member fills the kept copies first
    for path in ("/forum/", "/forum/recherche/?q=tarte"):
        assert "Le dessert secret" not in page(client, path)
    client.force_login(bob)
    for path in ("/forum/", "/forum/recherche/?q=tarte"):
        assert "Le dessert secret" not in page(client, path)
    client.logout()
    visitor = page(client, "/forum/recherche/?q=tarte")
    assert "1 message trouvé." in visitor and "secrète" not in visitor


def test_search_ranks_the_newest_matches_and_says_there_are_more(client, monkeypatch):
    monkeypatch.setattr("forum.views.SEARCH_CANDIDATES", 3)
    monkeypatch.setattr("forum.models.SEARCH_CANDIDATES", 3)
    monkeypatch.setattr("forum.views.SEARCH_RESULTS_PER_PAGE", 2)
    topic = TopicFactory(title="Les jardins", body="Un jardin.")
    for number in range(4):
        PostFactory(topic=topic, body=f"Le jardin numéro {number}.")

    found = page(client, "/forum/recherche/?q=jardin")

    # The oldest two (the opening post and "numéro 0") are past the newest three.
    assert "Plus de 3 messages trouvés : voici les plus récents" in found
    assert "Page 1 sur plus de 2" in found


@pytest.mark.parametrize("topics", [2, 9])
def test_index_and_search_make_the_same_queries_whatever_the_number_of_topics(
    client, topics, django_assert_num_queries
):
    for number in range(topics):
        TopicFactory(category="emploi", title=f"Fête numéro {number}", body="La fête des voisins.")
    assert Topic.objects.count() == topics
    # 1. the categories with their counts and latest topics (then kept)
    with django_assert_num_queries(1):
        client.get("/forum/")
    with django_assert_num_queries(0):
        client.get("/forum/")
    # 1. the public categories' pks (then kept)
    # 2. the pks and ranks of the newest matches
    # 3. the page's posts with their topic, category, author and excerpt
    with django_assert_num_queries(3):
        client.get("/forum/recherche/?q=fete")
    # Then the page of results is kept per words and page (its HTML, its count).
    with django_assert_num_queries(0):
        client.get("/forum/recherche/?q=fete")


def test_a_topic_page_shows_an_edited_post_and_hides_a_hidden_one_at_once(client, member, moderator):
    topic = TopicFactory(author=member, body="Rendez-vous à la salle des fêtes.", created=timezone.now())
    post = topic.posts.get()
    assert "Rendez-vous à la salle des fêtes." in page(client, topic.get_absolute_url())

    client.force_login(member)
    response = client.post(f"/forum/message/{post.pk}/modifier/", {"body": "Rendez-vous au préau."})
    assert response.status_code == 302
    client.logout()
    edited = page(client, topic.get_absolute_url())
    assert "Rendez-vous au préau." in edited and "(modifié)" in edited

    client.force_login(moderator)
    assert client.post(f"/forum/message/{post.pk}/masquer/", {"reason": "adresse privée"}).status_code == 302
    as_moderator = page(client, topic.get_absolute_url())
    client.logout()
    as_visitor = page(client, topic.get_absolute_url())

    assert "Message masqué par la modération." in as_visitor
    assert "Rendez-vous au préau." not in as_visitor and "adresse privée" not in as_visitor
    assert "Rendez-vous au préau." in as_moderator and "adresse privée" in as_moderator


def test_what_a_reader_may_do_with_a_kept_post_is_their_own(client, member, other_member):
    topic = TopicFactory(author=member, body="Qui vient au marché ?", created=timezone.now())
    post = topic.posts.get()

    client.logout()
    visitor = page(client, topic.get_absolute_url())  # fills the kept row
    client.force_login(member)
    author = page(client, topic.get_absolute_url())
    client.force_login(other_member)
    other = page(client, topic.get_absolute_url())

    edit_link = f'href="/forum/message/{post.pk}/modifier/"'
    report_link = f'href="/forum/message/{post.pk}/signaler/"'
    assert edit_link in author and report_link not in author
    assert edit_link not in other and report_link in other
    assert edit_link not in visitor and report_link not in visitor
    for html in (visitor, author, other):
        assert html.count("Qui vient au marché ?") == 1


def test_a_community_topic_stays_closed_to_others_after_a_member_read_it(client, alice, bob):
    community = CommunityFactory(members=[alice])
    topic = TopicFactory(category=community.category, author=alice, body="Notre secret du mardi.")

    client.force_login(alice)
    assert "Notre secret du mardi." in page(client, topic.get_absolute_url())
    client.force_login(bob)
    assert client.get(topic.get_absolute_url()).status_code == 404
    client.logout()
    assert client.get(topic.get_absolute_url()).status_code == 404


@pytest.mark.parametrize("replies", [1, 15])
def test_a_topic_page_makes_the_same_queries_whatever_its_length(client, replies, django_assert_num_queries):
    topic = TopicFactory()
    for _ in range(replies):
        PostFactory(topic=topic)
    # 1. the topic with its category, thème and author, 2. the count of posts, 3. the page's posts
    with django_assert_num_queries(3):
        client.get(topic.get_absolute_url())
    # Then the topic, its count and its page of posts are kept: for a visitor, no query.
    with django_assert_num_queries(0):
        client.get(topic.get_absolute_url())
