"""The shared cache: Django's Redis backend on the machine's Redis, and a Redis that cannot be reached."""

import logging
import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import redis
from django.core.cache import cache, caches
from django.test import override_settings

from tracker import cache as tracker_cache
from tracker.cache import FailSoftRedisCache

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/0"


def redis_settings(location: str, prefix: str) -> dict:
    return {"default": {"BACKEND": "tracker.cache.FailSoftRedisCache", "LOCATION": location, "KEY_PREFIX": prefix}}


@pytest.fixture
def redis_client():
    """Return a client of the machine's Redis; skip (or, with TRACKER_REQUIRE_REDIS=1, fail) when none answers."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1, socket_timeout=1)
    try:
        client.ping()
    except redis.RedisError as error:
        message = f"no Redis answers at {REDIS_URL} ({error}); start one with: redis-server --daemonize yes"
        if os.environ.get("TRACKER_REQUIRE_REDIS") == "1":
            pytest.fail(message)
        pytest.skip(message)
    yield client
    client.close()


@pytest.fixture
def prefix(redis_client):
    """Yield a key prefix of this test's own; delete its keys afterwards (other runs share the Redis database)."""
    prefix = f"tracker-test-{uuid.uuid4().hex}"
    yield prefix
    keys = list(redis_client.scan_iter(match=f"{prefix}:*"))
    if keys:
        redis_client.delete(*keys)


@pytest.fixture
def redis_cache(prefix):
    with override_settings(CACHES=redis_settings(REDIS_URL, prefix)):
        yield caches["default"]


@pytest.fixture
def unreachable_cache():
    """Configure the cache on a port where nothing listens."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with override_settings(CACHES=redis_settings(f"redis://127.0.0.1:{port}/0", "tracker-test-unreachable")):
        yield caches["default"]


def test_redis_cache__sets_gets_and_deletes_through_djangos_cache_api(redis_cache, redis_client, prefix):
    assert isinstance(redis_cache, FailSoftRedisCache)
    cache.set("scorecard", {"brier": 0.21, "n": 14}, timeout=60)

    assert cache.get("scorecard") == {"brier": 0.21, "n": 14}
    stored = f"{prefix}:1:scorecard"  # Django's key: prefix, version, key
    assert redis_client.exists(stored), "the entry is in Redis, not in this process"
    assert 0 < redis_client.ttl(stored) <= 60
    assert cache.delete("scorecard") is True
    assert cache.get("scorecard") is None
    assert not redis_client.exists(stored)


def test_redis_cache__many_keys_get_or_set_and_incr(redis_cache):
    cache.set_many({"a": 1, "b": [2, 3]}, timeout=60)
    assert cache.get_many(["a", "b", "absent"]) == {"a": 1, "b": [2, 3]}
    assert cache.get_or_set("computed", lambda: "fresh", timeout=60) == "fresh"
    assert cache.get_or_set("computed", lambda: "not called again", timeout=60) == "fresh"
    assert cache.incr("a") == 2
    with pytest.raises(ValueError):
        cache.incr("absent")
    cache.delete_many(["a", "b", "computed"])
    assert cache.get_many(["a", "b", "computed"]) == {}


def test_redis_cache__is_shared_by_every_cache_connection_with_the_same_prefix(redis_cache, prefix):
    other_server = FailSoftRedisCache(REDIS_URL, {"KEY_PREFIX": prefix})
    cache.set("figure", 42, timeout=60)
    assert other_server.get("figure") == 42
    assert FailSoftRedisCache(REDIS_URL, {"KEY_PREFIX": f"{prefix}-other"}).get("figure") is None


def test_unreachable_redis__every_operation_is_a_miss_and_none_raises(unreachable_cache, caplog, monkeypatch):
    monkeypatch.setattr(tracker_cache, "RETRY_AFTER_SECONDS", 0)  # try Redis on every call here
    caplog.set_level(logging.WARNING, logger="tracker.cache")

    assert cache.get("scorecard") is None
    assert cache.get("scorecard", "default") == "default"
    cache.set("scorecard", {"brier": 0.21})
    assert cache.add("scorecard", 1) is False
    assert cache.get_many(["a", "b"]) == {}
    assert cache.set_many({"a": 1, "b": 2}) == ["a", "b"]
    assert cache.delete("scorecard") is False
    cache.delete_many(["a", "b"])
    assert cache.has_key("a") is False
    with pytest.raises(ValueError):
        cache.incr("a")
    assert cache.get_or_set("computed", lambda: "fresh") == "fresh"

    failures = [record for record in caplog.records if record.name == "tracker.cache"]
    # Ten operations, and get_or_set's get, add and get again: each of the 13 went to Redis and failed.
    assert len(failures) == 13
    assert all("ConnectionError" in record.getMessage() for record in failures)


def test_unreachable_redis__is_left_alone_for_a_few_seconds_after_a_failure(unreachable_cache, caplog, monkeypatch):
    now = [1000.0]
    monkeypatch.setattr(tracker_cache, "clock", lambda: now[0])
    caplog.set_level(logging.WARNING, logger="tracker.cache")

    def failures() -> int:
        return len([record for record in caplog.records if record.name == "tracker.cache"])

    assert cache.get("a") is None
    assert failures() == 1
    now[0] += tracker_cache.RETRY_AFTER_SECONDS - 0.1
    assert cache.get("a") is None
    cache.set("a", 1)
    assert failures() == 1, "no attempt while Redis is known to be away"
    now[0] += 0.2
    assert cache.get("a") is None
    assert failures() == 2, "tried again once the pause is over"


def settings_in_a_fresh_process(env: dict[str, str]) -> str:
    """Return the cache backend and key prefix that the local settings choose in a process with this environment."""
    clean = {key: value for key, value in os.environ.items() if key not in {"REDIS_URL", "CACHE_KEY_PREFIX"}}
    script = (
        "import django; django.setup(); from django.core.cache import caches; "
        "print(type(caches['default']).__name__, caches['default'].key_prefix)"
    )
    result = subprocess.run(
        [sys.executable, "-c", script],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "tracker.settings.local",
            # Parsed, never connected to: the settings are all this looks at.
            "DATABASE_URL": "postgres://nobody@127.0.0.1:1/none",
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_settings__use_redis_when_redis_url_is_set_and_memory_otherwise():
    assert settings_in_a_fresh_process({"REDIS_URL": REDIS_URL}) == "FailSoftRedisCache tracker"
    assert settings_in_a_fresh_process({"REDIS_URL": REDIS_URL, "CACHE_KEY_PREFIX": "t2"}) == "FailSoftRedisCache t2"
    assert settings_in_a_fresh_process({}) == "LocMemCache tracker"
