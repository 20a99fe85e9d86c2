"""Reading feeds over HTTP: real HTTP servers on 127.0.0.1 started by the tests, never the network.

Slow servers are the point: an import must give up with a clear French message rather than
hang the periodic job.
"""

import io
import threading
import time
from contextlib import contextmanager
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command

from events.importers import FeedError, fetch_feed, import_agenda
from events.models import Event, ExternalAgenda
from tousvoisins.models import Commune, Theme

pytestmark = pytest.mark.django_db
PARIS = ZoneInfo("Europe/Paris")
NOW = datetime(2026, 11, 26, 10, tzinfo=PARIS)
FEED = (Path(__file__).parent / "fixtures" / "ical" / "mediatheque-hermeland.ics").read_bytes()
# Short enough to keep the suite fast, long enough for a loaded machine to answer a fast server.
TIMEOUT = 0.5


@pytest.fixture(autouse=True)
def frozen_now():
    # tick=True: the clock moves on, so the deadline in fetch_feed can pass.
    with time_machine.travel(NOW, tick=True):
        yield


class Handler(BaseHTTPRequestHandler):
    stop = threading.Event()

    def log_message(self, *args):
        pass  # keep the test output clean

    def answer(self, body, *, status=200, content_type="text/calendar; charset=utf-8"):
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def pause(self, seconds):
        self.stop.wait(seconds)


class FeedHandler(Handler):
    def do_GET(self):
        if self.path == "/agenda.ics":
            self.answer(FEED)
        else:
            self.answer(b"Page introuvable", status=404, content_type="text/plain")


class SilentHandler(Handler):
    """Accepts the connection, then says nothing for far longer than the timeout."""

    def do_GET(self):
        self.pause(5)


class TricklingHandler(Handler):
    """Answers at once, then sends a few bytes at a time: no single read ever times out."""

    def do_GET(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/calendar")
        self.send_header("Content-Length", str(len(FEED)))
        self.end_headers()
        try:
            for start in range(0, len(FEED), 16):
                self.wfile.write(FEED[start : start + 16])
                self.wfile.flush()
                self.pause(0.1)
                if self.stop.is_set():
                    return
        except OSError:
            pass  # the client gave up, as it should


@contextmanager
def local_server(handler):
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    server.block_on_close = False
    handler.stop = threading.Event()
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        handler.stop.set()
        server.shutdown()
        server.server_close()


def timed(function, *args, **kwargs):
    began = time.monotonic()
    try:
        return function(*args, **kwargs), time.monotonic() - began
    except FeedError as error:
        return error, time.monotonic() - began


# fetch_feed ---------------------------------------------------------------------------------------


def test_it_reads_a_feed_over_http():
    with local_server(FeedHandler) as url:
        text = fetch_feed(f"{url}/agenda.ics", timeout=5)
    assert text.startswith("BEGIN:VCALENDAR")
    assert "Médiathèque Hermeland" in text


def test_it_gives_up_on_a_silent_server_with_a_clear_message():
    with local_server(SilentHandler) as url:
        error, seconds = timed(fetch_feed, f"{url}/agenda.ics", timeout=TIMEOUT)
    assert isinstance(error, FeedError)
    assert str(error) == (
        "le serveur de l'agenda n'a pas répondu à temps (plus de 0,5 seconde). "
        "Nouvel essai au prochain import."
    )
    assert seconds < 3


def test_it_gives_up_on_a_server_that_trickles_the_feed():
    # Sending the whole feed takes this server 20 seconds; each read is quick.
    with local_server(TricklingHandler) as url:
        error, seconds = timed(fetch_feed, f"{url}/agenda.ics", timeout=TIMEOUT)
    assert isinstance(error, FeedError)
    assert "n'a pas répondu à temps" in str(error)
    assert seconds < 3


def test_it_says_when_the_server_answers_with_an_error():
    with local_server(FeedHandler) as url:
        error, _seconds = timed(fetch_feed, f"{url}/autre.ics", timeout=5)
    assert str(error) == "le serveur de l'agenda a répondu par une erreur (404)."


def test_it_refuses_a_feed_too_large():
    with local_server(FeedHandler) as url:
        error, _seconds = timed(fetch_feed, f"{url}/agenda.ics", timeout=5, max_bytes=2048)
    assert str(error) == "le flux dépasse 2 ko : il n'a pas été lu."


def test_it_reads_only_web_addresses():
    error, _seconds = timed(fetch_feed, "file:///etc/passwd")
    assert str(error) == "l'adresse du flux doit commencer par http:// ou https://."


def test_it_says_when_nothing_answers_at_the_address():
    with local_server(FeedHandler) as url:
        pass  # the server is closed: its port refuses connections
    error, _seconds = timed(fetch_feed, f"{url}/agenda.ics", timeout=TIMEOUT)
    assert str(error).startswith("le serveur de l'agenda est injoignable")


# Agendas read over HTTP or from their file ------------------------------------------------------------


@pytest.fixture
def fast_timeout(settings):
    settings.EVENT_IMPORT_TIMEOUT = TIMEOUT


def make_agenda(name, **fields):
    fields.setdefault("publish_directly", True)  # a trusted partner: its events are published at once
    agenda = ExternalAgenda.objects.create(
        name=name, default_commune=Commune.objects.get(insee="44162"), **fields
    )
    agenda.default_themes.set(Theme.objects.filter(slug="loisirs-culture-sport"))
    return agenda


def test_a_slow_agenda_is_reported_and_its_events_are_kept(fast_timeout):
    with local_server(FeedHandler) as url:
        agenda = make_agenda("Médiathèque Hermeland", url=f"{url}/agenda.ics")
        assert len(import_agenda(agenda).created) == 4
    with local_server(SilentHandler) as url:
        agenda.url = f"{url}/agenda.ics"
        _report, seconds = timed(import_agenda, agenda)
    assert seconds < 3
    agenda.refresh_from_db()
    assert agenda.last_report.startswith("Import impossible : le serveur de l'agenda n'a pas répondu à temps")
    assert Event.objects.filter(status=Event.Status.PUBLISHED).count() == 4  # nothing cancelled


def test_the_periodic_job_imports_every_active_agenda_and_changes_nothing_the_second_time(fast_timeout):
    file_agenda = make_agenda("Médiathèque (fichier)", file=ContentFile(FEED, name="hermeland.ics"))
    make_agenda("Agenda en pause", url="http://127.0.0.1:9/agenda.ics", active=False)
    with local_server(SilentHandler) as slow_url:
        make_agenda("Agenda lent", url=f"{slow_url}/agenda.ics")
        out, err = io.StringIO(), io.StringIO()
        call_command("import_external_agendas", stdout=out, stderr=err)
        assert out.getvalue().splitlines() == [
            "Médiathèque (fichier) : 4 événements créés, 0 mis à jour, 0 inchangé, 0 annulé, "
            "1 non importé, 1 déjà passé, ignoré.",
            "Agenda lent : Import impossible : le serveur de l'agenda n'a pas répondu à temps "
            "(plus de 0,5 seconde). Nouvel essai au prochain import.",
        ]
        assert "1 agenda(s) n'ont pas pu être importés" in err.getvalue()
        updated = dict(Event.objects.values_list("pk", "updated"))

        out = io.StringIO()
        call_command("import_external_agendas", stdout=out, stderr=io.StringIO())
    assert out.getvalue().splitlines()[0] == (
        "Médiathèque (fichier) : 0 événement créé, 0 mis à jour, 4 inchangés, 0 annulé, "
        "1 non importé, 1 déjà passé, ignoré."
    )
    assert dict(Event.objects.values_list("pk", "updated")) == updated
    assert set(Event.objects.values_list("external_agenda", flat=True)) == {file_agenda.pk}


def test_the_command_imports_an_agenda_from_its_own_file():
    agenda = make_agenda("Médiathèque (fichier)", file=ContentFile(FEED, name="hermeland.ics"))
    out = io.StringIO()
    call_command("import_ical", "--agenda", str(agenda.pk), stdout=out)
    assert out.getvalue().startswith("4 événements créés")
    agenda.refresh_from_db()
    assert agenda.last_report.startswith("4 événements créés")
    assert Event.objects.filter(external_agenda=agenda).count() == 4
