"""The tamper-evident ledger: a hash chain over the recorded form of every part of the record.

content_hash = SHA-256 of the RFC 8785 canonical JSON of the recorded form;
entry_hash = SHA-256(previous entry_hash + content_hash), hex-encoded, starting from GENESIS_HASH.
Claims and resolutions are recorded by the services; the other parts (claims.record.forms.COVERED: evidence,
reports, sources, commentators, topics, claims' topics, walk-backs, replies, disputes) by the signals at the end
of this module, whichever code saves them, and in bulk by record_parts() where rows are written without a
model's save (COPY, QuerySet.update). Appending takes a transaction-scoped advisory lock, so two writers cannot
fork the chain. verify() recomputes the chain and compares it with the rows as they are now and with the signed
tree heads kept (claims.record.heads), naming what does not hold.
"""

import contextlib
import contextvars
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass

import rfc8785
from django.db import models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver

from claims.models import Claim, LedgerEntry, LedgerVerification, Resolution
from claims.record import forms, heads, verifier
from claims.scoring import figures
from tracker.locks import RECORD_LOCK_KEY, lock_record
from tracker.signals import rows_written

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


def _append(
    *, kind: str, claim_id: int | None, content: dict, resolution_id: int | None = None, object_id: int | None = None
) -> LedgerEntry:
    return _append_many([(kind, claim_id, resolution_id, object_id, content)])[0]


def _append_many(items: list[tuple[str, int | None, int | None, int | None, dict]]) -> list[LedgerEntry]:
    """Append entries (kind, claim, resolution, part, content) in order, chained after the last entry."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("The ledger is appended inside the transaction that changes the record.")
    lock_record()
    last = LedgerEntry.objects.order_by("-sequence").values_list("sequence", "entry_hash").first()
    sequence, previous = (last[0] + 1, last[1]) if last else (1, GENESIS_HASH)
    entries = []
    for kind, claim_id, resolution_id, object_id, content in items:
        digest = content_hash(content)
        link = entry_hash(previous, digest)
        entries.append(
            LedgerEntry(
                sequence=sequence,
                kind=kind,
                claim_id=claim_id,
                resolution_id=resolution_id,
                object_id=object_id,
                content=content,
                content_hash=digest,
                previous_hash=previous,
                entry_hash=link,
            )
        )
        sequence, previous = sequence + 1, link
    return LedgerEntry.objects.bulk_create(entries, batch_size=2000)


def _latest_hashes(kind: str, object_ids: Iterable[int]) -> dict[int, str]:
    """Return the content hash of the latest entry of each of these parts of one kind that has one."""
    latest: dict[int, str] = {}
    ids = list(object_ids)
    for start in range(0, len(ids), 5000):
        rows = (
            LedgerEntry.objects.filter(kind=kind, object_id__in=ids[start : start + 5000])
            .order_by("object_id", "-sequence")
            .distinct("object_id")
            .values_list("object_id", "content_hash")
        )
        latest.update(rows)
    return latest


def record_parts(kind: str, parts: Iterable[models.Model]) -> int:
    """Append the recorded form of each of these parts of a covered kind that the ledger does not hold as it is.

    For rows written without a model's save (COPY, QuerySet.update) and for the signals below. Returns how many
    entries were appended.
    """
    covered = forms.COVERED[kind]
    parts = list(parts)
    if not parts:
        return 0
    latest = _latest_hashes(kind, [part.pk for part in parts])
    items = []
    for part in parts:
        content = forms.form(covered, part)
        if latest.get(part.pk) == content_hash(content):
            continue
        claim_id = getattr(part, covered.claim_field) if covered.claim_field else None
        items.append((kind, claim_id, None, part.pk, content))
    return len(_append_many(items)) if items else 0


def record_rows(model: type[models.Model], ids: Iterable[int]) -> int:
    """Record the parts of a covered model with these numbers, read back from the database as they are now."""
    covered = forms.covered_for(model)
    if covered is None:
        return 0
    ids = sorted(set(ids))
    total = 0
    for start in range(0, len(ids), 5000):
        total += record_parts(
            covered.kind, model._default_manager.filter(pk__in=ids[start : start + 5000]).order_by("pk")
        )
    return total


def record_removed(kind: str, pk: int, claim_id: int | None = None) -> LedgerEntry | None:
    """Append that a part was removed through the application (unless it never had an entry)."""
    if not LedgerEntry.objects.filter(kind=kind, object_id=pk).exists():
        return None
    return _append(kind=kind, claim_id=claim_id, object_id=pk, content=forms.removed_form(kind, pk))


def record_claim_topics(claim_ids: Iterable[int]) -> int:
    """Append the topics of each of these claims where they differ from what the ledger holds."""
    claim_ids = sorted(set(claim_ids))
    if not claim_ids:
        return 0
    topics = forms.claim_topic_ids(claim_ids)
    latest = _latest_hashes(forms.CLAIM_TOPICS, claim_ids)
    items = []
    for claim_id in claim_ids:
        content = forms.claim_topics_form(claim_id, topics.get(claim_id, []))
        recorded = latest.get(claim_id)
        if recorded == content_hash(content) or (recorded is None and not content["topics"]):
            continue  # a claim without topics needs no entry until it has some
        items.append((forms.CLAIM_TOPICS, claim_id, None, claim_id, content))
    return len(_append_many(items)) if items else 0


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


@dataclass
class Chain:
    """What a pass over the chain found: the latest entry of each part, and the Merkle tree's leaves."""

    leaf_hashes: list[bytes]
    latest_claim: dict[int, LedgerEntry]
    resolutions: dict[int, LedgerEntry]
    latest_resolution: dict[int, LedgerEntry]
    # kind → part number → (sequence, content_hash, removed): the latest entry of each covered part
    latest_part: dict[str, dict[int, tuple[int, str, bool]]]
    first_gap: int | None = None  # the first entry number missing before the last entry, if any
    last_sequence: int = 0


ENTRY_FIELDS = ("sequence", "kind", "content_hash", "previous_hash", "entry_hash", "recorded_at")


def leaf_entry(entry: LedgerEntry) -> dict:
    """Return what an entry's Merkle leaf is made of (claims.record.verifier.entry_leaf_hash hashes it)."""
    return {name: forms.json_value(getattr(entry, name)) for name in ENTRY_FIELDS}


def export_entry(entry: LedgerEntry) -> dict:
    """Return an entry as the export and the API give it: its leaf's fields and its content."""
    return {**leaf_entry(entry), "content": entry.content}


def _walk_chain(problems: list[Problem]) -> Chain:
    chain = Chain([], {}, {}, {}, {kind: {} for kind in [*forms.COVERED, forms.CLAIM_TOPICS]})
    previous, expected_sequence = GENESIS_HASH, 1
    for entry in LedgerEntry.objects.order_by("sequence").iterator(chunk_size=2000):
        if entry.sequence != expected_sequence:
            missing = (
                f"entry #{expected_sequence}"
                if entry.sequence == expected_sequence + 1
                else f"entries #{expected_sequence} to #{entry.sequence - 1}"
            )
            problems.append(
                Problem(
                    "entry_removed",
                    f"Ledger {missing} removed: the chain was cut before #{entry.sequence}.",
                )
            )
            if chain.first_gap is None:
                chain.first_gap = expected_sequence
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
                    f"Ledger entry #{entry.sequence} ({entry.kind} {entry.part_id}) was altered: its hashes no "
                    "longer match its content.",
                    entry.claim_id,
                )
            )
        chain.leaf_hashes.append(verifier.entry_leaf_hash(leaf_entry(entry)))
        previous, expected_sequence = entry.entry_hash, entry.sequence + 1
        chain.last_sequence = entry.sequence
        if entry.kind == LedgerEntry.Kind.CLAIM:
            chain.latest_claim[entry.claim_id] = entry
        elif entry.kind == LedgerEntry.Kind.RESOLUTION:
            chain.resolutions[entry.resolution_id] = entry
            chain.latest_resolution[entry.claim_id] = entry
        elif entry.kind in chain.latest_part:
            removed = isinstance(entry.content, dict) and entry.content.get("removed") is True
            chain.latest_part[entry.kind][entry.object_id] = (entry.sequence, entry.content_hash, removed)
        else:
            problems.append(
                Problem("entry_altered", f"Ledger entry #{entry.sequence} has an unknown kind {entry.kind!r}.")
            )
    return chain


def verify() -> list[Problem]:
    """Recompute the chain and the tree, and compare them with the signed heads kept and with the record as it
    is now; return every problem found."""
    problems: list[Problem] = []
    chain = _walk_chain(problems)
    problems.extend(heads.check_heads(chain.leaf_hashes, chain.last_sequence, chain.first_gap))
    _check_claims(chain, problems)
    _check_resolutions(chain, problems)
    for covered in forms.COVERED.values():
        _check_parts(covered, chain.latest_part[covered.kind], problems)
    _check_claim_topics(chain.latest_part[forms.CLAIM_TOPICS], problems)
    problems.extend(
        Problem("figures_altered", f"The kept figures differ from a fresh computation of the record: {line}")
        for line in figures.differences()
    )
    return problems


def _check_claims(chain: Chain, problems: list[Problem]) -> None:
    seen_claims = set()
    for claim in Claim.objects.all().iterator(chunk_size=2000):
        seen_claims.add(claim.pk)
        entry = chain.latest_claim.get(claim.pk)
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
        problems.extend(_verdict_problems(claim, chain.latest_resolution.get(claim.pk)))
    for claim_id, entry in chain.latest_claim.items():
        if claim_id not in seen_claims:
            problems.append(
                Problem(
                    "claim_deleted",
                    f"Claim {claim_id}, recorded in ledger entry #{entry.sequence}, has been deleted.",
                    claim_id,
                )
            )


def _check_resolutions(chain: Chain, problems: list[Problem]) -> None:
    cited: dict[int, list[int]] = {}
    for resolution_id, evidence_id in Resolution.cited_evidence.through.objects.values_list(
        "resolution_id", "evidence_id"
    ):
        cited.setdefault(resolution_id, []).append(evidence_id)
    seen_resolutions = set()
    for resolution in Resolution.objects.all().iterator(chunk_size=2000):
        seen_resolutions.add(resolution.pk)
        entry = chain.resolutions.get(resolution.pk)
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
    for resolution_id, entry in chain.resolutions.items():
        if resolution_id not in seen_resolutions:
            problems.append(
                Problem(
                    "resolution_deleted",
                    f"Resolution {resolution_id} of claim {entry.claim_id}, recorded in ledger entry "
                    f"#{entry.sequence}, has been deleted.",
                    entry.claim_id,
                )
            )


def _recorded_content(sequence: int) -> dict:
    return LedgerEntry.objects.values_list("content", flat=True).get(sequence=sequence)


def _check_parts(covered: forms.Covered, latest: dict[int, tuple[int, str, bool]], problems: list[Problem]) -> None:
    """Compare every row of a covered kind with the latest entry that records it."""
    label = covered.label
    seen = set()
    for part in covered.model._default_manager.order_by("pk").iterator(chunk_size=2000):
        seen.add(part.pk)
        claim_id = getattr(part, covered.claim_field) if covered.claim_field else None
        recorded = latest.get(part.pk)
        if recorded is None or recorded[2]:
            how = "has no ledger entry" if recorded is None else f"was removed in ledger entry #{recorded[0]}"
            problems.append(
                Problem(
                    f"{covered.kind}_unrecorded",
                    f"{label.capitalize()} {part.pk} {how}: it was added outside the application.",
                    claim_id,
                )
            )
            continue
        current = forms.form(covered, part)
        if content_hash(current) != recorded[1]:
            fields = ", ".join(_differences(_recorded_content(recorded[0]), current))
            problems.append(
                Problem(
                    f"{covered.kind}_altered",
                    f"{label.capitalize()} {part.pk} differs from what ledger entry #{recorded[0]} recorded "
                    f"({fields}): it was changed outside the application.",
                    claim_id,
                )
            )
    for pk, (sequence, _, removed) in latest.items():
        if pk not in seen and not removed:
            problems.append(
                Problem(
                    f"{covered.kind}_deleted",
                    f"{label.capitalize()} {pk}, recorded in ledger entry #{sequence}, has been deleted outside the "
                    "application.",
                )
            )


def _check_claim_topics(latest: dict[int, tuple[int, str, bool]], problems: list[Problem]) -> None:
    """Compare each claim's topics with the latest entry that records them (none recorded: no topics)."""
    current = forms.claim_topic_ids()
    for claim_id in sorted(current.keys() | latest.keys()):
        form = forms.claim_topics_form(claim_id, current.get(claim_id, []))
        recorded = latest.get(claim_id)
        if recorded is None and not form["topics"]:
            continue
        if recorded is not None and content_hash(form) == recorded[1]:
            continue
        if recorded is None:
            said = "no ledger entry records any topic for it"
        else:
            topics = _recorded_content(recorded[0]).get("topics", [])
            said = f"ledger entry #{recorded[0]} recorded topics {topics}"
        problems.append(
            Problem(
                "claim_topics_altered",
                f"Claim {claim_id}'s topics {form['topics']} are not what the application recorded ({said}): they "
                "were changed outside the application, and the topic scorecards that count the claim with them.",
                claim_id,
            )
        )


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


# --- Every covered part, whichever code saves it --------------------------------------------------------------


# Set while a backup is restored: its rows arrive with the ledger entries that recorded them.
_restoring: contextvars.ContextVar[bool] = contextvars.ContextVar("ledger_restoring", default=False)


@contextlib.contextmanager
def restoring():
    """Within this block, saves are the record as it was (a backup restored), not changes: nothing is appended."""
    token = _restoring.set(True)
    try:
        yield
    finally:
        _restoring.reset(token)


def _in_transaction(write) -> None:
    if _restoring.get():
        return
    if transaction.get_connection().in_atomic_block:
        write()
    else:  # a save in autocommit mode (a script, a test): its entry follows in a transaction of its own
        with transaction.atomic():
            write()


def _covered_sender(sender) -> forms.Covered | None:
    return forms.covered_for(sender) if isinstance(sender, type) else None


@receiver(post_save, dispatch_uid="ledger.part_saved")
def _part_saved(sender, instance, raw=False, **kwargs) -> None:
    covered = _covered_sender(sender)
    if covered is None or raw:  # raw: a fixture or a backup loaded as it was, with its own entries
        return
    if any(isinstance(getattr(instance, name), models.expressions.Combinable) for name in covered.fields):
        instance.refresh_from_db(fields=[name.removesuffix("_id") for name in covered.fields])
    _in_transaction(lambda: record_parts(covered.kind, [instance]))


@receiver(post_delete, dispatch_uid="ledger.part_deleted")
def _part_deleted(sender, instance, **kwargs) -> None:
    if sender is Claim.topics.through:  # a topic deleted takes its links with it
        _in_transaction(lambda: record_claim_topics([instance.claim_id]))
        return
    covered = _covered_sender(sender)
    if covered is None:
        return
    claim_id = getattr(instance, covered.claim_field) if covered.claim_field else None
    _in_transaction(lambda: record_removed(covered.kind, instance.pk, claim_id))


@receiver(m2m_changed, sender=Claim.topics.through, dispatch_uid="ledger.claim_topics")
def _claim_topics_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if action not in {"post_add", "post_remove", "post_clear", "pre_clear"}:
        return
    if reverse:  # topic.claims.add(...): the claims are pk_set (all of the topic's claims for a clear)
        if action == "pre_clear":
            instance._ledger_cleared_claims = list(instance.claims.values_list("pk", flat=True))
            return
        claim_ids = pk_set if action != "post_clear" else getattr(instance, "_ledger_cleared_claims", [])
    else:
        if action == "pre_clear":
            return
        claim_ids = [instance.pk]
    _in_transaction(lambda: record_claim_topics(claim_ids))


@receiver(rows_written, dispatch_uid="ledger.rows_written")
def _rows_written(sender, ids, **kwargs) -> None:
    if sender is Claim.topics.through:
        record_claim_topics(ids)
    else:
        record_rows(sender, ids)
