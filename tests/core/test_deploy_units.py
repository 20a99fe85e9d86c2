"""deploy/: the systemd units, the nginx site and the production environment file are checked
by the tools that will read them (`systemd-analyze verify`, `nginx -t`), and against the
settings they must agree with (periodic jobs, environment variables, upload size, paths)."""

import gzip
import http.client
import http.server
import itertools
import json
import re
import shutil
import socket
import ssl
import subprocess
import threading
import time
import urllib.error
import urllib.request
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.core.management import get_commands

from tousvoisins import images

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
SITE = DEPLOY / "nginx-tousvoisins.conf"
ENV_FILE = DEPLOY / "tousvoisins.env.example"


def unit_name(job):
    return "tousvoisins-" + job.split()[0].replace("_", "-")


def directive(text, name):
    """Value of a `Name=value` line of a unit (continuation lines joined)."""
    text = text.replace("\\\n", " ")
    values = re.findall(rf"^{name}=(.*)$", text, re.M)
    assert len(values) == 1, (name, values)
    return values[0].strip()


def calendar_intervals(expression):
    """Seconds between the next runs of an OnCalendar expression, as systemd computes them."""
    result = subprocess.run(
        ["systemd-analyze", "calendar", "--iterations=5", expression],
        capture_output=True,
        text=True,
        check=True,
        env={"TZ": "UTC", "PATH": "/usr/bin:/bin"},
    )
    times = [
        datetime.strptime(" ".join(line.split()[-3:]), "%Y-%m-%d %H:%M:%S %Z").replace(tzinfo=UTC)
        for line in result.stdout.splitlines()
        if "Next elapse:" in line or "Iter. #" in line
    ]
    assert len(times) == 5, result.stdout
    return {int((b - a).total_seconds()) for a, b in itertools.pairwise(times)}


def test_every_periodic_job_has_its_timer_on_its_schedule_and_no_timer_lacks_a_job():
    commands = get_commands()
    expected = {unit_name(job) for job in settings.PERIODIC_JOBS}
    assert len(expected) == len(settings.PERIODIC_JOBS), "two jobs would share one unit name"
    for job, every_seconds in settings.PERIODIC_JOBS.items():
        assert job.split()[0] in commands, job
        name = unit_name(job)
        service = (DEPLOY / f"{name}.service").read_text()
        assert directive(service, "ExecStart") == f"/srv/tousvoisins/.venv/bin/python manage.py {job}"
        assert directive(service, "Type") == "oneshot"
        timer = (DEPLOY / f"{name}.timer").read_text()
        assert calendar_intervals(directive(timer, "OnCalendar")) == {every_seconds}, job
        assert directive(timer, "Persistent") == "true"
    timers = {path.stem for path in DEPLOY.glob("*.timer")}
    assert timers == expected
    oneshots = {path.stem for path in DEPLOY.glob("*.service") if "Type=oneshot" in path.read_text()}
    assert oneshots == expected


def test_the_readme_points_to_the_timers_not_to_a_cron_table():
    readme = (ROOT / "README.md").read_text()
    assert "```cron" not in readme
    assert "deploy/" in readme
    for job in settings.PERIODIC_JOBS:
        assert f"`manage.py {job.split()[0]}" in readme, job


def test_the_worker_always_comes_back_and_the_app_server_is_gunicorn():
    worker = (DEPLOY / "tousvoisins-worker.service").read_text()
    assert directive(worker, "Restart") == "always"
    assert directive(worker, "StartLimitIntervalSec") == "0"
    assert "manage.py run_worker" in directive(worker, "ExecStart")
    web = (DEPLOY / "tousvoisins-web.service").read_text()
    assert directive(web, "ExecStart").startswith("/srv/tousvoisins/.venv/bin/gunicorn tousvoisins.wsgi ")
    assert "WEB_CONCURRENCY" in web  # the rule for the number of workers is written there
    for unit in DEPLOY.glob("*.service"):
        text = unit.read_text()
        assert directive(text, "EnvironmentFile") == "/etc/tousvoisins/tousvoisins.env", unit.name
        assert directive(text, "User") == "tousvoisins", unit.name


def test_systemd_analyze_verifies_every_unit(tmp_path):
    assert shutil.which("systemd-analyze"), "systemd is missing: `make system` installs it"
    # The units name /srv/tousvoisins: point them at this checkout so that their programs exist.
    env_file = tmp_path / "tousvoisins.env"
    env_file.write_text(ENV_FILE.read_text())
    for unit in [*DEPLOY.glob("*.service"), *DEPLOY.glob("*.timer")]:
        text = unit.read_text().replace("/srv/tousvoisins", str(ROOT))
        (tmp_path / unit.name).write_text(text.replace("/etc/tousvoisins/tousvoisins.env", str(env_file)))
    units = sorted(str(path) for path in tmp_path.glob("tousvoisins-*"))
    assert len(units) == 2 + 2 * len(settings.PERIODIC_JOBS)
    result = subprocess.run(
        ["systemd-analyze", "verify", "--man=no", *units], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout + result.stderr == ""


def self_signed_certificate(folder):
    """privkey.pem and fullchain.pem in `folder`, as certbot would leave them."""
    folder.mkdir()
    subject = "/CN=tousvoisins44.fr"
    command = ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", subject]
    command += ["-keyout", str(folder / "privkey.pem"), "-out", str(folder / "fullchain.pem")]
    subprocess.run(command, check=True, capture_output=True)
    return folder


def test_nginx_accepts_the_site(tmp_path):
    """`nginx -t` on the shipped site, its certbot and /srv paths moved into a temporary folder
    and a self-signed certificate in place of certbot's."""
    assert shutil.which("nginx"), "nginx is missing: `make system` installs it"
    certs = self_signed_certificate(tmp_path / "certs")
    srv = tmp_path / "srv"
    (srv / "staticfiles").mkdir(parents=True)
    (srv / "media").mkdir()
    site = (
        SITE.read_text()
        .replace("/etc/letsencrypt/live/tousvoisins44.fr/", f"{certs}/")
        .replace("/srv/tousvoisins/", f"{srv}/")
        .replace("/var/www/html", str(tmp_path))
    )
    assert "/etc/letsencrypt" not in site and "/srv/tousvoisins" not in site
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"pid {tmp_path}/nginx.pid;\n"
        f"error_log {tmp_path}/error.log;\n"
        "events {}\n"
        "http {\n"
        "    include /etc/nginx/mime.types;\n"
        f"    access_log {tmp_path}/access.log;\n"
        f"    client_body_temp_path {tmp_path}/body;\n"
        f"    proxy_temp_path {tmp_path}/proxy;\n"
        f"    include {tmp_path}/site.conf;\n"
        "}\n"
    )
    result = subprocess.run(
        ["nginx", "-t", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf")],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "test is successful" in result.stderr


def site_directives(name):
    return re.findall(rf"^\s*{name}\s+([^;]+);", SITE.read_text(), re.M)


def env_file_values():
    """VARIABLE -> value of the environment file, set or left commented with its default."""
    return dict(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=(.*)$", ENV_FILE.read_text(), re.M))


def test_the_site_forwards_the_visitor_and_accepts_the_largest_form():
    assert site_directives("proxy_set_header") == [
        "Host $host",
        "X-Forwarded-For $proxy_add_x_forwarded_for",
        "X-Forwarded-Proto $scheme",
        "X-Request-ID $request_id",
    ]
    (size,) = site_directives("client_max_body_size")
    assert size.endswith("m")
    limit = int(size[:-1]) * 1024 * 1024
    largest_form = images.MAX_BYTES + settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    # Large enough for Django to answer (in French) on any too-heavy picture, no larger.
    assert largest_form <= limit <= largest_form + 1024 * 1024
    assert site_directives("gzip") == ["on"]
    # HSTS comes from Django in production: the site must not send it a second time.
    assert not site_directives("add_header Strict-Transport-Security")
    assert "Strict-Transport-Security" not in "".join(site_directives("add_header"))
    production = (ROOT / "tousvoisins" / "settings" / "production.py").read_text()
    assert "SECURE_HSTS_SECONDS" in production


def test_the_site_serves_static_and_media_from_the_folders_the_settings_use():
    values = env_file_values()
    aliases = site_directives("alias")
    assert f"{values['STATIC_ROOT']}/" in aliases
    assert f"{values['MEDIA_ROOT']}/" in aliases
    static_block = SITE.read_text().split("location /static/", 1)[1].split("}", 1)[0]
    assert 'add_header Cache-Control "public, max-age=31536000, immutable"' in static_block


def settings_environment_variables():
    names = set()
    for module in (ROOT / "tousvoisins" / "settings").glob("*.py"):
        source = module.read_text()
        names |= set(re.findall(r"\benv(?:\.\w+)?\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", source))
        names |= set(re.findall(r"os\.environ(?:\.get\(|\[)\s*[\"']([A-Z][A-Z0-9_]*)[\"']", source))
        names |= set(re.findall(r"os\.getenv\(\s*[\"']([A-Z][A-Z0-9_]*)[\"']", source))
    return names


def test_every_variable_the_settings_read_is_in_the_environment_file_and_the_readme():
    names = settings_environment_variables()
    assert {"SECRET_KEY", "DATABASE_URL", "EMAIL_URL", "TEST_DB_NAME"} <= names  # the parser reads them
    in_file = set(env_file_values())
    readme = (ROOT / "README.md").read_text()
    table = readme.split("## Configuration", 1)[1].split("\n## ", 1)[0]
    missing_from_file = sorted(names - in_file)
    missing_from_readme = sorted(name for name in names if f"`{name}`" not in table)
    assert not missing_from_file, f"add to deploy/tousvoisins.env.example: {missing_from_file}"
    assert not missing_from_readme, f"add to the README's Configuration table: {missing_from_readme}"


def test_the_environment_file_is_readable_by_systemd():
    """No comment after a value (systemd would keep it in the value), required values set."""
    for line in ENV_FILE.read_text().splitlines():
        if line and not line.startswith("#"):
            assert re.fullmatch(r"[A-Z][A-Z0-9_]*=(\"[^\"]*\"|[^\s\"#]*)", line), line
    required = dict(re.findall(r"^([A-Z][A-Z0-9_]+)=(.*)$", ENV_FILE.read_text(), re.M))
    for name in ("DJANGO_SETTINGS_MODULE", "SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "EMAIL_URL"):
        assert name in required, name
    assert required["DJANGO_SETTINGS_MODULE"] == "tousvoisins.settings.production"


class HeadersEcho(http.server.BaseHTTPRequestHandler):
    """Stands for gunicorn: answers a page of the headers it was given."""

    def do_GET(self):
        body = json.dumps(dict(self.headers)).encode() + b" " * 2048  # big enough to be gzipped
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        # Read the whole body first, as gunicorn does: answering before it would reset the
        # connection while nginx still sends, and nginx would answer 502 at random.
        remaining = int(self.headers.get("Content-Length", 0))
        while remaining > 0:
            remaining -= len(self.rfile.read(min(remaining, 1 << 16)))
        self.do_GET()

    def log_message(self, *args):
        pass


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_nginx_serves_the_site_as_described(tmp_path):
    """The shipped site run by nginx, in front of a stand-in for gunicorn: static files cached a
    year, the visitor's address and scheme passed on, no HSTS of its own, gzip, and a too-large
    upload stopped."""
    certs = self_signed_certificate(tmp_path / "certs")
    srv = tmp_path / "srv"
    (srv / "staticfiles" / "css").mkdir(parents=True)
    (srv / "staticfiles" / "css" / "site.0123abcd.css").write_text("body { color: black; }\n" * 100)
    (srv / "media").mkdir()
    app = http.server.ThreadingHTTPServer(("127.0.0.1", 0), HeadersEcho)
    threading.Thread(target=app.serve_forever, daemon=True).start()
    https_port, http_port = free_port(), free_port()
    site = (
        SITE.read_text()
        .replace("/etc/letsencrypt/live/tousvoisins44.fr/", f"{certs}/")
        .replace("/srv/tousvoisins/", f"{srv}/")
        .replace("/var/www/html", str(tmp_path))
        .replace("server 127.0.0.1:8000", f"server 127.0.0.1:{app.server_port}")
        .replace("listen [::]:80;", "")
        .replace("listen [::]:443 ssl http2;", "")
        .replace("listen 80;", f"listen 127.0.0.1:{http_port};")
        .replace("listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    )
    (tmp_path / "site.conf").write_text(site)
    (tmp_path / "nginx.conf").write_text(
        f"user root;\npid {tmp_path}/nginx.pid;\nerror_log {tmp_path}/error.log;\nevents {{}}\n"
        f"http {{\n include /etc/nginx/mime.types;\n access_log off;\n"
        f" client_body_temp_path {tmp_path}/body;\n proxy_temp_path {tmp_path}/proxy;\n"
        f" include {tmp_path}/site.conf;\n}}\n"
    )
    nginx = subprocess.Popen(
        ["nginx", "-p", str(tmp_path), "-c", str(tmp_path / "nginx.conf"), "-g", "daemon off;"],
        stderr=subprocess.PIPE,
    )
    tls = ssl._create_unverified_context()

    def fetch(path, data=None, headers=None):
        request = urllib.request.Request(
            f"https://127.0.0.1:{https_port}{path}",
            data=data,
            headers={"Host": "tousvoisins44.fr", **(headers or {})},
        )
        try:
            with urllib.request.urlopen(request, context=tls, timeout=10) as response:
                return response.status, response.headers, response.read()
        except urllib.error.HTTPError as error:
            return error.code, error.headers, error.read()

    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", https_port), timeout=0.2).close()
                break
            except OSError:
                time.sleep(0.05)
        status, headers, body = fetch("/static/css/site.0123abcd.css")
        assert status == 200 and body.startswith(b"body")
        assert "max-age=31536000" in headers["Cache-Control"] and "immutable" in headers["Cache-Control"]
        assert headers["X-Content-Type-Options"] == "nosniff"

        status, headers, body = fetch("/agenda/", headers={"Accept-Encoding": "gzip"})
        assert status == 200
        assert headers["Content-Encoding"] == "gzip"
        assert "Strict-Transport-Security" not in headers
        received = json.loads(gzip.decompress(body).decode().strip())
        assert received["X-Forwarded-Proto"] == "https"
        assert received["X-Forwarded-For"] == "127.0.0.1"
        assert received["Host"] == "tousvoisins44.fr"

        # An address already in X-Forwarded-For stays first; nginx adds the one it saw last.
        status, headers, body = fetch("/", headers={"X-Forwarded-For": "203.0.113.9"})
        assert json.loads(body.decode().strip())["X-Forwarded-For"] == "203.0.113.9, 127.0.0.1"

        status, _, _ = fetch("/agenda/proposer/", data=b"x" * (15 * 1024 * 1024))
        assert status == 200  # a full picture and its form reach Django, which answers in French
        status, _, _ = fetch("/agenda/proposer/", data=b"x" * (17 * 1024 * 1024))
        assert status == 413

        plain = http.client.HTTPConnection("127.0.0.1", http_port, timeout=10)
        plain.request("GET", "/agenda/?page=2", headers={"Host": "tousvoisins44.fr"})
        response = plain.getresponse()
        assert response.status == 301
        assert response.headers["Location"] == "https://tousvoisins44.fr/agenda/?page=2"
        plain.close()
    finally:
        nginx.terminate()
        nginx.wait(timeout=10)
        app.shutdown()
