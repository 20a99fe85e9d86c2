"""Placing an event from its address when a geocoder is set up (settings.GEOCODER_URL).

The geocoder here is a real HTTP server on 127.0.0.1 started by the tests, answering as the
national address base does (GeoJSON); the network is never reached. Without a geocoder, or with a
slow, unsure or wrong one, the event goes to the centre of its commune.
"""

import json
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.cache import cache

from events.models import Event
from tousvoisins.models import Commune

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)
PROPOSE = "/agenda/proposer/"
IN_REZE = (-1.556, 47.184)  # a street of Rezé, away from the commune's centre
ELSEWHERE_IN_REZE = (-1.57, 47.19)
IN_NANTES = (-1.553, 47.218)
IN_PARIS = (2.3499, 48.8530)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=True):
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    cache.clear()


class AddressBase(BaseHTTPRequestHandler):
    """Answers every search with one feature at `coordinates` and `score`, after `delay` seconds."""

    coordinates = IN_REZE
    score = 0.9
    delay = 0
    queries = []
    stop = threading.Event()

    def log_message(self, *args):
        pass

    def do_GET(self):
        type(self).queries.append(parse_qs(urlsplit(self.path).query))
        if self.delay:
            self.stop.wait(self.delay)
            return
        body = json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "geometry": {"type": "Point", "coordinates": list(self.coordinates)},
                        "properties": {"score": self.score, "label": "12 Rue du Bêle"},
                    }
                ],
            }
        ).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextmanager
def geocoder(settings, **answer):
    handler = type("Answer", (AddressBase,), {**answer, "queries": [], "stop": threading.Event()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.GEOCODER_URL = f"http://127.0.0.1:{server.server_port}/geocodage/search"
    settings.GEOCODER_TIMEOUT = 0.5
    try:
        yield handler
    finally:
        handler.stop.set()
        server.shutdown()
        server.server_close()


def propose(client, member, **changes):
    data = {
        "title": "Café-emploi",
        "summary": "On relit son CV ensemble, autour d'un café.",
        "themes": ["emploi"],
        "start_date": "2026-12-08",
        "start_time": "14:00",
        "end_time": "16:30",
        "place_name": "Maison de quartier",
        "address": "12 rue du Bêle",
        "commune_name": "Rezé",
        "organiser_name": "Association Entraide",
        **changes,
    }
    client.force_login(member)
    return client.post(PROPOSE, data)


def reze_centre():
    return Commune.objects.get(insee="44143").centre


def test_a_proposal_is_placed_at_its_address(client, member, settings):
    with geocoder(settings) as address_base:
        response = propose(client, member)
    assert response.status_code == 302
    assert response["Location"] == "/agenda/mes-propositions/"
    event = Event.objects.get()
    assert event.point.coords == IN_REZE
    assert event.commune.insee == "44143"
    assert address_base.queries == [{"q": ["12 rue du Bêle Rezé"], "limit": ["1"]}]


@pytest.mark.parametrize(
    "answer",
    [
        {"score": 0.3},  # the address base is guessing
        {"coordinates": IN_NANTES},  # a street of the same name in the next commune
        {"coordinates": IN_PARIS},  # far away
    ],
)
def test_an_unsure_or_wrong_answer_puts_the_event_at_the_centre_of_its_commune(
    client, member, settings, answer
):
    with geocoder(settings, **answer):
        response = propose(client, member)
    assert response.status_code == 302
    assert response["Location"] == "/agenda/mes-propositions/"
    event = Event.objects.get()
    assert (event.commune.insee, event.point) == ("44143", reze_centre())


def test_a_silent_geocoder_is_given_up_after_its_short_timeout(client, member, settings):
    with geocoder(settings, delay=5):
        began = time.monotonic()
        response = propose(client, member)
        elapsed = time.monotonic() - began
    assert response.status_code == 302
    assert response["Location"] == "/agenda/mes-propositions/"
    assert Event.objects.get().point == reze_centre()
    assert elapsed < 3


def test_without_an_address_the_geocoder_is_not_asked(client, member, settings):
    with geocoder(settings) as address_base:
        propose(client, member, address="")
    assert address_base.queries == []
    assert Event.objects.get().point == reze_centre()


def test_a_new_address_for_a_pending_proposal_moves_it(client, member, settings):
    with geocoder(settings):
        propose(client, member)
    event = Event.objects.get()
    with geocoder(settings, coordinates=ELSEWHERE_IN_REZE) as address_base:
        response = client.post(
            f"/agenda/mes-propositions/{event.pk}/modifier/",
            {
                "title": "Café-emploi",
                "summary": "On relit son CV ensemble, autour d'un café.",
                "themes": ["emploi"],
                "start_date": "2026-12-08",
                "start_time": "14:00",
                "end_time": "16:30",
                "repeat": "",
                "place_name": "Maison de quartier",
                "address": "3 place du Marché",
                "commune_name": "Rezé",
                "organiser_name": "Association Entraide",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/agenda/mes-propositions/"
    event.refresh_from_db()
    assert address_base.queries == [{"q": ["3 place du Marché Rezé"], "limit": ["1"]}]
    assert event.point.coords == ELSEWHERE_IN_REZE


# In the admin, a new address without a point on the map places the event the same way -----------


def test_a_new_address_in_the_admin_moves_the_event(client, moderator, settings):
    from tests.events.test_admin import change_url, form_data
    from tests.factories import EventFactory

    event = EventFactory(title="Chorale", insee="44143")
    assert event.point == reze_centre()
    client.force_login(moderator)
    data = form_data(client.get(change_url(event)))
    data["address"] = "12 rue du Bêle"
    with geocoder(settings) as address_base:
        response = client.post(change_url(event), data)
    assert response.status_code == 302
    assert response["Location"] == "/admin/events/event/"
    event.refresh_from_db()
    assert event.point.coords == IN_REZE
    assert address_base.queries == [{"q": ["12 rue du Bêle Rezé"], "limit": ["1"]}]


def test_a_point_set_on_the_admin_map_wins_over_the_address(client, moderator, settings):
    from django.contrib.gis.geos import Point

    from tests.events.test_admin import change_url, form_data
    from tests.factories import EventFactory

    event = EventFactory(title="Chorale", insee="44143")
    client.force_login(moderator)
    data = form_data(client.get(change_url(event)))
    data.update(address="12 rue du Bêle", point=Point(*ELSEWHERE_IN_REZE, srid=4326).geojson)
    with geocoder(settings) as address_base:
        response = client.post(change_url(event), data)
    assert response.status_code == 302
    assert response["Location"] == "/admin/events/event/"
    event.refresh_from_db()
    assert event.point.coords == pytest.approx(ELSEWHERE_IN_REZE)
    assert address_base.queries == []
