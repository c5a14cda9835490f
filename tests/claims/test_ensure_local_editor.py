import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from claims.management.commands.ensure_local_editor import site_url


@pytest.mark.parametrize(
    ("address", "url"),
    [
        ("9000", "http://127.0.0.1:9000"),
        (":9000", "http://127.0.0.1:9000"),
        ("0.0.0.0:9000", "http://127.0.0.1:9000"),
        ("0:9000", "http://127.0.0.1:9000"),
        ("127.0.0.1:8001", "http://127.0.0.1:8001"),
        ("localhost:8002", "http://localhost:8002"),
        ("[::]:9000", "http://[::1]:9000"),
        ("[::1]:8003", "http://[::1]:8003"),
    ],
)
def test_site_url__reads_the_address_as_runserver_does(address, url):
    assert site_url(address) == url


@pytest.mark.django_db
def test_ensure_local_editor__prints_the_sign_in_address_tracker_address_serves_at(monkeypatch, capsys, settings):
    as_editor = f"as {settings.LOCAL_EDITOR_ACCOUNT['username']!r}"
    monkeypatch.setenv("TRACKER_ADDRESS", "0.0.0.0:9000")
    call_command("ensure_local_editor")
    assert f"Sign in at http://127.0.0.1:9000/accounts/login/ {as_editor}" in capsys.readouterr().out

    monkeypatch.delenv("TRACKER_ADDRESS")  # scripts/run's default
    call_command("ensure_local_editor")
    assert f"Sign in at http://127.0.0.1:8000/accounts/login/ {as_editor}" in capsys.readouterr().out


@pytest.mark.django_db
def test_ensure_local_editor__refuses_an_address_runserver_would_refuse_and_creates_no_account(monkeypatch):
    monkeypatch.setenv("TRACKER_ADDRESS", "127.0.0.1:http")
    with pytest.raises(CommandError, match="TRACKER_ADDRESS='127.0.0.1:http' is neither a port nor host:port"):
        call_command("ensure_local_editor")
    assert not get_user_model().objects.exists()
