"""`make bench`: the figures of DESIGN.md measured on the département-scale data, in one run.

1. a scratch database (BENCH_DATABASE_URL, else `tousvoisins_bench` in the local cluster, made
   anew) gets the territory and `seed_bench --scale M` (timed);
2. gunicorn serves the site with production behaviour (tousvoisins.settings.bench);
3. closed-loop throughput of the floor view (a minimal Django template view) and of each page
   kind, without any cache, as ratios to the floor;
4. a fixed 30 requests per second of the page mix (visitors and signed-in members) for
   BENCH_SECONDS: p50, p95, p99 and errors, latencies counted from when each request was due
   (a slow server does not slow the arrivals down);
5. the weight of the pages without a map (HTML, CSS, JS, fonts, compressed) and their JavaScript;
6. the memory of the gunicorn workers;
then writes docs/benchmarks.md. Standard library and the project's own code only.
Times are wall-clock on a shared machine: compare ratios within one run, not across runs.
"""

import gzip
import http.client
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime
from pathlib import Path
from urllib.parse import quote, urljoin, urlsplit
from zoneinfo import ZoneInfo

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
PY = str(ROOT / ".venv" / "bin" / "python")
PORT = int(os.environ.get("BENCH_PORT", 8144))
BASE = f"http://127.0.0.1:{PORT}"
SCALE = os.environ.get("BENCH_SCALE", "M")
RATE = float(os.environ.get("BENCH_RATE", 30))
SECONDS = float(os.environ.get("BENCH_SECONDS", 60))
THROUGHPUT_SECONDS = float(os.environ.get("BENCH_THROUGHPUT_SECONDS", 8))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1) + 1))
OUT = ROOT / "docs" / "benchmarks.md"
MAP_PAGES = ("/agenda/carte/", "/referents/carte/")


def today_in_paris():
    return datetime.now(ZoneInfo("Europe/Paris")).date()


def log(message):
    print(message, flush=True)


# Set-up ------------------------------------------------------------------------------------------


def bench_environment():
    from tousvoisins import localdb

    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tousvoisins.settings.bench")
    if os.environ.get("BENCH_DATABASE_URL"):
        env["DATABASE_URL"] = os.environ["BENCH_DATABASE_URL"]
    else:
        # From nothing each time: the seeding is timed, and the schema is today's.
        localdb.recreate_database("tousvoisins_bench")
        env["DATABASE_URL"] = localdb.database_url("tousvoisins_bench")
    env.setdefault("SECRET_KEY", "banc-d-essai-pas-secret")
    env["EMAIL_URL"] = "dummymail://"
    return env


def manage(env, *args):
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=env, check=True)


def prepare(env):
    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "createcachetable")
    manage(env, "load_territoire")
    began = time.monotonic()
    manage(env, "seed_bench", "--scale", SCALE, "--i-know-this-is-not-production")
    seeding = time.monotonic() - began
    manage(env, "collectstatic", "--noinput", "-v", "0")
    # As in production, the periodic job writes the open-data files before anyone downloads them.
    manage(env, "publish_open_data", "--force")
    return seeding


def start_server(env):
    server = subprocess.Popen(
        [
            str(ROOT / ".venv" / "bin" / "gunicorn"),
            "tousvoisins.wsgi",
            "--workers",
            str(WORKERS),
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            if get("/sante/")[0] == 200:
                return server
        except OSError:
            pass
        time.sleep(0.2)
    server.terminate()
    raise SystemExit("gunicorn ne répond pas")


# HTTP --------------------------------------------------------------------------------------------


STAFF_COOKIE = []  # a moderator's session, set by sample_urls()


def get(path, cookie=None, encoding=None):
    """(status, body bytes, headers) of one GET, on a new connection as a browser's first visit."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    headers = {"Host": f"127.0.0.1:{PORT}", "User-Agent": "tousvoisins-bench"}
    if path.startswith("/admin/") and STAFF_COOKIE:
        cookie = STAFF_COOKIE[0]  # the dashboard is read by the moderation, not by a member
    if cookie:
        headers["Cookie"] = cookie
    if encoding:
        headers["Accept-Encoding"] = encoding
    try:
        connection.request("GET", quote(path, safe="/?=&+%:-"), headers=headers)
        response = connection.getresponse()
        return response.status, response.read(), dict(response.getheaders())
    finally:
        connection.close()


# The pages and their share of the mix ---------------------------------------------------------


def sample_urls(env):
    """Real URLs of the seeded data, and signed-in sessions of bench members (read with the ORM)."""
    os.environ.update(env)
    import django

    django.setup()
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY

    from accounts.models import User
    from events.models import Occurrence
    from referents.models import Referent
    from tousvoisins.bench_scales import BENCH_PREFIX
    from tousvoisins.models import Commune, Intercommunalite

    rng = random.Random(44)
    events = [
        occurrence.event.get_absolute_url()
        for occurrence in Occurrence.objects.published().upcoming().select_related("event")[:2000:20]
    ]
    referents = [referent.get_absolute_url() for referent in Referent.objects.all()[:50]]
    territories = list(Intercommunalite.objects.values_list("siren", flat=True))
    communes = list(Commune.objects.values_list("name", flat=True))
    members = list(User.objects.filter(username__startswith=BENCH_PREFIX, profile__visibility="membres")[:40])
    store = import_module(settings.SESSION_ENGINE).SessionStore
    cookies = []
    for user in members[:20]:
        session = store()
        session[SESSION_KEY] = str(user.pk)
        session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
        session[HASH_SESSION_KEY] = user.get_session_auth_hash()
        session.save()
        cookies.append(f"{settings.SESSION_COOKIE_NAME}={session.session_key}")
    today = today_in_paris()
    anonymous = [
        # (share, page kind, path maker)
        (12, "accueil", lambda: "/"),
        (16, "agenda", lambda: "/agenda/"),
        (8, "agenda filtré", lambda: f"/agenda/?territoire={rng.choice(territories)}&theme=emploi"),
        (4, "agenda, mots", lambda: "/agenda/?q=atelier+cuisine"),
        (5, "agenda du mois", lambda: f"/agenda/mois/{today.year}/{today.month:02d}/"),
        (14, "événement", lambda: rng.choice(events)),
        (3, "flux iCalendar", lambda: f"/agenda/agenda.ics?territoire={rng.choice(territories)}"),
        (4, "référents", lambda: "/referents/"),
        (3, "référent", lambda: rng.choice(referents)),
        (
            4,
            "qui est mon référent",
            lambda: f"/referents/trouver/?q={rng.choice(communes).replace(' ', '+')}",
        ),
        (2, "agenda imprimable", lambda: f"/agenda/imprimer/{rng.choice(territories)}/"),
    ]
    signed_in = [
        (6, "accueil (connecté)", lambda: "/"),
        (5, "membres (connecté)", lambda: "/membres/"),
        (3, "membres par intérêt (connecté)", lambda: "/membres/?interet=cuisiner"),
        (3, "mes affinités (connecté)", lambda: "/mon-profil/rencontres/"),
        (3, "agenda (connecté)", lambda: "/agenda/"),
    ]
    from forum.models import Topic
    from news.models import NewsItem

    topics = [topic.get_absolute_url() for topic in Topic.objects.order_by("-last_post_at")[:200:4]]
    news = [item.get_absolute_url() for item in NewsItem.objects.published().order_by("-published_at")[:50]]
    anonymous += [
        (3, "actualités", lambda: "/actualites/"),
        (2, "actualité", lambda: rng.choice(news)),
        (1, "flux RSS", lambda: "/actualites/flux.xml"),
        (2, "liens utiles", lambda: "/liens-utiles/"),
        (3, "forum", lambda: "/forum/"),
        (4, "sujet du forum", lambda: rng.choice(topics)),
        (2, "recherche du forum", lambda: "/forum/recherche/?q=velo"),
        (3, "coups de pouce", lambda: "/coups-de-pouce/"),
        (
            1,
            "coups de pouce filtrés",
            lambda: f"/coups-de-pouce/?theme=emploi&territoire={rng.choice(territories)}",
        ),
    ]
    signed_in += [(2, "coups de pouce (connecté)", lambda: "/coups-de-pouce/?sorte=cherche")]
    # The dashboard (a moderator's session, see get()) and the open data.
    from django.contrib.auth.models import Group

    from accounts.models import MODERATION

    moderator, _ = User.objects.get_or_create(
        username=f"{BENCH_PREFIX}moderation", defaults={"email": "moderation@banc.invalid", "is_staff": True}
    )
    moderator.groups.add(Group.objects.get(name=MODERATION))
    session = store()
    session[SESSION_KEY] = str(moderator.pk)
    session[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    session[HASH_SESSION_KEY] = moderator.get_session_auth_hash()
    session.save()
    STAFF_COOKIE[:] = [f"{settings.SESSION_COOKIE_NAME}={session.session_key}"]
    signed_in += [
        (1, "tableau de bord (modération)", lambda: "/admin/tableau-de-bord/"),
        (1, "tableau de bord, année", lambda: "/admin/tableau-de-bord/?periode=annee"),
        (1, "tableau de bord, CSV", lambda: "/admin/tableau-de-bord/?tableau=dates-par-theme"),
    ]
    anonymous += [
        (1, "données ouvertes", lambda: "/donnees-ouvertes/"),
        (1, "données ouvertes JSON", lambda: "/donnees-ouvertes/evenements.json"),
        (1, "données ouvertes CSV", lambda: "/donnees-ouvertes/evenements.csv"),
        (1, "données ouvertes iCalendar", lambda: "/donnees-ouvertes/evenements.ics"),
        (1, "annuaire ouvert des référents", lambda: "/donnees-ouvertes/referents.json"),
    ]
    return anonymous, signed_in, cookies


# Measurements ---------------------------------------------------------------------------------


def throughput(make_path, cookie=None, concurrency=4, seconds=THROUGHPUT_SECONDS):
    """Requests per second of a closed loop of `concurrency` clients, and the share of errors."""
    done, errors = [0], [0]
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client():
        while time.monotonic() < stop:
            status = get(make_path(), cookie)[0]
            with lock:
                done[0] += 1
                errors[0] += status >= 400

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.monotonic() - began), errors[0]


def fixed_rate(anonymous, signed_in, cookies, rate=RATE, seconds=SECONDS):
    """Open loop: a request every 1/rate s, whatever the server does; latency from when it was due."""
    rng = random.Random(7)
    mix = [(share, kind, maker, False) for share, kind, maker in anonymous]
    mix += [(share, kind, maker, True) for share, kind, maker in signed_in]
    weights = [entry[0] for entry in mix]
    results = []
    lock = threading.Lock()

    def one(due, kind, path, cookie):
        delay = due - time.monotonic()
        if delay > 0:
            time.sleep(delay)
        try:
            status = get(path, cookie)[0]
        except Exception:  # a failed request counts as an error, whatever failed
            status = 599
        with lock:
            results.append((kind, time.monotonic() - due, status))

    began = time.monotonic() + 0.5
    count = int(rate * seconds)
    with ThreadPoolExecutor(max_workers=64) as pool:
        for number in range(count):
            _, kind, maker, needs_session = rng.choices(mix, weights)[0]
            due = began + number / rate
            while time.monotonic() < due - 1:  # queue a second ahead, not the whole run at once
                time.sleep(0.05)
            pool.submit(one, due, kind, maker(), rng.choice(cookies) if needs_session else None)
    return results


def percentile(values, fraction):
    ordered = sorted(values)
    return ordered[min(int(fraction * len(ordered)), len(ordered) - 1)] if ordered else float("nan")


def page_weight(path):
    """Compressed bytes of the page and what it loads (CSS, JS, fonts in the CSS), and of its JS."""
    status, body, _ = get(path)
    html = body.decode("utf-8", "replace")
    total, javascript = len(gzip.compress(body)), 0
    assets = re.findall(r'<link[^>]+rel="stylesheet"[^>]+href="([^"]+)"', html)
    scripts = re.findall(r'<script[^>]+src="([^"]+)"', html)
    for url in [*assets, *scripts]:
        _, content, _ = get(urlsplit(urljoin(BASE + path, url)).path)
        size = len(gzip.compress(content))
        total += size
        if url in scripts:
            javascript += size
        if url in assets:
            for font in re.findall(rb"url\(['\"]?([^'\")]+\.woff2?)", content):
                font_path = urlsplit(urljoin(BASE + urlsplit(url).path, font.decode())).path
                total += len(get(font_path)[1])  # woff2 is compressed already
    return status, total, javascript


def memory_of(server):
    """Resident memory (MB) of the gunicorn master and each worker."""
    try:
        children = subprocess.run(
            ["ps", "-o", "pid=,rss=", "--ppid", str(server.pid)], capture_output=True, text=True, check=True
        ).stdout.split()
    except subprocess.CalledProcessError:
        children = []
    workers = [int(children[index + 1]) / 1024 for index in range(0, len(children), 2)]
    master = int(Path(f"/proc/{server.pid}/status").read_text().split("VmRSS:")[1].split()[0]) / 1024
    return master, workers


# Report ------------------------------------------------------------------------------------------


def main():
    env = bench_environment()
    log(f"Banc d'essai : données {SCALE}…")
    seeding = prepare(env)
    server = start_server(env)
    try:
        anonymous, signed_in, cookies = sample_urls(env)
        makers = {kind: maker for _, kind, maker in anonymous}
        log("Échauffement…")
        for _, _, maker in anonymous:
            get(maker())
        for _, _, maker in signed_in:
            get(maker(), cookies[0])
        log("Débit en boucle fermée…")
        floor_rate, _ = throughput(lambda: "/banc/plancher/")
        rates = [(kind, *throughput(maker)) for kind, maker in makers.items()]
        rates += [(kind, *throughput(maker, cookies[0])) for _, kind, maker in signed_in]
        memory_before = memory_of(server)
        log(f"{RATE:g} requêtes par seconde pendant {SECONDS:g} s…")
        results = fixed_rate(anonymous, signed_in, cookies)
        memory_after = memory_of(server)
        log("Poids des pages…")
        weights = [
            (path, *page_weight(path))
            for path in [
                "/",
                "/agenda/",
                "/referents/",
                "/referents/trouver/?q=Rezé",
                "/aide/",
                makers["événement"](),
                "/actualites/",
                "/liens-utiles/",
                "/forum/",
                makers["sujet du forum"](),
                "/coups-de-pouce/",
            ]
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)
    write_report(seeding, floor_rate, rates, results, memory_before, memory_after, weights)
    log(f"Écrit : {OUT.relative_to(ROOT)}")


def write_report(seeding, floor_rate, rates, results, memory_before, memory_after, weights):
    latencies = [latency * 1000 for _, latency, _ in results]
    errors = sum(status >= 400 for _, _, status in results)
    by_kind = {}
    for kind, latency, _ in results:
        by_kind.setdefault(kind, []).append(latency * 1000)
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        "?",
    )
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {today_in_paris():%Y-%m-%d}: {os.cpu_count()} cores ({cpu}), "
        f"gunicorn with {WORKERS} sync workers, data `seed_bench --scale {SCALE}`. Times are wall-clock "
        "on a shared machine: read the ratios within this run, not across runs.",
        "",
        f"- Seeding the {SCALE} data: {seeding:.0f} s (target: under 120 s at M).",
        f"- Floor (a minimal Django template view): {floor_rate:.0f} requests/s with 4 clients.",
        "",
        "## Throughput without cache, as a share of the floor (target ≥ 0.15)",
        "",
        "| page | requests/s | share of the floor | errors |",
        "| --- | ---: | ---: | ---: |",
        *(f"| {kind} | {rate:.1f} | {rate / floor_rate:.2f} | {failed} |" for kind, rate, failed in rates),
        "",
        f"## {RATE:g} requests per second of the page mix for {SECONDS:g} s "
        "(targets: p95 ≤ 200 ms, p99 ≤ 800 ms, no error)",
        "",
        f"{len(results)} requests, {errors} errors. p50 {percentile(latencies, 0.5):.0f} ms, "
        f"p95 {percentile(latencies, 0.95):.0f} ms, p99 {percentile(latencies, 0.99):.0f} ms, "
        f"max {max(latencies, default=0):.0f} ms.",
        "",
        "| page | requests | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(
            f"| {kind} | {len(values)} | {statistics.median(values):.0f} | {percentile(values, 0.95):.0f} "
            f"| {percentile(values, 0.99):.0f} |"
            for kind, values in sorted(by_kind.items())
        ),
        "",
        "## Weight of pages without a map (targets: ≤ 100 KB compressed in all, ≤ 15 KB of JavaScript)",
        "",
        "| page | status | all, compressed | JavaScript, compressed |",
        "| --- | ---: | ---: | ---: |",
        *(
            f"| `{path}`{' (its small map loads Leaflet)' if js > 15 * 1024 else ''} | {status} "
            f"| {total / 1024:.1f} KB | {js / 1024:.1f} KB |"
            for path, status, total, js in weights
        ),
        "",
        "## Memory (resident)",
        "",
        f"- gunicorn master: {memory_after[0]:.0f} MB; workers before the fixed-rate run: "
        f"{', '.join(f'{mb:.0f}' for mb in memory_before[1])} MB; after: "
        f"{', '.join(f'{mb:.0f}' for mb in memory_after[1])} MB.",
        "",
        "Queries per page are not measured here: the test suite asserts their exact number on every "
        "list page (`django_assert_num_queries`), constant in the size of the data.",
        "",
    ]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(lines))


if __name__ == "__main__":
    main()
