"""Signed tree heads: the ledger as a Merkle tree (RFC 9162) whose size and root the site signs and publishes.

The tree's leaves are the ledger's entries in sequence order (claims.record.verifier.entry_leaf_hash). A head
is the text {"log", "tree_size", "root_hash", "timestamp"} in RFC 8785 form, signed with the site's Ed25519 key
(TRACKER_LEDGER_SIGNING_KEY) and, where TRACKER_TSA_URL names an RFC 3161 time-stamping authority, time-stamped
by it. publish_head() signs the tree as it is; `manage.py publish_tree_head` runs it (from cron, docs/deployment.md).
A reader who kept a head checks later that the tree still extends it (a consistency proof), and that an entry is
in it (an inclusion proof), with the API or with the stand-alone verifier (claims/record/verifier.py).

check_heads() is verify_ledger's part: each kept head must still be the root of the tree's first tree_size
leaves, its signature must verify, and the tree must not be shorter than any head.
"""

import base64
import binascii
import contextlib
import datetime
import hashlib
import itertools
import json
import os
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from django.conf import settings
from django.db import transaction
from django.utils import timezone

from claims.models import LedgerEntry, TreeHead
from claims.record import forms, verifier
from tracker.locks import lock_record

EXPORT_FORMAT = "tracker-ledger/1"
KEY_FILE = Path(settings.BASE_DIR) / "var" / "ledger-signing-key"
NO_KEY = (
    "No ledger signing key: set TRACKER_LEDGER_SIGNING_KEY to the base64 of a 32-byte Ed25519 private key "
    '(make one with: python -c "import base64, os; print(base64.b64encode(os.urandom(32)).decode())").'
)
BAD_KEY = "TRACKER_LEDGER_SIGNING_KEY is not the base64 of 32 bytes."


class SigningKeyMissing(Exception):
    """The site has no key to sign tree heads with."""


def log_name() -> str:
    return getattr(settings, "TRACKER_LEDGER_LOG_NAME", "") or "tracker"


def signing_key() -> Ed25519PrivateKey:
    """Return the site's signing key: from TRACKER_LEDGER_SIGNING_KEY, or in development a key kept under var/."""
    encoded = getattr(settings, "TRACKER_LEDGER_SIGNING_KEY", "") or os.environ.get("TRACKER_LEDGER_SIGNING_KEY", "")
    if not encoded and settings.DEBUG:
        if not KEY_FILE.exists():
            KEY_FILE.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(KEY_FILE, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(descriptor, "w") as file:
                file.write(base64.b64encode(os.urandom(32)).decode())
        encoded = KEY_FILE.read_text().strip()
    if not encoded:
        raise SigningKeyMissing(NO_KEY)
    try:
        seed = base64.b64decode(encoded, validate=True)
    except binascii.Error as error:
        raise SigningKeyMissing(BAD_KEY) from error
    if len(seed) != 32:
        raise SigningKeyMissing(BAD_KEY)
    return Ed25519PrivateKey.from_private_bytes(seed)


def public_key_text(key: Ed25519PrivateKey | None = None) -> str:
    """Return the public key readers verify heads with: base64 of its 32 raw bytes."""
    key = key or signing_key()
    return base64.b64encode(key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def head_text(head: TreeHead) -> dict:
    """Return a head as it is published: the signed fields, its signature, and its time-stamp if it has one."""
    text = {
        "log": head.log,
        "tree_size": head.tree_size,
        "root_hash": head.root_hash,
        "timestamp": forms.json_value(head.timestamp),
        "signature": head.signature,
    }
    if head.tsa_token:
        text["timestamp_token"] = base64.b64encode(bytes(head.tsa_token)).decode()
        text["timestamp_authority"] = head.tsa_authority
    return text


def leaf_hashes(tree_size: int | None = None) -> list[bytes]:
    """Return the tree's leaf hashes, in sequence order (the first tree_size of them)."""
    from claims.record.ledger import leaf_entry  # ledger imports this module

    entries = LedgerEntry.objects.order_by("sequence")
    if tree_size is not None:
        entries = entries.filter(sequence__lte=tree_size)
    fields = ("sequence", "kind", "content_hash", "previous_hash", "entry_hash", "recorded_at")
    return [verifier.entry_leaf_hash(leaf_entry(entry)) for entry in entries.only(*fields).iterator(chunk_size=5000)]


def publish_head(*, timestamp: bool = True) -> TreeHead:
    """Sign the tree as it is now, time-stamp the signed head where an authority is configured, and keep it."""
    key = signing_key()
    with transaction.atomic():
        lock_record()  # no entry is appended while the tree is read
        hashes = leaf_hashes()
        now = timezone.now()
        text = {
            "log": log_name(),
            "tree_size": len(hashes),
            "root_hash": verifier.tree_root(hashes).hex(),
            "timestamp": forms.json_value(now),
        }
        message = verifier.head_message(text)
        head = TreeHead(
            tree_size=text["tree_size"],
            root_hash=text["root_hash"],
            timestamp=now,
            log=text["log"],
            signature=base64.b64encode(key.sign(message)).decode(),
            public_key=public_key_text(key),
        )
        if timestamp and getattr(settings, "TRACKER_TSA_URL", ""):
            from tracker import timestamping

            stamp = timestamping.request_timestamp(_digest(message))
            head.tsa_token, head.tsa_authority, head.tsa_time = stamp.token, stamp.authority, stamp.gen_time
        head.save()
    return head


def _digest(message: bytes) -> bytes:
    return hashlib.sha256(message).digest()


def latest_head() -> TreeHead | None:
    return TreeHead.objects.order_by("-tree_size", "-id").first()


def signature_holds(head: TreeHead) -> bool:
    """Return whether the head's signature verifies with the public key it names."""
    try:
        key = Ed25519PublicKey.from_public_bytes(base64.b64decode(head.public_key, validate=True))
        key.verify(base64.b64decode(head.signature, validate=True), verifier.head_message(head_text(head)))
    except (InvalidSignature, ValueError, binascii.Error):
        return False
    return True


def roots_at(hashes: list[bytes], sizes) -> dict[int, bytes]:
    """Return the tree root (RFC 9162) of the first n leaves for each n of sizes, in one pass over the leaves.

    The tree of n leaves is the perfect subtrees of n's binary decomposition, largest first, joined from the right:
    node(P1, node(P2, … node(Pk-1, Pk))). They are kept as a stack while the leaves go by, so each size costs
    O(log n) once the pass reaches it, not a walk of its own (verify_ledger checks every head ever signed).
    """
    wanted = sorted({size for size in sizes if 0 < size <= len(hashes)})
    roots: dict[int, bytes] = {}
    stack: list[tuple[int, bytes]] = []  # (leaves, hash) of each perfect subtree, largest first
    position = 0
    for count, leaf in enumerate(hashes, start=1):
        stack.append((1, leaf))
        while len(stack) > 1 and stack[-1][0] == stack[-2][0]:
            (size, right), (_, left) = stack.pop(), stack.pop()
            stack.append((size * 2, verifier.node_hash(left, right)))
        while position < len(wanted) and wanted[position] == count:
            root = stack[-1][1]
            for _, left in reversed(stack[:-1]):
                root = verifier.node_hash(left, root)
            roots[count] = root
            position += 1
        if position == len(wanted):
            break
    return roots


def check_heads(hashes: list[bytes], last_sequence: int | None = None, first_gap: int | None = None):
    """Compare every kept head with the tree as it is now; return the problems found.

    hashes: the tree's leaves as the ledger holds them; last_sequence: the last entry's number; first_gap: the first
    number missing below it (the chain walk names the gap itself; a head covering it cannot be recomputed).
    """
    from claims.record.ledger import Problem

    last_sequence = len(hashes) if last_sequence is None else last_sequence
    problems = []
    own_key = None
    with contextlib.suppress(SigningKeyMissing):
        own_key = public_key_text()
    longest = None
    kept = list(TreeHead.objects.order_by("tree_size", "id"))
    roots = roots_at(hashes, [head.tree_size for head in kept])
    for head in kept:
        where = f"the signed head of {head.timestamp:%Y-%m-%d %H:%M} UTC ({head.tree_size} entries)"
        if not signature_holds(head):
            problems.append(
                Problem("bad_signature", f"The signature of {where} does not verify: the head was altered.")
            )
        elif own_key is not None and head.public_key != own_key:
            problems.append(
                Problem(
                    "bad_signature",
                    f"{where.capitalize()} is signed with a key that is not the site's ({head.public_key[:12]}…).",
                )
            )
        if head.tree_size > last_sequence:
            longest = head
            continue
        if first_gap is not None and first_gap <= head.tree_size:
            continue  # entries it covers are missing: named as removed, the root cannot be recomputed
        root = roots[head.tree_size] if head.tree_size else verifier.tree_root([])
        if root.hex() != head.root_hash:
            problems.append(
                Problem(
                    "tree_rewritten",
                    f"The ledger's first {head.tree_size} entries are not what {where} signed: entries it covers "
                    "were altered or rewritten with their hashes recomputed.",
                )
            )
    if longest is not None:
        problems.append(
            Problem(
                "entry_removed",
                f"The ledger's last entry is #{last_sequence}, but the signed head of "
                f"{longest.timestamp:%Y-%m-%d %H:%M} UTC covers {longest.tree_size}: entries #{last_sequence + 1} to "
                f"#{longest.tree_size} were removed.",
            )
        )
    return problems


def inclusion(sequence: int, tree_size: int) -> dict:
    """Return the inclusion proof of entry #sequence in the tree of tree_size entries."""
    if not 1 <= sequence <= tree_size:
        raise ValueError("The entry is not in a tree of that size.")
    hashes = leaf_hashes(tree_size)
    if len(hashes) < tree_size:
        raise ValueError("The ledger holds fewer entries than that.")
    return {
        "sequence": sequence,
        "leaf_index": sequence - 1,
        "tree_size": tree_size,
        "leaf_hash": hashes[sequence - 1].hex(),
        "root_hash": verifier.tree_root(hashes).hex(),
        "audit_path": [node.hex() for node in verifier.inclusion_proof(hashes, sequence - 1)],
    }


def consistency(first: int, second: int) -> dict:
    """Return the consistency proof between the trees of first and second entries."""
    if not 1 <= first <= second:
        raise ValueError("The first size must be at least 1 and not above the second.")
    hashes = leaf_hashes(second)
    if len(hashes) < second:
        raise ValueError("The ledger holds fewer entries than that.")
    return {
        "first": first,
        "second": second,
        "first_root": verifier.tree_root(hashes[:first]).hex(),
        "second_root": verifier.tree_root(hashes).hex(),
        "consistency_path": [node.hex() for node in verifier.consistency_proof(hashes, first)],
    }


def export() -> dict:
    """Return the whole ledger as the stand-alone verifier reads it: every entry and every signed head."""
    return json.loads("".join(export_chunks()))


def export_chunks(chunk_size: int = 2000):
    """Yield the export's JSON text a piece at a time, so that a ledger of millions of entries is never whole in
    memory: the format, the log and key, the entries in sequence order, the heads oldest first."""
    from claims.record.ledger import export_entry

    try:
        key = public_key_text()
    except SigningKeyMissing:
        key = ""
    opening = {
        "format": EXPORT_FORMAT,
        "log": log_name(),
        "public_key": key,
        "exported_at": forms.json_value(datetime.datetime.now(datetime.UTC)),
    }
    yield json.dumps(opening, ensure_ascii=False)[:-1] + ', "entries": ['
    separator = ""
    entries = LedgerEntry.objects.order_by("sequence").iterator(chunk_size=chunk_size)
    while batch := list(itertools.islice(entries, chunk_size)):
        yield separator + ", ".join(json.dumps(export_entry(entry), ensure_ascii=False) for entry in batch)
        separator = ", "
    signed = [head_text(head) for head in TreeHead.objects.order_by("tree_size", "id")]
    yield '], "heads": ' + json.dumps(signed, ensure_ascii=False) + "}"
