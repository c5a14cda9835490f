"""A time-stamping authority on 127.0.0.1 for tests: its own root CA and TSA certificate, and OpenSSL signing.

running_tsa(directory) makes the certificates (with cryptography) and serves RFC 3161 over HTTP on a free port;
each request is answered by `openssl ts -reply`, an implementation independent of the one under test. Set
LocalTSA.mode to make it misbehave. The local_tsa fixture is one of them; a test module imports it by name
(ruff then takes the import for unused, and each test taking the fixture for a redefinition of it):

    from tests.tsa import local_tsa  # noqa: F401 -- a fixture

    def test_something(local_tsa):  # noqa: F811
"""

import contextlib
import datetime
import http.server
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

OPENSSL = shutil.which("openssl") or "/usr/bin/openssl"
POLICY = "1.3.6.1.4.1.55555.3161.1"  # an OID of no one's, for tests

# What the TSA does with a request (LocalTSA.mode).
GRANT = "grant"  # stamp it
REJECT = "reject"  # answer a rejection (OpenSSL's own: the SHA-256 digest is not among those it stamps)
HTTP_ERROR = "http_error"  # answer HTTP 500
GARBAGE = "garbage"  # answer 200 with bytes that are no reply
REPLAY = "replay"  # answer the reply it gave to the previous request
HANG = "hang"  # never answer (until the TSA stops)
MODES = frozenset({GRANT, REJECT, HTTP_ERROR, GARBAGE, REPLAY, HANG})


@dataclass
class LocalTSA:
    """A running local TSA: where to ask it, and the root certificate its tokens chain to."""

    url: str
    ca_path: Path  # PEM of the root CA alone: the TSA certificate comes in each token
    tsa_certificate_path: Path
    directory: Path
    mode: str = GRANT
    last_request: bytes | None = None  # the TimeStampReq it last received
    requests: int = 0
    _last_reply: bytes | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _stopping: threading.Event = field(default_factory=threading.Event, repr=False)

    def answer(self, request: bytes) -> tuple[int, bytes]:
        """Return the HTTP status and body answering a TimeStampReq, as the mode says."""
        mode = self.mode
        if mode not in MODES:
            raise ValueError(f"Unknown mode {mode!r}.")
        with self._lock:
            self.requests += 1
            self.last_request = request
            if mode == HTTP_ERROR:
                return 500, b"internal error"
            if mode == GARBAGE:
                return 200, b"<html>Not a time-stamp reply</html>"
            if mode == REPLAY and self._last_reply is not None:
                return 200, self._last_reply
            # The serial file is read and written by each run of openssl: one at a time.
            reply = self._openssl_reply(request, section="tsa_reject" if mode == REJECT else "tsa_grant")
            self._last_reply = reply
            return 200, reply

    def _openssl_reply(self, request: bytes, *, section: str) -> bytes:
        with tempfile.TemporaryDirectory(dir=self.directory) as scratch:
            query, reply = Path(scratch) / "query.tsq", Path(scratch) / "reply.tsr"
            query.write_bytes(request)
            done = subprocess.run(
                [OPENSSL, "ts", "-reply", "-config", str(self.directory / "tsa.cnf"), "-section", section]
                + ["-queryfile", str(query), "-out", str(reply)],
                capture_output=True,
                check=False,
            )
            if done.returncode != 0 or not reply.exists():
                raise RuntimeError(f"openssl ts -reply failed: {done.stderr.decode(errors='replace')}")
            return reply.read_bytes()


def make_certificates(directory: Path, name: str) -> tuple[Path, Path, Path]:
    """Write a root CA certificate, a TSA certificate it issued and the TSA's key; return their paths."""
    now = datetime.datetime.now(datetime.UTC)
    root_key = ec.generate_private_key(ec.SECP256R1())
    tsa_key = ec.generate_private_key(ec.SECP256R1())
    root_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name} root CA")])
    tsa_name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, f"{name} TSA")])

    def usage(*, signing: bool) -> x509.KeyUsage:
        return x509.KeyUsage(
            digital_signature=signing,
            content_commitment=signing,
            key_encipherment=False,
            data_encipherment=False,
            key_agreement=False,
            key_cert_sign=not signing,
            crl_sign=not signing,
            encipher_only=False,
            decipher_only=False,
        )

    def builder(subject: x509.Name, key: ec.EllipticCurvePrivateKey) -> x509.CertificateBuilder:
        return (
            x509.CertificateBuilder()
            .subject_name(subject)
            .issuer_name(root_name)
            .public_key(key.public_key())
            .serial_number(x509.random_serial_number())
            # An hour back: a token's time is checked against these, and clocks differ a little.
            .not_valid_before(now - datetime.timedelta(hours=1))
            .not_valid_after(now + datetime.timedelta(days=7))
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        )

    root = (
        builder(root_name, root_key)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(usage(signing=False), critical=True)
        .sign(root_key, hashes.SHA256())
    )
    tsa = (
        builder(tsa_name, tsa_key)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(usage(signing=True), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True)
        .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(root_key.public_key()), critical=False)
        .sign(root_key, hashes.SHA256())
    )
    root_path, tsa_path, key_path = directory / "root.pem", directory / "tsa.pem", directory / "tsa.key"
    root_path.write_bytes(root.public_bytes(serialization.Encoding.PEM))
    tsa_path.write_bytes(tsa.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        tsa_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    return root_path, tsa_path, key_path


def write_openssl_config(directory: Path, root: Path, tsa: Path, key: Path) -> None:
    """Write the `openssl ts -reply` configuration: a section that stamps SHA-256, and one that stamps SHA-512 only."""
    (directory / "serial").write_text("01\n")
    common = f"""serial = {directory / "serial"}
crypto_device = builtin
signer_cert = {tsa}
certs = {root}
signer_key = {key}
signer_digest = sha256
default_policy = {POLICY}
other_policies = {POLICY}.2
accuracy = secs:1
clock_precision_digits = 0
ordering = no
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""
    # The chain (certs) goes in every token, as real TSAs do, so tokens carry two certificates.
    (directory / "tsa.cnf").write_text(
        "[ tsa ]\ndefault_tsa = tsa_grant\n\n"
        f"[ tsa_grant ]\n{common}digests = sha256, sha384, sha512\n\n"
        f"[ tsa_reject ]\n{common}digests = sha512\n"
    )


class _Handler(http.server.BaseHTTPRequestHandler):
    server: "_Server"
    timeout = 60  # a client that connects and sends nothing does not hold a thread for ever
    protocol_version = "HTTP/1.0"

    def do_POST(self) -> None:
        tsa = self.server.tsa
        size = int(self.headers.get("Content-Length") or 0)
        request = self.rfile.read(size)
        if tsa.mode == HANG:
            with tsa._lock:
                tsa.requests += 1
                tsa.last_request = request
            tsa._stopping.wait()
            return  # closes the connection without an answer
        status, body = tsa.answer(request)
        self.send_response(status)
        self.send_header("Content-Type", "application/timestamp-reply" if status == 200 else "text/plain")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: object) -> None:
        pass


class _Server(http.server.ThreadingHTTPServer):
    # Handler threads are joined on close, so nothing of the TSA outlives its block.
    daemon_threads = False
    block_on_close = True
    tsa: LocalTSA

    def handle_error(self, request, client_address) -> None:
        pass  # a client that gave up (the timeout tests) is no failure of the TSA's


@contextlib.contextmanager
def running_tsa(directory: Path, name: str = "Tracker test") -> Iterator[LocalTSA]:
    """Yield a TSA serving RFC 3161 on 127.0.0.1, its files in directory, until the block ends."""
    directory.mkdir(parents=True, exist_ok=True)
    root, tsa_certificate, key = make_certificates(directory, name)
    write_openssl_config(directory, root, tsa_certificate, key)
    # Port 0: the system picks a free one. The socket listens once this returns, so requests made before the
    # serving thread runs wait in its backlog; nothing needs to wait for start-up.
    server = _Server(("127.0.0.1", 0), _Handler)
    host, port = server.server_address[:2]
    tsa = LocalTSA(
        url=f"http://{host}:{port}/tsa", ca_path=root, tsa_certificate_path=tsa_certificate, directory=directory
    )
    server.tsa = tsa
    # A short poll: shutdown() returns within one, so each test's teardown is quick.
    thread = threading.Thread(target=server.serve_forever, args=(0.05,), name=f"local TSA {port}", daemon=True)
    thread.start()
    try:
        yield tsa
    finally:
        tsa._stopping.set()  # lets a hanging handler go
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture
def local_tsa(tmp_path: Path) -> Iterator[LocalTSA]:
    """Yield a running local TSA (see running_tsa)."""
    with running_tsa(tmp_path / "tsa") as tsa:
        yield tsa
