"""Absolute links follow SITE_URL (which `make run` derives from PORT): every address written in
an e-mail, a feed, an iCalendar file or the printed agenda is built by tousvoisins.site."""

import html
import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import icalendar
import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.models import PARIS, Event, Participation
from events.print_views import qr_code_data_uri
from events.services import event_publish
from forum.models import Subscription
from referents.models import ReferentMessage
from tests.conftest import NANTES_METROPOLE, make_user
from tests.factories import EventFactory, next_local
from tests.factories.forum import PostFactory, TopicFactory
from tests.factories.news import NewsItemFactory
from tests.factories.profiles import conversation_between, profile_for
from tests.factories.referents import ReferentFactory
from tousvoisins.site import absolute_url, site_root

pytestmark = pytest.mark.django_db

SITE = "http://127.0.0.1:8203"
URL = re.compile(r"https?://[^\s\"'<>]+")


# The helper --------------------------------------------------------------------------------------


class Page:
    def get_absolute_url(self):
        return "/forum/sujet/3-qui-a-une-perceuse/"


@pytest.mark.parametrize(
    ("site_url", "target", "expected"),
    [
        ("http://127.0.0.1:8203", "/agenda/", "http://127.0.0.1:8203/agenda/"),
        ("http://127.0.0.1:8203/", "/agenda/", "http://127.0.0.1:8203/agenda/"),
        (
            "http://127.0.0.1:8203//",
            "agenda/?territoire=244400404",
            "http://127.0.0.1:8203/agenda/?territoire=244400404",
        ),
        ("https://tousvoisins44.fr", "/", "https://tousvoisins44.fr/"),
        ("https://tousvoisins44.fr/", Page(), "https://tousvoisins44.fr/forum/sujet/3-qui-a-une-perceuse/"),
        # An address that already names its site (a picture on object storage) stays as it is.
        (
            "https://tousvoisins44.fr",
            "https://stockage.exemple.fr/a.jpg",
            "https://stockage.exemple.fr/a.jpg",
        ),
    ],
)
def test_it_joins_the_site_and_the_path_with_one_slash(settings, site_url, target, expected):
    settings.SITE_URL = site_url

    assert absolute_url(target) == expected


def test_it_gives_the_root_without_its_trailing_slash(settings):
    settings.SITE_URL = "http://127.0.0.1:8203/"

    assert site_root() == "http://127.0.0.1:8203"
    assert absolute_url() == "http://127.0.0.1:8203/"


# Everything that leaves the site with a link -----------------------------------------------------


@pytest.fixture(autouse=True)
def morning():
    # The digest and the reminders wait for 8 a.m.: these tests happen at 10.
    now = timezone.localtime(timezone.now(), PARIS).replace(hour=10, minute=0, second=0, microsecond=0)
    with time_machine.travel(now, tick=False):
        yield


@pytest.fixture(params=[SITE, SITE + "/"], ids=["sans-barre-finale", "avec-barre-finale"])
def site_url(request, settings):
    settings.SITE_URL = request.param


@pytest.fixture
def send_now(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def last_body():
    return mail.outbox[-1].body


def publication_mail(client, member, send_now):
    event = EventFactory(status=Event.Status.PROPOSED, proposed_by=member)
    with send_now():
        event_publish(event=event)
    return [last_body()], [event.get_absolute_url()]


def reminder_mail(client, member, send_now):
    profile_for(member)
    event = EventFactory(start=next_local(days=1, hour=15))
    Participation.objects.create(occurrence=event.occurrences.get(), user=member)
    with send_now():
        call_command("send_event_reminders")
    return [last_body()], [event.get_absolute_url(), "/desabonnement/", "/mon-profil/"]


def weekly_digest(client, member, send_now):
    profile_for(member, insee="44143", themes=["emploi"], weekly_digest=True)
    event = EventFactory(themes=["emploi"])
    with send_now():
        call_command("send_weekly_digest")
    return [last_body()], [event.get_absolute_url(), "/agenda/", "/desabonnement/"]


def new_messages_mail(client, member, send_now):
    profile_for(member)
    conversation_between(make_user("bernard"), member, "Bonjour !")
    with send_now():
        call_command("send_message_notifications")
    return [last_body()], [reverse("profiles:conversation-list"), "/desabonnement/"]


def forum_replies_mail(client, member, send_now):
    profile_for(member)
    topic = TopicFactory(author=member, created=timezone.now() - timedelta(days=1))
    Subscription.objects.create(user=member, topic=topic, notified_until=topic.created)
    reply = PostFactory(topic=topic, created=timezone.now() - timedelta(minutes=5))
    with send_now():
        call_command("send_forum_notifications")
    return [last_body()], [reply.get_absolute_url(), "/desabonnement/"]


def referent_message_admin_link(client, member, send_now):
    referent = ReferentFactory(public_name="Sophie", user=make_user("sophie"))
    with send_now():
        client.post(
            f"/referents/{referent.pk}/",
            {
                "name": "Jeanne",
                "email": "jeanne@exemple.org",
                "message": "Un atelier CV à Rezé ?",
                "website": "",
            },
        )
    [body] = [message.body for message in mail.outbox if message.to == [referent.user.email]]
    stored = ReferentMessage.objects.get()
    return [body], [f"/admin/referents/referentmessage/{stored.pk}/change/"]


def contact_admin_link(client, member, send_now):
    with send_now():
        client.post(
            "/contact/",
            {
                "subject": "probleme",
                "name": "Jeanne Martin",
                "email": "jeanne.martin@exemple.fr",
                "message": "Le bouton « je participe » ne marche pas.",
                "page_url": "/agenda/",
                "website": "",
            },
        )
    return [last_body()], ["/admin/pages/contactmessage/"]


def printable_agenda(client, member, send_now):
    page = html.unescape(client.get(f"/agenda/imprimer/{NANTES_METROPOLE}/").content.decode())
    [link] = re.findall(r'class="print-sheet__url" href="([^"]+)"', page)
    qr_code = re.search(r'<img src="(data:image/svg\+xml[^"]+)"', page).group(1)
    # The QR code is the one of the link shown under it.
    assert qr_code == qr_code_data_uri(link)
    return [link], [f"/agenda/?territoire={NANTES_METROPOLE}"]


def icalendar_files(client, member, send_now):
    event = EventFactory()
    texts = []
    for path in (f"{event.get_absolute_url()}evenement.ics", "/agenda/agenda.ics"):
        [vevent] = icalendar.Calendar.from_ical(client.get(path).content).walk("VEVENT")
        texts += [str(vevent["url"]), str(vevent["description"])]
    return texts, [event.get_absolute_url()]


def event_page_json_ld(client, member, send_now):
    event = EventFactory()
    page = client.get(event.get_absolute_url()).content.decode()
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    return [data["url"]], [event.get_absolute_url()]


def news_feed(client, member, send_now):
    item = NewsItemFactory()
    channel = ET.fromstring(client.get("/actualites/flux.xml").content).find("channel")
    return [channel.findtext("link"), channel.find("item").findtext("link")], [item.get_absolute_url()]


@pytest.mark.parametrize(
    "scenario",
    [
        publication_mail,
        reminder_mail,
        weekly_digest,
        new_messages_mail,
        forum_replies_mail,
        referent_message_admin_link,
        contact_admin_link,
        printable_agenda,
        icalendar_files,
        event_page_json_ld,
        news_feed,
    ],
    ids=lambda scenario: scenario.__name__,
)
def test_every_absolute_link_starts_with_the_site_url(site_url, scenario, client, member, send_now):
    texts, expected_paths = scenario(client, member, send_now)

    links = [link for text in texts for link in URL.findall(text)]
    assert links
    for link in links:
        assert link.startswith(f"{SITE}/"), link
        assert not link.startswith(f"{SITE}//"), link
    for path in expected_paths:
        assert any(link.startswith(SITE + path) for link in links), (path, links)
