"""While the database cannot be reached, every page answers the 503 maintenance page — with
Retry-After, in French, telling the person their text is still in the form — and never a 500.

A real server (gunicorn, as in production) runs in its own process with DATABASE_URL pointing at
a port where nothing listens: a database that is down, as the server sees it.
"""

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
MAINTENANCE = "Le site est en maintenance quelques instants"
TEXT_KEPT = "Si vous écriviez un texte, revenez en arrière : il est encore dans le formulaire."


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def request(url, *, data=None, cookie=None):
    headers = {"Cookie": cookie} if cookie else {}
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, headers=headers)
    try:
        with urllib.request.urlopen(req, timeout=20) as response:
            return response.status, dict(response.headers), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read().decode()


@pytest.fixture(scope="module")
def server_without_database(tmp_path_factory):
    log = (tmp_path_factory.mktemp("outage") / "gunicorn.log").open("w+")
    # A port held by a socket that never listens: connecting is refused at once, as with a
    # stopped PostgreSQL (a free port could instead connect to itself and hang).
    held = socket.socket()
    held.bind(("127.0.0.1", 0))
    dead_port = held.getsockname()[1]
    port = free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.outage_settings",
        "DATABASE_URL": f"postgis://postgres@127.0.0.1:{dead_port}/tousvoisins",
        "ALLOWED_HOSTS": "127.0.0.1",
    }
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tousvoisins.wsgi", "-b", f"127.0.0.1:{port}", "-w", "1"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                log.seek(0)
                pytest.fail(log.read()[-3000:])
            time.sleep(0.2)
    yield base
    process.terminate()
    process.wait(10)
    held.close()
    log.close()


PAGES = [
    "/",
    "/agenda/",
    "/referents/",
    "/actualites/",
    "/forum/",
    "/coups-de-pouce/",
    "/comptes/login/",
    "/comptes/signup/",
    "/comptes/password/reset/",
    "/admin/",
]


@pytest.mark.parametrize("path", PAGES)
def test_pages_answer_the_maintenance_page(server_without_database, path):
    status, headers, body = request(server_without_database + path)
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert MAINTENANCE in body
    assert TEXT_KEPT in body


def test_a_signed_in_visitor_gets_it_too(server_without_database):
    # The session middleware reads the session from the database before any view runs.
    cookie = "sessionid=abcdefghijklmnopqrstuvwxyz012345"
    status, headers, body = request(server_without_database + "/mon-profil/", cookie=cookie)
    assert status == 503
    assert headers["Retry-After"] == "30"
    assert TEXT_KEPT in body


def test_a_form_sent_during_the_outage_gets_it(server_without_database):
    status, _headers, _body = request(
        server_without_database + "/contact/",
        data={"name": "Jeanne", "email": "jeanne@example.org", "message": "Bonjour"},
    )
    # The CSRF check refuses the post (403) or the database is reached (503): never a 500.
    assert status in (403, 503)
    status, _headers, _body = request(
        server_without_database + "/contact/",
        data={"name": "Jeanne", "email": "jeanne@example.org", "message": "Bonjour"},
        cookie="sessionid=abcdefghijklmnopqrstuvwxyz012345",
    )
    assert status in (403, 503)


def test_the_health_page_says_so(server_without_database):
    status, _headers, body = request(server_without_database + "/sante/")
    assert status == 503
    assert "indisponible" in body
