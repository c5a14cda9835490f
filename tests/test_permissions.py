"""Every URL of the site, found by walking the URL configuration: write views refuse readers.

Two kinds of write view: pages (PermissionRequiredMixin), which send a reader to sign in, and API endpoints
(Django REST framework), which answer an anonymous write with 401 and a non-editor's with 403.
"""

import pytest
from django.apps import apps
from django.contrib.auth.mixins import AccessMixin
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern

from claims.models import Claim, Commentator, Evidence, Resolution, Topic
from sources.models import Report, Source
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SKIPPED_NAMESPACES = {"admin"}  # Django's admin has its own permission checks
AUTH_VIEWS = {"login", "logout", "password_change", "password_change_done", "password_reset",
              "password_reset_done", "password_reset_confirm", "password_reset_complete"}  # fmt: skip


def site_urls(patterns=None, namespace=""):
    """Yield (full name, pattern) for every named URL outside the admin."""
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace in SKIPPED_NAMESPACES:
                continue
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from site_urls(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}", pattern


WRITE_METHODS = {"post", "put", "patch", "delete"}


# Writes any signed-in reader may make (disputing a resolution); every other write is for editors.
READER_WRITE_URLS = {"claims:dispute_raise"}


def is_write_view(pattern: URLPattern) -> bool:
    """A page that changes the record: it demands a signed-in user (LoginRequired- or PermissionRequiredMixin)."""
    view_class = getattr(pattern.callback, "view_class", None)
    return view_class is not None and issubclass(view_class, AccessMixin)


def api_write_methods(pattern: URLPattern) -> set[str]:
    """Return the write methods an API view (Django REST framework) answers; empty for any other view."""
    api_class = getattr(pattern.callback, "cls", None)
    if api_class is None:
        return set()
    actions = getattr(pattern.callback, "actions", None)  # a viewset maps methods to actions
    methods = (
        set(actions) if actions else {method for method in api_class.http_method_names if hasattr(api_class, method)}
    )
    return methods & WRITE_METHODS


def concrete_url(name: str, pattern: URLPattern) -> str:
    """Fill the URL's parameters with rows of the demo record."""
    if isinstance(pattern.pattern, RegexPattern):
        keys = set(pattern.pattern.regex.groupindex)
    else:
        keys = set(pattern.pattern.converters)
    route = str(pattern.pattern).lstrip("^")
    kwargs = {}
    if "sequence" in keys:  # a ledger entry's number
        kwargs["sequence"] = 1
    if "slug" in keys:
        model = Source if "sources/" in route else Commentator if "commentators/" in route else Topic
        kwargs["slug"] = model.objects.order_by("pk").first().slug
    for key in keys & {"pk", "id"}:
        models = {"reports/": Report, "evidence/": Evidence, "resolutions/": Resolution}
        model = next((model for prefix, model in models.items() if route.startswith(prefix)), Claim)
        rows = model.objects.order_by("pk")
        if "claimreview" in route:
            rows = rows.exclude(outcome="")  # an unresolved claim has no review
        kwargs[key] = rows.first().pk
    return reverse(name, kwargs=kwargs)


def record_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def demo(db):
    call_command("load_demo")


def test_the_site_has_write_urls_to_check(demo):
    names = {name for name, pattern in site_urls() if is_write_view(pattern)}
    assert {"claims:claim_create", "claims:evidence_attach", "claims:claim_resolve", "sources:report_create"} <= names
    api = {name for name, pattern in site_urls() if api_write_methods(pattern)}
    assert {"api:claim-list", "api:claim-detail", "api:resolution-list", "api:evidence-detail"} <= api


@pytest.mark.parametrize("method", ["get", "post"])
def test_write_urls__send_anonymous_readers_to_sign_in_and_write_nothing(client, demo, method):
    before = record_counts()
    for name, pattern in site_urls():
        if not is_write_view(pattern):
            continue
        url = concrete_url(name, pattern)
        response = getattr(client, method)(url, {"stance": "supports", "outcome": "true", "name": "x"})
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login") + "?next="), url
    assert record_counts() == before


@pytest.mark.parametrize("method", ["get", "post"])
def test_write_urls__refuse_signed_in_users_who_are_not_editors(client, demo, method):
    client.force_login(UserFactory(username="reader"))
    before = record_counts()
    for name, pattern in site_urls():
        if is_write_view(pattern) and name not in READER_WRITE_URLS:
            response = getattr(client, method)(concrete_url(name, pattern), {"stance": "supports", "name": "x"})
            assert response.status_code == 403, name
    assert record_counts() == before


def test_read_urls__answer_anonymous_readers_and_a_post_writes_nothing(client, demo):
    before = record_counts()
    for name, pattern in site_urls():
        if is_write_view(pattern) or name in AUTH_VIEWS or "password" in name:
            continue
        url = concrete_url(name, pattern)
        assert client.get(url).status_code == 200, url
        if api_write_methods(pattern):
            continue  # tested below
        # An API endpoint checks who asks before the method, so a read-only one may answer 401.
        refusals = {200, 405, 401} if hasattr(pattern.callback, "cls") else {200, 405}
        assert client.post(url, {"name": "x", "stance": "supports"}).status_code in refusals, url
    assert record_counts() == before


API_BODY = {"name": "x", "stance": "supports", "outcome": "true", "rationale": "x", "statement": "x"}


def test_api_write_urls__refuse_anonymous_writers_with_401_and_write_nothing(client, demo):
    before = record_counts()
    for name, pattern in site_urls():
        for method in api_write_methods(pattern):
            url = concrete_url(name, pattern)
            response = getattr(client, method)(url, API_BODY, content_type="application/json")
            assert response.status_code == 401, (method, url)
    assert record_counts() == before


def test_api_write_urls__refuse_users_who_are_not_editors_with_403(client, demo):
    client.force_login(UserFactory(username="reader"))
    before = record_counts()
    for name, pattern in site_urls():
        for method in api_write_methods(pattern):
            url = concrete_url(name, pattern)
            response = getattr(client, method)(url, API_BODY, content_type="application/json")
            assert response.status_code == 403, (method, url)
    assert record_counts() == before
