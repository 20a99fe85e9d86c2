"""The link checker (manage.py check_links) against a real HTTP server on 127.0.0.1 started by the
tests: answers 200, 404, 500, 403, a permanent redirect, a server refusing HEAD, and a silent one.
The network is never reached."""

import io
import socket
import threading
import time
from contextlib import contextmanager
from datetime import timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import urlsplit

import pytest
import time_machine
from django.core.management import call_command
from django.utils import timezone

from links import checker
from links.models import Link
from tests.factories.links import LinkFactory

pytestmark = pytest.mark.django_db


class Sites(BaseHTTPRequestHandler):
    """One path per behaviour; every request is noted as (method, path, user agent)."""

    requests = []
    stop = threading.Event()
    down = set()  # paths answering 503 for now

    def log_message(self, *args):
        pass

    def do_HEAD(self):
        self._answer("HEAD")

    def do_GET(self):
        self._answer("GET")

    def _answer(self, method):
        type(self).requests.append((method, self.path, self.headers.get("User-Agent", "")))
        if urlsplit(self.path).path == "/silencieux":
            self.stop.wait(5)
            return
        if self.path == "/ancienne-adresse":
            return self._send(301, location="/nouvelle-adresse")
        if self.path == "/sans-head" and method == "HEAD":
            return self._send(405)
        status = {"/absent": 404, "/panne": 500, "/robots-refuses": 403}.get(self.path, 200)
        if self.path in self.down:
            status = 503
        self._send(status, body=method == "GET")

    def _send(self, status, *, location=None, body=False):
        content = b"<!doctype html><title>Site</title>"
        self.send_response(status)
        if location:
            self.send_header("Location", location)
        self.send_header("Content-Type", "text/html")
        self.send_header("Content-Length", str(len(content)))
        self.end_headers()
        if body:
            self.wfile.write(content)


@pytest.fixture
def sites(settings):
    handler = type("Answers", (Sites,), {"requests": [], "stop": threading.Event(), "down": set()})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings.LINKS_CHECK_TIMEOUT = 0.5
    handler.base = f"http://127.0.0.1:{server.server_port}"
    try:
        yield handler
    finally:
        handler.stop.set()
        server.shutdown()
        server.server_close()


def check(*arguments):
    out = io.StringIO()
    call_command("check_links", *arguments, stdout=out)
    return out.getvalue()


@contextmanager
def days_later(days):
    with time_machine.travel(timezone.now() + timedelta(days=days), tick=True):
        yield


def test_a_site_that_answers_is_recorded_with_one_head_request_naming_our_site(sites, settings):
    link = LinkFactory(url=f"{sites.base}/bienvenue")

    output = check()

    link.refresh_from_db()
    assert (link.check_status, link.check_result, link.failures, link.is_broken) == (
        200,
        "Le site répond (200).",
        0,
        False,
    )
    assert link.checked_at is not None
    assert link.redirected_to == ""
    assert [(method, path) for method, path, _ in sites.requests] == [("HEAD", "/bienvenue")]
    agent = sites.requests[0][2]
    assert agent.startswith("TousVoisins44-verification-des-liens/")
    assert f"{settings.SITE_URL}/liens-utiles/" in agent
    assert "1 lien(s) vérifié(s), 0 sans réponse correcte, 0 signalé(s) comme ne répondant plus." in output


def test_a_missing_page_is_flagged_broken_after_two_failures_in_a_row_and_cleared_when_it_answers(
    sites, client
):
    link = LinkFactory(url=f"{sites.base}/absent", title="Site disparu")

    output = check()
    link.refresh_from_db()
    assert (link.check_status, link.failures, link.is_broken) == (404, 1, False)
    assert link.check_result == "La page n'existe plus (404)."
    assert f"- Site disparu ({sites.base}/absent) : La page n'existe plus (404)." in output
    # HEAD said 404: GET is asked too, before the site is counted as failing.
    assert [method for method, _, _ in sites.requests] == ["HEAD", "GET"]
    assert "momentanément indisponible" not in client.get("/liens-utiles/").content.decode()

    with days_later(1):
        output = check()
    link.refresh_from_db()
    assert (link.failures, link.is_broken) == (2, True)
    assert "1 signalé(s) comme ne répondant plus." in output
    html = client.get("/liens-utiles/").content.decode()
    assert "Site disparu" in html
    assert "Ce site est peut-être momentanément indisponible" in html

    Link.objects.filter(pk=link.pk).update(url=f"{sites.base}/revenu")
    with days_later(2):
        check()
    link.refresh_from_db()
    assert (link.check_status, link.failures, link.is_broken) == (200, 0, False)
    assert "momentanément indisponible" not in client.get("/liens-utiles/").content.decode()


def test_one_success_between_two_failures_starts_the_count_again(sites):
    link = LinkFactory(url=f"{sites.base}/fragile")
    sites.down.add("/fragile")
    check()
    sites.down.clear()
    with days_later(1):
        check()
    sites.down.add("/fragile")
    with days_later(2):
        check()

    link.refresh_from_db()
    assert (link.check_status, link.failures, link.is_broken) == (503, 1, False)
    assert link.check_result == "Le site répond par une erreur (503)."


def test_a_server_error_counts_as_a_failure(sites):
    link = LinkFactory(url=f"{sites.base}/panne")

    check()

    link.refresh_from_db()
    assert (link.check_status, link.failures) == (500, 1)
    assert link.check_result == "Le site répond par une erreur (500)."


def test_a_permanent_redirect_is_followed_and_the_new_address_noted_for_the_moderators(sites):
    link = LinkFactory(url=f"{sites.base}/ancienne-adresse")

    check()

    link.refresh_from_db()
    assert (link.check_status, link.failures, link.is_broken) == (200, 0, False)
    assert link.redirected_to == f"{sites.base}/nouvelle-adresse"
    assert link.check_result == "Le site répond (200), à une nouvelle adresse : vérifiez-la."


def test_a_server_refusing_head_is_asked_with_get(sites):
    link = LinkFactory(url=f"{sites.base}/sans-head")

    check()

    link.refresh_from_db()
    assert (link.check_status, link.failures) == (200, 0)
    assert [method for method, _, _ in sites.requests] == ["HEAD", "GET"]


def test_a_site_refusing_robots_is_up_and_not_counted_as_failing(sites):
    link = LinkFactory(url=f"{sites.base}/robots-refuses")

    check()

    link.refresh_from_db()
    assert (link.check_status, link.failures, link.is_broken) == (403, 0, False)
    assert "refuse les vérifications automatiques (403)" in link.check_result


def test_a_silent_site_is_given_up_after_the_short_timeout_without_asking_again(sites):
    link = LinkFactory(url=f"{sites.base}/silencieux")

    began = time.monotonic()
    check()
    elapsed = time.monotonic() - began

    link.refresh_from_db()
    assert elapsed < 3
    assert (link.check_status, link.failures) == (None, 1)
    assert link.check_result == "Le site ne répond pas : pas de réponse en 0,5 seconde."
    assert [method for method, _, _ in sites.requests] == ["HEAD"]


def test_an_unreachable_site_is_a_failure(db):
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    link = LinkFactory(url=f"http://127.0.0.1:{port}/")

    check()

    link.refresh_from_db()
    assert link.failures == 1
    assert link.check_result.startswith("Le site ne répond pas : site injoignable")


def test_only_web_addresses_are_ever_opened(db):
    link = LinkFactory(url="file:///etc/passwd")

    check()

    link.refresh_from_db()
    assert (link.failures, link.check_result) == (1, "L'adresse ne commence pas par https:// ou http://.")


def test_running_the_command_again_soon_after_checks_nothing_twice(sites):
    link = LinkFactory(url=f"{sites.base}/absent")
    check()

    output = check()

    link.refresh_from_db()
    assert link.failures == 1
    assert (
        output.strip()
        == "0 lien(s) vérifié(s), 0 sans réponse correcte, 0 signalé(s) comme ne répondant plus."
    )
    assert len(sites.requests) == 2  # HEAD and GET of the first run only
    # --tous checks every active link at once.
    check("--tous")
    link.refresh_from_db()
    assert link.failures == 2


def test_a_link_taken_off_the_site_is_not_checked(sites):
    link = LinkFactory(url=f"{sites.base}/bienvenue", is_active=False)

    check()

    link.refresh_from_db()
    assert link.checked_at is None
    assert sites.requests == []


def test_the_sites_are_asked_a_few_at_a_time(sites):
    links = [LinkFactory(url=f"{sites.base}/silencieux?{index}") for index in range(4)]
    LinkFactory(url=f"{sites.base}/bienvenue")

    began = time.monotonic()
    output = check()
    elapsed = time.monotonic() - began

    # Four silent sites of 0.5 s each, in parallel: about 0.5 s, not 2.
    assert elapsed < 1.5
    assert "5 lien(s) vérifié(s), 4 sans réponse correcte" in output
    assert all(link.failures == 0 for link in links)  # the objects in memory are left alone
    assert Link.objects.filter(failures=1).count() == 4


def test_the_timeout_defaults_to_5_seconds(settings):
    del settings.LINKS_CHECK_TIMEOUT
    assert checker.timeout() == 5
