"""Read-your-writes with read replicas: tell the router what the current request may read from."""

import random

from django.conf import settings

from tracker.routers import SAFE_METHODS, RequestReads, current_request, replica_aliases

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
