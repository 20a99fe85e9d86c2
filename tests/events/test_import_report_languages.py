"""The import report in the reader's language: counts and reasons in English and Ukrainian, read
from the same report; the report kept on the agenda stays French (history)."""

import html
import re
from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.utils import translation

from accounts.models import MODERATION
from events.importers import FeedError, fetch_feed, import_calendar, read_uploaded_feed
from events.models import Event, ExternalAgenda
from tousvoisins.models import Commune, Theme

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)  # Thursday 26 November 2026
CHANGELIST = "/admin/events/externalagenda/"

# One good event, one without its start date.
FEED = "\r\n".join(
    [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Maison de quartier//Agenda//FR",
        "BEGIN:VEVENT",
        "UID:fete-du-jeu@maison-de-quartier.example",
        "SUMMARY:Fête du jeu",
        "DTSTART;TZID=Europe/Paris:20261205T140000",
        "DTEND;TZID=Europe/Paris:20261205T170000",
        "LOCATION:Maison de quartier\\, 44800 Saint-Herblain",
        "END:VEVENT",
        "BEGIN:VEVENT",
        "UID:marche-de-noel@maison-de-quartier.example",
        "SUMMARY:Marché de Noël",
        "LOCATION:Place de la mairie\\, 44800 Saint-Herblain",
        "END:VEVENT",
        "END:VCALENDAR",
        "",
    ]
)


@pytest.fixture(autouse=True)
def frozen_now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def agenda(db):
    # What the events roles migration grants moderators on external agendas.
    permissions = Permission.objects.filter(
        content_type__app_label="events",
        codename__in=[f"{action}_externalagenda" for action in ("view", "add", "change", "delete")],
    )
    Group.objects.get(name=MODERATION).permissions.add(*permissions)
    agenda = ExternalAgenda.objects.create(
        name="Maison de quartier",
        file=ContentFile(FEED.encode(), name="agenda.ics"),
        default_commune=Commune.objects.get(insee="44162"),  # Saint-Herblain
        publish_directly=True,
    )
    agenda.default_themes.set(Theme.objects.filter(slug="loisirs-culture-sport"))
    return agenda


def themes():
    return Theme.objects.filter(slug="loisirs-culture-sport")


def text(response):
    content = re.sub(r"<script.*?</script>", " ", response.content.decode(), flags=re.S)
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", content)))


def test_the_same_report_reads_in_english_and_in_ukrainian():
    report = import_calendar(
        FEED, default_themes=themes(), default_commune=Commune.objects.get(insee="44162")
    )

    with translation.override("en"):
        assert report.summary() == "1 event created, 0 updated, 0 unchanged, 0 cancelled, 1 not imported."
        details = report.as_text()
    assert "Created:\n- “Fête du jeu” (Saturday 5 December 2026)" in details
    assert "Not imported:\n- “Marché de Noël”: the start date (DTSTART) is missing" in details
    assert "manque" not in details and "créé" not in details

    with translation.override("uk"):
        summary = report.summary()
        details = report.as_text()
    assert summary == "1 подію створено, 0 оновлено, 0 без змін, 0 скасовано, 1 не імпортовано."
    assert "- «Marché de Noël»: немає дати початку (DTSTART)" in details
    assert "non importé" not in summary

    # French stays as it was.
    assert report.summary() == "1 événement créé, 0 mis à jour, 0 inchangé, 0 annulé, 1 non importé."
    assert "- « Marché de Noël » : la date de début (DTSTART) manque" in report.as_text()


def test_counts_take_the_plural_forms_of_each_language():
    report = import_calendar(
        FEED, default_themes=themes(), default_commune=Commune.objects.get(insee="44162")
    )
    report.created *= 5
    report.to_review = report.created[:2]
    with translation.override("en"):
        assert report.summary().startswith("5 events created, 0 updated")
        assert report.summary().endswith(
            "2 new events are waiting for the referents to check them before they are published."
        )
    with translation.override("uk"):
        assert report.summary().startswith("5 подій створено")
        assert report.summary().endswith("2 нові події чекають на перевірку референтів перед публікацією.")


def test_a_feed_that_cannot_be_read_says_why_in_the_readers_language():
    with pytest.raises(FeedError) as error:
        fetch_feed("ftp://agenda.example/export.ics")
    with translation.override("en"):
        assert str(error.value) == "the feed address must start with http:// or https://."

    # The message is written when it is read, so the same error reads in each language.
    with pytest.raises(FeedError) as error:
        read_uploaded_feed(ContentFile(b"x" * 3000, name="big.ics"), max_bytes=2048)
    with translation.override("en"):
        assert str(error.value) == "the file is larger than 2 KB: it was not read."
    with translation.override("uk"):
        assert str(error.value) == "файл більший за 2 КБ: його не прочитано."
    assert str(error.value) == "le fichier dépasse 2 ko : il n'a pas été lu."


@pytest.mark.parametrize(
    ("language", "message"),
    [
        (
            "en",
            "Maison de quartier: 1 event created, 0 updated, 0 unchanged, 0 cancelled, 1 not imported.",
        ),
        (
            "uk",
            "Maison de quartier: 1 подію створено, 0 оновлено, 0 без змін, 0 скасовано, 1 не імпортовано.",
        ),
        (
            "ar",
            "Maison de quartier: 1 فعالية أُنشئت، 0 حُدّثت، 0 بلا تغيير، 0 أُلغيت، 1 لم تُستورد.",
        ),
    ],
)
def test_a_moderator_reads_the_import_message_in_their_language(client, moderator, agenda, language, message):
    client.force_login(moderator)
    client.cookies["langue"] = language
    response = client.post(CHANGELIST, {"action": "import_now", "_selected_action": [agenda.pk]}, follow=True)
    assert response.status_code == 200
    page = text(response)
    assert message in page
    assert "Maison de quartier : 1 événement créé" not in page
    assert Event.objects.filter(external_agenda=agenda).count() == 1

    # The report kept on the agenda is history: it stays French, as the periodic job writes it.
    agenda.refresh_from_db()
    assert agenda.last_report.startswith(
        "1 événement créé, 0 mis à jour, 0 inchangé, 0 annulé, 1 non importé."
    )
    assert "- « Marché de Noël » : la date de début (DTSTART) manque" in agenda.last_report
