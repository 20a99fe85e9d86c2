"""The agenda feeds' VEVENT texts are written ahead by the events app's own periodic job
(`manage.py prepare_feed_texts`, every 15 minutes like its systemd timer), not by the open-data
job of the dashboard: the job writes the texts of the feeds' window once, drops those of an event
changed or withdrawn, and says what it did in French."""

import io

import pytest
from django.conf import settings
from django.core.management import call_command

from events.models import Event, VeventText
from tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def run(command, *args):
    out = io.StringIO()
    call_command(command, *args, stdout=out)
    return out.getvalue()


def test_the_job_writes_the_texts_of_the_feeds_window_once():
    first = EventFactory(title="Repair café")
    EventFactory(title="Chorale")
    EventFactory(title="Atelier proposé", status=Event.Status.PROPOSED)

    assert run("prepare_feed_texts") == "2 texte(s) iCalendar écrit(s) d'avance.\n"
    assert set(VeventText.objects.values_list("event__title", flat=True)) == {"Repair café", "Chorale"}
    assert run("prepare_feed_texts") == "0 texte(s) iCalendar écrit(s) d'avance.\n"

    first.title = "Repair café du quartier"
    first.save()
    assert run("prepare_feed_texts") == "1 texte(s) iCalendar écrit(s) d'avance.\n"
    assert b"Repair caf\xc3\xa9 du quartier" in bytes(VeventText.objects.get(event=first).text)


def test_a_withdrawn_event_loses_its_text_at_the_next_run():
    event = EventFactory(title="Chorale")
    run("prepare_feed_texts")
    event.status = Event.Status.REFUSED
    event.save()

    run("prepare_feed_texts")

    assert not VeventText.objects.filter(event=event).exists()


def test_the_open_data_job_no_longer_writes_the_feeds_texts(tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    EventFactory(title="Repair café")

    run("publish_open_data", "--force")

    assert not VeventText.objects.exists()


def test_it_runs_every_quarter_of_an_hour_beside_the_open_data():
    assert settings.PERIODIC_JOBS["prepare_feed_texts"] == 15 * 60
    assert settings.PERIODIC_JOBS["publish_open_data"] == 15 * 60
