"""`make bench`: the figures of DESIGN.md measured on the département-scale data, in one run.

1. a scratch database (BENCH_DATABASE_URL, else `tousvoisins_bench` in the local cluster, made
   anew) gets the territory and `seed_bench --scale M` (timed);
2. the production server (gunicorn gthread, or BENCH_SERVER) serves the site with production
   behaviour (tousvoisins.settings.bench);
3. closed-loop throughput of the floor view (a minimal Django template view) and of each page
   kind, without the page cache (header X-Bench-Uncached), as ratios to the floor; then the
   anonymous pages again as the page cache serves them; and a profile of each page (share of its
   time in SQL, in templates, in the rest of Python, and its queries: tousvoisins.bench_profile);
4. a fixed 30 requests per second of the page mix (visitors and signed-in members) for
   BENCH_SECONDS: p50, p95, p99 and errors, latencies counted from when each request was due
   (a slow server does not slow the arrivals down), with the client's own CPU; then the same
   for half as long with the whole cache flushed in the middle (the stampede check); then the
   highest rate of the mix that still holds the targets (highest_rate: doubled, then bisected);
5. the weight of the pages without a map (HTML, CSS, JS, fonts, compressed) and their JavaScript;
6. the memory of the server's workers;
then writes docs/benchmarks.md, with PASS or FAIL beside every target. Each run also keeps its
per-page p95 and queries in .local/bench-<scale>.json: a run at L (BENCH_SCALE=L) after one at M
shows p95 at L over p95 at M, and the queries per page at every scale run so far.

BENCH_REUSE=1 keeps the scratch database of the scale between runs (the seeding only tops up);
BENCH_PROFILE_ONLY=1 seeds, serves and profiles the pages only (queries and each page's own p95,
for the next full run's table of queries at every scale: `make bench BENCH_SCALE=S
BENCH_PROFILE_ONLY=1` before the M and L runs).
The server is production's (gunicorn gthread, scripts/app_servers.py) unless BENCH_SERVER says
sync or granian; `make bench-servers` (scripts/bench_servers.py)
compares the three in one run.
Standard library and the project's own code only.
Times are wall-clock on a shared machine: compare ratios within one run, not across runs.
"""

import gzip
import http.client
import io
import json
import os
import random
import re
import resource
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

from scripts import app_servers  # noqa: E402

PY = str(ROOT / ".venv" / "bin" / "python")
PORT = int(os.environ.get("BENCH_PORT", 8144))
BASE = f"http://127.0.0.1:{PORT}"
SCALE = os.environ.get("BENCH_SCALE", "M")
RATE = float(os.environ.get("BENCH_RATE", 30))
# Long enough for the pages of a small share (2 %) to get some seventy requests: the p95 of twenty
# is their slowest but one, which one request queued behind a feed's build decides.
SECONDS = float(os.environ.get("BENCH_SECONDS", 120))
FLUSH_SECONDS = 30  # the stampede check's run, the cache flushed in its middle
THROUGHPUT_SECONDS = float(os.environ.get("BENCH_THROUGHPUT_SECONDS", 8))
WORKERS = int(os.environ.get("BENCH_WORKERS", 2 * (os.cpu_count() or 1) + 1))
OUT = ROOT / "docs" / "benchmarks.md"
MAP_PAGES = ("/agenda/carte/", "/referents/carte/")
SERVER = os.environ.get("BENCH_SERVER", app_servers.PRODUCTION)
SERVER_NAMES = {"sync": "gunicorn (sync)", "gthread": "gunicorn (gthread)", "granian": "granian (WSGI)"}
REUSE = bool(os.environ.get("BENCH_REUSE"))
UNCACHED = {"X-Bench-Uncached": "1"}
# Targets (DESIGN.md, issue 18).
UNCACHED_TARGET, SIGNED_IN_TARGET, CACHED_TARGET = 0.15, 0.10, 0.6
P95_TARGET_MS, P99_TARGET_MS, GROWTH_TARGET, FLUSH_TARGET = 200, 800, 1.5, 3.0
# The open-data files hold every event: their bytes grow with the data by nature (4 to 7 MB
# compressed at L), what the server does before sending them does not (they are written ahead by
# publish_open_data and streamed from the storage). In the mix, their growth is judged on the
# time to the answer's first byte; the whole download's p95 is printed beside it.
DOWNLOADS = ("données ouvertes JSON", "données ouvertes CSV", "données ouvertes iCalendar")
# Each page's own cost, one request at a time, uncached: the median splits it (SQL, templates,
# Python); its p95 is what a page's growth from M to L is judged on (see growth_rows()).
PROFILE_REQUESTS = 30
# BENCH_PROFILE_ONLY=1: seed, serve and profile the pages only (their queries and their own p95,
# kept in .local/bench-<scale>.json for the next full run's report): the S column in a minute.
PROFILE_ONLY = bool(os.environ.get("BENCH_PROFILE_ONLY"))
# The highest rate of the mix that holds the targets: from RATE, doubled until a run fails, then
# the gap halved RATE_SEARCH_HALVINGS times; each run lasts RATE_SEARCH_SECONDS.
RATE_SEARCH_SECONDS = float(os.environ.get("BENCH_RATE_SEARCH_SECONDS", 15))
RATE_SEARCH_HALVINGS, RATE_SEARCH_CEILING = 3, 2000


def verdict(ok):
    return "PASS" if ok else "FAIL"


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
        # From nothing each time (the seeding is timed, and the schema is today's), unless
        # BENCH_REUSE: then the data of an earlier run of the same scale is kept and topped up.
        name = "tousvoisins_bench" if SCALE == "M" else f"tousvoisins_bench_{SCALE.lower()}"
        if REUSE:
            localdb.ensure_database(name)
        else:
            localdb.recreate_database(name)
        env["DATABASE_URL"] = localdb.database_url(name)
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
    # As in production, the periodic jobs write the open-data files before anyone downloads them,
    # and the agenda feeds' VEVENT texts before the first feed.
    manage(env, "publish_open_data", "--force")
    manage(env, "prepare_feed_texts")
    return seeding


def start_server(env, server=None, workers=None):
    """The site under `server` (BENCH_SERVER by default: sync, gthread or granian), once it answers."""
    process = subprocess.Popen(
        app_servers.command(server or SERVER, port=PORT, workers=workers or WORKERS), cwd=ROOT, env=env
    )
    for _ in range(150):
        try:
            if get("/sante/")[0] == 200:
                return process
        except OSError:
            pass
        if process.poll() is not None:
            break
        time.sleep(0.2)
    process.terminate()
    raise SystemExit(f"{server or SERVER} ne répond pas")


# HTTP --------------------------------------------------------------------------------------------


STAFF_COOKIE = []  # a moderator's session, set by sample_urls()
MATCHES_BUILT = []  # (members, seconds) of build_member_matches, run by sample_urls()


def get(path, cookie=None, encoding="gzip", extra=None, unpack=True, first_byte=None):
    """(status, body bytes, headers) of one GET, on a new connection as a browser's first visit:
    accepting gzip as every browser and calendar app does (the body returned is unpacked, unless
    `unpack` is false: the throughput loops do not read it, and the client shares the cores).
    `first_byte`: a list the moment the answer's headers arrived is appended to."""
    connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
    headers = {"Host": f"127.0.0.1:{PORT}", "User-Agent": "tousvoisins-bench", **(extra or {})}
    if path.startswith("/admin/") and STAFF_COOKIE:
        cookie = STAFF_COOKIE[0]  # the dashboard is read by the moderation, not by a member
    if cookie:
        headers["Cookie"] = cookie
    if encoding:
        headers["Accept-Encoding"] = encoding
    try:
        connection.request("GET", quote(path, safe="/?=&+%:-"), headers=headers)
        response = connection.getresponse()
        if first_byte is not None:
            first_byte.append(time.monotonic())
        body, headers = response.read(), dict(response.getheaders())
        if unpack and headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        return response.status, body, headers
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
    # These members come back often, as the members of a neighbourhood site do: they signed in
    # lately, and the hourly job has ranked their suggestions ahead (profiles.kept_matches), as
    # it has in service before their visit. Its time per member is the report's.
    from django.core.management import call_command
    from django.utils import timezone

    User.objects.filter(pk__in=[user.pk for user in members[:20]]).update(last_login=timezone.now())
    began = time.monotonic()
    call_command("build_member_matches", stdout=io.StringIO())
    MATCHES_BUILT[:] = [len(members[:20]), time.monotonic() - began]
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
    from communities.models import Community
    from forum.models import Topic
    from news.models import NewsItem

    topics = [topic.get_absolute_url() for topic in Topic.objects.order_by("-last_post_at")[:200:4]]
    news = [item.get_absolute_url() for item in NewsItem.objects.published().order_by("-published_at")[:50]]
    communities = [community.get_absolute_url() for community in Community.objects.order_by("pk")[:200:4]]
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
    anonymous += [
        (3, "communautés", lambda: "/communautes/"),
        (2, "communautés filtrées", lambda: f"/communautes/?territoire={rng.choice(territories)}"),
        (2, "communauté", lambda: rng.choice(communities)),
    ]
    signed_in += [(2, "communautés (connecté)", lambda: "/communautes/")]
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


def is_error(status):
    """Every page measured answers 200: a redirect (to sign in, to a second-factor set-up) or a
    304 would measure something else, so anything but 200 counts as an error."""
    return status != 200


def throughput(make_path, cookie=None, concurrency=4, seconds=THROUGHPUT_SECONDS, extra=None):
    """Requests per second of a closed loop of `concurrency` clients, and the number of errors."""
    done, errors = [0], [0]
    stop = time.monotonic() + seconds
    lock = threading.Lock()

    def client():
        while time.monotonic() < stop:
            status = get(make_path(), cookie, extra=extra, unpack=False)[0]
            with lock:
                done[0] += 1
                errors[0] += is_error(status)

    threads = [threading.Thread(target=client) for _ in range(concurrency)]
    began = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return done[0] / (time.monotonic() - began), errors[0]


def profile(make_path, cookie=None):
    """PROFILE_REQUESTS requests one at a time, uncached, by their Server-Timing
    (tousvoisins.bench_profile): the median of each part {"sql", "tpl", "py", "total": ms,
    "q": queries}, and "alone_p95", the p95 of the total (the page's own cost, without the
    queueing behind other pages that the mix's latencies include)."""

    def timed(path):
        _, _, headers = get(path, cookie, extra={**UNCACHED, "X-Bench-Profile": "1"})
        timing = headers.get("Server-Timing", "")
        parts = dict(part.split(";dur=") for part in timing.split(", ") if ";dur=" in part)
        return {name: float(value) for name, value in parts.items()} or None

    rows = [row for row in (timed(make_path()) for _ in range(PROFILE_REQUESTS)) if row]
    if not rows:
        return None
    found = {name: statistics.median(row[name] for row in rows) for name in rows[0]}
    found["alone_p95"] = percentile([row["total"] for row in rows], 0.95)
    # The warm path's queries: the addresses are drawn at random and some of them are kept
    # (a page of the agenda for a minute, a community until it changes), so the median mixes
    # first builds and kept copies in proportions that depend on the data. One address asked
    # once more than there are workers is served at least twice by one of them (each request
    # comes on a new connection): a copy kept by a process alone is then read at least once.
    path = make_path()
    again = [row for row in (timed(path) for _ in range(WORKERS + 1)) if row]
    found["q_warm"] = min(row["q"] for row in rows + again)
    return found


def lower_alone_p95(profiles, again):
    """Each page's own p95 is the lower of two passes, minutes apart (before the mix, then after the
    rate search): a pass that met a burst of the machine's other work (autovacuum after the seed,
    another tenant of the host) does not make the page's cost; both are kept for the report."""
    for kind, found in profiles.items():
        second = (again.get(kind) or {}).get("alone_p95")
        if found and second is not None:
            found["alone_passes"] = (found["alone_p95"], second)
            found["alone_p95"] = min(found["alone_p95"], second)


def cpu_seconds():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def flush_cache():
    """The whole cache emptied (pages, feeds, stamps, sessions if kept there): the stampede check."""
    from django.core.cache import cache

    cache.clear()


def fixed_rate(anonymous, signed_in, cookies, rate=RATE, seconds=SECONDS, flush_after=None):
    """Open loop: a request every 1/rate s, whatever the server does; latency from when it was due.
    With `flush_after` (seconds), the cache is flushed that far into the run."""
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
        first_byte = []
        try:
            status = get(path, cookie, unpack=False, first_byte=first_byte)[0]
        except Exception:  # a failed request counts as an error, whatever failed
            status = 599
        done = time.monotonic()
        with lock:
            results.append((kind, done - due, status, (first_byte or [done])[0] - due))

    began = time.monotonic() + 0.5
    count = int(rate * seconds)
    if flush_after is not None:
        timer = threading.Timer(0.5 + flush_after, flush_cache)
        timer.daemon = True
        timer.start()
    with ThreadPoolExecutor(max_workers=64) as pool:
        for number in range(count):
            _, kind, maker, needs_session = rng.choices(mix, weights)[0]
            due = began + number / rate
            while time.monotonic() < due - 1:  # queue a second ahead, not the whole run at once
                time.sleep(0.05)
            pool.submit(one, due, kind, maker(), rng.choice(cookies) if needs_session else None)
    return results


def highest_rate(holds, start=RATE, halvings=RATE_SEARCH_HALVINGS, ceiling=RATE_SEARCH_CEILING):
    """The highest rate found at which `holds(rate)` is true (None if not even `start`): doubled
    from `start` until it fails (or passes `ceiling`), then the gap between the last rate held
    and the first failed halved `halvings` times. A noisy run can only make it lower."""
    held, failed, rate = None, None, start
    while failed is None and rate <= ceiling:
        if holds(rate):
            held, rate = rate, rate * 2
        else:
            failed = rate
    if held is None or failed is None:
        return held
    for _ in range(halvings):
        middle = round((held + failed) / 2)
        if middle in (held, failed):
            break
        if holds(middle):
            held = middle
        else:
            failed = middle
    return held


def mix_holds(results):
    """(p95 ms, p99 ms, errors, held): the mix's targets on one fixed-rate run."""
    latencies = [latency * 1000 for _, latency, _, _ in results]
    errors = sum(is_error(status) for _, _, status, _ in results)
    p95, p99 = percentile(latencies, 0.95), percentile(latencies, 0.99)
    return p95, p99, errors, errors == 0 and p95 <= P95_TARGET_MS and p99 <= P99_TARGET_MS


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
    """Resident memory (MB) of the server's master process and of each worker."""
    workers = [app_servers.resident_mb(pid) for pid in app_servers.worker_pids(server.pid)]
    return app_servers.resident_mb(server.pid), workers


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
        if PROFILE_ONLY:
            # Warmed as a full run's throughput loops warm them (the events, referents and
            # communes drawn at random are kept after their first request), for the same figures.
            log("Profil de chaque page (seulement), après quelques secondes de chacune…")
            for maker in makers.values():
                throughput(maker, extra=UNCACHED, seconds=3)
            for _, _, maker in signed_in:
                throughput(maker, cookies[0], extra=UNCACHED, seconds=3)
            profiles = {kind: profile(maker) for kind, maker in makers.items()}
            profiles.update({kind: profile(maker, cookies[0]) for _, kind, maker in signed_in})
            keep_scale_figures({}, profiles, {})
            log(f"Écrit : .local/bench-{SCALE}.json (requêtes et p95 de chaque page seule)")
            return
        log("Débit en boucle fermée, sans le cache des pages…")
        floor_rate, _ = throughput(lambda: "/banc/plancher/")
        rates = [(kind, False, *throughput(maker, extra=UNCACHED)) for kind, maker in makers.items()]
        rates += [
            (kind, True, *throughput(maker, cookies[0], extra=UNCACHED)) for _, kind, maker in signed_in
        ]
        log("Débit des pages gardées en cache (visiteurs)…")
        cached = {}
        for kind, maker in makers.items():
            path = maker()
            served = {get(path)[2].get("X-Page-Cache"), get(path)[2].get("X-Page-Cache")}
            if served & {"hit", "stale"} or kind.startswith("flux"):
                cached[kind] = throughput(lambda path=path: path)[0]
        log("Profil de chaque page…")
        profiles = {kind: profile(maker) for kind, maker in makers.items()}
        profiles.update({kind: profile(maker, cookies[0]) for _, kind, maker in signed_in})
        memory_before = memory_of(server)
        log(f"{RATE:g} requêtes par seconde pendant {SECONDS:g} s…")
        cpu_before, wall_before = cpu_seconds(), time.monotonic()
        results = fixed_rate(anonymous, signed_in, cookies)
        client_cpu = (cpu_seconds() - cpu_before) / (time.monotonic() - wall_before)
        memory_after = memory_of(server)
        log(f"{RATE:g} requêtes par seconde pendant {FLUSH_SECONDS:g} s, le cache vidé au milieu…")
        flushed = fixed_rate(
            anonymous, signed_in, cookies, seconds=FLUSH_SECONDS, flush_after=FLUSH_SECONDS / 2
        )
        log("Le plus haut débit du mélange qui tient les cibles…")
        steps = []

        def holds(rate):
            run = fixed_rate(anonymous, signed_in, cookies, rate=rate, seconds=RATE_SEARCH_SECONDS)
            found = mix_holds(run)
            steps.append((rate, *found))
            log(f"  {rate:g} requêtes/s : p95 {found[0]:.0f} ms, p99 {found[1]:.0f} ms, {found[2]} erreurs")
            return found[3]

        highest = highest_rate(holds)
        log("Profil de chaque page, une seconde fois…")
        again = {kind: profile(maker) for kind, maker in makers.items()}
        again.update({kind: profile(maker, cookies[0]) for _, kind, maker in signed_in})
        lower_alone_p95(profiles, again)
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
                "/communautes/",
                makers["communauté"](),
            ]
        ]
    finally:
        server.terminate()
        server.wait(timeout=30)
    measures = {
        "seeding": seeding,
        "floor": floor_rate,
        "rates": rates,
        "cached": cached,
        "profiles": profiles,
        "results": results,
        "flushed": flushed,
        "client_cpu": client_cpu,
        "memory": (memory_before, memory_after),
        "weights": weights,
        "highest": (highest, steps),
    }
    write_report(measures)
    log(f"Écrit : {OUT.relative_to(ROOT)}")


def keep_scale_figures(by_kind, profiles, whole_downloads):
    """This scale's p95 and queries per page, kept for the next runs' comparison; and every
    scale's so far: {scale: {"p95": {kind: ms}, "queries": {kind: n}}}."""
    folder = ROOT / ".local"
    folder.mkdir(exist_ok=True)
    figures = {
        # Empty after BENCH_PROFILE_ONLY (no mix was run).
        "p95": {kind: percentile(values, 0.95) for kind, values in by_kind.items()},
        "whole_p95": {kind: percentile(values, 0.95) for kind, values in whole_downloads.items()},
        "alone_p95": {kind: found["alone_p95"] for kind, found in profiles.items() if found},
        "alone_passes": {kind: found.get("alone_passes") for kind, found in profiles.items() if found},
        "queries": {kind: found["q"] for kind, found in profiles.items() if found},
        "warm_queries": {kind: found["q_warm"] for kind, found in profiles.items() if found},
    }
    (folder / f"bench-{SCALE}.json").write_text(json.dumps(figures, ensure_ascii=False, indent=1))
    scales = {}
    for scale in ("S", "M", "L"):
        path = folder / f"bench-{scale}.json"
        if path.exists():
            scales[scale] = json.loads(path.read_text())
    return scales


def growth_rows(kinds, scales, scale):
    """The growth table's rows, p95 at `scale` over p95 at M for each page, twice: the page's own
    cost (PROFILE_REQUESTS requests one at a time: what grows with the data), then its latencies
    in the fixed-rate mix (a few dozen requests per page, and whatever else was being served at
    that moment). A page missing at either scale is left out."""

    def cells(name, kind):
        at_m, here = scales["M"].get(name, {}).get(kind), scales[scale].get(name, {}).get(kind)
        if not (at_m and here):
            return None
        ratio = here / at_m
        return f"{at_m:.1f} | {here:.1f} | {ratio:.2f} | {verdict(ratio <= GROWTH_TARGET)}"

    rows = []
    for kind in kinds:
        alone, mixed = cells("alone_p95", kind), cells("p95", kind)
        if alone or mixed:
            shown = f"{kind} (first byte in the mix)" if kind in DOWNLOADS else kind
            rows.append(f"| {shown} | {alone or '— | — | — | —'} | {mixed or '— | — | — | —'} |")
    return rows


def whole_download_lines(scales, scale):
    """The open-data downloads' whole p95 in the mix at M and at `scale` (information: their
    bytes grow with the data, see DOWNLOADS)."""
    at_m, here = scales["M"].get("whole_p95", {}), scales[scale].get("whole_p95", {})
    found = [kind for kind in DOWNLOADS if kind in at_m and kind in here]
    if not found:
        return []
    return [
        "The open-data files hold every event, so their bytes grow with the data by nature; what the "
        "server does before sending them does not (written ahead by `publish_open_data`, streamed "
        "from the storage). Their growth in the mix is judged on the time to the first byte; the "
        "whole download, for information:",
        "",
        f"| download | whole p95 at M, ms | whole p95 at {scale}, ms | ratio |",
        "| --- | ---: | ---: | ---: |",
        *(
            f"| {kind} | {at_m[kind]:.1f} | {here[kind]:.1f} | {here[kind] / at_m[kind]:.2f} |"
            for kind in found
        ),
        "",
    ]


def queries_rows(kinds, scales, runs):
    """The queries table: each page's warm-path queries at every scale run (the verdict: the same
    everywhere), then the median of its profiled requests. A scale kept before warm counts were
    (no "warm_queries") shows its median in both."""

    def counts(name, kind):
        return [scales[scale].get(name, scales[scale]["queries"]).get(kind) for scale in runs]

    def shown(values):
        return " | ".join(f"{value:.0f}" if value is not None else "—" for value in values)

    rows = [
        f"| page | {' | '.join(f'warm at {scale}' for scale in runs)} | | "
        f"{' | '.join(f'median at {scale}' for scale in runs)} |",
        f"| --- | {' | '.join('---:' for _ in runs)} | --- | {' | '.join('---:' for _ in runs)} |",
    ]
    for kind in kinds:
        warm = counts("warm_queries", kind)
        known = {value for value in warm if value is not None}
        same = verdict(len(known) <= 1) if len(runs) > 1 else ""
        rows.append(f"| {kind} | {shown(warm)} | {same} | {shown(counts('queries', kind))} |")
    return rows


def write_report(measures):
    floor_rate, rates, cached, profiles = (
        measures[name] for name in ("floor", "rates", "cached", "profiles")
    )
    results, flushed = measures["results"], measures["flushed"]
    memory_before, memory_after = measures["memory"]
    latencies = [latency * 1000 for _, latency, _, _ in results]
    flushed_latencies = [latency * 1000 for _, latency, _, _ in flushed]
    errors = sum(is_error(status) for _, _, status, _ in results)
    p95, p99 = percentile(latencies, 0.95), percentile(latencies, 0.99)
    flushed_p95 = percentile(flushed_latencies, 0.95)
    by_kind, judged = {}, {}  # the whole latencies; those growth is judged on (DOWNLOADS)
    for kind, latency, _, first_byte in results:
        by_kind.setdefault(kind, []).append(latency * 1000)
        judged.setdefault(kind, []).append((first_byte if kind in DOWNLOADS else latency) * 1000)
    scales = keep_scale_figures(
        judged, profiles, {kind: by_kind[kind] for kind in DOWNLOADS if kind in by_kind}
    )
    cpu = next(
        (
            line.split(":", 1)[1].strip()
            for line in Path("/proc/cpuinfo").read_text().splitlines()
            if "model name" in line
        ),
        "?",
    )

    def uncached_row(kind, signed_in, rate, failed):
        share = rate / floor_rate
        target = SIGNED_IN_TARGET if signed_in else UNCACHED_TARGET
        kept = cached.get(kind)
        cached_cells = (
            f"{kept:.1f} | {kept / floor_rate:.2f} | {verdict(kept / floor_rate >= CACHED_TARGET)}"
            if kept is not None
            else "— | — | —"
        )
        return (
            f"| {kind} | {rate:.1f} | {share:.2f} | {target:.2f} | {verdict(share >= target and not failed)} "
            f"| {failed} | {cached_cells} |"
        )

    def profile_row(kind):
        found = profiles.get(kind)
        if not found or not found["total"]:
            return f"| {kind} | — | — | — | — | — |"
        total = found["total"]
        return (
            f"| {kind} | {total:.1f} | {found['sql'] / total:.0%} | {found['tpl'] / total:.0%} "
            f"| {found['py'] / total:.0%} | {found['q']:.0f} |"
        )

    kinds = [kind for kind, *_ in rates]
    growth = growth_rows(kinds, scales, SCALE) if "M" in scales and SCALE != "M" else []
    runs = [scale for scale in ("S", "M", "L") if scale in scales]
    lines = [
        "# Benchmarks",
        "",
        f"Written by `make bench` on {today_in_paris():%Y-%m-%d}: {os.cpu_count()} cores ({cpu}), "
        f"{SERVER_NAMES[SERVER]} with {WORKERS} workers, data `seed_bench --scale {SCALE}`; "
        "the clients accept gzip, as browsers and calendar apps do. Times are wall-clock "
        "on a shared machine: read the ratios within this run, not across runs.",
        "",
        f"- Seeding the {SCALE} data: {measures['seeding']:.0f} s (target: under 120 s at M)"
        + (f" {verdict(measures['seeding'] < 120)}." if SCALE == "M" else "."),
        f"- Floor (a minimal Django template view): {floor_rate:.0f} requests/s with 4 clients.",
        "",
        "## Throughput as a share of the floor",
        "",
        f"Without the page cache (targets: ≥ {UNCACHED_TARGET} for visitors, "
        f"≥ {SIGNED_IN_TARGET} signed in), "
        f"then as the page cache serves visitors (target ≥ {CACHED_TARGET}; — : a page never kept, "
        "such as one with a form).",
        "",
        "| page | requests/s | share | target | | errors | cached requests/s | cached share | |",
        "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |",
        *(uncached_row(kind, signed_in, rate, failed) for kind, signed_in, rate, failed in rates),
        "",
        "## Where the time goes (one request at a time, without the page cache)",
        "",
        f"Median of {PROFILE_REQUESTS} requests (`tousvoisins.bench_profile`): SQL is the time in the "
        "database driver (templates' lazy queries included), templates their rendering without their SQL, "
        "Python the rest (middleware, views, forms).",
        "",
        "| page | ms | SQL | templates | Python | queries |",
        "| --- | ---: | ---: | ---: | ---: | ---: |",
        *(profile_row(kind) for kind in kinds),
        "",
        f"## {RATE:g} requests per second of the page mix for {SECONDS:g} s",
        "",
        f"{len(results)} requests, {errors} errors {verdict(errors == 0)}. "
        f"p50 {percentile(latencies, 0.5):.0f} ms, "
        f"p95 {p95:.0f} ms (target ≤ {P95_TARGET_MS}) {verdict(p95 <= P95_TARGET_MS)}, "
        f"p99 {p99:.0f} ms (target ≤ {P99_TARGET_MS}) {verdict(p99 <= P99_TARGET_MS)}, "
        f"max {max(latencies, default=0):.0f} ms. The benchmark's client used {measures['client_cpu']:.1%} "
        "of one core meanwhile.",
        "",
        f"The cache flushed in the middle of a {FLUSH_SECONDS:g} s run: p95 {flushed_p95:.0f} ms, "
        f"{flushed_p95 / p95:.1f} × the warm p95 (target ≤ {FLUSH_TARGET:g} ×) "
        f"{verdict(flushed_p95 <= FLUSH_TARGET * p95)}; "
        f"{sum(is_error(status) for _, _, status, _ in flushed)} errors.",
        "",
        "| page | requests | p50 ms | p95 ms | p99 ms |",
        "| --- | ---: | ---: | ---: | ---: |",
        *(
            f"| {kind} | {len(values)} | {statistics.median(values):.0f} | {percentile(values, 0.95):.0f} "
            f"| {percentile(values, 0.99):.0f} |"
            for kind, values in sorted(by_kind.items())
        ),
        "",
    ]
    highest, steps = measures.get("highest", (None, []))
    if steps:
        lines += [
            "## The highest rate of the mix that holds the targets",
            "",
            f"From {RATE:g} requests per second, doubled until a run of {RATE_SEARCH_SECONDS:g} s fails "
            f"a target (p95 ≤ {P95_TARGET_MS} ms, p99 ≤ {P99_TARGET_MS} ms, no error), then the gap "
            f"halved {RATE_SEARCH_HALVINGS} times: "
            + (f"**{highest} requests per second**." if highest else "**none** (not even the first rate)."),
            "",
            "| requests/s | p95 ms | p99 ms | errors | |",
            "| ---: | ---: | ---: | ---: | --- |",
            *(
                f"| {rate:g} | {p95:.0f} | {p99:.0f} | {errors} | {verdict(held)} |"
                for rate, p95, p99, errors, held in steps
            ),
            "",
        ]
    if growth:
        lines += [
            f"## Growth: p95 at {SCALE} over p95 at M (target ≤ {GROWTH_TARGET})",
            "",
            f"First each page's own cost: the p95 of {PROFILE_REQUESTS} requests one at a time, "
            "uncached, as the server timed them (what grows with the data), the lower of two passes "
            "minutes apart (before the mix and after the rate search). Then its latencies in the "
            f"{RATE:g} requests per second mix above: a few dozen requests per page, each also waiting "
            "for whatever else was served at that moment.",
            "",
            f"| page | alone at M, ms | alone at {SCALE}, ms | ratio | | in the mix at M, ms "
            f"| in the mix at {SCALE}, ms | ratio | |",
            "| --- | ---: | ---: | ---: | --- | ---: | ---: | ---: | --- |",
            *growth,
            "",
            *whole_download_lines(scales, SCALE),
        ]
    if MATCHES_BUILT:
        members, seconds = MATCHES_BUILT
        lines += [
            f"Members' suggestions ranked ahead (`build_member_matches`, the hourly job, for the {members} "
            f"bench members before the runs): {1000 * seconds / max(members, 1):.0f} ms per member at "
            f"{SCALE}. The pages read the kept ids; this ranking is the part that grows with the membership.",
            "",
        ]
    lines += [
        f"## Queries per page ({', '.join(runs)}; the same at every scale is the target)",
        "",
        f"The warm path (the fewest of the {PROFILE_REQUESTS} profiled requests) carries the verdict; "
        "the median follows, which counts first builds of the addresses drawn at random too.",
        "",
        *queries_rows(kinds, scales, runs),
    ]
    lines += [
        "",
        "## Weight of pages without a map (targets: ≤ 100 KB compressed in all, ≤ 15 KB of JavaScript)",
        "",
        "| page | status | all, compressed | JavaScript, compressed | |",
        "| --- | ---: | ---: | ---: | --- |",
        *(
            f"| `{path}`{' (its small map loads Leaflet)' if js > 15 * 1024 else ''} | {status} "
            f"| {total / 1024:.1f} KB | {js / 1024:.1f} KB "
            f"| {verdict(total <= 100 * 1024 and (js <= 15 * 1024 or 'agenda/' in path))} |"
            for path, status, total, js in measures["weights"]
        ),
        "",
        "## Memory (resident)",
        "",
        f"- {SERVER_NAMES[SERVER].split()[0]} master: {memory_after[0]:.0f} MB; "
        "workers before the fixed-rate run: "
        f"{', '.join(f'{mb:.0f}' for mb in memory_before[1])} MB; after: "
        f"{', '.join(f'{mb:.0f}' for mb in memory_after[1])} MB.",
        "",
        "The test suite also asserts the exact number of queries of every list page at two data sizes "
        "(`django_assert_num_queries`).",
        "",
    ]
    OUT.parent.mkdir(exist_ok=True)
    OUT.write_text("\n".join(lines))


if __name__ == "__main__":
    main()
