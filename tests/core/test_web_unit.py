"""deploy/tousvoisins-web.service run for real: its ExecStart, with its environment and the
environment file's, serves the site on the test database as nginx reaches it — the scheme in
X-Forwarded-Proto, nginx's X-Request-ID in every answer, hashed static files from whitenoise —
and a reload (ExecReload's SIGHUP) loses no request.

Only the paths move (/srv/tousvoisins → this checkout, a free port for 8000) and the settings
module: tests.deploy_settings, production's without the compressed copies of static files."""

import os
import re
import shlex
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests import servers
from tests.conftest import COMMITTING

ROOT = Path(__file__).resolve().parents[2]
UNIT = ROOT / "deploy" / "tousvoisins-web.service"
ENV_FILE = ROOT / "deploy" / "tousvoisins.env.example"
HOST = "tousvoisins44.fr"
# The server reads what the tests commit (tests.conftest.COMMITTING).
pytestmark = COMMITTING


def unit_lines(name):
    text = UNIT.read_text().replace("\\\n", " ")
    return [value.strip() for value in re.findall(rf"^{name}=(.*)$", text, re.M)]


def unit_environment(overrides):
    """The unit's Environment= lines, then the environment file (which systemd reads after,
    so its values win), then what this test must change; ${VAR} of ExecStart expanded from it."""
    environment = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "PYTEST_"))}
    for line in unit_lines("Environment"):
        name, value = line.split("=", 1)
        environment[name] = value
    environment.update(re.findall(r"^([A-Z][A-Z0-9_]*)=(.*)$", ENV_FILE.read_text(), re.M))
    environment.update(overrides)
    return environment


def exec_start(environment, port):
    (command,) = unit_lines("ExecStart")
    command = command.replace("/srv/tousvoisins", str(ROOT))
    command = re.sub(r"\$\{(\w+)\}", lambda match: environment[match.group(1)], command)
    words = shlex.split(command)
    # The address nginx reaches: 127.0.0.1:8000 in the unit, a free port here.
    assert "127.0.0.1:8000" in command or "--port 8000" in command, command
    return [word.replace("127.0.0.1:8000", f"127.0.0.1:{port}") for word in words]


def fetch(url, headers=None):
    request = urllib.request.Request(url, headers={"Host": HOST, **(headers or {})})
    opener = urllib.request.build_opener(NoRedirect)
    try:
        with opener.open(request, timeout=20) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


@pytest.fixture(scope="module")
def web_unit(django_db_setup, tmp_path_factory):
    folder = tmp_path_factory.mktemp("web-unit")
    port = servers.free_port()
    environment = unit_environment(
        {
            "DJANGO_SETTINGS_MODULE": "tests.deploy_settings",
            "DATABASE_URL": servers.database_url(settings.DATABASES["default"]),
            "SECRET_KEY": "a-production-like-key-for-this-test-only-0123456789-abcdefghijklmnop",
            "ALLOWED_HOSTS": HOST,
            "EMAIL_URL": "consolemail://",
            "STATIC_ROOT": str(folder / "staticfiles"),
            "MEDIA_ROOT": str(folder / "media"),
            "WEB_CONCURRENCY": "2",
            "CONN_MAX_AGE": "0",
            # The test database has no cache table (the tests' cache is in memory).
            "CACHE_URL": "locmemcache://",
        }
    )
    subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v", "0"],
        cwd=ROOT,
        env=environment,
        check=True,
    )
    words = exec_start(environment, port)
    (working_directory,) = unit_lines("WorkingDirectory")
    cwd = working_directory.replace("/srv/tousvoisins", str(ROOT))
    log = (folder / "web.log").open("wb")
    process = subprocess.Popen(words, cwd=cwd, env=environment, stdout=log, stderr=subprocess.STDOUT)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            assert process.poll() is None, (folder / "web.log").read_text()
            try:
                if fetch(f"{base}/sante/", {"X-Forwarded-Proto": "https"})[0] == 200:
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("le serveur de l'unité ne répond pas : " + (folder / "web.log").read_text())
        yield base, process, folder / "web.log"
    finally:
        process.terminate()
        process.wait(timeout=40)
        log.close()


def test_the_unit_serves_the_site_as_nginx_reaches_it(web_unit):
    base, _, log = web_unit
    status, headers, body = fetch(
        f"{base}/agenda/", {"X-Forwarded-Proto": "https", "X-Request-ID": "0123456789abcdef0123456789abcdef"}
    )
    assert status == 200, log.read_text()
    assert headers["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    # Django took the scheme from X-Forwarded-Proto: HTTPS, so HSTS and no redirect.
    assert "max-age=31536000" in headers["Strict-Transport-Security"]
    page = body.decode()
    assert "Agenda" in page
    # Hashed static files, served by whitenoise with a year of cache.
    stylesheet = re.search(r'href="(/static/[^"]+\.[0-9a-f]{12}\.css)"', page).group(1)
    status, headers, body = fetch(f"{base}{stylesheet}", {"X-Forwarded-Proto": "https"})
    assert status == 200 and body
    assert "max-age=315360000" in headers["Cache-Control"]


def test_plain_http_is_sent_to_https(web_unit):
    base, _, _ = web_unit
    status, headers, _ = fetch(f"{base}/agenda/")
    assert status == 301
    assert headers["Location"] == f"https://{HOST}/agenda/"


def test_a_reload_loses_no_request(web_unit):
    """`systemctl reload tousvoisins-web` (ExecReload: SIGHUP to the main process) while pages
    are asked: every one answers 200, and the server goes on serving."""
    base, process, _ = web_unit
    assert unit_lines("ExecReload") == ["/bin/kill -s HUP $MAINPID"]
    statuses, stop = [], threading.Event()

    def ask():
        while not stop.is_set():
            try:
                statuses.append(fetch(f"{base}/sante/", {"X-Forwarded-Proto": "https"})[0])
            except OSError as error:
                statuses.append(type(error).__name__)

    clients = [threading.Thread(target=ask) for _ in range(2)]
    for client in clients:
        client.start()
    time.sleep(0.5)
    process.send_signal(signal.SIGHUP)
    time.sleep(6)  # the new workers start, the old ones finish their requests and stop
    stop.set()
    for client in clients:
        client.join()
    assert statuses and set(statuses) == {200}, sorted(set(map(str, statuses)))
    assert process.poll() is None


def test_the_unit_runs_the_server_the_benchmark_and_the_drills_measure():
    """scripts/app_servers.py names production's server (PRODUCTION), which `make bench` and
    `make drills` run by default: the unit runs the same program with the same kind of workers."""
    from scripts import app_servers

    command = app_servers.command(app_servers.PRODUCTION, port=8000, workers=1)
    (exec_start_line,) = unit_lines("ExecStart")
    assert exec_start_line.startswith(f"/srv/tousvoisins/.venv/bin/{Path(command[0]).name} ")
    # Where it listens, how many workers and how much it logs are the machine's; the rest is the same.
    machine = ("--bind", "--host", "--port", "--workers", "--log-level")
    for index, word in enumerate(command):
        if not word.startswith("--") or word in machine:
            continue
        following = command[index + 1] if index + 1 < len(command) else "--"
        option = word if following.startswith("--") else f"{word} {following}"
        assert option in exec_start_line, option
