"""Item 5: a post hidden by the moderation disappears from the quotes of it too ("Message masqué
par la modération."), and showing it again brings them back; the public note states no reason,
which its author and the moderation still see."""

import pytest

from forum.models import Post
from tests.conftest import make_user
from tests.factories.forum import TopicFactory
from tests.factories.profiles import ProfileFactory

pytestmark = pytest.mark.django_db

SECRET = "pilules miracles"
REASON = "Insultes, menaces ou harcèlement"
NOTE = "Message masqué par la modération."


@pytest.fixture
def marcel(db):
    user = make_user("marcel")
    ProfileFactory(user=user, display_name="Marcel")
    return user


@pytest.fixture
def thread(client, marcel, other_member):
    """Marcel's post, and Bob's reply quoting it through "Citer", both sent from the site."""
    topic = TopicFactory(category="emploi", title="Un atelier CV")
    client.force_login(marcel)
    client.post(f"{topic.get_absolute_url()}repondre/", {"body": f"Achetez mes {SECRET} !"})
    quoted = Post.objects.get(author=marcel)
    client.force_login(other_member)
    prefilled = client.get(f"{topic.get_absolute_url()}?citer={quoted.pk}").context["form"].initial["body"]
    client.post(f"{topic.get_absolute_url()}repondre/", {"body": prefilled + "Non merci, pas ici."})
    client.logout()
    return {"topic": topic, "quoted": quoted, "quoting": Post.objects.get(author=other_member)}


def hide(client, moderator, post, reason=REASON):
    client.force_login(moderator)
    response = client.post(f"/forum/message/{post.pk}/masquer/", {"reason": reason})
    client.logout()
    assert response.status_code == 302


def page_for(client, user, topic):
    if user is None:
        client.logout()
    else:
        client.force_login(user)
    response = client.get(topic.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode()


def test_the_quote_shows_the_quoted_text_while_the_post_is_visible(client, thread):
    page = page_for(client, None, thread["topic"])

    assert page.count(SECRET) == 2  # the post and its quote
    assert thread["quoting"].quotes.get() == thread["quoted"]


@pytest.mark.parametrize("viewer", ["visitor", "other_member", "author", "moderator"])
def test_a_hidden_post_disappears_from_the_quotes_of_it_for_everyone(
    client, thread, moderator, marcel, member, viewer
):
    hide(client, moderator, thread["quoted"])
    user = {"visitor": None, "other_member": member, "author": marcel, "moderator": moderator}[viewer]

    page = page_for(client, user, thread["topic"])

    quote = page[page.index("Marcel</strong> a écrit") :]
    quote = quote[: quote.index("</blockquote>")]
    assert SECRET not in quote
    assert "<em>Message masqué par la modération.</em>" in quote
    assert "Non merci, pas ici." in page  # the quoting post's own words stay


@pytest.mark.parametrize("viewer", ["visitor", "other_member"])
def test_the_public_sees_no_hidden_text_and_no_reason(client, thread, moderator, member, viewer):
    hide(client, moderator, thread["quoted"])
    user = {"visitor": None, "other_member": member}[viewer]

    page = page_for(client, user, thread["topic"])

    assert SECRET not in page
    assert NOTE in page
    assert REASON not in page
    assert "Message masqué par la modération :" not in page


def test_the_author_sees_the_reason_but_not_as_public_text(client, thread, moderator, marcel):
    hide(client, moderator, thread["quoted"])

    page = page_for(client, marcel, thread["topic"])

    assert NOTE in page
    assert f"Raison, que seuls l'auteur du message et la modération voient : {REASON}" in page
    assert SECRET not in page


def test_a_moderator_sees_the_reason_and_the_hidden_text_in_the_post_only(client, thread, moderator):
    hide(client, moderator, thread["quoted"])

    page = page_for(client, moderator, thread["topic"])

    assert f"Raison, que seuls l'auteur du message et la modération voient : {REASON}" in page
    assert "Texte masqué, visible par la modération seulement" in page
    assert page.count(SECRET) == 1  # in the marked hidden post, not in the quote


def test_showing_the_post_again_brings_its_quotes_back(client, thread, moderator):
    hide(client, moderator, thread["quoted"])
    client.force_login(moderator)

    response = client.post(f"/forum/message/{thread['quoted'].pk}/afficher/")

    assert response.status_code == 302
    assert response["Location"] == f"/forum/message/{thread['quoted'].pk}/"
    page = page_for(client, None, thread["topic"])
    assert page.count(SECRET) == 2
    assert NOTE not in page
    thread["quoting"].refresh_from_db()
    assert SECRET in thread["quoting"].body_html and SECRET in thread["quoting"].body_text


def test_the_search_no_longer_finds_the_hidden_text_through_a_quote(client, thread, moderator):
    quoting_link = f'href="/forum/message/{thread["quoting"].pk}/"'
    assert quoting_link in client.get("/forum/recherche/", {"q": "pilules"}).content.decode()

    hide(client, moderator, thread["quoted"])

    page = client.get("/forum/recherche/", {"q": "pilules"}).content.decode()
    assert quoting_link not in page
    thread["quoting"].refresh_from_db()
    assert SECRET in thread["quoting"].body  # kept, for when the post is shown again
    assert SECRET not in thread["quoting"].body_text


def test_a_quote_within_a_quote_is_masked_and_the_outer_quote_stays(client, thread, moderator, member):
    topic = thread["topic"]
    client.force_login(member)
    client.post(
        f"{topic.get_absolute_url()}repondre/", {"body": thread["quoting"].quoted() + "Bien répondu."}
    )
    nested = Post.objects.get(author=member)
    assert SECRET in nested.body_html

    hide(client, moderator, thread["quoted"])

    nested.refresh_from_db()
    assert SECRET not in nested.body_html
    assert "Non merci, pas ici." in nested.body_html  # Bob's words, quoted by Alice
    assert "<em>Message masqué par la modération.</em>" in nested.body_html


def test_a_quote_of_an_already_hidden_post_is_masked_when_sent(client, thread, moderator, member):
    body = thread["quoted"].quoted() + "Je cite quand même."
    hide(client, moderator, thread["quoted"])
    client.force_login(member)

    client.post(f"{thread['topic'].get_absolute_url()}repondre/", {"body": body})

    late = Post.objects.get(author=member)
    assert SECRET not in late.body_html and "Je cite quand même." in late.body_html
    assert late.quotes.get() == thread["quoted"]


def test_the_hide_form_says_the_reason_is_not_public(client, thread, moderator):
    client.force_login(moderator)

    page = client.get(f"/forum/message/{thread['quoted'].pk}/masquer/").content.decode()

    assert "Montrée à l'auteur du message et à la modération, jamais au public." in page
    assert "Seuls son auteur et la modération verront la raison." in page
