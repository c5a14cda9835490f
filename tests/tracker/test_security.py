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
