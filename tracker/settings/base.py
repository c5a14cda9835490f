"""Settings shared by every environment; what differs between machines comes from the environment."""

import os
from pathlib import Path

from django.utils.csp import CSP

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_bool(name: str, default: bool) -> bool:
    """Read a yes/no environment variable."""
    value = os.environ.get(name)
    if value is None:
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def env_list(name: str, default: list[str]) -> list[str]:
    """Read a comma-separated environment variable."""
    value = os.environ.get(name)
    if not value:
        return default
    return [item.strip() for item in value.split(",") if item.strip()]


SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django_filters",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "pgtrigger",
    "pghistory",
    "pghistory.admin",
    "axes",
    "sources",
    "claims",
    "benchmarks",
]

MIDDLEWARE = [
    # First, so that every read of the request is routed by it and it sees every write, the session's included.
    "tracker.middleware.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Before the session, the user and the views read the request (its answer still gets the security headers):
    # a NUL character anywhere in it is answered 400 before any query could fail on it.
    "tracker.middleware.RefuseNulMiddleware",
    "tracker.middleware.RefuseUnreadableValueMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "pghistory.middleware.HistoryMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into its own response.
    "axes.middleware.AxesMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "tracker.urls"
WSGI_APPLICATION = "tracker.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "tracker" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ],
        },
    },
]

# DATABASES is set by local.py, test.py and production.py: only production refuses the embedded server.
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# Read replicas (DATABASE_REPLICA_URLS, added to DATABASES as replica_1, replica_2, ... by local.py and
# production.py): a request that only reads reads from one of them; writes, and every read after a write,
# go to the primary. With no replicas the router and its middleware do nothing.
DATABASE_REPLICAS: list[str] = []
DATABASE_ROUTERS = ["tracker.routers.ReplicaRouter"]
# How long after a write a browser keeps reading from the primary: longer than the replicas ever lag.
REPLICA_PIN_SECONDS = int(os.environ.get("REPLICA_PIN_SECONDS", "10"))

# The cache: Redis, shared by every server, when REDIS_URL is set; otherwise memory private to each process.
# A Redis that cannot be reached is a miss, never a failed page (tracker.cache).
REDIS_URL = os.environ.get("REDIS_URL", "").strip()
CACHE_KEY_PREFIX = os.environ.get("CACHE_KEY_PREFIX", "tracker")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "tracker.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "KEY_PREFIX": CACHE_KEY_PREFIX,
        }
    }

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "claims:home"
LOGOUT_REDIRECT_URL = "claims:home"

LANGUAGE_CODE = "en-gb"
TIME_ZONE = "UTC"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "tracker" / "static"]
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": "WARNING"},
}

# History of every change (django-pghistory): database triggers write each insert, update and delete
# of the record into append-only event tables, with the user or command that made it.
PGHISTORY_APPEND_ONLY = True

# RFC 3161 time-stamps of the ledger's tree heads (tracker/timestamping.py): the time-stamping authority's URL
# (empty: time-stamping is off), and the path of a PEM file of the certificates its tokens must chain to (its
# root CA, with any intermediates). A token is never accepted without them.
TRACKER_TSA_URL = os.environ.get("TRACKER_TSA_URL", "").strip()
TRACKER_TSA_CERTIFICATES = os.environ.get("TRACKER_TSA_CERTIFICATES", "").strip()

# The JSON API under /api/ (Django REST framework): anyone reads; editors write, by token or session, through
# the same services as the pages. The schema (drf-spectacular) documents every status code an operation returns.
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first, so an anonymous write is told how to authenticate (401 with WWW-Authenticate).
        "rest_framework.authentication.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.DjangoModelPermissionsOrAnonReadOnly"],
    # DRF's JSON parser, answering 400 to nesting deep enough to exhaust the stack and to NUL characters.
    "DEFAULT_PARSER_CLASSES": ["tracker.api.parsers.JSONParser"],
    "DEFAULT_RENDERER_CLASSES": [
        "rest_framework.renderers.JSONRenderer",
        "rest_framework.renderers.BrowsableAPIRenderer",
    ],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "tracker.api.pagination.Pagination",
    "DEFAULT_SCHEMA_CLASS": "tracker.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "tracker.api.errors.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Tracker API",
    "DESCRIPTION": (
        "Claims made by commentators, the dated reports that bear on them, their resolutions and the "
        "commentators' scorecards. Anyone may read; editors write with a token (Authorization: Token <key>) "
        "or a signed-in session. See docs/api.md."
    ),
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {"PrecisionEnum": "tracker.partial_dates.Precision"},
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "tracker.api.schema.allow_empty_query_values",
    ],
}

# Sign-in attempts are limited (django-axes): five failures for one username from one address lock that pair
# out for an hour. The client's address is taken from X-Forwarded-For only behind a trusted proxy.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# The address django-axes counts failures by (tracker/client_address.py). X-Forwarded-For is believed only from
# these proxies, addresses or networks ("127.0.0.1,10.0.0.0/8"); none by default, so a client reaching gunicorn
# directly cannot choose the address its failures count against.
AXES_CLIENT_IP_CALLABLE = "tracker.client_address.client_address"
TRUSTED_PROXIES = env_list("DJANGO_TRUSTED_PROXIES", [])
AXES_FAILURE_LIMIT = 5
AXES_COOLOFF_TIME = 1  # hours
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"

# Content-Security-Policy (Django's own middleware): scripts only from this site, never inline.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF],
    "style-src": [CSP.SELF, CSP.UNSAFE_INLINE],  # the API docs' viewer sets styles inline; scripts stay strict
    "img-src": [CSP.SELF, "data:"],
    "connect-src": [CSP.SELF],
    "font-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
