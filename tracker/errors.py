"""Error pages: a lost database answers 503 with a plain message; any other failure, a plain 500 page."""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.template import loader

logger = logging.getLogger(__name__)

UNAVAILABLE_MESSAGE = (
    "Tracker cannot reach its database just now, so nothing can be shown or saved, and nothing you sent was "
    "half saved. Please try again in a minute."
)
LOST_CONNECTION_PHRASES = (
    "could not connect",
    "connection refused",
    "server closed the connection",
    "terminating connection",
    "connection to server",
    "no such file or directory",
    "the database system is",
    "timeout expired",
    "connection already closed",
    # While a request is served, a statement the server ran too long, or a wait for a server that does not answer
    # (tracker.database_timeouts): the page answers 503 as for a server that is away.
    "canceling statement due to statement timeout",
    "did not answer within",
)


def database_unreachable(exception: BaseException | None) -> bool:
    """Tell a lost or refused database connection from an error in a query, which stays a bug."""
    if isinstance(exception, InterfaceError):
        return True
    if isinstance(exception, OperationalError):
        text = str(exception).lower()
        return any(phrase in text for phrase in LOST_CONNECTION_PHRASES)
    return False


def server_error(request) -> HttpResponse:
    """Handle an uncaught exception: 503 when the database is away (the next request reconnects), else 500."""
    exception = sys.exc_info()[1]
    if database_unreachable(exception):
        logger.warning("Database unavailable: %s", exception)
        response = HttpResponse(UNAVAILABLE_MESSAGE, status=503, content_type="text/plain; charset=utf-8")
        response["Retry-After"] = "30"
        return response
    return HttpResponseServerError(loader.get_template("500.html").render())
