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
