"""scripts/write_latency.py runs end to end on a tiny record: both phases, every figure, no request failed.

It times nothing: the figures of a run this short on a busy machine mean nothing, only that they are there.
"""

import json
import os
import subprocess
import sys
import urllib.parse
from pathlib import Path

from django.conf import settings

ROOT = Path(__file__).resolve().parents[2]


def server_url() -> str:
    """Return the postgres:// URL of the server the tests use, without a database name."""
    database = settings.DATABASES["default"]
    host = urllib.parse.quote(database["HOST"] or "127.0.0.1", safe="")
    port = f":{database['PORT']}" if database["PORT"] else ""
    return f"postgres://{urllib.parse.quote(database['USER'] or 'postgres')}@{host}{port}"


def test_write_latency__runs_both_phases_and_prints_every_figure(tmp_path):
    figures = tmp_path / "figures.json"
    database = f"{settings.DATABASES['default']['TEST']['NAME']}_writes_{os.getpid()}"
    command = [
        sys.executable, "scripts/write_latency.py", "--editors", "2", "--readers", "4", "--seconds", "3",
        "--claims", "300", "--database", database, "--server-url", server_url(), "--drop", "--json", str(figures),
    ]  # fmt: skip
    # The test settings lift the statement timeout for the test's own process; the site runs with production's.
    env = {name: value for name, value in os.environ.items() if name != "DATABASE_STATEMENT_TIMEOUT_SECONDS"}
    done = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=900)
    print(done.stdout)
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]

    output = done.stdout
    assert "reproduce with: .venv/bin/python scripts/write_latency.py --editors 2" in output
    for line in ("[alone] 2 editors and 0 readers", "[loaded] 2 editors and 4 readers", "write (the POST)",
                 "action (page, POST, next page)", "write inside gunicorn", "for the record lock",
                 "the record lock was held", "loaded / alone: write p50"):  # fmt: skip
        assert line in output, line
    summary = json.loads(figures.read_text())
    alone, loaded = summary["phases"]
    assert (alone["phase"], loaded["phase"]) == ("alone", "loaded")
    for phase in (alone, loaded):
        assert phase["errors"] == 0, phase["failures"]
        assert phase["actions"] > 0
        assert set(phase["write_ms"]) == {"p50", "p95", "p99", "mean"}
        assert phase["database"]["samples"] > 0
    assert alone["reader_requests"] == 0 < loaded["reader_requests"]
    assert set(summary["ratios"]) == {"write_p50", "write_p95", "action_p50", "action_p95"}
