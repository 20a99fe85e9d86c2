"""The agenda's pages: the list by day and the detail of an event."""

import html
import json
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from events.models import Event
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # Thursday 26 November 2026


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def at(day, hour, minutes=0, **fields):
    """Fields for an event on `day` (a date in December 2026 unless a datetime is given) at hour:minutes."""
    start = datetime(2026, 12, day, hour, minutes, tzinfo=PARIS)
    return {"start": start, "end": start + timedelta(hours=2), **fields}


def text(response):
    """The page's text without tags and with spaces collapsed, as a person reads it."""
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode(), re.S).group(1).strip()


# The list ----------------------------------------------------------------------------------


def test_it_lists_coming_dates_grouped_by_day(client):
    EventFactory(title="Café-emploi", **at(8, 14))
    EventFactory(title="Repair café", **at(1, 10))
    EventFactory(title="Soirée jeux", **at(1, 19, 30))
    response = client.get("/agenda/")
    assert response.status_code == 200
    page = text(response)
    assert page.index("Mardi 1er décembre 2026") < page.index("Repair café") < page.index("Soirée jeux")
    assert page.index("Soirée jeux") < page.index("Mardi 8 décembre 2026") < page.index("Café-emploi")
    assert "De 19 h 30 à 21 h 30" in page
    assert title(response) == "Agenda — Tous voisins 44"
    assert response.content.decode().count("<h1") == 1


def test_it_says_today_and_tomorrow(client):
    EventFactory(title="Ce soir", start=NOW + timedelta(hours=8), end=NOW + timedelta(hours=10))
    EventFactory(title="Demain matin", start=NOW + timedelta(days=1), end=NOW + timedelta(days=1, hours=1))
    page = text(client.get("/agenda/"))
    assert "Aujourd'hui, jeudi 26 novembre 2026" in page
    assert "Demain, vendredi 27 novembre 2026" in page


def test_it_shows_place_commune_themes_and_accessibility(client):
    EventFactory(
        title="Atelier CV",
        place_name="Médiathèque Jacques-Demy",
        insee="44184",
        themes=["emploi", "solidarite"],
        step_free=True,
        sign_language=True,
        **at(2, 14),
    )
    response = client.get("/agenda/")
    page = text(response)
    assert "Médiathèque Jacques-Demy, Saint-Nazaire" in page
    assert "Emploi" in page and "Solidarité" in page
    assert "Plain-pied" in page and "Langue des signes" in page
    assert "Boucle magnétique" not in page.split("Chercher une rencontre")[0]
    # Icons are decorative: their meaning is in the words beside them.
    assert '<img src="/static/events/img/acces-lsf.svg" alt=""' in response.content.decode()


def test_it_hides_proposed_and_refused_events_and_marks_cancelled_ones(client):
    EventFactory(title="Publié", **at(1, 10))
    EventFactory(title="En attente", status=Event.Status.PROPOSED, **at(1, 11))
    EventFactory(title="Refusé", status=Event.Status.REFUSED, status_reason="Hors sujet.", **at(1, 12))
    EventFactory(
        title="Tombé à l'eau", status=Event.Status.CANCELLED, status_reason="Salle fermée.", **at(1, 13)
    )
    page = text(client.get("/agenda/"))
    assert "Publié" in page
    assert "En attente" not in page
    assert "Refusé" not in page
    assert "Tombé à l'eau Annulé" in page


def test_it_hides_what_is_over_but_keeps_what_is_going_on(client):
    EventFactory(
        title="Hier", start=NOW - timedelta(days=1), end=NOW - timedelta(days=1) + timedelta(hours=2)
    )
    EventFactory(title="En ce moment", start=NOW - timedelta(hours=1), end=NOW + timedelta(hours=1))
    page = text(client.get("/agenda/"))
    assert "Hier" not in page
    assert "En ce moment" in page


def test_it_paginates_twenty_dates_a_page(client):
    for day in range(1, 26):
        EventFactory(title=f"Rencontre du {day:02d}", **at(day, 14))
    first = client.get("/agenda/")
    assert "Rencontre du 20" in text(first) and "Rencontre du 21" not in text(first)
    assert "Page 1 sur 2" in text(first)
    second = client.get("/agenda/?page=2")
    assert "Rencontre du 21" in text(second) and "Rencontre du 20" not in text(second)
    assert title(second) == "Agenda — page 2 — Tous voisins 44"
    assert client.get("/agenda/?page=9").status_code == 404


def test_past_the_pages_offered_it_asks_to_choose_a_date(client, monkeypatch):
    from tousvoisins.pagination import CappedPaginator

    # 2 pages offered here stand for the 50 of real life (a département's agenda).
    monkeypatch.setattr(CappedPaginator, "max_pages", 2)
    for day in range(1, 26):
        EventFactory(title=f"Rencontre du {day:02d}", recurrence="FREQ=DAILY;COUNT=2", **at(day, 14))
    first = text(client.get("/agenda/"))
    assert "Page 1 sur plus de 2" in first
    assert "Dernière page" not in first and "plus lointaines" not in first
    last = text(client.get("/agenda/?page=2"))
    assert "Page 2 sur plus de 2" in last and "Page suivante" not in last
    assert "Pour voir des rencontres plus lointaines, choisissez une date dans « À partir du »" in last
    assert client.get("/agenda/?page=3").status_code == 404
    later = text(client.get("/agenda/?du=2026-12-20"))
    assert "Rencontre du 25" in later and "plus de" not in later


def test_an_empty_agenda_says_so(client):
    page = text(client.get("/agenda/"))
    assert "Aucune rencontre trouvée" in page


@pytest.mark.parametrize("events", [3, 9])
def test_the_list_makes_the_same_queries_whatever_the_number_of_events(
    client, django_assert_num_queries, events
):
    for index in range(events):
        EventFactory(
            themes=["emploi", "logement"],
            step_free=True,
            recurrence="FREQ=WEEKLY" if index % 3 == 0 else "",
            **at(1 + index, 14),
        )
    # 1-2. thèmes and intercommunalités for the filter form's choices (no list of communes:
    #      the place is typed)
    # 3. count of the matching dates, up to the last page offered (pagination)
    # 4. the page's dates, their own columns only
    # 5-6. for the rows not kept yet (tousvoisins.fragments): those dates with their event and
    #      commune, then their events' thèmes (a cold list pays one query more, a warm one less)
    with django_assert_num_queries(6):
        response = client.get("/agenda/?acces=plain-pied&theme=emploi&du=2026-11-30")
    assert len(response.context["occurrences"]) == 20
    # The same dates in another list: their rows are kept, their thèmes are not read again, nor
    # the filter form's choices (kept): only this selection's count and its page of dates.
    with django_assert_num_queries(2):
        client.get("/agenda/")
    # The same selection again: its count and its page of dates are kept too (for a minute, under
    # the agenda's stamp).
    with django_assert_num_queries(0):
        client.get("/agenda/")


# The detail --------------------------------------------------------------------------------


def json_ld(response):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', response.content.decode(), re.S)
    return json.loads(match.group(1))


def test_the_detail_says_everything_one_needs_to_go(client):
    event = EventFactory(
        title="Café-emploi",
        description="On relit les **CV** ensemble.",
        place_name="Maison de quartier",
        address="12 rue du Bêle",
        insee="44113",
        organiser_name="Les Mailles de Nozay",
        hearing_loop=True,
        capacity=12,
        themes=["emploi"],
        **at(8, 14),
    )
    response = client.get(f"/agenda/{event.pk}-cafe-emploi/")
    assert response.status_code == 200
    page = text(response)
    assert "Mardi 8 décembre 2026, de 14 h à 16 h." in page
    assert "Maison de quartier 12 rue du Bêle Nozay Communauté de communes de Nozay" in page
    assert "Organisé par Les Mailles de Nozay" in page
    assert "Boucle magnétique pour les appareils auditifs" in page
    assert "12 places" in page
    assert "<strong>CV</strong>" in response.content.decode()
    assert f'href="/agenda/{event.pk}-cafe-emploi/evenement.ics"' in response.content.decode()
    assert "Ajouter à mon agenda" in page
    assert title(response) == "Café-emploi — Nozay — Tous voisins 44"


def test_the_detail_carries_schema_org_event_data(client):
    event = EventFactory(title="Soirée </script><script>alert(1)</script>", insee="44184", **at(8, 14))
    response = client.get(event.get_absolute_url())
    assert "<script>alert(1)" not in response.content.decode()
    data = json_ld(response)
    assert data["@type"] == "Event"
    assert data["name"] == "Soirée </script><script>alert(1)</script>"
    assert data["startDate"] == "2026-12-08T14:00:00+01:00"
    assert data["endDate"] == "2026-12-08T16:00:00+01:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["isAccessibleForFree"] is True
    assert data["location"]["address"]["addressLocality"] == "Saint-Nazaire"
    assert data["url"] == f"http://127.0.0.1:8000{event.get_absolute_url()}"


def test_a_recurring_event_shows_its_rule_and_next_dates(client):
    event = EventFactory(
        title="Tricot",
        recurrence="FREQ=WEEKLY;BYDAY=TU",
        exception_dates=[date(2026, 12, 22)],
        **at(1, 14),
    )
    page = text(client.get(event.get_absolute_url()))
    assert "Tous les mardis, de 14 h à 16 h." in page
    assert "Prochaine date : mardi 1er décembre 2026, de 14 h à 16 h." in page
    assert "Mardi 8 décembre 2026, de 14 h à 16 h" in page
    assert "Mardi 22 décembre 2026, de 14 h" not in page
    assert "Pas de rencontre le mardi 22 décembre 2026." in page


def test_a_cancelled_event_says_so_at_the_top(client):
    event = EventFactory(
        title="Balade",
        status=Event.Status.CANCELLED,
        status_reason="Alerte météo : tempête annoncée.",
        **at(5, 14),
    )
    response = client.get(event.get_absolute_url())
    page = text(response)
    assert page.index("Cet événement est annulé. Alerte météo : tempête annoncée.") < page.index(
        "Balade Loisirs"
    )
    assert json_ld(response)["eventStatus"] == "https://schema.org/EventCancelled"
    assert "(annulé)" in title(response)


def test_a_past_event_says_it_took_place(client):
    event = EventFactory(
        title="Hier", start=NOW - timedelta(days=1), end=NOW - timedelta(days=1) + timedelta(hours=2)
    )
    assert "Cet événement a eu lieu." in text(client.get(event.get_absolute_url()))


def test_a_wrong_slug_redirects_to_the_right_address(client):
    event = EventFactory(title="Repair café", **at(5, 10))
    response = client.get(f"/agenda/{event.pk}-ancien-titre/")
    assert response.status_code == 301
    assert response["Location"] == f"/agenda/{event.pk}-repair-cafe/"


@pytest.mark.parametrize("status", [Event.Status.PROPOSED, Event.Status.REFUSED])
def test_an_unpublished_event_is_not_found_by_visitors(client, other_member, status):
    event = EventFactory(status=status, status_reason="Raison.", **at(5, 10))
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(other_member)
    assert client.get(event.get_absolute_url()).status_code == 404


def test_the_proposer_sees_their_pending_event_with_its_status(client, member):
    event = EventFactory(status=Event.Status.PROPOSED, proposed_by=member, **at(5, 10))
    client.force_login(member)
    response = client.get(event.get_absolute_url())
    assert response.status_code == 200
    assert "Cet événement n'est pas visible du public. Son statut : proposé." in text(response)
    assert "Ajouter à mon agenda" not in text(response)
    assert "application/ld+json" not in response.content.decode()


def test_an_unknown_event_is_not_found(client):
    assert client.get("/agenda/999999-rien/").status_code == 404


def test_the_detail_makes_a_fixed_number_of_queries(client, django_assert_num_queries):
    event = EventFactory(recurrence="FREQ=WEEKLY", themes=["emploi", "logement"], **at(1, 14))
    # 1. the event with its commune and intercommunalité, 2. its thèmes, 3. its next dates with
    # their count of participants, 4. the referents to contact, 5. its communities
    with django_assert_num_queries(5):
        client.get(event.get_absolute_url())


# Signed in, the agenda's pages cost the same few queries more -----------------------------------


@pytest.mark.parametrize("events", [3, 6])
@pytest.mark.parametrize(
    ("path", "queries"),
    [
        # session, user, the member's current suspension (the layout's banner), the unread
        # messages (the layout's "Mes messages"), then as for a visitor: the filter form's
        # thèmes and intercommunalités, and ...
        # ... the count, the page of dates, their events (rows not kept yet), their thèmes
        ("/agenda/?theme=emploi", 4 + 2 + 4),
        # ... the month's dates (of their events, the status), their events, their thèmes
        ("/agenda/mois/2026/12/?theme=emploi", 4 + 2 + 3),
        ("/agenda/carte/?theme=emploi", 4 + 2 + 1),  # ... the next date of each event
        # No layout: the session is never read, so as for a visitor: the filters' two lists,
        # the events with their stamps (the agenda's stamp is in the cache), their VEVENT
        # texts as stored (none yet), the columns a VEVENT shows, those texts stored (a
        # savepoint, one insert, its release)
        ("/agenda/agenda.ics?theme=emploi", 2 + 6),
    ],
)
def test_signed_in_the_agenda_pages_make_the_same_queries_whatever_the_number_of_events(
    client, member, django_assert_num_queries, events, path, queries
):
    for index in range(events):
        EventFactory(
            themes=["emploi", "logement"],
            recurrence="FREQ=WEEKLY" if index % 2 else "",
            **at(1 + index, 14),
        )
    client.force_login(member)
    with django_assert_num_queries(queries):
        response = client.get(path)
    assert response.status_code == 200
    assert queries <= 15


def test_the_list_links_to_the_printable_agenda_of_each_intercommunalite(client):
    page = html.unescape(client.get("/agenda/").content.decode())

    links = re.findall(r'<a href="/agenda/imprimer/(\d{9})/">([^<]+)</a>', page)
    assert len(links) == 17
    assert ("244400404", "Nantes Métropole") in links


def test_with_a_territory_chosen_the_list_links_to_its_printable_agenda_only(client):
    page = html.unescape(client.get("/agenda/?territoire=244400404").content.decode())

    assert re.findall(r'href="/agenda/imprimer/(\d{9})/"', page) == ["244400404"]
    assert "Imprimer l'agenda des quatre prochaines semaines : Nantes Métropole" in page
