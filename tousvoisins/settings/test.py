from .base import *  # noqa: F403
from .base import env

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
# Live-server browser tests need plain (unhashed) static names.
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}, **PROCESS_CACHES}  # noqa: F405
GEOCODER_URL = ""
CONN_MAX_AGE = 0
DATABASES["default"]["CONN_MAX_AGE"] = 0  # noqa: F405
# Parallel runs (several checkouts or sessions on one cluster) each get their own test database.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DB_NAME", default="test_tousvoisins")}  # noqa: F405
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
# A test-only app with a model scoped like an event (tests/accounts/test_scoping.py).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.scoping_app"]  # noqa: F405
# Most tests sign moderators in with force_login (no second factor): the rule is tested on its own
# (tests/accounts/test_second_factor.py turns it on).
MODERATORS_NEED_SECOND_FACTOR = False

# Tests change rows between two requests with QuerySet.update(): the page cache is tested on its
# own (tests/pages/test_page_cache.py turns it on).
PAGE_CACHE_ENABLED = False
# Each test starts with an empty cache, which a running site meets only after a flush: the one
# query reading the stamps back would count in every page's queries. Tested on its own
# (tests/core/test_content_stamp_durable.py turns it on).
CONTENT_STAMPS_IN_DATABASE = False
