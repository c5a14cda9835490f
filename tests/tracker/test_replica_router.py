"""Read replicas: reads of a request that has written nothing go to a replica; everything else to the primary."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Group
from django.db import router, transaction
from django.http import HttpResponse
from django.test import RequestFactory, override_settings

from sources.models import Source
from tracker.database import replica_settings
from tracker.middleware import PIN_COOKIE, ReplicaMiddleware
from tracker.routers import ReplicaRouter, current_request

ROOT = Path(__file__).resolve().parents[2]

with_replica = override_settings(DATABASE_REPLICAS=["replica_1"])


def serve(request, view):
    """Pass the request through the middleware to the view, as the site's middleware stack does."""
    return ReplicaMiddleware(view)(request)


def reads_of(request) -> list[str]:
    """Serve the request with a view that reads twice; return where the reads went."""
    seen = []

    def view(request):
        seen.append(router.db_for_read(Source))
        seen.append(Source.objects.all().db)  # what a queryset in a view would use
        return HttpResponse("ok")

    serve(request, view)
    return seen


def read_once(request) -> tuple[list[str], HttpResponse]:
    """Serve the request with a view that reads once; return where the read went, and the response."""
    seen = []

    def view(request):
        seen.append(router.db_for_read(Source))
        return HttpResponse("ok")

    return seen, serve(request, view)


@with_replica
def test_get_without_pin__reads_from_a_replica():
    assert reads_of(RequestFactory().get("/claims/")) == ["replica_1", "replica_1"]


@override_settings(DATABASE_REPLICAS=["replica_1", "replica_2", "replica_3"])
def test_get_without_pin__reads_from_one_replica_per_request_chosen_at_random():
    chosen = set()
    for _ in range(60):
        seen = []

        def view(request, seen=seen):
            seen.extend(router.db_for_read(Source) for _ in range(20))
            return HttpResponse("ok")

        serve(RequestFactory().get("/claims/"), view)
        assert len(set(seen)) == 1, "a request never mixes replicas, which lag by different amounts"
        chosen.update(seen)
    assert chosen == {"replica_1", "replica_2", "replica_3"}


@with_replica
@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_request_that_is_not_a_read__reads_from_the_primary_and_pins_the_browser(method):
    seen, response = read_once(getattr(RequestFactory(), method)("/claims/1/edit/"))
    assert seen == ["default"]
    assert PIN_COOKIE in response.cookies


@with_replica
def test_head_and_options__read_from_a_replica():
    assert reads_of(RequestFactory().head("/claims/")) == ["replica_1", "replica_1"]
    assert reads_of(RequestFactory().options("/claims/")) == ["replica_1", "replica_1"]


@with_replica
def test_get_with_pin_cookie__reads_from_the_primary_and_is_not_pinned_again():
    factory = RequestFactory()
    factory.cookies[PIN_COOKIE] = "1"
    seen, response = read_once(factory.get("/claims/"))
    assert seen == ["default"]
    assert PIN_COOKIE not in response.cookies, "the pin runs from the last write, not the last visit"


@with_replica
def test_get_that_only_reads__sets_no_pin_cookie():
    response = serve(RequestFactory().get("/claims/"), lambda request: HttpResponse("ok"))
    assert PIN_COOKIE not in response.cookies


@with_replica
@pytest.mark.django_db(transaction=True)  # no test transaction around it: the request runs in autocommit, as served
def test_get_that_writes__reads_from_the_primary_after_the_write_and_pins_the_browser():
    seen = []

    def view(request):
        seen.append(router.db_for_read(Source))
        Group.objects.create(name="written during a GET")
        seen.append(router.db_for_read(Source))
        seen.append(Source.objects.all().db)
        return HttpResponse("ok")

    response = serve(RequestFactory().get("/claims/"), view)
    assert seen == ["replica_1", "default", "default"]
    assert PIN_COOKIE in response.cookies


@with_replica
@pytest.mark.django_db(transaction=True)
def test_read_inside_a_transaction__stays_on_the_primary():
    seen = []

    def view(request):
        with transaction.atomic():
            seen.append(router.db_for_read(Source))
        seen.append(router.db_for_read(Source))
        return HttpResponse("ok")

    serve(RequestFactory().get("/claims/"), view)
    assert seen == ["default", "replica_1"]


@with_replica
@pytest.mark.parametrize("secure", [False, True])
def test_pin_cookie__is_short_lived_http_only_lax_and_secure_when_the_session_cookie_is(secure):
    with override_settings(REPLICA_PIN_SECONDS=7, SESSION_COOKIE_SECURE=secure):
        response = serve(RequestFactory().post("/claims/new/"), lambda request: HttpResponse("ok"))
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 7
    assert cookie["httponly"] is True
    assert cookie["samesite"] == "Lax"
    assert bool(cookie["secure"]) is secure


@with_replica
def test_outside_a_request__reads_from_the_primary():
    assert current_request.get() is None
    assert router.db_for_read(Source) == "default"


@with_replica
def test_request_state__is_reset_when_the_view_fails():
    def view(request):
        raise RuntimeError("the view failed")

    with pytest.raises(RuntimeError):
        serve(RequestFactory().get("/claims/"), view)
    assert current_request.get() is None
    assert router.db_for_read(Source) == "default"


@with_replica
@pytest.mark.parametrize("method", ["get", "post"])
def test_db_for_write__is_always_the_primary(method):
    seen = []

    def view(request):
        seen.append(router.db_for_write(Source))
        return HttpResponse("ok")

    serve(getattr(RequestFactory(), method)("/claims/"), view)
    assert seen == ["default"]
    assert router.db_for_write(Source) == "default"


def test_allow_migrate__only_on_the_primary_and_relations_between_all():
    replica_router = ReplicaRouter()
    assert replica_router.allow_migrate("default", "claims") is True
    assert replica_router.allow_migrate("replica_1", "claims") is False
    assert replica_router.allow_relation(Source(), Group()) is True


def test_without_replicas__the_router_has_no_say_and_no_cookie_is_set():
    seen = []

    def view(request):
        seen.append(router.db_for_read(Source))
        seen.append(ReplicaRouter().db_for_read(Source))
        return HttpResponse("ok")

    response = serve(RequestFactory().post("/claims/new/"), view)
    assert seen == ["default", None]
    assert PIN_COOKIE not in response.cookies


def test_replica_settings__one_alias_per_url_each_mirroring_the_test_database(monkeypatch):
    monkeypatch.setenv(
        "DATABASE_REPLICA_URLS", "postgres://reader@replica-a:5432/tracker, postgres://reader@replica-b/tracker"
    )
    replicas = replica_settings()
    assert list(replicas) == ["replica_1", "replica_2"]
    assert [replicas[alias]["HOST"] for alias in replicas] == ["replica-a", "replica-b"]
    assert all(config["TEST"] == {"MIRROR": "default"} for config in replicas.values())
    assert all(config["OPTIONS"]["connect_timeout"] == 2 for config in replicas.values())


def test_replica_settings__none_without_the_variable_and_only_postgresql(monkeypatch):
    monkeypatch.delenv("DATABASE_REPLICA_URLS", raising=False)
    assert replica_settings() == {}
    monkeypatch.setenv("DATABASE_REPLICA_URLS", "mysql://reader@replica-a/tracker")
    with pytest.raises(RuntimeError, match="DATABASE_REPLICA_URLS must point at PostgreSQL"):
        replica_settings()


# Run in a process of its own with the production settings, a replica that is the test database itself: the
# site's whole middleware stack, and the queries counted on each connection.
SITE = """
import json
import django
django.setup()
from django.conf import settings
from django.db import connections
from django.test import Client, override_settings
from django.test.utils import CaptureQueriesContext

# No collectstatic here: name the static files as they are.
static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
override_settings(STORAGES={**settings.STORAGES, "staticfiles": static}).enable()

def queries(client, method, path):
    with CaptureQueriesContext(connections["default"]) as primary:
        with CaptureQueriesContext(connections["replica_1"]) as replica:
            response = getattr(client, method)(path, secure=True)
    return {"status": response.status_code, "primary": len(primary), "replica": len(replica),
            "cookie": response.cookies["tracker_primary"].output() if "tracker_primary" in response.cookies else None}

client = Client()
steps = [queries(client, "get", "/sources/"), queries(client, "post", "/accounts/logout/")]
steps.append(queries(client, "get", "/"))  # where the logout redirects, with the pin cookie
steps.append(queries(Client(), "get", "/"))  # another browser, no cookie
print(json.dumps(steps))
"""


def test_site_with_a_replica__reads_there_until_a_write_then_from_the_primary(django_db_setup):
    import json

    from django.db import connection

    database = connection.settings_dict  # the test database, embedded server or not
    url = f"postgres://{database['USER']}@{quote(database['HOST'], safe='')}"
    url += f":{database['PORT']}" if database["PORT"] else ""
    url += f"/{database['NAME']}"
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_"))}
    result = subprocess.run(
        [sys.executable, "-c", SITE],
        cwd=ROOT,
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "tracker.settings.production",
            "DJANGO_SECRET_KEY": "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "testserver",
            "DATABASE_URL": url,
            "DATABASE_REPLICA_URLS": url,
        },
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-3000:]
    sources, logout, redirected, other_browser = json.loads(result.stdout.strip().splitlines()[-1])

    assert sources["status"] == 200
    assert sources["replica"] > 0 and sources["primary"] == 0, sources
    assert sources["cookie"] is None
    assert logout["status"] == 302
    assert logout["replica"] == 0, logout
    assert "Max-Age=10" in logout["cookie"]
    assert all(flag in logout["cookie"] for flag in ("HttpOnly", "SameSite=Lax", "Secure")), logout["cookie"]
    assert redirected["status"] == 200
    assert redirected["primary"] > 0 and redirected["replica"] == 0, redirected
    assert other_browser["replica"] > 0 and other_browser["primary"] == 0, other_browser
