"""One e-mail convention (issue 11, item 3): every e-mail the site sends is a text + HTML template
pair under templates/<app>/emails/, sent by tousvoisins.mail.send_templated_email, which adds the
unsubscribe footer and the List-Unsubscribe headers to the notifications members can turn off.

allauth's account e-mails (templates/account/email/) stay allauth's and are not in the table."""

import ast
import io
import re
from datetime import datetime, timedelta
from html.parser import HTMLParser
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import call_command

from events.models import Event, Participation
from events.services import event_cancel, event_publish, event_refuse, event_save
from forum.models import Subscription
from profiles.models import Profile
from tests.conftest import make_user
from tests.factories import EventFactory
from tests.factories.forum import PostFactory, TopicFactory
from tests.factories.profiles import conversation_between, profile_for
from tests.factories.referents import ReferentFactory

pytestmark = pytest.mark.django_db

ROOT = Path(settings.BASE_DIR)
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # a Thursday, after 8 a.m.: digests and reminders go


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    from django.core.cache import cache

    cache.clear()


# How each e-mail is sent ------------------------------------------------------------------------
# Each trigger gets the personas and a test client, sends its e-mail the way the site does, and
# returns the address the e-mail under test goes to.


def digest(people, client):
    profile_for(people.member, insee="44109", themes=["sante-bien-etre"], weekly_digest=True)
    EventFactory(
        title="Marche douce",
        themes=["sante-bien-etre"],
        start=datetime(2026, 12, 1, 10, tzinfo=PARIS),
        end=datetime(2026, 12, 1, 11, 30, tzinfo=PARIS),
    )
    call_command("send_weekly_digest", stdout=io.StringIO())
    return people.member.email


def reminder(people, client):
    event = EventFactory(title="Café tricot", start=datetime(2026, 11, 27, 15, tzinfo=PARIS))
    Participation.objects.create(occurrence=event.occurrences.get(), user=people.member)
    call_command("send_event_reminders", stdout=io.StringIO())
    return people.member.email


def new_messages(people, client):
    profile_for(people.other_member, display_name="Bob")
    conversation_between(people.other_member, people.member, "Bonjour Alice", "Tu viens samedi ?")
    call_command("send_message_notifications", stdout=io.StringIO())
    return people.member.email


def forum_replies(people, client):
    topic = TopicFactory(author=people.member, title="Qui a une perceuse ?", created=NOW - timedelta(days=1))
    Subscription.objects.create(user=people.member, topic=topic, notified_until=topic.created)
    PostFactory(topic=topic, created=NOW - timedelta(minutes=5))
    call_command("send_forum_notifications", stdout=io.StringIO())
    return people.member.email


def proposal_to_review(people, client):
    client.force_login(people.member)
    data = {
        "title": "Café-emploi",
        "summary": "On relit son CV ensemble, autour d'un café.",
        "themes": ["emploi"],
        "description": "On relit les **CV** ensemble.",
        "start_date": "2026-12-08",
        "start_time": "14:00",
        "end_time": "16:30",
        "end_date": "",
        "repeat": "",
        "place_name": "Maison de quartier",
        "address": "12 rue du Bêle",
        "commune_name": "Rezé",
        "organiser_name": "Association Entraide",
        "capacity": "12",
        "picture_alt": "",
    }
    assert client.post("/agenda/proposer/", data).status_code == 302
    return people.thematic_referent.email


def proposal_published(people, client):
    event = EventFactory(title="Repair café", status=Event.Status.PROPOSED, proposed_by=people.member)
    event_publish(event=event)
    return people.member.email


def proposal_refused(people, client):
    event = EventFactory(title="Repair café", status=Event.Status.PROPOSED, proposed_by=people.member)
    event_refuse(event=event, reason="Les places sont payantes.")
    return people.member.email


def cancelled_to_organiser(people, client):
    event = EventFactory(title="Balade", proposed_by=people.member)
    event_cancel(event=event, reason="Tempête annoncée")
    return people.member.email


def cancelled_to_participants(people, client):
    event = EventFactory(title="Balade")
    Participation.objects.create(occurrence=event.occurrences.get(), user=people.other_member)
    event_cancel(event=event, reason="Tempête annoncée")
    return people.other_member.email


def date_changed(people, client):
    event = EventFactory(title="Balade", start=datetime(2026, 12, 1, 14, tzinfo=PARIS))
    Participation.objects.create(occurrence=event.occurrences.get(), user=people.other_member)
    event.start += timedelta(hours=1)
    event.end += timedelta(hours=1)
    event_save(event=event, themes=event.themes.all())
    return people.other_member.email


CONTACT = {
    "subject": "probleme",
    "name": "Jeanne Martin",
    "email": "jeanne.martin@exemple.fr",
    "message": "Le bouton « je participe » ne marche pas sur mon téléphone.",
    "page_url": "/agenda/",
    "website": "",
}


def contact_to_moderators(people, client):
    assert client.post("/contact/", CONTACT).status_code == 302
    return people.moderator.email


def _write_to_referent(people, client):
    referent = ReferentFactory(public_name="Sophie", user=make_user("sophie"))
    message = {"name": "Jeanne", "email": "jeanne.martin@exemple.org", "message": "Bonjour", "website": ""}
    assert client.post(f"/referents/{referent.pk}/", message).status_code == 302
    return referent


def message_to_referent(people, client):
    return _write_to_referent(people, client).user.email


def acknowledgement_to_sender(people, client):
    _write_to_referent(people, client)
    return "jeanne.martin@exemple.org"


def reports_to_moderators(people, client):
    profile_for(people.other_member, display_name="Bob")
    client.force_login(people.member)
    assert client.post("/membres/bob/signaler/", {"reason": "faux-profil"}).status_code == 302
    call_command("send_report_notifications", stdout=io.StringIO())
    return people.moderator.email


# (trigger, the kind of e-mail a member can turn off, or None for a transactional e-mail)
EMAILS = [
    (digest, "lettre"),
    (reminder, "rappels"),
    (new_messages, "messages"),
    (forum_replies, "forum"),
    (proposal_to_review, None),
    (proposal_published, None),
    (proposal_refused, None),
    (cancelled_to_organiser, None),
    (cancelled_to_participants, None),
    (date_changed, None),
    (contact_to_moderators, None),
    (message_to_referent, None),
    (acknowledgement_to_sender, None),
    (reports_to_moderators, None),
]


class People:
    def __init__(self, request):
        for name in ("member", "other_member", "thematic_referent", "moderator"):
            setattr(self, name, request.getfixturevalue(name))


def sent(trigger, request, client, capture):
    people = People(request)
    with capture(execute=True):
        address = trigger(people, client)
    [message] = [message for message in mail.outbox if address in message.to]
    return people, message


class Links(HTMLParser):
    def __init__(self, text):
        super().__init__()
        self.links, self.lang = [], None
        self.feed(text)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a":
            self.links.append(attrs["href"])
        if tag == "html":
            self.lang = attrs.get("lang")


def text_links(body):
    return [link.rstrip(".,)") for link in re.findall(r"https?://\S+", body)]


@pytest.mark.parametrize(("trigger", "kind"), EMAILS, ids=[trigger.__name__ for trigger, _ in EMAILS])
def test_every_email_has_a_text_body_and_an_html_twin_with_the_same_links(
    trigger, kind, request, client, django_capture_on_commit_callbacks
):
    _, message = sent(trigger, request, client, django_capture_on_commit_callbacks)

    assert message.subject.startswith("[Tous voisins 44] ")
    assert message.body.strip()
    [(html, mimetype)] = message.alternatives
    assert mimetype == "text/html"
    page = Links(html)
    assert page.lang == "fr"
    assert "<h1>" in html
    assert "<img" not in html
    # Every link of the text is a real link of the HTML part, and the HTML adds none.
    assert sorted(set(page.links)) == sorted(set(text_links(message.body)))


@pytest.mark.parametrize(
    ("trigger", "kind"),
    [(trigger, kind) for trigger, kind in EMAILS if kind],
    ids=[trigger.__name__ for trigger, kind in EMAILS if kind],
)
def test_notifications_carry_a_working_one_click_unsubscribe_and_its_footer(
    trigger, kind, request, client, django_capture_on_commit_callbacks
):
    people, message = sent(trigger, request, client, django_capture_on_commit_callbacks)

    header = message.extra_headers["List-Unsubscribe"]
    url = re.fullmatch(r"<(http://127\.0\.0\.1:8000(/desabonnement/[^/]+/))>", header)
    assert url, message.extra_headers
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # The footer, in both parts, with the same link.
    assert "\n-- \nVous recevez cet e-mail selon les choix de votre profil : " in message.body
    assert f"un clic suffit : {url.group(1)}\n" in message.body
    [(html, _)] = message.alternatives
    assert "Vous recevez cet e-mail selon les choix de votre profil" in html
    assert f'href="{url.group(1)}"' in html

    field = {
        "lettre": "weekly_digest",
        "rappels": "event_reminders",
        "messages": "message_notifications",
        "forum": "reply_notifications",
    }[kind]
    # What a mail program's one-click button sends: a bare POST, without signing in.
    response = client.post(url.group(2), {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    profile = Profile.objects.get(user=people.member)
    assert getattr(profile, field) is False
    # And the link opened in a browser.
    Profile.objects.filter(pk=profile.pk).update(**{field: True})
    response = client.get(url.group(2))
    assert response.status_code == 200
    assert "Vous ne recevrez plus" in response.content.decode()
    profile.refresh_from_db()
    assert getattr(profile, field) is False


@pytest.mark.parametrize(
    "trigger",
    [trigger for trigger, kind in EMAILS if not kind],
    ids=[trigger.__name__ for trigger, kind in EMAILS if not kind],
)
def test_transactional_emails_have_no_unsubscribe_header_nor_footer(
    trigger, request, client, django_capture_on_commit_callbacks
):
    _, message = sent(trigger, request, client, django_capture_on_commit_callbacks)

    assert "List-Unsubscribe" not in message.extra_headers
    assert "List-Unsubscribe-Post" not in message.extra_headers
    assert "/desabonnement/" not in message.body
    assert "Vous recevez cet e-mail selon les choix de votre profil" not in message.body
    [(html, _)] = message.alternatives
    assert "/desabonnement/" not in html


def test_a_message_written_by_a_person_stays_text_in_the_html_part(
    client, moderator, django_capture_on_commit_callbacks
):
    written = 'Bonjour,\n<a href="https://exemple.fr/piege">cliquez</a> & https://exemple.fr/aide'
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/contact/", {**CONTACT, "message": written})
        assert (response.status_code, response["Location"]) == (302, "/contact/merci/")

    [message] = mail.outbox
    assert written in message.body
    [(html, _)] = message.alternatives
    # Its line breaks kept, and nothing in it becomes markup or a link.
    assert "Bonjour,<br>&lt;a href=&quot;https://exemple.fr/piege&quot;&gt;cliquez&lt;/a&gt; &amp; " in html
    assert Links(html).links == [message.body.rsplit(" : ", 1)[1].strip()]  # the admin link only


# The templates and the code ---------------------------------------------------------------------


def email_folders():
    app_folders = sorted(path for path in (ROOT / "templates").glob("*/emails") if path.is_dir())
    return [*app_folders, ROOT / "templates" / "emails"]


def test_every_email_template_has_its_text_and_html_twin():
    folders = email_folders()
    assert ROOT / "templates" / "forum" / "emails" in folders
    for folder in folders:
        names = {path.name for path in folder.iterdir()}
        for name in names:
            stem, suffix = name.rsplit(".", 1)
            assert suffix in {"txt", "html"}, name
            twin = f"{stem}.{'html' if suffix == 'txt' else 'txt'}"
            assert twin in names, f"{folder.relative_to(ROOT)}/{name} n'a pas son jumeau {twin}"


# The only modules allowed to build or send an e-mail themselves: the helper, and allauth's adapter,
# which hands allauth's own rendered messages to the same queue.
SENDERS = {"tousvoisins/mail.py", "accounts/adapters.py"}
FORBIDDEN = {"EmailMessage", "EmailMultiAlternatives", "send_mail", "send_mass_mail", "send_email_on_commit"}


def python_modules():
    skip = {".venv", "tests", ".local", "node_modules", "static", "media"}
    for path in ROOT.rglob("*.py"):
        relative = path.relative_to(ROOT)
        if relative.parts[0] not in skip and not relative.parts[0].startswith("."):
            yield relative, path


def names_used(tree):
    for node in ast.walk(tree):
        if isinstance(node, ast.Name):
            yield node.id
        elif isinstance(node, ast.Attribute):
            yield node.attr
        elif isinstance(node, ast.ImportFrom):
            yield from (alias.name for alias in node.names)


def test_no_module_but_the_helper_builds_or_sends_an_email():
    offenders = {}
    for relative, path in python_modules():
        if str(relative) in SENDERS:
            continue
        used = FORBIDDEN.intersection(names_used(ast.parse(path.read_text(), str(relative))))
        if used:
            offenders[str(relative)] = sorted(used)
    assert offenders == {}


def test_the_source_scan_sees_a_direct_send():
    tree = ast.parse("from django.core.mail import send_mail\nsend_mail('a', 'b', None, ['c'])\n")
    assert "send_mail" in set(names_used(tree))
