import io
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command

from events.demo import EVENTS, PARTICIPATIONS, seed_demo
from events.models import Event, Occurrence, Participation

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


def test_the_demo_agenda_is_alive_across_the_territory_and_loads_once(client):
    with time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=PARIS), tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        events = Event.objects.count()
        occurrences = Occurrence.objects.count()
        assert events == len(EVENTS) >= 25
        assert Event.objects.recurring().count() >= 8
        assert Event.objects.values("intercommunalite").distinct().count() >= 15
        participations = Participation.objects.count()
        assert participations == len(PARTICIPATIONS)
        assert seed_demo() == (
            f"0 événement(s) ajouté(s), {len(EVENTS)} déjà présent(s), 0 participation(s) ajoutée(s)."
        )
        counts = (Event.objects.count(), Occurrence.objects.count(), Participation.objects.count())
        assert counts == (events, occurrences, participations)
        response = client.get("/agenda/")
    assert response.status_code == 200
    assert "Café-emploi : on cherche ensemble" in response.content.decode()
    assert "Promenade à vélo sur les bords de Loire" not in response.content.decode()  # still proposed


def test_the_demo_members_have_dates_to_find_in_their_participations(client):
    from accounts.models import User

    with time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=PARIS), tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        client.force_login(User.objects.get(username="martine"))
        response = client.get("/agenda/mes-participations/")
    content = response.content.decode()
    assert "Chorale ouverte à tous" in content and "Café-emploi : on cherche ensemble" in content


def test_the_demo_shows_accompaniment_welcomers_and_phones_once(client):
    """Issue 12, item 7: a member's request with another member's offer, a request for Jeannine
    (registered by phone), and welcomers, how to come and phone numbers on several events."""
    from accounts.models import User
    from events.models import AccompanimentOffer, AccompanimentRequest

    with time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=PARIS), tick=False):
        call_command("seed_demo", stdout=io.StringIO())
        call_command("seed_demo", stdout=io.StringIO())  # idempotent
        member_request = AccompanimentRequest.objects.get(participation__isnull=False)
        assert member_request.requester.username == "martine"
        assert member_request.occurrence.event.title == "Café-emploi : on cherche ensemble"
        offer = AccompanimentOffer.objects.get()
        assert (offer.request, offer.helper.username) == (member_request, "sophie-emploi")
        for_jeannine = AccompanimentRequest.objects.get(registration__isnull=False)
        assert for_jeannine.requester_name == "Jeannine"
        assert for_jeannine.handled_by.username == "claire-nantes"
        assert Event.objects.exclude(welcomer_name="").count() >= 3
        assert Event.objects.exclude(how_to_come="").count() >= 3
        assert Event.objects.filter(phone_registration=True).exclude(phone_number="").count() >= 3

        client.force_login(User.objects.get(username="martine"))
        page = client.get(member_request.occurrence.event.get_absolute_url()).content.decode()
        assert "Accepter l'aide de" in page
        client.force_login(User.objects.get(username="claire-nantes"))
        event = for_jeannine.occurrence.event
        page = client.get(f"{event.get_absolute_url()}accompagnement/").content.decode()
        assert "Jeannine" in page and "inscrite par un référent" in page
        page = client.get(event.get_absolute_url()).content.decode()
        assert "Gérard" in page and "Bus 42, arrêt Château." in page
