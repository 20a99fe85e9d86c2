"""Settings of the processes the outage tests and `make drills` start: the test settings, but
with the database (DATABASE_URL) and a cache in the database, as in production, so that a
database out of reach also takes the cache and the sessions with it."""

from tousvoisins.settings.test import *  # noqa: F403
from tousvoisins.settings.test import env

CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.db.DatabaseCache", "LOCATION": "django_cache"},
    **PROCESS_CACHES,  # noqa: F405
}

# The outage tests and the drills run the real task worker: tasks in the database, and e-mails
# to EMAIL_URL when it is given (a local SMTP server).
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
if env("EMAIL_URL", default=""):
    MAILERS = mailers_from_url(env("EMAIL_URL"))  # noqa: F405
