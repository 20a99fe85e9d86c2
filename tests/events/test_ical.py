"""iCalendar feeds: the agenda with its filters, and one event; parsed back with icalendar."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import icalendar
import pytest
import time_machine

from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(datetime(2026, 11, 26, 10, tzinfo=PARIS), tick=False):
        yield


def at(day, hour=14, **fields):
    start = datetime(2026, 12, day, hour, tzinfo=PARIS)
    return {"start": start, "end": start + timedelta(hours=2), **fields}


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return icalendar.Calendar.from_ical(response.content)


def vevents(calendar):
    return {str(component["SUMMARY"]): component for component in calendar.walk("VEVENT")}


def test_the_feed_is_a_valid_calendar_with_the_paris_time_zone(client):
    event = EventFactory(
        title="Café-emploi",
        place_name="Médiathèque",
        address="2 place de la Mairie",
        insee="44184",
        themes=["emploi", "solidarite"],
        description="On relit les **CV**.",
        **at(8),
    )
    calendar = parse(client.get("/agenda/agenda.ics"))
    assert str(calendar["VERSION"]) == "2.0"
    assert "Tous voisins 44" in str(calendar["PRODID"])
    assert [str(zone["TZID"]) for zone in calendar.walk("VTIMEZONE")] == ["Europe/Paris"]
    vevent = vevents(calendar)["Café-emploi"]
    assert str(vevent["UID"]) == f"evenement-{event.pk}@tousvoisins44.fr"
    assert vevent["DTSTART"].params["TZID"] == "Europe/Paris"
    assert vevent.decoded("DTSTART") == datetime(2026, 12, 8, 14, tzinfo=PARIS)
    assert vevent.decoded("DTEND") == datetime(2026, 12, 8, 16, tzinfo=PARIS)
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert str(vevent["URL"]) == f"http://127.0.0.1:8000/agenda/{event.pk}-cafe-emploi/"
    assert str(vevent["LOCATION"]) == "Médiathèque, 2 place de la Mairie, Saint-Nazaire"
    assert str(vevent["DESCRIPTION"]).startswith(f"{event.summary}\n\nOn relit les CV.")
    assert "**" not in str(vevent["DESCRIPTION"])
    assert vevent.categories == ["Emploi", "Solidarité"]


def test_uids_and_content_are_stable_from_one_request_to_the_next(client):
    EventFactory(**at(8))
    EventFactory(recurrence="FREQ=WEEKLY;BYDAY=TU", **at(1))
    first, second = client.get("/agenda/agenda.ics"), client.get("/agenda/agenda.ics")
    uids = [str(vevent["UID"]) for vevent in parse(first).walk("VEVENT")]
    assert uids == [str(vevent["UID"]) for vevent in parse(second).walk("VEVENT")]
    assert len(set(uids)) == 2
    assert first.content == second.content


def test_a_recurring_event_is_one_vevent_with_its_rule_and_exceptions(client):
    EventFactory(
        title="Tricot",
        recurrence="FREQ=WEEKLY;BYDAY=TU;UNTIL=20270629T215959Z",
        exception_dates=[date(2026, 12, 22), date(2026, 12, 29)],
        **at(1),
    )
    calendar = parse(client.get("/agenda/agenda.ics"))
    assert len(calendar.walk("VEVENT")) == 1
    vevent = calendar.walk("VEVENT")[0]
    rule = vevent["RRULE"]
    assert rule["FREQ"] == ["WEEKLY"] and rule["BYDAY"] == ["TU"]
    assert rule["UNTIL"] == [datetime(2027, 6, 29, 21, 59, 59, tzinfo=ZoneInfo("UTC"))]
    assert vevent.exdates == [
        datetime(2026, 12, 22, 14, tzinfo=PARIS),
        datetime(2026, 12, 29, 14, tzinfo=PARIS),
    ]
    assert (
        b"EXDATE;TZID=Europe/Paris:20261222T140000,20261229T140000"
        in client.get("/agenda/agenda.ics").content
    )


def test_an_all_day_event_has_dates_without_time(client):
    EventFactory(
        title="Marché de Noël",
        all_day=True,
        start=datetime(2026, 12, 5, tzinfo=PARIS),
        end=datetime(2026, 12, 7, tzinfo=PARIS),
    )
    vevent = vevents(parse(client.get("/agenda/agenda.ics")))["Marché de Noël"]
    assert vevent.decoded("DTSTART") == date(2026, 12, 5)
    assert vevent.decoded("DTEND") == date(2026, 12, 7)


def test_cancelled_events_stay_in_the_feed_as_cancelled_and_unpublished_ones_are_left_out(client):
    EventFactory(title="Balade", status=Event.Status.CANCELLED, status_reason="Tempête annoncée.", **at(5))
    EventFactory(title="En attente", status=Event.Status.PROPOSED, **at(5))
    EventFactory(title="Refusé", status=Event.Status.REFUSED, status_reason="Hors sujet.", **at(5))
    found = vevents(parse(client.get("/agenda/agenda.ics")))
    assert list(found) == ["Balade"]
    assert str(found["Balade"]["STATUS"]) == "CANCELLED"
    assert str(found["Balade"]["DESCRIPTION"]).startswith("Annulé : Tempête annoncée.")


def test_an_imported_event_keeps_the_uid_of_its_source(client):
    EventFactory(title="Importé", source=Event.Source.IMPORTED, external_uid="123@agenda.exemple.fr", **at(5))
    assert str(vevents(parse(client.get("/agenda/agenda.ics")))["Importé"]["UID"]) == "123@agenda.exemple.fr"


def test_the_feed_takes_the_agenda_filters(client):
    EventFactory(title="Café-emploi", themes=["emploi"], insee="44184", **at(3))
    EventFactory(title="Tricot", themes=["loisirs-culture-sport"], recurrence="FREQ=WEEKLY", **at(1))
    EventFactory(title="Atelier CV", themes=["emploi"], **at(10))
    assert sorted(vevents(parse(client.get("/agenda/agenda.ics?theme=emploi")))) == [
        "Atelier CV",
        "Café-emploi",
    ]
    assert list(vevents(parse(client.get("/agenda/agenda.ics?commune=44184")))) == ["Café-emploi"]
    # A recurring event that has a date in the window comes whole, with its rule.
    calendar = parse(client.get("/agenda/agenda.ics?du=2026-12-15&au=2026-12-16"))
    assert list(vevents(calendar)) == ["Tricot"]
    assert "Emploi" in str(parse(client.get("/agenda/agenda.ics?theme=emploi"))["X-WR-CALNAME"])


def test_a_wrong_filter_gives_a_plain_french_error(client):
    response = client.get("/agenda/agenda.ics?theme=jardinage&du=hier")
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Ce thème n'existe pas." in response.content.decode()
    assert "Écrivez la date sous la forme jj/mm/aaaa" in response.content.decode()
    response = client.get("/agenda/agenda.ics?du=0001-01-01")
    assert response.status_code == 400
    assert "Cette date est trop loin." in response.content.decode()


@pytest.mark.parametrize("events", [3, 9])
def test_the_feed_makes_the_same_queries_whatever_the_number_of_events(
    client, django_assert_num_queries, events
):
    for index in range(events):
        EventFactory(
            themes=["emploi", "logement"], recurrence="FREQ=WEEKLY" if index % 2 else "", **at(1 + index)
        )
    # 1-2. thèmes and intercommunalités for the filters (the agenda's stamp is in the cache)
    # 3. the events having a matching date, soonest first, with their stamps only
    # 4. their VEVENT texts as stored for every worker (events.VeventText): none yet
    # 5. the columns a VEVENT shows, for the texts not stored
    # 6-8. those texts stored (a savepoint, one insert, its release)
    with django_assert_num_queries(8):
        response = client.get("/agenda/agenda.ics?theme=emploi")
    assert len(parse(response).walk("VEVENT")) == events
    # Asked again (calendar apps do, every few minutes): the feed is ready, nothing is rebuilt.
    with django_assert_num_queries(0):
        again = client.get("/agenda/agenda.ics?theme=emploi")
    assert again.content == response.content


def test_a_cached_feed_follows_every_change_of_the_agenda(client):
    event = EventFactory(title="Repair café", **at(5))
    other = EventFactory(title="Chorale", **at(6))

    def titles():
        response = client.get("/agenda/agenda.ics")
        return sorted(str(vevent["SUMMARY"]) for vevent in parse(response).walk("VEVENT"))

    assert titles() == ["Chorale", "Repair café"]
    # Each change happens a minute later (the clock is frozen in these tests, not in life).
    with time_machine.travel(datetime(2026, 11, 26, 10, 1, tzinfo=PARIS), tick=False):
        event.title = "Repair café du samedi"
        event.save()
        assert titles() == ["Chorale", "Repair café du samedi"]
    other.delete()
    assert titles() == ["Repair café du samedi"]
    with time_machine.travel(datetime(2026, 11, 26, 10, 2, tzinfo=PARIS), tick=False):
        EventFactory(title="Troc de graines", **at(7))
        assert titles() == ["Repair café du samedi", "Troc de graines"]


def test_one_event_as_icalendar(client):
    event = EventFactory(title="Repair café", **at(5))
    response = client.get(f"/agenda/{event.pk}-repair-cafe/evenement.ics")
    calendar = parse(response)
    assert [str(vevent["UID"]) for vevent in calendar.walk("VEVENT")] == [
        f"evenement-{event.pk}@tousvoisins44.fr"
    ]
    assert response["Content-Disposition"] == 'attachment; filename="repair-cafe.ics"'
    wrong = client.get(f"/agenda/{event.pk}-autre/evenement.ics")
    assert wrong.status_code == 301 and wrong["Location"] == f"/agenda/{event.pk}-repair-cafe/evenement.ics"


def test_an_unpublished_event_has_no_icalendar_file(client, member):
    event = EventFactory(status=Event.Status.PROPOSED, proposed_by=member, **at(5))
    assert client.get(f"{event.get_absolute_url()}evenement.ics").status_code == 404
    client.force_login(member)
    assert client.get(f"{event.get_absolute_url()}evenement.ics").status_code == 404
