"""Redis unreachable: the site keeps serving and signing people in, without its cache, and
`/sante/` says the service is degraded (tousvoisins.cache_backends)."""

import pytest
from django.conf import settings
from django.test import Client

from tests.conftest import PASSWORD
from tests.servers import free_port, redis_server
from tousvoisins.cache_backends import ForgivingRedisCache

pytestmark = pytest.mark.django_db


def redis_caches(url):
    return {
        "default": {
            "BACKEND": "tousvoisins.cache_backends.ForgivingRedisCache",
            "LOCATION": url,
            "OPTIONS": {"socket_connect_timeout": 0.5, "socket_timeout": 1},
        },
        **settings.PROCESS_CACHES,
    }


@pytest.fixture
def redis_down(settings):
    # A port nobody listens on: every connection is refused at once.
    settings.CACHES = redis_caches(f"redis://127.0.0.1:{free_port()}/0")
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
    settings.PAGE_CACHE_ENABLED = True
    return settings


def test_pages_are_served_while_redis_is_down(redis_down):
    for path in ("/", "/agenda/", "/forum/", "/referents/"):
        response = Client().get(path)
        assert response.status_code == 200, path


def test_a_member_signs_in_and_stays_signed_in_while_redis_is_down(redis_down, member):
    client = Client()
    response = client.post("/comptes/login/", {"login": member.email, "password": PASSWORD})
    assert response.status_code == 302
    response = client.get("/")
    assert response.status_code == 200
    assert "Se déconnecter" in response.content.decode()


def test_the_cache_misses_and_drops_writes_while_redis_is_down(redis_down):
    from django.core.cache import caches

    down = caches["default"]
    assert isinstance(down, ForgivingRedisCache)
    down.set("clé", "valeur")
    assert down.get("clé") is None
    assert down.get("clé", "par défaut") == "par défaut"
    assert down.get_many(["clé"]) == {}
    # A lock is taken and a counter restarts, as if the key were free.
    assert down.add("verrou", 1) is True
    with pytest.raises(ValueError):
        down.incr("compteur")


def test_health_says_degraded_while_redis_is_down_but_keeps_the_server_in(redis_down):
    response = Client().get("/sante/")
    assert response.status_code == 200
    assert response.json() == {"statut": "degrade", "base_de_donnees": True, "cache": False}


def test_health_says_ok_with_redis_up(settings, tmp_path):
    with redis_server(tmp_path) as url:
        settings.CACHES = redis_caches(url)
        from django.core.cache import caches

        caches["default"].set("clé", "valeur")
        assert caches["default"].get("clé") == "valeur"
        response = Client().get("/sante/")
    assert response.status_code == 200
    assert response.json() == {"statut": "ok", "base_de_donnees": True, "cache": True}
