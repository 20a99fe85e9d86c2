"""The waiting list of a full date (issue 16, item 4): joining in order, the place shown, leaving in
one click, a freed place offered to the first in line for a set time, then to the next, the
person without an account whose referent is asked to call, cancellation, the periodic job, the
RGPD pages, and what the agenda's pages cost."""

import html
import io
import re
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from events.models import Participation, ProxyRegistration, WaitingListEntry, offer_deadline
from events.personal_data import erase_user_data, export_user_data, purge_expired_data
from events.services import event_cancel, event_save, participation_join, participation_leave
from events.services_waiting_list import (
    offer_next_place,
    waiting_list_join,
    waiting_list_leave,
    waiting_offer_confirm,
    waiting_offers_expire,
)
from tests.conftest import make_user
from tests.core.test_mail_convention import Links, text_links
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # a Thursday
PHONE = "02 40 12 34 56"
Status = WaitingListEntry.Status


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


def text(response):
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def full_date(capacity=1, day=8, **fields):
    """A date of `capacity` places, all taken by members."""
    start = datetime(2026, 12, day, 14, tzinfo=PARIS)
    event = EventFactory(start=start, end=start + timedelta(hours=2), capacity=capacity, **fields)
    occurrence = event.occurrences.get()
    for number in range(capacity):
        Participation.objects.create(occurrence=occurrence, user=make_user(f"venu{day}-{number}"))
    return occurrence


def post(client, occurrence, action):
    url = (
        occurrence.event.get_absolute_url()
        + {
            "join": "liste-d-attente/",
            "leave": "liste-d-attente/quitter/",
            "confirm": "liste-d-attente/confirmer/",
            "participate": "participer/",
        }[action]
    )
    return client.post(url, {"date": occurrence.pk}, follow=True)


def in_line(occurrence, *users):
    return [waiting_list_join(occurrence=occurrence, user=user)[0] for user in users]


def entry_of(user):
    return WaitingListEntry.objects.get(user=user)


def statuses(occurrence):
    return list(occurrence.waiting_list.order_by("position").values_list("status", flat=True))


# Joining and leaving -------------------------------------------------------------------------------


def test_a_member_joins_the_list_of_a_full_date_and_sees_their_place(client, member, other_member):
    occurrence = full_date(title="Atelier cuisine")
    url = occurrence.event.get_absolute_url()
    client.force_login(member)
    page = text(client.get(url))
    assert "Complet." in page
    assert "Je m'inscris sur la liste d'attente du mardi 8 décembre 2026, de 14 h à 16 h" in page

    page = text(post(client, occurrence, "join"))
    assert (
        "C'est noté : vous êtes sur la liste d'attente de « Atelier cuisine », mardi 8 décembre 2026, "
        "de 14 h à 16 h. Vous êtes en tête de la liste d'attente." in page
    )
    assert "1 personne sur la liste d'attente." in page
    assert "Je quitte la liste d'attente" in page

    client.force_login(other_member)
    page = text(post(client, occurrence, "join"))
    assert "Vous êtes 2e sur la liste d'attente." in page
    assert "2 personnes sur la liste d'attente." in page
    # Joining twice keeps one's place.
    page = text(post(client, occurrence, "join"))
    assert "Vous êtes déjà sur la liste d'attente" in page
    assert list(occurrence.waiting_list.values_list("user", "position")) == [
        (member.pk, 1),
        (other_member.pk, 2),
    ]


def test_there_is_no_list_while_places_are_left_nor_for_those_who_come(client, member):
    occurrence = full_date(capacity=2)
    Participation.objects.filter(occurrence=occurrence).first().delete()
    client.force_login(member)
    page = text(client.get(occurrence.event.get_absolute_url()))
    assert "liste d'attente" not in page
    page = text(post(client, occurrence, "join"))
    assert "Il reste des places à cette date : dites plutôt « je participe »." in page
    assert not WaitingListEntry.objects.exists()

    participation_join(occurrence=occurrence, user=member)
    with pytest.raises(ValidationError, match="Vous participez déjà à cette date"):
        waiting_list_join(occurrence=occurrence, user=member)


def test_visitors_are_sent_to_sign_in(client):
    occurrence = full_date()
    response = client.post(occurrence.event.get_absolute_url() + "liste-d-attente/", {"date": occurrence.pk})
    assert response.status_code == 302
    assert response["Location"].startswith("/comptes/login/")
    assert client.get(occurrence.event.get_absolute_url() + "liste-d-attente/").status_code == 405


def test_leaving_the_list_is_one_click_and_the_next_moves_up(client, member, other_member):
    occurrence = full_date()
    in_line(occurrence, member, other_member)
    client.force_login(member)
    page = text(post(client, occurrence, "leave"))
    assert "C'est noté : vous n'êtes plus sur la liste d'attente" in page
    assert "Je m'inscris sur la liste d'attente" in page
    assert entry_of(member).status == Status.WITHDRAWN

    client.force_login(other_member)
    assert "Vous êtes en tête de la liste d'attente." in text(client.get(occurrence.event.get_absolute_url()))
    # Someone not in line: nothing to leave.
    client.force_login(make_user("zoe"))
    assert (
        client.post(
            occurrence.event.get_absolute_url() + "liste-d-attente/quitter/", {"date": occurrence.pk}
        ).status_code
        == 404
    )


# A place frees ------------------------------------------------------------------------------------


def test_when_a_participant_cancels_the_first_in_line_is_offered_the_place(
    client, member, other_member, django_capture_on_commit_callbacks
):
    occurrence = full_date(title="Atelier cuisine")
    in_line(occurrence, member, other_member)
    leaving = occurrence.participations.get().user
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        assert participation_leave(occurrence=occurrence, user=leaving)

    first = entry_of(member)
    assert first.status == Status.OFFERED
    assert first.offered_at == NOW
    assert first.expires_at == NOW + timedelta(hours=48)
    assert entry_of(other_member).status == Status.WAITING
    [message] = mail.outbox
    assert message.to == [member.email]
    assert message.subject == "[Tous voisins 44] Une place s'est libérée : Atelier cuisine"
    assert "List-Unsubscribe" not in message.extra_headers  # transactional: nothing to turn off
    assert "confirmez avant le samedi 28 novembre 2026 à 10 h" in message.body
    link = f"http://127.0.0.1:8000{occurrence.event.get_absolute_url()}#participer"
    assert link in message.body
    [(body, _)] = message.alternatives
    assert sorted(set(Links(body).links)) == sorted(set(text_links(message.body)))

    # The place is held for her: nobody else takes it meanwhile.
    with pytest.raises(ValidationError, match="C'est complet"):
        participation_join(occurrence=occurrence, user=make_user("zoe"))
    client.force_login(member)
    page = text(client.get(occurrence.event.get_absolute_url()))
    assert "Complet." in page
    assert (
        "Une place s'est libérée pour vous. Confirmez avant le samedi 28 novembre 2026 à 10 h : "
        "après, elle est proposée à la personne suivante." in page
    )

    page = text(post(client, occurrence, "confirm"))
    assert "C'est noté : vous participez à « Atelier cuisine », mardi 8 décembre 2026" in page
    assert "Vous participez." in page
    assert Participation.objects.filter(occurrence=occurrence, user=member).exists()
    assert entry_of(member).status == Status.CONFIRMED
    assert occurrence.count_places_taken() == 1


def test_declining_the_offer_passes_it_to_the_next(client, member, other_member):
    occurrence = full_date()
    in_line(occurrence, member, other_member)
    Participation.objects.filter(occurrence=occurrence).delete()
    offer_next_place(occurrence=occurrence)
    client.force_login(member)
    page = text(post(client, occurrence, "leave"))
    assert "C'est noté : vous laissez la place" in page
    assert statuses(occurrence) == [Status.WITHDRAWN, Status.OFFERED]
    assert entry_of(other_member).expires_at == NOW + timedelta(hours=48)


def test_raising_the_capacity_offers_the_new_places_in_order(member, other_member):
    occurrence = full_date()
    third = make_user("zoe")
    in_line(occurrence, member, other_member, third)
    event = occurrence.event
    event.capacity = 3
    event_save(event=event, themes=event.themes.all())
    assert statuses(occurrence) == [Status.OFFERED, Status.OFFERED, Status.WAITING]


@pytest.mark.parametrize(
    ("before_start", "delay"),
    [
        (timedelta(days=12), timedelta(hours=48)),  # the usual 48 h
        (timedelta(hours=60), timedelta(hours=30)),  # nearer: half the time left
        (timedelta(hours=3), timedelta(hours=2)),  # never less than 2 h ...
        (timedelta(hours=1), timedelta(hours=1)),  # ... but never after the date begins
    ],
)
def test_the_time_to_answer_is_shorter_when_the_date_is_near(before_start, delay):
    assert offer_deadline(now=NOW, start=NOW + before_start) == NOW + delay


def test_an_offer_not_answered_in_time_goes_to_the_next(
    client, member, other_member, frozen_now, django_capture_on_commit_callbacks
):
    occurrence = full_date(title="Atelier cuisine")
    in_line(occurrence, member, other_member)
    Participation.objects.filter(occurrence=occurrence).delete()
    offer_next_place(occurrence=occurrence)

    frozen_now.shift(timedelta(hours=47))
    out = io.StringIO()
    call_command("expire_waiting_offers", stdout=out)
    assert out.getvalue() == "0 proposition(s) expirée(s), 0 place(s) proposée(s).\n"
    assert statuses(occurrence) == [Status.OFFERED, Status.WAITING]

    frozen_now.shift(timedelta(hours=1, seconds=1))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("expire_waiting_offers", stdout=out)
    assert "1 proposition(s) expirée(s), 1 place(s) proposée(s)." in out.getvalue()
    assert statuses(occurrence) == [Status.EXPIRED, Status.OFFERED]
    assert [message.to for message in mail.outbox] == [[other_member.email]]
    # Idempotent: a second run changes nothing.
    out = io.StringIO()
    call_command("expire_waiting_offers", stdout=out)
    assert out.getvalue() == "0 proposition(s) expirée(s), 0 place(s) proposée(s).\n"

    # Too late for her: the page says so, and the place stays with the next.
    client.force_login(member)
    assert (
        client.post(
            occurrence.event.get_absolute_url() + "liste-d-attente/confirmer/", {"date": occurrence.pk}
        ).status_code
        == 404
    )
    assert not Participation.objects.filter(user=member).exists()


def test_confirming_after_the_deadline_moves_on_even_before_the_job_runs(
    client, member, other_member, frozen_now
):
    occurrence = full_date()
    in_line(occurrence, member, other_member)
    Participation.objects.filter(occurrence=occurrence).delete()
    offer_next_place(occurrence=occurrence)
    frozen_now.shift(timedelta(hours=49))
    client.force_login(member)
    page = text(post(client, occurrence, "confirm"))
    assert "Le délai pour confirmer est passé : la place est proposée à la personne suivante." in page
    assert statuses(occurrence) == [Status.EXPIRED, Status.OFFERED]
    assert not Participation.objects.filter(user=member).exists()


def test_the_lists_of_dates_begun_are_closed(member, frozen_now):
    occurrence = full_date()
    in_line(occurrence, member)
    frozen_now.move_to(datetime(2026, 12, 8, 14, 30, tzinfo=PARIS))
    waiting_offers_expire()
    assert statuses(occurrence) == [Status.EXPIRED]
    with pytest.raises(ValidationError, match="la liste d'attente est close"):
        waiting_list_join(occurrence=occurrence, user=make_user("zoe"))


# A person without an account ----------------------------------------------------------------------

ADMIN = "/admin/events/waitinglistentry/"


def person(occurrence, **fields):
    return {
        "occurrence": occurrence.pk,
        "first_name": "Jeannine",
        "phone": PHONE,
        "postal_address": "",
        "notes": "Vient en fauteuil",
        "consent": "on",
        "consent_given_on": "2026-11-25",
        "consent_channel": "telephone",
        **fields,
    }


def test_a_referent_puts_a_person_without_account_on_the_list_and_is_asked_to_call(
    client, member, nantes_referent, django_capture_on_commit_callbacks
):
    occurrence = full_date(title="Atelier cuisine")
    client.force_login(nantes_referent)
    page = text(client.get(f"{ADMIN}add/"))
    assert "Mettre quelqu'un sur une liste d'attente" in page
    response = client.post(f"{ADMIN}add/", person(occurrence))
    assert response.status_code == 302, text(response)
    jeannine = WaitingListEntry.objects.get()
    assert (jeannine.first_name, jeannine.registered_by, jeannine.position) == (
        "Jeannine",
        nantes_referent,
        1,
    )
    in_line(occurrence, member)

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        participation_leave(occurrence=occurrence, user=occurrence.participations.get().user)
    jeannine.refresh_from_db()
    assert jeannine.status == Status.OFFERED
    [message] = mail.outbox
    assert message.to == [nantes_referent.email]
    assert message.subject == "[Tous voisins 44] Une place pour Jeannine : Atelier cuisine"
    assert "appelez cette personne pour lui proposer la place" in message.body
    assert f"Téléphone : {PHONE}" in message.body
    assert "La place lui est gardée jusqu'au samedi 28 novembre 2026 à 10 h." in message.body
    assert f"http://127.0.0.1:8000{ADMIN}{jeannine.pk}/change/" in message.body
    [(body, _)] = message.alternatives
    assert sorted(set(Links(body).links)) == sorted(set(text_links(message.body)))

    # Visible in the admin and on "Qui vient", then she says yes on the phone.
    page = text(client.get(ADMIN))
    assert (
        "Place proposée : appelez la personne et dites sa réponse avant le samedi 28 novembre 2026 à 10 h"
        in page
    )
    who_comes = text(client.get(occurrence.event.get_absolute_url() + "qui-vient/"))
    assert "Liste d'attente" in who_comes
    assert f"Jeannine , sans compte : {PHONE} (Vient en fauteuil). Place proposée" in who_comes
    response = client.post(
        ADMIN, {"action": "give_the_place", "_selected_action": [jeannine.pk]}, follow=True
    )
    assert "1 personne(s) inscrite(s) à la place proposée." in text(response)
    registration = ProxyRegistration.objects.get()
    assert (registration.first_name, registration.phone, registration.registered_by) == (
        "Jeannine",
        PHONE,
        nantes_referent,
    )
    assert registration.consent_given_on == date(2026, 11, 25)
    jeannine.refresh_from_db()
    assert jeannine.status == Status.CONFIRMED
    assert entry_of(member).status == Status.WAITING


def test_without_the_member_who_put_her_there_the_referents_of_the_event_are_asked_to_call(
    nantes_referent, cap_referent, django_capture_on_commit_callbacks
):
    occurrence = full_date()
    jeannine = WaitingListEntry(
        first_name="Jeannine", phone=PHONE, consent_given_on=date(2026, 11, 25), consent_channel="telephone"
    )
    waiting_list_join(occurrence=occurrence, person=jeannine, registered_by=None)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        participation_leave(occurrence=occurrence, user=occurrence.participations.get().user)
    [message] = mail.outbox
    assert message.to == [nantes_referent.email]  # Nantes Métropole's, not Cap Atlantique's
    assert "Une place pour Jeannine" in message.subject


def test_the_referent_corrects_the_phone_number_of_a_person_in_line(client, nantes_referent, alice):
    occurrence = full_date()
    client.force_login(nantes_referent)
    client.post(f"{ADMIN}add/", person(occurrence))
    jeannine = WaitingListEntry.objects.get()
    in_line(occurrence, alice)
    url = f"{ADMIN}{jeannine.pk}/change/"
    page = text(client.get(url))
    assert "Jeannine" in page and "En attente" in page
    response = client.post(url, {"phone": "12", "postal_address": "", "notes": ""})
    assert response.status_code == 200
    assert "Écrivez un numéro de téléphone de 10 chiffres" in text(response)
    response = client.post(url, {"phone": "06 11 22 33 44", "postal_address": "", "notes": "Le matin"})
    assert response.status_code == 302
    jeannine.refresh_from_db()
    assert (jeannine.phone, jeannine.notes, jeannine.status) == ("06 11 22 33 44", "Le matin", Status.WAITING)
    # A member's place in line: nothing to correct here.
    response = client.get(f"{ADMIN}{entry_of(alice).pk}/change/")
    assert "Alice (membre du site)" in text(response)
    assert 'name="phone"' not in response.content.decode()


def test_the_referent_says_the_person_does_not_come_and_the_next_is_offered(client, member, nantes_referent):
    occurrence = full_date()
    client.force_login(nantes_referent)
    client.post(f"{ADMIN}add/", person(occurrence))
    in_line(occurrence, member)
    Participation.objects.filter(occurrence=occurrence).delete()
    offer_next_place(occurrence=occurrence)
    jeannine = WaitingListEntry.objects.get(first_name="Jeannine")
    response = client.post(
        ADMIN, {"action": "let_the_place_go", "_selected_action": [jeannine.pk]}, follow=True
    )
    assert "1 place(s) proposée(s) à la personne suivante." in text(response)
    assert statuses(occurrence) == [Status.WITHDRAWN, Status.OFFERED]


def test_a_referent_out_of_scope_neither_sees_nor_adds(client, nantes_referent, cap_referent, member):
    occurrence = full_date(title="Atelier cuisine")  # Nantes Métropole
    jeannine = WaitingListEntry(
        first_name="Jeannine", phone=PHONE, consent_given_on=date(2026, 11, 25), consent_channel="telephone"
    )
    waiting_list_join(occurrence=occurrence, person=jeannine, registered_by=nantes_referent)
    in_line(occurrence, member)

    client.force_login(cap_referent)
    page = text(client.get(ADMIN))
    assert "Jeannine" not in page and "Alice" not in page
    assert client.get(f"{ADMIN}{jeannine.pk}/change/").status_code == 302  # the admin's "not found"
    assert "Atelier cuisine" not in text(client.get(f"{ADMIN}add/"))
    response = client.post(f"{ADMIN}add/", person(occurrence, first_name="Roger"))
    assert response.status_code == 200
    assert not WaitingListEntry.objects.filter(first_name="Roger").exists()
    response = client.post(ADMIN, {"action": "give_the_place", "_selected_action": [jeannine.pk]})
    jeannine.refresh_from_db()
    assert jeannine.status == Status.WAITING
    # Nor "Qui vient" of that event.
    assert client.get(occurrence.event.get_absolute_url() + "qui-vient/").status_code == 403


def test_the_admin_refuses_a_date_with_places_left(client, nantes_referent):
    occurrence = full_date(capacity=2)
    Participation.objects.filter(occurrence=occurrence).first().delete()
    client.force_login(nantes_referent)
    response = client.post(f"{ADMIN}add/", person(occurrence), follow=True)
    assert "Il reste des places à cette date" in text(response)
    assert not WaitingListEntry.objects.exists()


def test_a_person_registered_by_phone_removed_frees_the_place(client, moderator, member):
    occurrence = full_date()
    Participation.objects.filter(occurrence=occurrence).delete()
    registration = ProxyRegistration.objects.create(
        occurrence=occurrence, first_name="Marcel", phone=PHONE, consent_given_on=date(2026, 11, 25)
    )
    in_line(occurrence, member)
    client.force_login(moderator)
    response = client.post(f"/admin/events/proxyregistration/{registration.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert entry_of(member).status == Status.OFFERED


def test_the_admin_list_makes_a_fixed_number_of_queries(client, nantes_referent, django_assert_num_queries):
    occurrence = full_date()
    client.force_login(nantes_referent)
    client.get(ADMIN)  # the admin's first visit fills its caches (content types, site)

    def count(people):
        for number in range(people):
            in_line(occurrence, make_user(f"attente{people}-{number}"))
        # session, user, the user's and their groups' permissions, their group names, the count in
        # scope twice ("x sur y"), the page of rows with their date, event, member and who registered them
        with django_assert_num_queries(8):
            response = client.get(ADMIN)
        return text(response)

    assert "attente2-1" in count(2)
    assert "attente5-4" in count(5)


# Cancellation -------------------------------------------------------------------------------------


def test_everyone_on_the_list_is_told_when_the_event_is_cancelled(
    member, other_member, django_capture_on_commit_callbacks
):
    occurrence = full_date(title="Atelier cuisine")
    in_line(occurrence, member, other_member)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        event_cancel(event=occurrence.event, reason="La salle est fermée")
    told = {
        tuple(message.to) for message in mail.outbox if "Vous étiez sur la liste d'attente" in message.body
    }
    assert told == {(member.email,), (other_member.email,)}
    message = next(message for message in mail.outbox if message.to == [member.email])
    assert message.subject == "[Tous voisins 44] Annulé : Atelier cuisine"
    assert "- Mardi 8 décembre 2026, de 14 h à 16 h" in message.body
    assert "Motif : « La salle est fermée »" in message.body
    [(body, _)] = message.alternatives
    assert sorted(set(Links(body).links)) == sorted(set(text_links(message.body)))
    assert statuses(occurrence) == [Status.CANCELLED, Status.CANCELLED]


def test_the_list_of_a_date_removed_from_a_recurring_event_is_told(
    member, django_capture_on_commit_callbacks
):
    start = datetime(2026, 12, 1, 14, tzinfo=PARIS)
    event = EventFactory(
        title="Chorale",
        start=start,
        end=start + timedelta(hours=2),
        recurrence="FREQ=WEEKLY;COUNT=2",
        capacity=1,
    )
    second = event.occurrences.order_by("start").last()
    Participation.objects.create(occurrence=second, user=make_user("venue"))
    in_line(second, member)
    mail.outbox.clear()
    event.recurrence = "FREQ=WEEKLY;COUNT=1"
    with django_capture_on_commit_callbacks(execute=True):
        event_save(event=event, themes=event.themes.all())
    [message] = [message for message in mail.outbox if message.to == [member.email]]
    assert "Vous étiez sur la liste d'attente de « Chorale ». Cette date n'aura pas lieu :" in message.body
    assert "- Mardi 8 décembre 2026, de 14 h à 16 h" in message.body
    assert not WaitingListEntry.objects.exists()


# Who sees the list ---------------------------------------------------------------------------------


def test_only_those_who_look_after_the_event_see_the_names_in_line(client, alice, bob, nantes_referent):
    occurrence = full_date()
    in_line(occurrence, alice)
    client.force_login(bob)
    page = text(client.get(occurrence.event.get_absolute_url()))
    assert "1 personne sur la liste d'attente." in page and "Alice" not in page
    client.force_login(nantes_referent)
    page = text(client.get(occurrence.event.get_absolute_url() + "qui-vient/"))
    assert "Liste d'attente Alice (membre du site)." in page


def test_the_agenda_pages_cost_the_same_queries_with_a_waiting_list(
    client, member, django_assert_num_queries
):
    occurrence = full_date()
    url = occurrence.event.get_absolute_url()

    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    client.force_login(member)
    client.get(url)  # the referents to contact are read once, then kept for everyone
    before = {path: queries(path) for path in (url, "/agenda/", "/agenda/mes-participations/")}
    in_line(occurrence, make_user("zoe"), make_user("yves"), member)
    after = {path: queries(path) for path in before}
    assert after == before
    # As for any event (tests/events/test_participation.py): 4 for the page (its communities
    # included; its referents are kept since the first request), 3 for the signed-in layout (its
    # suspension and unread messages are kept under the member's own stamp).
    with django_assert_num_queries(7):
        page = text(client.get(url))
    assert "Vous êtes 3e sur la liste d'attente." in page
    Participation.objects.filter(occurrence=occurrence).delete()
    offer_next_place(occurrence=occurrence)
    client.force_login(WaitingListEntry.objects.get(position=1).user)  # the first in line
    with django_assert_num_queries(9):
        assert "Une place s'est libérée pour vous." in text(client.get(url))


# RGPD ------------------------------------------------------------------------------------------------


def test_a_member_s_waiting_lists_are_in_their_data_and_go_with_their_account(member, other_member):
    occurrence = full_date(title="Atelier cuisine")
    in_line(occurrence, member, other_member)
    Participation.objects.filter(occurrence=occurrence).delete()
    offer_next_place(occurrence=occurrence)
    [data] = export_user_data(member)["listes_d_attente"]
    assert data["evenement"] == "Atelier cuisine"
    assert data["etat"] == "place proposée"
    assert datetime.fromisoformat(data["a_confirmer_avant"]) == NOW + timedelta(hours=48)

    erase_user_data(member)
    assert not WaitingListEntry.objects.filter(user=member).exists()
    # The place offered to her goes to the next.
    assert entry_of(other_member).status == Status.OFFERED
    assert export_user_data(member)["listes_d_attente"] == []


def test_people_without_account_on_a_list_are_erased_after_the_date(member, nantes_referent, frozen_now):
    occurrence = full_date()
    jeannine = WaitingListEntry(
        first_name="Jeannine", phone=PHONE, consent_given_on=date(2026, 11, 25), consent_channel="telephone"
    )
    waiting_list_join(occurrence=occurrence, person=jeannine, registered_by=nantes_referent)
    in_line(occurrence, member)
    frozen_now.move_to(datetime(2027, 1, 8, 17, tzinfo=PARIS))  # 31 days after the date
    assert purge_expired_data(now=datetime(2027, 1, 8, 17, tzinfo=PARIS)) == {
        "personnes inscrites par un référent à une date passée de plus de 30 jours": 1
    }
    assert list(WaitingListEntry.objects.values_list("user", flat=True)) == [member.pk]


def test_the_services_refuse_what_makes_no_sense(member):
    occurrence = full_date()
    [entry] = in_line(occurrence, member)
    with pytest.raises(ValidationError, match="Cette place ne vous est plus proposée"):
        waiting_offer_confirm(entry=entry)
    assert waiting_list_leave(entry=entry)
    assert not waiting_list_leave(entry=entry)
    # Back in line: at the end, with a new place.
    [again] = in_line(occurrence, member)
    assert again.position == 2


# The demo ------------------------------------------------------------------------------------------


def test_the_demo_has_a_full_date_with_people_waiting_once(client):
    from accounts.models import User

    call_command("seed_demo", stdout=io.StringIO())
    call_command("seed_demo", stdout=io.StringIO())  # idempotent
    entries = WaitingListEntry.objects.select_related("occurrence__event").order_by("position")
    assert [entry.name for entry in entries] == ["Odette", "Martine"]
    event = entries[0].occurrence.event
    assert event.title == "Atelier couture : je répare mes vêtements"
    assert entries[0].registered_by.username == "claire-nantes"

    client.force_login(User.objects.get(username="martine"))
    page = text(client.get(event.get_absolute_url()))
    assert "Complet." in page and "2 personnes sur la liste d'attente." in page
    assert "Vous êtes 2e sur la liste d'attente." in page
    client.force_login(User.objects.get(username="sophie-emploi"))
    assert "Vous participez." in text(client.get(event.get_absolute_url()))
    client.force_login(User.objects.get(username="claire-nantes"))
    page = text(client.get(event.get_absolute_url() + "qui-vient/"))
    assert "Odette , sans compte : 02 40 11 22 33" in page
    assert "Martine (membre du site)." in page
