"""Middleware of the site: read-your-writes with read replicas; values no record can hold answered 400."""

import logging
import random

from django.conf import settings
from django.db import DataError
from django.http import HttpResponse, HttpResponseBadRequest, JsonResponse, QueryDict

from tracker.routers import SAFE_METHODS, RequestReads, current_request, replica_aliases

logger = logging.getLogger(__name__)

# Set on a response to a request that wrote; while the browser sends it back, its requests read from the primary.
PIN_COOKIE = "tracker_primary"


class ReplicaMiddleware:
    """Let a request read from a replica only while it is a read with no recent write behind it.

    A request that is not a GET, HEAD or OPTIONS, or that carries the pin cookie, reads from the primary
    throughout. Any other reads from one replica, chosen at random. One that writes reads from the primary
    from then on, and its response sets the pin cookie for REPLICA_PIN_SECONDS, so the page it redirects to
    and the browser's next requests see the write even while the replicas catch up. Without replicas it does
    nothing. (A streaming response's body is read after the request, outside it, hence from the primary.)
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        replicas = replica_aliases()
        if not replicas:
            return self.get_response(request)
        safe = request.method in SAFE_METHODS
        replica = random.choice(replicas) if safe and PIN_COOKIE not in request.COOKIES else None
        reads = RequestReads(replica=replica, wrote=not safe)
        token = current_request.set(reads)
        try:
            response = self.get_response(request)
        finally:
            current_request.reset(token)
        if reads.wrote:
            response.set_cookie(
                PIN_COOKIE,
                "1",
                max_age=settings.REPLICA_PIN_SECONDS,
                httponly=True,
                samesite="Lax",
                secure=settings.SESSION_COOKIE_SECURE,
            )
        return response


# No record can hold a NUL character: PostgreSQL refuses one in text, so a lookup by a name or slug holding one
# would fail deep inside a view. It is refused here once, before any view or query sees the request.
NUL = "\x00"
NUL_REFUSED = "The request holds a NUL character (%00) in {where}, which no record can hold; nothing was done."
FORM_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}


def refusal(request, message: str) -> HttpResponse:
    """Answer 400 with the message: in JSON under /api/, like every API error; elsewhere as plain text."""
    if request.path_info.startswith("/api/"):
        return JsonResponse({"detail": message}, status=400)
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


class RefuseNulMiddleware:
    """Answer 400 to a request with a NUL character in its address, query, form fields, cookies or headers.

    A JSON body is checked by the API's parser (tracker.api.parsers), the only reader of JSON; a file uploaded
    in a form is the importer's to check, row by row. Under /api/ the answer is JSON, like every API error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        where = nul_in_request(request)
        if where is None:
            return self.get_response(request)
        return refusal(request, NUL_REFUSED.format(where=where))


def nul_in_request(request) -> str | None:
    """Return where in the request a NUL character is, in words, or None when it holds none."""
    if NUL in request.path_info:
        return "the address"
    for name, values in request.GET.lists():
        if NUL in name or any(NUL in value for value in values):
            return f"the query parameter {_shown(name)}"
    for name, value in request.COOKIES.items():
        if NUL in name or NUL in value:
            return f"the cookie {_shown(name)}"
    for name, value in request.META.items():
        if name.startswith("HTTP_") and isinstance(value, str) and NUL in value:
            return f"the header {name.removeprefix('HTTP_').replace('_', '-').title()}"
    if request.method == "POST" and request.content_type in FORM_TYPES:
        fields = [*request.POST.lists(), *((name, []) for name in request.FILES)]
    elif request.content_type == "application/x-www-form-urlencoded":
        fields = QueryDict(request.body).lists()  # Django parses a form only for POST: the views see none here
    else:
        fields = []
    for name, values in fields:
        if NUL in name or any(NUL in value for value in values):
            return f"the form field {_shown(name)}"
    return None


def _shown(name: str) -> str:
    """Return a parameter's name as the message shows it: NUL visible, at most 40 characters."""
    shown = name.replace(NUL, "\\0")
    return repr(shown if len(shown) <= 40 else shown[:40] + "…")


# A value compared with a column it cannot be read as (text for an IP address, a number past a bigint): PostgreSQL
# refuses the query. The filters of the pages check what they take; the admin's changelists pass any field lookup
# in the query string on to the database.
UNREADABLE_VALUE_STATES = {
    "22P02",  # invalid_text_representation
    "22003",  # numeric_value_out_of_range
    "22007",  # invalid_datetime_format
    "22008",  # datetime_field_overflow
}
VALUE_REFUSED = (
    "A value in the request cannot be compared with what it is looked up in (text where an address, a number or a "
    "date is kept, or a number out of range); nothing was done."
)


class RefuseUnreadableValueMiddleware:
    """Answer 400 to a read whose query PostgreSQL refused for a value of the request it cannot read as its type.

    Only reads: a write the database refuses is a rule the services missed, and stays a server error.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method not in SAFE_METHODS or not isinstance(exception, DataError):
            return None
        if getattr(exception.__cause__, "pgcode", None) not in UNREADABLE_VALUE_STATES:
            return None
        logger.warning("Refused a read with a value the database cannot read: %s", exception)
        return refusal(request, VALUE_REFUSED)
