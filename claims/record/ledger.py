"""The tamper-evident ledger: a hash chain over each claim's recorded form and each resolution.

content_hash = SHA-256 of the RFC 8785 canonical JSON of the recorded form;
entry_hash = SHA-256(previous entry_hash + content_hash), hex-encoded, starting from GENESIS_HASH.
Appending takes a transaction-scoped advisory lock, so two writers cannot fork the chain. verify()
recomputes the chain and compares it with the rows as they are now, naming what does not hold.
"""

import hashlib
from dataclasses import dataclass

import rfc8785
from django.db import transaction

from claims.models import Claim, LedgerEntry, LedgerVerification, Resolution
from claims.scoring import figures
from tracker.locks import RECORD_LOCK_KEY, lock_record

GENESIS_HASH = "0" * 64
# Any fixed 64-bit number, the same for every process: the key of the lock that serialises appending.
LEDGER_LOCK_KEY = RECORD_LOCK_KEY


def claim_form(claim: Claim) -> dict:
    """Return the recorded form of a claim: what a commentator is on record as saying, when and where."""
    form = {
        "kind": "claim",
        "claim": claim.pk,
        "commentator": claim.commentator_id,
        "quote": claim.quote,
        "statement": claim.statement,
        "resolution_criteria": claim.resolution_criteria,
        "made_on": claim.made_on.isoformat(),
        "made_precision": claim.made_precision,
        "appeared_in": claim.appeared_in_id,
        "appeared_url": claim.appeared_url,
        "resolve_by": claim.resolve_by.isoformat() if claim.resolve_by else None,
        "probability": claim.probability,
        "estimative_words": claim.estimative_words,
        "retraction": (
            {"reason": claim.retraction_reason, "at": claim.retracted_at.isoformat(), "note": claim.retraction_note}
            if claim.retracted_at
            else None
        ),
    }
    if claim.condition:  # only conditional claims carry the key, so earlier entries keep their hashes
        form["condition"] = claim.condition
    return form


def resolution_form(resolution: Resolution, cited_evidence_ids: list[int]) -> dict:
    """Return the recorded form of a resolution."""
    form = {
        "kind": "resolution",
        "resolution": resolution.pk,
        "claim": resolution.claim_id,
        "outcome": resolution.outcome,
        "resolved_on": resolution.resolved_on.isoformat(),
        "rationale": resolution.rationale,
        "cited_evidence": sorted(cited_evidence_ids),
        "resolved_by": resolution.resolved_by_id,
        "recorded_at": resolution.recorded_at.isoformat(),
    }
    if resolution.condition_met is not None:
        form["condition_met"] = resolution.condition_met
    return form


def content_hash(content: dict) -> str:
    """Return the SHA-256 of the canonical (RFC 8785) JSON encoding of the content."""
    return hashlib.sha256(rfc8785.dumps(content)).hexdigest()


def entry_hash(previous_hash: str, content_digest: str) -> str:
    """Return SHA-256(previous hash + content hash): the link that chains an entry to the one before."""
    return hashlib.sha256((previous_hash + content_digest).encode("ascii")).hexdigest()


def _append(*, kind: str, claim_id: int, content: dict, resolution_id: int | None = None) -> LedgerEntry:
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("The ledger is appended inside the transaction that changes the record.")
    lock_record()
    last = LedgerEntry.objects.order_by("-sequence").values_list("sequence", "entry_hash").first()
    sequence, previous = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    digest = content_hash(content)
    return LedgerEntry.objects.create(
        sequence=sequence,
        kind=kind,
        claim_id=claim_id,
        resolution_id=resolution_id,
        content=content,
        content_hash=digest,
        previous_hash=previous,
        entry_hash=entry_hash(previous, digest),
    )


def record_claim(claim: Claim) -> LedgerEntry | None:
    """Append the claim's recorded form unless the ledger already holds it as it is."""
    content = claim_form(claim)
    latest = LedgerEntry.objects.filter(claim_id=claim.pk, kind=LedgerEntry.Kind.CLAIM).order_by("-sequence").first()
    if latest is not None and latest.content_hash == content_hash(content):
        return None
    return _append(kind=LedgerEntry.Kind.CLAIM, claim_id=claim.pk, content=content)


def record_resolution(resolution: Resolution, cited_evidence_ids: list[int]) -> LedgerEntry:
    """Append a new resolution's recorded form."""
    content = resolution_form(resolution, cited_evidence_ids)
    return _append(
        kind=LedgerEntry.Kind.RESOLUTION, claim_id=resolution.claim_id, resolution_id=resolution.pk, content=content
    )


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    claim_id: int | None = None


def _differences(recorded: dict, current: dict) -> list[str]:
    return sorted(key for key in recorded.keys() | current.keys() if recorded.get(key) != current.get(key))


def verdict_form(latest_resolution: dict | None) -> dict:
    """Return the verdict a claim must carry, given the recorded form of its latest resolution (or None)."""
    if latest_resolution is None:
        return {"outcome": "", "resolved_on": None, "condition_met": None}
    return {
        "outcome": latest_resolution["outcome"],
        "resolved_on": latest_resolution["resolved_on"],
        "condition_met": latest_resolution.get("condition_met"),
    }


def claim_verdict(claim: Claim) -> dict:
    """Return the verdict a claim carries now: the columns every scorecard reads."""
    return {
        "outcome": claim.outcome,
        "resolved_on": claim.resolved_on.isoformat() if claim.resolved_on else None,
        "condition_met": claim.condition_met,
    }


def verify() -> list[Problem]:
    """Recompute the chain and compare it with the record as it is now; return every problem found."""
    problems: list[Problem] = []
    previous, expected_sequence = GENESIS_HASH, 1
    latest_claim_entry: dict[int, LedgerEntry] = {}
    resolution_entries: dict[int, LedgerEntry] = {}
    # The last resolution the chain recorded for each claim: the verdict its outcome columns must show.
    latest_resolution_entry: dict[int, LedgerEntry] = {}
    for entry in LedgerEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        if entry.sequence != expected_sequence:
            missing = (
                f"entry #{expected_sequence}"
                if entry.sequence == expected_sequence + 1
                else f"entries #{expected_sequence} to #{entry.sequence - 1}"
            )
            problems.append(
                Problem("entry_missing", f"Ledger {missing} missing: the chain was cut before #{entry.sequence}.")
            )
        if entry.previous_hash != previous:
            problems.append(
                Problem(
                    "broken_link",
                    f"Ledger entry #{entry.sequence} does not follow the entry before it: its previous hash "
                    f"{entry.previous_hash[:12]}… should be {previous[:12]}….",
                    entry.claim_id,
                )
            )
        if (
            content_hash(entry.content) != entry.content_hash
            or entry_hash(entry.previous_hash, entry.content_hash) != entry.entry_hash
        ):
            problems.append(
                Problem(
                    "entry_altered",
                    f"Ledger entry #{entry.sequence} (claim {entry.claim_id}) was altered: its hashes no longer match "
                    "its content.",
                    entry.claim_id,
                )
            )
        previous, expected_sequence = entry.entry_hash, entry.sequence + 1
        if entry.kind == LedgerEntry.Kind.CLAIM:
            latest_claim_entry[entry.claim_id] = entry
        else:
            resolution_entries[entry.resolution_id] = entry
            latest_resolution_entry[entry.claim_id] = entry

    claims = Claim.objects.all().iterator(chunk_size=2000)
    seen_claims = set()
    for claim in claims:
        seen_claims.add(claim.pk)
        entry = latest_claim_entry.get(claim.pk)
        if entry is None:
            problems.append(
                Problem(
                    "claim_unrecorded",
                    f"Claim {claim.pk} has no ledger entry: it was added outside the application.",
                    claim.pk,
                )
            )
            continue
        current = claim_form(claim)
        if content_hash(current) != entry.content_hash:
            fields = ", ".join(_differences(entry.content, current))
            problems.append(
                Problem(
                    "claim_altered",
                    f"Claim {claim.pk} differs from what ledger entry #{entry.sequence} recorded ({fields}): it was "
                    "changed outside the application. Compare it with the entry and its history, then restore it "
                    "or record the change through the site.",
                    claim.pk,
                )
            )
        problems.extend(_verdict_problems(claim, latest_resolution_entry.get(claim.pk)))
    for claim_id, entry in latest_claim_entry.items():
        if claim_id not in seen_claims:
            problems.append(
                Problem(
                    "claim_deleted",
                    f"Claim {claim_id}, recorded in ledger entry #{entry.sequence}, has been deleted.",
                    claim_id,
                )
            )

    cited: dict[int, list[int]] = {}
    for resolution_id, evidence_id in Resolution.cited_evidence.through.objects.values_list(
        "resolution_id", "evidence_id"
    ):
        cited.setdefault(resolution_id, []).append(evidence_id)
    seen_resolutions = set()
    for resolution in Resolution.objects.all().iterator(chunk_size=2000):
        seen_resolutions.add(resolution.pk)
        entry = resolution_entries.get(resolution.pk)
        if entry is None:
            problems.append(
                Problem(
                    "resolution_unrecorded",
                    f"Resolution {resolution.pk} of claim {resolution.claim_id} has no ledger entry: it was added "
                    "outside the application.",
                    resolution.claim_id,
                )
            )
            continue
        current = resolution_form(resolution, cited.get(resolution.pk, []))
        if content_hash(current) != entry.content_hash:
            fields = ", ".join(_differences(entry.content, current))
            problems.append(
                Problem(
                    "resolution_altered",
                    f"Resolution {resolution.pk} of claim {resolution.claim_id} differs from ledger entry "
                    f"#{entry.sequence} ({fields}).",
                    resolution.claim_id,
                )
            )
    for resolution_id, entry in resolution_entries.items():
        if resolution_id not in seen_resolutions:
            problems.append(
                Problem(
                    "resolution_deleted",
                    f"Resolution {resolution_id} of claim {entry.claim_id}, recorded in ledger entry "
                    f"#{entry.sequence}, has been deleted.",
                    entry.claim_id,
                )
            )
    problems.extend(
        Problem("figures_altered", f"The kept figures differ from a fresh computation of the record: {line}")
        for line in figures.differences()
    )
    return problems


def _verdict_problems(claim: Claim, latest: LedgerEntry | None) -> list[Problem]:
    """Name a claim whose outcome, resolution date or condition judgement is not its latest recorded resolution's."""
    expected = verdict_form(latest.content if latest is not None else None)
    current = claim_verdict(claim)
    if current == expected:
        return []
    fields = ", ".join(_differences(expected, current))
    if latest is None:
        source = "no resolution is recorded for it in the ledger"
    else:
        source = f"its latest resolution, ledger entry #{latest.sequence}, says {expected['outcome']!r}"
    return [
        Problem(
            "verdict_altered",
            f"Claim {claim.pk}'s verdict ({fields}) is not its latest resolution's: {source}. It was changed outside "
            "the application, and every scorecard that counts the claim is wrong until it is restored.",
            claim.pk,
        )
    ]


def head() -> dict:
    """Return the head of the chain: the last entry's number and hash, and when it was recorded."""
    last = LedgerEntry.objects.order_by("-sequence").values("sequence", "entry_hash", "recorded_at").first()
    if last is None:
        return {"sequence": 0, "head_hash": GENESIS_HASH, "recorded_at": None}
    return {"sequence": last["sequence"], "head_hash": last["entry_hash"], "recorded_at": last["recorded_at"]}


def verify_and_record() -> LedgerVerification:
    """Verify the ledger and keep the result, for the ledger page."""
    problems = verify()
    current = head()
    return LedgerVerification.objects.create(
        entries=current["sequence"],
        head_hash=current["head_hash"],
        problems=[{"code": p.code, "message": p.message, "claim": p.claim_id} for p in problems],
    )
