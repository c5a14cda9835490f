"""Writes under read load: how long an editor's write takes alone, and while many readers load pages.

Usage (from the repository root, with the virtual environment's Python):
    .venv/bin/python scripts/write_latency.py [--editors 8] [--readers 64] [--seconds 30] [--claims 10000]
        [--database tracker_load_writes] [--gunicorn "ARGS"] [--json FILE]

It makes the database afresh (dropping one of that name), migrates it and fills it with `generate_data --claims N
--seed S --until 2026-11-28` (`load_demo` with --claims 0), creates the editors' accounts, collects the static
files into a temporary directory and starts gunicorn as docs/deployment.md says (production settings; the
serving options are those of gunicorn.conf.py, or --gunicorn's). Requests carry X-Forwarded-Proto: https, as
nginx sends it. Then two phases of --seconds each:

- alone: the editors, each signed in with its own account, one action after another without pause: edit a
  claim, attach a report to a claim as evidence, add a report, or resolve a claim; each through the real form
  (the form's page, then its POST with the CSRF token, then the page it redirects to);
- loaded: the same, while --readers clients (in a process of their own, so that they do not share the editors'
  interpreter) load a mix of the site's pages, one after another without pause.

For each phase it prints the editors' actions, the latency of the writes (the POSTs) and of whole actions
(p50/p95/p99), the readers' requests a second, the ratio of the loaded latencies to those alone, and where a
write's time went: waiting for a gunicorn thread (the client's time less gunicorn's own, from its access log),
and what the database's connections were doing, sampled from pg_stat_activity and pg_locks every 0.1 s (running,
waiting for the record's lock, between statements inside a transaction, ...). It exits 1 if any request failed
(a 5xx or no answer); a form that refuses its input (a duplicate link, a stale edit) is counted, not an error.
"""

import argparse
import contextlib
import http.client
import json
import math
import multiprocessing
import os
import random
import secrets
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

import psutil
import psycopg2

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
UNTIL = "2026-11-28"
PASSWORD = "a-long-write-latency-password"
SAMPLE_SECONDS = 0.1
READER_WARMUP_SECONDS = 3.0
ACCESS_LOG_FORMAT = "%(m)s %(U)s %(s)s %(D)s"
PAGE_TIMEOUT_SECONDS = 120


# The site, as a browser behind nginx sees it -----------------------------------------------------------------


class Browser:
    """One HTTP connection to gunicorn with a cookie jar, sending what nginx would add."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.origin = f"https://127.0.0.1:{port}"
        self.connection = self.connect()
        self.cookies: dict[str, str] = {}

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection("127.0.0.1", self.port, timeout=PAGE_TIMEOUT_SECONDS)

    def request(self, method: str, path: str, body: dict | None = None) -> tuple[int, str, str, float]:
        """Return the status, the body, the Location header and the seconds the request took."""
        headers = {"X-Forwarded-Proto": "https", "Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Origin"] = self.origin
            headers["Referer"] = self.origin + path
        started = time.perf_counter()
        for attempt in range(2):
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                text = response.read().decode("utf-8", "replace")
                break
            except (http.client.HTTPException, OSError):
                # The server closed a kept-alive connection: a browser opens another and sends again.
                self.connection.close()
                self.connection = self.connect()
                if attempt:
                    raise
        seconds = time.perf_counter() - started
        for header, value in response.getheaders():
            if header.lower() == "set-cookie":
                name, _, rest = value.partition("=")
                self.cookies[name] = rest.split(";", 1)[0]
        return response.status, text, response.getheader("Location") or "", seconds

    def sign_in(self, username: str) -> None:
        status, page, _, _ = self.request("GET", "/accounts/login/")
        form = find_form(page, "username")
        status, _, _, _ = self.request(
            "POST", "/accounts/login/", {**form.values(), "username": username, "password": PASSWORD}
        )
        if status != 302:
            raise RuntimeError(f"{username} could not sign in ({status}).")


@dataclass
class Form:
    """A form as a browser would submit it, with the choices its radio buttons, boxes and lists offer."""

    fields: dict[str, list[str]] = field(default_factory=dict)
    choices: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))

    def values(self) -> dict[str, list[str]]:
        return {name: list(values) for name, values in self.fields.items()}


class FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self.form: Form | None = None
        self.textarea: str | None = None
        self.select: str | None = None
        self.select_first: str | None = None
        self.select_chosen = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attributes = {name: value or "" for name, value in attrs}
        name = attributes.get("name")
        if tag == "form" and attributes.get("method", "").lower() == "post":
            self.form = Form()
            self.forms.append(self.form)
        elif self.form is None or "disabled" in attributes:
            return
        elif tag == "input" and name:
            kind = attributes.get("type", "text").lower()
            value = attributes.get("value", "on" if kind in ("checkbox", "radio") else "")
            if kind in ("checkbox", "radio"):
                self.form.choices[name].append(value)
                if "checked" in attributes:
                    self.form.fields.setdefault(name, []).append(value)
            elif kind not in ("submit", "button", "image", "reset", "file"):
                self.form.fields.setdefault(name, []).append(value)
        elif tag == "textarea" and name:
            self.textarea, self.text = name, []
        elif tag == "select" and name:
            self.select, self.select_first, self.select_chosen = name, None, False
        elif tag == "option" and self.select:
            value = attributes.get("value", "")
            self.form.choices[self.select].append(value)
            if self.select_first is None:
                self.select_first = value
            if "selected" in attributes:
                self.form.fields[self.select] = [value]
                self.select_chosen = True

    def handle_endtag(self, tag):
        if tag == "form":
            self.form = None
        elif tag == "textarea" and self.textarea and self.form is not None:
            self.form.fields[self.textarea] = ["".join(self.text).removeprefix("\n")]
            self.textarea = None
        elif tag == "select" and self.select and self.form is not None:
            if not self.select_chosen and self.select_first is not None:
                self.form.fields[self.select] = [self.select_first]
            self.select = None

    def handle_data(self, data):
        if self.textarea:
            self.text.append(data)


def find_form(page: str, field_name: str) -> Form:
    """Return the page's POST form that has the named field."""
    parser = FormParser()
    parser.feed(page)
    for form in parser.forms:
        if field_name in form.fields or field_name in form.choices:
            return form
    raise RuntimeError(f"No form with a {field_name!r} field on the page.")


# What editors and readers do ----------------------------------------------------------------------------------


@dataclass
class Outcome:
    kind: str
    status: int  # of the POST; 0 when the action failed before answering
    write_seconds: float  # the POST
    action_seconds: float  # the form's page, the POST and the page it redirects to
    failures: list[str]  # the action's requests that answered 5xx or not at all: "POST 503"


class Editor:
    """A signed-in editor doing one action after another through the site's forms."""

    ACTIONS = (("edit claim", 3), ("attach evidence", 3), ("add report", 2), ("resolve claim", 2))

    def __init__(self, port: int, number: int, ids: dict, seed: int) -> None:
        self.number = number
        self.ids = ids
        self.random = random.Random(seed * 1000 + number)
        self.browser = Browser(port)
        self.browser.sign_in(f"write-editor-{number}")
        self.count = 0

    def act(self) -> Outcome:
        kinds, weights = zip(*self.ACTIONS, strict=True)
        kind = self.random.choices(kinds, weights)[0]
        self.count += 1
        try:
            path, fill = getattr(self, kind.replace(" ", "_"))()
            status, page, _, page_seconds = self.browser.request("GET", path)
            if status != 200:
                return Outcome(kind, 0, 0.0, page_seconds, [f"GET {status}"])
            body = fill(page)
            status, _, location, write_seconds = self.browser.request("POST", path, body)
            seconds = page_seconds + write_seconds
            failures = [f"POST {status}"] if failed(status) else []
            if status == 302:
                after, _, _, after_seconds = self.browser.request("GET", urllib.parse.urlsplit(location).path)
                seconds += after_seconds
                failures += [f"GET {after}"] if failed(after) else []
            return Outcome(kind, 0 if failed(status) else status, write_seconds, seconds, failures)
        except Exception as error:  # noqa: BLE001 - counted as an error, the run goes on
            return Outcome(kind, 0, 0.0, 0.0, [type(error).__name__])

    def edit_claim(self):
        def fill(page: str) -> dict:
            values = find_form(page, "statement").values()
            statement = values["statement"][0]
            mark = " (checked)"
            values["statement"] = [statement.removesuffix(mark) if statement.endswith(mark) else statement + mark]
            return values

        return f"/claims/{self.random.choice(self.ids['claims'])}/edit/", fill

    def attach_evidence(self):
        def fill(page: str) -> dict:
            form = find_form(page, "stance")
            return {
                **form.values(),
                "report": str(self.random.choice(self.ids["reports"])),
                "stance": self.random.choice(form.choices["stance"]),
                "note": "Bears on the claim (write latency run).",
            }

        return f"/claims/{self.random.choice(self.ids['claims'])}/evidence/", fill

    def add_report(self):
        def fill(page: str) -> dict:
            form = find_form(page, "title")
            return {
                **form.values(),
                "source": self.random.choice([value for value in form.choices["source"] if value]),
                "title": f"Write latency report {self.number}-{self.count}",
                "published": f"2026-{self.random.randint(1, 11):02d}-{self.random.randint(1, 28):02d}",
                "url": f"https://example.org/write-latency/{self.ids['run']}/{self.number}/{self.count}",
                "summary": "A report added while measuring writes.",
            }

        return "/reports/new/", fill

    def resolve_claim(self):
        def fill(page: str) -> dict:
            form = find_form(page, "outcome")
            values = {
                **form.values(),
                "outcome": self.random.choice(["true", "false"]),
                "resolved_on": UNTIL,
                "rationale": "Judged on the cited evidence (write latency run).",
                "cited_evidence": form.choices["cited_evidence"][:1],
            }
            if "condition_met" in form.choices:
                values["condition_met"] = "yes"
            return values

        return f"/claims/{self.random.choice(self.ids['resolvable'])}/resolve/", fill


def reader_path(chooser: random.Random, ids: dict) -> tuple[str, str]:
    """Return one page a reader loads, and its kind: the mix of scripts/loadtest.py."""
    claim = chooser.choice(ids["claims"])
    commentator = chooser.choice(ids["commentators"])
    return chooser.choice(
        [
            ("home", "/"),
            ("claim list", "/claims/"),
            ("claim list filtered", "/claims/?status=resolved&sort=-made"),
            ("search", "/claims/?q=sanctions"),
            ("claim", f"/claims/{claim}/"),
            ("commentator", f"/commentators/{commentator}/"),
            ("leaderboard", "/leaderboard/"),
            ("scorecard json", f"/commentators/{commentator}/scorecard.json"),
            ("feed", "/feeds/claims/"),
            ("report", f"/reports/{chooser.choice(ids['reports'])}/"),
        ]
    )


def read_pages(port: int, ids: dict, readers: int, seed: int, start_at: float, stop_at: float, queue) -> None:
    """Run the readers until stop_at (in a process of its own); put (kind, status, seconds) of each after start_at."""
    results: list[tuple[str, int, float]] = []
    lock = threading.Lock()

    def reader(number: int) -> None:
        chooser = random.Random(seed * 1000 + 500 + number)
        browser = Browser(port)
        local = []
        while time.monotonic() < stop_at:
            kind, path = reader_path(chooser, ids)
            began = time.monotonic()
            try:
                status, _, _, seconds = browser.request("GET", path)
            except Exception:  # noqa: BLE001 - counted as an error, the run goes on
                status, seconds = 0, time.monotonic() - began
            if began >= start_at:
                local.append((kind, status, seconds))
        with lock:
            results.extend(local)

    threads = [threading.Thread(target=reader, args=(number,)) for number in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    queue.put((results, time.process_time()))


# What the database's connections are doing --------------------------------------------------------------------

SAMPLE_SQL = """
SELECT a.state, coalesce(a.wait_event_type, ''), coalesce(a.wait_event, ''),
       EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory' AND l.granted)
FROM pg_stat_activity a
WHERE a.datname = current_database() AND a.pid <> pg_backend_pid() AND a.backend_type = 'client backend'
"""


def describe(state: str, wait_type: str, wait_event: str) -> str:
    if state == "active" and not wait_type:
        return "running a statement"
    if state == "active" and (wait_type, wait_event) == ("Lock", "advisory"):
        return "waiting for the record lock"
    if state == "active":
        return f"waiting: {wait_type}/{wait_event}"
    if state.startswith("idle in transaction"):
        return "in a transaction, between statements"
    return "idle (no transaction)"


class Sampler(threading.Thread):
    """Count, every SAMPLE_SECONDS, what each connection to the database is doing and who holds the record lock."""

    def __init__(self, dsn: str) -> None:
        super().__init__(daemon=True)
        self.connection = psycopg2.connect(dsn)
        self.connection.autocommit = True
        self.phase: str | None = None
        self.states: dict[str, Counter] = defaultdict(Counter)
        self.holders: dict[str, Counter] = defaultdict(Counter)
        self.samples: Counter = Counter()
        self.stopped = threading.Event()

    def run(self) -> None:
        with self.connection.cursor() as cursor:
            while not self.stopped.wait(SAMPLE_SECONDS):
                phase = self.phase
                if phase is None:
                    continue
                cursor.execute(SAMPLE_SQL)
                self.samples[phase] += 1
                for state, wait_type, wait_event, holds in cursor.fetchall():
                    described = describe(state or "", wait_type, wait_event)
                    self.states[phase][described] += 1
                    if holds:
                        self.holders[phase][described] += 1

    def stop(self) -> None:
        self.stopped.set()
        self.join()
        self.connection.close()


# Gunicorn --------------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def run(*args: str, env: dict) -> str:
    done = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
    if done.returncode:
        raise RuntimeError(f"{shlex.join(args[1:])} failed:\n{done.stderr[-3000:]}")
    return done.stdout


def prepare_database(options, env: dict) -> dict:
    """Make the database afresh and fill it; create the editors; return the ids the clients use."""
    connection = psycopg2.connect(options.server_url.rstrip("/") + "/postgres")
    connection.autocommit = True
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{options.database}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{options.database}"')
    connection.close()
    run(PYTHON, "manage.py", "migrate", "--no-input", "-v0", env=env)
    if options.claims:
        run(PYTHON, "manage.py", "generate_data", "--claims", str(options.claims), "--seed", str(options.seed),
            "--until", UNTIL, env=env)  # fmt: skip
    else:
        run(PYTHON, "manage.py", "load_demo", env=env)
    script = f"""
import json
from django.contrib.auth import get_user_model
from django.db.models import Count
from claims.models import Claim, Commentator
from claims.roles import ensure_editors_group
from sources.models import Report
group = ensure_editors_group()
for number in range({options.editors}):
    user, _ = get_user_model().objects.get_or_create(username=f"write-editor-{{number}}")
    user.set_password({PASSWORD!r})
    user.save()
    user.groups.add(group)
claims = Claim.objects.filter(retracted_at__isnull=True).annotate(items=Count("evidence"))
print(json.dumps({{
    "claims": list(claims.order_by("pk").values_list("pk", flat=True)),
    "resolvable": list(claims.filter(items__range=(1, 50)).order_by("pk").values_list("pk", flat=True)),
    "commentators": list(Commentator.objects.order_by("pk").values_list("slug", flat=True)),
    "reports": list(Report.objects.order_by("pk").values_list("pk", flat=True)),
}}))
"""
    return json.loads(run(PYTHON, "manage.py", "shell", "-c", script, env=env).strip().splitlines()[-1])


def start_gunicorn(options, env: dict, port: int, access_log: Path) -> subprocess.Popen:
    server = subprocess.Popen(
        [
            PYTHON,
            "-m",
            "gunicorn",
            "tracker.wsgi",
            "--bind",
            f"127.0.0.1:{port}",
            *shlex.split(options.gunicorn),
            "--access-logfile",
            str(access_log),
            "--access-logformat",
            ACCESS_LOG_FORMAT,
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"gunicorn stopped: {server.stderr.read()[-2000:]}")
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
            connection.request("GET", "/ledger/head.json", headers={"X-Forwarded-Proto": "https"})
            if connection.getresponse().status == 200:
                return server
        except OSError:
            pass
        time.sleep(0.3)
    server.terminate()
    raise RuntimeError("gunicorn did not answer within 120 s.")


def workers_and_threads(server: subprocess.Popen) -> list[int]:
    """Return each gunicorn worker's number of threads."""
    return sorted(child.num_threads() for child in psutil.Process(server.pid).children())


def cpu_seconds(pids: list[int]) -> dict[int, float]:
    """Return the CPU seconds each process has used so far."""
    used = {}
    for pid in pids:
        with contextlib.suppress(psutil.Error):
            times = psutil.Process(pid).cpu_times()
            used[pid] = times.user + times.system
    return used


def backend_pids(dsn: str) -> list[int]:
    with psycopg2.connect(dsn) as connection, connection.cursor() as cursor:
        cursor.execute("SELECT pid FROM pg_stat_activity WHERE datname = current_database()")
        pids = [row[0] for row in cursor.fetchall()]
    connection.close()
    return pids


def read_access_log(path: Path, start: int, end: int) -> dict[str, list[float]]:
    """Return gunicorn's own seconds for each POST and GET logged between two offsets of its access log."""
    with path.open("rb") as log:
        log.seek(start)
        lines = log.read(end - start).decode("utf-8", "replace").splitlines()
    seconds: dict[str, list[float]] = defaultdict(list)
    for line in lines:
        parts = line.split()
        if len(parts) == 4 and parts[3].isdigit():
            seconds[parts[0]].append(int(parts[3]) / 1e6)
    return seconds


# The run ---------------------------------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    """Return the nearest-rank percentile (0 for no values)."""
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


def failed(status: int) -> bool:
    """Say whether a request failed: a server error, or no answer at all (0)."""
    return status == 0 or status >= 500


def mean(values: list[float]) -> float:
    return statistics.fmean(values) if values else 0.0


def figures(values: list[float]) -> dict:
    """Return the p50, p95, p99 and mean of a list of seconds, in milliseconds."""
    shares = {"p50": 0.5, "p95": 0.95, "p99": 0.99}
    return {
        **{name: round(percentile(values, share) * 1000, 1) for name, share in shares.items()},
        "mean": round(mean(values) * 1000, 1),
    }


def run_phase(name, editors, options, port, ids, sampler, access_log, processes) -> dict:
    readers = options.readers if name == "loaded" else 0
    queue = process = None
    if readers:
        context = multiprocessing.get_context("spawn")
        queue = context.Queue()
        start_at = time.monotonic() + READER_WARMUP_SECONDS
        stop_at = start_at + options.seconds
        process = context.Process(
            target=read_pages, args=(port, ids, readers, options.seed, start_at, stop_at, queue), daemon=True
        )
        process.start()
        time.sleep(max(0.0, start_at - time.monotonic()))
    outcomes: list[Outcome] = []
    lock = threading.Lock()
    offset = access_log.stat().st_size
    cpu_before = {who: cpu_seconds(find()) for who, find in processes.items()}
    started = time.monotonic()
    deadline = started + options.seconds
    sampler.phase = name

    def work(editor: Editor) -> None:
        local = []
        while time.monotonic() < deadline:
            local.append(editor.act())
        with lock:
            outcomes.extend(local)

    threads = [threading.Thread(target=work, args=(editor,)) for editor in editors]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = time.monotonic() - started
    sampler.phase = None
    cpu = {
        who: round(sum(seconds - cpu_before[who].get(pid, 0.0) for pid, seconds in cpu_seconds(find()).items()), 1)
        for who, find in processes.items()
    }
    load = os.getloadavg()[0]
    server_seconds = read_access_log(access_log, offset, access_log.stat().st_size)
    reads: list[tuple[str, int, float]] = []
    if process is not None:
        reads, readers_cpu = queue.get(timeout=PAGE_TIMEOUT_SECONDS + 60)
        cpu["load generator"] = round(cpu["load generator"] + readers_cpu, 1)
        process.join(timeout=60)

    done = [outcome for outcome in outcomes if outcome.status]
    failures = Counter(f"editor {failure}" for outcome in outcomes for failure in outcome.failures)
    failures.update(f"reader GET {status}" for _, status, _ in reads if failed(status))
    writes = [outcome.write_seconds for outcome in done]
    by_kind = defaultdict(list)
    for outcome in outcomes:
        by_kind[outcome.kind].append(outcome)
    samples = max(1, sampler.samples[name])
    return {
        "phase": name,
        "seconds": round(elapsed, 1),
        "editors": len(editors),
        "readers": readers,
        "actions": len(done),
        "refused": sum(1 for outcome in done if outcome.status == 200),
        "errors": sum(failures.values()),
        "failures": dict(failures.most_common()),
        "write_ms": figures(writes),
        "action_ms": figures([outcome.action_seconds for outcome in done]),
        "writes_by_kind": {
            kind: {"count": len(rows), **figures([row.write_seconds for row in rows if row.status])}
            for kind, rows in sorted(by_kind.items())
        },
        "write_ms_in_gunicorn": figures(server_seconds.get("POST", [])),
        "write_waits_ms": {
            "for a gunicorn thread": round(max(0.0, mean(writes) - mean(server_seconds.get("POST", []))) * 1000, 1),
            # Little's law: the mean number of connections waiting for the lock, times the phase, over the writes.
            "for the record lock": round(
                sampler.states[name]["waiting for the record lock"]
                / samples
                * elapsed
                / max(1, len(server_seconds.get("POST", [])))
                * 1000,
                1,
            ),
        },
        "reader_requests": len(reads),
        "reader_requests_per_second": round(len(reads) / elapsed, 1),
        "reader_ms": figures([seconds for _, status, seconds in reads if status]),
        "database": {
            "samples": sampler.samples[name],
            "connections": {state: round(count / samples, 2) for state, count in sampler.states[name].most_common()},
            "record_lock_held": {
                state: round(count / samples, 2) for state, count in sampler.holders[name].most_common()
            },
        },
        "cpu_seconds": cpu,
        "load_average": round(load, 1),
    }


def print_phase(result: dict) -> None:
    print(
        f"[{result['phase']}] {result['editors']} editors and {result['readers']} readers for {result['seconds']} s "
        f"(load average {result['load_average']})"
    )
    print(
        f"  editors: {result['actions']} actions, {result['refused']} refused by the form; "
        f"errors {result['errors']}{' ' + str(result['failures']) if result['failures'] else ''}"
    )
    print(f"  {'ms':30} {'p50':>7} {'p95':>7} {'p99':>7} {'mean':>7}")
    rows = {
        "write (the POST)": "write_ms",
        "action (page, POST, next page)": "action_ms",
        "write inside gunicorn": "write_ms_in_gunicorn",
        "reader's request": "reader_ms",
    }
    for label, key in rows.items():
        row = result[key]
        print(f"  {label:30} {row['p50']:7.0f} {row['p95']:7.0f} {row['p99']:7.0f} {row['mean']:7.0f}")
    print(f"  readers: {result['reader_requests']} requests, {result['reader_requests_per_second']} a second")
    waits = result["write_waits_ms"]
    print(
        f"  a write waited, on average: {waits['for a gunicorn thread']:.0f} ms for a gunicorn thread, "
        f"{waits['for the record lock']:.0f} ms for the record lock"
    )
    kinds = "; ".join(
        f"{kind} {row['count']} (p50 {row['p50']:.0f}, p95 {row['p95']:.0f})"
        for kind, row in result["writes_by_kind"].items()
    )
    print(f"  writes by kind, ms: {kinds}")
    database = result["database"]
    states = ", ".join(f"{mean:.2f} {state}" for state, mean in database["connections"].items())
    print(f"  database connections, mean of {database['samples']} samples: {states}")
    held = sum(database["record_lock_held"].values())
    holders = ", ".join(f"{mean:.2f} {state}" for state, mean in database["record_lock_held"].items())
    print(f"  the record lock was held in {held:.0%} of the samples, by a connection: {holders}")
    cpu = ", ".join(f"{who} {seconds}" for who, seconds in result["cpu_seconds"].items())
    print(f"  CPU seconds: {cpu}")


def ratio(loaded: float, alone: float) -> float:
    return round(loaded / alone, 2) if alone else float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--editors", type=int, default=8)
    parser.add_argument("--readers", type=int, default=64)
    parser.add_argument("--seconds", type=float, default=30, help="of each phase")
    parser.add_argument("--claims", type=int, default=10000, help="generate_data's size; 0 for load_demo")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--database", default="tracker_load_writes", help="dropped and made afresh")
    parser.add_argument("--server-url", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--gunicorn", default="", help="gunicorn options beyond gunicorn.conf.py's, e.g. '--workers 2'")
    parser.add_argument("--json", type=Path, help="also write the figures to this file")
    parser.add_argument("--drop", action="store_true", help="drop the database at the end")
    options = parser.parse_args()
    command = shlex.join([".venv/bin/python", "scripts/write_latency.py", *sys.argv[1:]])

    dsn = f"{options.server_url.rstrip('/')}/{options.database}"
    workdir = Path(tempfile.mkdtemp(prefix="tracker-write-latency-"))
    # Production settings, as deployed; only the static files go to a directory of this run's own.
    (workdir / "write_latency_settings.py").write_text(
        f"from tracker.settings.production import *  # noqa: F403\nSTATIC_ROOT = {str(workdir / 'static')!r}\n"
    )
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(workdir), str(ROOT)]),
        "DJANGO_SETTINGS_MODULE": "write_latency_settings",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": dsn,
    }
    env.pop("DATABASE_REPLICA_URLS", None)
    env.pop("REDIS_URL", None)
    server = sampler = None
    try:
        ids = prepare_database(options, env)
        ids["run"] = workdir.name
        run(PYTHON, "manage.py", "collectstatic", "--no-input", "-v0", env=env)
        port = free_port()
        access_log = workdir / "access.log"
        access_log.touch()
        server = start_gunicorn(options, env, port, access_log)
        size = f"generate_data --claims {options.claims} --seed {options.seed}" if options.claims else "load_demo"
        print(
            f"Writes under read load: {options.editors} editors, {options.readers} readers, "
            f"{options.seconds:g} s a phase"
        )
        more = f", then {options.gunicorn}" if options.gunicorn else ""
        print(f"  database {options.database} ({size}); gunicorn: gunicorn.conf.py{more}")
        print(f"  reproduce with: {command}")
        print()
        editors = [Editor(port, number, ids, options.seed) for number in range(options.editors)]
        for editor in editors:
            editor.act()  # untimed: each worker thread opens its connection, the caches fill
        sampler = Sampler(dsn)
        sampler.start()
        gunicorn = psutil.Process(server.pid)
        processes = {
            "gunicorn": lambda: [child.pid for child in gunicorn.children()],
            "PostgreSQL": lambda: backend_pids(dsn),
            "load generator": lambda: [os.getpid()],  # and the readers' process, which says its own
        }
        results = [
            run_phase(name, editors, options, port, ids, sampler, access_log, processes) for name in ("alone", "loaded")
        ]
        threads = workers_and_threads(server)
    finally:
        if sampler is not None:
            sampler.stop()
        if server is not None:
            server.terminate()
            server.wait(timeout=60)
        shutil.rmtree(workdir, ignore_errors=True)
        if options.drop:
            connection = psycopg2.connect(options.server_url.rstrip("/") + "/postgres")
            connection.autocommit = True
            with connection.cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{options.database}" WITH (FORCE)')
            connection.close()

    print(f"gunicorn: {len(threads)} workers, with {', '.join(map(str, threads))} threads at the end")
    print()
    for result in results:
        print_phase(result)
        print()
    alone, loaded = results
    ratios = {
        "write_p50": ratio(loaded["write_ms"]["p50"], alone["write_ms"]["p50"]),
        "write_p95": ratio(loaded["write_ms"]["p95"], alone["write_ms"]["p95"]),
        "action_p50": ratio(loaded["action_ms"]["p50"], alone["action_ms"]["p50"]),
        "action_p95": ratio(loaded["action_ms"]["p95"], alone["action_ms"]["p95"]),
    }
    print(
        f"loaded / alone: write p50 {ratios['write_p50']}x, p95 {ratios['write_p95']}x; "
        f"action p50 {ratios['action_p50']}x, p95 {ratios['action_p95']}x; "
        f"readers {loaded['reader_requests_per_second']} requests a second"
    )
    if options.json:
        summary = {"command": command, "worker_threads": threads, "phases": results, "ratios": ratios}
        options.json.write_text(json.dumps(summary, indent=2))
    sys.exit(1 if any(result["errors"] for result in results) else 0)


if __name__ == "__main__":
    main()
