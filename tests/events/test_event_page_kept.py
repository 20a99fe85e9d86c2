"""An event's page (issue 18): a visitor's article is kept whole, its top and its referents are
kept for everyone. What is kept changes on the next request when what it shows changes (an edit,
a cancellation, a date moved, a referent, time passing), and a member's own part (participating,
waiting) is never in a copy that another member or a visitor is served."""

import html
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client

from events.models import Occurrence
from events.services import event_cancel, event_sync_occurrences, participation_join
from referents.models import Referent
from tests.conftest import NANTES_METROPOLE, make_user
from tests.factories import EventFactory
from tests.factories.referents import ReferentFactory
from tousvoisins import fragments

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # Thursday 26 November 2026


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def at(day, hour, **fields):
    start = datetime(2026, 12, day, hour, tzinfo=PARIS)
    return {"start": start, "end": start + timedelta(hours=2), **fields}


def text(response):
    assert response.status_code == 200
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def signed_in(user):
    browser = Client()
    browser.force_login(user)
    return browser


# What the page shows changes on the next request ---------------------------------------------


def test_an_edited_event_shows_on_the_next_request(client):
    event = EventFactory(title="Atelier tricot", summary="On tricote.", **at(1, 14))
    assert "Atelier tricot" in text(client.get(event.get_absolute_url()))

    event.title, event.summary = "Atelier couture", "On coud."
    event.save()

    page = text(client.get(event.get_absolute_url()))
    assert "Atelier couture" in page and "On coud." in page
    assert "Atelier tricot" not in page and "On tricote." not in page


def test_a_cancelled_event_is_said_cancelled_on_the_next_request(client, member):
    event = EventFactory(title="Repair café", **at(1, 14))
    member_browser = signed_in(member)
    for browser in (client, member_browser):
        assert "Cet événement est annulé." not in text(browser.get(event.get_absolute_url()))

    event_cancel(event=event, reason="Salle fermée.")

    for browser in (client, member_browser):
        page = text(browser.get(event.get_absolute_url()))
        assert "Cet événement est annulé." in page and "Salle fermée." in page


def test_a_date_moved_shows_its_new_hours_on_the_next_request(client):
    event = EventFactory(title="Café-emploi", recurrence="FREQ=WEEKLY", **at(1, 14))
    assert "de 14 h à 16 h" in text(client.get(event.get_absolute_url()))

    occurrence = event.occurrences.order_by("start").first()
    occurrence.start, occurrence.end = at(1, 17)["start"], at(1, 17)["end"]
    occurrence.save()

    page = text(client.get(event.get_absolute_url()))
    assert "Mardi 1er décembre 2026, de 17 h à 19 h" in page
    assert "Mardi 1er décembre 2026, de 14 h à 16 h" not in page


def test_the_event_s_new_hours_show_on_the_next_request(client):
    event = EventFactory(title="Café-emploi", **at(1, 14))
    assert "de 14 h à 16 h" in text(client.get(event.get_absolute_url()))

    event.start, event.end = at(1, 17)["start"], at(1, 17)["end"]
    event.save()
    event_sync_occurrences(event, notify=False)

    page = text(client.get(event.get_absolute_url()))
    assert "de 17 h à 19 h" in page
    assert "de 14 h à 16 h" not in page


def test_a_referent_of_its_territory_edited_shows_on_the_next_request(client):
    referent = ReferentFactory(
        public_name="Nadia", kind=Referent.Kind.TERRITORY, sirens=[NANTES_METROPOLE], phone="0240000000"
    )
    event = EventFactory(title="Café-emploi", **at(1, 14))  # in Nantes
    page = text(client.get(event.get_absolute_url()))
    assert "Nadia" in page and "02 40 00 00 00" in page

    referent.public_name, referent.phone = "Nadia B.", "0240111111"
    referent.save()

    page = text(client.get(event.get_absolute_url()))
    assert "Nadia B." in page and "02 40 11 11 11" in page
    assert "02 40 00 00 00" not in page


def test_a_new_participation_is_counted_on_the_next_request(client, member):
    event = EventFactory(capacity=10, **at(1, 14))
    assert "Personne n'a encore dit « je participe »." in text(client.get(event.get_absolute_url()))

    participation_join(occurrence=event.occurrences.get(), user=member)

    page = text(client.get(event.get_absolute_url()))
    assert "1 personne participe." in page and "Il reste 9 places sur 10." in page


def test_a_date_that_ends_leaves_the_kept_page_with_no_change_of_content(client, frozen_now):
    event = EventFactory(title="Café-emploi", recurrence="FREQ=WEEKLY", **at(1, 14))
    frozen_now.move_to(datetime(2026, 12, 1, 10, tzinfo=PARIS))  # the morning of the first date
    page = text(client.get(event.get_absolute_url()))
    assert "Prochaine date : mardi 1er décembre 2026" in page

    frozen_now.move_to(datetime(2026, 12, 1, 16, 30, tzinfo=PARIS))  # the same day, once it is over

    page = text(client.get(event.get_absolute_url()))
    assert "Prochaine date : mardi 8 décembre 2026" in page
    assert "1er décembre" not in page


# A member's own part stays theirs ---------------------------------------------------------------


def test_a_member_s_participation_is_never_shown_to_another_member_or_a_visitor(client, member, other_member):
    event = EventFactory(capacity=10, **at(1, 14))
    url = event.get_absolute_url()
    alice, bob = signed_in(member), signed_in(other_member)
    for browser in (client, alice, bob):  # each one's page is made (and kept where it may be)
        text(browser.get(url))

    response = alice.post(reverse_join(event), {"date": event.occurrences.get().pk})
    assert response.status_code == 302

    assert "Vous participez." in text(alice.get(url))
    bob_page = text(bob.get(url))
    assert "Vous participez." not in bob_page
    assert "1 personne participe." in bob_page and "Je participe" in bob_page
    visitor_page = client.get(url).content.decode()
    assert "Vous participez." not in visitor_page
    assert "csrfmiddlewaretoken" not in visitor_page
    assert "1 personne participe." in text(client.get(url))


def test_a_member_s_place_on_the_waiting_list_is_never_shown_to_another(client, member, other_member):
    event = EventFactory(capacity=1, **at(1, 14))
    occurrence = event.occurrences.get()
    participation_join(occurrence=occurrence, user=make_user("zoe"))
    url = event.get_absolute_url()
    alice, bob = signed_in(member), signed_in(other_member)
    for browser in (client, alice, bob):
        assert "Complet." in text(browser.get(url))

    alice.post(reverse_waiting(event), {"date": occurrence.pk})

    assert "Vous êtes en tête de la liste d'attente." in text(alice.get(url))
    for browser in (bob, client):
        page = text(browser.get(url))
        assert "1 personne sur la liste d'attente." in page
        assert "Vous êtes" not in page and "Je quitte la liste d'attente" not in page


def test_a_visitor_s_kept_page_holds_no_token_after_a_member_s_visit(client, member):
    event = EventFactory(capacity=10, **at(1, 14))
    url = event.get_absolute_url()
    assert "csrfmiddlewaretoken" in signed_in(member).get(url).content.decode()

    page = client.get(url).content.decode()

    assert "csrfmiddlewaretoken" not in page
    assert "Pour dire « je participe »" in html.unescape(page)


def reverse_join(event):
    return f"{event.get_absolute_url()}participer/"


def reverse_waiting(event):
    return f"{event.get_absolute_url()}liste-d-attente/"


# Queries ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("dates", [2, 8])
def test_the_page_makes_the_same_queries_whatever_its_number_of_dates(
    client, django_assert_num_queries, dates
):
    event = EventFactory(
        recurrence=f"FREQ=WEEKLY;COUNT={dates}", themes=["emploi", "logement"], capacity=10, **at(1, 14)
    )
    for index, occurrence in enumerate(Occurrence.objects.filter(event=event)):
        participation_join(occurrence=occurrence, user=make_user(f"membre{index}"))
    # 1. the event with its commune and intercommunalité, 2. its thèmes, 3. its next dates with
    # their counts, 4. the referents of its territory and thèmes, 5. its communities
    with django_assert_num_queries(5):
        client.get(event.get_absolute_url())
    # Kept: the event and its whole article (the stamps are in the cache).
    with django_assert_num_queries(0):
        client.get(event.get_absolute_url())
    # Another event of the same territory and thèmes: its referents are kept already.
    other = EventFactory(themes=["logement", "emploi"], **at(2, 14))
    with django_assert_num_queries(4):
        client.get(other.get_absolute_url())


def test_another_process_reads_the_page_the_first_one_built(client, django_assert_num_queries):
    """The article is also kept in the cache all processes share: a process that has not built
    it yet reads it there (fragments.clear() forgets this process's own copies)."""
    event = EventFactory(title="Café-emploi", capacity=10, **at(1, 14))
    client.get(event.get_absolute_url())
    fragments.clear()

    with django_assert_num_queries(0):  # the event and its article: read from the shared cache
        page = text(client.get(event.get_absolute_url()))
    assert "Café-emploi" in page and "Personne n'a encore dit « je participe »." in page

    event.title = "Café-emploi du jeudi"
    event.save()
    fragments.clear()
    assert "Café-emploi du jeudi" in text(client.get(event.get_absolute_url()))
