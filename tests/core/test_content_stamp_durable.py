"""Content stamps kept in the database too (tousvoisins.content_stamp): a cache that lost them
(flushed, restarted) reads them back in one query, so what each worker kept under them (its
pages, rows, feeds, the dashboard's figures) is still served, and nothing changed meanwhile is
ever served old: a change is written to the database when it commits, before the cache."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from events.models import Event
from events.services import event_publish
from pages import page_cache
from tests.dashboard.test_dashboard import crafted, signed_in  # noqa: F401
from tests.factories import EventFactory
from tests.factories.news import NewsItemFactory
from tousvoisins import content_stamp
from tousvoisins.models import ContentStamp

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _stamps_in_database(settings):
    settings.CONTENT_STAMPS_IN_DATABASE = True


def test_a_flushed_cache_reads_the_same_stamps_back_in_one_query(django_assert_num_queries):
    before = content_stamp.stamps("agenda", "news", content_stamp.SITE)
    cache.clear()

    with django_assert_num_queries(1):
        after = content_stamp.stamps("agenda", "news", content_stamp.SITE)
    with django_assert_num_queries(0):  # put back in the cache
        again = content_stamp.stamps("agenda", "news", content_stamp.SITE)

    assert after == before == again


def test_an_area_never_stamped_gets_a_stamp_kept_in_the_database():
    assert not ContentStamp.objects.filter(area="forum").exists()

    value = content_stamp.stamp("forum")

    assert ContentStamp.objects.get(area="forum").value == value


def test_a_change_is_written_to_the_database_when_it_commits(django_capture_on_commit_callbacks):
    before = content_stamp.stamps("news", content_stamp.SITE)
    with django_capture_on_commit_callbacks(execute=True):
        NewsItemFactory(title="Le marché de Noël revient")
    committed = content_stamp.stamps("news", content_stamp.SITE)
    assert committed["news"] != before["news"]
    assert committed["site"] != before["site"]

    cache.clear()

    assert content_stamp.stamps("news", content_stamp.SITE) == committed
    assert dict(ContentStamp.objects.values_list("area", "value"))["news"] == committed["news"]


def test_a_stamp_changed_meanwhile_wins_over_the_one_put_back():
    """A worker reads the database's stamp, then a change commits (database, then cache) before
    that worker puts its copy back: the change's stamp stays."""
    content_stamp.stamp("agenda")
    ContentStamp.objects.filter(area="agenda").update(value="read-before-the-change")
    content_stamp._bump_now("agenda", durable=True)
    changed = cache.get("stamp:agenda")
    ContentStamp.objects.filter(area="agenda").update(value="read-before-the-change")

    assert content_stamp._recovered(["agenda"]) == {"agenda": changed}
    assert content_stamp.stamp("agenda") == changed


def test_a_member_s_own_area_stays_in_the_cache_alone(django_assert_num_queries):
    area = content_stamp.member(42)
    with django_assert_num_queries(0):
        first = content_stamp.stamp(area)
        content_stamp._bump_now(area, site=False, durable=True)
    assert content_stamp.stamp(area) != first
    assert not ContentStamp.objects.filter(area__startswith="member:").exists()


def test_a_flushed_cache_keeps_serving_the_pages_each_worker_kept(client, settings):
    settings.PAGE_CACHE_ENABLED = True
    first = client.get("/agenda/")
    assert first[page_cache.HEADER] == "miss"

    cache.clear()

    again = client.get("/agenda/")
    assert again[page_cache.HEADER] == "hit"
    assert again.content == first.content


def test_an_event_published_then_the_cache_flushed_still_shows(
    client, settings, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_ENABLED = True
    event = EventFactory(title="Atelier tricot du jeudi", status=Event.Status.PROPOSED)
    assert "Atelier tricot du jeudi" not in client.get("/agenda/").text
    with django_capture_on_commit_callbacks(execute=True):
        event_publish(event=event)

    cache.clear()

    page = client.get("/agenda/")
    assert page[page_cache.HEADER] == "miss"
    assert "Atelier tricot du jeudi" in page.text


def test_the_dashboard_after_a_flush_is_not_counted_again(
    client,
    moderator,
    crafted,  # noqa: F811
    django_assert_num_queries,
):
    signed_in(client, moderator)
    # The stamps the data's factories made in this uncommitted test are in the cache alone: the
    # first page starts them in the database, as the commits of a running site do.
    cache.clear()
    first = client.get(reverse("dashboard")).content.decode()
    cache.clear()

    # The warm page's four queries (tests/dashboard/test_warm_page.py) and the stamps read back.
    with django_assert_num_queries(5):
        after = client.get(reverse("dashboard")).content.decode()
    assert after[after.index('id="referents"') :] == first[first.index('id="referents"') :]


def test_without_the_database_a_flushed_cache_starts_new_stamps(settings):
    settings.CONTENT_STAMPS_IN_DATABASE = False
    rows = list(ContentStamp.objects.values_list("area", "value"))
    before = content_stamp.stamp("agenda")
    cache.clear()
    assert content_stamp.stamp("agenda") != before
    assert list(ContentStamp.objects.values_list("area", "value")) == rows
