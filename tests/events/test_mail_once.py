"""One e-mail per person per cause: the proposer who also joined a date, a recurring event in the
weekly digest (issue item 8)."""

import html
import io
import re
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command

from events.models import Event, Participation
from events.services import event_save
from tests.events.test_admin import form_data
from tests.factories import EventFactory
from tests.factories.profiles import profile_for

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # a Thursday, after 8 a.m.: the digest goes
EVENTS = "/admin/events/event/"
GUERANDE = "44069"  # Cap Atlantique


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


def action(client, name, events, **extra):
    return client.post(EVENTS, {"action": name, "_selected_action": [event.pk for event in events], **extra})


def text(response):
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode())))


def received_by(email):
    return [message for message in mail.outbox if email in message.to]


@pytest.fixture
def balade(member, other_member):
    """A weekly walk proposed by Alice, who joined two of its dates herself; Bob joined one."""
    event = EventFactory(
        title="Balade",
        insee=GUERANDE,
        proposed_by=member,
        start=datetime(2026, 12, 1, 14, tzinfo=PARIS),
        end=datetime(2026, 12, 1, 16, tzinfo=PARIS),
        recurrence="FREQ=WEEKLY;BYDAY=TU",
    )
    dates = event.occurrences.order_by("start")
    Participation.objects.create(occurrence=dates[0], user=member)
    Participation.objects.create(occurrence=dates[1], user=member)
    Participation.objects.create(occurrence=dates[1], user=other_member)
    return event


# The proposer who joined ------------------------------------------------------------------------


def test_cancelling_sends_one_email_to_a_proposer_who_also_joined_and_the_others_theirs(
    client, cap_referent, member, other_member, balade, django_capture_on_commit_callbacks
):
    client.force_login(cap_referent)
    with django_capture_on_commit_callbacks(execute=True):
        response = action(
            client, "cancel_selected", [balade], apply="Annuler et prévenir", reason="Tempête annoncée"
        )
    assert response.status_code == 302
    assert "1 événement annulé." in text(client.get(response["Location"]))
    balade.refresh_from_db()
    assert balade.status == Event.Status.CANCELLED

    [mine] = received_by(member.email)  # the proposer's e-mail, not a participant's one as well
    assert mine.subject == "[Tous voisins 44] Rencontre annulée : Balade"
    assert "Motif : « Tempête annoncée »" in mine.body
    [bobs] = received_by(other_member.email)
    assert bobs.subject == "[Tous voisins 44] Annulé : Balade"
    assert "- Mardi 8 décembre 2026, de 14 h à 16 h" in bobs.body
    assert len(mail.outbox) == 2


def test_refusing_a_published_event_sends_one_email_to_a_proposer_who_also_joined(
    client, cap_referent, member, other_member, balade, django_capture_on_commit_callbacks
):
    client.force_login(cap_referent)
    with django_capture_on_commit_callbacks(execute=True):
        response = action(
            client,
            "refuse_selected",
            [balade],
            apply="Refuser et prévenir",
            reason="Les places sont payantes.",
        )
    assert response.status_code == 302
    assert response["Location"] == EVENTS
    balade.refresh_from_db()
    assert balade.status == Event.Status.REFUSED

    [mine] = received_by(member.email)
    assert mine.subject == "[Tous voisins 44] Votre rencontre n'est pas publiée : Balade"
    [bobs] = received_by(other_member.email)
    assert bobs.subject == "[Tous voisins 44] Annulé : Balade"
    assert len(mail.outbox) == 2


def test_an_event_cancelled_and_moved_at_once_sends_its_participants_one_email(
    other_member, balade, django_capture_on_commit_callbacks
):
    # An import following its source: cancelled, and its hours changed in the same feed.
    balade.status, balade.status_reason = Event.Status.CANCELLED, "Annulé par l'organisateur."
    balade.start += timedelta(hours=1)
    balade.end += timedelta(hours=1)
    with django_capture_on_commit_callbacks(execute=True):
        event_save(event=balade, themes=balade.themes.all())

    [bobs] = received_by(other_member.email)
    assert bobs.subject == "[Tous voisins 44] Annulé : Balade"
    assert "- Mardi 8 décembre 2026, de 14 h à 16 h" in bobs.body  # the date they had joined


def test_an_event_cancelled_and_moved_in_one_admin_save_sends_its_participants_one_email(
    client, cap_referent, member, other_member, balade, django_capture_on_commit_callbacks
):
    client.force_login(cap_referent)
    change_url = f"{EVENTS}{balade.pk}/change/"
    data = form_data(client.get(change_url))
    data.update(
        {"start_1": "15:00:00", "end_1": "17:00:00", "status": "cancelled", "status_reason": "Tempête"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change_url, data)

    assert response.status_code == 302, text(response)
    assert response["Location"] == EVENTS
    balade.refresh_from_db()
    assert balade.status == Event.Status.CANCELLED
    assert balade.occurrences.order_by("start").first().start.astimezone(PARIS).hour == 15
    [bobs] = received_by(other_member.email)  # no "changement d'horaire" on top
    assert bobs.subject == "[Tous voisins 44] Annulé : Balade"
    assert "- Mardi 8 décembre 2026, de 14 h à 16 h" in bobs.body  # the date Bob had joined
    [mine] = received_by(member.email)
    assert mine.subject == "[Tous voisins 44] Rencontre annulée : Balade"
    assert len(mail.outbox) == 2


# The weekly digest ------------------------------------------------------------------------------


def test_a_recurring_event_is_listed_once_in_the_digest_with_its_next_date_and_its_rule(
    member, django_capture_on_commit_callbacks
):
    profile_for(member, insee="44109", themes=["sante-bien-etre"], weekly_digest=True)
    marche = EventFactory(
        title="Marche douce",
        themes=["sante-bien-etre"],
        start=datetime(2026, 12, 1, 10, tzinfo=PARIS),
        end=datetime(2026, 12, 1, 11, 30, tzinfo=PARIS),
        recurrence="FREQ=WEEKLY;BYDAY=TU",
    )
    assert marche.occurrences.count() > 3
    EventFactory(
        title="Café des aidants",
        themes=["sante-bien-etre"],
        start=datetime(2026, 12, 3, 14, tzinfo=PARIS),
        end=datetime(2026, 12, 3, 16, tzinfo=PARIS),
    )

    with django_capture_on_commit_callbacks(execute=True):
        call_command("send_weekly_digest", stdout=io.StringIO())

    [digest] = mail.outbox
    assert digest.body.count("Marche douce") == 1
    assert (
        "- mardi 1er décembre 2026, de 10 h à 11 h 30, puis tous les mardis : Marche douce (Nantes)"
        in digest.body
    )
    assert "- jeudi 3 décembre 2026, de 14 h à 16 h : Café des aidants (Nantes)" in digest.body
    # Soonest first.
    assert digest.body.index("Marche douce") < digest.body.index("Café des aidants")
