"""Settings of the processes the outage tests and `make drills` start: the test settings, but
with the database (DATABASE_URL) and a cache in the database, as in production, so that a
database out of reach also takes the cache and the sessions with it."""

from tousvoisins.settings.test import *  # noqa: F403

CACHES = {"default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"}}
