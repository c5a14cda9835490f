"""Settings for a developer's machine: debug on, a throwaway secret, the embedded database by default."""

from tracker.database import database_settings, replica_settings

from .base import *

DATABASES = {"default": database_settings(BASE_DIR), **replica_settings()}
DATABASE_REPLICAS = [alias for alias in DATABASES if alias != "default"]

DEBUG = env_bool("DJANGO_DEBUG", True)
SECRET_KEY = SECRET_KEY or "local-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = ALLOWED_HOSTS or ["127.0.0.1", "localhost", "[::1]"]
STORAGES["staticfiles"] = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}

# The local editor account that `make run` creates; production never gets one.
LOCAL_EDITOR_ACCOUNT = {"username": "editor", "password": "editor-tracker-local"}

# Email is printed to the console locally (the reminders digest, password resets).
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = "tracker@localhost"
