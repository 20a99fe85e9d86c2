"""Feeds that calendar apps and feed readers poll: ETag / Last-Modified, 304 without building,
a bounded window (tousvoisins.stamped, README "Flux")."""

import pytest
from django.test.signals import template_rendered

from events.models import Event
from tests.factories import EventFactory, next_local
from tests.factories.news import NewsItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def renders():
    seen = []

    def record(sender, template, **kwargs):
        seen.append(template.name)

    template_rendered.connect(record)
    yield seen
    template_rendered.disconnect(record)


@pytest.mark.parametrize(
    "path", ["/agenda/agenda.ics", "/agenda/agenda.ics?theme=emploi", "/actualites/flux.xml"]
)
def test_a_feed_asked_again_with_its_etag_answers_304_without_building(
    client, django_assert_num_queries, renders, path
):
    EventFactory(themes=["emploi"])
    NewsItemFactory()
    first = client.get(path)
    assert first.status_code == 200
    assert first["ETag"] and first["Last-Modified"]
    renders.clear()
    with django_assert_num_queries(0):
        again = client.get(path, headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 304
    assert again.content == b""
    assert renders == []
    with django_assert_num_queries(0):
        since = client.get(path, headers={"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304


def test_a_change_of_the_agenda_gives_a_new_etag(client):
    event = EventFactory(title="Repair café", themes=["emploi"])
    first = client.get("/agenda/agenda.ics")
    event.title = "Repair café du samedi"
    event.save()
    again = client.get("/agenda/agenda.ics", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert again["ETag"] != first["ETag"]
    assert "Repair café du samedi" in again.content.decode()


def test_the_feed_holds_the_past_month_and_the_next_twelve_months(client):
    EventFactory(title="Rencontre de la semaine passée", start=next_local(days=-7))
    EventFactory(title="Rencontre d'il y a deux mois", start=next_local(days=-60))
    EventFactory(title="Rencontre de l'an prochain", start=next_local(days=300))
    EventFactory(title="Rencontre dans deux ans", start=next_local(days=700))
    text = client.get("/agenda/agenda.ics").content.decode()
    assert "Rencontre de la semaine passée" in text
    assert "Rencontre de l'an prochain" in text
    assert "Rencontre d'il y a deux mois" not in text
    assert "Rencontre dans deux ans" not in text


def test_a_news_item_published_changes_the_rss_feed(client):
    first = client.get("/actualites/flux.xml")
    NewsItemFactory(title="Le marché de Noël revient")
    again = client.get("/actualites/flux.xml", headers={"If-None-Match": first["ETag"]})
    assert again.status_code == 200
    assert "Le marché de Noël revient" in again.content.decode()


def test_a_cancelled_event_stays_in_the_feed_marked_cancelled(client):
    event = EventFactory(title="Chorale", start=next_local(days=3))
    client.get("/agenda/agenda.ics")
    event.status = Event.Status.CANCELLED
    event.status_reason = "Salle indisponible"
    event.save()
    text = client.get("/agenda/agenda.ics").content.decode()
    assert "STATUS:CANCELLED" in text
