"""What REDIS_URL and AWS_STORAGE_BUCKET_NAME switch on, in the settings of development (manage.py)
and of production (wsgi): read in a process of its own, as a server reads them at start."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "SECRET_KEY": "a-long-random-production-key-for-the-check-only-0123456789-abcdefghij",
    "ALLOWED_HOSTS": "tousvoisins44.fr",
    "DATABASE_URL": "postgis://tousvoisins@db.exemple.fr:5432/tousvoisins",
    "EMAIL_URL": "smtp+tls://user:password@smtp.example.fr:587",
}
SHOW = """
import json, django
django.setup()
from django.conf import settings
from django.core.files.storage import default_storage
print(json.dumps({
    "cache": settings.CACHES["default"]["BACKEND"],
    "cache_location": settings.CACHES["default"].get("LOCATION"),
    "session": settings.SESSION_ENGINE,
    "media": settings.STORAGES["default"]["BACKEND"],
    "bucket": getattr(default_storage, "bucket_name", None),
    "endpoint": getattr(default_storage, "endpoint_url", None),
    "location": getattr(default_storage, "location", None),
}))
"""


def settings_of(module, **environment):
    variables = (
        "REDIS_URL", "CACHE_URL", "CACHE_KEY_PREFIX", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL",
        "AWS_S3_REGION_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_LOCATION",
    )  # fmt: skip
    env = {k: v for k, v in os.environ.items() if k not in variables and not k.startswith("DJANGO_")}
    env.update(DJANGO_SETTINGS_MODULE=f"tousvoisins.settings.{module}", **environment)
    if module == "production":
        env.update(PRODUCTION)
    result = subprocess.run(
        [sys.executable, "-c", SHOW], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("module", ["local", "production"])
def test_one_machine_keeps_its_cache_in_postgresql_and_its_media_on_disk(module):
    shown = settings_of(module)

    assert shown["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert shown["session"] == "django.contrib.sessions.backends.db"
    assert shown["media"] == "django.core.files.storage.FileSystemStorage"


@pytest.mark.parametrize("module", ["local", "production"])
def test_redis_url_puts_the_cache_the_rate_limits_and_the_sessions_in_redis(module):
    shown = settings_of(module, REDIS_URL="redis://redis.exemple.fr:6379/1")

    assert shown["cache"] == "tousvoisins.cache_backends.ForgivingRedisCache"
    assert shown["cache_location"] == "redis://redis.exemple.fr:6379/1"
    # Kept in Redis, written to PostgreSQL too: a Redis restart signs nobody out.
    assert shown["session"] == "django.contrib.sessions.backends.cached_db"


@pytest.mark.parametrize("module", ["local", "production"])
def test_a_bucket_puts_the_media_in_s3_compatible_storage(module):
    shown = settings_of(
        module,
        AWS_STORAGE_BUCKET_NAME="tousvoisins-media",
        AWS_S3_ENDPOINT_URL="https://s3.fr-par.scw.cloud",
        AWS_S3_REGION_NAME="fr-par",
    )

    assert shown["media"] == "storages.backends.s3.S3Storage"
    assert shown["bucket"] == "tousvoisins-media"
    assert shown["endpoint"] == "https://s3.fr-par.scw.cloud"
    assert shown["location"] == "media"


def test_the_readme_and_env_example_name_every_variable_of_several_machines():
    readme = (ROOT / "README.md").read_text()
    example = (ROOT / ".env.example").read_text()
    for variable in (
        "REDIS_URL", "CACHE_KEY_PREFIX", "AWS_STORAGE_BUCKET_NAME", "AWS_S3_ENDPOINT_URL",
        "AWS_S3_REGION_NAME", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_LOCATION",
        "AWS_QUERYSTRING_AUTH", "AWS_QUERYSTRING_EXPIRE", "AWS_S3_CUSTOM_DOMAIN", "AWS_S3_ADDRESSING_STYLE",
    ):  # fmt: skip
        assert f"`{variable}`" in readme, variable
        assert f"# {variable}=" in example, variable


def test_check_deploy_is_clean_with_redis_and_a_bucket(settings):
    db = settings.DATABASES["default"]
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(
        PRODUCTION,
        DJANGO_SETTINGS_MODULE="tousvoisins.settings.production",
        DATABASE_URL=f"postgis://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        REDIS_URL="redis://redis.exemple.fr:6379/1",
        AWS_STORAGE_BUCKET_NAME="tousvoisins-media",
        AWS_S3_ENDPOINT_URL="https://s3.fr-par.scw.cloud",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
