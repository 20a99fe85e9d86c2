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
