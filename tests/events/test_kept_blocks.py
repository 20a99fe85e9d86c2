"""The agenda's pages keep what is the same for everyone (rows, the filter form, the count, the
month grid, the printed sheets, the feed's selection: tousvoisins.fragments, issue 18). A kept
block changes on the next request when what it shows changes, and never holds anything of
another person: what they typed, or what they joined."""

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine

from events import ical
from events.models import Event
from events.services import event_cancel, event_sync_occurrences, participation_join
from tests.conftest import NANTES_METROPOLE
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # Thursday 26 November 2026
UNCACHED = "HTTP_X_SANS_CACHE"


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def uncached(settings):
    """As the benchmark asks: the stamped feeds built each time."""
    settings.PAGE_CACHE_BYPASS_HEADER = UNCACHED


def at(day, hour, **fields):
    start = datetime(2026, 12, day, hour, tzinfo=PARIS)
    return {"start": start, "end": start + timedelta(hours=2), **fields}


def text(response):
    assert response.status_code == 200
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


PAGES = [
    "/agenda/",
    "/agenda/?theme=emploi",
    "/agenda/mois/2026/12/",
    f"/agenda/imprimer/{NANTES_METROPOLE}/",
    f"/agenda/imprimer/{NANTES_METROPOLE}/gros-caracteres/",
]


# A change shows on the next request ------------------------------------------------------------


@pytest.mark.parametrize("path", PAGES)
def test_an_edited_event_shows_its_new_title_on_the_next_request(client, path):
    event = EventFactory(title="Atelier tricot", themes=["emploi"], **at(1, 14))
    assert "Atelier tricot" in text(client.get(path))

    event.title = "Atelier couture"
    event.save()

    page = text(client.get(path))
    assert "Atelier couture" in page
    assert "Atelier tricot" not in page


@pytest.mark.parametrize("path", PAGES[:3])
def test_a_cancelled_event_is_said_cancelled_on_the_next_request(client, path):
    event = EventFactory(title="Repair café", themes=["emploi"], **at(1, 14))
    assert "annulé" not in text(client.get(path)).lower()

    event_cancel(event=event, reason="Salle fermée.")

    assert "annulé" in text(client.get(path)).lower()


def test_a_cancelled_event_leaves_the_printed_sheets(client):
    event = EventFactory(title="Repair café", **at(1, 14))
    for path in PAGES[3:]:
        assert "Repair café" in text(client.get(path))

    event_cancel(event=event, reason="Salle fermée.")

    for path in PAGES[3:]:
        assert "Repair café" not in text(client.get(path))


def test_a_date_moved_to_other_hours_shows_its_new_hours(client):
    event = EventFactory(title="Café-emploi", **at(1, 14))
    assert "De 14 h à 16 h" in text(client.get("/agenda/"))

    event.start, event.end = at(1, 17)["start"], at(1, 17)["end"]
    event.save()
    event_sync_occurrences(event, notify=False)

    page = text(client.get("/agenda/"))
    assert "De 17 h à 19 h" in page
    assert "De 14 h à 16 h" not in page


def test_the_kept_count_follows_a_new_event(client):
    EventFactory(**at(1, 14))
    assert "1 date de rencontre" in text(client.get("/agenda/"))

    EventFactory(**at(2, 14))

    assert "2 dates de rencontre" in text(client.get("/agenda/"))


def test_the_kept_count_and_page_are_read_again_after_a_minute(client, frozen_now):
    """A date that ends leaves the list with no stamp changing: the count is said again soon."""
    EventFactory(title="Café du matin", start=NOW + timedelta(minutes=10), end=NOW + timedelta(minutes=50))
    EventFactory(**at(2, 14))
    assert "2 dates de rencontre" in text(client.get("/agenda/"))

    frozen_now.shift(timedelta(hours=1))

    page = text(client.get("/agenda/"))
    assert "1 date de rencontre" in page
    assert "Café du matin" not in page


def test_the_month_grid_says_today_on_the_right_day(client, frozen_now):
    EventFactory(**at(1, 14))
    first = client.get("/agenda/mois/2026/11/").content.decode()
    assert re.search(r'aria-current="date"[^>]*>\s*<p class="month__date">.*?26 novembre', first, re.S)

    frozen_now.shift(timedelta(days=1))

    second = client.get("/agenda/mois/2026/11/").content.decode()
    assert re.search(r'aria-current="date"[^>]*>\s*<p class="month__date">.*?27 novembre', second, re.S)


# The feed --------------------------------------------------------------------------------------


def test_the_feed_is_byte_for_byte_the_calendar_of_its_events(client, uncached):
    """Joined from kept VEVENT texts and a kept selection, the feed holds the very bytes that
    the calendar of the same events, written from scratch, holds."""
    for index in range(4):
        EventFactory(
            title=f"Rencontre {index}",
            themes=["emploi", "logement"] if index % 2 else ["loisirs-culture-sport"],
            recurrence="FREQ=WEEKLY" if index == 1 else "",
            **at(1 + index, 14),
        )
    first = client.get("/agenda/agenda.ics", HTTP_X_SANS_CACHE="1").content
    again = client.get("/agenda/agenda.ics", HTTP_X_SANS_CACHE="1").content

    ical._texts.clear()
    events = Event.objects.prefetch_related("themes").select_related("commune").order_by("start", "pk")
    written = ical.calendar(list(events), name="Agenda Tous voisins 44")

    assert first == again == written


def test_the_feed_shows_an_edited_event_on_the_next_request(client, uncached, frozen_now):
    event = EventFactory(title="Chorale", **at(2, 14))
    assert b"SUMMARY:Chorale" in client.get("/agenda/agenda.ics", HTTP_X_SANS_CACHE="1").content

    frozen_now.shift(timedelta(minutes=5))  # a VEVENT text is kept by the event's last change
    event.title = "Chorale du quartier"
    event.save()

    content = client.get("/agenda/agenda.ics", HTTP_X_SANS_CACHE="1").content
    assert b"SUMMARY:Chorale du quartier" in content


# Nothing of another person ---------------------------------------------------------------------


def field_value(response, name):
    match = re.search(rf'<input[^>]*name="{name}"[^>]*>', response.content.decode())
    found = re.search(r'value="([^"]*)"', match.group(0)) if match else None
    return html.unescape(found.group(1)) if found else ""


def test_the_filter_form_shows_what_each_person_typed_and_its_errors(client, django_user_model):
    from django.test import Client

    other = Client()
    EventFactory(title="Atelier tricot", **at(1, 14))

    mine = client.get("/agenda/", {"q": "tricot", "lieu": "Zzzzzz"})
    theirs = other.get("/agenda/", {"q": "vélo", "lieu": "Blain"})
    again = client.get("/agenda/", {"q": "tricot", "lieu": "Zzzzzz"})

    assert field_value(mine, "q") == "tricot" and field_value(mine, "lieu") == "Zzzzzz"
    assert "Nous ne trouvons pas « Zzzzzz »" in text(mine)
    assert field_value(theirs, "q") == "vélo" and field_value(theirs, "lieu") == "Blain"
    assert "Zzzzzz" not in theirs.content.decode() and "tricot" not in field_value(theirs, "q")
    assert "Nous ne trouvons pas" not in text(theirs)
    assert again.content.decode().count("Zzzzzz") == mine.content.decode().count("Zzzzzz")


def test_the_month_keeps_each_persons_filters_in_its_links(client):
    from django.test import Client

    EventFactory(themes=["emploi"], **at(1, 14))
    mine = client.get("/agenda/mois/2026/12/", {"theme": "emploi"}).content.decode()
    theirs = Client().get("/agenda/mois/2026/12/").content.decode()

    assert "/agenda/?theme=emploi&amp;du=2026-12-01&amp;au=2026-12-01" in mine
    assert "theme=emploi&amp;du=" not in theirs
    assert "/agenda/?du=2026-12-01&amp;au=2026-12-01" in theirs


def test_signed_in_each_member_sees_only_their_own_participation(client, member, other_member):
    from django.test import Client

    event = EventFactory(title="Café-emploi", capacity=10, **at(1, 14))
    participation_join(occurrence=event.occurrences.get(), user=member)
    client.force_login(member)
    other = Client()
    other.force_login(other_member)

    # The agenda list: the same kept rows for both, and nothing of either in them.
    assert text(client.get("/agenda/")).count("Café-emploi") == 1
    assert text(other.get("/agenda/")).count("Café-emploi") == 1

    mine = text(client.get(event.get_absolute_url()))
    theirs = text(other.get(event.get_absolute_url()))
    assert "Vous participez." in mine
    assert "Vous participez." not in theirs
    assert "Je participe" in theirs


# Queries: the same at two sizes, fewer once kept ---------------------------------------------


@pytest.mark.parametrize("events", [3, 9])
def test_the_month_makes_the_same_queries_at_two_sizes_and_none_for_its_grid_once_kept(
    client, django_assert_num_queries, events
):
    for index in range(events):
        EventFactory(
            themes=["emploi"], recurrence="FREQ=WEEKLY" if index % 3 == 0 else "", **at(1 + index, 14)
        )
    # 1-2. thèmes and intercommunalités for the filter form, 3. the month's first dates of
    # each day (of their events, the status), 4. their events, 5. their thèmes
    with django_assert_num_queries(5):
        client.get("/agenda/mois/2026/12/")
    # Kept: the form's lists and the grid (until the agenda changes or the day ends).
    with django_assert_num_queries(0):
        client.get("/agenda/mois/2026/12/")


@pytest.mark.parametrize("events", [3, 9])
@pytest.mark.parametrize("path", PAGES[3:])
def test_the_printed_sheets_make_the_same_queries_at_two_sizes_and_one_once_kept(
    client, django_assert_num_queries, events, path
):
    for index in range(events):
        EventFactory(recurrence="FREQ=WEEKLY" if index % 3 == 0 else "", **at(1 + index, 14))
    # 1. the intercommunalité, 2. its dates of the four weeks with their events, 3. the
    # territory referent to call
    with django_assert_num_queries(3):
        client.get(path)
    # Kept: the sheet and the intercommunalité (the page's title, a 404 otherwise).
    with django_assert_num_queries(0):
        client.get(path)


@pytest.mark.parametrize("events", [3, 9])
def test_the_event_page_keeps_what_every_visitor_sees(client, django_assert_num_queries, events):
    for index in range(events):
        EventFactory(**at(1 + index, 14))
    event = EventFactory(recurrence="FREQ=WEEKLY", themes=["emploi", "logement"], **at(1, 14))
    # 1. the event, 2. its thèmes, 3. its next dates, 4. the referents, 5. its communities
    with django_assert_num_queries(5):
        client.get(event.get_absolute_url())
    # Kept for visitors: the event, and its whole article (next dates, communities, referents)
    # until its first date ends: no query (the stamps are in the cache).
    with django_assert_num_queries(0):
        client.get(event.get_absolute_url())


def test_the_event_page_follows_an_edit_a_participation_and_a_refusal(client, member):
    event = EventFactory(title="Café-emploi", capacity=10, **at(1, 14))
    page = text(client.get(event.get_absolute_url()))
    assert "Café-emploi" in page and "Personne n'a encore dit « je participe »." in page

    participation_join(occurrence=event.occurrences.get(), user=member)
    assert "1 personne participe." in text(client.get(event.get_absolute_url()))

    event.title = "Café-emploi du jeudi"
    event.save()
    assert "Café-emploi du jeudi" in text(client.get(event.get_absolute_url()))

    event.status = Event.Status.REFUSED
    event.status_reason = "Hors sujet."
    event.save()
    assert client.get(event.get_absolute_url()).status_code == 404


def test_signed_in_the_event_page_is_read_for_the_member(client, member, django_assert_num_queries):
    """A proposal is seen by its proposer alone: nothing kept for visitors answers a member."""
    event = EventFactory(
        title="Ma proposition", status=Event.Status.PROPOSED, proposed_by=member, **at(1, 14)
    )
    assert client.get(event.get_absolute_url()).status_code == 404
    client.force_login(member)
    assert "Ma proposition" in text(client.get(event.get_absolute_url()))
