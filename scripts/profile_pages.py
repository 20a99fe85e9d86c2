"""Where one page's time goes, request by request, on seeded data (issue 18's working tool).

    DATABASE_URL=postgis://…/tousvoisins_bench .venv/bin/python scripts/profile_pages.py /agenda/ /forum/
    … --membre /membres/        signed in as a bench member with a visible profile
    … --gabarits /agenda/       time per template (inclusive), heaviest first
    … --sql /agenda/            each query of one request with its time

Runs in-process with the bench settings (DEBUG off, the page cache skipped as the bench's uncached
pass does), after three warm-up requests; prints the median of the next ones: total, SQL,
templates, other Python, queries and size. `make bench` is the measure; this is the microscope.
"""

import argparse
import collections
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tousvoisins.settings.bench")
os.environ.setdefault("SECRET_KEY", "profil-pas-secret")
os.environ.setdefault("EMAIL_URL", "dummymail://")


def client(signed_in):
    from django.test import Client

    browser = Client(HTTP_HOST="127.0.0.1", HTTP_X_BENCH_UNCACHED="1", HTTP_X_BENCH_PROFILE="1")
    if signed_in:
        from accounts.models import User
        from tousvoisins.bench_scales import BENCH_PREFIX

        member = User.objects.filter(username__startswith=BENCH_PREFIX, profile__visibility="membres").first()
        browser.force_login(member)
    return browser


def timings(response):
    parts = dict(part.split(";dur=") for part in response["Server-Timing"].split(", "))
    return {name: float(value) for name, value in parts.items()}


def size(response):
    if response.streaming:  # a file streamed from storage (the open-data files)
        return sum(len(block) for block in response.streaming_content)
    return len(response.content)


def profile(browser, path, requests):
    for _ in range(3):
        browser.get(path)
    rows = [timings(response := browser.get(path)) for _ in range(requests)]
    median = {name: statistics.median(row[name] for row in rows) for name in rows[0]}
    print(
        f"{response.status_code} {path[:60]:60} {median['total']:7.1f} ms  sql {median['sql']:6.1f}"
        f"  gabarits {median['tpl']:6.1f}  python {median['py']:6.1f}  requêtes {median['q']:.0f}"
        f"  {size(response) // 1024} Ko"
    )


def per_template(browser, path, requests):
    from django.template import base

    totals, counts = collections.Counter(), collections.Counter()
    original = base.Template._render

    def timed(self, context):
        began = time.perf_counter()
        try:
            return original(self, context)
        finally:
            totals[self.origin.template_name] += time.perf_counter() - began
            counts[self.origin.template_name] += 1

    for _ in range(3):
        browser.get(path)
    base.Template._render = timed
    try:
        for _ in range(requests):
            browser.get(path)
    finally:
        base.Template._render = original
    print(path)
    for name, total in totals.most_common(20):
        print(f"  {total / requests * 1000:7.2f} ms  {counts[name] / requests:6.1f}×  {name}")


def queries(browser, path):
    from django.db import connection

    for _ in range(3):
        browser.get(path)
    found = []

    def wrapper(execute, sql, params, many, context):
        began = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            found.append((time.perf_counter() - began, sql))

    with connection.execute_wrapper(wrapper):
        browser.get(path)
    print(path)
    for spent, sql in found:
        print(f"  {spent * 1000:7.2f} ms  {sql[:300]}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="+")
    parser.add_argument("--membre", action="store_true", help="signed in as a bench member")
    parser.add_argument("--gabarits", action="store_true", help="time per template")
    parser.add_argument("--sql", action="store_true", help="each query of one request")
    parser.add_argument("--requetes", type=int, default=9, help="measured requests per page")
    options = parser.parse_args()

    import django

    django.setup()
    browser = client(options.membre)
    for path in options.paths:
        if options.gabarits:
            per_template(browser, path, options.requetes)
        elif options.sql:
            queries(browser, path)
        else:
            profile(browser, path, options.requetes)


if __name__ == "__main__":
    main()
