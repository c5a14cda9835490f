"""The client's address behind trusted reverse proxies, for django-axes (AXES_CLIENT_IP_CALLABLE).

Each proxy appends the address it received the request from to X-Forwarded-For (nginx's
$proxy_add_x_forwarded_for), so with TRUSTED_PROXY_COUNT proxies in front of Tracker the client's address
is that many entries from the right; anything further left was written by the client and may be forged.
With no trusted proxy, or a header shorter than the chain (a request that did not come through it), the
address is REMOTE_ADDR.
"""

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_address(request: HttpRequest) -> str | None:
    """Return the address of the client as the first trusted proxy saw it."""
    remote = request.META.get("REMOTE_ADDR")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    entries = [entry.strip() for entry in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if entry.strip()]
    if len(entries) < proxies:
        return remote
    candidate = entries[-proxies]
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return remote
