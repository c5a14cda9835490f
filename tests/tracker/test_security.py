"""Security settings: the deploy check, the headers every page carries, and limited sign-in attempts."""

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.urls import reverse

from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


def test_check_deploy__reports_nothing_with_the_documented_environment():
    from django.db import connection

    database = connection.settings_dict
    port = f":{database['PORT']}" if database["PORT"] else ""
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")},
        "DJANGO_SECRET_KEY": "a-long-random-production-secret-" + "x" * 40,
        "DJANGO_ALLOWED_HOSTS": "tracker.example.org",
        "DATABASE_URL": f"postgres://{database['USER']}@{quote(database['HOST'], safe='')}{port}/{database['NAME']}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING",
         "--settings=tracker.settings.production"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_pages__carry_a_strict_content_security_policy_and_the_other_headers(client):
    response = client.get(reverse("claims:home"))
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if part.strip())
    assert policy["script-src"] == "'self'"
    assert "unsafe-inline" not in policy["script-src"] and "unsafe-eval" not in policy["script-src"]
    assert policy["frame-ancestors"] == "'none'" and policy["object-src"] == "'none'"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Content-Type-Options"] == "nosniff"


@pytest.mark.django_db
def test_sign_in__is_locked_at_the_fifth_failure_even_for_the_right_password(client, settings):
    settings.AXES_ENABLED = True
    UserFactory(username="target", password="the-right-long-password")
    url = reverse("login")
    for _ in range(4):
        response = client.post(url, {"username": "target", "password": "wrong"})
        assert response.status_code == 200  # the form, with its error
    assert client.post(url, {"username": "target", "password": "wrong"}).status_code == 429  # the fifth locks
    response = client.post(url, {"username": "target", "password": "the-right-long-password"})
    assert response.status_code == 429
    assert "Too many failed sign-ins" in response.content.decode()
    assert "_auth_user_id" not in client.session


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "203.0.113.9", "10.0.0.1"),  # no trusted proxy: the header is the client's own words
        (1, "203.0.113.9", "203.0.113.9"),  # one nginx appended the client's address
        (1, "198.51.100.66, 203.0.113.9", "203.0.113.9"),  # a forged entry to the left is ignored
        (2, "198.51.100.66, 203.0.113.9, 10.0.0.2", "203.0.113.9"),  # two proxies
        (2, "203.0.113.9", "10.0.0.1"),  # shorter than the chain: did not come through it
        (1, "not-an-address", "10.0.0.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_client_address__is_the_entry_the_first_trusted_proxy_wrote(rf, settings, proxies, forwarded, expected):
    from tracker.client_address import client_address

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_address(request) == expected


@pytest.mark.django_db
def test_sign_in_lock__behind_a_proxy_locks_the_attacker_not_the_user(client, settings):
    settings.AXES_ENABLED = True
    settings.TRUSTED_PROXY_COUNT = 1
    UserFactory(username="target", password="the-right-long-password")
    url = reverse("login")
    attacker = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "198.51.100.66"}
    user = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.9"}
    for _ in range(5):
        client.post(url, {"username": "target", "password": "wrong"}, **attacker)
    assert client.post(url, {"username": "target", "password": "wrong"}, **attacker).status_code == 429
    response = client.post(url, {"username": "target", "password": "the-right-long-password"}, **user)
    assert response.status_code == 302  # signed in: the lock is the attacker's address, not the proxy's
