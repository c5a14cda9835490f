"""The shared cache: Django's Redis backend, made to treat a Redis it cannot use as a miss, never a failed page."""

import logging
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)

# After a failure the backend leaves Redis alone for this long, so that while Redis is away a page pays the
# connect timeout once rather than on every lookup.
RETRY_AFTER_SECONDS = 5.0
# Redis answers in well under a millisecond on the local network; a server that does not answer in this long
# is treated as away.
SOCKET_TIMEOUT_SECONDS = 0.5
clock = time.monotonic


class FailSoftRedisCache(RedisCache):
    """Django's RedisCache whose operations, when Redis fails, log a warning and answer as a miss would.

    A get returns the default, a set or delete does nothing, an incr raises ValueError as for a missing key.
    Nothing may rely on a delete to make an entry unreachable: while Redis is away, deletes are lost.
    """

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**params.get("OPTIONS", {})}}
        params["OPTIONS"].setdefault("socket_connect_timeout", SOCKET_TIMEOUT_SECONDS)
        params["OPTIONS"].setdefault("socket_timeout", SOCKET_TIMEOUT_SECONDS)
        super().__init__(server, params)
        self._unavailable_until = 0.0

    def _attempt(self, operation, miss, *args, **kwargs):
        """Run the parent class's operation, or return miss when Redis failed just now or fails now."""
        if clock() < self._unavailable_until:
            return miss
        try:
            return getattr(super(), operation)(*args, **kwargs)
        except RedisError as error:
            self._unavailable_until = clock() + RETRY_AFTER_SECONDS
            logger.warning(
                "Cache unavailable (%s: %s); %s answered as a miss, Redis is tried again in %s s.",
                type(error).__name__,
                error,
                operation,
                RETRY_AFTER_SECONDS,
            )
            return miss

    def get(self, key, default=None, version=None):
        return self._attempt("get", default, key, default, version=version)

    def get_many(self, keys, version=None):
        return self._attempt("get_many", {}, keys, version=version)

    def has_key(self, key, version=None):
        return self._attempt("has_key", False, key, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("add", False, key, value, timeout, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._attempt("set", None, key, value, timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("set_many", list(data), data, timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._attempt("touch", False, key, timeout, version=version)

    def delete(self, key, version=None):
        return self._attempt("delete", False, key, version=version)

    def delete_many(self, keys, version=None):
        self._attempt("delete_many", None, keys, version=version)

    def incr(self, key, delta=1, version=None):
        missing = object()
        value = self._attempt("incr", missing, key, delta, version=version)
        if value is missing:
            raise ValueError(f"Key '{key}' not found (the cache is unavailable).")
        return value

    def clear(self):
        return self._attempt("clear", False)
