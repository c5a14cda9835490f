"""The gunicorn worker that serves Tracker: a write never waits for a thread behind the reads.

gunicorn's threaded worker hands every request to one pool of threads, first come first served. Under a read
load every thread is busy and a queue of reads waits for the next one; an editor's POST joined the end of that
queue, then held the record's lock (tracker.locks) while it ran, so the writes behind it waited on both.

This worker keeps a second pool, of as many threads, for writes: before a request is handed to a thread, the
first bytes waiting on its connection are read without taking them off (MSG_PEEK), and a POST, PUT, PATCH or
DELETE goes to the writes' pool. Writes are few, so that pool is almost always free. Everything else goes to the
reads' pool, as in gunicorn's own worker: other methods, a connection on which nothing has arrived yet, and
HTTPS served by gunicorn itself, whose bytes cannot be read before the handshake (behind nginx, gunicorn speaks
plain HTTP).

Two more things keep a write quick under read load. A worker runs Python one thread at a time, and a write that
waits for the interpreter after each of its queries waits longer the more reads share its worker: so a worker has
few threads (gunicorn.conf.py). And the reads' threads run at a lower CPU priority than the writes' (nice
READ_NICENESS, on Linux), so that on a machine whose cores are all busy the kernel runs a write first: a write runs
while it holds the record's lock, and every other write waits for that lock.

gunicorn.conf.py selects it; docs/deployment.md says why, with the measurements (scripts/write_latency.py).
"""

import contextlib
import os
import selectors
import socket
import sys
import threading
import time
from concurrent import futures
from functools import partial

from gunicorn.workers.gthread import ThreadWorker

# The methods that change something; a request line starts with its method and a space.
WRITE_METHODS = (b"POST ", b"PUT ", b"PATCH ", b"DELETE ")
PEEK_BYTES = max(len(method) for method in WRITE_METHODS)
# The reads' threads' CPU priority, below the writes' 0 (nice values: 19 is the lowest).
READ_NICENESS = 10


def is_write(head: bytes) -> bool:
    """Say whether a request whose first bytes are these is a write."""
    return head.startswith(WRITE_METHODS)


def undecided(head: bytes) -> bool:
    """Say whether these first bytes of a request could still start a write or a read (too few to tell)."""
    return len(head) < PEEK_BYTES and any(method.startswith(head) for method in WRITE_METHODS)


def waiting_bytes(conn) -> bytes:
    """Return the first bytes of the next request on a connection, without consuming them (b"" if none yet)."""
    if conn.cfg.is_ssl or conn.is_http2:
        return b""
    buffered = conn.parser.unreader.buf.getvalue()[:PEEK_BYTES] if conn.parser is not None else b""
    if len(buffered) >= PEEK_BYTES:
        return buffered
    try:
        return buffered + conn.sock.recv(PEEK_BYTES - len(buffered), socket.MSG_PEEK | socket.MSG_DONTWAIT)
    except OSError:  # nothing arrived yet (EAGAIN), or the client is gone: the reads' pool finds out
        return buffered


def lower_priority() -> None:
    """Give the calling thread READ_NICENESS (on Linux, where a thread has a priority of its own)."""
    if sys.platform == "linux":
        with contextlib.suppress(OSError):  # else the thread keeps the worker's priority
            os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), READ_NICENESS)


class WritePoolWorker(ThreadWorker):
    """gunicorn's gthread worker with a pool of `threads` threads for reads and as many again for writes."""

    def init_process(self):
        self.write_pool = futures.ThreadPoolExecutor(max_workers=self.cfg.threads, thread_name_prefix="write")
        super().init_process()

    def get_thread_pool(self):
        return futures.ThreadPoolExecutor(
            max_workers=self.cfg.threads, thread_name_prefix="read", initializer=lower_priority
        )

    def enqueue_req(self, conn):
        head = waiting_bytes(conn)
        if not conn.data_ready and self.alive and undecided(head):
            # Accepted before its request line arrived (a busy machine): wait on the poller, with no thread, and
            # choose the pool when the first bytes are there; handed to the reads' pool at once, a write would
            # queue behind them. Once readable (data_ready) it is decided, whatever arrived.
            conn.sock.setblocking(False)
            conn.timeout = time.monotonic() + self.cfg.keepalive
            self.pending_conns.append(conn)
            self.poller.register(conn.sock, selectors.EVENT_READ, partial(self.on_pending_socket_readable, conn))
            return
        pool = self.write_pool if is_write(head) else self.tpool
        future = pool.submit(self.handle, conn)
        future.add_done_callback(lambda done: self.method_queue.defer(self.finish_request, conn, done))

    def handle_quit(self, sig, frame):
        self.write_pool.shutdown(wait=False)
        super().handle_quit(sig, frame)

    def run(self):
        try:
            super().run()
        finally:
            self.write_pool.shutdown(wait=False)
