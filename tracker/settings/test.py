"""Settings for the test suite."""

import os

from tracker.database import database_settings

from .base import *

# The test client's requests run on the test's own connection, and a busy machine (two suites on two cores) can make
# a legitimate query take longer than the production bound: a cut connection would fail a test that is right. The
# bound is tested where it belongs, in a gunicorn of its own (tests/tracker/test_faults.py, which leaves this out).
os.environ.setdefault("DATABASE_STATEMENT_TIMEOUT_SECONDS", "0")
DATABASES = {"default": database_settings(BASE_DIR)}
# Close connections after each request so the live server thread does not hold the test database open.
DATABASES["default"]["CONN_MAX_AGE"] = 0
# Two test runs on one server (two checkouts, or a developer and CI) each need their own test database.
DATABASES["default"]["TEST"] = {"NAME": os.environ.get("TRACKER_TEST_DATABASE", "test_tracker")}
# No replicas and no Redis, whatever the environment says: every test database starts from nothing, so a shared
# cache would hand one run the entries of another (tests/tracker/ covers both with their own settings).
DATABASE_REPLICAS = []
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "KEY_PREFIX": "tracker-test"}}

DEBUG = False
SECRET_KEY = "test-only-insecure-key"
ALLOWED_HOSTS = ["testserver", "127.0.0.1", "localhost"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
LOCAL_EDITOR_ACCOUNT = {"username": "editor", "password": "editor-tracker-local"}
# Serve static files from the apps' folders without a collectstatic run.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True

MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
DEFAULT_FROM_EMAIL = "tracker@testserver"

# client.login() in tests carries no request, which django-axes needs; its own test turns it back on.
AXES_ENABLED = False

# A fixed key signs the ledger's tree heads in tests (never use it anywhere else: it is public).
TRACKER_LEDGER_SIGNING_KEY = "dHJhY2tlci10ZXN0LWxlZGdlci1rZXktMzItYnl0ZXM="
