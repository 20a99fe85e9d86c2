"""Whole pages kept for visitors who are not signed in (pages.page_cache), through HTTP."""

import threading

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from events.models import Event
from events.services import event_publish
from forum.services import post_hide
from pages import page_cache
from tests.conftest import PASSWORD, make_user
from tests.factories import EventFactory
from tests.factories.forum import TopicFactory
from tests.factories.news import NewsItemFactory
from tousvoisins import content_stamp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _page_cache_on(settings):
    settings.PAGE_CACHE_ENABLED = True


def test_an_anonymous_page_is_built_once_then_served_from_the_cache(client, django_assert_num_queries):
    first = client.get("/agenda/")
    assert first.status_code == 200
    assert first[page_cache.HEADER] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/agenda/")
    assert second[page_cache.HEADER] == "hit"
    assert second.content == first.content
    assert "Cookie" in second["Vary"]


def test_a_published_event_appears_on_the_next_request(client):
    event = EventFactory(title="Atelier tricot du jeudi", status=Event.Status.PROPOSED)
    assert "Atelier tricot du jeudi" not in client.get("/agenda/").text
    assert client.get("/agenda/")[page_cache.HEADER] == "hit"
    event_publish(event=event)
    page = client.get("/agenda/")
    assert page[page_cache.HEADER] == "miss"
    assert "Atelier tricot du jeudi" in page.text


def test_a_hidden_post_disappears_on_the_next_request(client, moderator):
    topic = TopicFactory(body="Un message qui sera masqué par la modération.")
    url = topic.get_absolute_url()
    assert "Un message qui sera masqué" in client.get(url).text
    assert client.get(url)[page_cache.HEADER] == "hit"
    post_hide(post=topic.posts.get(), by=moderator, reason="Hors charte")
    assert "Un message qui sera masqué" not in client.get(url).text


def test_a_new_news_item_appears_on_the_next_request(client):
    assert "Le marché de Noël revient" not in client.get("/actualites/").text
    NewsItemFactory(title="Le marché de Noël revient")
    assert "Le marché de Noël revient" in client.get("/actualites/").text


def test_one_copy_per_reading_comfort(client):
    usual = client.get("/aide/")
    client.cookies["confort"] = "tres-grand.contraste.large"
    large = client.get("/aide/")
    assert large[page_cache.HEADER] == "miss"
    assert "texte-tres-grand" in large.text
    assert "texte-tres-grand" not in usual.text
    assert client.get("/aide/")[page_cache.HEADER] == "hit"


def test_a_signed_in_member_is_never_served_a_kept_page(client):
    EventFactory(title="Rencontre du quartier")
    assert client.get("/agenda/")[page_cache.HEADER] == "miss"
    member = make_user("camille")
    assert client.login(username=member.username, password=PASSWORD)
    page = client.get("/agenda/")
    assert page_cache.HEADER not in page
    assert "Déconnexion" in page.text or "Se déconnecter" in page.text or "Mon profil" in page.text
    # Nor is the page built for a member kept for the visitors who come after.
    assert client.get("/")  # signed in
    assert cache.get(page_cache.page_key(_request_for("/"))) is None


def _request_for(path):
    from django.test import RequestFactory

    return RequestFactory().get(path)


def test_pages_with_a_csrf_token_are_never_kept(client):
    for path in (reverse("account_login"), "/contact/"):
        page = client.get(path)
        assert page.status_code == 200
        assert page.get(page_cache.HEADER) != "miss"
        assert client.get(path).get(page_cache.HEADER) not in ("hit", "stale")


def test_a_referent_page_with_its_contact_form_is_not_kept(client):
    from tests.factories.referents import ReferentFactory

    referent = ReferentFactory()
    url = referent.get_absolute_url()
    assert client.get(url).status_code == 200
    page = client.get(url)
    assert page.get(page_cache.HEADER) not in ("hit", "stale")
    assert "csrfmiddlewaretoken" in page.text


# Stampedes, with the project's cache ----------------------------------------------------------


def test_while_one_request_rebuilds_an_aged_page_the_others_serve_the_previous_copy(client, settings):
    settings.PAGE_CACHE_FRESH_SECONDS = 0
    first = client.get("/aide/")
    key = page_cache.page_key(_request_for("/aide/"))
    assert cache.add(f"{key}:lock", 1, 30)  # someone else is rebuilding it
    page = client.get("/aide/")
    assert page[page_cache.HEADER] == "stale"
    assert page.content == first.content


def test_after_a_change_the_others_wait_for_the_rebuilt_copy_instead_of_building_it_too(client, settings):
    settings.PAGE_CACHE_FRESH_SECONDS = 60
    client.get("/aide/")
    content_stamp.bump("news")
    key = page_cache.page_key(_request_for("/aide/"))
    assert cache.add(f"{key}:lock", 1, 30)
    # The request holding the lock stores its page a moment later; the "other" request must
    # not serve the copy of the old stamp, and waits for that one.
    stamp = content_stamp.stamp()
    entry = {"stamp": stamp, "fresh_until": 9e18, "status": 200, "content": b"<p>rebuilt</p>", "headers": []}
    timer = threading.Timer(0.2, lambda: cache.set(key, entry, 60))
    timer.start()
    page = client.get("/aide/")
    timer.join()
    assert page[page_cache.HEADER] == "waited"
    assert page.content == b"<p>rebuilt</p>"


def test_a_flushed_cache_starts_new_stamps_and_pages(client):
    client.get("/aide/")
    cache.clear()
    assert client.get("/aide/")[page_cache.HEADER] == "miss"


def test_the_stamp_changes_when_published_content_is_saved_or_deleted():
    before = content_stamp.stamps("agenda", "news", content_stamp.SITE)
    item = NewsItemFactory()
    after_news = content_stamp.stamps("agenda", "news", content_stamp.SITE)
    assert after_news["news"] != before["news"]
    assert after_news["site"] != before["site"]
    assert after_news["agenda"] == before["agenda"]
    item.delete()
    assert content_stamp.stamp("news") != after_news["news"]


def test_what_a_member_sees_is_never_shown_to_a_visitor_nor_to_another_member(client, alice, bob):
    from tests.factories.profiles import conversation_between

    conversation_between(bob, alice, "Bonjour Alice, on se voit jeudi ?")
    signed_in = Client()
    assert signed_in.login(username=alice.username, password=PASSWORD)
    for path in ("/", "/agenda/", "/forum/"):
        assert "Mes messages (1 non lu)" in signed_in.get(path).text
    for path in ("/", "/agenda/", "/forum/"):
        page = client.get(path)
        assert page[page_cache.HEADER] == "miss"  # nothing was kept from Alice's visit
        assert "Mes messages" not in page.text
        assert "csrfmiddlewaretoken" not in page.text
    other = Client()
    assert other.login(username=bob.username, password=PASSWORD)
    for path in ("/", "/agenda/", "/forum/"):
        page = other.get(path)
        assert page_cache.HEADER not in page
        assert "Mes messages" in page.text
        assert "non lu" not in page.text
