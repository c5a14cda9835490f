"""Load test: many concurrent clients against gunicorn on 127.0.0.1, a mix of pages and some writes.

Usage (from the repository root, with the virtual environment's Python):
    .venv/bin/python scripts/loadtest.py [--clients 64] [--seconds 60] [--database-url URL] [--workers 4]

It creates (or reuses) the database named in --database-url (default: tracker_load on the machine's
PostgreSQL), migrates it, loads the demo record when it is empty, makes an editor account for the writing
clients, starts gunicorn, runs the clients, stops gunicorn and prints requests per second, p50/p99 latency
and errors, overall and per kind of request. Each client keeps one HTTP connection and signs in once;
one client in eight is an editor who attaches evidence to a claim (a write through the site's form).
"""

import argparse
import http.client
import json
import os
import random
import re
import statistics
import subprocess
import sys
import threading
import time
import urllib.parse
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
EDITOR = ("load-editor", "a-long-load-test-password")
CSRF_INPUT = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def run(*args: str, env: dict) -> str:
    return subprocess.run(args, cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout


def prepare(env: dict) -> dict:
    """Migrate, load the demo record, create the editor; return ids the clients use."""
    run(PYTHON, "manage.py", "migrate", "--no-input", "-v0", env=env)
    run(PYTHON, "manage.py", "load_demo", "--if-empty", env=env)
    script = (
        "from django.contrib.auth import get_user_model; from claims.roles import ensure_editors_group;"
        "from claims.models import Claim, Commentator; from sources.models import Report; import json;"
        f"user, _ = get_user_model().objects.get_or_create(username={EDITOR[0]!r});"
        f"user.set_password({EDITOR[1]!r}); user.save(); user.groups.add(ensure_editors_group());"
        "print(json.dumps({'claims': list(Claim.objects.values_list('pk', flat=True)),"
        "'commentators': list(Commentator.objects.values_list('slug', flat=True)),"
        "'reports': list(Report.objects.values_list('pk', flat=True))}))"
    )
    return json.loads(run(PYTHON, "manage.py", "shell", "-c", script, env=env).strip().splitlines()[-1])


class Client:
    def __init__(self, port: int) -> None:
        self.port = port
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt:
                    raise
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text

    def sign_in(self) -> None:
        _, page = self.request("GET", "/accounts/login/")
        token = CSRF_INPUT.search(page).group(1)
        status, _ = self.request(
            "POST", "/accounts/login/", {"csrfmiddlewaretoken": token, "username": EDITOR[0], "password": EDITOR[1]}
        )
        if status != 302:
            raise RuntimeError(f"The load-test editor could not sign in ({status}).")


def reader_requests(ids: dict) -> list[tuple[str, str]]:
    claim = random.choice(ids["claims"])
    commentator = random.choice(ids["commentators"])
    return random.choice(
        [
            [("home", "/")],
            [("claim list", "/claims/")],
            [("claim list filtered", "/claims/?status=resolved&sort=-made")],
            [("search", "/claims/?q=sanctions")],
            [("claim", f"/claims/{claim}/")],
            [("commentator", f"/commentators/{commentator}/")],
            [("leaderboard", "/leaderboard/")],
            [("scorecard json", f"/commentators/{commentator}/scorecard.json")],
            [("feed", "/feeds/claims/")],
            [("report", f"/reports/{random.choice(ids['reports'])}/")],
        ]
    )


def client_loop(port: int, ids: dict, editor: bool, deadline: float, results: list, lock: threading.Lock) -> None:
    client = Client(port)
    local: list[tuple[str, int, float]] = []
    try:
        if editor:
            client.sign_in()
        while time.monotonic() < deadline:
            if editor and random.random() < 0.3:
                claim = random.choice(ids["claims"])
                started = time.perf_counter()
                status, page = client.request("GET", f"/claims/{claim}/evidence/")
                token = CSRF_INPUT.search(page).group(1) if status == 200 else ""
                status, _ = client.request(
                    "POST",
                    f"/claims/{claim}/evidence/",
                    {"csrfmiddlewaretoken": token, "report": str(random.choice(ids["reports"])), "stance": "context"},
                )
                # 302: attached; 200: the form refused a duplicate link, which is a correct answer, not an error.
                local.append(
                    (
                        "attach evidence (write)",
                        status if status in (200, 302) else status,
                        time.perf_counter() - started,
                    )
                )
                continue
            for kind, path in reader_requests(ids):
                started = time.perf_counter()
                status, _ = client.request("GET", path)
                local.append((kind, status, time.perf_counter() - started))
    except Exception as error:  # noqa: BLE001 - counted as an error, the run goes on
        local.append((f"client failure: {type(error).__name__}", 0, 0.0))
    with lock:
        results.extend(local)


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--clients", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--database-url", default="postgres://postgres@127.0.0.1:5432/tracker_load")
    options = parser.parse_args()

    database = urllib.parse.urlparse(options.database_url)
    subprocess.run(
        ["createdb", "-h", database.hostname or "127.0.0.1", "-U", database.username or "postgres", database.path[1:]],
        capture_output=True,
    )  # an existing database is fine
    env = {
        **os.environ,
        "DATABASE_URL": options.database_url,
        "DJANGO_SETTINGS_MODULE": "tracker.settings.local",
        "DJANGO_DEBUG": "0",
    }
    ids = prepare(env)
    server = subprocess.Popen(
        [PYTHON, "-m", "gunicorn", "tracker.wsgi", "--bind", f"127.0.0.1:{options.port}",
         "--workers", str(options.workers), "--worker-class", "gthread", "--threads", "8", "--log-level", "warning"],
        cwd=ROOT, env={**env, "DJANGO_SETTINGS_MODULE": "tracker.settings.local"},
    )  # fmt: skip
    try:
        for _ in range(100):
            try:
                http.client.HTTPConnection("127.0.0.1", options.port, timeout=1).request("GET", "/")
                break
            except OSError:
                time.sleep(0.2)
        results: list[tuple[str, int, float]] = []
        lock = threading.Lock()
        started = time.monotonic()
        deadline = started + options.seconds
        threads = [
            threading.Thread(target=client_loop, args=(options.port, ids, number % 8 == 0, deadline, results, lock))
            for number in range(options.clients)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.monotonic() - started
    finally:
        server.terminate()
        server.wait(timeout=30)

    by_kind: dict[str, list[tuple[int, float]]] = defaultdict(list)
    for kind, status, seconds in results:
        by_kind[kind].append((status, seconds))
    errors = sum(1 for _, status, _ in results if status >= 500 or status == 0)
    latencies = [seconds for _, _, seconds in results if seconds]
    print(f"{options.clients} clients for {elapsed:.0f} s against gunicorn ({options.workers} workers x 8 threads)")
    print(f"requests: {len(results)}, {len(results) / elapsed:.1f} per second; errors (5xx or failed): {errors}")
    print(f"latency p50 {statistics.median(latencies) * 1000:.0f} ms, p99 {percentile(latencies, 0.99) * 1000:.0f} ms")
    print()
    print(f"{'request':28} {'count':>7} {'p50 ms':>8} {'p99 ms':>8} {'errors':>7}")
    for kind, rows in sorted(by_kind.items()):
        times = [seconds for _, seconds in rows if seconds]
        kind_errors = sum(1 for status, _ in rows if status >= 500 or status == 0)
        p50 = statistics.median(times) * 1000 if times else 0
        p99 = percentile(times, 0.99) * 1000 if times else 0
        print(f"{kind:28} {len(rows):7d} {p50:8.0f} {p99:8.0f} {kind_errors:7d}")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
