"""The Redis cache, forgiving: while Redis is unreachable the site keeps serving.

Everything the site keeps in the cache can be rebuilt (pages, feeds, stamps, the session copy
in front of PostgreSQL), so an unreachable Redis is treated as an empty cache that keeps
nothing: reads miss, writes are dropped, locks and rate-limit counters fail open (each request
rebuilds its page; limits are not enforced until Redis is back). Each failure is logged, and
`/sante/` answers 503 with "cache": false so that monitoring sees it.
"""

import logging

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)


def _forgive(method, fallback):
    def call(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        except UNREACHABLE as error:
            logger.warning("Redis injoignable (%s) : %s", method.__name__, error)
            return fallback(*args, **kwargs) if callable(fallback) else fallback

    call.__name__ = method.__name__
    call.__doc__ = method.__doc__
    return call


def _default(key, default=None, version=None):
    return default


def _refuse_increment(*args, **kwargs):
    # What a missing key raises: django-ratelimit then counts the request as the first one.
    raise ValueError("Redis injoignable")


class ForgivingRedisCache(RedisCache):
    get = _forgive(RedisCache.get, _default)
    get_many = _forgive(RedisCache.get_many, {})
    has_key = _forgive(RedisCache.has_key, False)
    set = _forgive(RedisCache.set, None)
    set_many = _forgive(RedisCache.set_many, [])
    # As if the key were free: a lock is taken, a counter starts afresh.
    add = _forgive(RedisCache.add, True)
    touch = _forgive(RedisCache.touch, False)
    delete = _forgive(RedisCache.delete, False)
    delete_many = _forgive(RedisCache.delete_many, None)
    incr = _forgive(RedisCache.incr, _refuse_increment)
    clear = _forgive(RedisCache.clear, False)


def cache_is_reachable(cache):
    """True when the cache answers a write and a read (always for a non-Redis cache)."""
    if not isinstance(cache, RedisCache):
        return True
    try:
        client = cache._cache.get_client(write=True)
        return bool(client.ping())
    except UNREACHABLE:
        return False
