"""The benchmark (`make bench`): production behaviour — DEBUG off, compressed and hashed static
files, persistent database connections — over plain HTTP on 127.0.0.1, plus the floor view that
the figures are compared with (tousvoisins.urls_bench)."""

from .base import *  # noqa: F403
from .base import LOGGING

DEBUG = False
ROOT_URLCONF = "tousvoisins.urls_bench"
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
# Each request is logged at INFO in production; the benchmark measures the site, not the log.
LOGGING["root"]["level"] = "WARNING"

# Where the time goes, for requests that ask (the report's profile per page): outermost, so it
# counts every middleware too.
MIDDLEWARE = ["tousvoisins.bench_profile.BenchProfileMiddleware", *MIDDLEWARE]  # noqa: F405
# The uncached measures skip the page cache with this header; the cached ones send none.
PAGE_CACHE_BYPASS_HEADER = "HTTP_X_BENCH_UNCACHED"
# The bench's moderator session has no second factor: without this, the dashboard's rows would
# measure the redirect to the second-factor set-up (tests/accounts/test_second_factor.py tests it).
MODERATORS_NEED_SECOND_FACTOR = False
