"""The address sign-in failures count against: X-Forwarded-For is believed only from a trusted proxy."""

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.urls import reverse

from tests.factories import UserFactory
from tracker.client_address import client_address

PROXY = "10.0.0.1"
CLIENT = "203.0.113.9"
FORGED = "198.51.100.66"


@pytest.mark.parametrize(
    ("trusted", "remote", "forwarded", "expected"),
    [
        # No trusted proxy (the default): the header is the client's own words.
        ([], CLIENT, FORGED, CLIENT),
        ([], PROXY, CLIENT, PROXY),
        # One nginx appended the client's address; anything further left the client wrote itself.
        ([PROXY], PROXY, CLIENT, CLIENT),
        ([PROXY], PROXY, f"{FORGED}, {CLIENT}", CLIENT),
        ([PROXY], PROXY, f"{FORGED},{CLIENT}", CLIENT),
        # A client reaching gunicorn directly while a proxy is trusted: still its own address.
        ([PROXY], "192.0.2.7", CLIENT, "192.0.2.7"),
        # Two proxies, named one by one or by their network, each appending what it saw.
        (["10.0.0.1", "10.0.0.2"], PROXY, f"{FORGED}, {CLIENT}, 10.0.0.2", CLIENT),
        (["10.0.0.0/24"], PROXY, f"{FORGED}, {CLIENT}, 10.0.0.2", CLIENT),
        # A client that forges a trusted proxy's address on the left gains nothing: the walk stops at it first.
        (["10.0.0.0/24"], PROXY, f"10.0.0.7, {CLIENT}", CLIENT),
        # Every entry a trusted proxy: the furthest one known.
        (["10.0.0.0/24"], PROXY, "10.0.0.3, 10.0.0.2", "10.0.0.3"),
        # Through the proxy but without the header (its own health check): the proxy.
        ([PROXY], PROXY, None, PROXY),
        ([PROXY], PROXY, "", PROXY),
        # Addresses as proxies may write them: with a port, in brackets, mapped, upper case.
        ([PROXY], PROXY, f"{CLIENT}:4711", CLIENT),
        ([PROXY], f"::ffff:{PROXY}", CLIENT, CLIENT),
        # IPv6: proxies and clients; a client counts by its /64, so changing addresses within it dodges nothing.
        (["2001:db8::1"], "2001:db8::1", "2001:db8:aa:bb::5", "2001:db8:aa:bb::"),
        (["2001:db8::/32"], "2001:db8::1", "2001:DB8:AA:BB:1:2:3:4, 2001:db8::2", "2001:db8:aa:bb::"),
        ([PROXY], PROXY, "[2001:db8:aa:bb::5]:4711", "2001:db8:aa:bb::"),
        ([], "2001:db8:aa:bb::5", FORGED, "2001:db8:aa:bb::"),
        (["2001:db8::1"], "2001:db8::1", f"{FORGED}, {CLIENT}", CLIENT),
        # Garbage: never an error, and never a reason to believe what lies beyond it.
        ([PROXY], PROXY, "not-an-address", PROXY),
        ([PROXY], PROXY, "unknown", PROXY),
        ([PROXY], PROXY, f"{FORGED}, unknown", PROXY),
        ([PROXY], PROXY, f"{FORGED}, , ", PROXY),
        ([PROXY], PROXY, f"garbage, {CLIENT}", CLIENT),
        ([PROXY], PROXY, f"{CLIENT}:port", PROXY),
        ([PROXY], PROXY, "[2001:db8::5", PROXY),
        ([PROXY], PROXY, "[2001:db8::5]x", PROXY),
        ([PROXY], PROXY, "010.0.0.9", PROXY),
        ([PROXY], PROXY, f"{CLIENT}\x00", PROXY),
        ([PROXY], PROXY, "1.2.3.4, " * 10_000 + CLIENT, CLIENT),
        ([PROXY], PROXY, ",,,,", PROXY),
        ([PROXY], "", CLIENT, ""),  # gunicorn on a Unix socket has no client address to trust
    ],
)
def test_client_address__believes_x_forwarded_for_only_from_trusted_proxies(
    rf, settings, trusted, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = trusted
    headers = {} if forwarded is None else {"HTTP_X_FORWARDED_FOR": forwarded}
    request = rf.get("/", REMOTE_ADDR=remote, **headers)
    assert client_address(request) == expected


def test_client_address__refuses_a_trusted_proxy_that_is_not_an_address(rf, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.1", "nginx.internal"]
    with pytest.raises(ImproperlyConfigured, match="nginx.internal"):
        client_address(rf.get("/", REMOTE_ADDR=PROXY))


def fail_to_sign_in(client, times: int, **headers) -> int:
    """Send wrong passwords for the target; return the status of the last answer."""
    for _ in range(times):
        status = client.post(reverse("login"), {"username": "target", "password": "wrong"}, **headers).status_code
    return status


def sign_in(client, **headers):
    return client.post(reverse("login"), {"username": "target", "password": "the-right-long-password"}, **headers)


@pytest.fixture
def target(db, settings):
    settings.AXES_ENABLED = True
    return UserFactory(username="target", password="the-right-long-password")


def test_sign_in_lock__a_direct_client_cannot_dodge_it_with_x_forwarded_for(client, settings, target):
    settings.TRUSTED_PROXIES = []
    for number in range(4):
        assert fail_to_sign_in(client, 1, REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR=f"192.0.2.{number}") == 200
    assert fail_to_sign_in(client, 1, REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR="192.0.2.99") == 429
    assert sign_in(client, REMOTE_ADDR=CLIENT, HTTP_X_FORWARDED_FOR="192.0.2.100").status_code == 429


def test_sign_in_lock__a_direct_client_cannot_turn_it_on_another_address(client, settings, target):
    settings.TRUSTED_PROXIES = [PROXY]  # trusted, but the attacker does not come through it
    assert fail_to_sign_in(client, 6, REMOTE_ADDR=FORGED, HTTP_X_FORWARDED_FOR=CLIENT) == 429
    assert sign_in(client, REMOTE_ADDR=CLIENT).status_code == 302
    client.logout()
    assert sign_in(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT).status_code == 302


def test_sign_in_lock__behind_a_trusted_proxy_locks_the_attacker_not_the_proxy_or_the_user(client, settings, target):
    settings.TRUSTED_PROXIES = [PROXY]
    # The attacker writes a different address on the left each time; the proxy appends the real one.
    for number in range(4):
        forwarded = f"192.0.2.{number}, {FORGED}"
        assert fail_to_sign_in(client, 1, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded) == 200
    assert fail_to_sign_in(client, 1, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.99, {FORGED}") == 429
    response = sign_in(client, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    assert response.status_code == 302  # signed in: the lock is the attacker's address, not the proxy's


def test_sign_in_lock__an_ipv6_client_cannot_dodge_it_within_its_block(client, settings, target):
    settings.TRUSTED_PROXIES = []
    for number in range(1, 5):
        assert fail_to_sign_in(client, 1, REMOTE_ADDR=f"2001:db8:aa:bb::{number:x}") == 200
    assert fail_to_sign_in(client, 1, REMOTE_ADDR="2001:db8:aa:bb:ffff::1") == 429
    assert sign_in(client, REMOTE_ADDR="2001:db8:aa:cc::1").status_code == 302  # another customer's block
