"""An event published from the admin's review queue ("Propositions à relire", the ProposedEvent
proxy) shows in the agenda on the next request: the proxy's saves change the agenda's stamp like
the event's own (tousvoisins.content_stamp watches proxies too). Found by the browser story of a
proposal: its kept count said « Aucune rencontre » after publishing."""

import pytest
from django.test import Client

from events.models import Event
from events.models.event import ProposedEvent
from tests.conftest import make_user
from tests.events.test_admin import QUEUE, action, proposals  # noqa: F401 (fixture)
from tests.factories import EventFactory
from tousvoisins import content_stamp

pytestmark = pytest.mark.django_db


def test_published_from_the_queue_it_is_in_the_agenda_at_once(client, proposals, moderator):  # noqa: F811
    visitor = Client()
    assert "Pique-nique à Rezé" not in visitor.get("/agenda/").text
    before = content_stamp.stamp("agenda")

    client.force_login(moderator)
    response = action(client, QUEUE, "publish_selected", [proposals["nantes"]])
    assert response.status_code == 302

    assert content_stamp.stamp("agenda") != before
    assert "Pique-nique à Rezé" in visitor.get("/agenda/").text


def test_a_save_through_the_proxy_changes_the_stamp():
    proposal = ProposedEvent.objects.get(
        pk=EventFactory(status=Event.Status.PROPOSED, proposed_by=make_user("organisatrice")).pk
    )
    before = content_stamp.stamp("agenda")
    proposal.title = "Atelier couture"
    proposal.save()
    assert content_stamp.stamp("agenda") != before
