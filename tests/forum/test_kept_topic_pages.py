"""A topic page keeps its topic and its page of posts, a search its page of results
(tousvoisins.fragments): a reply, a hidden topic, a name changed or an account closed show on the
next request, and what is one reader's (following the topic, editing their post, reporting, the
moderation's tools, why a post is hidden) is never served to another."""

import re
from html import unescape

import pytest
from django.utils import timezone

from accounts.gdpr import account_close
from tests.factories.forum import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _html(response):
    assert response.status_code == 200
    return unescape(response.content.decode())


def _client(client, user=None):
    other = client.__class__()
    if user is not None:
        other.force_login(user)
    return other


def test_a_reply_shows_on_the_kept_page_with_its_count_at_once(client, alice):
    topic = TopicFactory(author=alice, body="Qui vient au marché samedi ?")
    visitor = _client(client)
    assert "1 réponse." not in _html(visitor.get(topic.get_absolute_url()))

    client.force_login(alice)
    response = client.post(f"{topic.get_absolute_url()}repondre/", {"body": "Moi, avec mon panier."})
    assert response.status_code == 302

    html = _html(visitor.get(topic.get_absolute_url()))
    assert "Moi, avec mon panier." in html and "1 réponse." in html


def test_a_reply_on_a_new_page_shows_on_that_kept_page(client, alice):
    topic = TopicFactory(author=alice)
    for number in range(19):
        PostFactory(topic=topic, body=f"Réponse numéro {number}.")
    visitor = _client(client)
    assert "Page 1 sur 1" not in _html(visitor.get(topic.get_absolute_url()))  # one page: no pagination
    assert "Réponse numéro 18." in _html(visitor.get(f"{topic.get_absolute_url()}?page=2"))

    PostFactory(topic=topic, body="La vingt et unième.")

    assert "Page 2 sur 2" in _html(visitor.get(f"{topic.get_absolute_url()}?page=2"))
    assert "La vingt et unième." in _html(visitor.get(f"{topic.get_absolute_url()}?page=2"))


def test_a_topic_hidden_by_the_moderation_leaves_at_once_but_for_it(client, alice, moderator):
    topic = TopicFactory(author=alice, title="Un sujet à masquer")
    visitor, author = _client(client), _client(client, alice)
    for reader in (visitor, author):
        assert reader.get(topic.get_absolute_url()).status_code == 200

    client.force_login(moderator)
    assert client.post(f"/forum/sujet/{topic.pk}/moderer/", {"action": "masquer"}).status_code == 302

    assert visitor.get(topic.get_absolute_url()).status_code == 404
    assert author.get(topic.get_absolute_url()).status_code == 404
    assert "Sujet masqué par la modération" in _html(client.get(topic.get_absolute_url()))


def test_a_name_changed_or_an_account_closed_shows_on_the_kept_posts(client, alice):
    topic = TopicFactory(author=alice, body="Bonjour les voisins.")
    assert "Alice" in _html(client.get(topic.get_absolute_url()))

    profile = alice.profile
    profile.display_name = "Alicia"
    profile.save()
    html = _html(client.get(topic.get_absolute_url()))
    assert "Alicia" in html and "Sujet ouvert par Alice " not in html

    account_close(alice)
    html = _html(client.get(topic.get_absolute_url()))
    assert "Alicia" not in html and "Ancien membre" in html


def test_what_is_one_readers_is_never_served_to_another(client, alice, bob, moderator):
    topic = TopicFactory(author=bob, body="Un message de Bob.")
    post = PostFactory(topic=topic, author=alice, body="Une réponse d'Alice.", created=timezone.now())
    pages = {}
    # The moderation fills every kept copy first, then each reader in turn.
    for name, user in (("moderator", moderator), ("alice", alice), ("bob", bob), ("visitor", None)):
        reader = _client(client, user)
        if name == "alice":
            assert reader.post(f"/forum/sujet/{topic.pk}/suivre/", {"action": "suivre"}).status_code == 302
        pages[name] = _html(reader.get(topic.get_absolute_url()))

    edit = f'href="/forum/message/{post.pk}/modifier/"'
    report = f'href="/forum/message/{post.pk}/signaler/"'
    hide = f'href="/forum/message/{post.pk}/masquer/"'
    assert "Ne plus suivre ce sujet" in pages["alice"]
    assert "Ne plus suivre ce sujet" not in pages["bob"] and "Suivre ce sujet" in pages["bob"]
    assert "Suivre ce sujet" not in pages["visitor"]
    assert edit in pages["alice"] and report not in pages["alice"]
    assert report in pages["bob"] and edit not in pages["bob"]
    assert edit not in pages["visitor"] and report not in pages["visitor"]
    assert "Modération du sujet" in pages["moderator"] and hide in pages["moderator"]
    for name in ("alice", "bob", "visitor"):
        assert "Modération du sujet" not in pages[name] and hide not in pages[name]
    tokens = {name: set(TOKEN.findall(html)) for name, html in pages.items()}
    assert not tokens.pop("visitor")  # no form for a visitor
    for name, found in tokens.items():  # each signed-in reader's forms carry their token alone
        others = set().union(*(other for key, other in tokens.items() if key != name))
        assert found and not found & others, name


def test_why_a_post_is_hidden_is_for_its_author_and_the_moderation_only(client, alice, bob, moderator):
    topic = TopicFactory(author=alice)
    post = PostFactory(topic=topic, author=bob, body="Mon numéro : 06 00 00 00 00.")
    _client(client).get(topic.get_absolute_url())  # a visitor fills the kept copies

    client.force_login(moderator)
    response = client.post(f"/forum/message/{post.pk}/masquer/", {"reason": "numéro de téléphone"})
    assert response.status_code == 302

    as_moderator = _html(client.get(topic.get_absolute_url()))
    as_author = _html(_client(client, bob).get(topic.get_absolute_url()))
    as_alice = _html(_client(client, alice).get(topic.get_absolute_url()))
    as_visitor = _html(_client(client).get(topic.get_absolute_url()))
    assert "numéro de téléphone" in as_moderator and "06 00 00 00 00" in as_moderator
    assert "numéro de téléphone" in as_author and "06 00 00 00 00" not in as_author
    for html in (as_alice, as_visitor):
        assert "Message masqué par la modération." in html
        assert "numéro de téléphone" not in html and "06 00 00 00 00" not in html


def test_a_kept_search_finds_a_new_reply_and_forgets_a_hidden_topic_at_once(client, alice, moderator):
    topic = TopicFactory(author=alice, body="Qui répare les vélos ?")
    search = "/forum/recherche/?q=brocante"
    assert "Aucun message ne contient" in _html(client.get(search))

    PostFactory(topic=topic, body="Une brocante dimanche.")
    assert "1 message trouvé." in _html(client.get(search))

    moderating = _client(client, moderator)
    assert moderating.post(f"/forum/sujet/{topic.pk}/moderer/", {"action": "masquer"}).status_code == 302
    assert "Aucun message ne contient" in _html(client.get(search))


def test_a_kept_search_says_its_own_words_and_page(client):
    for number in range(3):
        TopicFactory(title=f"Jardin {number}", body=f"Un jardin partagé numéro {number}.")
    TopicFactory(title="Vélo", body="Un vélo à donner.")

    jardin = _html(client.get("/forum/recherche/?q=jardin"))
    velo = _html(client.get("/forum/recherche/?q=vélo"))
    assert "3 messages trouvés." in jardin and "vélo à donner" not in jardin
    assert "1 message trouvé." in velo and "jardin partagé" not in velo
    # A misspelling is offered the nearer word, kept with its (empty) results.
    for _ in range(2):
        assert (
            "jardin" in _html(client.get("/forum/recherche/?q=jardn")).split("Vouliez-vous dire", 1)[1][:200]
        )


@pytest.mark.parametrize("replies", [1, 15])
def test_a_members_topic_page_makes_the_same_queries_whatever_its_length(
    client, alice, replies, django_assert_num_queries
):
    topic = TopicFactory()
    for _ in range(replies):
        PostFactory(topic=topic)
    client.force_login(alice)
    client.get(topic.get_absolute_url())  # fills the kept topic and posts
    # 1 session, 2 user, 3 their groups (do they moderate?), 4 their verified address (may they
    # write?), 5 do they follow the topic? The topic and its posts are kept, and so are the
    # layout's suspension and unread messages (under the member's own stamp).
    with django_assert_num_queries(5):
        assert client.get(topic.get_absolute_url()).status_code == 200
