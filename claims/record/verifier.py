"""Verify a Tracker ledger export against a tree head you kept, with nothing but Python 3.9+.

    python3 verifier.py EXPORT [--head KEPT_HEAD.json] [--key BASE64_PUBLIC_KEY] [--save-head FILE]

EXPORT is a file or an http(s) URL of the export (/ledger/export.json):

    {"format": "tracker-ledger/1", "log": str, "public_key": base64 of the raw 32-byte Ed25519 key,
     "entries": [entry, ...] in sequence order, "heads": [head, ...] oldest first}

An entry is {"sequence", "kind", "content", "content_hash", "previous_hash", "entry_hash", "recorded_at"}; the chain
is content_hash = SHA-256(canonical JSON of content), entry_hash = SHA-256(previous_hash + content_hash), starting
from 64 zeros. Each entry is also a leaf of a Merkle tree built as RFC 9162 section 2.1 says; the leaf data is the
canonical JSON of the entry without its content. A head is {"log", "tree_size", "root_hash", "timestamp",
"signature"}: an Ed25519 signature (RFC 8032) over the canonical JSON of the other four fields. Canonical JSON is
RFC 8785 (JCS).

The file imports nothing outside the standard library, so a reader who does not trust the site can run it as it is;
the site imports the same functions as claims.record.verifier, so there is one implementation of the tree.
Exit status: 0 when the ledger holds, 1 when something does not, 2 when the input cannot be read.
"""

from __future__ import annotations

import argparse
import base64
import binascii
import hashlib
import json
import math
import re
import sys
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

__all__ = [
    "EXPORT_FORMAT",
    "GENESIS_HASH",
    "ExportError",
    "Finding",
    "canonical_json",
    "consistency_proof",
    "content_hash",
    "ed25519_verify",
    "entry_hash",
    "entry_leaf_data",
    "entry_leaf_hash",
    "head_message",
    "head_signature_valid",
    "inclusion_proof",
    "leaf_hash",
    "load_export",
    "main",
    "node_hash",
    "tree_root",
    "verify_consistency",
    "verify_export",
    "verify_inclusion",
]

EXPORT_FORMAT = "tracker-ledger/1"
GENESIS_HASH = "0" * 64

# --- RFC 8785 canonical JSON -------------------------------------------------------------------------------------

# Integers beyond this are not exactly representable as an IEEE 754 double, which is all JSON numbers are in JCS.
_LARGEST_SAFE_INTEGER = 2**53 - 1
_SHORT_ESCAPES = {0x08: "\\b", 0x09: "\\t", 0x0A: "\\n", 0x0C: "\\f", 0x0D: "\\r", 0x22: '\\"', 0x5C: "\\\\"}
_ESCAPES = {code: _SHORT_ESCAPES.get(code, f"\\u{code:04x}") for code in range(0x20)}
_ESCAPES.update(_SHORT_ESCAPES)
_NEEDS_ESCAPE = re.compile(r'[\x00-\x1f"\\]')


def canonical_json(value) -> bytes:
    """Return the RFC 8785 (JCS) encoding of a JSON value made of dicts, lists, str, int, float, bool and None."""
    parts: list[bytes] = []
    _encode(value, parts)
    return b"".join(parts)


def _encode(value, parts: list[bytes]) -> None:
    if value is None:
        parts.append(b"null")
    elif value is True:
        parts.append(b"true")
    elif value is False:
        parts.append(b"false")
    elif isinstance(value, str):
        parts.append(_encode_string(value))
    elif isinstance(value, int):
        if not -_LARGEST_SAFE_INTEGER <= value <= _LARGEST_SAFE_INTEGER:
            raise ValueError(f"{value} is outside the integers a JSON number holds exactly (2**53 - 1)")
        parts.append(str(int(value)).encode("ascii"))
    elif isinstance(value, float):
        parts.append(_encode_number(float(value)).encode("ascii"))
    elif isinstance(value, dict):
        for key in value:
            if not isinstance(key, str):
                raise ValueError(f"object keys must be strings, not {type(key).__name__}")
        # JCS orders keys by their UTF-16 code units; big-endian UTF-16 bytes compare the same way.
        items = sorted(value.items(), key=lambda item: item[0].encode("utf-16-be"))
        parts.append(b"{")
        for position, (key, member) in enumerate(items):
            if position:
                parts.append(b",")
            parts.append(_encode_string(key))
            parts.append(b":")
            _encode(member, parts)
        parts.append(b"}")
    elif isinstance(value, (list, tuple)):
        parts.append(b"[")
        for position, member in enumerate(value):
            if position:
                parts.append(b",")
            _encode(member, parts)
        parts.append(b"]")
    else:
        raise ValueError(f"{type(value).__name__} is not a JSON value")


def _encode_string(text: str) -> bytes:
    if _NEEDS_ESCAPE.search(text):  # most strings need none, and looking is much faster than translating
        text = text.translate(_ESCAPES)
    # A lone surrogate is not Unicode text: the strict UTF-8 codec refuses it (UnicodeEncodeError is a ValueError).
    return ('"' + text + '"').encode("utf-8")


def _encode_number(number: float) -> str:
    """Return ECMAScript's Number::toString of a finite double, as JCS requires."""
    if not math.isfinite(number):
        raise ValueError(f"{number} is not a JSON number")
    if number == 0:
        return "0"  # negative zero included
    sign = "-" if number < 0 else ""
    # repr gives the shortest digits that read back as the same double, which is what ECMAScript asks for too.
    mantissa, _, exponent = repr(abs(number)).partition("e")
    whole, _, fraction = mantissa.partition(".")
    digits = whole + fraction
    point = len(whole) + int(exponent or 0)  # the value is 0.digits * 10**point
    stripped = digits.lstrip("0")
    point -= len(digits) - len(stripped)
    digits = stripped.rstrip("0")
    count = len(digits)
    if count <= point <= 21:
        text = digits + "0" * (point - count)
    elif 0 < point <= 21:
        text = digits[:point] + "." + digits[point:]
    elif -6 < point <= 0:
        text = "0." + "0" * -point + digits
    else:
        power = point - 1
        text = digits[0] + ("." + digits[1:] if count > 1 else "") + ("e+" if power >= 0 else "e-") + str(abs(power))
    return sign + text


# --- The hash chain and the leaves ---------------------------------------------------------------------------------


def content_hash(content) -> str:
    """Return the hex SHA-256 of the canonical JSON of an entry's content."""
    return hashlib.sha256(canonical_json(content)).hexdigest()


def entry_hash(previous_hash: str, content_digest: str) -> str:
    """Return the hex SHA-256 of previous_hash + content_hash: the link that chains an entry to the one before."""
    return hashlib.sha256((previous_hash + content_digest).encode("ascii")).hexdigest()


_LEAF_FIELDS = ("sequence", "kind", "content_hash", "previous_hash", "entry_hash", "recorded_at")


def entry_leaf_data(entry: dict) -> bytes:
    """Return the Merkle leaf data of an entry: the canonical JSON of its fields except content."""
    return canonical_json({name: entry[name] for name in _LEAF_FIELDS})


def entry_leaf_hash(entry: dict) -> bytes:
    """Return the Merkle leaf hash of an entry."""
    return leaf_hash(entry_leaf_data(entry))


# --- The Merkle tree (RFC 9162 section 2.1) ------------------------------------------------------------------------

_EMPTY_ROOT = hashlib.sha256(b"").digest()
_sha256 = hashlib.sha256


def leaf_hash(data: bytes) -> bytes:
    """Return SHA-256(0x00 || data), the hash of a leaf."""
    return _sha256(b"\x00" + data).digest()


def node_hash(left: bytes, right: bytes) -> bytes:
    """Return SHA-256(0x01 || left || right), the hash of an interior node."""
    return _sha256(b"\x01" + left + right).digest()


def tree_root(leaf_hashes) -> bytes:
    """Return the Merkle Tree Hash of a sequence of leaf hashes, in one pass and O(log n) memory."""
    # Complete subtrees, largest first: after c leaves there is one per set bit of c, as in a binary counter.
    stack: list[bytes] = []
    for count, current in enumerate(leaf_hashes, 1):
        carry = count
        while not carry & 1:
            current = _sha256(b"\x01" + stack.pop() + current).digest()
            carry >>= 1
        stack.append(current)
    if not stack:
        return _EMPTY_ROOT
    root = stack.pop()
    while stack:
        root = _sha256(b"\x01" + stack.pop() + root).digest()
    return root


def _split(size: int) -> int:
    """Return the largest power of two smaller than size (size >= 2): where RFC 9162 splits a tree."""
    return 1 << ((size - 1).bit_length() - 1)


# Complete subtrees of 2**_KEPT_HEIGHT leaves and more are kept, smaller ones rehashed when asked: about n/8 hashes
# held for a tree of n leaves, and any subtree root costs O(log n) look-ups and at most 15 hashes.
_KEPT_HEIGHT = 4


class _Subtrees:
    """The roots of a tree's aligned complete subtrees, so each subtree root a proof needs is cheap."""

    def __init__(self, leaf_hashes) -> None:
        self.leaves = list(leaf_hashes)
        width = 1 << _KEPT_HEIGHT
        level = [
            tree_root(self.leaves[start : start + width]) for start in range(0, len(self.leaves) - width + 1, width)
        ]
        self.levels = [level]
        while len(level) > 1:
            level = [_sha256(b"\x01" + level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
            self.levels.append(level)

    def __len__(self) -> int:
        return len(self.leaves)

    def _complete(self, height: int, index: int) -> bytes:
        if height >= _KEPT_HEIGHT:
            return self.levels[height - _KEPT_HEIGHT][index]
        start = index << height
        return tree_root(self.leaves[start : start + (1 << height)])

    def root(self, start: int, end: int) -> bytes:
        """Return the Merkle Tree Hash of leaves[start:end]."""
        size = end - start
        if size <= 0:
            return _EMPTY_ROOT
        top = size.bit_length() - 1
        if start & ((1 << top) - 1):  # not a subtree RFC 9162's recursion produces: hash it from its leaves
            return tree_root(self.leaves[start:end])
        # The range is complete subtrees of decreasing size, and its root hangs them down the right-hand spine.
        parts = []
        position = start
        for height in range(top, -1, -1):
            if size >> height & 1:
                parts.append(self._complete(height, position >> height))
                position += 1 << height
        root = parts.pop()
        while parts:
            root = _sha256(b"\x01" + parts.pop() + root).digest()
        return root


def _inclusion_path(tree: _Subtrees, index: int, size: int) -> list[bytes]:
    """Return PATH(index, D[0:size]) of RFC 9162 section 2.1.3.1, walking down from the root."""
    path = []
    start, end = 0, size
    while end - start > 1:
        middle = start + _split(end - start)
        if index < middle:
            path.append(tree.root(middle, end))
            end = middle
        else:
            path.append(tree.root(start, middle))
            start = middle
    path.reverse()
    return path


def _consistency_path(tree: _Subtrees, old_size: int, size: int) -> list[bytes]:
    """Return PROOF(old_size, D[0:size]) of RFC 9162 section 2.1.4.1, SUBPROOF unrolled into a loop."""
    path = []
    start, end, known = 0, size, True  # known: the old tree's root is one the verifier already has
    while True:
        if old_size == end:
            if not known:
                path.append(tree.root(start, end))
            break
        middle = start + _split(end - start)
        if old_size <= middle:
            path.append(tree.root(middle, end))
            end = middle
        else:
            path.append(tree.root(start, middle))
            start, known = middle, False
    path.reverse()
    return path


def inclusion_proof(leaf_hashes, index: int) -> list[bytes]:
    """Return the audit path of the leaf at index in the tree of leaf_hashes (RFC 9162 section 2.1.3.1)."""
    tree = _Subtrees(leaf_hashes)
    if not 0 <= index < len(tree):
        raise ValueError(f"leaf index {index} is outside a tree of {len(tree)} leaves")
    return _inclusion_path(tree, index, len(tree))


def consistency_proof(leaf_hashes, old_size: int) -> list[bytes]:
    """Return the proof that the tree of leaf_hashes extends its first old_size leaves (RFC 9162 section 2.1.4.1)."""
    tree = _Subtrees(leaf_hashes)
    if not 0 < old_size <= len(tree):
        raise ValueError(f"a consistency proof needs 0 < old size <= {len(tree)}, not {old_size}")
    if old_size == len(tree):
        return []
    return _consistency_path(tree, old_size, len(tree))


def verify_inclusion(index: int, tree_size: int, leaf_hash: bytes, proof, root: bytes) -> bool:
    """Return whether proof shows the leaf at index is in the tree of tree_size leaves with root (RFC 9162 2.1.3.2)."""
    if not 0 <= index < tree_size:
        return False
    fn, sn, result = index, tree_size - 1, leaf_hash
    for sibling in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            result = _sha256(b"\x01" + sibling + result).digest()
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            result = _sha256(b"\x01" + result + sibling).digest()
        fn >>= 1
        sn >>= 1
    return sn == 0 and result == root


def verify_consistency(old_size: int, new_size: int, old_root: bytes, new_root: bytes, proof) -> bool:
    """Return whether proof shows the tree of new_size leaves extends the one of old_size (RFC 9162 2.1.4.2)."""
    proof = list(proof)
    if not 0 < old_size <= new_size:
        return False  # the RFC defines proofs for 0 < old size only
    if old_size == new_size:
        return not proof and old_root == new_root
    if not proof:
        return False
    if old_size & (old_size - 1) == 0:  # the old tree is a complete subtree: its root is where the path starts
        proof.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    old_result = new_result = proof[0]
    for sibling in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            old_result = _sha256(b"\x01" + sibling + old_result).digest()
            new_result = _sha256(b"\x01" + sibling + new_result).digest()
            while fn and not fn & 1:
                fn >>= 1
                sn >>= 1
        else:
            new_result = _sha256(b"\x01" + new_result + sibling).digest()
        fn >>= 1
        sn >>= 1
    return sn == 0 and old_result == old_root and new_result == new_root


# --- Ed25519 verification (RFC 8032 section 5.1) -------------------------------------------------------------------

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493  # the order of the base point
_D = -121665 * pow(121666, _P - 2, _P) % _P
_SQRT_MINUS_ONE = pow(2, (_P - 1) // 4, _P)
_IDENTITY = (0, 1, 1, 0)


def _add(first: tuple, second: tuple) -> tuple:
    """Add two points in extended coordinates (X, Y, Z, T), x = X/Z, y = Y/Z, xy = T/Z (RFC 8032 section 5.1.4)."""
    x1, y1, z1, t1 = first
    x2, y2, z2, t2 = second
    a = (y1 - x1) * (y2 - x2) % _P
    b = (y1 + x1) * (y2 + x2) % _P
    c = 2 * _D * t1 * t2 % _P
    d = 2 * z1 * z2 % _P
    e, f, g, h = b - a, d - c, d + c, b + a
    return e * f % _P, g * h % _P, f * g % _P, e * h % _P


def _double(point: tuple) -> tuple:
    x1, y1, z1, _ = point
    a = x1 * x1 % _P
    b = y1 * y1 % _P
    c = 2 * z1 * z1 % _P
    h = a + b
    e = h - (x1 + y1) * (x1 + y1)
    g = a - b
    f = c + g
    return e * f % _P, g * h % _P, f * g % _P, e * h % _P


def _multiply(scalar: int, point: tuple) -> tuple:
    """Return [scalar]point, four bits at a time."""
    table = [_IDENTITY, point]
    for _ in range(14):
        table.append(_add(table[-1], point))
    result = _IDENTITY
    for shift in range((scalar.bit_length() + 3) // 4 * 4 - 4, -4, -4):
        result = _double(_double(_double(_double(result))))
        result = _add(result, table[scalar >> shift & 15])
    return result


_BASE_DOUBLINGS: list[tuple] = []  # B, [2]B, [4]B, ...: made once, so [S]B costs additions only


def _multiply_base(scalar: int) -> tuple:
    if not _BASE_DOUBLINGS:
        point = _BASE
        for _ in range(256):
            _BASE_DOUBLINGS.append(point)
            point = _double(point)
    result = _IDENTITY
    for bit in range(scalar.bit_length()):
        if scalar >> bit & 1:
            result = _add(result, _BASE_DOUBLINGS[bit])
    return result


def _same_point(first: tuple, second: tuple) -> bool:
    x1, y1, z1, _ = first
    x2, y2, z2, _ = second
    return (x1 * z2 - x2 * z1) % _P == 0 and (y1 * z2 - y2 * z1) % _P == 0


def _decode_point(encoded: bytes):
    """Return the point a 32-byte encoding names, or None where RFC 8032 section 5.1.3 says decoding fails."""
    number = int.from_bytes(encoded, "little")
    x_odd = number >> 255
    y = number & ((1 << 255) - 1)
    if y >= _P:
        return None  # a non-canonical encoding of y
    u = (y * y - 1) % _P
    v = (_D * y * y + 1) % _P
    x = u * pow(v, 3, _P) * pow(u * pow(v, 7, _P), (_P - 5) // 8, _P) % _P
    check = v * x * x % _P
    if check == (-u) % _P and check != u:
        x = x * _SQRT_MINUS_ONE % _P
    elif check != u:
        return None  # no square root: not on the curve
    if x == 0 and x_odd:
        return None  # -0 is not a canonical x
    if x & 1 != x_odd:
        x = _P - x
    return x, y, 1, x * y % _P


_BASE = _decode_point((4 * pow(5, _P - 2, _P) % _P).to_bytes(32, "little"))  # y = 4/5, x even


def ed25519_verify(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """Return whether signature is a valid Ed25519 signature of message by public_key (RFC 8032 section 5.1.7)."""
    for name, value in (("public_key", public_key), ("message", message), ("signature", signature)):
        if not isinstance(value, (bytes, bytearray, memoryview)):
            raise TypeError(f"{name} must be bytes, not {type(value).__name__}")
    public_key, message, signature = bytes(public_key), bytes(message), bytes(signature)
    if len(public_key) != 32 or len(signature) != 64:
        return False
    key_point = _decode_point(public_key)
    commitment = _decode_point(signature[:32])
    s = int.from_bytes(signature[32:], "little")
    if key_point is None or commitment is None or s >= _L:
        return False
    k = int.from_bytes(hashlib.sha512(signature[:32] + public_key + message).digest(), "little") % _L
    # The cofactorless equation [S]B = R + [k]A, which RFC 8032 says is sufficient.
    return _same_point(_multiply_base(s), _add(commitment, _multiply(k, key_point)))


# --- Tree heads ----------------------------------------------------------------------------------------------------

_HEAD_FIELDS = ("log", "tree_size", "root_hash", "timestamp")


def head_message(head: dict) -> bytes:
    """Return what a tree head's signature signs: the canonical JSON of its log, size, root and timestamp."""
    return canonical_json({name: head[name] for name in _HEAD_FIELDS})


def head_signature_valid(head: dict, public_key: bytes) -> bool:
    """Return whether the head's base64 signature verifies with the public key."""
    signature = _base64(head.get("signature"))
    return signature is not None and ed25519_verify(public_key, head_message(head), signature)


def _base64(text):
    if not isinstance(text, str):
        return None
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError):
        return None


# --- Verifying an export -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Finding:
    """One thing in an export that does not hold: a code to act on, a sentence to read, the entry it concerns."""

    code: str
    message: str
    sequence: int | None = None


class ExportError(ValueError):
    """The export or a head cannot be read as the format says, so nothing in it can be verified."""


@dataclass
class _Head:
    """A signed head being checked: where it came from and what the export's entries say about it."""

    head: dict
    label: str
    kept: bool
    claimed: bytes | None = None  # the root it states, None when that is not a SHA-256 hex digest
    actual: bytes | None = None  # the root of the export's first tree_size entries, when they are all there
    explained: bool = False  # its root differs because an entry it covers was found altered on its own

    @property
    def size(self) -> int:
        return self.head["tree_size"]

    @property
    def checkable(self) -> bool:
        return self.actual is not None

    @property
    def matches(self) -> bool:
        return self.actual is not None and self.actual == self.claimed


@dataclass
class _Outcome:
    findings: list[Finding] = field(default_factory=list)
    entries: int = 0
    root: bytes | None = None
    latest_head: dict | None = None
    kept_size: int | None = None


def _short(digest) -> str:
    text = digest.hex() if isinstance(digest, bytes) else str(digest)
    return text[:16] + "..."


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _entries_named(first: int, last: int) -> str:
    if first == last:
        return f"entry #{first}"
    return f"entries #{first} to #{last}"


def _require(condition: bool, message: str) -> None:
    if not condition:
        raise ExportError(message)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_head_shape(head, where: str) -> None:
    _require(isinstance(head, dict), f"{where} is not a JSON object")
    for name in ("log", "root_hash", "timestamp", "signature"):
        _require(isinstance(head.get(name), str), f"{where} has no {name} string")
    _require(_is_int(head.get("tree_size")) and head["tree_size"] >= 0, f"{where} has no tree_size >= 0")
    try:
        head_message(head)
    except ValueError as error:
        raise ExportError(f"{where} cannot be put in canonical JSON: {error}") from None


def _check_export_shape(export) -> None:
    _require(isinstance(export, dict), "the export is not a JSON object")
    _require(
        export.get("format") == EXPORT_FORMAT,
        f"the export's format is {export.get('format')!r}, not {EXPORT_FORMAT!r}",
    )
    _require(isinstance(export.get("log"), str), "the export names no log")
    _require(isinstance(export.get("public_key"), str), "the export has no public_key string")
    _require(isinstance(export.get("entries"), list), "the export has no list of entries")
    _require(isinstance(export.get("heads"), list), "the export has no list of heads")
    for position, entry in enumerate(export["entries"], 1):
        where = f"entry {position} of the export"
        _require(isinstance(entry, dict), f"{where} is not a JSON object")
        _require(_is_int(entry.get("sequence")) and entry["sequence"] >= 1, f"{where} has no sequence number >= 1")
        where = f"entry #{entry['sequence']}"
        for name in ("kind", "content_hash", "previous_hash", "entry_hash", "recorded_at"):
            _require(isinstance(entry.get(name), str), f"{where} has no {name} string")
        _require(isinstance(entry.get("content"), dict), f"{where} has no content object")
    for position, head in enumerate(export["heads"], 1):
        _check_head_shape(head, f"head {position} of the export")


def _digest(text: str) -> bytes | None:
    if len(text) != 64:
        return None
    try:
        return bytes.fromhex(text)
    except ValueError:
        return None


def _label(head: dict, kept: bool, position: int = 0) -> str:
    whose = "the head you kept" if kept else f"the export's head {position}"
    return f"{whose} (size {head['tree_size']}, {head['timestamp']})"


def verify_export(export: dict, kept_head: dict | None = None, public_key: bytes | None = None) -> list[Finding]:
    """Check an export's chain, tree and signed heads, and a head the reader kept; return what does not hold."""
    return _examine(export, kept_head, public_key).findings


def _examine(export: dict, kept_head: dict | None, public_key: bytes | None) -> _Outcome:
    _check_export_shape(export)
    if kept_head is not None:
        _check_head_shape(kept_head, "the head you kept")
    outcome = _Outcome()
    findings = outcome.findings
    key, key_name = _choose_key(export, public_key, findings)

    leaves, last_sequence, first_changed_leaf = _check_chain(export["entries"], findings)
    tree = _Subtrees(leaves)
    outcome.entries = len(export["entries"])
    if len(leaves) == last_sequence:
        outcome.root = tree.root(0, len(leaves))

    heads: list[_Head] = []
    candidates = [(kept_head, True, 0)] if kept_head is not None else []
    candidates += [(head, False, position) for position, head in enumerate(export["heads"], 1)]
    for head, kept, position in candidates:
        label = _label(head, kept, position)
        if head["log"] != export["log"]:
            findings.append(
                Finding("wrong_log", f"{_capital(label)} is a head of the log {head['log']!r}, not {export['log']!r}.")
            )
            continue
        if not head_signature_valid(head, key):
            findings.append(
                Finding("bad_signature", f"{_capital(label)}: its signature does not verify with {key_name}.")
            )
            if not kept:
                continue  # an unsigned claim about the tree is no evidence either way
        checked = _Head(head=head, label=label, kept=kept, claimed=_digest(head["root_hash"]))
        if checked.size <= len(leaves):
            checked.actual = tree.root(0, checked.size)
            checked.explained = first_changed_leaf is not None and first_changed_leaf <= checked.size
        heads.append(checked)

    _check_truncation(heads, last_sequence, findings)
    _check_roots(heads, findings)
    _check_extensions(heads, tree, findings)

    kept = next((head for head in heads if head.kept), None)
    outcome.kept_size = kept.size if kept is not None else None
    matching = [head for head in heads if not head.kept and head.matches]
    if matching:
        outcome.latest_head = max(reversed(matching), key=lambda head: head.size).head
    return outcome


def _choose_key(export: dict, public_key: bytes | None, findings: list[Finding]) -> tuple[bytes, str]:
    exported = _base64(export["public_key"])
    if exported is not None and len(exported) != 32:
        exported = None
    if public_key is None:
        _require(exported is not None, "the export's public_key is not a base64 32-byte Ed25519 key")
        return exported, "the export's public key"
    public_key = bytes(public_key)
    _require(len(public_key) == 32, "the public key must be 32 bytes (a raw Ed25519 key)")
    if exported != public_key:
        findings.append(
            Finding(
                "key_differs",
                f"The export names the public key {export['public_key']!r}, not {_b64(public_key)!r}, the one you "
                "gave: heads are checked with yours.",
            )
        )
        return public_key, "your key (the export names a different one)"
    return public_key, "your key"


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def _chain_link(previous_hash: str, content_digest: str) -> str | None:
    try:
        return entry_hash(previous_hash, content_digest)
    except UnicodeEncodeError:
        return None  # not ASCII, so not a hex digest: it cannot be the right link


def _check_chain(entries: list, findings: list[Finding]) -> tuple[list[bytes], int, int | None]:
    """Check every entry and every link; return the leaves of the unbroken run from #1, the last sequence number,
    and the first entry whose leaf is known to differ from what it was when recorded."""
    leaves: list[bytes] = []
    whole = True  # entries #1 to the current one are all here, each once
    expected, prior, prior_link, prior_linked = 1, None, None, True
    first_changed_leaf = None
    for entry in sorted(entries, key=lambda entry: entry["sequence"]):
        sequence = entry["sequence"]
        if sequence < expected:
            findings.append(
                Finding("entry_duplicated", f"The export holds entry #{sequence} more than once.", sequence)
            )
            whole = False
            continue
        if sequence > expected:
            missing = _entries_named(expected, sequence - 1)
            verb = "was" if sequence - 1 == expected else "were"
            findings.append(
                Finding(
                    "entry_removed",
                    f"{_capital(missing)} {verb} removed: the sequence goes from #{expected - 1} to #{sequence}.",
                    expected,
                )
            )
            whole = False
        reasons = []
        try:
            content_holds = content_hash(entry["content"]) == entry["content_hash"]
        except ValueError:
            content_holds = False
        if not content_holds:
            reasons.append("its content no longer hashes to its content_hash")
        link = _chain_link(entry["previous_hash"], entry["content_hash"])
        linked = link == entry["entry_hash"]
        if not linked:
            reasons.append("its entry_hash is not SHA-256(previous_hash + content_hash)")
            first_changed_leaf = first_changed_leaf or sequence
        if reasons:
            findings.append(
                Finding("entry_altered", f"Entry #{sequence} was altered: {' and '.join(reasons)}.", sequence)
            )
        if sequence == expected:
            should_follow = GENESIS_HASH if prior is None else prior["entry_hash"]
            # When the entry before was itself altered, a link to the hash it should have is not a second problem.
            if entry["previous_hash"] != should_follow and (prior_linked or entry["previous_hash"] != prior_link):
                before = "the start of the ledger" if prior is None else f"entry #{prior['sequence']}"
                findings.append(
                    Finding(
                        "broken_link",
                        f"Entry #{sequence} does not follow {before}: its previous_hash "
                        f"{_short(entry['previous_hash'])} should be {_short(should_follow)}.",
                        sequence,
                    )
                )
                first_changed_leaf = first_changed_leaf or sequence
        if whole:
            try:
                leaves.append(entry_leaf_hash(entry))
            except ValueError as error:
                raise ExportError(f"entry #{sequence} cannot be put in canonical JSON: {error}") from None
        expected, prior, prior_link, prior_linked = sequence + 1, entry, link, linked
    return leaves, expected - 1, first_changed_leaf


def _check_truncation(heads: list[_Head], last_sequence: int, findings: list[Finding]) -> None:
    beyond = [head for head in heads if head.size > last_sequence]
    if not beyond:
        return
    # The head the reader kept is the one to name; otherwise the export's own largest signed head.
    head = next((head for head in beyond if head.kept), None) or max(beyond, key=lambda head: head.size)
    who = "the kept head" if head.kept else head.label
    missing = _entries_named(last_sequence + 1, head.size)
    findings.append(
        Finding(
            "entry_removed",
            f"The export was truncated: {who} covers {head.size} entries, the export only {last_sequence} "
            f"({missing} missing).",
            last_sequence + 1,
        )
    )


def _narrowing(heads: list[_Head], size: int) -> tuple[int, _Head | None, _Head | None]:
    """Say where a change within the first size entries may lie, as the signed heads that still match show it.

    Return the first entry it may lie in, the last head before it that still matches, and a head that covers the
    first size entries as they are now: when there is one, the log signed two versions of them, and a matching head
    is no evidence that the entries it covers are the original ones.
    """
    matching = [head for head in heads if head.matches]
    covering = [head for head in matching if head.size >= size]
    if covering:
        return 1, None, max(covering, key=lambda head: (head.kept, head.size))
    earlier = [head for head in matching if head.size < size]
    last_match = max(earlier, key=lambda head: head.size) if earlier else None
    return (last_match.size + 1 if last_match is not None else 1), last_match, None


def _check_roots(heads: list[_Head], findings: list[Finding]) -> None:
    differing = [head for head in heads if head.checkable and not head.matches and not head.explained]
    if not differing:
        return
    kept = next((head for head in differing if head.kept), None)
    if kept is not None:
        findings.append(_rewrite_finding(kept, heads, differing))
        return  # the export's heads that no longer match are the evidence the finding narrows the rewrite with
    for head in differing:
        start, last_match, covering = _narrowing(heads, head.size)
        if covering is not None:
            where = (
                f" {_capital(covering.label)} was signed over these entries as they are now: the two cannot both be "
                "honest."
            )
        elif last_match is not None:
            where = f" The last head that still matches is {last_match.label}."
        else:
            where = ""
        findings.append(
            Finding(
                "head_inconsistent",
                f"{_capital(head.label)} says the root of the first {head.size} entries is "
                f"{_short(head.head['root_hash'])}, but the export's entries give {_short(head.actual)}: the head "
                f"does not describe them, so {_entries_named(start, head.size)} changed after it was signed, or it "
                f"was signed over something else.{where}",
                start,
            )
        )


def _rewrite_finding(kept: _Head, heads: list[_Head], differing: list[_Head]) -> Finding:
    first_differing = min(differing, key=lambda head: (head.size, not head.kept))
    start, last_match, covering = _narrowing(heads, first_differing.size)
    message = (
        f"The tree was rewritten: the export's first {kept.size} entries give the root {_short(kept.actual)}, not "
        f"{_short(kept.head['root_hash'])} of the head you kept, although no entry is altered on its own (every "
        "later hash was recomputed to hide a change)."
    )
    where = _entries_named(start, first_differing.size)
    if covering is not None:
        message += (
            f" The export carries {covering.label}, signed over the entries as they are now: the log signed two "
            f"different versions of its first {first_differing.size} entries, so its heads cannot narrow the "
            f"rewrite down: it may lie anywhere in {where}."
        )
    elif last_match is None and first_differing is kept:
        message += f" The export has no older signed head to narrow it: it may lie anywhere in {where}."
    else:
        matching = f"the last that still matches is {last_match.label}" if last_match else "no older one matches"
        message += (
            f" The first signed head that no longer matches is {first_differing.label} and {matching}, so the "
            f"rewrite lies in {where}."
        )
    return Finding("tree_rewritten", message, start)


def _check_extensions(heads: list[_Head], tree: _Subtrees, findings: list[Finding]) -> None:
    """Check each later head extends the one before it (and the kept head), with consistency proofs from the export."""
    exported = [head for head in heads if not head.kept]
    pairs = [(exported[position - 1], exported[position]) for position in range(1, len(exported))]
    kept = next((head for head in heads if head.kept), None)
    later = [head for head in exported if kept is not None and head.size >= kept.size]
    if later:
        pairs.append((kept, max(reversed(later), key=lambda head: head.size)))
    for older, newer in pairs:
        if newer.size < older.size:
            findings.append(
                Finding(
                    "head_inconsistent",
                    f"{_capital(newer.label)} comes after {older.label} but covers fewer entries: the log shrank.",
                    newer.size + 1,
                )
            )
            continue
        # A head that does not match the entries is named above; between two that do, the proof must hold too.
        if older.size == 0 or not (older.matches and newer.matches):
            continue
        proof = _consistency_path(tree, older.size, newer.size) if older.size < newer.size else []
        if not verify_consistency(older.size, newer.size, older.claimed, newer.claimed, proof):
            findings.append(
                Finding(
                    "head_inconsistent",
                    f"{_capital(newer.label)} does not extend {older.label}: the consistency proof from the "
                    "export's entries fails.",
                    older.size + 1,
                )
            )


# --- Command line --------------------------------------------------------------------------------------------------


def _read(source: str) -> bytes:
    if source.startswith(("http://", "https://")):
        request = urllib.request.Request(source, headers={"Accept": "application/json"})
        try:
            with urllib.request.urlopen(request, timeout=60) as response:
                return response.read()
        except urllib.error.HTTPError as error:
            raise ExportError(f"cannot fetch {source}: HTTP {error.code} {error.reason}") from None
        except urllib.error.URLError as error:
            raise ExportError(f"cannot fetch {source}: {error.reason}") from None
        except (OSError, ValueError) as error:
            raise ExportError(f"cannot fetch {source}: {error}") from None
    try:
        return Path(source).read_bytes()
    except OSError as error:
        raise ExportError(f"cannot read {source}: {error.strerror or error}") from None


def _refuse_constant(name: str):
    raise ValueError(f"{name} is not JSON")


def _load_json(source: str):
    data = _read(source)
    try:
        return json.loads(data, parse_constant=_refuse_constant)
    except (ValueError, RecursionError) as error:
        raise ExportError(f"{source} is not JSON: {error}") from None


def load_export(source: str) -> dict:
    """Return the export at a file path or an http(s) URL, or raise ExportError saying why it cannot be read."""
    export = _load_json(source)
    _check_export_shape(export)
    return export


def _parse_key(text: str) -> bytes:
    key = _base64(text.strip())
    _require(key is not None and len(key) == 32, "--key is not the base64 of a raw 32-byte Ed25519 public key")
    return key


def main(argv: list[str] | None = None) -> int:
    """Run the verifier's command line; return its exit status."""
    parser = argparse.ArgumentParser(
        prog="verifier.py",
        description="Verify a Tracker ledger export: its hash chain, its Merkle tree and its signed heads.",
    )
    parser.add_argument("export", help="the export: a file, or an http(s) URL such as https://.../ledger/export.json")
    parser.add_argument("--head", help="a tree head you kept (JSON file), to check the export still extends it")
    parser.add_argument("--key", help="the log's Ed25519 public key, base64; used instead of the export's")
    parser.add_argument("--save-head", metavar="FILE", help="write the export's latest signed head to FILE to keep")
    args = parser.parse_args(argv)
    try:
        key = _parse_key(args.key) if args.key is not None else None
        kept = _load_json(args.head) if args.head is not None else None
        outcome = _examine(load_export(args.export), kept, key)
    except ExportError as error:
        print(f"verifier.py: {error}", file=sys.stderr)
        return 2

    for finding in outcome.findings:
        print(f"{finding.code}: {finding.message}")
    if outcome.findings:
        codes = sorted({finding.code for finding in outcome.findings})
        count = len(outcome.findings)
        print(f"The ledger does not hold: {count} finding{'s' if count != 1 else ''} ({', '.join(codes)}).")
        if args.save_head:
            print("No head was saved: keep a head only from an export that holds.", file=sys.stderr)
        return 1

    root = outcome.root.hex() if outcome.root is not None else _EMPTY_ROOT.hex()
    summary = f"The ledger holds: {outcome.entries} entries, tree root {root}"
    if outcome.kept_size is not None:
        summary += f", consistent with the head you kept (size {outcome.kept_size})."
    elif outcome.latest_head is not None:
        summary += f"; its latest signed head covers {outcome.latest_head['tree_size']} of them."
    else:
        summary += "; the export carries no signed head."
    print(summary)
    if args.save_head:
        if outcome.latest_head is None:
            print("No head was saved: the export carries no signed head.", file=sys.stderr)
            return 1
        try:
            Path(args.save_head).write_text(json.dumps(outcome.latest_head, indent=2) + "\n", encoding="utf-8")
        except OSError as error:
            print(f"verifier.py: cannot write {args.save_head}: {error.strerror or error}", file=sys.stderr)
            return 2
        print(f"Saved the head of size {outcome.latest_head['tree_size']} to {args.save_head}.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
