"""French full-text search over the visible posts of the forum."""

import pytest

from tests.factories.forum import PostFactory, TopicFactory

pytestmark = pytest.mark.django_db


def search(client, query):
    response = client.get("/forum/recherche/", {"q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_fete_finds_fete_with_its_accent_and_shows_an_excerpt(client):
    topic = TopicFactory(title="Organiser la rue en juin", body="La Fête des voisins aura lieu le 6 juin.")

    page = search(client, "fete")

    assert "1 message trouvé." in page
    assert f'href="/forum/message/{topic.posts.get().pk}/">Organiser la rue en juin</a>' in page
    assert "<mark>Fête</mark> des voisins" in page
    assert "<title>Recherche « fete » — Forum — Tous voisins 44</title>" in page


def test_words_are_stemmed_and_results_ranked(client):
    once = TopicFactory(title="Un balcon", body="Mon petit jardin sur le balcon.")
    often = TopicFactory(
        title="Le potager", body="Jardiner au jardin, des jardins partagés pour jardiner ensemble."
    )

    page = search(client, "jardiner")

    assert page.index(often.title) < page.index(once.title)


def test_the_websearch_syntax_works_phrases_and_exclusions(client):
    TopicFactory(title="Sujet A", body="La fête des voisins, rue des Lilas.")
    TopicFactory(title="Sujet B", body="Une fête de quartier, pas des voisins.")
    TopicFactory(title="Sujet C", body="Une fête sous la pluie.")

    phrase = search(client, '"fête des voisins"')
    excluded = search(client, "fête -pluie")

    assert "Sujet A" in phrase and "Sujet B" not in phrase
    assert "Sujet C" not in excluded and "Sujet A" in excluded


def test_hidden_posts_and_posts_of_hidden_topics_are_not_found(client, moderator):
    TopicFactory(title="Visible", body="Une brocante dimanche.")
    PostFactory(body="Brocante : mon arnaque", hidden=True, hidden_reason="arnaque")
    TopicFactory(title="Sujet masqué", body="Une autre brocante", hidden=True)

    page = search(client, "brocante")
    client.force_login(moderator)
    as_moderator = search(client, "brocante")

    assert "1 message trouvé." in page
    assert "arnaque" not in page and "Sujet masqué" not in page
    assert "1 message trouvé." in as_moderator


def test_the_excerpt_is_escaped_text(client):
    TopicFactory(title="Maths", body="Une fête où 3 < 4 & <script>alert(1)</script> <b>gras</b>")

    page = search(client, "fete")

    assert "<script>alert" not in page
    assert "<b>gras" not in page
    assert "3 &lt; 4 &amp;" in page


def test_an_empty_query_shows_the_form_and_a_short_one_a_friendly_message(client):
    empty = search(client, "")
    short = search(client, "a")

    assert "<title>Rechercher dans le forum — Tous voisins 44</title>" in empty
    assert "Écrivez au moins 3 lettres" not in empty
    assert "Écrivez au moins 3 lettres pour lancer la recherche." in short


def test_nothing_found_says_so_and_suggests_another_word(client):
    page = search(client, "hippopotame")

    assert "Aucun message ne contient « hippopotame »." in page
