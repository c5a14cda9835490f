"""Bound every wait for the database while a request is served, so that a frozen server costs a 503, not a hang.

PostgreSQL's statement_timeout cancels a slow statement on the server and keeps the connection. A server that
does not run at all (a frozen process, a machine that is gone, a network that drops everything) cancels nothing,
and libpq waits for its answer for ever: connect_timeout covers only a new connection; TCP keepalives and
tcp_user_timeout only a peer whose kernel stops answering (the kernel of a frozen server still acknowledges
every packet), and never a Unix socket; a cancel request is itself a connection the server never answers, and
psycopg2 sends it holding the interpreter's lock. What ends the wait is shutting down the connection's socket:
libpq's blocked read returns at once. So a watchdog thread does that to any call that has waited longer than
the statement timeout and a grace second, the call raises DatabaseTimeout, Django drops the connection, the
error page answers 503 (tracker.errors) and the next request connects anew.

Only calls made while a request is served are bounded, on the server and here: migrate, import_csv and
generate_data run statements that rightly take minutes.
"""

import os
import socket
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field

import psycopg2
import psycopg2.extensions
from django.core.signals import request_finished, request_started

# Past the statement timeout, the time a live server has to deliver its own cancellation before the socket is cut.
GRACE_SECONDS = 1.0
# How often the watchdog looks at the calls in flight while there are any.
TICK_SECONDS = 0.2


class DatabaseTimeout(psycopg2.OperationalError):
    """The database did not answer in time, and the connection to it was closed."""


serving = threading.local()


def serving_request() -> bool:
    """Say whether this thread is serving a request (from request_started to request_finished)."""
    return getattr(serving, "request", False)


def request_begins(**kwargs) -> None:
    serving.request = True


def request_ends(**kwargs) -> None:
    serving.request = False


# Django's own receivers (close_old_connections) were connected first, when django.db was imported: the health
# check they may run as a request starts is unbounded, but it runs only after an error outside any request.
request_started.connect(request_begins, dispatch_uid="tracker.database_timeouts.request_begins")
request_finished.connect(request_ends, dispatch_uid="tracker.database_timeouts.request_ends")


@dataclass(eq=False)
class Call:
    """One wait for the database: the socket it waits on and when it is cut."""

    descriptor: int
    deadline: float
    cut: bool = field(default=False)


class Watchdog:
    """One thread a process, started at the first bounded call, that cuts the calls past their deadline."""

    def __init__(self) -> None:
        self.reset()
        # A forked child (a gunicorn worker) has none of its parent's threads, and maybe a lock taken mid-call.
        os.register_at_fork(after_in_child=self.reset)

    def reset(self) -> None:
        self.condition = threading.Condition()
        self.calls: set[Call] = set()
        self.thread: threading.Thread | None = None
        self.idle = False

    def arm(self, descriptor: int, seconds: float) -> Call:
        call = Call(descriptor=descriptor, deadline=time.monotonic() + seconds)
        with self.condition:
            self.calls.add(call)
            if self.thread is None:
                self.thread = threading.Thread(target=self.watch, name="tracker-database-watchdog", daemon=True)
                self.thread.start()
            elif self.idle:
                self.condition.notify()
        return call

    def disarm(self, call: Call) -> bool:
        """End the call's wait; return whether it was cut."""
        with self.condition:
            self.calls.discard(call)
            return call.cut

    def watch(self) -> None:
        with self.condition:
            while True:
                self.idle = not self.calls
                self.condition.wait(None if self.idle else TICK_SECONDS)
                now = time.monotonic()
                for call in [call for call in self.calls if call.deadline <= now]:
                    # Under the lock, so the call is still blocked in libpq and its descriptor still libpq's.
                    self.calls.discard(call)
                    call.cut = True
                    shut_down(call.descriptor)


def shut_down(descriptor: int) -> None:
    """Shut down the socket behind descriptor, in both directions, leaving the descriptor itself to libpq."""
    try:
        with socket.socket(fileno=os.dup(descriptor)) as duplicate:
            duplicate.shutdown(socket.SHUT_RDWR)
    except OSError:
        pass  # already closed by the other side


watchdog = Watchdog()


class BoundedConnection(psycopg2.extensions.connection):
    """A psycopg2 connection whose waits are bounded while a request is served (DATABASES OPTIONS).

    statement_timeout is in seconds; 0 bounds nothing.
    """

    def __init__(self, dsn: str, *args, statement_timeout: float = 0, **kwargs) -> None:
        super().__init__(dsn, *args, **kwargs)
        self.statement_timeout = statement_timeout
        # The statement_timeout the session has: 0 for the server's default, None when a rollback may have undone
        # the SET that changed it, which it can only if that SET ran inside the transaction being rolled back.
        self.session_timeout: float | None = 0
        self.session_timeout_set_in_transaction = False

    @contextmanager
    def bounded(self, *, statement: bool = True):
        """Bound the wait of the call made inside, first giving the session the statement timeout it needs."""
        timeout = self.statement_timeout if serving_request() else 0
        if not timeout or self.closed:
            if statement:
                self.set_session_timeout(timeout)
            yield
            return
        call = watchdog.arm(self.fileno(), timeout + GRACE_SECONDS)
        try:
            if statement:
                self.set_session_timeout(timeout)
            yield
        except psycopg2.Error as error:
            if watchdog.disarm(call):
                raise DatabaseTimeout(
                    f"The database did not answer within {timeout + GRACE_SECONDS:g} seconds, so the connection "
                    "to it was closed."
                ) from error
            raise
        finally:
            # Before anything else can close the connection: the watchdog must never cut a descriptor reused since.
            watchdog.disarm(call)

    def set_session_timeout(self, timeout: float) -> None:
        """Give the session this statement timeout (0: the server's default) unless it has it already."""
        if self.session_timeout == timeout or self.closed:
            return
        if self.get_transaction_status() == psycopg2.extensions.TRANSACTION_STATUS_INERROR:
            return  # nothing runs until the rollback, which would undo the SET anyway
        value = f"{round(timeout * 1000)}" if timeout else "DEFAULT"
        if not self.autocommit or self.get_transaction_status() != psycopg2.extensions.TRANSACTION_STATUS_IDLE:
            self.session_timeout_set_in_transaction = True
        # A plain cursor: a BoundedCursor's execute would come back here.
        with psycopg2.extensions.cursor(self) as cursor:
            cursor.execute(f"SET statement_timeout TO {value}")
        self.session_timeout = timeout

    def rolling_back(self) -> None:
        """Note that a rollback (of the transaction, or to a savepoint) may undo a SET made in the transaction."""
        if self.session_timeout_set_in_transaction:
            self.session_timeout = None

    def commit(self) -> None:
        with self.bounded(statement=False):
            super().commit()
        self.session_timeout_set_in_transaction = False

    def rollback(self) -> None:
        self.rolling_back()
        self.session_timeout_set_in_transaction = False
        with self.bounded(statement=False):
            super().rollback()


class BoundedCursor(psycopg2.extensions.cursor):
    """A cursor whose every round trip to the server goes through its connection's bound.

    A named (server-side) cursor also sends a FETCH to read rows, and a CLOSE.
    """

    def execute(self, query, vars=None):
        if isinstance(query, str) and query.lstrip()[:8].upper() == "ROLLBACK":
            self.connection.rolling_back()  # Django's ROLLBACK TO SAVEPOINT
        with self.connection.bounded():
            return super().execute(query, vars)

    def executemany(self, query, vars_list):
        with self.connection.bounded():
            return super().executemany(query, vars_list)

    def callproc(self, procname, parameters=None):
        with self.connection.bounded():
            return super().callproc(procname, parameters)

    def copy_expert(self, sql, file, size=8192):
        with self.connection.bounded():
            return super().copy_expert(sql, file, size)

    def copy_from(self, file, table, *args, **kwargs):
        with self.connection.bounded():
            return super().copy_from(file, table, *args, **kwargs)

    def copy_to(self, file, table, *args, **kwargs):
        with self.connection.bounded():
            return super().copy_to(file, table, *args, **kwargs)

    def fetchone(self):
        if self.name is None:
            return super().fetchone()
        with self.connection.bounded():
            return super().fetchone()

    def fetchmany(self, size=None):
        if self.name is None:
            return super().fetchmany(self.arraysize if size is None else size)
        with self.connection.bounded():
            return super().fetchmany(self.arraysize if size is None else size)

    def fetchall(self):
        if self.name is None:
            return super().fetchall()
        with self.connection.bounded():
            return super().fetchall()

    def scroll(self, value, mode="relative"):
        if self.name is None:
            return super().scroll(value, mode)
        with self.connection.bounded():
            return super().scroll(value, mode)

    def __next__(self):
        if self.name is None:
            return super().__next__()
        with self.connection.bounded():
            return super().__next__()

    def close(self):
        if self.name is None or self.closed or self.connection.closed:
            return super().close()
        with self.connection.bounded():
            return super().close()
