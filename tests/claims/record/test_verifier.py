"""The stand-alone ledger verifier: canonical JSON, Ed25519, the Merkle tree, and what it says of a tampered export."""

import ast
import base64
import copy
import functools
import hashlib
import http.server
import json
import subprocess
import sys
import threading
from pathlib import Path

import pytest
import rfc8785
from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from claims.record import verifier

VERIFIER = Path(verifier.__file__)
LOG = "tracker.example/ledger"
GENESIS = "0" * 64


def raw_public_key(private_key: Ed25519PrivateKey) -> bytes:
    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))
PUBLIC_KEY = raw_public_key(KEY)
OTHER_KEY = Ed25519PrivateKey.from_private_bytes(bytes(range(1, 33)))


# --- RFC 8785 canonical JSON, against the rfc8785 package -----------------------------------------------------------

# Control characters and astral-plane characters get a strategy of their own, so they turn up in most strings.
characters = st.one_of(
    st.characters(codec="utf-8"),
    st.characters(min_codepoint=0, max_codepoint=0x1F),
    st.characters(min_codepoint=0x10000, max_codepoint=0x10FFFF),
    st.sampled_from('"\\/\x7f\u2028\ufb01\ufeff'),
)
texts = st.text(characters, max_size=12)
safe_integers = st.integers(min_value=-(2**53 - 1), max_value=2**53 - 1)
json_values = st.recursive(
    st.none() | st.booleans() | safe_integers | st.floats(allow_nan=False, allow_infinity=False) | texts,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(texts, children, max_size=5),
    max_leaves=25,
)


@settings(max_examples=400, deadline=None)
@given(json_values)
def test_canonical_json__is_byte_identical_to_rfc8785(value):
    assert verifier.canonical_json(value) == rfc8785.dumps(value)


@settings(max_examples=400, deadline=None)
@given(st.floats(allow_nan=False, allow_infinity=False) | st.floats(min_value=-1e-5, max_value=1e-5))
def test_canonical_json__writes_numbers_as_ecmascript_does(number):
    assert verifier.canonical_json(number) == rfc8785.dumps(number)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (1e21, b"1e+21"),
        (1e20, b"100000000000000000000"),
        (1e-7, b"1e-7"),
        (1e-6, b"0.000001"),
        (-0.0, b"0"),
        (1.0, b"1"),
        (5e-324, b"5e-324"),
        (123456789012345680000.0, b"123456789012345680000"),
        (-1.5e300, b"-1.5e+300"),
        (2**53 - 1, b"9007199254740991"),
        ('\u0007\b\f\n\r\t"\\/\x7f\u00e9', '"\\u0007\\b\\f\\n\\r\\t\\"\\\\/\x7f\u00e9"'.encode()),
        ({"\ufb01": 1, "\U0001f600": 2, "a": 3}, '{"a":3,"\U0001f600":2,"\ufb01":1}'.encode()),
    ],
)
def test_canonical_json__known_encodings(value, expected):
    # The astral key sorts before U+FB01: its first UTF-16 code unit is a surrogate, 0xD83D.
    assert verifier.canonical_json(value) == expected == rfc8785.dumps(value)


@pytest.mark.parametrize(
    "value", [2**53, -(2**53), float("nan"), float("inf"), float("-inf"), "\ud800", {"\udfff": 1}, {1: 2}, object()]
)
def test_canonical_json__refuses_what_rfc8785_refuses(value):
    with pytest.raises(ValueError):
        verifier.canonical_json(value)
    with pytest.raises(ValueError):
        rfc8785.dumps(value)


# --- Ed25519, against cryptography and RFC 8032 -------------------------------------------------------------------

# RFC 8032 section 7.1: TEST 1, 2, 3 and SHA(abc) (public key, message, signature).
RFC8032_VECTORS = [
    (
        "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a",
        "",
        "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24"
        "655141438e7a100b",
    ),
    (
        "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c",
        "72",
        "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aee"
        "b00d291612bb0c00",
    ),
    (
        "fc51cd8e6218a1a38da47ed00230f0580816ed13ba3303ac5deb911548908025",
        "af82",
        "6291d657deec24024827e69c3abe01a30ce548a284743a445e3680d7db5ac3ac18ff9b538d16f290ae67f760984dc6594a7c15e9716ed28d"
        "c027beceea1ec40a",
    ),
    (
        "ec172b93ad5e563bf4932c70e1245034c35467ef2efd4d64ebf819683467e2bf",
        hashlib.sha512(b"abc").hexdigest(),
        "dc2a4459e7369633a52b1bf277839a00201009a3efbf3ecb69bea2186c26b58909351fc9ac90b3ecfdfbc7c66431e0303dca179c138ac17a"
        "d9bef1177331a704",
    ),
]
ORDER = 2**252 + 27742317777372353535851937790883648493
FIELD = 2**255 - 19


@pytest.mark.parametrize(("public_key", "message", "signature"), RFC8032_VECTORS)
def test_ed25519_verify__accepts_the_rfc_8032_vectors_and_nothing_near_them(public_key, message, signature):
    public_key, message, signature = bytes.fromhex(public_key), bytes.fromhex(message), bytes.fromhex(signature)
    assert verifier.ed25519_verify(public_key, message, signature)
    assert not verifier.ed25519_verify(public_key, message + b"\x00", signature)
    for position in (0, 31, 32, 63):
        tampered = bytearray(signature)
        tampered[position] ^= 0x01
        assert not verifier.ed25519_verify(public_key, message, bytes(tampered))


def cryptography_verifies(public_key: bytes, message: bytes, signature: bytes) -> bool:
    try:
        Ed25519PublicKey.from_public_bytes(public_key).verify(signature, message)
    except (InvalidSignature, ValueError):
        return False
    return True


def flip(data: bytes, bit: int) -> bytes:
    tampered = bytearray(data)
    tampered[bit // 8 % len(data)] ^= 1 << (bit % 8)
    return bytes(tampered)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.binary(min_size=32, max_size=32), st.binary(max_size=200), st.integers(min_value=0, max_value=511))
def test_ed25519_verify__agrees_with_cryptography_on_random_and_tampered_signatures(seed, message, bit):
    private_key = Ed25519PrivateKey.from_private_bytes(seed)
    public_key = raw_public_key(private_key)
    signature = private_key.sign(message)
    assert verifier.ed25519_verify(public_key, message, signature)
    tampered_message = flip(message, bit) if message else b"\x00"
    assert not verifier.ed25519_verify(public_key, tampered_message, signature)
    tampered_signature = flip(signature, bit)
    assert verifier.ed25519_verify(public_key, message, tampered_signature) is cryptography_verifies(
        public_key, message, tampered_signature
    )
    assert verifier.ed25519_verify(public_key, message, tampered_signature) is False
    tampered_key = flip(public_key, bit % 256)
    assert verifier.ed25519_verify(tampered_key, message, signature) is cryptography_verifies(
        tampered_key, message, signature
    )


def identity_point(y: int = 1, x_odd: bool = False) -> bytes:
    return ((1 << 255 if x_odd else 0) | y).to_bytes(32, "little")


def test_ed25519_verify__refuses_scalars_of_the_group_order_and_above():
    # With the identity as both key and R, [S]B = R + [k]A holds for S = 0 and, were S not checked, for S = L too.
    identity = identity_point()
    assert verifier.ed25519_verify(identity, b"any message", identity + (0).to_bytes(32, "little"))
    assert not verifier.ed25519_verify(identity, b"any message", identity + ORDER.to_bytes(32, "little"))
    signature = KEY.sign(b"message")
    s = int.from_bytes(signature[32:], "little")
    assert not verifier.ed25519_verify(PUBLIC_KEY, b"message", signature[:32] + (s + ORDER).to_bytes(32, "little"))


@pytest.mark.parametrize("encoding", [identity_point(y=FIELD + 1), identity_point(x_odd=True)])
def test_ed25519_verify__refuses_non_canonical_point_encodings(encoding):
    # Each encoding decodes to the identity if decoding is lax; the canonical one verifies in the same place.
    canonical = identity_point()
    signature = canonical + (0).to_bytes(32, "little")
    assert verifier.ed25519_verify(canonical, b"m", signature)
    assert not verifier.ed25519_verify(encoding, b"m", signature)
    assert not verifier.ed25519_verify(canonical, b"m", encoding + (0).to_bytes(32, "little"))


def test_ed25519_verify__refuses_wrong_lengths_and_points_off_the_curve():
    signature = KEY.sign(b"m")
    assert not verifier.ed25519_verify(PUBLIC_KEY[:31], b"m", signature)
    assert not verifier.ed25519_verify(PUBLIC_KEY, b"m", signature[:63])
    assert not verifier.ed25519_verify((2).to_bytes(32, "little"), b"m", signature)  # y = 2 has no x on the curve
    with pytest.raises(TypeError):
        verifier.ed25519_verify(PUBLIC_KEY.hex(), b"m", signature)


# --- The Merkle tree, against a naive reference written from RFC 9162 section 2.1 ----------------------------------


def reference_largest_power_below(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def reference_mth(data: list[bytes]) -> bytes:
    """The reference: MTH exactly as RFC 9162 section 2.1.1 defines it, recursing on the leaves' data."""
    if not data:
        return hashlib.sha256(b"").digest()
    if len(data) == 1:
        return hashlib.sha256(b"\x00" + data[0]).digest()
    k = reference_largest_power_below(len(data))
    return hashlib.sha256(b"\x01" + reference_mth(data[:k]) + reference_mth(data[k:])).digest()


def reference_path(m: int, data: list[bytes]) -> list[bytes]:
    """The reference PATH(m, D[n]) of RFC 9162 section 2.1.3.1."""
    if len(data) == 1:
        return []
    k = reference_largest_power_below(len(data))
    if m < k:
        return reference_path(m, data[:k]) + [reference_mth(data[k:])]
    return reference_path(m - k, data[k:]) + [reference_mth(data[:k])]


def reference_subproof(m: int, data: list[bytes], complete: bool) -> list[bytes]:
    """The reference SUBPROOF(m, D[n], b) of RFC 9162 section 2.1.4.1."""
    if m == len(data):
        return [] if complete else [reference_mth(data)]
    k = reference_largest_power_below(len(data))
    if m <= k:
        return reference_subproof(m, data[:k], complete) + [reference_mth(data[k:])]
    return reference_subproof(m - k, data[k:], False) + [reference_mth(data[:k])]


DATA = [f"leaf {i}".encode() for i in range(300)]
LEAVES = [hashlib.sha256(b"\x00" + d).digest() for d in DATA]


@functools.cache
def reference_root(size: int) -> bytes:
    return reference_mth(DATA[:size])


def test_leaf_and_node_hashes__are_the_rfc_9162_ones():
    assert verifier.leaf_hash(b"abc") == hashlib.sha256(b"\x00abc").digest()
    assert verifier.node_hash(b"L" * 32, b"R" * 32) == hashlib.sha256(b"\x01" + b"L" * 32 + b"R" * 32).digest()


@pytest.mark.parametrize("size", range(71))
def test_tree_root__matches_the_reference(size):
    assert verifier.tree_root(LEAVES[:size]) == reference_root(size)


def test_tree_root__of_the_empty_tree_is_the_hash_of_nothing():
    assert verifier.tree_root([]) == hashlib.sha256(b"").digest()


def tampered_variants(proof: list[bytes]):
    """Yield the proof with each element changed, one dropped, one added, and two swapped."""
    for position in range(len(proof)):
        changed = list(proof)
        changed[position] = flip(changed[position], 0)
        yield changed
    if proof:
        yield proof[:-1]
        yield proof[1:]
    yield [*proof, LEAVES[0]]
    yield [LEAVES[0], *proof]
    if len(proof) > 1 and proof[0] != proof[1]:
        yield [proof[1], proof[0], *proof[2:]]


@pytest.mark.parametrize("size", range(1, 41))
def test_inclusion_proof__every_leaf_proves_and_any_change_fails(size):
    root = reference_root(size)
    for index in range(size):
        proof = verifier.inclusion_proof(LEAVES[:size], index)
        assert proof == reference_path(index, DATA[:size])
        assert verifier.verify_inclusion(index, size, LEAVES[index], proof, root)
        assert not verifier.verify_inclusion(index, size, LEAVES[size], proof, root)
        assert not verifier.verify_inclusion(index, size, LEAVES[index], proof, flip(root, 7))
        for other in range(-1, size + 1):
            if other != index:
                assert not verifier.verify_inclusion(other, size, LEAVES[index], proof, root)
        # A size with its own root: a proof is only good for the tree it was made in.
        for other_size in (size - 1, size + 1):
            if index < other_size:
                assert not verifier.verify_inclusion(
                    index, other_size, LEAVES[index], proof, reference_root(other_size)
                )
        for tampered in tampered_variants(proof):
            assert not verifier.verify_inclusion(index, size, LEAVES[index], tampered, root)


@pytest.mark.parametrize("size", [1, 2, 7, 40])
def test_inclusion_proof__refuses_an_index_outside_the_tree(size):
    for index in (-1, size, size + 5):
        with pytest.raises(ValueError):
            verifier.inclusion_proof(LEAVES[:size], index)
    with pytest.raises(ValueError):
        verifier.inclusion_proof([], 0)


@pytest.mark.parametrize("new_size", range(1, 41))
def test_consistency_proof__every_pair_proves_and_any_change_fails(new_size):
    new_root = reference_root(new_size)
    for old_size in range(1, new_size + 1):
        old_root = reference_root(old_size)
        proof = verifier.consistency_proof(LEAVES[:new_size], old_size)
        assert proof == reference_subproof(old_size, DATA[:new_size], True)
        assert verifier.verify_consistency(old_size, new_size, old_root, new_root, proof)
        assert not verifier.verify_consistency(old_size, new_size, flip(old_root, 3), new_root, proof)
        assert not verifier.verify_consistency(old_size, new_size, old_root, flip(new_root, 3), proof)
        for tampered in tampered_variants(proof):
            assert not verifier.verify_consistency(old_size, new_size, old_root, new_root, tampered)
        # Other sizes with their own roots: accepted only where that pair's proof happens to be this one.
        for other_old in (old_size - 1, old_size + 1):
            if 1 <= other_old <= new_size:
                accepted = verifier.verify_consistency(other_old, new_size, reference_root(other_old), new_root, proof)
                assert accepted is (verifier.consistency_proof(LEAVES[:new_size], other_old) == proof)
        for other_new in (new_size - 1, new_size + 1):
            if old_size <= other_new:
                accepted = verifier.verify_consistency(old_size, other_new, old_root, reference_root(other_new), proof)
                assert accepted is (verifier.consistency_proof(LEAVES[:other_new], old_size) == proof)


def test_consistency_proof__edge_cases_as_the_rfc_says():
    root = reference_root(7)
    assert verifier.consistency_proof(LEAVES[:7], 7) == []
    assert verifier.verify_consistency(7, 7, root, root, [])
    assert not verifier.verify_consistency(7, 7, root, reference_root(6), [])
    assert not verifier.verify_consistency(7, 7, root, root, [root])
    assert not verifier.verify_consistency(3, 7, reference_root(3), root, [])  # only equal sizes have an empty proof
    for old_size in (0, -1, 8):
        with pytest.raises(ValueError):
            verifier.consistency_proof(LEAVES[:7], old_size)
    # The RFC defines proofs for 0 < old size <= new size only.
    assert not verifier.verify_consistency(0, 7, hashlib.sha256(b"").digest(), root, [])
    assert not verifier.verify_consistency(8, 7, reference_root(8), root, [])


def test_proofs__rfc_6962_seven_leaf_example():
    """RFC 6962 section 2.1.3's tree of d0..d6: the audit paths and consistency proofs it lists, node for node."""
    a, b, c, d, e, f, j = LEAVES[:7]
    g, h, i = verifier.node_hash(a, b), verifier.node_hash(c, d), verifier.node_hash(e, f)
    k, l = verifier.node_hash(g, h), verifier.node_hash(i, j)  # noqa: E741 (the RFC's name for the node)
    assert verifier.tree_root(LEAVES[:7]) == verifier.node_hash(k, l)
    assert verifier.inclusion_proof(LEAVES[:7], 0) == [b, h, l]
    assert verifier.inclusion_proof(LEAVES[:7], 3) == [c, g, l]
    assert verifier.inclusion_proof(LEAVES[:7], 4) == [f, j, k]
    assert verifier.inclusion_proof(LEAVES[:7], 6) == [i, k]
    assert verifier.consistency_proof(LEAVES[:7], 3) == [c, d, g, l]
    assert verifier.consistency_proof(LEAVES[:7], 4) == [l]
    assert verifier.consistency_proof(LEAVES[:7], 6) == [i, j, k]


def test_proofs__larger_trees_match_the_reference():
    size = len(LEAVES)
    root = reference_root(size)
    for index in (0, 1, 15, 16, 17, 127, 128, 255, 256, 299):
        proof = verifier.inclusion_proof(LEAVES, index)
        assert proof == reference_path(index, DATA)
        assert verifier.verify_inclusion(index, size, LEAVES[index], proof, root)
    for old_size in (1, 15, 16, 17, 64, 100, 128, 129, 256, 257, 299):
        proof = verifier.consistency_proof(LEAVES, old_size)
        assert proof == reference_subproof(old_size, DATA, True)
        assert verifier.verify_consistency(old_size, size, reference_root(old_size), root, proof)


def test_proofs__a_tree_of_a_hundred_thousand_leaves_needs_no_deep_recursion():
    leaves = [hashlib.sha256(n.to_bytes(4, "big")).digest() for n in range(100_003)]
    root = verifier.tree_root(leaves)
    proof = verifier.inclusion_proof(leaves, 100_002)
    assert verifier.verify_inclusion(100_002, len(leaves), leaves[100_002], proof, root)
    proof = verifier.consistency_proof(leaves, 65_537)
    assert verifier.verify_consistency(65_537, len(leaves), verifier.tree_root(leaves[:65_537]), root, proof)


# --- Exports -----------------------------------------------------------------------------------------------------


def chain_entry(sequence: int, previous_hash: str, content: dict) -> dict:
    """Make an entry as claims/record/ledger.py does, with rfc8785 and hashlib rather than the verifier."""
    digest = hashlib.sha256(rfc8785.dumps(content)).hexdigest()
    return {
        "sequence": sequence,
        "kind": "claim",
        "content": content,
        "content_hash": digest,
        "previous_hash": previous_hash,
        "entry_hash": hashlib.sha256((previous_hash + digest).encode("ascii")).hexdigest(),
        "recorded_at": f"2025-03-{sequence:02d}T12:00:00+00:00",
    }


def content_of(sequence: int) -> dict:
    return {"kind": "claim", "claim": sequence, "statement": f"Rates fall by March ({sequence})", "probability": 0.7}


def relink(entries: list[dict], start: int) -> None:
    """Recompute every hash from position start on, as someone rewriting the ledger consistently would."""
    for position in range(start, len(entries)):
        previous = entries[position - 1]["entry_hash"] if position else GENESIS
        entries[position] = chain_entry(entries[position]["sequence"], previous, entries[position]["content"])


def leaf_data(entry: dict) -> bytes:
    names = ("sequence", "kind", "content_hash", "previous_hash", "entry_hash", "recorded_at")
    return rfc8785.dumps({name: entry[name] for name in names})


def signed_head(entries: list[dict], size: int, key: Ed25519PrivateKey = KEY, root: str | None = None) -> dict:
    head = {
        "log": LOG,
        "tree_size": size,
        "root_hash": root or reference_mth([leaf_data(entry) for entry in entries[:size]]).hex(),
        "timestamp": f"2025-04-{size + 1:02d}T00:00:00Z",
    }
    head["signature"] = base64.b64encode(key.sign(rfc8785.dumps(head))).decode()
    return head


def make_export(count: int = 8, head_sizes=(2, 5, 8)) -> dict:
    entries, previous = [], GENESIS
    for sequence in range(1, count + 1):
        entries.append(chain_entry(sequence, previous, content_of(sequence)))
        previous = entries[-1]["entry_hash"]
    return {
        "format": "tracker-ledger/1",
        "log": LOG,
        "public_key": base64.b64encode(PUBLIC_KEY).decode(),
        "entries": entries,
        "heads": [signed_head(entries, size) for size in head_sizes],
    }


def codes(findings) -> list[str]:
    return sorted({finding.code for finding in findings})


@pytest.fixture
def export():
    return make_export()


@pytest.fixture
def kept(export):
    return copy.deepcopy(export["heads"][-1])


def test_verify_export__a_clean_export_holds(export, kept):
    assert verifier.verify_export(export) == []
    assert verifier.verify_export(export, kept) == []
    assert verifier.verify_export(export, kept, PUBLIC_KEY) == []
    assert verifier.verify_export(export, copy.deepcopy(export["heads"][0]), PUBLIC_KEY) == []


def test_verify_export__an_empty_ledger_holds():
    assert verifier.verify_export(make_export(count=0, head_sizes=(0,))) == []


def test_verify_export__the_leaf_is_the_canonical_entry_without_its_content(export):
    entry = export["entries"][2]
    assert verifier.entry_leaf_data(entry) == leaf_data(entry)
    assert verifier.entry_leaf_hash(entry) == hashlib.sha256(b"\x00" + leaf_data(entry)).digest()
    assert verifier.head_message(export["heads"][0]) == rfc8785.dumps(
        {name: export["heads"][0][name] for name in ("log", "tree_size", "root_hash", "timestamp")}
    )


def test_verify_export__altered_content_is_named_as_altered(export, kept):
    export["entries"][3]["content"]["probability"] = 0.9
    findings = verifier.verify_export(export, kept)
    assert codes(findings) == ["entry_altered"]
    assert [(finding.sequence, "content" in finding.message) for finding in findings] == [(4, True)]


def test_verify_export__an_altered_entry_hash_is_named_as_altered_and_not_as_a_rewrite(export, kept):
    export["entries"][3]["entry_hash"] = "f" * 64
    findings = verifier.verify_export(export, kept)
    assert codes(findings) == ["entry_altered"]
    assert [finding.sequence for finding in findings] == [4]


def test_verify_export__a_link_to_the_wrong_entry_is_a_broken_link(export, kept):
    # Entry #5 is consistent in itself but no longer follows #4 (so #6 no longer follows it either).
    entries = export["entries"]
    entries[4] = chain_entry(5, "e" * 64, entries[4]["content"])
    findings = verifier.verify_export(export, kept)
    assert codes(findings) == ["broken_link"]
    assert [finding.sequence for finding in findings] == [5, 6]


def test_verify_export__a_deleted_middle_entry_is_named_as_removed(export, kept):
    del export["entries"][4]
    findings = verifier.verify_export(export, kept)
    assert codes(findings) == ["entry_removed"]
    assert [finding.sequence for finding in findings] == [5]
    assert "Entry #5 was removed" in findings[0].message


def test_verify_export__deleted_entries_are_named_by_their_numbers(export):
    del export["entries"][4:6]
    findings = verifier.verify_export(export)
    assert codes(findings) == ["entry_removed"]
    assert "Entries #5 to #6 were removed" in findings[0].message


def test_verify_export__a_truncated_export_is_named_against_the_kept_head(export, kept):
    del export["entries"][6:]
    export["heads"] = export["heads"][:2]  # the operator dropped the head that covered the lost entries too
    findings = verifier.verify_export(export, kept)
    assert codes(findings) == ["entry_removed"]
    assert "truncated: the kept head covers 8 entries, the export only 6" in findings[0].message
    assert findings[0].sequence == 7
    assert verifier.verify_export(export) == []  # without the kept head nothing shows it


def test_verify_export__a_truncated_export_is_named_against_its_own_signed_head(export):
    del export["entries"][6:]
    findings = verifier.verify_export(export)
    assert codes(findings) == ["entry_removed"]
    assert "truncated" in findings[0].message and "covers 8 entries, the export only 6" in findings[0].message


def rewrite_entry_three(export: dict) -> None:
    entries = export["entries"]
    entries[2]["content"]["statement"] = "Rates rise by March"
    relink(entries, 2)


def test_verify_export__a_consistent_rewrite_is_named_as_a_rewrite_and_narrowed_by_the_old_heads(export, kept):
    rewrite_entry_three(export)
    findings = verifier.verify_export(export, kept)
    assert codes(findings) == ["tree_rewritten"]
    assert "entry_altered" not in codes(findings)
    (finding,) = findings
    assert "the last that still matches is the export's head 1 (size 2" in finding.message
    assert "the rewrite lies in entries #3 to #5" in finding.message
    assert finding.sequence == 3


def test_verify_export__a_rewrite_without_a_kept_head_shows_in_the_old_signed_heads(export):
    rewrite_entry_three(export)
    findings = verifier.verify_export(export)
    assert codes(findings) == ["head_inconsistent"]
    assert [finding.message.split(" (")[0] for finding in findings] == ["The export's head 2", "The export's head 3"]


def test_verify_export__a_rewrite_re_signed_by_the_operator_is_a_fork_of_the_kept_head(export, kept):
    rewrite_entry_three(export)
    export["heads"] = [signed_head(export["entries"], size) for size in (2, 5, 8)]
    findings = verifier.verify_export(export, kept)
    assert codes(findings) == ["tree_rewritten"]
    assert "the export's head 3 (size 8" in findings[0].message
    assert "the log signed two different versions of its first 8 entries" in findings[0].message
    assert "it may lie anywhere in entries #1 to #8" in findings[0].message  # re-signed heads are no evidence


def test_verify_export__a_change_to_a_field_outside_the_chain_is_caught_by_the_tree(export, kept):
    export["entries"][5]["recorded_at"] = "2025-01-01T00:00:00+00:00"
    findings = verifier.verify_export(export, kept)
    assert codes(findings) == ["tree_rewritten"]
    assert "entries #6 to #8" in findings[0].message


def test_verify_export__a_forged_signature_on_an_exported_head(export, kept):
    signature = bytearray(base64.b64decode(export["heads"][1]["signature"]))
    signature[10] ^= 0xFF
    export["heads"][1]["signature"] = base64.b64encode(signature).decode()
    findings = verifier.verify_export(export, kept)
    assert codes(findings) == ["bad_signature"]
    assert findings[0].message.startswith("The export's head 2 (size 5")


def test_verify_export__a_head_changed_without_its_signature(export):
    export["heads"][1]["root_hash"] = "a" * 64
    assert codes(verifier.verify_export(export)) == ["bad_signature"]
    export["heads"][1]["signature"] = "not base64!"
    assert codes(verifier.verify_export(export)) == ["bad_signature"]


def test_verify_export__a_forged_kept_head(export, kept):
    forged = signed_head(export["entries"], 8, key=OTHER_KEY)
    assert codes(verifier.verify_export(export, forged)) == ["bad_signature"]


def test_verify_export__the_readers_key_wins_over_the_exports(export, kept):
    other = raw_public_key(OTHER_KEY)
    findings = verifier.verify_export(export, kept, other)
    assert codes(findings) == ["bad_signature", "key_differs"]
    assert sum(finding.code == "bad_signature" for finding in findings) == 4  # the kept head and the three exported
    assert all("the export names a different one" in f.message for f in findings if f.code == "bad_signature")


def test_verify_export__a_replaced_key_is_caught_by_the_kept_head_or_the_readers_key(export, kept):
    # The operator swaps in a key of their own and re-signs every head with it.
    export["public_key"] = base64.b64encode(raw_public_key(OTHER_KEY)).decode()
    export["heads"] = [signed_head(export["entries"], size, key=OTHER_KEY) for size in (2, 5, 8)]
    assert verifier.verify_export(export) == []  # nothing to compare it with
    findings = verifier.verify_export(export, kept)
    assert codes(findings) == ["bad_signature"]
    assert findings[0].message.startswith("The head you kept")
    assert codes(verifier.verify_export(export, None, PUBLIC_KEY)) == ["bad_signature", "key_differs"]


def test_verify_export__a_signed_head_over_another_root_is_inconsistent(export, kept):
    export["heads"][1] = signed_head(export["entries"], 5, root="b" * 64)
    findings = verifier.verify_export(export, kept)
    assert codes(findings) == ["head_inconsistent"]
    assert findings[0].message.startswith("The export's head 2 (size 5")
    assert "The head you kept (size 8" in findings[0].message and "cannot both be honest" in findings[0].message
    findings = verifier.verify_export(export)
    assert codes(findings) == ["head_inconsistent"]
    assert "The export's head 3 (size 8" in findings[0].message and "cannot both be honest" in findings[0].message
    del export["heads"][2]
    (finding,) = verifier.verify_export(export)
    assert "The last head that still matches is the export's head 1 (size 2" in finding.message
    assert "entries #3 to #5 changed after it was signed" in finding.message


def test_verify_export__a_later_head_that_covers_fewer_entries_is_inconsistent(export):
    export["heads"] = [export["heads"][1], export["heads"][0]]
    findings = verifier.verify_export(export)
    assert codes(findings) == ["head_inconsistent"]
    assert "the log shrank" in findings[0].message


def test_verify_export__checks_each_head_extends_the_one_before_with_consistency_proofs(export, kept, monkeypatch):
    calls = []
    real = verifier.verify_consistency

    def recording(old_size, new_size, old_root, new_root, proof):
        calls.append((old_size, new_size, real(old_size, new_size, old_root, new_root, proof)))
        return calls[-1][2]

    monkeypatch.setattr(verifier, "verify_consistency", recording)
    assert verifier.verify_export(export, kept) == []
    assert calls == [(2, 5, True), (5, 8, True), (8, 8, True)]
    monkeypatch.setattr(verifier, "verify_consistency", lambda *arguments: False)
    findings = verifier.verify_export(export, kept)
    assert codes(findings) == ["head_inconsistent"]
    assert all("does not extend" in finding.message for finding in findings)


def test_verify_export__a_duplicated_entry(export):
    export["entries"].insert(4, copy.deepcopy(export["entries"][3]))
    assert codes(verifier.verify_export(export)) == ["entry_duplicated"]


def test_verify_export__entries_listed_out_of_order_still_hold(export, kept):
    export["entries"].reverse()
    assert verifier.verify_export(export, kept) == []


def test_verify_export__a_head_of_another_log(export):
    other = {
        "log": "elsewhere",
        "tree_size": 2,
        "root_hash": export["heads"][0]["root_hash"],
        "timestamp": "2025-04-03",
    }
    other["signature"] = base64.b64encode(KEY.sign(rfc8785.dumps(other))).decode()
    assert codes(verifier.verify_export(export, other)) == ["wrong_log"]


@pytest.mark.parametrize(
    "breakage",
    [
        lambda export: export.update(format="tracker-ledger/2"),
        lambda export: export.update(entries={}),
        lambda export: export["entries"][0].update(sequence=True),
        lambda export: export["entries"][0].pop("content"),
        lambda export: export["heads"][0].update(tree_size="8"),
        lambda export: export.update(public_key="***"),
    ],
)
def test_verify_export__an_unreadable_export_is_refused(export, breakage):
    breakage(export)
    with pytest.raises(verifier.ExportError):
        verifier.verify_export(export)


# --- The command line, run as a reader would ------------------------------------------------------------------------


def run(*arguments):
    # -I -S: no site-packages and no environment, only the standard library, as on a reader's machine.
    return subprocess.run(
        [sys.executable, "-I", "-S", str(VERIFIER), *map(str, arguments)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture
def export_file(tmp_path, export):
    path = tmp_path / "export.json"
    path.write_text(json.dumps(export))
    return path


def test_cli__a_clean_export_holds_and_its_head_can_be_kept(tmp_path, export_file):
    kept_path = tmp_path / "kept.json"
    result = run(export_file, "--save-head", kept_path)
    assert result.returncode == 0, result.stderr
    assert "The ledger holds: 8 entries, tree root " in result.stdout
    assert json.loads(kept_path.read_text())["tree_size"] == 8
    result = run(export_file, "--head", kept_path, "--key", base64.b64encode(PUBLIC_KEY).decode())
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("consistent with the head you kept (size 8).")


def test_cli__a_tampered_export_prints_each_finding_and_exits_1(tmp_path, export, export_file):
    kept_path = tmp_path / "kept.json"
    kept_path.write_text(json.dumps(export["heads"][-1]))
    del export["entries"][6:]
    export["entries"][1]["content"]["claim"] = 99
    export_file.write_text(json.dumps(export))
    result = run(export_file, "--head", kept_path, "--save-head", tmp_path / "new.json")
    assert result.returncode == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith("entry_altered: Entry #2 was altered")
    assert lines[1].startswith("entry_removed: The export was truncated: the kept head covers 8 entries")
    assert lines[2] == "The ledger does not hold: 2 findings (entry_altered, entry_removed)."
    assert not (tmp_path / "new.json").exists()


def test_cli__a_wrong_key_exits_1(export_file):
    result = run(export_file, "--key", base64.b64encode(raw_public_key(OTHER_KEY)).decode())
    assert result.returncode == 1
    assert "bad_signature:" in result.stdout and "key_differs:" in result.stdout


@pytest.mark.parametrize(
    ("contents", "arguments", "says"),
    [
        (None, [], "cannot read"),
        ("{not json", [], "is not JSON"),
        ('{"format": "other"}', [], "format"),
        (json.dumps(make_export()), ["--key", "%%%"], "--key is not the base64"),
        (json.dumps(make_export()), ["--key", base64.b64encode(b"short").decode()], "--key is not the base64"),
        (json.dumps(make_export()), ["--head", "/nonexistent/kept.json"], "cannot read /nonexistent/kept.json"),
    ],
)
def test_cli__unreadable_input_exits_2_with_one_line(tmp_path, contents, arguments, says):
    path = tmp_path / "export.json"
    if contents is not None:
        path.write_text(contents)
    result = run(path, *arguments)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and says in result.stderr
    assert "Traceback" not in result.stderr


@pytest.fixture
def served(tmp_path, export_file):
    handler = functools.partial(http.server.SimpleHTTPRequestHandler, directory=str(tmp_path))
    handler.log_message = lambda *arguments: None
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
    thread.join()


def test_cli__reads_an_export_from_a_url(served):
    result = run(f"{served}/export.json")
    assert result.returncode == 0, result.stderr
    assert "The ledger holds: 8 entries" in result.stdout
    result = run(f"{served}/missing.json")
    assert result.returncode == 2
    assert "HTTP 404" in result.stderr and "Traceback" not in result.stderr


def test_main__runs_in_process(export_file, capsys):
    assert verifier.main([str(export_file)]) == 0
    assert capsys.readouterr().out.startswith("The ledger holds: 8 entries")


IMPORT_AND_SAY_WHETHER_DJANGO_CAME_TOO = """
import sys
sys.path.insert(0, sys.argv[1])
import claims.record.verifier
print("django" in sys.modules)
"""


def test_verifier__imports_only_the_standard_library_and_parses_as_python_3_9():
    tree = ast.parse(VERIFIER.read_text(), feature_version=(3, 9))
    imported = {
        alias.name.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.Import) for alias in node.names
    }
    imported |= {node.module.split(".")[0] for node in ast.walk(tree) if isinstance(node, ast.ImportFrom)}
    assert imported <= sys.stdlib_module_names | {"__future__"}
    result = subprocess.run(
        [sys.executable, "-I", "-S", "-c", IMPORT_AND_SAY_WHETHER_DJANGO_CAME_TOO, str(VERIFIER.parents[2])],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "False", result.stderr
