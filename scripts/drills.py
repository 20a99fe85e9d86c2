"""Fault drills (`make drills`): what the site does when things break, each drill printing PASS or FAIL.

Run against a scratch database `tousvoisins_drills` of the local cluster (remade each time), with
an application server serving the site (production's, gunicorn gthread, unless `--server
sync|granian` or DRILLS_SERVER say otherwise: scripts/app_servers.py; DEBUG off, database cache,
as in production), the task worker (`manage.py run_worker`) and a local SMTP server written here
(asyncio), on 127.0.0.1 only.

1. PostgreSQL restarted under load: errors only within 2 s of the restart, and they are the 503
   maintenance page; none after. The local cluster itself is restarted: run the drills when
   nothing else (tests, `make run`) uses this checkout's cluster.
2. A worker of the application server killed under load: failed requests ≤ workers killed × the
   requests a worker serves at once (1, or its threads), all answered a second after the last kill.
3. The mail server down (DRILL_MAIL_DOWN_SECONDS, 60 by default; `--quick` makes it 20 s): no 500
   anywhere (sign-up and password reset included), every e-mail delivered exactly once after.
4. The task worker killed in the middle of a task (an e-mail the SMTP server holds): the task
   runs again when the worker is back, and the e-mail arrives once.
5. 50 members join a date with 20 places at the same moment: exactly 20 accepted, the others
   told it is full, and they can all go on the waiting list (one place each, in order).
6. Two referents edit the same event in the admin: the second is told; no update lost.

    .venv/bin/python scripts/drills.py [--quick] [--server sync|gthread|granian] [drill numbers…]
"""

import argparse
import asyncio
import html
import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from http.cookiejar import CookieJar
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts import app_servers  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
DB_NAME = "tousvoisins_drills"
MAINTENANCE = "Le site est en maintenance quelques instants"
RESULTS = []
NAMES = []


def log(message):
    print(message, flush=True)


def verdict(name, ok, detail):
    RESULTS.append(ok)
    NAMES.append(f"{'PASS' if ok else 'FAIL'} {name}")
    log(f"{'PASS' if ok else 'FAIL'}  {name} — {detail}")


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


# A local SMTP server -----------------------------------------------------------------------------


class SmtpServer:
    """Enough of SMTP for Django's backend. `hold` makes it wait before answering RCPT (a slow
    server), so that a worker can be killed while it sends."""

    def __init__(self, port):
        self.port = port
        self.messages = []
        self.hold = 0
        self.loop = asyncio.new_event_loop()
        self.server = None
        threading.Thread(target=self.loop.run_forever, daemon=True).start()

    def start(self):
        async def serve():
            self.server = await asyncio.start_server(self.session, "127.0.0.1", self.port, reuse_address=True)

        asyncio.run_coroutine_threadsafe(serve(), self.loop).result(5)

    def stop(self):
        async def close():
            self.server.close()
            await self.server.wait_closed()

        asyncio.run_coroutine_threadsafe(close(), self.loop).result(5)

    async def session(self, reader, writer):
        async def say(line):
            writer.write(f"{line}\r\n".encode())
            await writer.drain()

        await say("220 drills ESMTP")
        recipients = []
        try:
            while line := await reader.readline():
                verb = line.decode(errors="replace").strip().split(" ", 1)[0].upper()
                if verb in ("EHLO", "HELO"):
                    await say("250 drills")
                elif verb == "MAIL":
                    recipients = []
                    await say("250 OK")
                elif verb == "RCPT":
                    if self.hold:
                        await asyncio.sleep(self.hold)
                    recipients.append(line.decode().split(":", 1)[1].strip().strip("<>"))
                    await say("250 OK")
                elif verb == "DATA":
                    await say("354 end with .")
                    data = []
                    while (chunk := await reader.readline()) not in (b".\r\n", b".\n", b""):
                        data.append(chunk.decode(errors="replace"))
                    subject = next((d[9:].strip() for d in data if d.lower().startswith("subject:")), "")
                    self.messages.append((tuple(recipients), subject))
                    await say("250 queued")
                elif verb == "QUIT":
                    await say("221 bye")
                    break
                else:
                    await say("250 OK")
        except ConnectionError:
            pass
        finally:
            writer.close()


# The scratch site --------------------------------------------------------------------------------


def environment(smtp_port):
    from tousvoisins import localdb

    localdb.recreate_database(DB_NAME)
    return dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="tests.outage_settings",
        DATABASE_URL=localdb.database_url(DB_NAME),
        EMAIL_URL=f"smtp://127.0.0.1:{smtp_port}",
        ALLOWED_HOSTS="127.0.0.1",
        SITE_URL="http://127.0.0.1",
        PYTHONUNBUFFERED="1",
    )


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


class Site:
    def __init__(self, env, server, workers=2):
        self.env = env
        self.name = server
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.log = open(ROOT / ".local" / f"drills-{server}.log", "a")  # noqa: SIM115
        self.server = subprocess.Popen(
            app_servers.command(server, port=self.port, workers=workers, log_level="info"),
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        for _ in range(150):
            try:
                if get(self.base + "/sante/")[0] == 200:
                    return
            except OSError:
                pass
            time.sleep(0.2)
        raise SystemExit(f"{server} ne répond pas")

    def workers(self):
        return app_servers.worker_pids(self.server.pid)

    def stop(self):
        self.server.terminate()
        self.server.wait(15)


class Worker:
    def __init__(self, env):
        self.log = open(ROOT / ".local" / "drills-worker.log", "a")  # noqa: SIM115
        self.process = subprocess.Popen(
            [PY, "manage.py", "run_worker", "--interval", "0.2", "--max-backoff", "2", "--no-startup-delay"],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )

    def alive(self):
        return self.process.poll() is None

    def stop(self):
        self.process.terminate()
        self.process.wait(15)


def get(url, cookie=None):
    request = urllib.request.Request(url, headers={"Cookie": cookie} if cookie else {})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            # The headers as received (names in any case: granian sends them in lower case).
            return response.status, response.headers, response.read().decode(errors="replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode(errors="replace")


class Browser:
    """Cookies and CSRF token, as a browser; redirects not followed (a 302 is an answer)."""

    class NoRedirect(urllib.request.HTTPRedirectHandler):
        def redirect_request(self, *args, **kwargs):
            return None

    def __init__(self, base, session=None):
        self.base = base
        self.jar = CookieJar()
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(self.jar), self.NoRedirect
        )
        self.session = session

    def open(self, path, data=None):
        headers = {"Referer": self.base + path}
        if self.session:
            headers["Cookie"] = self.session
        body = None
        if data is not None:
            token = next((c.value for c in self.jar if c.name == "csrftoken"), "")
            body = urllib.parse.urlencode({**data, "csrfmiddlewaretoken": token}, doseq=True).encode()
            headers["X-CSRFToken"] = token
            if self.session:
                headers["Cookie"] = f"{self.session}; csrftoken={token}"
        request = urllib.request.Request(self.base + path, data=body, headers=headers)
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read().decode(errors="replace")
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode(errors="replace")


def django_setup(env):
    os.environ.update(env)
    import django

    django.setup()


def session_cookie(user):
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    session = import_module(settings.SESSION_ENGINE).SessionStore()
    session[SESSION_KEY] = str(user.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = user.get_session_auth_hash()
    session.save()
    return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"


class Load:
    """Threads asking for pages without pause; each answer kept with its time."""

    def __init__(self, base, paths, threads=4):
        self.base, self.paths, self.answers, self.running = base, paths, [], True
        self.threads = [threading.Thread(target=self.run, args=(n,)) for n in range(threads)]
        for thread in self.threads:
            thread.start()

    def run(self, n):
        i = n
        while self.running:
            path = self.paths[i % len(self.paths)]
            i += 1
            try:
                status, headers, body = get(self.base + path)
                self.answers.append(
                    (time.monotonic(), status, headers.get("Retry-After"), MAINTENANCE in body)
                )
            except OSError as error:
                self.answers.append((time.monotonic(), f"{type(error).__name__}", None, False))

    def stop(self):
        self.running = False
        for thread in self.threads:
            thread.join()
        return self.answers


PAGES = ["/", "/agenda/", "/actualites/", "/forum/", "/referents/", "/coups-de-pouce/"]


# The drills --------------------------------------------------------------------------------------


def drill_postgres_restart(site, worker):
    from django.db import connections

    from tousvoisins import localdb

    load = Load(site.base, PAGES)
    time.sleep(3)
    began = time.monotonic()
    localdb.stop()
    time.sleep(1)
    localdb.start()
    ended = time.monotonic()
    time.sleep(6)
    answers = load.stop()
    connections.close_all()
    errors = [a for a in answers if a[1] != 200]
    outside = [a for a in errors if not (began <= a[0] <= ended + 2)]
    not_friendly = [a for a in errors if not (a[1] == 503 and a[2] and a[3])]
    after = [a for a in answers if a[0] > ended + 2]
    ok = not outside and not not_friendly and after and all(a[1] == 200 for a in after) and worker.alive()
    verdict(
        "PostgreSQL redémarré sous charge",
        ok,
        f"{len(answers)} requêtes, {len(errors)} en erreur pendant le redémarrage ({ended - began:.1f} s), "
        f"{len(outside)} hors de la fenêtre de 2 s, {len(not_friendly)} sans la page de maintenance 503 "
        f"{sorted({str(a[1]) for a in not_friendly})}, "
        f"{sum(a[1] == 200 for a in after)}/{len(after)} bonnes après ; "
        f"worker des tâches {'en vie' if worker.alive() else 'arrêté'}",
    )


def drill_server_worker_kill(site):
    """A killed worker loses the requests it was serving — one for a sync worker, up to its
    threads for a threaded one — and no other: the server starts a new worker, and every request
    after the last kill is answered."""
    load = Load(site.base, PAGES)
    time.sleep(2)
    kills = 0
    for _ in range(2):
        pids = site.workers()
        if pids:
            os.kill(pids[0], signal.SIGKILL)
            kills += 1
        last_kill = time.monotonic()
        time.sleep(3)
    time.sleep(2)
    answers = load.stop()
    failed = [a for a in answers if a[1] != 200]
    after = [a for a in answers if a[0] > last_kill + 1]
    allowed = kills * app_servers.REQUESTS_PER_WORKER[site.name]
    verdict(
        f"worker du serveur d'application ({site.name}) tué sous charge",
        len(failed) <= allowed and after and all(a[1] == 200 for a in after),
        f"{len(answers)} requêtes, {kills} workers tués, {len(failed)} requêtes en échec "
        f"(au plus {allowed} : {app_servers.REQUESTS_PER_WORKER[site.name]} par worker tué) "
        f"{sorted({str(a[1]) for a in failed})}, {sum(a[1] == 200 for a in after)}/{len(after)} "
        "bonnes une seconde après le dernier",
    )


def drill_mail_down(site, smtp, down_seconds):
    from accounts.models import User
    from tests.conftest import make_user

    if not User.objects.filter(username="oubli").exists():
        make_user("oubli")
    smtp.stop()
    smtp.messages.clear()
    statuses = []
    signup = Browser(site.base)
    statuses.append(signup.open("/comptes/signup/")[0])
    status, _body = signup.open(
        "/comptes/signup/",
        {
            "email": "nouvelle@exemple.fr",
            "password1": "un-mot-de-passe-44",
            "password2": "un-mot-de-passe-44",
            "charter": "on",
        },
    )
    statuses.append(status)
    reset = Browser(site.base)
    statuses.append(reset.open("/comptes/password/reset/")[0])
    statuses.append(reset.open("/comptes/password/reset/", {"email": "oubli@exemple.fr"})[0])
    statuses += [get(site.base + path)[0] for path in PAGES]
    signed_up = User.objects.filter(email="nouvelle@exemple.fr").exists()
    time.sleep(down_seconds)
    smtp.start()
    # The first retry comes a minute after the failure; if the server was still down then, the
    # second five minutes later.
    deadline = time.monotonic() + 7 * 60
    expected = {("nouvelle@exemple.fr",), ("oubli@exemple.fr",)} if signed_up else {("oubli@exemple.fr",)}
    while time.monotonic() < deadline and {m[0] for m in smtp.messages} < expected:
        time.sleep(1)
    time.sleep(5)  # a duplicate would come now
    delivered = [m[0] for m in smtp.messages]
    once = all(delivered.count(to) == 1 for to in expected) and set(delivered) == expected
    ok = 500 not in statuses and signed_up and once
    verdict(
        f"serveur de mail coupé {down_seconds:.0f} s",
        ok,
        f"réponses {sorted(set(statuses))} (inscription {statuses[1]}, mot de passe oublié {statuses[3]}), "
        f"compte créé : {'oui' if signed_up else 'non'}, e-mails reçus : {delivered}",
    )


def drill_worker_killed(env, smtp, worker):
    from django.tasks import TaskResultStatus
    from django_tasks_db.models import DBTaskResult

    from tousvoisins.mail import send_email
    from tousvoisins.models import OutgoingEmail

    smtp.messages.clear()
    smtp.hold = 8
    # As tousvoisins.mail.queue_email does: the e-mail in the outbox, its id in the task.
    email = OutgoingEmail.objects.create(subject="Exercice", body="Bonjour", to=["tache@exemple.fr"])
    result = send_email.enqueue(email_id=email.pk)
    deadline = time.monotonic() + 20
    while (
        time.monotonic() < deadline
        and DBTaskResult.objects.get(pk=result.id).status != TaskResultStatus.RUNNING
    ):
        time.sleep(0.2)
    time.sleep(1)
    worker.process.kill()  # mid-task: the SMTP server is holding the e-mail
    worker.process.wait()
    smtp.hold = 0
    replacement = Worker(env)  # what systemd (Restart=always) or `make run` does
    deadline = time.monotonic() + 30
    while (
        time.monotonic() < deadline
        and DBTaskResult.objects.get(pk=result.id).status != TaskResultStatus.SUCCESSFUL
    ):
        time.sleep(0.5)
    time.sleep(3)
    final = DBTaskResult.objects.get(pk=result.id).status
    delivered = [m for m in smtp.messages if m[0] == ("tache@exemple.fr",)]
    verdict(
        "worker des tâches tué en pleine tâche",
        final == TaskResultStatus.SUCCESSFUL and len(delivered) == 1,
        f"la tâche est {final} après reprise, e-mail reçu {len(delivered)} fois",
    )
    return replacement


def drill_fifty_join(site):
    from events.models import Participation, WaitingListEntry
    from tests.conftest import make_user
    from tests.factories import EventFactory

    occurrence = EventFactory(title="Atelier vélo", capacity=20).occurrences.get()
    event = occurrence.event
    people = [make_user(f"cinquante-{n}") for n in range(50)]
    browsers = [Browser(site.base, session_cookie(person)) for person in people]
    page = event.get_absolute_url()
    for browser in browsers:
        browser.open(page)  # the CSRF cookie, as a browser has it
    join = f"/agenda/{event.pk}-{event.slug}/participer/"
    barrier = threading.Barrier(50)

    def go(browser, path):
        barrier.wait(30)
        return browser.open(path, {"date": occurrence.pk})[0]

    with ThreadPoolExecutor(50) as pool:
        joins = list(pool.map(go, browsers, [join] * 50))
    accepted = Participation.objects.filter(occurrence=occurrence).count()
    barrier = threading.Barrier(50 - accepted)
    refused = [
        b
        for b, p in zip(browsers, people, strict=True)
        if not occurrence.participations.filter(user=p).exists()
    ]
    waiting = f"/agenda/{event.pk}-{event.slug}/liste-d-attente/"
    with ThreadPoolExecutor(50) as pool:
        waits = list(pool.map(go, refused, [waiting] * len(refused)))
    positions = sorted(
        WaitingListEntry.objects.filter(occurrence=occurrence).values_list("position", flat=True)
    )
    statuses = set(joins) | set(waits)
    verdict(
        "50 personnes s'inscrivent à la fois à une date de 20 places",
        accepted == 20 and 500 not in statuses and len(positions) == 30 and len(set(positions)) == 30,
        f"{accepted} acceptées, {len(refused)} refusées (complet), {len(positions)} sur la liste d'attente "
        f"avec {len(set(positions))} rangs distincts ; réponses {sorted(statuses)}",
    )


def form_values(page):
    form = page[page.index('<form enctype="multipart/form-data"') :]
    form = form[: form.index("</form>")]
    data = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        if not name or 'type="submit"' in tag or 'type="file"' in tag:
            continue
        value = re.search(r'value="([^"]*)"', tag)
        if 'type="checkbox"' in tag:
            if "checked" in tag:
                data.setdefault(name.group(1), []).append(html.unescape(value.group(1)) if value else "on")
            continue
        data[name.group(1)] = html.unescape(value.group(1)) if value else ""
    for name, options in re.findall(r'<select name="([^"]+)"[^>]*>(.*?)</select>', form, re.S):
        selected = re.search(r'<option value="([^"]*)"[^>]*selected', options)
        data[name] = html.unescape(selected.group(1)) if selected else ""
    for name, value in re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>(.*?)</textarea>', form, re.S):
        data[name] = html.unescape(value.strip("\n"))
    data.pop("csrfmiddlewaretoken", None)
    return data


def drill_two_referents(site):
    from accounts.models import TERRITORY_REFERENTS
    from events.models import Event
    from tests.conftest import NANTES_METROPOLE, make_user
    from tests.factories import EventFactory

    event = EventFactory(
        title="Pique-nique à Rezé",
        insee="44143",
        themes=["loisirs-culture-sport"],
        status=Event.Status.PUBLISHED,
    )
    url = f"/admin/events/event/{event.pk}/change/"
    first, second = (
        Browser(
            site.base, session_cookie(make_user(name, group=TERRITORY_REFERENTS, sirens=[NANTES_METROPOLE]))
        )
        for name in ("referente-a", "referent-b")
    )
    first_data = form_values(first.open(url)[1])
    second_data = form_values(second.open(url)[1])
    first_data["title"] = "Pique-nique au bord de la Sèvre"
    status_first, _ = first.open(url, first_data)
    second_data["place_name"] = "Parc de la Balinière"
    status_second, page = second.open(url, second_data)
    event.refresh_from_db()
    told = "Quelqu'un d'autre a enregistré cette fiche" in html.unescape(page)
    verdict(
        "deux référents modifient le même événement",
        status_first == 302
        and status_second == 200
        and told
        and event.title == "Pique-nique au bord de la Sèvre",
        f"le premier enregistre ({status_first}), le second est prévenu : {'oui' if told else 'non'} "
        f"({status_second}) ; titre gardé : « {event.title} »",
    )


def keep_results(server, chosen):
    """This run's verdicts, quoted by `make bench-servers` in docs/servers.md."""
    (ROOT / ".local" / f"drills-{server}.json").write_text(
        json.dumps(
            {
                "date": f"{datetime.now(UTC):%Y-%m-%d}",
                "drills": sorted(chosen),
                "results": RESULTS,
                "names": NAMES,
            },
            ensure_ascii=False,
        )
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("drills", nargs="*", type=int, help="numbers of the drills to run (all by default)")
    parser.add_argument("--quick", action="store_true", help="the mail server down 20 s instead of a minute")
    parser.add_argument(
        "--server",
        choices=app_servers.SERVERS,
        default=os.environ.get("DRILLS_SERVER", app_servers.PRODUCTION),
        help="the application server (production's by default; DRILLS_SERVER)",
    )
    args = parser.parse_args()
    chosen = set(args.drills or range(1, 7))
    down = float(os.environ.get("DRILL_MAIL_DOWN_SECONDS", 20 if args.quick else 60))

    smtp_port = free_port()
    smtp = SmtpServer(smtp_port)
    smtp.start()
    log(f"Base d'exercice {DB_NAME} : migrations et territoire…")
    env = environment(smtp_port)
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "createcachetable")
    manage(env, "load_territoire")
    django_setup(env)
    site = Site(env, args.server)
    worker = Worker(env)
    try:
        if 1 in chosen:
            drill_postgres_restart(site, worker)
        if 2 in chosen:
            drill_server_worker_kill(site)
        if 3 in chosen:
            drill_mail_down(site, smtp, down)
        if 4 in chosen:
            worker = drill_worker_killed(env, smtp, worker)
        if 5 in chosen:
            drill_fifty_join(site)
        if 6 in chosen:
            drill_two_referents(site)
    finally:
        worker.stop()
        site.stop()
    log(f"{sum(RESULTS)}/{len(RESULTS)} exercices réussis ({args.server})")
    keep_results(args.server, chosen)
    return 0 if all(RESULTS) else 1


if __name__ == "__main__":
    sys.exit(main())
