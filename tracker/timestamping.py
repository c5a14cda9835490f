"""RFC 3161 time-stamps: ask a time-stamping authority (TSA) to sign a digest with the time, and check its answer.

A time-stamp proves that a digest (a tree head of the ledger, say) existed no later than the time the TSA signed,
so a record rewritten after its head was stamped is caught. The TSA is named by settings.TRACKER_TSA_URL (empty:
time-stamping is off) and trusted through settings.TRACKER_TSA_CERTIFICATES, the path of a PEM file holding the
TSA's root certificate (and any intermediates, or the TSA's own certificate; the root is needed). A token is never
accepted without that file: its signature must chain to one of those certificates, from a certificate whose
extended key usage is timeStamping (critical).

What is kept, Timestamp.token, is the DER of the TimeStampToken alone (the CMS SignedData the TSA signed, without
the reply's status around it), as `openssl ts -verify -token_in` reads it; see openssl_verify_command().

rfc3161-client parses and checks the reply. Its parser wants strict DER, in which the certificates a token carries
are sorted; OpenSSL and other TSAs list them in chain order, which is valid BER. The signature does not cover
that list, so it is put in DER order here before parsing, and the token kept is in that order.
"""

import hashlib
import http.client
import secrets
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from cryptography import x509
from django.conf import settings
from rfc3161_client import (
    PKIStatus,
    TimeStampResponse,
    TimeStampTokenInfo,
    VerifierBuilder,
    decode_timestamp_response,
)

# Every code a TimestampError carries.
TSA_UNREACHABLE = "tsa_unreachable"  # no answer: refused connection, unknown host, timeout, connection cut
TSA_REFUSED = "tsa_refused"  # a well-formed reply whose status is not granted (rejection, waiting, revocation)
TSA_BAD_REPLY = "tsa_bad_reply"  # an answer that is not a usable RFC 3161 reply (HTTP error, garbage, no token)
IMPRINT_MISMATCH = "imprint_mismatch"  # the token stamps another digest, or not a SHA-256 one
NONCE_MISMATCH = "nonce_mismatch"  # the reply answers another request (a replay)
UNTRUSTED_TOKEN = "untrusted_token"  # not a token, or its signature does not chain to the configured certificates
TSA_NOT_CONFIGURED = "tsa_not_configured"  # no TSA URL, or no trusted certificates to check its tokens with
CODES = frozenset(
    {TSA_UNREACHABLE, TSA_REFUSED, TSA_BAD_REPLY, IMPRINT_MISMATCH, NONCE_MISMATCH, UNTRUSTED_TOKEN, TSA_NOT_CONFIGURED}
)

DIGEST_SIZE = hashlib.sha256().digest_size
SHA256_OID = x509.ObjectIdentifier("2.16.840.1.101.3.4.2.1")
# A reply is a token of a few kilobytes; a chain of certificates makes it tens. More is not a reply.
MAX_REPLY_BYTES = 1024 * 1024


class TimestampError(Exception):
    """A time-stamp that could not be obtained or does not hold; code says which of CODES."""

    def __init__(self, code: str, message: str):
        if code not in CODES:
            raise ValueError(f"Unknown time-stamp error code {code!r}.")
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Timestamp:
    """A TSA's signed statement that a digest existed at gen_time."""

    token: bytes  # DER of the TimeStampToken (CMS SignedData), certificates in DER order
    gen_time: datetime  # aware, UTC
    authority: str  # the URL the token was asked of
    serial: int  # the TSA's serial number of the token


def request_timestamp(digest: bytes, *, url: str | None = None, timeout: float = 10) -> Timestamp:
    """Return a time-stamp of a SHA-256 digest from the TSA at url (settings.TRACKER_TSA_URL by default)."""
    _check_digest(digest)
    url = getattr(settings, "TRACKER_TSA_URL", "") if url is None else url
    if not url:
        raise TimestampError(TSA_NOT_CONFIGURED, "No time-stamping authority is configured (TRACKER_TSA_URL).")
    if urlsplit(url).scheme not in {"http", "https"}:
        raise TimestampError(TSA_NOT_CONFIGURED, f"The time-stamping authority's URL is not http(s): {url!r}.")
    # Before asking: a token that nothing can check would be trusted silently.
    trusted = _trusted_certificates(None)

    nonce = secrets.randbits(64)
    body = _post(url, _timestamp_request(digest, nonce), timeout)
    token = _read_reply(body, url)
    if token is None:
        raise TimestampError(TSA_BAD_REPLY, f"The time-stamping authority at {url} granted a time-stamp without one.")
    response = _parse_token(token, malformed=TSA_BAD_REPLY)
    info = _check_token(response, digest, trusted, nonce)
    return Timestamp(token=token, gen_time=info.gen_time.astimezone(UTC), authority=url, serial=info.serial_number)


def verify_timestamp(token: bytes, digest: bytes, certificates_pem: bytes | None = None) -> datetime:
    """Return the time a stored token stamps digest at, checked against certificates_pem (or the settings')."""
    _check_digest(digest)
    trusted = _trusted_certificates(certificates_pem)
    response = _parse_token(_der_sorted_certificates(token, malformed=UNTRUSTED_TOKEN), malformed=UNTRUSTED_TOKEN)
    return _check_token(response, digest, trusted, nonce=None).gen_time.astimezone(UTC)


def openssl_verify_command(token_path: str | Path, digest_hex: str, ca_path: str | Path) -> list[str]:
    """Return the openssl command by which a reader checks a token (a file of Timestamp.token) for a digest.

    It exits 0 and prints "Verification: OK" when the token stamps that digest and its signature chains to a
    certificate in ca_path; the TSA's certificate is taken from the token (the request asks for it).
    """
    return [
        "openssl",
        "ts",
        "-verify",
        "-digest",
        digest_hex,
        "-in",
        str(token_path),
        "-token_in",
        "-CAfile",
        str(ca_path),
    ]


def _check_digest(digest: bytes) -> None:
    if not isinstance(digest, bytes) or len(digest) != DIGEST_SIZE:
        raise ValueError(f"A time-stamp is of a SHA-256 digest: {DIGEST_SIZE} bytes.")


def _trusted_certificates(certificates_pem: bytes | None) -> list[x509.Certificate]:
    """Return the certificates a token's signature must chain to: from the argument, else from the settings."""
    if certificates_pem is None:
        path = getattr(settings, "TRACKER_TSA_CERTIFICATES", "")
        if not path:
            raise TimestampError(
                TSA_NOT_CONFIGURED,
                "No certificates to check time-stamps with (TRACKER_TSA_CERTIFICATES): a token would not be "
                "verified against a trusted root, so none is accepted.",
            )
        try:
            certificates_pem = Path(path).read_bytes()
        except OSError as error:
            raise TimestampError(
                TSA_NOT_CONFIGURED, f"Cannot read TRACKER_TSA_CERTIFICATES {path}: {error}."
            ) from error
    try:
        certificates = x509.load_pem_x509_certificates(certificates_pem)
    except ValueError as error:
        raise TimestampError(TSA_NOT_CONFIGURED, f"The TSA certificates are not PEM certificates: {error}.") from error
    # rfc3161-client refuses a certificate given twice; a bundle may well repeat one.
    unique = []
    for certificate in certificates:
        if certificate not in unique:
            unique.append(certificate)
    return unique


def _post(url: str, request: bytes, timeout: float) -> bytes:
    """Return the body of the TSA's answer to a TimeStampReq."""
    http_request = urllib.request.Request(
        url,
        data=request,
        method="POST",
        headers={"Content-Type": "application/timestamp-query", "Accept": "application/timestamp-reply"},
    )
    try:
        with urllib.request.urlopen(http_request, timeout=timeout) as answer:
            body = answer.read(MAX_REPLY_BYTES + 1)
    except urllib.error.HTTPError as error:
        error.close()
        raise TimestampError(
            TSA_BAD_REPLY, f"The time-stamping authority at {url} answered HTTP {error.code} {error.reason}."
        ) from error
    except (OSError, http.client.HTTPException, ValueError) as error:
        # OSError: refused, unknown host, timeout, reset (URLError is one); HTTPException: a cut or garbled answer.
        raise TimestampError(
            TSA_UNREACHABLE, f"The time-stamping authority at {url} did not answer: {error}."
        ) from error
    if len(body) > MAX_REPLY_BYTES:
        raise TimestampError(TSA_BAD_REPLY, f"The time-stamping authority at {url} answered more than a reply.")
    return body


def _read_reply(body: bytes, url: str) -> bytes | None:
    """Return the token of a TimeStampResp, refusing any status but granted."""
    try:
        tag, start, end = _read_tlv(body, 0)
        if tag != 0x30 or end != len(body):
            raise ValueError("not a single SEQUENCE")
        fields = _elements(body[start:end])
        if not 1 <= len(fields) <= 2:
            raise ValueError("a TimeStampResp has a status and at most a token")
        reply: TimeStampResponse = decode_timestamp_response(_tlv(0x30, fields[0]))
        status = reply.status
    except (ValueError, IndexError) as error:
        raise TimestampError(
            TSA_BAD_REPLY, f"The time-stamping authority at {url} answered something else than a time-stamp reply."
        ) from error
    if status not in {PKIStatus.GRANTED, PKIStatus.GRANTED_WITH_MODS}:
        try:
            said = PKIStatus(status).name.lower()
        except ValueError:
            said = f"status {status}"
        detail = "; ".join(reply.status_string)
        raise TimestampError(
            TSA_REFUSED, f"The time-stamping authority at {url} refused: {said}" + (f" ({detail})." if detail else ".")
        )
    return _der_sorted_certificates(fields[1], malformed=TSA_BAD_REPLY) if len(fields) == 2 else None


def _parse_token(token: bytes, *, malformed: str) -> TimeStampResponse:
    """Return a token parsed inside a granted reply (rfc3161-client reads replies only); raise malformed if not one."""
    try:
        response = decode_timestamp_response(_tlv(0x30, _tlv(0x30, b"\x02\x01\x00") + token))
        response.tst_info  # noqa: B018 -- the token's content is parsed only when first read
    except (ValueError, IndexError) as error:
        raise TimestampError(malformed, f"Not an RFC 3161 time-stamp token: {error}.") from error
    return response


def _check_token(
    response: TimeStampResponse, digest: bytes, trusted: list[x509.Certificate], nonce: int | None
) -> TimeStampTokenInfo:
    """Return the token's TSTInfo once its imprint, nonce and signature hold."""
    info = response.tst_info
    imprint = info.message_imprint
    if imprint.hash_algorithm != SHA256_OID:
        raise TimestampError(IMPRINT_MISMATCH, f"The token stamps a digest by {imprint.hash_algorithm}, not SHA-256.")
    if imprint.message != digest:
        raise TimestampError(
            IMPRINT_MISMATCH, f"The token stamps the digest {imprint.message.hex()}, not {digest.hex()}."
        )
    if nonce is not None and info.nonce != nonce:
        raise TimestampError(NONCE_MISMATCH, "The token carries another nonce than the request's: a replayed reply.")
    builder = VerifierBuilder()
    for certificate in trusted:
        builder = builder.add_root_certificate(certificate)
    if nonce is not None:
        builder = builder.nonce(nonce)
    try:
        # The signature, the chain to a trusted certificate (valid at gen_time) and the timeStamping usage.
        builder.build().verify(response, digest)
    except Exception as error:  # VerificationError, and what cryptography raises on a mangled certificate
        raise TimestampError(
            UNTRUSTED_TOKEN, f"The token's signature does not chain to a trusted TSA certificate: {error}"
        ) from error
    return info


def _timestamp_request(digest: bytes, nonce: int) -> bytes:
    """Return the DER of a TimeStampReq (version 1) of a SHA-256 digest, with a nonce, asking for the TSA's certificate.

    rfc3161-client builds requests only from the data itself, which it hashes; the ledger hands over a digest.
    """
    sha256 = _tlv(0x30, _tlv(0x06, bytes.fromhex("608648016503040201")) + b"\x05\x00")
    message_imprint = _tlv(0x30, sha256 + _tlv(0x04, digest))
    return _tlv(0x30, _integer(1) + message_imprint + _integer(nonce) + b"\x01\x01\xff")


def _der_sorted_certificates(token: bytes, *, malformed: str) -> bytes:
    """Return a TimeStampToken with the certificates of its SignedData in DER order (X.690 11.6), nothing else changed.

    Raises TimestampError(malformed) for bytes that are not a ContentInfo around a SignedData.
    """
    try:
        tag, start, end = _read_tlv(token, 0)
        if tag != 0x30 or end != len(token):
            raise ValueError("not a single SEQUENCE")
        content_type, *rest = _elements(token[start:end])
        if not rest or rest[0][0] != 0xA0:
            raise ValueError("no content")
        _, start, end = _read_tlv(rest[0], 0)
        (signed_data,) = _elements(rest[0][start:end])
        tag, start, end = _read_tlv(signed_data, 0)
        if tag != 0x30:
            raise ValueError("the content is not a SignedData")
        fields = _elements(signed_data[start:end])
        for index, field in enumerate(fields):
            if field[0] == 0xA0:  # certificates [0] IMPLICIT SET OF CertificateChoices
                _, start, end = _read_tlv(field, 0)
                certificates = _elements(field[start:end])
                longest = max((len(certificate) for certificate in certificates), default=0)
                certificates.sort(key=lambda certificate: certificate.ljust(longest, b"\x00"))
                fields[index] = _tlv(0xA0, b"".join(certificates))
    except (ValueError, IndexError) as error:
        raise TimestampError(malformed, f"Not an RFC 3161 time-stamp token: {error}.") from error
    content = _tlv(0xA0, _tlv(0x30, b"".join(fields)))
    return _tlv(0x30, content_type + content + b"".join(rest[1:]))


# The little DER these messages need: definite lengths and one-byte tags, which is all DER has here.


def _tlv(tag: int, content: bytes) -> bytes:
    size = len(content)
    if size < 0x80:
        return bytes([tag, size]) + content
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + content


def _integer(value: int) -> bytes:
    """Return a non-negative INTEGER; the extra byte keeps a leading 1 bit from reading as a sign."""
    return _tlv(0x02, value.to_bytes(value.bit_length() // 8 + 1, "big"))


def _read_tlv(data: bytes, offset: int) -> tuple[int, int, int]:
    """Return the tag of the element at offset, where its content starts and where the element ends."""
    tag = data[offset]
    if tag & 0x1F == 0x1F:
        raise ValueError("multi-byte tag")
    first = data[offset + 1]
    if first < 0x80:
        start, size = offset + 2, first
    elif first == 0x80 or first == 0xFF:
        raise ValueError("indefinite or reserved length")
    else:
        count = first & 0x7F
        start = offset + 2 + count
        if start > len(data):
            raise ValueError("truncated length")
        size = int.from_bytes(data[offset + 2 : start], "big")
    end = start + size
    if end > len(data):
        raise ValueError("truncated element")
    return tag, start, end


def _elements(content: bytes) -> list[bytes]:
    """Return the encoded elements one after another in content."""
    elements, offset = [], 0
    while offset < len(content):
        _, _, end = _read_tlv(content, offset)
        elements.append(content[offset:end])
        offset = end
    return elements
