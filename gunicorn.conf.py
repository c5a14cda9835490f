"""gunicorn's settings for Tracker, read from the directory it starts in: `gunicorn tracker.wsgi --bind 0.0.0.0:8001`.

Options on the command line win over these. Why these numbers, with the measurements: docs/deployment.md,
"Workers and threads".
"""

import os

# A worker runs Python one thread at a time, so few threads a worker and two workers a core keep the cores busy
# while a write, which holds the record's lock, shares its worker with at most `threads` reads.
workers = int(os.environ.get("WEB_CONCURRENCY") or 2 * (os.process_cpu_count() or 1))
threads = 2  # for reads, and as many again for writes (tracker.serving)
worker_class = "tracker.serving.WritePoolWorker"
timeout = 60
