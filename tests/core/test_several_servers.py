"""Stateless app servers: two gunicorn processes on two ports, sharing the test database, a Redis
(REDIS_URL) and an S3-compatible bucket (moto in server mode), as two machines behind a load
balancer would. A person signed in on one is signed in on the other, the rate limits count the
requests of both, a feed cached by one is served by the other, and a photo uploaded through one is
shown by the other.

One browser is played by one `requests.Session`: its cookies go to both ports, as they would to
both machines behind one address. These tests commit for real (transaction=True), so the servers
see the data; the reference data is put back after each flush (tests.conftest.COMMITTING).
"""

import gzip
import io
import re

import pytest
import requests
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.contrib.sessions.backends.cached_db import KEY_PREFIX as SESSION_KEY_PREFIX
from django.core.cache.backends.redis import RedisCache
from PIL import Image

from profiles.models import Profile
from tests import servers
from tests.conftest import COMMITTING, PASSWORD, make_user
from tousvoisins import stamped

pytestmark = COMMITTING
BUCKET = "tousvoisins-media"
CACHE_KEY_PREFIX = "tousvoisins"


@pytest.fixture(scope="module")
def redis_url(tmp_path_factory):
    with servers.redis_server(tmp_path_factory.mktemp("redis")) as url:
        yield url


@pytest.fixture(scope="module")
def s3_endpoint(tmp_path_factory):
    with servers.s3_server(tmp_path_factory.mktemp("s3"), BUCKET) as endpoint:
        yield endpoint


@pytest.fixture
def shared_cache(redis_url):
    """The Redis the servers share, seen through Django's cache API with their settings."""
    cache = RedisCache(redis_url, {"KEY_PREFIX": CACHE_KEY_PREFIX})
    cache.clear()
    yield cache
    cache.close()


@pytest.fixture(scope="module")
def two_servers(django_db_setup, redis_url, s3_endpoint, tmp_path_factory):
    from django.conf import settings

    folder = tmp_path_factory.mktemp("app")
    env = {
        "DATABASE_URL": servers.database_url(settings.DATABASES["default"]),
        "REDIS_URL": redis_url,
        "CACHE_KEY_PREFIX": CACHE_KEY_PREFIX,
        "SECRET_KEY": "the-same-key-on-every-app-server-of-this-test-0123456789",
        "TASKS_BACKEND": "django.tasks.backends.dummy.DummyBackend",
        **servers.s3_environment(s3_endpoint, BUCKET),
    }
    with servers.app_server(folder, env, "a") as first, servers.app_server(folder, env, "b") as second:
        yield first, second


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def post_form(browser, url, data, **kwargs):
    """Send a form as a browser does: the page first (for its CSRF token), then the post."""
    page = browser.get(url, timeout=30)
    return browser.post(url, {**data, "csrfmiddlewaretoken": csrf_token(page.text)}, timeout=30, **kwargs)


def member(username):
    # The servers run the production hashers; the tests' own (MD5) is not among them.
    user = make_user(username)
    user.password = PBKDF2PasswordHasher().encode(PASSWORD, PBKDF2PasswordHasher().salt())
    user.save(update_fields=["password"])
    return user


def sign_in(browser, server, user):
    response = post_form(browser, f"{server}/comptes/login/", {"login": user.email, "password": PASSWORD})
    assert response.status_code == 200, response.text[:2000]  # followed the redirect
    assert "/comptes/login/" not in response.url


def test_a_person_signed_in_on_one_server_is_signed_in_on_the_other(two_servers, shared_cache):
    first, second = two_servers
    user = member("claire")
    browser = requests.Session()

    sign_in(browser, first, user)

    page = browser.get(f"{second}/mon-profil/", allow_redirects=False, timeout=30)
    assert page.status_code == 200
    assert "Mon nom affiché" in page.text
    # The session is in Redis (and in PostgreSQL: a Redis restart signs nobody out).
    session_key = browser.cookies["sessionid"]
    assert shared_cache.get(SESSION_KEY_PREFIX + session_key) is not None

    # Signed out on the second server: signed out on the first.
    post_form(browser, f"{second}/comptes/logout/", {})
    page = browser.get(f"{first}/mon-profil/", allow_redirects=False, timeout=30)
    assert page.status_code == 302
    assert page.headers["Location"].startswith("/comptes/login/")


def test_rate_limits_count_the_requests_of_every_server(two_servers, shared_cache):
    first, second = two_servers
    browser = requests.Session()
    # The contact form takes 5 messages an hour from one address, whichever server answers.
    for server in (first, second, first, second, first):
        response = post_form(browser, f"{server}/contact/", {"message": ""})
        assert response.status_code == 200

    refused = post_form(browser, f"{second}/contact/", {"message": ""})

    assert refused.status_code == 429
    assert "Erreur — Contact" in refused.text


def test_a_feed_cached_by_one_server_is_served_by_the_other(two_servers, shared_cache):
    first, second = two_servers
    query = "q=jardin"
    response = requests.get(f"{first}/agenda/agenda.ics?{query}", timeout=30)
    assert response.status_code == 200 and response.content.startswith(b"BEGIN:VCALENDAR")
    # tousvoisins.stamped's key for this feed is its ETag: the first server put the feed in Redis…
    # (W/: it came compressed, as requests accepts gzip.)
    tag = response.headers["ETag"].removeprefix("W/").strip('"')
    key = f"stamped:{stamped.FORMAT}:agenda:{tag}"
    # Only its gzip copy is kept there (requests unpacked what it was sent).
    content, headers, packed = shared_cache.get(key)
    assert content is None and gzip.decompress(packed) == response.content
    # …and the second serves what Redis holds, without building it again.
    marked = b"BEGIN:VCALENDAR\r\nX-WR-CALNAME:dans le cache commun\r\nEND:VCALENDAR\r\n"
    shared_cache.set(key, (marked, headers, None), 60)

    assert browser_get(f"{second}/agenda/agenda.ics?{query}") == marked


def browser_get(url):
    response = requests.get(url, timeout=30)
    assert response.status_code == 200
    return response.content


def photo():
    output = io.BytesIO()
    Image.new("RGB", (900, 600), (40, 120, 200)).save(output, "JPEG")
    return output.getvalue()


def test_a_photo_uploaded_through_one_server_is_shown_by_the_other(two_servers, shared_cache, s3_endpoint):
    first, second = two_servers
    user = member("maelle")
    browser = requests.Session()
    sign_in(browser, first, user)
    data = {
        "display_name": "Maëlle",
        "visibility": "membres",
        "open_to_contact": "on",
    }

    saved = post_form(
        browser, f"{first}/mon-profil/", data, files={"photo": ("moi.jpg", photo(), "image/jpeg")}
    )

    assert saved.status_code == 200
    assert "Votre profil est enregistré." in saved.text
    name = Profile.objects.get(user=user).photo.name
    assert name.startswith("membres/photos/")
    stored = servers.s3_client(s3_endpoint).get_object(Bucket=BUCKET, Key=f"media/{name}")["Body"].read()
    # The second server shows it, from the bucket: the same re-encoded picture.
    page = browser.get(f"{second}/membres/{user.username}/", timeout=30)
    assert page.status_code == 200
    src = re.search(r'<img[^>]+src="([^"]*membres/photos/[^"]+)"', page.text).group(1)
    assert src.startswith(f"{s3_endpoint}/{BUCKET}/media/membres/photos/")
    shown = requests.get(src.replace("&amp;", "&"), timeout=30)
    assert shown.status_code == 200
    assert shown.content == stored
    assert Image.open(io.BytesIO(shown.content)).size == (400, 267)
