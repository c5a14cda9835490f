"""Signed tree heads, proofs and the export: what a reader checks without trusting the operator.

The proofs the site serves are checked with the stand-alone verifier's own verify_inclusion and
verify_consistency (RFC 9162 §2.1.3.2 and §2.1.4.2), the signatures with cryptography's Ed25519, the time-stamp
with `openssl ts -verify` (an implementation independent of the one under test).
"""

import base64
import datetime
import hashlib
import json
import subprocess
import sys

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.core.management import CommandError, call_command
from django.db import IntegrityError, InternalError, transaction
from django.test import override_settings
from django.urls import reverse

from claims.models import Claim, LedgerEntry, TreeHead
from claims.record import heads, ledger, verifier
from claims.services import claim_update, evidence_attach
from tests.claims.record.test_ledger import behind_the_back
from tests.factories import ReportFactory
from tests.tsa import local_tsa  # noqa: F401 -- a fixture
from tracker import timestamping

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo(db):
    call_command("load_demo")  # signs the first head


def test_load_demo__signs_a_head_of_the_whole_ledger(demo):
    head = heads.latest_head()
    assert head.tree_size == LedgerEntry.objects.count()
    assert head.root_hash == verifier.tree_root(heads.leaf_hashes()).hex()
    public = Ed25519PublicKey.from_public_bytes(base64.b64decode(head.public_key))
    public.verify(base64.b64decode(head.signature), verifier.head_message(heads.head_text(head)))  # raises if bad


def test_every_inclusion_proof_served__verifies_and_a_wrong_leaf_does_not(client, demo):
    head = heads.latest_head()
    root = bytes.fromhex(head.root_hash)
    for sequence in [1, 2, head.tree_size // 2, head.tree_size]:
        proof = client.get(reverse("api:ledger_inclusion"), {"sequence": sequence}).json()
        entry = client.get(reverse("api:ledger_entry", kwargs={"sequence": sequence})).json()
        leaf = verifier.entry_leaf_hash(entry)
        path = [bytes.fromhex(node) for node in proof["audit_path"]]
        assert proof["tree_size"] == head.tree_size and proof["leaf_hash"] == leaf.hex()
        assert verifier.verify_inclusion(sequence - 1, head.tree_size, leaf, path, root)
        assert not verifier.verify_inclusion(sequence - 1, head.tree_size, hashlib.sha256(b"x").digest(), path, root)


def test_a_consistency_proof_served__shows_the_new_tree_extends_the_kept_head(client, demo):
    kept = heads.latest_head()
    claim = Claim.objects.order_by("pk").first()
    claim_update(claim=claim, statement=claim.statement + " (edited)")
    evidence_attach(claim=claim, report=ReportFactory(), stance="supports")
    newer = heads.publish_head(timestamp=False)
    assert newer.tree_size > kept.tree_size
    proof = client.get(reverse("api:ledger_consistency"), {"first": kept.tree_size}).json()
    assert (proof["first"], proof["second"]) == (kept.tree_size, newer.tree_size)
    path = [bytes.fromhex(node) for node in proof["consistency_path"]]
    old, new = bytes.fromhex(kept.root_hash), bytes.fromhex(newer.root_hash)
    assert verifier.verify_consistency(kept.tree_size, newer.tree_size, old, new, path)
    assert not verifier.verify_consistency(kept.tree_size, newer.tree_size, new, new, path)


@pytest.mark.parametrize(
    ("url", "query"),
    [
        ("api:ledger_inclusion", {"sequence": "0"}),
        ("api:ledger_inclusion", {"sequence": "abc"}),
        ("api:ledger_inclusion", {"sequence": "99999999999999999999999"}),
        ("api:ledger_inclusion", {"sequence": "5", "tree_size": "4"}),
        ("api:ledger_inclusion", {"tree_size": "100000"}),
        ("api:ledger_consistency", {"first": "-1"}),
        ("api:ledger_consistency", {"first": "10", "second": "5"}),
    ],
)
def test_proofs__refuse_bad_sizes_with_400(client, demo, url, query):
    response = client.get(reverse(url), query)
    assert response.status_code == 400
    assert response.json()


def test_without_a_head__the_proofs_and_the_head_say_so_with_404(client, db):
    assert client.get(reverse("api:ledger_head")).status_code == 404
    assert client.get(reverse("api:ledger_inclusion")).json()["detail"] == "No tree head has been signed yet."


def test_heads__cannot_be_changed_or_deleted(demo):
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        TreeHead.objects.update(root_hash="0" * 64)
    with pytest.raises((IntegrityError, InternalError)), transaction.atomic():
        TreeHead.objects.all().delete()


def test_the_export__holds_in_the_stand_alone_verifier_run_as_a_reader_would(client, demo, tmp_path):
    kept = client.get(reverse("api:ledger_head")).json()
    (tmp_path / "kept.json").write_text(json.dumps(kept))
    (tmp_path / "export.json").write_bytes(b"".join(client.get(reverse("claims:ledger_export")).streaming_content))
    verifier_file = tmp_path / "verifier.py"
    verifier_file.write_bytes(b"".join(client.get(reverse("claims:ledger_verifier")).streaming_content))
    key = client.get(reverse("api:ledger_key")).json()["public_key"]
    command = [
        sys.executable,
        "-I",
        str(verifier_file),
        str(tmp_path / "export.json"),
        "--head",
        str(tmp_path / "kept.json"),
    ]
    run = subprocess.run([*command, "--key", key], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "The ledger holds" in run.stdout
    # The same export with one entry's content changed: named, exit 1.
    export = json.loads((tmp_path / "export.json").read_text())
    export["entries"][3]["content"]["rewritten"] = True
    (tmp_path / "export.json").write_text(json.dumps(export))
    run = subprocess.run([*command, "--key", key], capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and "entry_altered" in run.stdout + run.stderr


def test_the_ledger_pages__show_heads_the_key_and_each_entrys_proof(client, demo):
    head = heads.latest_head()
    page = client.get(reverse("claims:ledger")).content.decode()
    assert head.root_hash in page and heads.public_key_text() in page
    feed = client.get(reverse("claims:feed_heads")).content.decode()
    assert head.root_hash[:16] in feed and head.signature in feed
    claim = Claim.objects.order_by("pk").first()
    entry = LedgerEntry.objects.filter(kind="claim", claim=claim).latest("sequence")
    claim_page = client.get(claim.get_absolute_url()).content.decode()
    assert reverse("claims:ledger_entry", kwargs={"sequence": entry.sequence}) in claim_page
    entry_page = client.get(reverse("claims:ledger_entry", kwargs={"sequence": entry.sequence})).content.decode()
    proof = heads.inclusion(entry.sequence, head.tree_size)
    assert all(node in entry_page for node in proof["audit_path"]) and entry.content_hash in entry_page
    assert client.get(reverse("claims:ledger_entry", kwargs={"sequence": 10**30})).status_code == 404


def test_publish_tree_head__is_time_stamped_by_the_configured_authority(demo, local_tsa, tmp_path):  # noqa: F811
    with override_settings(TRACKER_TSA_URL=local_tsa.url, TRACKER_TSA_CERTIFICATES=str(local_tsa.ca_path)):
        call_command("publish_tree_head")
        head = heads.latest_head()
        digest = hashlib.sha256(verifier.head_message(heads.head_text(head))).digest()
        assert abs(timestamping.verify_timestamp(bytes(head.tsa_token), digest) - head.timestamp) < datetime.timedelta(
            minutes=5
        )
    (tmp_path / "token.tst").write_bytes(bytes(head.tsa_token))
    command = timestamping.openssl_verify_command(tmp_path / "token.tst", digest.hex(), local_tsa.ca_path)
    assert subprocess.run(command, capture_output=True, timeout=60).returncode == 0
    assert heads.head_text(head)["timestamp_token"]


def test_publish_tree_head__says_what_is_missing_and_signs_nothing(demo, local_tsa):  # noqa: F811
    before = TreeHead.objects.count()
    with (
        override_settings(TRACKER_LEDGER_SIGNING_KEY="", DEBUG=False),
        pytest.raises(CommandError, match="signing key"),
    ):
        call_command("publish_tree_head")
    local_tsa.mode = "http_error"
    with (
        override_settings(TRACKER_TSA_URL=local_tsa.url, TRACKER_TSA_CERTIFICATES=str(local_tsa.ca_path)),
        pytest.raises(CommandError, match="tsa_bad_reply"),
    ):
        call_command("publish_tree_head")
    assert TreeHead.objects.count() == before


def test_verify_ledger__checks_the_kept_heads_signature(demo):
    head = heads.latest_head()
    ledger_problems = ledger.verify()
    assert ledger_problems == []
    behind_the_back("UPDATE claims_treehead SET tree_size = tree_size - 1 WHERE id = %s", [head.pk])
    codes = {problem.code for problem in ledger.verify()}
    assert "bad_signature" in codes


def test_roots_at__equals_the_verifiers_tree_root_at_every_size():
    leaves = [hashlib.sha256(str(number).encode()).digest() for number in range(70)]
    roots = heads.roots_at(leaves, range(0, 75))
    assert sorted(roots) == list(range(1, 71))
    assert all(roots[size] == verifier.tree_root(leaves[:size]) for size in roots)
