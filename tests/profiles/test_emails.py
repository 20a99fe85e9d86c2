"""E-mail preferences: one-click unsubscribe, the weekly digest and the reminders (idempotent jobs)."""

import io
import re
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from events.models import PARIS, Participation
from profiles.models import Profile
from tests.factories import EventFactory, next_local
from tests.factories.profiles import profile_for
from tousvoisins.mail import unsubscribe_token as make_token
from tousvoisins.mail import unsubscribe_url

pytestmark = pytest.mark.django_db


def local_today_at(hour):
    return timezone.localtime(timezone.now(), PARIS).replace(hour=hour, minute=0, second=0, microsecond=0)


@pytest.fixture(autouse=True)
def morning():
    # The digest and the reminders wait for 8 a.m.: these tests happen at 10.
    with time_machine.travel(local_today_at(10), tick=False):
        yield


@pytest.fixture
def send_now(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def run(command):
    call_command(command, stdout=io.StringIO())


# Unsubscribe -------------------------------------------------------------------------------------


def test_it_unsubscribes_in_one_click_without_signing_in(client, member):
    profile = profile_for(member, weekly_digest=True)

    response = client.get(f"/desabonnement/{make_token(member, 'lettre')}/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "<title>Désabonnement — Tous voisins 44</title>" in html
    assert "Vous ne recevrez plus l&#x27;e-mail de la semaine avec les nouvelles rencontres." in html
    profile.refresh_from_db()
    assert not profile.weekly_digest


def test_it_takes_the_one_click_post_of_mail_programs(client, member):
    profile = profile_for(member)
    csrf_client = type(client)(enforce_csrf_checks=True)

    response = csrf_client.post(
        f"/desabonnement/{make_token(member, 'messages')}/", {"List-Unsubscribe": "One-Click"}
    )

    assert response.status_code == 200
    profile.refresh_from_db()
    assert not profile.message_notifications


def test_it_subscribes_again_after_a_wrong_click(client, member):
    profile = profile_for(member)
    url = f"/desabonnement/{make_token(member, 'rappels')}/"
    client.get(url)

    response = client.post(url, {"action": "reabonner"})

    assert "Vous recevrez de nouveau les rappels" in response.content.decode()
    profile.refresh_from_db()
    assert profile.event_reminders


def test_it_refuses_a_forged_or_damaged_link(client, member):
    profile_for(member, weekly_digest=True)
    token = make_token(member, "lettre")

    response = client.get(f"/desabonnement/{token[:-3]}abc/")

    assert response.status_code == 404
    assert "Ce lien ne marche pas" in response.content.decode()
    assert Profile.objects.get(user=member).weekly_digest


def test_it_builds_absolute_unsubscribe_links(member, settings):
    settings.SITE_URL = "https://tousvoisins44.fr"

    assert re.fullmatch(r"https://tousvoisins44\.fr/desabonnement/[^/]+/", unsubscribe_url(member, "forum"))


# Weekly digest -----------------------------------------------------------------------------------


@pytest.fixture
def subscriber(member):
    return profile_for(member, insee="44143", themes=["emploi"], weekly_digest=True)


def test_it_sends_the_new_events_of_my_themes_and_my_intercommunalite(subscriber, send_now):
    EventFactory(title="Atelier CV", themes=["emploi"], insee="44184")  # my thème, elsewhere
    EventFactory(title="Repair café", themes=["logement"], insee="44109")  # Nantes Métropole
    EventFactory(title="Pêche à Clisson", themes=["loisirs-culture-sport"], insee="44043")  # neither

    with send_now():
        run("send_weekly_digest")

    [email] = mail.outbox
    assert email.to == ["alice@exemple.fr"]
    assert email.subject == "[Tous voisins 44] Les nouvelles rencontres de la semaine"
    assert "Atelier CV" in email.body and "Repair café" in email.body
    assert "Pêche à Clisson" not in email.body
    assert "/desabonnement/" in email.body


def test_it_sends_the_digest_once_a_week(subscriber, send_now):
    EventFactory(themes=["emploi"])

    with send_now():
        run("send_weekly_digest")
        run("send_weekly_digest")
    assert len(mail.outbox) == 1

    with time_machine.travel(timezone.now() + timedelta(days=7)), send_now():
        EventFactory(themes=["emploi"], start=next_local(days=10))
        run("send_weekly_digest")
    assert len(mail.outbox) == 2


def test_it_sends_no_digest_unasked_nor_empty(member, other_member, send_now):
    profile_for(member, themes=["emploi"])  # did not ask
    profile_for(other_member, themes=["mobilite"], weekly_digest=True)  # nothing new there
    EventFactory(themes=["emploi"])

    with send_now():
        run("send_weekly_digest")

    assert mail.outbox == []


# Reminders ---------------------------------------------------------------------------------------


def _join(user, event):
    return Participation.objects.create(occurrence=event.occurrences.get(), user=user)


def test_it_reminds_participants_the_day_before_once(member, other_member, send_now):
    profile_for(member)
    profile_for(other_member, event_reminders=False)
    tomorrow = EventFactory(title="Café tricot", start=next_local(days=1, hour=15))
    later = EventFactory(title="Plus tard", start=next_local(days=3))
    _join(member, tomorrow)
    _join(member, later)
    _join(other_member, tomorrow)

    with send_now():
        run("send_event_reminders")
        run("send_event_reminders")

    [email] = mail.outbox
    assert email.to == ["alice@exemple.fr"]
    assert email.subject == "[Tous voisins 44] Demain : Café tricot"
    assert "Médiathèque, 1 rue de la Paix, Nantes" in email.body
    assert "/desabonnement/" in email.body


def test_it_reminds_by_the_local_day(member, send_now):
    profile_for(member)
    # 00:30 the day after tomorrow in Paris is still "the day after tomorrow", though 23:30 UTC tomorrow.
    start = next_local(days=2, hour=0, minute=30)
    _join(member, EventFactory(title="Nuit des étoiles", start=start))

    with send_now():
        run("send_event_reminders")
    assert mail.outbox == []


def test_it_waits_for_the_morning_to_send_reminders_and_digests(member, send_now):
    profile_for(member, themes=["emploi"], weekly_digest=True)
    _join(member, EventFactory(themes=["emploi"], start=next_local(days=1)))

    with time_machine.travel(local_today_at(6), tick=False), send_now():
        run("send_event_reminders")
        run("send_weekly_digest")
    assert mail.outbox == []

    with time_machine.travel(local_today_at(8), tick=False), send_now():
        run("send_event_reminders")
        run("send_weekly_digest")
    assert len(mail.outbox) == 2


# The choices made on /mon-profil/ -----------------------------------------------------------------


def test_it_follows_the_choices_made_on_my_profile(client, member, other_member, send_now):
    from tests.factories.profiles import conversation_between
    from tests.profiles.test_pages import profile_data

    profile_for(other_member, display_name="Bob")
    _join(member, EventFactory(title="Café tricot", themes=["emploi"], start=next_local(days=1, hour=15)))
    conversation_between(other_member, member, "Bonjour")
    client.force_login(member)
    form = _profile_page_defaults(client)
    # A new profile asks for no digest, and sends the reminders and the message notices.
    assert (form["weekly_digest"], form["event_reminders"], form["message_notifications"]) == (
        False,
        True,
        True,
    )

    # Alice asks for the digest and turns off the reminders and the message notices.
    response = client.post(
        "/mon-profil/",
        profile_data(
            themes=[_theme_pk("emploi")], weekly_digest="on", event_reminders="", message_notifications=""
        ),
    )
    assert response.status_code == 302
    assert response["Location"] == "/mon-profil/"
    with send_now():
        run("send_weekly_digest")
        run("send_event_reminders")
        run("send_message_notifications")

    [digest] = mail.outbox
    assert digest.subject == "[Tous voisins 44] Les nouvelles rencontres de la semaine"
    assert "Café tricot" in digest.body


def _profile_page_defaults(client):
    html = client.get("/mon-profil/").content.decode()
    return {
        name: bool(re.search(rf'<input type="checkbox" name="{name}"[^>]*\schecked', html))
        for name in ("weekly_digest", "event_reminders", "message_notifications")
    }


def _theme_pk(slug):
    from tousvoisins.models import Theme

    return Theme.objects.get(slug=slug).pk
