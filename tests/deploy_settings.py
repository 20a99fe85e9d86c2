"""Settings of the app server that tests/core/test_web_unit.py starts with deploy/'s unit: the
production settings, with the static files hashed as in production but not compressed besides
(compressing every file takes a minute of the tests' time; whitenoise serves them the same way)."""

from tousvoisins.settings.production import *  # noqa: F403
from tousvoisins.settings.production import STORAGES

STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"},
}
