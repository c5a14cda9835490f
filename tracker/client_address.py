"""The client's address, for django-axes (AXES_CLIENT_IP_CALLABLE): X-Forwarded-For believed only from trusted proxies.

Each proxy appends the address it received the request from to X-Forwarded-For (nginx's
$proxy_add_x_forwarded_for), so the header reads from the right: the nearest proxy's client, then that one's
client, and so on; whatever lies further left than a proxy we trust wrote is the client's own words. So the
header counts only when REMOTE_ADDR is a trusted proxy (settings.TRUSTED_PROXIES, from DJANGO_TRUSTED_PROXIES:
addresses and networks, none by default), and is walked from the right past every trusted proxy to the first
address that is not one: the client. Anyone else, a client reaching gunicorn directly included, is REMOTE_ADDR,
whatever they send.

An entry that is not an address ("unknown", a name, garbage) ends the walk at the trusted proxy that passed it
on: what lies beyond it came from nobody we trust. An IPv6 client is counted by its /64, the block one
customer is given, so that it cannot dodge the sign-in limit by changing addresses within it.
"""

import functools
import ipaddress

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import HttpRequest

IPV6_CLIENT_PREFIX = 64

Address = ipaddress.IPv4Address | ipaddress.IPv6Address
Network = ipaddress.IPv4Network | ipaddress.IPv6Network


def client_address(request: HttpRequest) -> str | None:
    """Return the address sign-in failures are counted against: the client as the first trusted proxy saw it."""
    remote = request.META.get("REMOTE_ADDR")
    address = parse_address(remote or "")
    if address is None:
        return remote  # not an IP socket: nothing to trust
    networks = trusted_networks(tuple(settings.TRUSTED_PROXIES))
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for entry in reversed(forwarded.split(",")):
        if not is_trusted(address, networks):
            break
        entry_address = parse_address(entry.strip())
        if entry_address is None:
            break  # address stays the trusted proxy that passed on what is not an address
        address = entry_address
    return client_key(address)


def parse_address(text: str) -> Address | None:
    """Return the address text names, as a proxy may write it ("203.0.113.9:4711", "[2001:db8::1]:4711"), or None."""
    if text.startswith("["):
        text, bracket, port = text[1:].partition("]")
        if not bracket or (port and not (port.startswith(":") and port[1:].isdigit())):
            return None
    elif text.count(":") == 1:
        text, _, port = text.partition(":")
        if not port.isdigit():
            return None
    try:
        address = ipaddress.ip_address(text)
    except ValueError:
        return None
    if isinstance(address, ipaddress.IPv6Address):
        if address.ipv4_mapped is not None:
            return address.ipv4_mapped  # what a dual-stack socket reports for an IPv4 peer
        if address.scope_id is not None:
            return ipaddress.IPv6Address(int(address))
    return address


@functools.cache
def trusted_networks(entries: tuple[str, ...]) -> tuple[Network, ...]:
    """Return the networks of the trusted proxies; an entry that is not an address or network is refused."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"DJANGO_TRUSTED_PROXIES: {entry!r} is neither an address nor a network (e.g. 10.0.0.0/8)."
            ) from None
    return tuple(networks)


def is_trusted(address: Address, networks: tuple[Network, ...]) -> bool:
    return any(address in network for network in networks)


def client_key(address: Address) -> str:
    """Return the address as failures are counted: itself for IPv4, its /64 for IPv6."""
    if isinstance(address, ipaddress.IPv6Address):
        return str(ipaddress.IPv6Network((address, IPV6_CLIENT_PREFIX), strict=False).network_address)
    return str(address)
