"""Every URL of the site, found by walking the URL configuration: write views refuse readers."""

import pytest
from django.apps import apps
from django.contrib.auth.mixins import AccessMixin
from django.core.management import call_command
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from claims.models import Claim, Commentator, Topic
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


# Writes any signed-in reader may make (disputing a resolution); every other write is for editors.
READER_WRITE_URLS = {"claims:dispute_raise"}


def is_write_view(pattern: URLPattern) -> bool:
    """A page that changes the record: it demands a signed-in user (LoginRequired- or PermissionRequiredMixin)."""
    view_class = getattr(pattern.callback, "view_class", None)
    return view_class is not None and issubclass(view_class, AccessMixin)


def concrete_url(name: str, pattern: URLPattern) -> str:
    """Fill the URL's parameters with rows of the demo record."""
    keys = set(pattern.pattern.converters)
    route = str(pattern.pattern)
    kwargs = {}
    if "slug" in keys:
        model = Source if "sources/" in route else Commentator if "commentators/" in route else Topic
        kwargs["slug"] = model.objects.order_by("pk").first().slug
    if "pk" in keys:
        model = Report if route.startswith("reports/") else Claim
        kwargs["pk"] = model.objects.order_by("pk").first().pk
    return reverse(name, kwargs=kwargs)


def record_counts() -> dict[str, int]:
    return {model._meta.label: model.objects.count() for model in apps.get_models()}


@pytest.fixture
def demo(db):
    call_command("load_demo")


def test_the_site_has_write_urls_to_check(demo):
    names = {name for name, pattern in site_urls() if is_write_view(pattern)}
    assert {"claims:claim_create", "claims:evidence_attach", "claims:claim_resolve", "sources:report_create"} <= names


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
        assert client.post(url, {"name": "x", "stance": "supports"}).status_code in {200, 405}, url
    assert record_counts() == before
