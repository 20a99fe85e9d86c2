"""`make bench-servers`: gunicorn (sync, gthread) and granian serving the same data, in one run.

Each server in turn (scripts/app_servers.py) serves the benchmark's data with the same number of
workers, and is measured the same way: the floor view and a handful of representative pages in a
closed loop (without the page cache, then as the page cache serves visitors), a short fixed-rate
run of the whole page mix, and the resident memory of its workers. The servers take turns,
A B C, B C A, C A B… for BENCH_ROUNDS rounds, so that what else the machine does falls on all of them;
each figure is the median over the rounds. Writes docs/servers.md: each server's requests per
second and their ratio to its own floor side by side, latencies, memory, and the faster one. The
last `make drills DRILLS_SERVER=<name>` of each server (.local/drills-<name>.json) is quoted;
`scripts/bench_servers.py --report` writes the report again from the last run's figures
(.local/bench-servers.json) with the drills run since.

BENCH_DATABASE_URL (a database already seeded, e.g. by `make bench`) saves the seeding;
BENCH_SERVERS picks servers ("sync gthread granian"), BENCH_ROUNDS (2),
BENCH_THROUGHPUT_SECONDS (3), BENCH_SECONDS (fixed-rate seconds, 15), BENCH_RATE (30),
BENCH_WORKERS (2 × cores + 1) change the run.
"""

import json
import os
import statistics
import sys
import time
from pathlib import Path

os.environ.setdefault("BENCH_THROUGHPUT_SECONDS", "3")
os.environ.setdefault("BENCH_SECONDS", "15")
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import app_servers, bench

OUT = bench.ROOT / "docs" / "servers.md"
RAW = bench.ROOT / ".local" / "bench-servers.json"
SERVERS = os.environ.get("BENCH_SERVERS", " ".join(app_servers.SERVERS)).split()
ROUNDS = int(os.environ.get("BENCH_ROUNDS", 2))
NAMES = bench.SERVER_NAMES
# Kinds of page of the benchmark's mix (bench.sample_urls): the most asked, one signed-in, one feed.
UNCACHED_PAGES = ("accueil", "agenda", "événement", "sujet du forum", "référents", "flux iCalendar")
SIGNED_IN_PAGES = ("membres (connecté)",)
CACHED_PAGES = ("accueil", "agenda", "événement")
# A server is "faster" when its geometric mean of requests per second over the pages beats the
# others' by more than the noise of this shared machine (repeated runs differ by a few per cent).
MARGIN = 0.05


def measure(server, env, anonymous, signed_in, cookies):
    """One turn of `server`: {"floor": r/s, "uncached": {kind: r/s}, "cached": {…}, "p50", "p95",
    "p99" ms, "errors", "memory": [MB per worker], "client_cpu"}."""
    process = bench.start_server(env, server)
    try:
        makers = {kind: maker for _, kind, maker in [*anonymous, *signed_in]}
        for kind, maker in makers.items():  # warm: imports, templates, kept fragments
            bench.get(maker(), cookies[0] if kind.endswith("(connecté)") else None)
        seconds = bench.THROUGHPUT_SECONDS
        found = {"floor": bench.throughput(lambda: "/banc/plancher/", seconds=seconds)[0]}
        found["uncached"] = {
            kind: bench.throughput(makers[kind], extra=bench.UNCACHED, seconds=seconds)[0]
            for kind in UNCACHED_PAGES
        }
        found["uncached"].update(
            {
                kind: bench.throughput(makers[kind], cookies[0], extra=bench.UNCACHED, seconds=seconds)[0]
                for kind in SIGNED_IN_PAGES
            }
        )
        found["cached"] = {}
        for kind in CACHED_PAGES:
            path = makers[kind]()
            bench.get(path)  # kept by the page cache from now on
            found["cached"][kind] = bench.throughput(lambda path=path: path, seconds=seconds)[0]
        cpu_before, wall_before = bench.cpu_seconds(), time.monotonic()
        results = bench.fixed_rate(anonymous, signed_in, cookies)
        found["client_cpu"] = (bench.cpu_seconds() - cpu_before) / (time.monotonic() - wall_before)
        latencies = [latency * 1000 for _, latency, _ in results]
        found.update(
            {
                "p50": bench.percentile(latencies, 0.5),
                "p95": bench.percentile(latencies, 0.95),
                "p99": bench.percentile(latencies, 0.99),
                "errors": sum(bench.is_error(status) for _, _, status in results),
                "requests": len(results),
            }
        )
        found["memory"] = bench.memory_of(process)[1]
    finally:
        process.terminate()
        process.wait(timeout=60)
    return found


def median_of(turns):
    """The turns of one server folded into one: the median of each figure."""
    first = turns[0]
    folded = {}
    for name, value in first.items():
        if isinstance(value, dict):
            folded[name] = {kind: statistics.median(turn[name][kind] for turn in turns) for kind in value}
        elif isinstance(value, list):
            folded[name] = [mb for turn in turns for mb in turn[name]]
        else:
            folded[name] = statistics.median(turn[name] for turn in turns)
    folded["errors"] = sum(turn["errors"] for turn in turns)
    return folded


def speed(found):
    """Geometric mean of the requests per second of every page measured (uncached and cached)."""
    rates = [*found["uncached"].values(), *found["cached"].values()]
    return statistics.geometric_mean(rates)


def drills_of(server):
    path = bench.ROOT / ".local" / f"drills-{server}.json"
    return json.loads(path.read_text()) if path.exists() else None


def main():
    if sys.argv[1:] == ["--report"]:  # the last run's figures again, with the drills run since
        turns = json.loads(RAW.read_text())
    else:
        turns = run()
        RAW.write_text(json.dumps(turns, ensure_ascii=False, indent=1))
    figures = {server: median_of(server_turns) for server, server_turns in turns.items()}
    for server, server_turns in turns.items():
        figures[server]["rounds"] = [speed(turn) for turn in server_turns]
        figures[server]["rounds_p95"] = [turn["p95"] for turn in server_turns]
    write_report(figures)
    bench.log(f"Écrit : {OUT.relative_to(bench.ROOT)}")


def run():
    """{server: [one turn's figures, per round]}"""
    env = bench.bench_environment()
    bench.log(f"Serveurs comparés : {', '.join(SERVERS)} ; données {bench.SCALE}…")
    bench.prepare(env)
    anonymous, signed_in, cookies = bench.sample_urls(env)
    turns = {server: [] for server in SERVERS}
    for number in range(ROUNDS):
        # Each round starts one server later (A B C, B C A, C A B…): none always follows the same.
        for server in SERVERS[number % len(SERVERS) :] + SERVERS[: number % len(SERVERS)]:
            bench.log(f"Tour {number + 1}/{ROUNDS} : {NAMES[server]}…")
            turns[server].append(measure(server, env, anonymous, signed_in, cookies))
    return turns


def fastest(figures):
    """The server kept by the measure: the fastest, unless another is within MARGIN of it — then
    gunicorn sync, the long-standing default, stays (a change must pay for itself)."""
    ranked = sorted(figures, key=lambda server: speed(figures[server]), reverse=True)
    best = ranked[0]
    if best != "sync" and "sync" in figures and speed(figures[best]) < (1 + MARGIN) * speed(figures["sync"]):
        return "sync"
    return best


def per_round(figures, name, unit=""):
    return "; ".join(
        f"{NAMES[server]} {', '.join(f'{value:.0f}' for value in found[name])}{unit}"
        for server, found in figures.items()
    )


def write_report(figures):
    servers = list(figures)
    header = " | ".join(f"{NAMES[server]} r/s | share" for server in servers)
    align = " | ".join("---: | ---:" for _ in servers)

    def row(kind, group):
        cells = []
        for server in servers:
            rate = figures[server][group][kind]
            cells.append(f"{rate:.1f} | {rate / figures[server]['floor']:.2f}")
        return f"| {kind}{' (cached)' if group == 'cached' else ''} | {' | '.join(cells)} |"

    kept = fastest(figures)
    lines = [
        "# Application servers compared",
        "",
        f"Written by `make bench-servers` on {bench.today_in_paris():%Y-%m-%d}: {os.cpu_count()} cores, "
        f"data `seed_bench --scale {bench.SCALE}`, {bench.WORKERS} workers for every server "
        f"(gunicorn gthread: {app_servers.THREADS} threads each; granian: one Django thread each), "
        f"{ROUNDS} rounds taking turns, each figure the median of the rounds; "
        f"closed loops of {bench.THROUGHPUT_SECONDS:g} s with 4 clients. Times are wall-clock on a shared "
        "machine: compare the servers within this run, not across runs. Each round starts one server "
        "later (A B C, B C A, C A B…), so that none always follows the same one.",
        "",
        "## Requests per second, and as a share of the server's own floor",
        "",
        "The floor is a minimal Django template view served by the same server: a faster server "
        "raises its floor as much as the pages, so its shares can fall while it serves more.",
        "",
        f"| page | {header} |",
        f"| --- | {align} |",
        f"| floor | {' | '.join(f'{figures[s]["floor"]:.1f} | 1.00' for s in servers)} |",
        *(row(kind, "uncached") for kind in [*UNCACHED_PAGES, *SIGNED_IN_PAGES]),
        *(row(kind, "cached") for kind in CACHED_PAGES),
        f"| geometric mean of the pages | {' | '.join(f'{speed(figures[s]):.1f} | ' for s in servers)} |",
        "",
        "The geometric mean of each round, round after round (how much the machine's noise moves it): "
        + "; ".join(
            f"{NAMES[s]} {', '.join(f'{value:.0f}' for value in figures[s]['rounds'])}" for s in servers
        )
        + ". Each round's raw figures: `.local/bench-servers.json`.",
        "",
        f"## {bench.RATE:g} requests per second of the page mix for {bench.SECONDS:g} s",
        "",
        "| server | requests | errors | p50 ms | p95 ms | p99 ms | client CPU |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
        *(
            f"| {NAMES[s]} | {figures[s]['requests']:.0f} | {figures[s]['errors']} | {figures[s]['p50']:.0f} "
            f"| {figures[s]['p95']:.0f} | {figures[s]['p99']:.0f} | {figures[s]['client_cpu']:.0%} |"
            for s in servers
        ),
        "",
        "p95 of each round: "
        + "; ".join(
            f"{NAMES[s]} {', '.join(f'{value:.0f}' for value in figures[s]['rounds_p95'])} ms"
            for s in servers
        )
        + ".",
        "",
        "## Memory (resident, after the fixed-rate run)",
        "",
        "| server | per worker, MB (median) | largest worker, MB |",
        "| --- | ---: | ---: |",
        *(
            f"| {NAMES[s]} | {statistics.median(figures[s]['memory'] or [0]):.0f} "
            f"| {max(figures[s]['memory'] or [0]):.0f} |"
            for s in servers
        ),
        "",
        "## Which is kept",
        "",
        f"Faster by this measure (geometric mean of the pages' requests per second, ahead by more than "
        f"{MARGIN:.0%}, else gunicorn sync stays): **{NAMES[kept]}**.",
        "",
        "The reliability drills (`make drills DRILLS_SERVER=<server>`), last run of each:",
        "",
    ]
    for server in servers:
        drills = drills_of(server)
        if drills:
            passed = sum(drills["results"])
            lines.append(
                f"- {NAMES[server]}: {passed}/{len(drills['results'])} passed on {drills['date']} "
                f"({', '.join(drills['names'])})."
            )
        else:
            lines.append(f"- {NAMES[server]}: not run on this machine.")
    production = app_servers.PRODUCTION
    lines += [
        "",
        f"Production runs **{NAMES[production]}** (`scripts/app_servers.py` PRODUCTION, "
        "`deploy/tousvoisins-web.service`): the faster one that holds every drill; the README "
        '("Le serveur d\'application") says why and gives the rule for the number of workers.',
        "",
    ]
    OUT.write_text("\n".join(lines))


if __name__ == "__main__":
    main()
