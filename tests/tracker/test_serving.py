"""The gunicorn worker (tracker.serving): a write gets a thread of its own even while every read thread is busy."""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from types import SimpleNamespace

import pytest

from tracker.serving import READ_NICENESS, is_write, lower_priority, waiting_bytes

ROOT = Path(__file__).resolve().parents[2]

# A WSGI application whose reads wait until a write has been served (or 30 s have passed).
APPLICATION = """
import os
import threading

written = threading.Event()


def application(environ, start_response):
    if environ["REQUEST_METHOD"] == "GET":
        open(os.environ["READING_FILE"], "w").close()
        body = b"released by the write" if written.wait(30) else b"no write came"
    else:
        written.set()
        body = b"written"
    start_response("200 OK", [("Content-Type", "text/plain"), ("Content-Length", str(len(body)))])
    return [body]
"""


@pytest.mark.parametrize(
    ("head", "write"),
    [
        (b"POST /claims/1/edit/ HTTP/1.1", True),
        (b"PUT /api/", True),
        (b"PATCH /a", True),
        (b"DELETE /", True),
        (b"GET / HTTP/1.1", False),
        (b"HEAD /", False),
        (b"OPTIONS ", False),
        (b"PRI * HT", False),  # HTTP/2's preface stays in gunicorn's own pool
        (b"POS", False),  # too little has arrived to say: the reads' pool reads the rest
        (b"", False),
        (b"POSTAL /", False),
    ],
)
def test_is_write__by_the_method_that_starts_the_request(head, write):
    assert is_write(head) is write


def test_waiting_bytes__reads_the_method_without_taking_it_off_the_connection():
    server, client = socket.socketpair()
    with server, client:
        connection = SimpleNamespace(cfg=SimpleNamespace(is_ssl=False), is_http2=False, parser=None, sock=server)
        assert waiting_bytes(connection) == b""  # nothing sent yet
        client.sendall(b"POST /claims/1/edit/ HTTP/1.1\r\n\r\n")
        assert waiting_bytes(connection) == b"POST /c"  # as much as the longest write method
        assert server.recv(100) == b"POST /claims/1/edit/ HTTP/1.1\r\n\r\n"


@pytest.mark.skipif(sys.platform != "linux", reason="a thread has a priority of its own on Linux")
def test_lower_priority__lowers_the_calling_thread_only():
    before = os.getpriority(os.PRIO_PROCESS, 0)
    seen = {}

    def read_thread():
        lower_priority()
        seen["read"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    thread = threading.Thread(target=read_thread)
    thread.start()
    thread.join()
    assert seen["read"] == min(19, before + READ_NICENESS)
    assert os.getpriority(os.PRIO_PROCESS, threading.get_native_id()) == before


def request(port: int, method: str) -> str:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    connection.request(method, "/", body=b"" if method == "POST" else None)
    return connection.getresponse().read().decode()


def test_write_pool_worker__serves_a_write_while_its_only_read_thread_is_busy(tmp_path):
    (tmp_path / "waiting_app.py").write_text(APPLICATION)
    reading = tmp_path / "reading"
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(ROOT)]), "READING_FILE": str(reading)}
    server = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "waiting_app:application", "--bind", f"127.0.0.1:{port}", "--workers", "1",
         "--threads", "1", "--worker-class", "tracker.serving.WritePoolWorker"],
        cwd=tmp_path, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        answers = {}
        for _ in range(300):  # gunicorn starting
            with socket.socket() as probe:
                if probe.connect_ex(("127.0.0.1", port)) == 0:
                    break
            time.sleep(0.1)
        reader = threading.Thread(target=lambda: answers.setdefault("read", request(port, "GET")))
        reader.start()
        for _ in range(300):  # until the read holds the only read thread
            if reading.exists():
                break
            time.sleep(0.1)
        assert reading.exists(), server.stderr.read1().decode() if server.poll() is not None else "no read arrived"
        assert request(port, "POST") == "written"
        reader.join(timeout=60)
        assert answers["read"] == "released by the write"
    finally:
        server.terminate()
        server.wait(timeout=30)
