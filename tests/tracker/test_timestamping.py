"""RFC 3161 time-stamps (tracker.timestamping) against a local TSA that OpenSSL signs for (tests/tsa.py)."""

import datetime
import hashlib
import re
import socket
import subprocess
import time

import pytest
from cryptography import x509
from cryptography.hazmat.primitives.serialization import Encoding
from rfc3161_client import decode_timestamp_response

from tests.tsa import (
    GARBAGE,
    HANG,
    HTTP_ERROR,
    OPENSSL,
    REJECT,
    REPLAY,
    local_tsa,  # noqa: F401 -- a fixture
    running_tsa,
)
from tracker.timestamping import (
    TimestampError,
    _der_sorted_certificates,
    _elements,
    _read_tlv,
    _tlv,
    openssl_verify_command,
    request_timestamp,
    verify_timestamp,
)

DIGEST = hashlib.sha256(b"tree head 1").digest()
OTHER_DIGEST = hashlib.sha256(b"tree head 2").digest()
# Generous: these bound a local round trip on a busy machine, and no test waits for them to run out.
TIMEOUT = 60


@pytest.fixture
def tsa(local_tsa, settings):  # noqa: F811 -- the fixture imported above
    """Return the local TSA, named by the settings as the one to ask and trust."""
    settings.TRACKER_TSA_URL = local_tsa.url
    settings.TRACKER_TSA_CERTIFICATES = str(local_tsa.ca_path)
    return local_tsa


@pytest.fixture
def other_tsa(tmp_path):
    """Yield a second TSA, of another root CA that nothing here trusts."""
    with running_tsa(tmp_path / "other", name="Someone else") as other:
        yield other


def failure(call, *args, **kwargs) -> TimestampError:
    with pytest.raises(TimestampError) as caught:
        call(*args, **kwargs)
    return caught.value


def openssl(*args: str, input: bytes | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([OPENSSL, *args], input=input, capture_output=True, check=False)


def message_data(text: str) -> bytes:
    """Return the bytes of the hex dump following "Message data:" in openssl's -text output."""
    dump = text.split("Message data:\n", 1)[1]
    lines = re.findall(r"^ +[0-9a-f]{4} - ((?:[0-9a-f]{2}[ -]){0,15}[0-9a-f]{2})", dump, flags=re.MULTILINE)
    return bytes.fromhex("".join(lines).replace("-", " "))


def test_request_timestamp__round_trip_with_the_local_tsa(tsa):
    before = datetime.datetime.now(datetime.UTC)
    stamp = request_timestamp(DIGEST, timeout=TIMEOUT)
    after = datetime.datetime.now(datetime.UTC)

    assert stamp.authority == tsa.url
    assert stamp.gen_time.tzinfo == datetime.UTC
    # The TSA's clock is this machine's; its time is whole seconds (clock_precision_digits = 0).
    assert before - datetime.timedelta(minutes=1) <= stamp.gen_time <= after + datetime.timedelta(minutes=1)
    assert stamp.serial >= 2  # openssl's serial file starts at 01 and counts up before each token
    # The token carries what OpenSSL, reading it on its own, says it stamps.
    text = openssl("ts", "-reply", "-in", "/dev/stdin", "-token_in", "-text", input=stamp.token).stdout.decode()
    assert message_data(text) == DIGEST
    assert f"Serial number: 0x{stamp.serial:02X}" in text


def test_request_timestamp__asks_for_a_sha256_imprint_with_a_nonce_and_the_certificate(tsa):
    request_timestamp(DIGEST, timeout=TIMEOUT)

    text = openssl("ts", "-query", "-in", "/dev/stdin", "-text", input=tsa.last_request).stdout.decode()
    assert "Hash Algorithm: sha256" in text
    assert message_data(text) == DIGEST
    assert "Nonce: 0x" in text
    assert "Certificate required: yes" in text


def test_request_timestamp__nonce_differs_each_request(tsa):
    nonces = set()
    for _ in range(3):
        request_timestamp(DIGEST, timeout=TIMEOUT)
        text = openssl("ts", "-query", "-in", "/dev/stdin", "-text", input=tsa.last_request).stdout.decode()
        nonces.add(next(line for line in text.splitlines() if line.startswith("Nonce:")))
    assert len(nonces) == 3


def test_verify_timestamp__returns_the_stored_tokens_time(tsa):
    stamp = request_timestamp(DIGEST, timeout=TIMEOUT)

    assert verify_timestamp(stamp.token, DIGEST, tsa.ca_path.read_bytes()) == stamp.gen_time
    assert verify_timestamp(stamp.token, DIGEST) == stamp.gen_time  # the settings' certificates


def test_verify_timestamp__wrong_digest_is_imprint_mismatch(tsa):
    stamp = request_timestamp(DIGEST, timeout=TIMEOUT)

    assert failure(verify_timestamp, stamp.token, OTHER_DIGEST).code == "imprint_mismatch"


def test_request_timestamp__reply_for_another_digest_is_imprint_mismatch(tsa):
    request_timestamp(DIGEST, timeout=TIMEOUT)
    tsa.mode = REPLAY

    assert failure(request_timestamp, OTHER_DIGEST, timeout=TIMEOUT).code == "imprint_mismatch"


def test_request_timestamp__replayed_reply_is_nonce_mismatch(tsa):
    request_timestamp(DIGEST, timeout=TIMEOUT)
    tsa.mode = REPLAY

    assert failure(request_timestamp, DIGEST, timeout=TIMEOUT).code == "nonce_mismatch"


def test_request_timestamp__token_of_an_untrusted_tsa_is_untrusted_token(tsa, other_tsa):
    error = failure(request_timestamp, DIGEST, url=other_tsa.url, timeout=TIMEOUT)

    assert error.code == "untrusted_token"
    assert other_tsa.requests == 1


def test_verify_timestamp__token_of_an_untrusted_tsa_is_untrusted_token(tsa, other_tsa, settings):
    settings.TRACKER_TSA_CERTIFICATES = str(other_tsa.ca_path)
    foreign = request_timestamp(DIGEST, url=other_tsa.url, timeout=TIMEOUT)

    assert failure(verify_timestamp, foreign.token, DIGEST, tsa.ca_path.read_bytes()).code == "untrusted_token"


def test_verify_timestamp__tsa_certificate_without_its_root_is_untrusted_token(tsa):
    stamp = request_timestamp(DIGEST, timeout=TIMEOUT)

    error = failure(verify_timestamp, stamp.token, DIGEST, tsa.tsa_certificate_path.read_bytes())
    assert error.code == "untrusted_token"
    # With its root, the same file is enough.
    chain = tsa.tsa_certificate_path.read_bytes() + tsa.ca_path.read_bytes()
    assert verify_timestamp(stamp.token, DIGEST, chain) == stamp.gen_time


@pytest.mark.parametrize("token", [b"", b"garbage", b"\x30\x03\x02\x01\x00", b"\x30\x82\xff\xff\x06"])
def test_verify_timestamp__not_a_token_is_untrusted_token(tsa, token):
    assert failure(verify_timestamp, token, DIGEST).code == "untrusted_token"


def test_verify_timestamp__truncated_or_altered_token_is_refused(tsa):
    token = request_timestamp(DIGEST, timeout=TIMEOUT).token

    assert failure(verify_timestamp, token[:-1], DIGEST).code == "untrusted_token"
    # The signature's last byte: the token still parses, its signature no longer holds.
    altered = token[:-1] + bytes([token[-1] ^ 0x01])
    assert failure(verify_timestamp, altered, DIGEST).code == "untrusted_token"


def test_verify_timestamp__mangled_embedded_certificate_is_untrusted_token(tsa):
    token = request_timestamp(DIGEST, timeout=TIMEOUT).token
    tsa_certificate = x509.load_pem_x509_certificate(tsa.tsa_certificate_path.read_bytes()).public_bytes(Encoding.DER)
    version_3 = b"\xa0\x03\x02\x01\x02"  # [0] EXPLICIT INTEGER 2, the first field of the certificate
    assert token.count(tsa_certificate) == 1 and tsa_certificate.count(version_3) == 1
    # Version 4 is no X.509 version: cryptography raises its own error, not rfc3161-client's.
    mangled = token.replace(tsa_certificate, tsa_certificate.replace(version_3, version_3[:-1] + b"\x03"))

    assert failure(verify_timestamp, mangled, DIGEST).code == "untrusted_token"


def _certificates_in_order(token: bytes, *, reverse: bool) -> bytes:
    """Return the token with the certificates of its SignedData in DER order, or reversed."""
    sorted_token = _der_sorted_certificates(token, malformed="untrusted_token")
    _, start, end = _read_tlv(sorted_token, 0)
    content_type, content = _elements(sorted_token[start:end])
    _, start, end = _read_tlv(content, 0)
    (signed_data,) = _elements(content[start:end])
    _, start, end = _read_tlv(signed_data, 0)
    fields = _elements(signed_data[start:end])
    (index,) = [index for index, field in enumerate(fields) if field[0] == 0xA0]
    _, start, end = _read_tlv(fields[index], 0)
    certificates = _elements(fields[index][start:end])
    assert len(certificates) == 2  # the TSA's and the root's (certs in the TSA's configuration)
    fields[index] = _tlv(0xA0, b"".join(reversed(certificates) if reverse else certificates))
    return _tlv(0x30, content_type + _tlv(0xA0, _tlv(0x30, b"".join(fields))))


def test_verify_timestamp__certificates_in_any_order(tsa, tmp_path):
    stamp = request_timestamp(DIGEST, timeout=TIMEOUT)
    in_der_order = _certificates_in_order(stamp.token, reverse=False)
    reversed_order = _certificates_in_order(stamp.token, reverse=True)

    assert stamp.token == in_der_order  # what is kept is DER
    # rfc3161-client reads strict DER only: the reversed list is what it refuses, and tracker.timestamping reads.
    with pytest.raises(ValueError, match="InvalidSetOrdering"):
        decode_timestamp_response(_tlv(0x30, _tlv(0x30, b"\x02\x01\x00") + reversed_order))
    assert verify_timestamp(reversed_order, DIGEST) == stamp.gen_time
    (tmp_path / "reversed.tst").write_bytes(reversed_order)
    assert subprocess.run(openssl_verify_command(tmp_path / "reversed.tst", DIGEST.hex(), tsa.ca_path)).returncode == 0


def test_request_timestamp__closed_port_is_tsa_unreachable_at_once(settings, tsa):
    # Bound and not listening: the port refuses connections, and stays ours so nothing else can answer on it.
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
        started = time.monotonic()
        error = failure(request_timestamp, DIGEST, url=f"http://127.0.0.1:{port}/tsa", timeout=TIMEOUT)
        elapsed = time.monotonic() - started

    assert error.code == "tsa_unreachable"
    assert isinstance(error.__cause__.reason, ConnectionRefusedError)
    assert elapsed < TIMEOUT / 2  # refused, not timed out


def test_request_timestamp__tsa_that_never_answers_is_tsa_unreachable(tsa):
    tsa.mode = HANG  # the TSA holds the request until the test ends, so the timeout always runs out first

    assert failure(request_timestamp, DIGEST, timeout=0.2).code == "tsa_unreachable"
    assert tsa.requests == 1


def test_request_timestamp__http_500_is_tsa_bad_reply(tsa):
    tsa.mode = HTTP_ERROR

    error = failure(request_timestamp, DIGEST, timeout=TIMEOUT)
    assert error.code == "tsa_bad_reply"
    assert "HTTP 500" in error.message


def test_request_timestamp__garbage_is_tsa_bad_reply(tsa):
    tsa.mode = GARBAGE

    assert failure(request_timestamp, DIGEST, timeout=TIMEOUT).code == "tsa_bad_reply"


def test_request_timestamp__rejection_is_tsa_refused(tsa):
    tsa.mode = REJECT  # OpenSSL's own rejection: it is configured to stamp SHA-512 digests only

    error = failure(request_timestamp, DIGEST, timeout=TIMEOUT)
    assert error.code == "tsa_refused"
    assert "rejection" in error.message
    assert "not supported" in error.message  # the TSA's own words


@pytest.mark.parametrize("url", ["", None])
def test_request_timestamp__no_url_is_tsa_not_configured(settings, url):
    settings.TRACKER_TSA_URL = ""

    assert failure(request_timestamp, DIGEST, url=url).code == "tsa_not_configured"


def test_request_timestamp__url_not_http_is_tsa_not_configured(tsa):
    assert failure(request_timestamp, DIGEST, url="file:///etc/passwd").code == "tsa_not_configured"


def test_request_timestamp__no_certificates_is_tsa_not_configured_before_asking(tsa, settings):
    settings.TRACKER_TSA_CERTIFICATES = ""

    error = failure(request_timestamp, DIGEST, timeout=TIMEOUT)
    assert error.code == "tsa_not_configured"
    assert "not be verified against a trusted root" in error.message
    assert tsa.requests == 0


def test_request_timestamp__unreadable_certificates_is_tsa_not_configured(tsa, settings, tmp_path):
    settings.TRACKER_TSA_CERTIFICATES = str(tmp_path / "missing.pem")
    assert failure(request_timestamp, DIGEST, timeout=TIMEOUT).code == "tsa_not_configured"

    (tmp_path / "empty.pem").write_text("no certificates here\n")
    settings.TRACKER_TSA_CERTIFICATES = str(tmp_path / "empty.pem")
    assert failure(request_timestamp, DIGEST, timeout=TIMEOUT).code == "tsa_not_configured"
    assert tsa.requests == 0


def test_verify_timestamp__no_certificates_is_tsa_not_configured(tsa, settings):
    token = request_timestamp(DIGEST, timeout=TIMEOUT).token
    settings.TRACKER_TSA_CERTIFICATES = ""

    assert failure(verify_timestamp, token, DIGEST).code == "tsa_not_configured"


@pytest.mark.parametrize("digest", [b"", b"\x00" * 31, hashlib.sha512(b"x").digest(), DIGEST.hex()])
def test_request_and_verify__refuse_what_is_not_a_sha256_digest(tsa, digest):
    with pytest.raises(ValueError, match="SHA-256"):
        request_timestamp(digest)
    with pytest.raises(ValueError, match="SHA-256"):
        verify_timestamp(b"", digest)
    assert tsa.requests == 0


def test_openssl_verify_command__verifies_a_real_token_and_refuses_a_wrong_digest(tsa, tmp_path):
    stamp = request_timestamp(DIGEST, timeout=TIMEOUT)
    token_path = tmp_path / "head.tst"
    token_path.write_bytes(stamp.token)

    command = openssl_verify_command(token_path, DIGEST.hex(), tsa.ca_path)
    assert command == [
        "openssl", "ts", "-verify", "-digest", DIGEST.hex(), "-in", str(token_path), "-token_in",
        "-CAfile", str(tsa.ca_path),
    ]  # fmt: skip
    verified = subprocess.run(command, capture_output=True, text=True)
    assert verified.returncode == 0, verified.stderr
    assert "Verification: OK" in verified.stdout

    wrong = subprocess.run(openssl_verify_command(token_path, OTHER_DIGEST.hex(), tsa.ca_path), capture_output=True)
    assert wrong.returncode != 0


def test_openssl_verify_command__refuses_a_token_of_another_root(tsa, other_tsa, tmp_path, settings):
    settings.TRACKER_TSA_CERTIFICATES = str(other_tsa.ca_path)
    token_path = tmp_path / "foreign.tst"
    token_path.write_bytes(request_timestamp(DIGEST, url=other_tsa.url, timeout=TIMEOUT).token)

    assert subprocess.run(openssl_verify_command(token_path, DIGEST.hex(), tsa.ca_path), capture_output=True).returncode
