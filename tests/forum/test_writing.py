"""Members write on the forum: new topics, replies, quotes, editing their own post for 30 minutes;
visitors, unverified and suspended members cannot, and rate limits stop floods."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from accounts.models import Suspension
from forum.models import Post, Subscription, Topic
from tests.conftest import make_user
from tests.factories.forum import PostFactory, TopicFactory
from tests.factories.profiles import ProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_cache():
    cache.clear()
    yield
    cache.clear()


def test_a_member_opens_a_topic_and_follows_it(client, member):
    client.force_login(member)

    response = client.post(
        "/forum/emploi/nouveau/", {"title": "Un atelier CV à Blain ?", "body": "Bonjour, qui connaît ?"}
    )

    topic = Topic.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/forum/sujet/{topic.pk}-un-atelier-cv-a-blain/"
    assert (topic.category.slug, topic.author, topic.reply_count) == ("emploi", member, 0)
    assert topic.posts.get().body == "Bonjour, qui connaît ?"
    assert Subscription.objects.filter(user=member, topic=topic).exists()
    page = client.get(response["Location"]).content.decode()
    assert "Votre sujet est publié." in page


def test_the_new_topic_form_says_what_is_wrong_beside_the_field_and_keeps_the_text(client, member):
    client.force_login(member)

    response = client.post("/forum/emploi/nouveau/", {"title": "CV", "body": "Mon texte gardé"})

    page = response.content.decode()
    assert response.status_code == 200
    assert Topic.objects.count() == 0
    assert "<title>Erreur — Nouveau sujet — Forum Emploi — Tous voisins 44</title>" in page
    assert "Le titre est trop court" in page
    assert 'aria-describedby="id_title_helptext id_title_error"' in page or "id_title_error" in page
    assert "Mon texte gardé" in page


def test_a_visitor_is_asked_to_sign_in_to_open_a_topic(client):
    response = client.get("/forum/emploi/nouveau/")

    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")


def test_a_member_without_a_verified_address_cannot_write(client):
    unverified = make_user("victor", verified=False)
    topic = TopicFactory()
    client.force_login(unverified)

    page = client.get(topic.get_absolute_url()).content.decode()
    client.post("/forum/emploi/nouveau/", {"title": "Un sujet de test", "body": "Texte"})
    client.post(f"{topic.get_absolute_url()}repondre/", {"body": "Ma réponse"})

    assert "confirmez d'abord votre adresse e-mail" in page
    assert "Publier ma réponse" not in page
    assert Topic.objects.count() == 1
    assert Post.objects.count() == 1


def test_opening_too_many_topics_is_refused_with_a_clear_message_and_the_text_kept(client, member):
    client.force_login(member)
    for index in range(5):
        client.post("/forum/emploi/nouveau/", {"title": f"Un sujet numéro {index}", "body": "Texte"})

    response = client.post(
        "/forum/emploi/nouveau/", {"title": "Encore un sujet", "body": "Mon sixième texte"}
    )

    page = response.content.decode()
    assert response.status_code == 429
    assert Topic.objects.count() == 5
    assert "Vous avez ouvert beaucoup de sujets en peu de temps." in page
    assert "Mon sixième texte" in page


def test_a_member_replies_and_lands_on_their_post(client, member):
    topic = TopicFactory()
    client.force_login(member)

    response = client.post(f"{topic.get_absolute_url()}repondre/", {"body": "Je peux aider !"})

    post = Post.objects.get(author=member)
    assert response.status_code == 302
    assert response["Location"] == f"/forum/message/{post.pk}/"
    assert client.get(response["Location"])["Location"] == f"{topic.get_absolute_url()}#message-{post.pk}"
    topic.refresh_from_db()
    assert (topic.reply_count, topic.last_post_id) == (1, post.pk)
    assert Subscription.objects.filter(user=member, topic=topic).exists()


def test_an_empty_reply_is_refused_beside_the_field(client, member):
    topic = TopicFactory()
    client.force_login(member)

    response = client.post(f"{topic.get_absolute_url()}repondre/", {"body": "  "})

    page = response.content.decode()
    assert response.status_code == 200
    assert "Écrivez votre message." in page
    assert "<title>Erreur — " in page
    assert Post.objects.count() == 1


def test_a_locked_topic_takes_no_reply_and_says_so(client, member):
    topic = TopicFactory(locked=True)
    client.force_login(member)

    page = client.get(topic.get_absolute_url()).content.decode()
    response = client.post(f"{topic.get_absolute_url()}repondre/", {"body": "Trop tard ?"})

    assert "Ce sujet est fermé : on ne peut plus y répondre." in page
    assert "Publier ma réponse" not in page
    assert response.status_code == 403
    assert "Ce sujet est fermé" in response.content.decode()
    assert Post.objects.count() == 1


def test_replying_too_often_is_refused_with_a_clear_message(client, member):
    topic = TopicFactory()
    client.force_login(member)
    for index in range(30):
        client.post(f"{topic.get_absolute_url()}repondre/", {"body": f"Réponse {index}"})

    response = client.post(f"{topic.get_absolute_url()}repondre/", {"body": "Ma réponse de trop"})

    assert response.status_code == 429
    assert "Vous avez envoyé beaucoup de réponses en peu de temps." in response.content.decode()
    assert "Ma réponse de trop" in response.content.decode()
    assert Post.objects.filter(author=member).count() == 30


def test_citer_prefills_the_reply_with_the_quoted_text_and_its_authors_name(client, member):
    author = ProfileFactory(display_name="Josiane").user
    topic = TopicFactory(author=author, body="Première ligne\n\nDeuxième ligne")
    first = topic.posts.get()
    client.force_login(member)

    page = client.get(f"{topic.get_absolute_url()}?citer={first.pk}").content.decode()

    assert f'href="?citer={first.pk}#repondre"' in page
    # The first line links to the quoted post, so that its quotes can follow it if it is hidden.
    assert (
        f"&gt; [**Josiane** a écrit](/forum/message/{first.pk}/) :\n&gt;\n&gt; Première ligne\n&gt;\n"
        "&gt; Deuxième ligne"
    ) in page


def test_a_quoted_reply_is_shown_as_a_blockquote(client, member):
    topic = TopicFactory(author=ProfileFactory(display_name="Josiane").user, body="Le marché est mardi.")
    client.force_login(member)
    quoted = topic.posts.get().quoted()

    client.post(f"{topic.get_absolute_url()}repondre/", {"body": quoted + "Merci !"})

    html = Post.objects.get(author=member).body_html
    assert html.startswith("<blockquote>")
    quoted_pk = topic.posts.order_by("pk").first().pk
    assert (
        f'<a href="/forum/message/{quoted_pk}/" rel="noopener noreferrer nofollow">'
        "<strong>Josiane</strong> a écrit</a> :" in html
    )


def test_a_member_edits_their_post_within_30_minutes(client, member):
    topic = TopicFactory()
    post = PostFactory(
        topic=topic, author=member, body="Avec une fote", created=timezone.now() - timedelta(minutes=10)
    )
    client.force_login(member)

    page = client.get(topic.get_absolute_url()).content.decode()
    response = client.post(f"/forum/message/{post.pk}/modifier/", {"body": "Sans faute"})

    assert f'href="/forum/message/{post.pk}/modifier/"' in page
    assert response.status_code == 302
    assert response["Location"] == f"/forum/message/{post.pk}/"
    post.refresh_from_db()
    assert post.body == "Sans faute" and post.body_html == "<p>Sans faute</p>"
    assert post.edited_at is not None
    assert "(modifié)" in client.get(topic.get_absolute_url()).content.decode()


def test_after_30_minutes_a_post_can_no_longer_be_edited(client, member):
    topic = TopicFactory()
    post = PostFactory(
        topic=topic, author=member, body="Trop tard", created=timezone.now() - timedelta(minutes=31)
    )
    client.force_login(member)

    page = client.get(topic.get_absolute_url()).content.decode()
    response = client.post(f"/forum/message/{post.pk}/modifier/", {"body": "Changé"}, follow=True)

    assert f"/forum/message/{post.pk}/modifier/" not in page
    assert "Ce message ne peut plus être modifié" in response.content.decode()
    post.refresh_from_db()
    assert post.body == "Trop tard"


def test_nobody_edits_someone_elses_post(client, member, other_member):
    post = PostFactory(author=other_member)
    client.force_login(member)

    assert client.get(f"/forum/message/{post.pk}/modifier/").status_code == 404
    assert client.post(f"/forum/message/{post.pk}/modifier/", {"body": "Piraté"}).status_code == 404


def test_a_suspended_member_sees_a_note_instead_of_the_forms(client, member):
    Suspension.objects.create(
        user=member, reason="Propos déplacés.", ends_at=timezone.now() + timedelta(days=7)
    )
    topic = TopicFactory()
    client.force_login(member)

    page = client.get(topic.get_absolute_url()).content.decode()
    new_topic = client.get("/forum/emploi/nouveau/").content.decode()
    response = client.post(f"{topic.get_absolute_url()}repondre/", {"body": "Je réponds quand même"})

    assert "Votre compte est suspendu pour le moment : vous ne pouvez pas écrire sur le forum." in page
    assert "Publier ma réponse" not in page and "Citer" not in page
    assert "Votre compte est suspendu" in new_topic and "Publier le sujet" not in new_topic
    assert response.status_code == 403
    assert Post.objects.count() == 1


def test_a_member_follows_and_stops_following_a_topic(client, member):
    topic = TopicFactory()
    client.force_login(member)

    client.post(f"/forum/sujet/{topic.pk}/suivre/", {"action": "suivre"})
    assert Subscription.objects.filter(user=member, topic=topic).exists()
    assert "Ne plus suivre ce sujet" in client.get(topic.get_absolute_url()).content.decode()

    client.post(f"/forum/sujet/{topic.pk}/suivre/", {"action": "ne-plus-suivre"})
    assert not Subscription.objects.filter(user=member, topic=topic).exists()


def test_following_needs_a_post_and_an_account(client, member):
    topic = TopicFactory()

    assert client.post(f"/forum/sujet/{topic.pk}/suivre/")["Location"].startswith("/comptes/login/")
    client.force_login(member)
    assert client.get(f"/forum/sujet/{topic.pk}/suivre/").status_code == 405
