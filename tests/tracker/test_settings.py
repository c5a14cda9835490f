import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_check(env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {key: value for key, value in os.environ.items() if not key.startswith(("DJANGO_", "DATABASE_URL"))}
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--settings=tracker.settings.production"],
        cwd=ROOT,
        env={**clean, **env},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({}, "Set DJANGO_SECRET_KEY"),
        ({"DJANGO_SECRET_KEY": "x" * 50}, "Set DJANGO_ALLOWED_HOSTS"),
        ({"DJANGO_SECRET_KEY": "x" * 50, "DJANGO_ALLOWED_HOSTS": "tracker.example.org"}, "DATABASE_URL is not set"),
    ],
)
def test_production_settings__refuse_to_start_without_their_environment(env, message):
    result = run_check(env)
    assert result.returncode != 0
    assert message in result.stderr


def test_production_settings__start_with_their_environment():
    from urllib.parse import quote

    from django.db import connection

    database = connection.settings_dict  # the server this test run uses, embedded or not
    host = quote(database["HOST"], safe="")
    port = f":{database['PORT']}" if database["PORT"] else ""
    result = run_check(
        {
            "DJANGO_SECRET_KEY": "x" * 50,
            "DJANGO_ALLOWED_HOSTS": "tracker.example.org",
            "DATABASE_URL": f"postgres://{database['USER']}@{host}{port}/{database['NAME']}",
        }
    )
    assert result.returncode == 0, result.stderr
    assert "no issues" in result.stdout
