"""The forum's read pages: categories, a category's topics, a topic's posts, and what they show."""

import pytest
from django.core.cache import cache

from forum.models import Category, Post, Topic
from tests.factories.forum import PostFactory, TopicFactory
from tests.factories.profiles import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_it_has_one_category_per_theme_and_one_for_tips():
    categories = list(Category.objects.select_related("theme").values_list("slug", "theme__slug"))

    assert len(categories) == 7
    assert ("trucs-et-astuces", None) in categories
    assert ("emploi", "emploi") in categories


def test_it_lists_the_categories_with_their_topic_counts_and_latest_activity(client):
    TopicFactory(category="emploi", title="Préparer un entretien")
    latest = TopicFactory(category="emploi", title="Un atelier CV à Blain")
    PostFactory(topic=latest)
    TopicFactory(category="emploi", title="Sujet masqué", hidden=True)

    response = client.get("/forum/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Forum — Tous voisins 44</title>" in page
    assert "Trucs et astuces" in page
    assert "2 sujets" in page  # the hidden one is not counted
    assert f'href="{latest.get_absolute_url()}">Un atelier CV à Blain</a>' in page
    assert "Sujet masqué" not in page


def test_a_category_lists_its_topics_pinned_first_then_by_latest_activity(client):
    old = TopicFactory(category="logement", title="Un vieux sujet épinglé", pinned=True)
    quiet = TopicFactory(category="logement", title="Un sujet calme")
    busy = TopicFactory(category="logement", title="Un sujet animé")
    PostFactory(topic=busy)
    TopicFactory(category="emploi", title="Ailleurs")

    response = client.get("/forum/logement/")

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Forum — Logement — Tous voisins 44</title>" in page
    assert page.index(old.title) < page.index(busy.title) < page.index(quiet.title)
    assert "Ailleurs" not in page
    assert "Épinglé" in page
    assert "1 réponse." in page


def test_an_unknown_category_is_not_found(client):
    assert client.get("/forum/inconnue/").status_code == 404


def test_a_category_paginates_its_topics(client):
    for index in range(26):
        TopicFactory(category="mobilite", title=f"Covoiturage numéro {index}")

    first = client.get("/forum/mobilite/").content.decode()
    second = client.get("/forum/mobilite/?page=2")

    assert "Page 1 sur 2" in first
    assert second.status_code == 200
    assert "Page 2 sur 2" in second.content.decode()


def test_a_topic_shows_its_posts_with_anchors_and_the_names_of_their_authors(client):
    author = ProfileFactory(display_name="Josiane").user
    topic = TopicFactory(
        category="solidarite", title="Qui a une perceuse ?", author=author, body="J'ai un trou à faire."
    )
    reply = PostFactory(topic=topic, author=ProfileFactory(display_name="Marcel").user, body="Moi **oui**.")

    response = client.get(topic.get_absolute_url())

    page = response.content.decode()
    assert response.status_code == 200
    assert "<title>Qui a une perceuse ? — Forum Solidarité — Tous voisins 44</title>" in page
    assert page.count("<h1>") == 1
    assert f'id="message-{reply.pk}"' in page
    assert "Josiane" in page and "Marcel" in page
    assert "<strong>oui</strong>" in page
    assert "@exemple.fr" not in page  # never an e-mail address
    assert "Pour répondre, " in page and "connectez-vous" in page


def test_a_topic_at_a_wrong_slug_redirects_to_its_address(client):
    topic = TopicFactory(title="Un jardin partagé")

    response = client.get(f"/forum/sujet/{topic.pk}-autre-chose/")

    assert response.status_code == 301
    assert response["Location"] == f"/forum/sujet/{topic.pk}-un-jardin-partage/"


def test_a_post_whose_author_is_gone_is_signed_ancien_membre(client):
    topic = TopicFactory()
    post = PostFactory(topic=topic, body="Un conseil d'un ancien.")
    post.author.delete()

    page = client.get(topic.get_absolute_url()).content.decode()

    assert Post.objects.get(pk=post.pk).author is None
    assert "Ancien membre" in page


def test_a_post_address_leads_to_its_page_and_anchor(client):
    topic = TopicFactory()
    posts = [PostFactory(topic=topic) for _ in range(21)]

    response = client.get(f"/forum/message/{posts[-1].pk}/")

    # 22 posts, 20 a page: the last one is on page 2.
    assert response.status_code == 302
    assert response["Location"] == f"{topic.get_absolute_url()}?page=2#message-{posts[-1].pk}"


def test_markdown_is_sanitised_no_script_and_no_event_handler_reach_the_page(client):
    topic = TopicFactory(body="<script>alert('x')</script> Bonjour")
    PostFactory(topic=topic, body='<img src="x" onerror="alert(1)"> et [lien](javascript:alert(1))')

    response = client.get(topic.get_absolute_url())
    page = response.content.decode()

    assert response.status_code == 200
    assert "Bonjour" in page  # the text stays, only the code goes
    assert ">lien</a>" in page or ">lien<" in page
    assert "<script>alert" not in page
    assert "onerror" not in page.replace("&lt;img", "")  # escaped text at most, never an attribute
    # The thème's pictogram is the only picture (issue 17): none comes from the message.
    assert "<img" not in page.replace('<img class="theme-label__pictogram"', "")
    assert 'href="javascript' not in page


def test_hidden_topics_are_not_found_by_the_public(client, member):
    topic = TopicFactory(hidden=True)

    assert client.get(topic.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert client.get(topic.get_absolute_url()).status_code == 404


def test_a_moderator_sees_a_hidden_topic_marked(client, moderator):
    topic = TopicFactory(hidden=True, category="emploi", title="Un sujet problématique")
    client.force_login(moderator)

    page = client.get(topic.get_absolute_url()).content.decode()
    listing = client.get("/forum/emploi/").content.decode()

    assert "Sujet masqué par la modération" in page
    assert "Un sujet problématique" in listing and "Masqué par la modération" in listing


def test_topic_slug_and_first_post_are_made_by_the_factory():
    topic = TopicFactory(title="Fête des voisins à Rezé")

    assert topic.slug == "fete-des-voisins-a-reze"
    assert Topic.objects.get(pk=topic.pk).reply_count == 0
    assert topic.posts.count() == 1
